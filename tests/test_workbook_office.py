"""Workbooks typed into and saved by LibreOffice import as the project meant (issue 14).

LibreOffice is driven headless through its UNO bridge (``tests/office_uno.py``, run by
the system Python that has the ``uno`` module): a blank workbook is filled the way a
user fills it, cell by cell through Calc's own input path; example workbooks get rows
added at the end of their tables; others are opened and saved unchanged. What Calc
saves differs from what openpyxl wrote (shared strings, numbers as floats, dates as
serials, styles, defined names and protection rewritten, formatted empty rows), and
must still import as the same project. All jobs share one LibreOffice process.
"""

from __future__ import annotations

import copy
import io
import json
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from conftest import write_project
from qalmaria import qalmaria
from readback import docx_text

from hrdd_docs import resources
from hrdd_docs.errors import InputError
from hrdd_docs.loading import load_project
from hrdd_docs.model import Project
from hrdd_docs.render import workbook
from hrdd_docs.render.workbook_layout import ROLES, Field, layout

HERE = Path(__file__).parent


def _uno_python() -> str | None:
    for candidate in ("/usr/bin/python3", shutil.which("python3")):
        if candidate and subprocess.run([candidate, "-c", "import uno"],
                                        capture_output=True).returncode == 0:
            return candidate
    return None


UNO_PYTHON = _uno_python() if shutil.which("soffice") else None

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(UNO_PYTHON is None, reason=(
        "LibreOffice (soffice) or its Python bridge is not installed; install them to run "
        "the office-suite tests (Debian: apt-get install libreoffice-calc-nogui python3-uno)")),
]


def run_office(jobs: list[dict[str, Any]], folder: Path) -> list[dict[str, Any]]:
    """Run the jobs in one LibreOffice process (see tests/office_uno.py)."""
    assert UNO_PYTHON is not None
    jobs_file, results_file = folder / "jobs.json", folder / "results.json"
    jobs_file.write_text(json.dumps(jobs), "utf-8")
    done = subprocess.run([UNO_PYTHON, str(HERE / "office_uno.py"), str(jobs_file),
                           str(results_file)], timeout=600, capture_output=True, text=True)
    assert done.returncode == 0 and results_file.exists(), done.stderr[-3000:]
    results: list[dict[str, Any]] = json.loads(results_file.read_text("utf-8"))
    for job in jobs:
        if job.get("save"):
            assert Path(job["save"]).stat().st_size > 0, job["save"]
    return results


# --- what a user types -----------------------------------------------------------------

