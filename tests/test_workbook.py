"""The IRA workbook: sheets, live formulas, drop-downs, colours, print set-up, safety."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from decimal import Decimal

import openpyxl
import pytest

from hrdd_docs import ooxml
from hrdd_docs.model import Project
from hrdd_docs.outputs import Audience
from hrdd_docs.render import workbook
from hrdd_docs.vocabulary import risk_tags

SHEETS = [
    "Start here", "Summary", "Project", "People", "Recipients", "Activities", "Donated items",
    "Phases",
    "Donors",
    "Donor requirements", "Action 1 applicability", "Action 2 preconditions",
    "Action 4 elements", "Risk register", "Non-provision risks", "Mitigation plan",
    "Visibility", "Monitoring", "Procedure", "Intervention log", "Context changes",
    "Clause rationale", "Lists",
    "Translations",  # the example gives texts in French and Spanish
]


@pytest.fixture(scope="module")
def project() -> Project:
    from hrdd_docs import resources

    return load_project_text(resources.read_text("examples", "darvonia", "project.yaml"))


def load_project_text(text: str) -> Project:
    from hrdd_docs import yamlsource
    from hrdd_docs.loading import project_from

    return project_from(yamlsource.parse(text, "project.yaml"))


@pytest.fixture(scope="module")
def data(project: Project) -> bytes:
    [output] = workbook.render(project)
    return output.data


@pytest.fixture(scope="module")
def wb(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_render_gives_one_internal_output(project):
    [output] = workbook.render(project)
    assert (output.name, output.kind, output.audience, output.title) == (
        "drv-esse-police-ira.xlsx", "ira", Audience.internal, "Internal risk assessment")


def test_same_project_gives_the_same_bytes(project, data):
    assert workbook.render(project)[0].data == data
    assert ooxml.finish(data) == data  # well-formed, and already byte-stable
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {i.date_time for i in archive.infolist()} == {ooxml.FIXED_DATE}


def test_core_properties_come_from_the_project(wb):
    assert wb.properties.created == datetime(2026, 1, 15)
    assert wb.properties.modified == datetime(2026, 1, 15)
    assert wb.properties.creator == "hrdd_docs"


def test_sheets_in_order(wb):
    assert wb.sheetnames == SHEETS


def test_risk_register_rows(wb):
    ws = wb["Risk register"]
    assert [c.value for c in ws[3]] == [
        "ID", "Description", "Element", "Recipients", "Affected groups", "Likelihood",
        "Impact", "Score", "Level", "Tag 1", "Tag 2", "Tag 3", "Tag 4",
        "Mitigations (from the plan)", "Groups (from the list, separated by commas)",
        "Grave violations (from the list, separated by commas)", "Command responsibility"]
    assert [c.value for c in ws[4]][:7] == [
        "r-ejk", "Extrajudicial killings by the Esse Rapid Intervention Unit, which could "
        "benefit from the support", "recipient_record", None,
        "Young men from the minority community\nDetainees", "medium", "high"]
    assert ws["H4"].value == '=IF(OR(F4="",G4=""),"",MATCH(F4,Ratings,0)*MATCH(G4,Ratings,0))'
    assert ws["I4"].value == '=IF(H4="","",IF(H4>=6,"high",IF(H4>=3,"medium","low")))'
    assert [ws.cell(row=4, column=c).value for c in range(10, 14)] == [
        "extrajudicial_killing", "unit_record", "impunity", None]
    assert ws["N4"].value == "m-exclude-unit, m-mou-conditions, m-grievance"


def test_figures_are_computed_in_python(project):
    figures = workbook.figures(project)
    assert figures["risk_score"] == {"r-ejk": 6, "r-vawg": 6, "r-border-detention": 3,
                                     "r-misuse": 4, "r-force": 4, "r-data": 3}
    assert figures["risks_by_level"] == {"high": 2, "medium": 4, "low": 0}
    assert figures["elements_by_rating"] == {"high": 2, "medium": 4, "low": 2}
    assert figures["mitigations_by_type"]["communications_agreement"] == 3
    assert figures["value_by_currency"] == {"USD": Decimal("6821.00")}


def test_every_formula_has_an_expected_value(project, wb):
    expected = workbook.expected_cells(project)
    formulas = {f"{ws.title}!{c.coordinate}" for ws in wb.worksheets for row in ws.iter_rows()
                for c in row if c.data_type == "f"}
    assert formulas == set(expected)
    summary = wb["Summary"]
    counts = {summary.cell(row=r, column=1).value: summary.cell(row=r, column=2).value
              for r in range(1, summary.max_row + 1)}
    assert counts["Risks of high level"] == "=COUNTIF('Risk register'!$I$4:$I$203,\"high\")"
    assert counts["Measures: data control"] == (
        "=COUNTIF('Mitigation plan'!$B$4:$B$203,\"data_control\")")


def test_defined_names_hold_the_lists(wb):
    assert wb.defined_names["Ratings"].attr_text == "Lists!$A$4:$A$6"
    assert [c.value for c in wb["Lists"]["A"][3:6]] == ["low", "medium", "high"]
    tags = wb.defined_names["Tags"].attr_text
    sheet, cells = tags.split("!")
    values = [c.value for row in wb[sheet][cells.replace("$", "")] for c in row]
    assert values == sorted(risk_tags())


def _validations(ws):
    return {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}


def test_drop_downs(wb):
    assert _validations(wb["Risk register"]) == {
        "C4:C203": "=Elements", "D4:D203": "=RecipientIds", "F4:F203": "=Ratings",
        "G4:G203": "=Ratings", "J4:J203": "=Tags", "K4:K203": "=Tags", "L4:L203": "=Tags",
        "M4:M203": "=Tags", "O4:O203": "=AffectedGroups", "P4:P203": "=GraveViolations",
        "Q4:Q203": "=YesNo"}
    assert _validations(wb["Mitigation plan"]) == {
        "B4:B203": "=MitigationTypes", "D4:D203": "=RiskIds", "F4:F203": "=Timings",
        "G4:G203": "=YesNo", "H4:H203": "=YesNo", "K4:K203": "=YesNo"}
    assert _validations(wb["Action 4 elements"]) == {"C4:C12": "=Ratings"}
    assert "=CoursesOfAction" in _validations(wb["Intervention log"]).values()
    assert _validations(wb["Project"])["B12"] == "=Languages"


def test_ratings_are_coloured(wb):
    formats = wb["Risk register"].conditional_formatting
    ranges = {str(cf.sqref): [(r.operator, r.formula) for r in cf.rules] for cf in formats}
    colours = [("equal", ['"low"']), ("equal", ['"medium"']), ("equal", ['"high"'])]
    assert ranges == {"F4:F203": colours, "G4:G203": colours, "I4:I203": colours}
    rule = next(iter(formats)).rules[2]
    assert rule.dxf.fill.bgColor.rgb.endswith("FFC7CE")


def test_print_setup_and_panes(wb):
    ws = wb["Risk register"]
    assert ws.freeze_panes == "B4"
    assert ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows == "$3:$3"
    assert ws.print_area == "'Risk register'!$A$1:$Q$9"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    # the widest tables print two pages wide, their id column repeated on each page
    assert (ws.page_setup.fitToWidth, ws.print_title_cols) == (2, "$A:$A")
    narrow = wb["Mitigation plan"]
    assert (narrow.page_setup.fitToWidth, narrow.print_title_cols) == (1, None)
    assert ws.column_dimensions["B"].width == 44
    assert ws["B4"].alignment.wrap_text
    assert wb.calculation.fullCalcOnLoad


def test_monitoring_has_a_column_per_period(wb):
    ws = wb["Monitoring"]
    headers = [c.value for c in ws[3]]
    assert headers[7:14] == [
        "P1\n2026-03-01\nto 2026-05-31", "P2\n2026-06-01\nto 2026-08-31",
        "P3\n2026-09-01\nto 2026-11-30", "P4\n2026-12-01\nto 2027-02-28",
        "P5\n2027-03-01\nto 2027-05-31", "P6\n2027-06-01\nto 2027-08-31", "Notes by period"]
    complaints = [c.value for c in ws[5]]
    assert complaints[7:9] == [0, 1]
    assert complaints[13] == "P2: Escort-payment complaint, see incident inc-01"


def test_derived_sheets(wb):
    action1 = wb["Action 1 applicability"]
    assert action1["D7"].value == ("An HRDD risk assessment is required: the support "
                                   "combines exempt and non-exempt activities.")
    summary = [c.value for row in wb["Summary"].iter_rows() for c in row]
    assert "Kasheea Atalla, Project Manager, Community Stabilization\nNoor Haddad, " \
        "Protection Officer" in summary
    assert "2027-01-15" in summary  # the yearly reassessment (Action 4)
    action2 = [c.value for row in wb["Action 2 preconditions"].iter_rows() for c in row]
    assert "Action 2(b) Non-enforcement of the death penalty" in action2


def test_clause_rationale_lists_each_agreement_with_its_own_clauses(project, wb):
    """Outside a build, the sheet lists the agreements a full build makes: one section
    per agreement, the deed named by its recipient, each with exactly its clauses."""
    from hrdd_docs.agreements import agreements

    found = agreements(project)
    ws = wb["Clause rationale"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=4)]
    sections = [r[0] for r in rows if r[1] is None]
    assert sections == [
        f"Memorandum of Understanding: {len(found[0].clauses)} clauses",
        "Deed of Donation to the Darvonian Police Force, Esse Province Command: "
        f"{len(found[1].clauses)} clauses"]
    listed = [(r[0], r[1]) for r in rows if r[1] is not None]
    assert listed == [(a.title, s.clause.id) for a in found for s in a.clauses]
    first = found[0].clauses[0]
    assert rows[1][0] == "Memorandum of Understanding"
    assert rows[1][5] == ("\n".join(first.reasons) or None)


FORMULA_LIKE = ["=HYPERLINK(\"http://example.org\",\"x\")", "+33 1 23 45", "-5 km from the site",
                "@SUM(A1)", "#N/A", "0012", "2026-01-01"]


def test_formula_looking_text_stays_text(example_data):
    from conftest import write_project  # noqa: F401 - the shared helper writes YAML

    example_data["project"]["title"] = FORMULA_LIKE[0]
    example_data["assessment"]["risks"][0]["affected_groups"] = FORMULA_LIKE[1:]
    example_data["mitigations"][0]["owner"] = "=1+1"
    import yaml

    project = load_project_text(yaml.safe_dump(example_data, allow_unicode=True))
    data = workbook.render(project)[0].data
    wb = openpyxl.load_workbook(io.BytesIO(data))
    title = wb["Project"]["B6"]
    assert (title.value, title.data_type) == (FORMULA_LIKE[0], "s")
    groups = wb["Risk register"]["E4"]
    assert (groups.value, groups.data_type) == ("\n".join(FORMULA_LIKE[1:]), "s")
    owner = wb["Mitigation plan"]["E4"]
    assert (owner.value, owner.data_type) == ("=1+1", "s")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = b"".join(archive.read(n) for n in archive.namelist()
                          if n.startswith("xl/worksheets/"))
    formulas = re.findall(rb"<f>([^<]*)</f>", sheets)
    assert formulas and not [f for f in formulas if b"HYPERLINK" in f or f == b"1+1"]
    assert b't="inlineStr"><is><t>=1+1</t>' in sheets


def test_every_text_cell_is_typed_as_text(wb):
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.data_type != "f":
                    assert cell.data_type == "s", f"{ws.title}!{cell.coordinate}"
                    assert not cell.value.startswith("=") or cell.data_type == "s"


def test_the_layout_covers_every_field_of_the_model():
    """A field added to the model must get a cell, or import would lose it.

    When this fails, add the field to templates/ira/layout.yaml (one row of a form, or
    one column of a table), or, if it truly cannot live in a workbook, to
    workbook_model.NOT_IN_WORKBOOK with the reason.
    """
    from hrdd_docs.render import workbook_model

    assert workbook_model.missing() == []
    assert set(workbook_model.NOT_IN_WORKBOOK) <= set(workbook_model.model_paths())


def test_the_coverage_check_sees_a_field_without_a_cell(monkeypatch):
    from dataclasses import replace

    from hrdd_docs.render import workbook_model
    from hrdd_docs.render.workbook_layout import layout

    full = layout()
    sheets = tuple(replace(s, columns=tuple(c for c in s.columns if c.key != "unit"))
                   if s.name == "Recipients" else s for s in full.sheets)
    monkeypatch.setattr(workbook_model, "layout", lambda: replace(full, sheets=sheets))
    assert workbook_model.missing() == ["recipients[].unit"]
    paths = workbook_model.model_paths()
    assert {"assessment.risks[].tags", "activities[].items[].currency",
            "monitoring.indicators[].results[].note", "project.chief_of_mission.email"} \
        <= set(paths)
