"""``hrdd explain FILE``: each chosen clause, in which document, and why."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from click.testing import CliRunner
from conftest import write_project

from hrdd_docs.cli import cli


def explain(runner: CliRunner, *args: str) -> Any:
    return runner.invoke(cli, ["explain", *args])


def test_darvonia_clauses_name_the_risks_and_facts_behind_them(
    runner: CliRunner, example_path: Path
) -> None:
    result = explain(runner, str(example_path))
    assert result.exit_code == 0, result.output
    out = result.output
    lines = out.splitlines()
    assert lines[0] == "Clauses for drv-esse-police (packaged library, 66 clauses)"
    assert "Memorandum of Understanding (mou): 38 clause(s)" in lines
    deed_heading = ("Deed of Donation to the Darvonian Police Force, Esse Province Command "
                    "(deed, recipient dpf-esse): 31 clause(s)")
    assert deed_heading in lines
    # the MOU section, in order, with each clause's reasons under it
    mou = out.split(deed_heading)[0]
    for block in [
        "  Conditions of support\n"
        "     1. cond-general: Respect for international law  [Action 2; Action 5(2), "
        "memorandum of understanding and integrated conditionalities]\n"
        "         because activities post, motorbikes, vawg-training and community-policing "
        "give non-exempt support to dpf-esse (police) (Action 1)\n"
        "     2. cond-unit-level: Unit-level conditions and personnel lists  [Action 5(2), "
        "conditionalities at the unit level; Action 5(6)]\n"
        "         because risk r-ejk is tagged unit_record\n",
        "dp-after-project: Death penalty, after the project ends  [Action 2(b)(v); "
        "footnote 15]\n         because Darvonia is abolitionist in practice on the death "
        "penalty\n",
        "gender-female-officer: Presence of a female officer",
        "         because mitigation m-female-officer names this clause\n",
        "         because risk r-vawg is tagged sgbv\n",
        "         because activity motorbikes donates items\n",
        "         because risk r-misuse is tagged post_project_use\n",
        "         because activity community-policing collects personal data\n",
        "         because risk r-data is tagged personal_data\n",
        "         because visibility.branding is minimal\n",
        "mon-reporting-quarterly: Quarterly reporting and review",
        "         because final rating is medium\n"
        "         because stronger variant, chosen instead of mon-reporting-periodic\n",
        "         because risk r-force is tagged excessive_force\n",
        "         because risk r-force is tagged detention_conditions\n",
        "         because risk r-ejk is tagged impunity\n",
        "         because risk r-border-detention is tagged arbitrary_detention\n",
    ]:
        assert block in mou, block
    assert "    38. nc-cessation: Cessation of support and termination as a last resort" in mou
    # internal findings are not part of the explanation of agreements either
    assert "Esse Rapid Intervention Unit" not in out


def test_explain_text_prints_the_rendered_clauses(runner: CliRunner, example_path: Path) -> None:
    result = explain(runner, str(example_path), "--text")
    assert result.exit_code == 0
    assert "         The Authority shall ensure that nothing provided under this Memorandum," \
        in result.output
    assert "{{" not in result.output


def test_sandbox_escape_in_a_user_clause_fails_naming_the_file(
    runner: CliRunner, example_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "cond-general.yaml").write_text(
        (Path(__file__).parent.parent / "clauses" / "cond-general.yaml").read_text("utf-8")
        .replace("IOM provides the support", "{{ ''.__class__.__mro__ }} IOM provides"),
        "utf-8")
    result = explain(runner, str(example_path), "--library", str(folder))
    assert result.exit_code == 2
    assert result.output == (
        f"{folder}/cond-general.yaml:11:1 text: clause 'cond-general': access to attribute "
        "'__class__' of 'str' object is unsafe (SecurityError); a clause may not reach Python "
        "internals; remove it\n")


def test_undefined_variable_in_a_user_clause_fails_naming_the_file(
    runner: CliRunner, example_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    source = (Path(__file__).parent.parent / "clauses" / "nc-suspension.yaml").read_text("utf-8")
    (folder / "nc-suspension.yaml").write_text(
        source.replace("by written notice.\n", "by written notice to {{ minister }}.\n", 1),
        "utf-8")
    result = explain(runner, str(example_path), "--library", str(folder))
    assert result.exit_code == 2
    assert result.output.startswith(
        f"{folder}/nc-suspension.yaml:12:1 text: clause 'nc-suspension': uses 'minister', which "
        "the clause context does not provide; use only: project_title, ")
    # an attribute of a known variable is only found when rendering: same place, same exit
    (folder / "nc-suspension.yaml").write_text(
        source.replace("by written notice.\n", "by {{ party.minister }}.\n", 1), "utf-8")
    result = explain(runner, str(example_path), "--library", str(folder))
    assert result.exit_code == 2
    assert result.output.startswith(
        f"{folder}/nc-suspension.yaml:12:1 text: clause 'nc-suspension': 'str object' has no "
        "attribute 'minister' (UndefinedError); use only the documented variables: ")


def test_project_value_with_template_syntax_is_printed_literally(
    runner: CliRunner, example_data: dict[str, Any], tmp_path: Path
) -> None:
    example_data["project"]["locations"] = ["{{ 7*7 }} camp"]
    example_data["activities"][1].pop("use_restriction")
    path = write_project(tmp_path, example_data)
    result = explain(runner, str(path), "--text")
    assert result.exit_code == 0, result.output
    assert "“Two motorbikes and safety equipment for the patrolling unit of the post”, in " \
        "{{ 7*7 }} camp." in " ".join(result.output.split())
    assert "49 camp" not in result.output


def test_unknown_clause_named_by_a_mitigation_is_located(
    runner: CliRunner, example_path: Path
) -> None:
    text = example_path.read_text("utf-8").replace(
        "clauses: [gender-female-officer]", "clauses: [gender-female-oficer]")
    example_path.write_text(text, "utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "gender-female-oficer" in row)
    result = explain(runner, str(example_path))
    assert result.exit_code == 2
    assert result.output == (
        f"{example_path}:{line}:15 mitigations[2].clauses[0]: mitigation 'm-female-officer' "
        "names unknown clause 'gender-female-oficer'; `hrdd clauses list` shows the clause "
        "ids\n")


def test_invalid_project_is_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    result = explain(runner, str(tmp_path / "missing.yaml"))
    assert result.exit_code == 2
    assert result.output == f"{tmp_path / 'missing.yaml'}: no such file; check the path\n"
