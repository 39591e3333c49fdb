"""The assessment's reasoning in French and Spanish (issue 15): the IRA workbook's computed
sheets and ``hrdd explain --lang`` write the reasons from ``templates/reasons/text/``.

Each small project reaches one branch of the reasoning (a coast guard, a group outside
State structures, exempt-only support, a high risk without an integrated measure, a
failed precondition, an unrated element, a weapon word); its French and Spanish workbooks
hold no fixed English of the reasons catalog and one exact sentence of that branch.
"""

from __future__ import annotations

import io
import re
from typing import Any

import cases
import openpyxl
import pytest

from hrdd_docs import assess, catalog, localized, reasons
from hrdd_docs.cli import cli
from hrdd_docs.errors import InputError
from hrdd_docs.render import workbook
from hrdd_docs.render.workbook_text import words

NB = "\u00a0"
COMPUTED = ("Summary", "Action 1 applicability", "Action 2 preconditions", "Clause rationale")


def computed_cells(project: Any, language: str, library: Any = None) -> dict[str, list[str]]:
    """The text cells of the computed sheets of ``project``'s workbook in ``language``.

    The clause rationale's "source" column is left out: it cites the Toolkit as the
    clause file writes it (English, clauses/)."""
    with localized.rendering((language,)), localized.documents_of(project):
        (output,) = workbook.render(project, library)
    wb = openpyxl.load_workbook(io.BytesIO(output.data))
    names = {sheet_id: words(language)(f"{re.sub(r'[^a-z0-9]+', '_', sheet_id.lower())}.name")
             for sheet_id in COMPUTED}
    cells: dict[str, list[str]] = {}
    for sheet_id, name in names.items():
        ws = wb[name]
        found = []
        for row in ws.iter_rows():
            for cell in row:
                if sheet_id == "Clause rationale" and cell.column == 5:
                    continue
                if isinstance(cell.value, str) and not cell.value.startswith("="):
                    found.append(cell.value)
        cells[sheet_id] = found
    return cells


def _english_fragments() -> set[str]:
    """The fixed English of the reasons catalog, in pieces of 14 characters or more that no
    French or Spanish entry also holds (an id list, "(Action 1)", MEDEVAC)."""
    other = " ".join(catalog.entries(reasons.KIND, code)[k]
                     for code in ("fr", "es") for k in catalog.entries(reasons.KIND, "en"))
    pieces = set()
    for text in catalog.entries(reasons.KIND, "en").values():
        for piece in re.split(r"\{\{[^}]*\}\}|\{%[^%]*%\}", text):
            piece = piece.strip(" ,.;:()'")
            if len(piece) >= 14 and piece not in other:
                pieces.add(piece)
    return pieces


ENGLISH = _english_fragments()


def assert_no_english(cells: dict[str, list[str]]) -> None:
    text = "\n".join(t for found in cells.values() for t in found)
    for piece in ENGLISH:
        assert piece not in text, piece
    for word in (" is rated ", " provides ", " is tagged ", "because", " is not met"):
        assert word not in text, word


def test_the_english_fragments_are_sentences_of_the_catalog():
    assert "is stated not to be a weapon" in ENGLISH
    assert "Does the project engage with non-UN security forces as the HRDDP defines them?" \
        in ENGLISH
    with pytest.raises(AssertionError):
        assert_no_english({"x": ["la PDVDH s'applique; no activity donates items"]})


def test_the_english_reasons_are_unchanged(tmp_path):
    """``hrdd assess`` prints what it printed before the reasons became data."""
    project = cases.load(tmp_path, cases.high_risk(cases.base()))
    block = next(b for b in assess.blocking(project) if b.kind == "high_risk")
    assert block.message == ("risk 'r-ejk' is high and none of its measures (m-exclude) is "
                             "integrated into the plan of activities")
    assert isinstance(block.message, reasons.Reason)
    assert assess.applicability(project).path[1].detail == "equipment"


def _flat(cells: dict[str, list[str]], sheet: str) -> str:
    return "\n".join(cells[sheet])


# --------------------------------------------------------------------------- branches


