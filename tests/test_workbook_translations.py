"""The IRA workbook's Translations sheet: a value's texts in other languages survive
example -> workbook -> import, and a wrong row is refused at its cell."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from hrdd_docs import resources, yamlsource
from hrdd_docs.cli import cli
from hrdd_docs.loading import project_from
from hrdd_docs.render import workbook
from hrdd_docs.workbook_import import import_workbook
from hrdd_docs.workbook_translations import SHEET, rows


@pytest.fixture(scope="module")
def example() -> Any:
    return project_from(yamlsource.parse(
        resources.read_text("examples", "darvonia", "project.yaml"), "project.yaml"))


@pytest.fixture(scope="module")
def xlsx(example: Any) -> bytes:
    return workbook.render(example)[0].data


def _edited(tmp_path: Path, data: bytes, edit: Any) -> Path:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    edit(wb[SHEET])
    path = tmp_path / "ira.xlsx"
    wb.save(path)
    return path


def test_every_variant_is_a_row_and_comes_back(tmp_path, example, xlsx):
    found = rows(example)
    assert ("project.title", "fr", "Appui à la police de la province de Darvonja/Esse") in found
    assert ("recipients[0].authority", "es", "el Ministerio del Interior de Darvonia") in found
    assert ("activities[4].data.categories[1]", "fr", "l'objet de chaque plainte") in found
    assert not any(language == "en" for _, language, _ in found)  # the project's own language
    path = tmp_path / "ira.xlsx"
    path.write_bytes(xlsx)
    back = import_workbook(path)
    assert back == example
    assert back.project.title.variants["fr"] == "Appui à la police de la province de Darvonja/Esse"


def test_a_workbook_without_variants_has_no_translations_sheet(example_data):
    def plain(node: Any) -> Any:
        if isinstance(node, dict):
            if node and set(node) <= {"en", "fr", "es"}:
                return node["en"]
            return {k: plain(v) for k, v in node.items()}
        if isinstance(node, list):
            return [plain(v) for v in node]
        return node

    from hrdd_docs.model import Project

    project = Project.model_validate(plain(example_data))
    wb = openpyxl.load_workbook(io.BytesIO(workbook.render(project)[0].data))
    assert SHEET not in wb.sheetnames


@pytest.mark.parametrize(("edit", "expected"), [
    (lambda ws: ws.cell(row=5, column=1, value="project..title"),
     "Translations!A5: field 'project..title' is not a field path; write it as project.title "
     "or recipients[0].name"),
    (lambda ws: ws.cell(row=5, column=2, value="de"),
     "Translations!B5: language 'de': write fr or es (the project's own language, en, is in "
     "the other sheets)"),
    (lambda ws: ws.cell(row=5, column=3, value=" "),
     "Translations!C5: the text is empty; write it or delete the row"),
    (lambda ws: ws.cell(row=5, column=1, value="project.colour"),
     "Translations!A5: project.colour is not a text of the project that documents print; "
     "check the field path against the other sheets"),
    (lambda ws: ws.cell(row=5, column=1, value="project.id"),
     "Translations!A5: project.id is not a text of the project that documents print; "
     "check the field path against the other sheets"),
])
def test_a_wrong_row_is_refused_at_its_cell(runner, tmp_path, xlsx, edit, expected):
    path = _edited(tmp_path, xlsx, edit)
    result = runner.invoke(cli, ["import", str(path)])
    assert result.exit_code == 2, result.output
    assert f"{path} {expected}" in result.stderr.splitlines()


def test_a_second_row_for_one_field_and_language_is_refused(runner, tmp_path, xlsx):
    def twice(ws: Any) -> None:
        last = ws.max_row + 1
        for col in (1, 2, 3):
            ws.cell(row=last, column=col, value=ws.cell(row=5, column=col).value)

    path = _edited(tmp_path, xlsx, twice)
    result = runner.invoke(cli, ["import", str(path)])
    assert result.exit_code == 2
    assert "has a second fr row; keep one" in result.stderr
