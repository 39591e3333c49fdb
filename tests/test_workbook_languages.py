"""The IRA workbook in English, French and Spanish (issue 15, point 1).

Sheet names, headers, guidance, drop-down labels and the computed sheets' words come
from ``templates/ira/text/<language>.yaml``; ``hrdd import`` reads a workbook in any of
the three, mapping each label back to the model's value, so a French or Spanish
workbook round-trips to the same project as the English one.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import small_projects as sp
from openpyxl.worksheet.datavalidation import DataValidation

from hrdd_docs.catalog import CatalogError
from hrdd_docs.cli import cli
from hrdd_docs.errors import InputError
from hrdd_docs.loading import load_project
from hrdd_docs.render import workbook, workbook_text
from hrdd_docs.render.workbook_layout import layout, lists
from hrdd_docs.workbook_import import import_workbook, project_yaml

OTHERS = ("fr", "es")


def _open(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def _validations(ws: Any) -> dict[str, DataValidation]:
    return {str(ref): dv for dv in ws.data_validations.dataValidation for ref in dv.sqref.ranges}


def _small() -> dict[str, Any]:
    """A project unlike the example: one coast guard, a boat, a high risk and its measure."""
    return sp.data([sp.COAST_GUARD], [sp.PATROL_BOAT], rating="medium", risks=[{
        "id": "r-sea", "description": "Interceptions that endanger people at sea",
        "element": "project_risks", "likelihood": "high", "impact": "medium",
        "tags": ["sea_rescue", "pushback"], "groups": ["migrants"]}], mitigations=[{
            "id": "m-sop", "type": "sops", "description": "Rescue first, in writing",
            "addresses": ["r-sea"], "timing": "preventive", "budgeted": True,
            "owner": "Project Manager"}])


# --- the catalogs --------------------------------------------------------------------

@pytest.mark.parametrize("language", OTHERS)
def test_every_text_of_the_workbook_exists_in_each_language(language):
    assert workbook_text.stale(language) == []
    english = workbook_text.english()
    translated = workbook_text.entries(language)
    assert set(translated) == set(english)
    assert len(english) > 600
    # Translated, not copied: the words a reader sees differ from the English.
    for key in ("project.name", "risk_register.column.likelihood", "value.Ratings.medium",
                "value.YesNo.yes", "start_here.step.6.what", "ui.summary.final_rating"):
        assert translated[key] != english[key], key


def _catalog_with(monkeypatch: pytest.MonkeyPatch, language: str, change: Any) -> None:
    real = workbook_text._read
    data = dict(real(language))
    change(data)
    monkeypatch.setattr(workbook_text, "_read",
                        lambda code: data if code == language else real(code))
    workbook_text.entries.cache_clear()


@pytest.fixture
def fresh_catalogs():
    workbook_text.entries.cache_clear()
    yield
    workbook_text.entries.cache_clear()


def test_a_stale_entry_is_refused(monkeypatch, fresh_catalogs):
    def stale(data: dict[str, Any]) -> None:
        data["risk_register.column.likelihood"] = {"en": "Probability", "text": "Probabilité"}

    _catalog_with(monkeypatch, "fr", stale)
    with pytest.raises(CatalogError) as caught:
        workbook_text.entries("fr")
    assert ("risk_register.column.likelihood: stale, the English text changed since; "
            "translate the new English and copy it into en:") in str(caught.value)


def test_a_missing_or_unknown_entry_is_refused(monkeypatch, fresh_catalogs):
    def broken(data: dict[str, Any]) -> None:
        del data["value.Ratings.high"]
        data["value.Ratings.extreme"] = {"en": "extreme", "text": "extrême"}

    _catalog_with(monkeypatch, "es", broken)
    problems = workbook_text.stale("es")
    assert "value.Ratings.high: missing; add its Spanish text" in problems
    assert "value.Ratings.extreme: not an English text of the workbook; remove it" in problems


@pytest.mark.parametrize("language", ["en", *OTHERS])
def test_sheet_names_and_labels_keep_excel_rules(language):
    names = [s.name for s in layout(language).sheets]
    assert len(set(names)) == len(names)
    for name in [*names, workbook_text.words(language)("ui.translations.name")]:
        assert len(name) <= 31 and not set(name) & set("[]:*?/\\"), name
        assert not name.startswith("'") and not name.endswith("'")
    words = workbook_text.words(language)
    for name in workbook_text.WORDED_LISTS:
        labels = [workbook_text._fold(label) for label in words.labels(name)]
        assert len(set(labels)) == len(labels), name  # a label reads back as one value
        assert all("," not in label for label in labels)


# --- the French and Spanish workbooks ------------------------------------------------

@pytest.fixture(scope="module")
def french(darvonia) -> bytes:
    return workbook.build(darvonia, language="fr")[0]


@pytest.fixture(scope="module")
def spanish(darvonia) -> bytes:
    return workbook.build(darvonia, language="es")[0]


def test_the_french_workbook_reads_in_french(french, darvonia):
    wb = _open(french)
    assert wb.sheetnames[:6] == ["Commencer ici", "Synthèse", "Projet", "Personnes",
                                 "Bénéficiaires", "Activités"]
    assert "Registre des risques" in wb.sheetnames and "Risk register" not in wb.sheetnames
    ws = wb["Registre des risques"]
    assert [c.value for c in ws[3]][:9] == [
        "Identifiant", "Description", "Élément", "Bénéficiaires", "Groupes touchés",
        "Probabilité", "Impact", "Score", "Niveau"]
    assert ws["A1"].value == "Registre des risques (Action 4) : risques spécifiques"
    # The drop-down labels are French in the cells and behind the list.
    assert (ws["F4"].value, ws["G4"].value) == ("moyen", "élevé")
    assert ws["C4"].value == "antécédents du bénéficiaire"
    assert ws["J4"].value == "extrajudicial_killing"  # risk tags are the library's codes
    assert ws["I4"].value == '=IF(H4="","",IF(H4>=6,"élevé",IF(H4>=3,"moyen","faible")))'
    listed = wb["Listes"]
    top = next(r for r in range(1, listed.max_row + 1)
               if listed.cell(row=r, column=1).value == "Ratings")
    assert [listed.cell(row=top + n, column=1).value for n in (1, 2, 3)] == [
        "faible", "moyen", "élevé"]
    assert listed.cell(row=top, column=2).value == "Signification"
    assert wb.defined_names["Ratings"].attr_text == f"Listes!$A${top + 1}:$A${top + 3}"
    # A guidance note, a form label and a check as staff meet them.
    project = wb["Projet"]
    assert project["A5"].value == "Identifiant du projet"
    assert project["C5"].value == ("Lettres minuscules, chiffres et traits d'union ; sert aux "
                                   "noms de fichiers")
    check = _validations(ws)["F4:F203"]
    assert check.formula1 == "=Ratings"
    assert check.errorTitle == "Valeur hors de la liste"
    assert "la feuille Listes" in check.error
    assert ws.oddHeader.left.text == "INTERNE : réservé au personnel de l'OIM"
    assert ws.oddFooter.center.text == "&A, page &P sur &N"
    assert wb.defined_names["WorkbookLanguage"].attr_text == '"fr"'
    # The ratings and levels are coloured by their French labels.
    colours = {tuple(rule.formula) for rules in ws.conditional_formatting
               for rule in rules.rules}
    assert colours == {('"faible"',), ('"moyen"',), ('"élevé"',)}
    summary = wb["Synthèse"]
    labels = [summary.cell(row=r, column=1).value for r in range(1, summary.max_row + 1)]
    assert "Note finale (élément 9)" in labels and "Risques de niveau élevé" in labels
    # dates inside a sentence are written in full, as French writes them
    values = {summary.cell(row=r, column=1).value: summary.cell(row=r, column=2).value
              for r in range(1, summary.max_row + 1)}
    assert values["Durée"] == "du 1er mars 2026 au 31 août 2027"
    assert values["Validation (chef de bureau)"].endswith(", le 2 février 2026")
    people = wb["Personnes"]
    assert people["A4"].value == "Chef de mission"


def test_the_spanish_workbook_reads_in_spanish(spanish):
    wb = _open(spanish)
    assert wb.sheetnames[:3] == ["Empiece aquí", "Resumen", "Proyecto"]
    ws = wb["Registro de riesgos"]
    assert [c.value for c in ws[3]][5:9] == ["Probabilidad", "Impacto", "Puntuación", "Nivel"]
    assert (ws["F4"].value, ws["G4"].value) == ("medio", "alto")
    plan = wb["Plan de mitigación"]
    assert plan["B4"].value in {workbook_text.words("es").label("MitigationTypes", t)
                                for t, _ in lists()["MitigationTypes"]}
    assert wb["Empiece aquí"]["B4"].value == "Proyecto, Personas"  # sheets named in Spanish
    assert wb["Visibilidad"]["A2"].value.startswith("Donantes y requisitos")
    summary = wb["Resumen"]
    values = {summary.cell(row=r, column=1).value: summary.cell(row=r, column=2).value
              for r in range(1, summary.max_row + 1)}
    assert "del 1 de marzo de 2026 al 31 de agosto de 2027" in values.values()


def test_each_language_gives_the_same_bytes_twice(darvonia):
    for language in OTHERS:
        assert workbook.build(darvonia, language=language)[0] == \
            workbook.build(darvonia, language=language)[0]
        assert workbook.blank(language) == workbook.blank(language)


# --- reading them back ---------------------------------------------------------------

@pytest.mark.parametrize("language", OTHERS)
def test_the_example_round_trips_in_each_language(tmp_path, darvonia, language):
    path = tmp_path / "ira.xlsx"
    path.write_bytes(workbook.build(darvonia, language=language)[0])
    back = import_workbook(path)
    assert back == darvonia
    english = tmp_path / "ira-en.xlsx"
    english.write_bytes(workbook.build(darvonia, language="en")[0])
    assert project_yaml(back) == project_yaml(import_workbook(english))


@pytest.mark.parametrize("language", OTHERS)
def test_a_small_project_round_trips_in_each_language(tmp_path, language):
    project = sp.load(tmp_path, _small())
    path = tmp_path / "ira.xlsx"
    path.write_bytes(workbook.build(project, language=language)[0])
    back = import_workbook(path)
    assert back == project
    assert back.mitigations[0].type.value == "sops"
    assert back.assessment.risks[0].likelihood.value == "high"


def test_the_language_is_known_without_its_defined_name(tmp_path, french, darvonia):
    """A suite that drops the defined name still leaves the sheets' names."""
    wb = _open(french)
    del wb.defined_names["WorkbookLanguage"]
    path = tmp_path / "ira.xlsx"
    wb.save(path)
    assert import_workbook(path) == darvonia