def _typed(value: Any) -> str:
    """A cell's value as a user types it."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _header_key(text: Any) -> str:
    return str(text or "").split("\n")[0]


def _is_input(sheet: Any, header: str) -> bool:
    """Whether a header (``Tag 2``, ``P3``…) heads a column staff type into."""
    import re

    for column in sheet.columns:
        if not column.is_input:
            continue
        if header == column.header or (column.repeat and re.fullmatch(
                rf"{re.escape(column.header)} \d+", header)) or (
                column.type == "periods" and re.fullmatch(r"P\d+", header)):
            return True
    return False


def typing_plan(project: Project, language: str = "en") -> list[list[str]]:
    """The cells to type into a blank workbook for it to hold ``project``.

    Taken from the workbook the toolkit writes for ``project``: each input cell's value,
    typed into the blank's cell of the same field (forms, elements) or under the same
    header (tables; the blank's Monitoring sheet has more period columns). People rows go
    to the row the blank prepared for their role; a second assessor to a row added at
    the end, with its role typed too. ``language``: of both workbooks, so the labels
    typed are those of the language's drop-downs.
    """
    from hrdd_docs.render.workbook_text import words

    filled = openpyxl.load_workbook(io.BytesIO(workbook.build(project, language=language)[0]))
    blank = openpyxl.load_workbook(io.BytesIO(workbook.blank(language)))
    first = layout().first_data_row
    role_header = layout(language).sheet("People").column("role").header
    roles = {words(language).label("Roles", role): role for role in ROLES}
    plan: list[list[str]] = []
    for sheet in layout(language).sheets:
        if sheet.kind == "form":
            ws = filled[sheet.name]
            for row, entry in enumerate(sheet.fields, start=first):
                value = ws[f"B{row}"].value
                if isinstance(entry, Field) and value is not None:
                    plan.append([sheet.name, f"B{row}", _typed(value)])
        elif sheet.kind == "elements":
            ws = filled[sheet.name]
            for cells in ws.iter_rows(min_row=first, min_col=3, max_col=5):
                plan += [[sheet.name, c.coordinate, _typed(c.value)] for c in cells
                         if c.value is not None]
        elif sheet.is_table:
            ws = filled[sheet.name]
            headers = {c.column: _header_key(c.value) for c in ws[first - 1]}
            letters = {_header_key(c.value): c.column_letter for c in blank[sheet.name][first - 1]}
            free = first + len(ROLES)
            seen: set[str] = set()
            for cells in ws.iter_rows(min_row=first):
                values = {headers[c.column]: c.value for c in cells if c.value is not None
                          and _is_input(sheet, headers[c.column])}
                if not values:
                    continue
                target = cells[0].row
                if sheet.kind == "people":
                    role = roles[values[role_header]]
                    if role in seen:
                        target, free = free, free + 1
                    else:
                        seen.add(role)
                        target = first + list(ROLES).index(role)
                        del values[role_header]  # the blank has it already
                plan += [[sheet.name, f"{letters[h]}{target}", _typed(v)]
                         for h, v in values.items()]
    return plan


# --- projects ------------------------------------------------------------------------

def _coast_guard() -> dict[str, Any]:
    """A project unlike Darvonia, to type into the blank: a coast guard, two assessors."""
    return {
        "project": {"id": "kst-coast", "title": "Maritime rescue capacity, Kestrel coast",
                    "country": "Kestrel", "locations": ["Port Arvel", "Isle of Dunn"],
                    "office": "IOM Kestrel",
                    "chief_of_mission": {"name": "Maren Osei", "title": "Chief of Mission"},
                    "start": "2026-05-01", "end": "2027-04-30",
                    "references": {"project_code": "KS-MR-0042"},
                    "signing_place": "Port Arvel"},
        "recipients": [{"id": "kcg", "name": "Kestrel Coast Guard, Northern Station",
                        "category": "coast_guard", "authority": "Ministry of Transport",
                        "focal_point": {"name": "Ilse Varga", "title": "Station Commander"}}],
        "activities": [{"id": "boats", "kind": "equipment", "recipients": ["kcg"],
                        "description": "Rescue boats for the Northern Station",
                        "items": [{"description": "Rigid inflatable boat, 6 m", "quantity": 2,
                                   "unit_value": "41250.50", "currency": "EUR",
                                   "identifiers": ["HULL-1", "HULL-2"]}]}],
        "preconditions": {
            "national_ownership": {"requested_by": "Ministry of Transport",
                                   "request_via_national_authority": True,
                                   "executive_government_aware": True,
                                   "government_focal_point": {"name": "Oren Blix",
                                                              "title": "Director of Ports"},
                                   "iom_counterpart": {"name": "Lea Roux",
                                                       "title": "Legal Officer"}},
            "death_penalty": {"country_status": "abolitionist", "recipient_enforces": False},
            "weapons": {"weapons_or_ammunition": False},
            "combat_capacity": {"aim_immediate_combat": False}},
        "country_mechanism": {"exists": False},
        "assessment": {
            "date": "2026-04-10",
            "assessors": [{"name": "Tom Achebe", "title": "Protection Officer"},
                          {"name": "Lea Roux", "title": "Legal Officer"}],
            "endorsement": {"name": "Maren Osei", "title": "Chief of Mission",
                            "date": "2026-04-20"},
            # Completed (Action 4): every element rated, so the agreements are built.
            "elements": {"general_context": {"rating": "medium", "findings": "Calm coast",
                                             "sources": ["UN report 2025", "Press"]},
                         **{element: {"rating": "medium"} for element in (
                             "recipient_record", "accountability", "corrective_measures",
                             "legal_framework", "death_penalty", "past_partnerships",
                             "project_risks")}},
            "final": {"rating": "medium", "rationale": "Interceptions at sea"},
            "risks": [{"id": "r-push", "description": "Pushbacks of boats at sea",
                       "element": "project_risks", "likelihood": "medium", "impact": "high",
                       "tags": ["refoulement"]}]},
        "mitigations": [{"id": "m-sop", "type": "sops", "addresses": ["r-push"],
                         "description": "Rescue SOP with disembarkation in a safe place",
                         "owner": "Programme Manager", "budgeted": True}],
        "monitoring": {"responsible": {"name": "Tom Achebe", "title": "Protection Officer"},
                       "period_months": 6,
                       "indicators": [{"id": "i-push", "kind": "violations",
                                       "text": "Reported pushbacks", "baseline": 0,
                                       "target": 0, "source": "Field monitoring",
                                       "results": [{"period": 1, "value": 1,
                                                    "note": "one report"}]}]},
    }


def _project(tmp_path: Path, data: dict[str, Any], name: str) -> Project:
    return load_project(write_project(tmp_path, data, f"{name}.yaml"))


def _example(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(resources.read_text("examples", name,
                                                              "project.yaml"))
    return data


EXAMPLES = sorted(p.name for p in resources.folder("examples").iterdir()
                  if p.is_dir() and (p / "project.yaml").is_file())


# --- one LibreOffice session for the module ------------------------------------------

@pytest.fixture(scope="module")
def office(tmp_path_factory) -> dict[str, Any]:
    """Every job of the module, run once; results by name, with the projects meant."""
    folder = tmp_path_factory.mktemp("office")
    blank = folder / "blank.xlsx"
    blank.write_bytes(workbook.blank())
    coast = _project(folder, _coast_guard(), "coast")
    projects = {name: _project(folder, _example(name), name) for name in EXAMPLES}
    projects["qalmaria"] = _project(folder, qalmaria(_example("darvonia")), "qalmaria")
    jobs: dict[str, dict[str, Any]] = {
        "filled": {"source": str(blank), "type": typing_plan(coast),
                   "save": str(folder / "filled.xlsx"),
                   "read": [["Risk register", "H4"], ["Risk register", "I4"],
                            ["Donated items", "F4"], ["Project", "B10"]],
                   "invalid": [s.name for s in layout().sheets if s.kind != "derived"]},
        "blank": {"source": str(blank), "save": str(folder / "blank-saved.xlsx")},
    }
    # The same project typed into a French blank, with the French drop-down labels.
    french = folder / "blank-fr.xlsx"
    french.write_bytes(workbook.blank("fr"))
    jobs["filled-fr"] = {"source": str(french), "type": typing_plan(coast, "fr"),
                         "save": str(folder / "filled-fr.xlsx"),
                         "read": [["Registre des risques", "I4"]],
                         "invalid": [s.name for s in layout("fr").sheets
                                     if s.kind != "derived"]}
    for name, project in projects.items():
        source = folder / f"{name}.xlsx"
        source.write_bytes(workbook.render(project)[0].data)
        jobs[f"resaved-{name}"] = {"source": str(source),
                                   "save": str(folder / f"{name}-saved.xlsx"),
                                   "invalid": [s.name for s in layout().sheets
                                               if s.kind != "derived"]}
    darvonia = folder / "darvonia.xlsx"
    rows = len(projects["darvonia"].assessment.risks) + 4
    jobs["added"] = {"source": str(darvonia), "save": str(folder / "added.xlsx"),
                     "type": [["Risk register", f"A{rows}", "r-new"],
                              ["Risk register", f"B{rows}", "Checkpoints extort travellers"],
                              ["Risk register", f"C{rows}", "project_risks"],
                              ["Risk register", f"F{rows}", "high"],
                              ["Risk register", f"G{rows}", "medium"],
                              ["Risk register", f"J{rows}", "corruption"],
                              ["Mitigation plan", "D4", "r-ejk, r-new"]],
                     "read": [["Risk register", f"H{rows}"], ["Risk register", f"I{rows}"]]}
    jobs["refused"] = {"source": str(darvonia),
                       "set": [["Risk register", "F4", "extreme"]],
                       "invalid": ["Risk register"],
                       "validation": [["Risk register", "F4"], ["Donated items", "A4"],
                                      ["Activities", "D4"], ["Project", "B10"]],
                       "protection": [["Risk register", "H4"], ["Risk register", "F4"],
                                      ["Project", "A5"], ["Project", "B5"],
                                      ["Risk register", "F150"], ["Summary", "B4"]]}
    results = dict(zip(jobs, run_office(list(jobs.values()), folder), strict=True))
    return {"folder": folder, "results": results, "coast": coast, "projects": projects,
            "rows": rows}


# --- a blank filled by a user --------------------------------------------------------

def test_a_blank_filled_in_libreoffice_imports_as_the_project_typed(office):
    filled = office["folder"] / "filled.xlsx"
    assert load_project(filled) == office["coast"]


def test_a_french_blank_filled_in_libreoffice_imports_as_the_project_typed(office):
    """French labels typed pass Calc's own checks, the level computes in French, and the
    saved workbook reads back as the project typed (issue 15, point 1)."""
    result = office["results"]["filled-fr"]
    assert result["invalid"] == {name: False for name in result["invalid"]}
    assert "Registre des risques" in result["invalid"]
    assert result["read"]["Registre des risques!I4"][1] == "élevé"
    assert load_project(office["folder"] / "filled-fr.xlsx") == office["coast"]


def test_what_was_typed_is_in_the_mou(office, tmp_path):
    from hrdd_docs import dossier

    built = dossier.build(office["folder"] / "filled.xlsx", tmp_path / "dossier",
                          today=date(2026, 6, 1))
    names = {d.name for d in built.documents}
    assert {"kst-coast-mou.docx", "kst-coast-deed-kcg.docx", "project.yaml"} <= names
    mou = docx_text((tmp_path / "dossier" / "kst-coast-mou.docx").read_bytes())
    for typed in ("Kestrel Coast Guard, Northern Station", "Ministry of Transport",
                  "Maritime rescue capacity, Kestrel coast", "KS-MR-0042", "Port Arvel",
                  "Maren Osei"):
        assert typed in mou, typed
    deed = docx_text((tmp_path / "dossier" / "kst-coast-deed-kcg.docx").read_bytes())
    assert "Rigid inflatable boat, 6 m" in deed and "HULL-2" in deed
    assert load_project(tmp_path / "dossier" / "project.yaml") == office["coast"]


def test_typed_values_compute_and_pass_calcs_own_checks(office):
    result = office["results"]["filled"]
    read = result["read"]
    assert read["Risk register!H4"][1:3] == ["6", 6.0]  # medium x high, live in Calc
    assert read["Risk register!I4"][1] == "high"
    assert read["Donated items!F4"][2] == pytest.approx(82501.0)
    assert read["Project!B10"][0] == "VALUE"  # a date typed is a date
    assert result["invalid"] == {name: False for name in result["invalid"]}


def test_a_blank_saved_by_libreoffice_still_lists_what_to_fill(office, tmp_path):
    original = tmp_path / "blank.xlsx"
    original.write_bytes(workbook.blank())
    with pytest.raises(InputError) as before:
        load_project(original)
    with pytest.raises(InputError) as after:
        load_project(office["folder"] / "blank-saved.xlsx")
    assert [(p.path, p.message) for p in after.value.problems] == [
        (p.path, p.message) for p in before.value.problems]
    assert len(before.value.problems) > 15


# --- examples saved by LibreOffice -----------------------------------------------------

@pytest.mark.parametrize("name", [*EXAMPLES, "qalmaria"])
def test_a_workbook_resaved_by_libreoffice_imports_to_the_same_project(office, name):
    saved = office["folder"] / f"{name}-saved.xlsx"
    assert load_project(saved) == office["projects"][name]


def test_what_libreoffice_writes_differs_from_openpyxl(office):
    import zipfile

    with zipfile.ZipFile(office["folder"] / "darvonia-saved.xlsx") as archive:
        names = set(archive.namelist())
        sheet = archive.read("xl/worksheets/sheet2.xml")
        app = archive.read("docProps/app.xml")
    assert "xl/sharedStrings.xml" in names  # openpyxl writes inline strings
    assert b"LibreOffice" in app
    assert b"<sheetProtection" in sheet


def _several_ids(project: Project) -> set[str]:
    """The sheets where a cell holds several ids, which Calc's list marks (with a warning)."""
    wb = openpyxl.load_workbook(io.BytesIO(workbook.render(project)[0].data))
    found = set()
    for sheet in layout().sheets:
        if sheet.kind == "form":
            for row, entry in enumerate(sheet.fields, start=layout().first_data_row):
                value = wb[sheet.name][f"B{row}"].value
                if isinstance(entry, Field) and entry.type == "ids" and "," in str(value or ""):
                    found.add(sheet.name)
        if not sheet.is_table:
            continue
        # Letters as written: a repeated column (Tag 1, Tag 2...) takes several.
        letters = workbook.column_letters(sheet, project)
        for column in sheet.columns:
            if column.type == "ids":
                cells = wb[sheet.name][letters[column.key]][layout().first_data_row - 1:]
                if any("," in str(c.value or "") for c in cells):
                    found.add(sheet.name)
    return found


@pytest.mark.parametrize("name", [*EXAMPLES, "qalmaria"])
def test_every_value_of_an_example_passes_calcs_validation(office, name):
    invalid = office["results"][f"resaved-{name}"]["invalid"]
    several = _several_ids(office["projects"][name])
    assert invalid and invalid == {sheet: sheet in several for sheet in invalid}
    if name == "darvonia":
        assert several == {"Mitigation plan", "Visibility", "Risk register", "Non-provision risks"}


def test_rows_added_at_the_end_compute_and_import(office):
    result = office["results"]["added"]
    rows = office["rows"]
    assert result["read"][f"Risk register!H{rows}"][2] == 6.0
    assert result["read"][f"Risk register!I{rows}"][1] == "high"
    project = load_project(office["folder"] / "added.xlsx")
    expected = copy.deepcopy(office["projects"]["darvonia"])
    [new] = [r for r in project.assessment.risks if r.id == "r-new"]
    assert (new.description, new.element.value, new.likelihood.value, new.impact.value,
            new.tags) == ("Checkpoints extort travellers", "project_risks", "high", "medium",
                          ["corruption"])
    assert project.mitigations[0].addresses == ["r-ejk", "r-new"]
    assert project.assessment.risks[:-1] == expected.assessment.risks


# --- what Calc refuses -----------------------------------------------------------------

def test_calc_refuses_a_value_outside_the_list(office):
    result = office["results"]["refused"]
    assert result["invalid"] == {"Risk register": True}
    validation = result["validation"]
    assert validation["Risk register!F4"] == ["LIST", "STOP", True, "Ratings"]
    assert validation["Donated items!A4"] == ["LIST", "STOP", True, "ActivityIds"]
    # several ids may be typed in one cell: Calc warns, and lets the user keep them
    assert validation["Activities!D4"] == ["LIST", "WARNING", True, "RecipientIds"]
    assert validation["Project!B10"][:3] == ["DATE", "STOP", True]


def test_computed_cells_and_labels_are_locked_input_cells_open(office):
    protection = office["results"]["refused"]["protection"]
    assert protection == {
        "Risk register!H4": [True, True], "Risk register!F4": [True, False],
        "Project!A5": [True, True], "Project!B5": [True, False],
        "Risk register!F150": [True, False], "Summary!B4": [True, True]}