def _unrated(data: dict[str, Any]) -> dict[str, Any]:
    data["assessment"]["elements"]["general_context"] = {}
    return data


def _failed(data: dict[str, Any]) -> dict[str, Any]:
    data["preconditions"]["national_ownership"]["request_via_national_authority"] = False
    return data


def _weapon(data: dict[str, Any]) -> dict[str, Any]:
    data["activities"][0]["items"][0]["description"] = "Gun cleaning kit"
    return data


BRANCHES = {
    "coast guard": (cases.retentionist_sea_and_detention, "Clause rationale", {
        "fr": f"le bénéficiaire kcg relève de la catégorie «{NB}garde-côtes et sécurité "
              f"portuaire{NB}»",
        "es": "el beneficiario kcg pertenece a la categoría «guardacostas y seguridad "
              "portuaria»"}),
    "retentionist": (cases.retentionist_sea_and_detention, "Action 2 preconditions", {
        "fr": "le pays est non abolitionniste (maintient la peine de mort)",
        "es": "el país es retencionista (mantiene la pena de muerte)"}),
    "outside the State": (cases.non_state_group, "Action 2 preconditions", {
        "fr": f"Northern Front Militia agit hors des structures de l'État (note 8){NB}: "
              "l'appropriation nationale passe par le seul gouvernement hôte, de sorte que le "
              "mémorandum d'accord est conclu avec le gouvernement de Kestavia et que "
              "Northern Front Militia ne signe rien",
        "es": "Northern Front Militia actúa fuera de las estructuras del Estado (nota 8): la "
              "implicación nacional pasa únicamente por el gobierno anfitrión, por lo que el "
              "memorando de entendimiento se celebra con el Gobierno de Kestavia"}),
    "exempt only": (cases.exempt_only, "Action 1 applicability", {
        "fr": "Une évaluation des risques au titre de la PDVDH n'est pas obligatoire pour un "
              "appui exempté, mais il peut être prudent d'évaluer les risques pour la "
              "réputation de l'Organisation.",
        "es": "La evaluación de riesgos prevista en la política de diligencia debida no es "
              "obligatoria para el apoyo exento"}),
    "high risk": (cases.high_risk, "Summary", {
        "fr": f"- Action 4{NB}: le risque «{NB}r-ejk{NB}» est élevé et aucune de ses mesures "
              "(m-exclude) n'est intégrée au plan d'activités (mitigations[1].integrated)",
        "es": "- Acción 4: el riesgo «r-ejk» es alto y ninguna de sus medidas (m-exclude) "
              "está integrada en el plan de actividades (mitigations[1].integrated)"}),
    "failed precondition": (_failed, "Summary", {
        "fr": f"- Action 2(a){NB}: la condition préalable «{NB}Appropriation nationale{NB}» "
              f"n'est pas remplie{NB}: demande présentée par Ministry of Interior of "
              "Kestavia, et non par l'intermédiaire des autorités nationales qui commandent "
              "la force",
        "es": "- Acción 2(a): no se cumple la condición previa «Implicación nacional»: "
              "solicitud presentada por Ministry of Interior of Kestavia, y no por conducto "
              "de las autoridades nacionales que mandan la fuerza"}),
    "unrated element": (_unrated, "Summary", {
        "fr": f"l'évaluation n'est pas achevée{NB}: l'élément «{NB}Situation générale des "
              f"droits de l'homme et de l'état de droit dans le pays{NB}» n'est pas noté",
        "es": "la evaluación no está concluida: el elemento «Situación general de los "
              "derechos humanos y del estado de derecho en el país» no tiene calificación"}),
    "weapon word": (_weapon, "Action 2 preconditions", {
        "fr": f"le bien «{NB}Gun cleaning kit{NB}» de l'activité «{NB}kits{NB}»{NB}: sa "
              f"description mentionne une arme («{NB}gun{NB}»), ce que l'OIM ne fournit pas",
        "es": "el bien «Gun cleaning kit» de la actividad «kits»: su descripción menciona un "
              "arma («gun»), que la OIM no suministra"}),
}