def _edited(tmp_path: Path, data: bytes, sheet: str, ref: str, value: Any) -> Path:
    wb = _open(data)
    wb[sheet][ref] = value
    path = tmp_path / "ira.xlsx"
    wb.save(path)
    return path


@pytest.mark.parametrize(("typed", "why"), [("medium", "English"), ("moyenne", "misspelt"),
                                            ("media", "Spanish")])
def test_a_label_of_another_language_or_misspelt_is_refused_at_its_cell(
        tmp_path, runner, french, typed, why):
    path = _edited(tmp_path, french, "Registre des risques", "F4", typed)
    result = runner.invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2, why
    assert result.output.strip() == (
        f"{path} Registre des risques!F4: probabilité '{typed}' is not a label of this "
        "French workbook's list Ratings; choose one of 'faible', 'moyen', 'élevé'")
    assert "Traceback" not in result.output


def test_a_label_is_read_whatever_its_case_and_spacing(tmp_path, french):
    path = _edited(tmp_path, french, "Registre des risques", "F4", "  Élevé ")
    assert import_workbook(path).assessment.risks[0].likelihood.value == "high"


def test_a_yes_no_and_a_role_in_spanish_are_read(tmp_path, spanish):
    wb = _open(spanish)
    ws = wb["Plan de mitigación"]
    ws["G4"] = "sí"
    wb["Personas"]["A4"] = "Evaluador"  # the row of the Chief of Mission, now an assessor
    path = tmp_path / "ira.xlsx"
    wb.save(path)
    with pytest.raises(InputError) as caught:
        import_workbook(path)
    assert f"{path} Personas!A3: no row has role Jefe de Misión; add one" in [
        str(p) for p in caught.value.problems]
    wb["Personas"]["A4"] = "chief_of_mission"  # the English value: refused once, at its cell
    wb.save(path)
    with pytest.raises(InputError) as caught:
        import_workbook(path)
    assert [str(p) for p in caught.value.problems if "Personas!A4" in str(p)] == [
        f"{path} Personas!A4: función 'chief_of_mission' is not a label of this Spanish "
        "workbook's list Roles; choose one of 'Jefe de Misión', 'Evaluador', 'Aprobada por', "
        "'Coordinador del gobierno', 'Homólogo de la OIM', 'Responsable del seguimiento', "
        "'Gerente del programa', 'Participación decidida por'"]
    wb["Personas"]["A4"] = "Jefe de Misión"
    wb.save(path)
    assert import_workbook(path).mitigations[0].budgeted is True


