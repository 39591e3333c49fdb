"""Every formula the workbook writes, evaluated without an office suite (issue 14, point 7).

The ``formulas`` library parses and computes Excel formulas. Each formula cell is
evaluated here with the workbook's own cell values as inputs (following references to
other formula cells and the defined names of the Lists sheet), and must give what
:func:`hrdd_docs.render.workbook.expected_cells` says, for the examples, a project made
here and the blank workbook. The LibreOffice test (test_workbook_libreoffice.py) stays
the real client; this one runs everywhere.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
import yaml
from openpyxl.utils import range_boundaries
from qalmaria import qalmaria

from hrdd_docs import resources, yamlsource
from hrdd_docs.loading import project_from
from hrdd_docs.render import workbook

formulas = pytest.importorskip("formulas", reason="the test extra installs formulas")
import numpy as np  # noqa: E402 - comes with formulas
import schedula as sh  # noqa: E402 - comes with formulas

_RELATIVE = re.compile(r"(?<![$A-Za-z_])([A-Z]{1,3})(\d+)\b")


class Evaluator:
    """Evaluate a workbook's formula cells from its values, as a spreadsheet would."""

    def __init__(self, wb: openpyxl.Workbook) -> None:
        self.wb = wb
        self.values: dict[tuple[str, str], Any] = {}
        self.compiled: dict[str, tuple[Any, int, set[str]]] = {}

    def cell(self, sheet: str, ref: str) -> Any:
        key = (sheet.upper(), ref.upper())
        if key not in self.values:
            ws = self._sheet(sheet)
            cell = ws[ref]
            if cell.data_type == "f":
                self.values[key] = self.formula(sheet, cell.row, str(cell.value))
            else:
                self.values[key] = sh.EMPTY if cell.value is None else cell.value
        return self.values[key]

    def _sheet(self, name: str) -> Any:
        return next(ws for ws in self.wb.worksheets if ws.title.upper() == name.upper())

    def formula(self, sheet: str, row: int, text: str) -> Any:
        # One compilation per formula shape: the same formula on another row differs only
        # in its relative references, which are moved to the row being evaluated.
        shape = _RELATIVE.sub(lambda m: m.group(1) + "{row}" if m.group(2) == str(row)
                              else m.group(0), text)
        if shape not in self.compiled:
            function = formulas.Parser().ast(text)[1].compile()
            relative = {f"{m.group(1)}{row}" for m in _RELATIVE.finditer(text)
                        if m.group(2) == str(row)}
            self.compiled[shape] = (function, row, relative)
        function, first, relative = self.compiled[shape]
        args = []
        for name in function.inputs:
            if name in relative:
                name = name.replace(str(first), str(row))
            args.append(self.reference(sheet, name))
        value = function(*args)
        return value.ravel()[0] if isinstance(value, np.ndarray) else value

    def reference(self, sheet: str, name: str) -> Any:
        if "!" not in name and not re.fullmatch(r"[A-Z]{1,3}\d+(:[A-Z]{1,3}\d+)?", name):
            return self.reference(*self.defined(name))
        if "!" in name:
            sheet, name = name.rsplit("!", 1)
            sheet = sheet.strip("'")
        if ":" not in name:
            return self.cell(sheet, name)
        low_col, low_row, high_col, high_row = range_boundaries(name)
        ws = self._sheet(sheet)
        return np.array([[self.cell(sheet, ws.cell(row=r, column=c).coordinate)
                          for c in range(low_col, high_col + 1)]
                         for r in range(low_row, high_row + 1)], dtype=object)

    def defined(self, name: str) -> tuple[str, str]:
        """A defined name as (sheet, range); an id list is cut at its last id."""
        entry = next(v for k, v in self.wb.defined_names.items() if k.upper() == name.upper())
        text = entry.attr_text
        grows = re.fullmatch(r"(.+)!\$([A-Z]+)\$(\d+):INDEX\((.+)\)", text)
        if grows:
            sheet, letter, first, _ = grows.groups()
            count = self.formula(sheet.strip("'"), 1, "=" + _count_of(text))
            return sheet.strip("'"), f"{letter}{first}:{letter}{int(first) + int(count) - 1}"
        sheet, ref = text.rsplit("!", 1)
        return sheet.strip("'"), ref.replace("$", "")