@pytest.mark.parametrize("language", ["fr", "es"])
@pytest.mark.parametrize("branch", list(BRANCHES))
def test_each_branch_is_written_in_the_workbook_language(tmp_path, branch, language):
    change, sheet, expected = BRANCHES[branch]
    project = cases.load(tmp_path, change(cases.base()))
    cells = computed_cells(project, language)
    assert expected[language] in _flat(cells, sheet)
    assert_no_english(cells)


@pytest.mark.parametrize("language", ["fr", "es"])
def test_darvonia_computed_sheets_hold_no_english_reason(darvonia, language):
    cells = computed_cells(darvonia, language)
    assert_no_english(cells)
    rationale = _flat(cells, "Clause rationale")
    assert {"fr": f"la note finale est «{NB}moyen{NB}»",
            "es": "la calificación final es «medio»"}[language] in rationale
    assert {"fr": "variante la plus stricte, retenue à la place de mon-reporting-periodic",
            "es": "variante más estricta, elegida en lugar de mon-reporting-periodic"
            }[language] in rationale
    assert {"fr": "Mémorandum d'accord", "es": "Memorando de Entendimiento"}[language] \
        in cells["Clause rationale"]
    assert "Memorandum of Understanding" not in rationale


def test_an_english_workbook_keeps_the_english_reasons(darvonia):
    cells = computed_cells(darvonia, "en")
    assert "the final rating is not set" not in _flat(cells, "Clause rationale")
    assert "final rating is medium" in _flat(cells, "Clause rationale")
    assert "Memorandum of Understanding" in cells["Clause rationale"]


# --------------------------------------------------------------------------- the catalog


@pytest.mark.parametrize("language", ["fr", "es"])
def test_every_reason_key_exists_in_each_language(language):
    assert catalog.stale(reasons.KIND, language) == []
    assert set(catalog.entries(reasons.KIND, language)) == set(
        catalog.entries(reasons.KIND, "en"))


@pytest.fixture
def broken_french(monkeypatch):
    real = catalog._read

    def read(kind: str, language: str) -> dict[str, Any]:
        data = dict(real(kind, language))
        if kind == reasons.KIND and language == "fr":
            del data["trigger.tag"]
        return data

    catalog.entries.cache_clear()
    monkeypatch.setattr(catalog, "_read", read)
    yield
    monkeypatch.undo()
    catalog.entries.cache_clear()


def test_a_missing_french_reason_stops_the_build_with_exit_2(broken_french, runner,
                                                             example_path, tmp_path):
    with pytest.raises(InputError, match=r"trigger\.tag: missing; add its French text"):
        reasons.checked("fr")
    result = runner.invoke(cli, ["build", str(example_path), "-o", str(tmp_path / "out"),
                                 "--lang", "fr", "--only", "ira"])
    assert result.exit_code == 2, result.output
    assert "templates/reasons/text/fr.yaml" in result.stderr
    assert "trigger.tag: missing; add its French text" in result.stderr
    assert "Traceback" not in result.output
    explained = runner.invoke(cli, ["explain", str(example_path), "--lang", "fr"])
    assert explained.exit_code == 2
    assert "trigger.tag: missing" in explained.stderr


# --------------------------------------------------------------------------- explain


@pytest.mark.parametrize(("language", "expected"), [
    ("fr", "because le risque r-ejk porte l'étiquette unit_record"),
    ("es", "because el riesgo r-ejk lleva la etiqueta unit_record"),
    ("en", "because risk r-ejk is tagged unit_record"),
])
def test_explain_prints_the_reasons_in_the_asked_language(runner, example_path, language,
                                                          expected):
    result = runner.invoke(cli, ["explain", str(example_path), "--lang", language])
    assert result.exit_code == 0, result.output
    assert expected in result.output
    if language != "en":
        for piece in ENGLISH:
            assert piece not in result.output, piece


def test_explain_help_no_longer_says_the_reasons_stay_english(runner):
    result = runner.invoke(cli, ["explain", "--help"])
    assert "reasons stay English" not in result.output
    assert "with the reasons in that language" in " ".join(result.output.split())