def test_an_error_names_the_sheet_as_the_workbook_does(tmp_path):
    path = tmp_path / "ira.xlsx"
    path.write_bytes(workbook.blank("es"))
    with pytest.raises(InputError) as caught:
        load_project(path)
    messages = [str(p) for p in caught.value.problems]
    assert f"{path} Proyecto!B6: título is empty; fill it in" in messages
    assert not any("Project!" in m for m in messages)


# --- the command line ----------------------------------------------------------------

def test_init_writes_a_blank_in_the_language_asked(runner, tmp_path):
    result = runner.invoke(cli, ["init", str(tmp_path / "w"), "--workbook", "--lang", "fr"])
    assert result.exit_code == 0, result.output
    assert "start with the 'Commencer ici' sheet" in result.output
    wb = openpyxl.load_workbook(tmp_path / "w" / "ira.xlsx")
    assert wb.sheetnames[0] == "Commencer ici"
    assert wb["Projet"]["B12"].value == "fr"  # the documents' language, to change if need be
    result = runner.invoke(cli, ["init", str(tmp_path / "e"), "--workbook", "--lang", "es",
                                 "--example", "darvonia"])
    assert result.exit_code == 0, result.output
    assert "Registro de riesgos" in openpyxl.load_workbook(
        tmp_path / "e" / "ira.xlsx").sheetnames
    result = runner.invoke(cli, ["init", str(tmp_path / "y"), "--lang", "fr"])
    assert result.exit_code == 2
    assert "--lang is the language of the workbook; give it with --workbook" in result.output


