"""Every command that takes a project file takes an IRA workbook (issue 14, point 2)."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from hrdd_docs.cli import cli
from hrdd_docs.errors import InputError
from hrdd_docs.loading import is_workbook, load_project
from hrdd_docs.render import workbook


@pytest.fixture(scope="module")
def example_xlsx(darvonia) -> bytes:
    return workbook.render(darvonia)[0].data


@pytest.fixture
def ira(tmp_path: Path, example_xlsx: bytes) -> Path:
    path = tmp_path / "ira.xlsx"
    path.write_bytes(example_xlsx)
    return path


def _broken(path: Path) -> Path:
    wb = openpyxl.load_workbook(path)
    wb["Risk register"]["F7"] = "extreme"
    wb["Project"]["B6"] = None
    wb.save(path)
    return path


def test_the_same_project_from_yaml_and_from_its_workbook(ira, darvonia):
    assert load_project(ira) == darvonia


def test_a_workbook_is_known_by_its_name_or_its_content(tmp_path, ira, example_path):
    renamed = tmp_path / "ira-copy"
    renamed.write_bytes(ira.read_bytes())
    assert (is_workbook(ira), is_workbook(renamed), is_workbook(example_path)) == (
        True, True, False)
    assert load_project(renamed).project.id == "drv-esse-police"


def test_validate_a_workbook(runner, ira):
    result = runner.invoke(cli, ["validate", str(ira)])
    assert (result.exit_code, result.output) == (0, f"{ira}: valid (drv-esse-police)\n")


@pytest.mark.parametrize("command", ["validate", "assess", "explain", "build"])
def test_every_command_names_the_cell_of_each_problem(runner, ira, command):
    result = runner.invoke(cli, [command, str(_broken(ira))])
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"{ira} Project!B6: title is empty; fill it in\n"
        f"{ira} Risk register!F7: likelihood 'extreme' is not one of low, medium or high\n"
        "2 problems found.\n")


def test_assess_and_explain_read_a_workbook(runner, ira, example_path):
    for command in (["assess", "--as-of", "2026-06-01"], ["explain"]):
        from_yaml = runner.invoke(cli, [*command, str(example_path)])
        from_xlsx = runner.invoke(cli, [*command, str(ira)])
        assert from_xlsx.exit_code == 0, from_xlsx.output
        assert from_xlsx.output == from_yaml.output


def test_explain_names_a_cell_for_an_unknown_clause(runner, ira):
    wb = openpyxl.load_workbook(ira)
    wb["Mitigation plan"]["I4"] = "no-such-clause"
    wb.save(ira)
    result = runner.invoke(cli, ["explain", str(ira)])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"{ira} Mitigation plan!I4: ")
    assert "no-such-clause" in result.stderr


def test_build_from_a_workbook_keeps_the_project_it_read(runner, tmp_path, ira, example_path):
    out = tmp_path / "dossier"
    result = runner.invoke(cli, ["build", str(ira), "-o", str(out), "--as-of", "2026-03-01"])
    assert result.exit_code == 0, result.output
    assert "  project.yaml\n" in result.output
    assert load_project(out / "project.yaml") == load_project(example_path)
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["input"]["file"] == "ira.xlsx"
    [entry] = [d for d in manifest["documents"] if d["file"] == "project.yaml"]
    assert (entry["kind"], entry["audience"]) == ("project", "internal")
    # the documents are those of the YAML build
    from_yaml = tmp_path / "from-yaml"
    runner.invoke(cli, ["build", str(example_path), "-o", str(from_yaml), "--as-of",
                        "2026-03-01"])
    for path in from_yaml.iterdir():
        if path.name != "manifest.json":
            assert (out / path.name).read_bytes() == path.read_bytes(), path.name
    assert not (from_yaml / "project.yaml").exists()


def test_a_build_from_a_broken_workbook_writes_nothing(runner, tmp_path, ira):
    out = tmp_path / "dossier"
    result = runner.invoke(cli, ["build", str(_broken(ira)), "-o", str(out)])
    assert result.exit_code == 2
    assert not out.exists()


def test_a_workbook_that_is_not_one(runner, tmp_path):
    fake = tmp_path / "ira.xlsx"
    fake.write_bytes(b"project:\n  id: x\n")
    result = runner.invoke(cli, ["validate", str(fake)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{fake}: is not an Excel workbook (.xlsx)")


def test_a_workbook_of_an_earlier_layout_is_refused_cell_by_cell():
    """Built before the Phases sheet and the rows added since: each difference is named
    at its cell (nothing is read into the wrong field), with how to put it right."""
    old = Path(__file__).parent / "workbooks" / "darvonia-ira-2c95f40.xlsx"
    assert "Start here" not in openpyxl.load_workbook(old).sheetnames
    with pytest.raises(InputError) as caught:
        load_project(old)
    messages = [str(p) for p in caught.value.problems]
    assert f"{old}: sheet 'Phases' is missing; restore it from the workbook hrdd build made" \
        in messages
    assert all("restore it" in m for m in messages)
