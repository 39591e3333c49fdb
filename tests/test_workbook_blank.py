"""The blank IRA workbook of `hrdd init --workbook`: a form to fill in an office suite."""

from __future__ import annotations

import io

import openpyxl
import pytest

from hrdd_docs.cli import cli
from hrdd_docs.render import workbook
from hrdd_docs.render.workbook_layout import ROLES, Field, layout, list_name


@pytest.fixture(scope="module")
def blank_data() -> bytes:
    return workbook.blank()


@pytest.fixture(scope="module")
def blank(blank_data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(blank_data))


def test_init_writes_a_blank_workbook(runner, tmp_path, blank_data):
    target = tmp_path / "new" / "ira.xlsx"
    result = runner.invoke(cli, ["init", str(tmp_path / "new"), "--workbook"])
    assert (result.exit_code, result.output) == (0, (
        f"wrote {target}; fill it in Excel or LibreOffice (start with the 'Start here' "
        f"sheet), then run: hrdd validate {target}\n"))
    assert target.read_bytes() == blank_data  # the same bytes every time
    again = runner.invoke(cli, ["init", str(tmp_path / "new"), "--workbook"])
    assert (again.exit_code, again.stderr) == (
        2, f"{target}: already exists; use --force to replace it\n")
    assert not (tmp_path / "new" / "project.yaml").exists()