def test_build_writes_the_workbook_in_the_build_language_and_reads_it_back(
        runner, tmp_path, example_path):
    out = tmp_path / "out"
    result = runner.invoke(cli, ["build", str(example_path), "--lang", "fr", "--only", "ira",
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "IRA workbook" not in result.output  # wholly French: no English part to warn of
    made = out / "drv-esse-police-ira.xlsx"
    assert "Registre des risques" in openpyxl.load_workbook(made).sheetnames
    again = tmp_path / "again"
    result = runner.invoke(cli, ["build", str(made), "--only", "ira", "-o", str(again)])
    assert result.exit_code == 0, result.output
    assert load_project(again / "project.yaml") == load_project(example_path)


# --- formulas that test a label ------------------------------------------------------

@pytest.mark.parametrize("language", OTHERS)
@pytest.mark.parametrize("name", ["darvonia", "made-here"])
def test_every_formula_evaluates_in_each_language(name, language):
    """Score, level and the Summary's counts compare labels ("élevé", "sops"'s label):
    evaluated without an office suite, they give the toolkit's figures."""
    from test_workbook_formulas import PROJECTS, Evaluator, _project, _same

    project = _project(PROJECTS[name]())
    data, expected = workbook.build(project, language=language)
    evaluator = Evaluator(_open(data))
    wrong = {}
    for ref, value in expected.items():
        sheet, cell = ref.split("!")
        found = evaluator.cell(sheet, cell)
        if not _same(value, found):
            wrong[ref] = (value, found)
    assert len(expected) >= 600
    assert wrong == {}
    levels = {value for ref, value in expected.items() if ref.startswith(
        layout(language).sheet("Risk register").name + "!I") and value}
    assert levels <= set(workbook_text.words(language).labels("Ratings"))
    assert levels  # the example's risks have levels, written in the language