def _count_of(name: str) -> str:
    """The count inside ``A4:INDEX(A4:A203,MAX(1,COUNTA(A4:A203)))``."""
    return re.search(r"(MAX\(1,COUNTA\([^)]*\)\))", name).group(1)  # type: ignore[union-attr]


def _same(expected: Any, found: Any) -> bool:
    if expected == "":
        return found in ("", sh.EMPTY, None)
    if isinstance(expected, (int, Decimal)) and not isinstance(expected, bool):
        # a spreadsheet computes in binary floating point: 12 x 389.90 is 4678.799999…
        return isinstance(found, (int, float, np.number)) and \
            abs(Decimal(str(float(found))) - Decimal(expected)) < Decimal("0.000001")
    return bool(found == expected)


def _project(data: dict[str, Any]) -> Any:
    return project_from(yamlsource.parse(yaml.safe_dump(data), "project.yaml"))


def _example() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(resources.read_text("examples", "darvonia",
                                                              "project.yaml"))
    return data


def _made_here() -> dict[str, Any]:
    """Unlike the example: a risk of low level, items of fractional value, no mitigation."""
    data = _example()
    data["assessment"]["risks"][0].update(likelihood="low", impact="low")
    data["assessment"]["risks"][1].update(likelihood="low", impact="high")
    data["activities"][1]["items"][0]["unit_value"] = "12.25"
    data["activities"][1]["items"][0]["quantity"] = 3
    data["assessment"]["elements"]["general_context"] = {"rating": "low"}
    return data


PROJECTS = {"darvonia": _example, "qalmaria": lambda: qalmaria(_example()),
            "made-here": _made_here, "blank": None}


@pytest.mark.parametrize("name", list(PROJECTS))
def test_every_formula_evaluates_to_the_toolkit_figures(name):
    project = _project(PROJECTS[name]()) if PROJECTS[name] else None  # type: ignore[misc]
    data, expected = workbook.build(project)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    evaluator = Evaluator(wb)
    wrong = {}
    for ref, value in expected.items():
        sheet, cell = ref.split("!")
        found = evaluator.cell(sheet, cell)
        if not _same(value, found):
            wrong[ref] = (value, found)
    assert len(expected) >= 600  # the prepared rows carry their formulas too
    assert wrong == {}


def test_the_kinds_of_formula_are_all_evaluated():
    """Each formula function the workbook uses is one the evaluator ran above."""
    project = _project(_example())
    data, _ = workbook.build(project)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    used = {f for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if c.data_type == "f" for f in re.findall(r"([A-Z]+)\(", str(c.value))}
    names = {f for _, n in wb.defined_names.items() for f in re.findall(r"([A-Z]+)\(",
                                                                        n.attr_text)}
    assert used == {"IF", "OR", "MATCH", "COUNTA", "COUNTIF", "SUMIF"}
    assert names == {"INDEX", "MAX", "COUNTA"}


def test_an_id_list_grows_with_its_rows():
    project = _project(qalmaria(_example()))
    data, _ = workbook.build(project)
    evaluator = Evaluator(openpyxl.load_workbook(io.BytesIO(data)))
    assert evaluator.defined("RecipientIds") == ("Recipients", "A4:A5")
    assert list(evaluator.reference("Recipients", "RecipientIds").ravel()) == ["dpf-esse", "qcg"]
    blank = Evaluator(openpyxl.load_workbook(io.BytesIO(workbook.blank())))
    assert blank.defined("RiskIds") == ("Risk register", "A4:A4")  # one empty row, not none
