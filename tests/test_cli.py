"""The ``hrdd`` command line: exit codes, exact messages, init, schema, assess, fast help."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from hrdd_docs import resources
from hrdd_docs.cli import cli
from hrdd_docs.loading import load_project

CORPUS = Path(__file__).parent / "bad_inputs"

HEAVY = ("docxtpl", "docx", "openpyxl", "pydantic", "yaml", "jinja2", "lxml")
"""Libraries that `hrdd --help` must not import: they take most of the start-up time."""


def test_help_imports_no_heavy_library():
    """Run ``hrdd --help`` in a fresh interpreter and list the modules it imported."""
    script = textwrap.dedent(
        f"""
        import atexit, sys
        heavy = {HEAVY!r}
        def report():
            loaded = sorted({{m.split(".")[0] for m in sys.modules}} & set(heavy))
            sys.__stdout__.write("LOADED=" + ",".join(loaded) + "\\n")
        atexit.register(report)
        from hrdd_docs.cli import main
        sys.argv = ["hrdd", "--help"]
        main()
        """
    )
    done = subprocess.run(
        [sys.executable, "-P", "-c", script], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "Usage: hrdd [OPTIONS] COMMAND [ARGS]..." in done.stdout
    assert done.stdout.strip().splitlines()[-1] == "LOADED="


def test_version(runner):
    from hrdd_docs import __version__

    result = runner.invoke(cli, ["--version"])
    assert (result.exit_code, result.output) == (0, f"hrdd, version {__version__}\n")


def test_unknown_command_is_a_usage_error(runner):
    result = runner.invoke(cli, ["bild"])
    assert result.exit_code == 2
    assert "No such command 'bild'" in result.stderr


# validate ----------------------------------------------------------------------------


def test_validate_valid(runner):
    result = runner.invoke(cli, ["validate", str(CORPUS / "valid.yaml")])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == f"{CORPUS / 'valid.yaml'}: valid (corpus-project)\n"


def test_validate_needs_a_file(runner):
    result = runner.invoke(cli, ["validate"])
    assert result.exit_code == 2
    assert "Missing argument 'FILE'" in result.stderr


# init ----------------------------------------------------------------------------------


def test_init_writes_a_starter_that_validates(runner, tmp_path):
    target = tmp_path / "new" / "project.yaml"
    result = runner.invoke(cli, ["init", str(tmp_path / "new")])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == f"wrote {target}; edit it, then run: hrdd validate {target}\n"
    assert target.read_text("utf-8") == resources.read_text("examples", "starter", "project.yaml")
    assert load_project(target).project.id == "my-project"


def test_init_example_darvonia(runner, tmp_path):
    result = runner.invoke(cli, ["init", str(tmp_path), "--example", "darvonia"])
    assert result.exit_code == 0, result.output
    target = tmp_path / "project.yaml"
    assert target.read_text("utf-8") == resources.read_text("examples", "darvonia", "project.yaml")
    assert load_project(target).project.id == "drv-esse-police"


def test_init_refuses_to_overwrite(runner, tmp_path):
    target = tmp_path / "project.yaml"
    target.write_text("# my own work\n", "utf-8")
    result = runner.invoke(cli, ["init", str(tmp_path)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"{target}: already exists; use --force to replace it\n"
    assert target.read_text("utf-8") == "# my own work\n"


def test_init_force_replaces(runner, tmp_path):
    (tmp_path / "project.yaml").write_text("# my own work\n", "utf-8")
    result = runner.invoke(cli, ["init", str(tmp_path), "--force"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "project.yaml").read_text("utf-8").startswith("# Project definition")


def test_init_unknown_example(runner, tmp_path):
    result = runner.invoke(cli, ["init", str(tmp_path), "--example", "atlantis"])
    assert result.exit_code == 2
    assert "'atlantis' is not one of 'darvonia', 'border'" in result.stderr
    assert not (tmp_path / "project.yaml").exists()


def test_init_into_a_file_is_refused(runner, tmp_path):
    (tmp_path / "taken").write_text("x", "utf-8")
    result = runner.invoke(cli, ["init", str(tmp_path / "taken")])
    assert result.exit_code == 2
    assert "is a file" in result.stderr


# schema --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def schema() -> dict:
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, ["schema"])
    assert (result.exit_code, result.stderr) == (0, "")
    parsed: dict = json.loads(result.stdout)
    return parsed


def test_schema_lists_the_sections(schema):
    assert schema["title"] == "Project"
    assert schema["type"] == "object"
    assert list(schema["properties"]) == [
        "project", "donors", "recipients", "activities", "phases", "preconditions",
        "country_mechanism", "assessment", "mitigations", "visibility", "monitoring",
        "procedure",
    ]
    # assessment may be left out for exempt-only support (Action 1)
    assert set(schema["required"]) == {
        "project", "preconditions", "country_mechanism", "monitoring",
    }
    assert schema["additionalProperties"] is False


def test_schema_documents_fields(schema):
    info = schema["$defs"]["ProjectInfo"]["properties"]
    assert info["id"]["description"] == "Identifier, also used in output file names."
    assert schema["$defs"]["RecipientCategory"]["enum"][:3] == [
        "military", "paramilitary", "police",
    ]


def test_schema_is_valid_and_accepts_the_example(schema):
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator.check_schema(schema)
    example = json.loads(json.dumps(_example_as_json(), default=str))
    jsonschema.validate(example, schema)


def _example_as_json() -> dict:
    import yaml

    data: dict = yaml.safe_load(resources.read_text("examples", "darvonia", "project.yaml"))
    return data


# assess --------------------------------------------------------------------------------


def test_assess_reports_a_blocked_project(runner, tmp_path):
    """The smallest valid project names no government focal point and no IOM counterpart."""
    text = (CORPUS / "valid.yaml").read_text("utf-8")
    text = text.replace("weapons: {weapons_or_ammunition: false}",
                        "weapons: {weapons_or_ammunition: true}")
    path = tmp_path / "project.yaml"
    path.write_text(text, "utf-8")
    result = runner.invoke(cli, ["assess", str(path), "--as-of", "2026-06-01"])
    # exit 3, as hrdd build: the report says why, and stderr says it is blocked
    assert (result.exit_code, result.stderr) == (
        3, "blocked by Action 2(a), Action 2(c), Action 4, Action 4(9): the external "
        "agreements are blocked (6 reasons, listed above)\n")
    out = result.stdout
    assert (
        "  (c) No weapons: NOT MET\n"
        "      ✗ the project purchases weapons or ammunition\n"
        "      - no support to weapons manufacture, storage or transport\n"
    ) in out
    assert (
        "External agreements are blocked (MOU, deeds, donor letters); complete or correct the "
        "field in\n  brackets:\n"
        "  - Action 2(a): precondition 'National ownership' is not met: no government focal "
        "point is defined\n    [preconditions.national_ownership.government_focal_point]\n"
        "  - Action 2(a): precondition 'National ownership' is not met: no IOM counterpart is "
        "defined\n    [preconditions.national_ownership.iom_counterpart]\n"
        "  - Action 2(c): precondition 'No weapons' is not met: the project purchases weapons "
        "or ammunition\n    [preconditions.weapons.weapons_or_ammunition]\n"
    ) in out
    assert out.endswith("  → hrdd build writes the internal documents only (IRA workbook, "
                        "procedure sheet).\n")


def test_assess_lists_the_gaps(runner):
    result = runner.invoke(cli, ["assess", str(CORPUS / "valid.yaml"), "--as-of", "2026-06-01"])
    assert result.exit_code == 3, result.output
    out = result.stdout
    assert "  1. General human rights situation and rule of law in the country: not rated\n" in out
    assert "  9. Final assessment: not rated\n" in out
    assert "  Not endorsed by the Head of Office\n" in out
    assert "  Reassessment: none scheduled (project of a year or less, or no assessment)\n" in out
    assert "  r-misuse [medium, medium × medium = 4] Motorbikes used elsewhere\n" in out
    assert ("      ↳ m-deed (communications and agreements) (not budgeted): Clause in the "
            "deed\n") in out
    assert "Gaps (6)\n" in out
    assert (
        "  - Action 4(9): the final assessment has no rating [assessment.final.rating]\n"
        "  - Action 4: the Head of Office has not endorsed the assessment "
        "[assessment.endorsement]\n"
    ) in out
    assert ("  - Action 6: no monitoring indicator is defined, so Lou Park has nothing to "
            "monitor\n    [monitoring.indicators]\n\nExternal agreements are blocked") in out


def test_assess_bad_date_option(runner):
    result = runner.invoke(cli, ["assess", str(CORPUS / "valid.yaml"), "--as-of", "1/6/2026"])
    assert result.exit_code == 2
    assert ("Invalid value for '--as-of': '1/6/2026' is not a date; write it as YYYY-MM-DD "
            "(e.g. 2026-03-01)") in result.stderr


@pytest.mark.parametrize(("day", "kept"), [("1899-12-31", False), ("1900-01-01", True),
                                           ("2100-12-31", True), ("2101-01-01", False)])
def test_as_of_keeps_to_the_years_a_project_file_may_use(runner, tmp_path, day, kept):
    result = runner.invoke(cli, ["build", str(CORPUS / "valid.yaml"), "--only", "sop",
                                 "-o", str(tmp_path / "out"), "--as-of", day])
    if kept:
        assert "--as-of" not in result.stderr
    else:
        assert result.exit_code == 2
        assert (f"Invalid value for '--as-of': '{day}' is outside 1900 to 2100, the years a "
                "project file may use; give a day within them") in result.stderr
        assert not (tmp_path / "out").exists()
