"""``hrdd clauses list / show / lint / tags``, and user libraries (``--library DIR``)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from hrdd_docs.cli import cli
from hrdd_docs.vocabulary import risk_tags

CLAUSE = """\
id: {id}
family: {family}
title: A clause of my own
documents: [mou]
article: 99
version: "1.0"
source: Action 5(2)
trigger:
  {trigger}
text: |
  The Authority shall comply with the conditions of {{{{ agreement }}}}.

  {text}
"""


def write_clause(folder: Path, clause_id: str = "my-clause", family: str = "conditionality",
                 trigger: str = "non_exempt_support: true", text: str = "Nothing else.") -> Path:
    folder.mkdir(exist_ok=True)
    target = folder / f"{clause_id}.yaml"
    target.write_text(CLAUSE.format(id=clause_id, family=family, trigger=trigger, text=text),
                      "utf-8")
    return target


def test_lint_passes_on_the_packaged_library(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["clauses", "lint"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "66 clauses in 18 of 18 families: no problems found"
    assert [line for line in lines if not line.startswith(" ")][1:] == [
        line for line in lines[1:] if line.startswith(("French (fr): ", "Spanish (es): "))]


def test_lint_reports_every_problem_of_a_user_library(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    write_clause(folder, "bad-variable", text="Signed in {{ capital_city }}.")
    write_clause(folder, "bad-tag", trigger="tag: sgvb")
    write_clause(folder, "bad-fact", trigger="colour: red")
    write_clause(folder, "bad-family", family="weather")
    write_clause(folder, "escape", text="{{ ''.__class__.__mro__ }}")
    # overriding the only clause keyed on child_rights leaves that tag unused
    write_clause(folder, "protect-children", family="protection", trigger="tag: refoulement")
    result = runner.invoke(cli, ["clauses", "lint", "--library", str(folder)])
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert f"{folder}/bad-fact.yaml:9:3 trigger.colour: unknown fact 'colour'; use all, any, " \
        "not or one of: tag, rating_at_least, risk_level_at_least, death_penalty_status, " \
        "support_kind, items_donated, personal_data, biometric_data, " \
        "data_shared_with_recipient, non_exempt_support, branding, visibility_waiver, " \
        "recipient_category, named_by_mitigation, country_mechanism, holds_people, " \
        "items_personal_data, items_biometric_data, phased_delivery, items_phased, " \
        "trial_phase, mechanism_participation, affected_group, grave_violation, " \
        "command_responsibility, relation_to_state (see clauses/README.md)" in lines
    assert f"{folder}/bad-family.yaml:2:1 family: unknown family 'weather'; use one of: " \
        "conditionality, private_security, no_weapons, no_combat_use, death_penalty, " \
        "donated_items, screening_exclusion, training_conduct, gender, use_of_force, " \
        "detention, protection, rescue_border, data_protection, visibility, monitoring, " \
        "accountability, non_compliance" in lines
    assert f"{folder}/bad-tag.yaml:9:3 trigger.tag: unknown tag 'sgvb'; use the tags of " \
        "clauses/vocabulary.yaml (`hrdd clauses tags` lists them)" in lines
    assert any(line.startswith(f"{folder}/bad-variable.yaml:13:1 text: clause 'bad-variable': "
                               "uses 'capital_city', which the clause context does not "
                               "provide; use only: project_title,") for line in lines)
    assert f"{folder}/escape.yaml:13:1 text: clause 'escape': access to attribute " \
        "'__class__' of 'str' object is unsafe (SecurityError); a clause may not reach " \
        "Python internals; remove it" in lines
    assert any(line.startswith("clauses/vocabulary.yaml:") and "tags.child_rights: tag "
               "'child_rights' is used by no clause; key a clause on it or remove it" in line
               for line in lines)
    assert lines[-1] == "6 problems found."


def test_lint_reports_a_family_without_a_clause_for_a_document(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "lib"
    # the deed's only no_combat_use clause, overridden as MOU-only
    write_clause(folder, "combat-no-hostilities", family="no_combat_use", trigger="tag: combat_use")
    result = runner.invoke(cli, ["clauses", "lint", "--library", str(folder)])
    assert result.exit_code == 2
    assert result.output == ("clauses: family 'no_combat_use' has no clause for the Deed of "
                             "Donation (deed)\n")


def test_user_clause_with_bad_yaml_is_located(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "broken.yaml").write_text("id: broken\nfamily: [unclosed\n", "utf-8")
    result = runner.invoke(cli, ["clauses", "list", "--library", str(folder)])
    assert result.exit_code == 2
    assert result.output.startswith(f"{folder}/broken.yaml:2:9: YAML syntax error")


def test_template_syntax_error_names_the_file_and_line(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    write_clause(folder, text="{% if %}unfinished")
    result = runner.invoke(cli, ["clauses", "list", "--library", str(folder)])
    assert result.exit_code == 2
    assert result.output.startswith(f"{folder}/my-clause.yaml:13:1 text: clause 'my-clause': "
                                    "template syntax error: ")


def test_file_name_must_match_the_id(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    path = write_clause(folder)
    path.rename(folder / "other-name.yaml")
    result = runner.invoke(cli, ["clauses", "list", "--library", str(folder)])
    assert result.exit_code == 2
    assert result.output == (f"{folder}/other-name.yaml:1:1 id: the id 'my-clause' differs "
                             "from the file name; name the file my-clause.yaml\n")


def test_list_filters_by_family_and_document(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["clauses", "list", "--family", "death_penalty"])
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "death_penalty (Death penalty): MOU and deed",
        "  dp-non-use                       mou,deed  No use of the support in enforcing the "
        "death penalty",
        "  dp-after-project                 mou,deed  Death penalty, after the project ends",
        "  dp-facilities                    mou       Premises not to be used for executions",
        "3 clause(s)",
    ]
    deed = runner.invoke(cli, ["clauses", "list", "--document", "deed"]).output
    assert "dp-facilities" not in deed and "items-return-on-misuse" in deed
    bad = runner.invoke(cli, ["clauses", "list", "--family", "deaths"])
    assert bad.exit_code == 2
    assert bad.output.startswith("--family: unknown family 'deaths'; use one of: conditionality,")


def test_user_library_adds_and_overrides_by_id(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    write_clause(folder, "my-clause")
    write_clause(folder, "cond-general", text="Replaced text.")
    listed = runner.invoke(cli, ["clauses", "list", "--library", str(folder),
                                 "--family", "conditionality"]).output
    assert "my-clause " in listed and "A clause of my own" in listed
    shown = runner.invoke(cli, ["clauses", "show", "cond-general", "--library", str(folder)])
    assert f"file:      {folder}/cond-general.yaml" in shown.output
    assert "  Replaced text." in shown.output


def test_show_prints_metadata_trigger_and_text(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["clauses", "show", "mon-reporting-quarterly"])
    assert result.exit_code == 0
    assert result.output.splitlines()[:11] == [
        "mon-reporting-quarterly (version 1.1)",
        "title:     Quarterly reporting and review",
        "family:    monitoring (Monitoring, reporting and access), article 11",
        "documents: mou, deed",
        "source:    Action 6 (indicators measured over three-month periods); Action 5(2), "
        "monitoring protocols",
        "file:      clauses/mon-reporting-quarterly.yaml",
        "variant:   group reporting, strength 2 (the strongest variant that applies is chosen)",
        "trigger:",
        "  rating_at_least: medium",
        "text:",
        "  {{ Party }} shall report to IOM in writing every three months on the use of the",
    ]


def test_show_unknown_id_suggests_the_closest(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["clauses", "show", "dp-after-projet"])
    assert result.exit_code == 2
    assert result.output == ("clauses show: unknown clause 'dp-after-projet'; did you mean "
                             "'dp-after-project'? `hrdd clauses list` shows the ids\n")


def test_tags_lists_the_vocabulary_with_the_clauses_keyed_on_each(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["clauses", "tags"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert len(lines) == 2 * len(risk_tags())
    assert lines[0].startswith("extrajudicial_killing  Summary executions")
    assert "unit_record" in result.output
    assert "clauses: dp-non-use, dp-after-project, dp-facilities" in result.output
    assert "(none)" not in result.output


def test_readme_documents_every_fact_variable_family_and_tag() -> None:
    from hrdd_docs.clauses import CONTEXT_VARIABLES, FAMILIES
    from hrdd_docs.resources import read_text
    from hrdd_docs.triggers import FACTS

    readme = read_text("clauses", "README.md")
    for name in [*FACTS, *CONTEXT_VARIABLES, *FAMILIES, *risk_tags()]:
        assert f"| `{name}` |" in readme, name


def test_an_override_that_changes_the_family_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    target = write_clause(folder, "cond-general", family="monitoring")
    result = runner.invoke(cli, ["clauses", "lint", "--library", str(folder)])
    assert result.exit_code == 2
    assert result.output.startswith(
        f"{target}:1:1 family: 'cond-general' replaces the packaged clause of family "
        "'conditionality' but is of family 'monitoring'; an override keeps the "
        "family: give your clause its own id to add it instead\n")


def test_show_renders_the_text_for_each_document_with_sample_values(
        runner: CliRunner) -> None:
    result = runner.invoke(cli, ["clauses", "show", "items-permitted-use"])
    assert result.exit_code == 0, result.output
    out = result.output
    mou = out.index("rendered for the Memorandum of Understanding (sample values):\n")
    deed = out.index("rendered for the Deed of Donation (sample values):\n")
    assert mou < deed
    assert "  The donated items shall be used only by the personnel" in out[mou:deed]
    assert "  The Items shall be used only by the personnel" in out[deed:]
    assert "  (a) item 1 of the schedule, donated for the activity" in out[deed:]
    assert "{{" not in out[mou:]
    only_deed = runner.invoke(cli, ["clauses", "show", "data-items"]).output
    assert "rendered for the Memorandum" not in only_deed
    assert "kept for five years from registration" in " ".join(only_deed.split())
    phased = runner.invoke(cli, ["clauses", "show", "cond-phased-delivery"]).output
    assert "requires (even when a mitigation names it):\n  phased_delivery: yes\n" in phased


def test_list_says_which_families_reach_the_deed(runner: CliRunner, tmp_path: Path) -> None:
    from hrdd_docs.clauses import FAMILIES

    out = runner.invoke(cli, ["clauses", "list"]).output.splitlines()
    headings = [line for line in out if not line.startswith("  ") and "clause(s)" not in line]
    assert len(headings) == len(FAMILIES)
    assert all(line.endswith(": MOU and deed") for line in headings)
    assert "rescue_border (Interception, rescue at sea and border operations): MOU and deed" \
        in headings
    # a library whose family has only MOU texts says so (and lint refuses it)
    folder = tmp_path / "lib"
    write_clause(folder, "combat-no-hostilities", family="no_combat_use",
                 trigger="tag: combat_use")
    listed = runner.invoke(cli, ["clauses", "list", "--library", str(folder),
                                 "--family", "no_combat_use"]).output
    assert listed.splitlines()[0] == ("no_combat_use (No use in hostilities): MOU only, not in "
                                      "the deed")
