"""The Darvonia workbook in a real office suite: LibreOffice recalculates every formula.

openpyxl writes formulas without cached values (``fullCalcOnLoad``); LibreOffice loads
the workbook, computes them and saves an .xlsx with the results, which openpyxl reads
back. Every formula cell must show what :func:`workbook.figures` computed in Python.
One conversion for the module: LibreOffice is slow and other tests share the machine.
"""

from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest
from conftest import requires_libreoffice

from hrdd_docs import office, resources, yamlsource
from hrdd_docs.loading import project_from
from hrdd_docs.render import workbook

pytestmark = [requires_libreoffice, pytest.mark.libreoffice]


@pytest.fixture(scope="module")
def project():
    text = resources.read_text("examples", "darvonia", "project.yaml")
    return project_from(yamlsource.parse(text, "project.yaml"))


@pytest.fixture(scope="module")
def recalculated(project, tmp_path_factory) -> openpyxl.Workbook:
    folder = tmp_path_factory.mktemp("ira")
    source = folder / "ira.xlsx"
    source.write_bytes(workbook.render(project)[0].data)
    converted = office.convert(source, "xlsx:Calc MS Excel 2007 XML", folder / "calc")
    return openpyxl.load_workbook(converted, data_only=True)


def _same(expected, found) -> bool:
    if expected == "":
        return found in (None, "")
    if isinstance(expected, (int, Decimal)) and not isinstance(expected, bool):
        return isinstance(found, (int, float)) and Decimal(str(found)) == Decimal(expected)
    return found == expected


def test_every_formula_recalculates_to_the_toolkit_figures(project, recalculated):
    expected = workbook.expected_cells(project)
    assert len(expected) > 50
    wrong = {}
    for ref, value in expected.items():
        sheet, cell = ref.split("!")
        found = recalculated[sheet][cell].value
        if not _same(value, found):
            wrong[ref] = (value, found)
    assert wrong == {}


def test_scores_and_counts_match_figures(project, recalculated):
    figures = workbook.figures(project)
    ws = recalculated["Risk register"]
    scores = {ws.cell(row=r, column=1).value: (ws.cell(row=r, column=8).value,
                                               ws.cell(row=r, column=9).value)
              for r in range(4, 4 + len(project.assessment.risks))}
    assert scores == {k: (figures["risk_score"][k], figures["risk_level"][k])
                      for k in figures["risk_score"]}
    summary = recalculated["Summary"]
    values = {summary.cell(row=r, column=1).value: summary.cell(row=r, column=2).value
              for r in range(1, summary.max_row + 1)}
    assert values["Risks of high level"] == figures["risks_by_level"]["high"] == 2
    assert values["Donated items, total value (USD)"] == 6821


def test_text_stays_text(recalculated):
    """Ids, yes/no and choices come back as the strings written, not as computed values."""
    assert recalculated["Mitigation plan"]["G4"].value == "no"
    assert recalculated["Project"]["B5"].value == "drv-esse-police"
    assert recalculated["Project"]["B24"].value == "no"


def test_it_prints_and_formula_looking_text_prints_as_typed(example_data, tmp_path):
    """A second conversion, to PDF, of the example with formula-looking text in it."""
    import yaml

    example_data["mitigations"][0]["owner"] = "=2+3"
    example_data["assessment"]["risks"][0]["affected_groups"] = ["-1 and +1", "@everyone"]
    project = project_from(yamlsource.parse(yaml.safe_dump(example_data), "project.yaml"))
    source = tmp_path / "ira.xlsx"
    source.write_bytes(workbook.render(project)[0].data)
    text = office.pdf_text(office.convert(source, "pdf", tmp_path))
    for expected in ("Internal risk assessment", "Risk register (Action 4)",
                     "r-border-detention", "Intervention log (Box 7)", "INTERNAL", "=2+3",
                     "-1 and +1", "@everyone"):
        assert expected in text