def test_init_writes_the_example_workbook(runner, tmp_path, darvonia):
    result = runner.invoke(cli, ["init", str(tmp_path), "--workbook", "--example", "darvonia"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "ira.xlsx").read_bytes() == workbook.render(darvonia)[0].data
    check = runner.invoke(cli, ["validate", str(tmp_path / "ira.xlsx")])
    assert (check.exit_code, check.output) == (0, f"{tmp_path / 'ira.xlsx'}: valid "
                                                  "(drv-esse-police)\n")


def test_validating_the_blank_lists_what_is_still_to_fill(runner, tmp_path, blank_data):
    path = tmp_path / "ira.xlsx"
    path.write_bytes(blank_data)
    result = runner.invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[-1] == f"{len(lines) - 1} problems found."
    def row(key: str) -> int:
        fields = layout().sheet("Project").fields
        return 4 + next(n for n, f in enumerate(fields) if isinstance(f, Field) and f.key == key)

    for expected in (f"Project!B{row('project.id')}: project id is empty; fill it in",
                     f"Project!B{row('project.title')}: title is empty; fill it in",
                     f"Project!B{row('project.start')}: start date is empty; fill it in",
                     f"Project!B{row('project.references.project_code')}: project code is "
                     "empty; fill it in",
                     f"Project!B{row('assessment.date')}: assessment date is empty; fill it in",
                     "People!B4: name of the chief_of_mission is empty; fill it in",
                     "People!B5: name of the assessor is empty; fill it in",
                     "People!B9: name of the monitoring_responsible is empty; fill it in",
                     "Action 2 preconditions!B5: support requested by is empty; fill it in",
                     "Action 2 preconditions!B10: country's death-penalty status is empty; "
                     "fill it in"):
        assert f"{path} {expected}" in lines
    # optional sections stay optional: no endorsement is asked for
    assert not [line for line in lines if "endorse" in line]


def test_a_half_filled_workbook_names_only_what_is_left(tmp_path, blank_data):
    from hrdd_docs.errors import InputError
    from hrdd_docs.loading import load_project

    wb = openpyxl.load_workbook(io.BytesIO(blank_data))
    wb["Project"]["B5"] = "my-project"
    wb["People"]["B4"] = "Ana Ruiz"
    path = tmp_path / "ira.xlsx"
    wb.save(path)
    with pytest.raises(InputError) as caught:
        load_project(path)
    places = [p.path for p in caught.value.problems]
    assert "Project!B5" not in places and "Project!B6" in places
    assert "People!B4" not in places and "People!C4" in places  # the title is still due


def test_start_here_says_what_to_fill_in_order(blank):
    ws = blank["Start here"]
    assert blank.sheetnames[0] == "Start here"
    steps = [ws.cell(row=r, column=1).value for r in range(4, ws.max_row + 1)]
    assert steps[:3] == ["1. The project", "2. Action 1: who and what", "3. Donors"]
    assert [s for s in steps if s and "Action" in s] == [
        "2. Action 1: who and what", "4. Action 2: preconditions",
        "5. Action 3: UN country mechanism", "6. Action 4: the assessment",
        "7. Action 5: mitigation", "8. Action 6: monitoring", "9. Action 7: internal procedure"]
    named = {name.strip() for r in range(4, ws.max_row + 1)
             for name in str(ws.cell(row=r, column=2).value or "").split(",") if name.strip()}
    data_sheets = {s.name for s in layout().sheets if s.kind not in {"derived", "guide"}}
    assert named == data_sheets  # every sheet to fill is in the guide, and nothing else


def test_every_data_sheet_has_guidance(blank):
    for sheet in layout().sheets:
        assert blank[sheet.name]["A1"].value == sheet.title
        assert blank[sheet.name]["A2"].value, sheet.name


def test_the_blank_people_sheet_lists_the_roles(blank):
    ws = blank["People"]
    assert [ws.cell(row=r, column=1).value for r in range(4, 4 + len(ROLES))] == list(ROLES)


def _validations(ws):
    return {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}


def test_every_list_and_date_cell_has_its_check(blank):
    """Each choice, yes/no, id and date cell of every data sheet is checked as typed."""
    last = layout().last_row
    for sheet in layout().sheets:
        ws = blank[sheet.name]
        found = _validations(ws)
        if sheet.kind == "form":
            for row, entry in enumerate(sheet.fields, start=4):
                name = list_name(sheet, entry) if isinstance(entry, Field) else None
                if name or (isinstance(entry, Field) and entry.type == "date"):
                    rule = found[f"B{row}"]
                    assert rule.formula1 == (f"={name}" if name else "DATE(1950,1,1)")
        elif sheet.is_table:
            letters = {h.value: h.column_letter for h in ws[3]}
            for column in sheet.columns:
                if not column.is_input or column.type == "periods":
                    continue
                letter = letters[f"{column.header} 1" if column.repeat else column.header]
                name = list_name(sheet, column)
                if name or column.type in {"date", "int", "amount"}:
                    rule = found[f"{letter}4:{letter}{last}"]
                    assert rule.errorStyle == ("warning" if column.type == "ids" else "stop")
                    assert rule.showErrorMessage


def test_id_lists_grow_with_their_rows(blank):
    names = blank.defined_names
    assert names["RecipientIds"].attr_text == (
        "Recipients!$A$4:INDEX(Recipients!$A$4:$A$203,MAX(1,COUNTA(Recipients!$A$4:$A$203)))")
    assert names["RequirementIds"].attr_text.startswith("'Donor requirements'!$B$4:INDEX(")
    assert _validations(blank["Donated items"])["A4:A203"].formula1 == "=ActivityIds"
    assert _validations(blank["Mitigation plan"])["D4:D203"].formula1 == "=RiskIds"


def test_formulas_are_filled_down_the_prepared_rows(blank):
    ws = blank["Risk register"]
    assert ws["H203"].value == ('=IF(OR(F203="",G203=""),"",MATCH(F203,Ratings,0)*'
                                'MATCH(G203,Ratings,0))')
    assert ws["I203"].value == '=IF(H203="","",IF(H203>=6,"high",IF(H203>=3,"medium","low")))'
    assert blank["Donated items"]["F203"].value == '=IF(OR(C203="",D203=""),"",C203*D203)'
    formats = {str(cf.sqref) for cf in ws.conditional_formatting}
    assert {"F4:F203", "G4:G203", "I4:I203"} <= formats


def test_input_cells_are_open_and_the_rest_protected(blank):
    for ws in blank.worksheets:
        assert ws.protection.sheet and not ws.protection.password, ws.title
        assert not ws.protection.insertRows and not ws.protection.formatRows
    register = blank["Risk register"]
    assert register["A1"].protection.locked and register["A3"].protection.locked
    assert register["H4"].protection.locked  # the score is computed
    assert not register["F4"].protection.locked
    assert not register.column_dimensions["F"].protection.locked  # and every row below
    assert register.column_dimensions["H"].protection.locked
    project = blank["Project"]
    assert project["A5"].protection.locked and not project["B5"].protection.locked
    assert blank["Lists"]["B4"].protection.locked


def test_dates_are_dates(blank):
    log = blank["Intervention log"]
    letter = next(h.column_letter for h in log[3] if h.value == "Date")
    assert log.column_dimensions[letter].number_format == "yyyy-mm-dd"
    assert blank["Project"]["B10"].number_format == "yyyy-mm-dd"
    assert blank["People"].column_dimensions["B"].number_format == "@"  # names stay text


def test_the_blank_is_reasonably_small(blank_data):
    assert len(blank_data) < 150_000


def test_computed_sheets_of_the_blank_say_what_hrdd_build_puts_there(blank):
    for sheet in layout().sheets:
        if sheet.kind == "derived" and sheet.name != "Lists":
            assert blank[sheet.name]["A2"].value == sheet.blank
            assert sheet.blank and "hrdd build" in sheet.blank


def test_the_blank_prints_a_form(blank):
    ws = blank["Risk register"]
    assert ws.print_area == "'Risk register'!$A$1:$N$15"
    assert ws.oddHeader.left.text == layout().marking
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToHeight == 0
    assert blank["Donor requirements"].page_setup.orientation == "portrait"
