"""The notice letter and the procedure sheet in English, French and Spanish (issue 15).

The notice (Action 4) is external: a French build writes it in French, or stops with
exit 2 naming each value that has no French text; it never writes English under a
French build. The procedure sheet (Box 7) is internal: its fixed sentences are in the
build's language; a value with no text in that language is printed as the project file
writes it, and the build says so.
"""

from __future__ import annotations

import copy
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from cases import AS_OF, base, exempt_only, high_risk, non_state_group
from conftest import write_project
from readback import all_xml_text, docx_text, paragraphs

from hrdd_docs import catalog, localized, procedure, resources
from hrdd_docs.cli import cli
from hrdd_docs.loading import load_project
from hrdd_docs.outputs import BuildInfo
from hrdd_docs.render import notice as render_notice
from hrdd_docs.render import sop as render_sop
from hrdd_docs.render.docx import template_variables

NBSP = "\u00a0"
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
ID = "kst-border"
NOTICE = f"{ID}-notice-kbp.docx"

# The values the notice prints, in French and Spanish (the base case of tests/cases.py).
VARIANTS: dict[tuple[str | int, ...], dict[str, str]] = {
    ("project", "title"): {"fr": "Appui à la gestion des frontières en Kestavie",
                           "es": "Apoyo a la gestión de fronteras en Kestavia"},
    ("project", "country"): {"fr": "la Kestavie", "es": "Kestavia"},
    ("project", "office"): {"fr": "OIM Kestavie", "es": "OIM Kestavia"},
    ("project", "chief_of_mission", "title"): {"fr": "Cheffe de mission",
                                               "es": "Jefa de Misión"},
    ("recipients", 0, "name"): {"fr": "la Police des frontières kestavienne",
                                "es": "la Policía de Fronteras de Kestavia"},
    ("recipients", 0, "authority"): {"fr": "le Ministère de l'intérieur de la Kestavie",
                                     "es": "el Ministerio del Interior de Kestavia"},
    ("preconditions", "national_ownership", "requested_by"): {
        "fr": "le Ministère de l'intérieur de la Kestavie",
        "es": "el Ministerio del Interior de Kestavia"},
    ("preconditions", "national_ownership", "government_focal_point", "title"): {
        "fr": "Directrice des frontières", "es": "Directora de Fronteras"},
    ("preconditions", "national_ownership", "iom_counterpart", "title"): {
        "fr": "Chef de projet", "es": "Jefe de Proyecto"},
}


def translated(data: dict[str, Any], *languages: str) -> dict[str, Any]:
    """``data`` with the French and/or Spanish text of every value the notice prints."""
    data = copy.deepcopy(data)
    for path, texts in VARIANTS.items():
        node: Any = data
        for key in path[:-1]:
            node = node[key]
        english = node[path[-1]]
        node[path[-1]] = {"en": english, **{k: texts[k] for k in languages}}
    return data


def blocked() -> dict[str, Any]:
    """The base case with a high risk whose only measure is not integrated: the notice."""
    return high_risk(base())


def build(runner: Any, tmp_path: Path, data: dict[str, Any], *args: str) -> Any:
    path = write_project(tmp_path, data)
    return runner.invoke(cli, ["build", str(path), "-o", str(tmp_path / "out"),
                               "--as-of", AS_OF, *args])


def notice_in(tmp_path: Path, data: dict[str, Any], language: str) -> bytes:
    project = load_project(write_project(tmp_path, data))
    with localized.rendering((language,)), localized.gathering(project):
        (output,) = render_notice.render(project)
    return output.data


def fr(text: str) -> str:
    """French typography: a no-break space before : ; and inside « »."""
    for mark in (":", ";", "»"):
        text = text.replace(f" {mark}", f"{NBSP}{mark}")
    return text.replace("« ", f"«{NBSP}")


# The notice letter -----------------------------------------------------------------------


def test_a_french_build_of_a_blocked_project_writes_the_notice_in_french(runner, tmp_path):
    result = build(runner, tmp_path, translated(blocked(), "fr"), "--lang", "fr")
    assert result.exit_code == 3, result.output
    text = docx_text((tmp_path / "out" / NOTICE).read_bytes())
    for expected in (
        "Ministère de l'intérieur de la Kestavie\nKestavie\n",  # the address, no article
        fr("Objet : appui proposé à la Police des frontières kestavienne au titre du projet "
           "« Appui à la gestion des frontières en Kestavie » (KS-BM-0101)"),
        "L'OIM, agissant par l'intermédiaire d'OIM Kestavie, a examiné l'appui qu'il est "
        "proposé d'apporter à la Police des frontières kestavienne",
        "à la demande du Ministère de l'intérieur de la Kestavie.",
        "politique de diligence voulue en matière de droits de l'homme",
        "Au terme de cette évaluation, l'OIM n'est pas en mesure, à ce stade, d'apporter "
        "l'appui proposé.",
        fr("points focaux désignés dès l'origine : Ines Caro (Directrice des frontières) "
           "pour le Gouvernement et Omar Bell (Chef de projet) pour l'OIM."),
        "entre l'OIM et le Ministère de l'intérieur de la Kestavie.",
        "Veuillez agréer l'assurance de ma haute considération.",
        "Pour OIM Kestavie", fr("Fonction :"), "Cheffe de mission",
        "Notification relative à l'appui proposé · KS-BM-0101", "Page 1 sur 1",
    ):
        assert expected in text, expected
    for english in ("Subject", "IOM", "support", "shall", "Yours", "Ministry", "Title:"):
        assert english not in text, english


def test_a_spanish_notice_reads_as_a_spanish_letter(tmp_path):
    text = docx_text(notice_in(tmp_path, translated(blocked(), "es"), "es"))
    for expected in (
        "Ministerio del Interior de Kestavia\nKestavia\n",
        "Asunto: apoyo propuesto a la Policía de Fronteras de Kestavia en el marco del "
        "proyecto «Apoyo a la gestión de fronteras en Kestavia» (KS-BM-0101)",
        "La OIM, por conducto de OIM Kestavia, ha examinado el apoyo",
        "a solicitud del Ministerio del Interior de Kestavia.",
        "política de diligencia debida en materia de derechos humanos",
        "e investiguen y sancionen las que se cometan;",
        "Ines Caro (Directora de Fronteras) por el Gobierno y Omar Bell (Jefe de Proyecto) "
        "por la OIM.",
        "con el Ministerio del Interior de Kestavia", "Atentamente,", "Cargo:",
        "Notificación relativa al apoyo propuesto · KS-BM-0101", "Página 1 de 1",
    ):
        assert expected in text, expected
    for english in ("Subject", "IOM", "support", "shall", "Yours", "Ministry", "Title:"):
        assert english not in text, english


def test_a_french_notice_without_french_values_is_refused_naming_each_field(runner,
                                                                            tmp_path):
    result = build(runner, tmp_path, blocked(), "--lang", "fr")
    assert result.exit_code == 2, result.output
    for field in ("project.title", "project.office", "recipients[0].name",
                  "recipients[0].authority", "preconditions.national_ownership.requested_by",
                  "project.chief_of_mission.title"):
        assert f" {field}: has no French text, which the fr documents print" in \
            result.stderr, field
    assert not (tmp_path / "out").exists()  # no English letter under a French build


def test_the_english_notice_is_the_letter_it_was(tmp_path):
    text = docx_text(notice_in(tmp_path, blocked(), "en"))
    for expected in (
        "The Ministry of Interior of Kestavia\nKestavia\nDate: _______________________\n"
        "Subject: support proposed to the Kestavian Border Police, under the project "
        "“Border management support in Kestavia” (KS-BM-0101)\n",
        "IOM, acting through IOM Kestavia, has considered the support proposed to the "
        "Kestavian Border Police, under the project “Border management support in "
        "Kestavia”, as requested by the Ministry of Interior of Kestavia.",
        "Measures of that kind include, as the case requires, that:\nthe responsible "
        "authorities act to prevent violations",
        "the focal points designated at the outset: Ines Caro (Director of Borders) for the "
        "Government and Omar Bell (Project Manager) for IOM. This notice does not set out",
        "Nothing in or relating to this notice shall be deemed a waiver",
        "Yours sincerely,", "KS-BM-0101/NTC/01\tNotice concerning proposed support · "
        "KS-BM-0101", "IOM Kestavia\tPage 1 of 1",
    ):
        assert expected in text, expected


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "The Government of Kestavia\nKestavia\n"),
    ("fr", "Gouvernement de la Kestavie\nKestavie\n"),
    ("es", "Gobierno de Kestavia\nKestavia\n"),
])
def test_a_notice_about_a_group_outside_the_state_goes_to_the_government(
        tmp_path, language, expected):
    data = non_state_group(base())
    data = high_risk(data, recipients=["nfl"])
    data["recipients"][1]["name"] = {"en": "Northern Front Militia",
                                     "fr": "la Milice du Front du Nord",
                                     "es": "la Milicia del Frente Norte"}
    data = translated(data, "fr", "es") if language != "en" else data
    project = load_project(write_project(tmp_path, data))
    with localized.rendering((language,)), localized.gathering(project):
        (output,) = render_notice.render(project)
    text = docx_text(output.data)
    assert text.startswith(expected), text[:80]
    if language == "fr":
        assert "avec le Gouvernement de la Kestavie les mesures" in text
        assert "à la Milice du Front du Nord" in text
    if language == "es":
        assert "con el Gobierno de Kestavia las medidas" in text


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_every_notice_tag_is_supplied(tmp_path, language):
    project = load_project(write_project(tmp_path, translated(blocked(), "fr", "es")))
    wanted = template_variables(resources.folder("templates", "notice",
                                                 f"template.{language}.docx"))
    with localized.rendering((language,)), localized.gathering(project):
        given = render_notice.context(project, project.recipients[0], language)
    assert wanted - set(given) == set()


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_notice_holds_no_finding_in_any_language(tmp_path, language):
    data = translated(blocked(), "fr", "es")
    everything = all_xml_text(notice_in(tmp_path, data, language))
    for text in ("Killings by the Rapid Unit", "Kits used outside", "r-ejk", "Rapid Unit",
                 "One medium risk", "medium", "Exclude the unit"):
        assert text not in everything, text


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_notice_catalog_is_complete_and_current(language):
    assert catalog.stale("notice", language) == []
    assert set(catalog.entries("notice", language)) == set(catalog.entries("notice", "en"))


# The procedure sheet ---------------------------------------------------------------------

SHEET_DAY = date(2026, 11, 27)  # periods 1 and 2 of Darvonia have ended


def sheet_in(project: Any, language: str, as_of: date = SHEET_DAY) -> str:
    with localized.rendering((language,)), localized.gathering(project):
        (output,) = render_sop.render(project, build=BuildInfo(as_of, ("sop",)))
    return "\n".join(paragraphs(output.data))


def small(tmp_path: Path, data: dict[str, Any]) -> Any:
    return load_project(write_project(tmp_path, data))


def test_the_french_sheet_of_darvonia_reads_as_a_french_procedure(darvonia):
    text = sheet_in(darvonia, "fr")
    for expected in (
        "Procédure interne d'intervention, de suspension ou de cessation de l'appui",
        "PDVDH, action 7 · Situation au 27 novembre 2026",
        "Darvonie\u00a0: le site de personnes déplacées de Natite, la province d'Esse (du 1er "
        "mars 2026 au 31 août 2027)",
        "Moyen/Élevé",
        "Note finale «\u00a0moyen\u00a0» dans l'évaluation du 15 janvier 2026\u00a0; l'élément "
        "le plus élevé est noté «\u00a0élevé\u00a0».",
        "Point focal au sein de la Force de police darvonienne, commandement de la province "
        "d'Esse",
        "Commandant Itano Selsami, Commandant de la province d'Esse",
        "Évaluation des risques achevée\nOui",
        "au moyen des cinq indicateurs de suivi mesurés tous les trois mois",
        "☐  Y remédier par les voies de communication convenues avec le point focal",
        "par périodes de trois mois à compter du début du projet",
        "1\n1er mars 2026\n31 mai 2026\nRésultats enregistrés",
        "3\n1er septembre 2026\n30 novembre 2026\nPas encore échue",
        "échéances 15 janvier 2027.",
        "Résultat A\u00a0: violations traitées\u00a0; les activités se poursuivent\nLe 5 août 2026",
        "Il n'existe pas de mécanisme de pays de l'ONU chargé de la PDVDH dans le pays",
        "Pour OIM\u00a0: chef de mission", "Fonction\u00a0:", "Cheffe de mission",
    ):
        assert expected in text, expected


def test_the_spanish_sheet_of_darvonia_reads_as_a_spanish_procedure(darvonia):
    text = sheet_in(darvonia, "es")
    for expected in (
        "Procedimiento interno de intervención, suspensión o cese del apoyo",
        "Situación al 27 de noviembre de 2026",
        "(del 1 de marzo de 2026 al 31 de agosto de 2027)",
        "Medio/Alto", "Coordinador en la Fuerza de Policía",
        "mediante los cinco indicadores de seguimiento medidos cada tres meses",
        "Evaluación de riesgos concluida\nSí",
        "por períodos de tres meses a partir del inicio del proyecto",
        "vencimientos 15 de enero de 2027.",
        "Resultado A: violaciones abordadas; las actividades continúan\nEl 5 de agosto de 2026",
        "No existe en el país un mecanismo de las Naciones Unidas", "Cargo:",
    ):
        assert expected in text, expected


@pytest.mark.parametrize("language", ["fr", "es"])
def test_no_fixed_english_sentence_is_left_in_the_sheet(darvonia, language):
    text = sheet_in(darvonia, language)
    for value in english_values(darvonia):  # printed as written: no French text given
        text = text.replace(value, "")
    for sentence in catalog.entries("sop", "en").values():
        fixed = max(re.split(r"\{[{%].*?[}%]\}", sentence), key=len).strip(" .:;,()")
        if len(fixed) > 12:
            assert fixed not in text, fixed
    assert not re.search(r"\b(the|and|of|shall|is|Step|Result|Period)\b", text), re.search(
        r".{30}\b(the|and|of|shall|is|Step|Result|Period)\b.{30}", text)


def english_values(project: Any) -> list[str]:
    """The Darvonia values the sheet prints as written, having no French or Spanish text."""
    found = [str(i.detected) for i in project.procedure.log]
    found += [str(i.source) for i in project.procedure.log if i.source]
    found += [str(i.action_taken) for i in project.procedure.log if i.action_taken]
    found += [str(project.procedure.communication), str(project.procedure.suspend_when),
              str(project.procedure.cease_when)]
    manager = project.procedure.programme_manager
    found += [str(manager.title), str(project.assessment.endorsement.title)]
    return found


@pytest.mark.parametrize("language", ["fr", "es"])
def test_a_blocked_sheet_says_what_blocks_in_its_language(tmp_path, language):
    data = blocked()
    data["assessment"]["elements"]["accountability"]["rating"] = "high"
    data["assessment"]["final"]["rating"] = "high"
    data["mitigations"] = [m for m in data["mitigations"] if m["id"] != "m-deed"]
    data["assessment"]["risks"][0]["likelihood"] = "high"
    data["assessment"]["risks"][0]["impact"] = "high"
    data["preconditions"]["death_penalty"]["recipient_enforces"] = True
    text = sheet_in(small(tmp_path, data), language, date(2026, 5, 15))
    expected = {
        "fr": ["L'appui est bloqué\u00a0: l'OIM ne s'engage pas",
               "– Action 2(b)\u00a0: la condition préalable «\u00a0Non-application de la peine "
               "de mort\u00a0» n'est pas remplie\u00a0: une force bénéficiaire de l'appui "
               "applique directement la peine de mort",
               "(preconditions.death_penalty.recipient_enforces)",
               "– Action 4\u00a0: le risque «\u00a0r-misuse\u00a0» est élevé et aucune mesure "
               "d'atténuation n'y répond (assessment.risks[0])",
               "– Action 4\u00a0: le risque «\u00a0r-ejk\u00a0» est élevé et aucune de ses "
               "mesures (m-exclude) n'est intégrée au plan d'activités "
               "(mitigations[0].integrated)",
               "– Action 4\u00a0: la note finale est «\u00a0élevé\u00a0» et aucune mesure "
               "d'atténuation n'est intégrée au plan d'activités (mitigations)",
               "– l'appui est bloqué (voir le haut de la présente fiche)",
               "– la mesure «\u00a0m-exclude\u00a0» n'est pas intégrée au plan d'activités "
               "(mitigations[0].integrated)",
               "Élevé\n"],
        "es": ["El apoyo está bloqueado: la OIM no se compromete",
               "– Acción 2(b): no se cumple la condición previa «No aplicación de la pena de "
               "muerte»: una fuerza que recibe apoyo aplica directamente la pena de muerte",
               "– Acción 4: el riesgo «r-misuse» es alto y ninguna medida de mitigación lo "
               "aborda (assessment.risks[0])",
               "– Acción 4: la calificación final es «alto» y ninguna medida de mitigación",
               "Alto\n"],
    }[language]
    for line in expected:
        assert line in text, line
    assert "precondition '" not in text and "risk '" not in text


@pytest.mark.parametrize("language", ["fr", "es"])
def test_what_the_assessment_and_monitoring_lack_is_said_in_the_sheets_language(
        tmp_path, language):
    data = base()
    del data["assessment"]["endorsement"]
    data["assessment"]["final"]["rating"] = "low"
    data["assessment"]["final"].pop("rationale")
    for name in ("general_context", "accountability"):
        del data["assessment"]["elements"][name]["rating"]
    data["monitoring"]["indicators"] = data["monitoring"]["indicators"][:1]
    text = sheet_in(small(tmp_path, data), language, date(2026, 9, 15))
    expected = {
        "fr": ["– 2 des 8 éléments ne sont pas notés (1. Situation générale",
               "\u00a0; 3. ", "(assessment.elements)",
               "– la note finale (faible) est inférieure à celle de l'élément le plus élevé "
               "(moyen) et aucune justification n'en explique la raison "
               "(assessment.final.rationale)",
               "– le chef de bureau n'a pas approuvé l'évaluation (assessment.endorsement)",
               "– aucun indicateur ne mesure l'efficacité des mesures d'atténuation",
               "– aucun résultat n'est enregistré pour la période 1 (i-viol)",
               "Pas encore approuvée par le chef de bureau."],
        "es": ["– 2 de los 8 elementos no tienen calificación (1. ",
               "– el Jefe de Oficina no ha aprobado la evaluación (assessment.endorsement)",
               "– ningún indicador mide si las medidas de mitigación son eficaces",
               "– no consta ningún resultado para el período 1 (i-viol)",
               "Todavía no aprobada por el Jefe de Oficina."],
    }[language]
    for line in expected:
        assert line in text, line
    assert "the Head of Office" not in text and "no indicator" not in text


def test_every_gap_and_block_the_sheet_prints_has_its_reason_in_each_language(tmp_path):
    """The sheet prints what ``hrdd assess`` says: each gap and block of several small
    projects is a reason of ``templates/reasons/text/`` (its English is the message), and
    the French and Spanish sheets write it from that catalog, never "see hrdd assess"."""
    from hrdd_docs import assess, gaps, reasons
    from hrdd_docs.procedure import blocks, gap_message

    projects = []
    one = base()
    del one["assessment"]["endorsement"]
    del one["assessment"]["elements"]["legal_framework"]["rating"]
    one["monitoring"]["indicators"] = []
    projects.append(one)
    two = base()
    two["assessment"]["final"]["rating"] = "low"
    two["assessment"]["final"].pop("rationale")
    two["assessment"].pop("date")
    two["assessment"]["assessors"] = []
    two["monitoring"]["indicators"] = two["monitoring"]["indicators"][1:]
    projects.append(two)
    three = base()
    for element in three["assessment"]["elements"].values():
        element.pop("rating")
    three["assessment"]["final"].pop("rating")
    projects.append(three)
    projects.append({k: v for k, v in base().items() if k not in ("assessment",
                                                                  "mitigations")})
    four = high_risk(base())
    four["assessment"]["risks"].append({
        "id": "r-x", "description": "X", "element": "project_risks", "likelihood": "high",
        "impact": "high", "groups": ["migrants"], "tags": []})
    four["assessment"]["final"]["rating"] = "high"
    four["assessment"]["elements"]["accountability"]["rating"] = "high"
    projects.append(four)
    five = base()
    ownership = five["preconditions"]["national_ownership"]
    ownership.update(request_via_national_authority=False, executive_government_aware=False,
                     operating_independently=True)
    del ownership["government_focal_point"], ownership["iom_counterpart"]
    five["preconditions"]["death_penalty"].update(recipient_enforces=True,
                                                  support_could_enable=True)
    five["preconditions"]["weapons"].update(weapons_or_ammunition=True,
                                            weapons_related_support=True)
    five["preconditions"]["combat_capacity"].update(aim_immediate_combat=True,
                                                    combat_support_in_hostilities=True)
    projects.append(five)
    day = date(2026, 12, 1)
    checked = 0
    for n, data in enumerate(projects):
        folder = tmp_path / str(n)
        folder.mkdir()
        project = small(folder, data)
        for gap in [*assess.completion(project), *gaps.monitoring(project, day,
                                                                  sources=False)]:
            assert isinstance(gap.message, reasons.Reason), gap.code
            for language in ("fr", "es"):
                written = gap_message(project, gap, language, day)
                assert written == reasons.say(gap.message, language) != gap.message
                assert "hrdd assess" not in written, gap.code
            checked += 1
        for block, fr in zip(assess.blocking(project), blocks(project, "fr"), strict=True):
            assert isinstance(block.message, reasons.Reason)
            assert fr["message"] == reasons.say(block.message, "fr") != block.message
            checked += 1
    assert checked >= 23


def test_an_unknown_gap_points_to_hrdd_assess(tmp_path):
    from hrdd_docs.assess import Gap
    from hrdd_docs.procedure import gap_message

    project = small(tmp_path, base())
    gap = Gap("something-new", "Action 5", "an English message", "mitigations")
    assert gap_message(project, gap, "fr") == ("voir hrdd assess, qui en donne le détail en "
                                               "anglais")
    assert gap_message(project, gap, "en") == "an English message"


@pytest.mark.parametrize(("language", "expected"), [
    ("fr", ["Il existe un mécanisme de pays de l'ONU chargé de la PDVDH et l'OIM y "
            "participe\u00a0: les procédures opérationnelles permanentes de pays relatives à la "
            "PDVDH (RC/HRDDP/SOP/2024) s'appliquent, et le Coordonnateur résident communique "
            "officiellement toute cessation",
            "Conformément aux procédures opérationnelles permanentes de pays relatives à la "
            "PDVDH (RC/HRDDP/SOP/2024), la ligne d'action est coordonnée",
            "la cessation y est décidée et le Coordonnateur résident la communique.",
            "La décision relative à la participation a été prise par Mira Solenne, Cheffe de "
            "bureau."]),
    ("es", ["Existe un mecanismo de país de las Naciones Unidas encargado de la política de "
            "diligencia debida y la OIM participa en él",
            "y el Coordinador Residente comunica formalmente todo cese del apoyo"]),
])
def test_the_country_mechanism_variant_in_french_and_spanish(tmp_path, language, expected):
    data = base()
    data["country_mechanism"] = {
        "exists": True, "iom_participates": True, "gpraf_available": True,
        "senior_un_official": {"en": "Resident Coordinator", "fr": "le Coordonnateur résident",
                               "es": "el Coordinador Residente"},
        "sop_reference": "RC/HRDDP/SOP/2024",
        "participation_decided_by": {"name": "Mira Solenne", "title": {
            "en": "Head of Office", "fr": "Cheffe de bureau", "es": "Jefa de Oficina"}}}
    text = sheet_in(small(tmp_path, data), language, date(2026, 5, 15))
    for line in expected:
        assert line in text, line


def test_exempt_support_and_an_incident_log_in_french(tmp_path):
    data = exempt_only(base())
    data["procedure"] = {"log": [{
        "id": "inc-1", "date": "2026-06-02", "detected": {
            "en": "Migrants returned at the crossing", "fr": "Migrants refoulés au passage"},
        "recipient": "kbp", "grave_violations": ["refoulement"],
        "command_responsibility": True, "result": "suspended"}]}
    data["monitoring"]["period_months"] = 1
    text = sheet_in(small(tmp_path, data), "fr", date(2026, 6, 15))
    for expected in (
        "Aucune évaluation des risques n'est enregistrée\u00a0: aucune n'est requise pour un "
        "appui exempté.",
        "Non noté", "Non requis",
        "appui exempté uniquement\u00a0: aucune évaluation n'est requise (action 1)",
        "Aucune évaluation des risques n'est enregistrée, de sorte qu'aucune réévaluation "
        "n'est prévue",
        "par périodes d'un mois", "mesurés tous les mois",
        "2 juin 2026\nMigrants refoulés au passage",
        "Peut constituer\u00a0: des actes de refoulement\u00a0; responsabilité du supérieur "
        "hiérarchique.",
        "Pas encore convenue", "Pas encore enregistrée", "Résultat B\u00a0: activités suspendues",
    ):
        assert expected in text, expected


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_sheet_catalog_is_complete_and_current(language):
    assert catalog.stale("sop", language) == []
    assert set(catalog.entries("sop", language)) == set(catalog.entries("sop", "en"))


def test_every_sheet_entry_is_used_by_its_builder_or_renderers():
    sources = (TEMPLATES / "sop" / "build_template.py").read_text("utf-8")
    sources += Path(render_sop.__file__).read_text("utf-8")
    sources += Path(procedure.__file__).read_text("utf-8")
    from hrdd_docs.render import docx_layout  # the opening and page frame they share

    sources += Path(docx_layout.__file__).read_text("utf-8")
    prefixed = ("gap.", "level.", "rating.", "course.", "incident.", "grave.", "event.",
                "precondition.", "check.", "months.", "every.", "detection.", "period.",
                "failure.")
    unused = [key for key in catalog.entries("sop", "en")
              if f'"{key}"' not in sources and not key.startswith(prefixed)]
    assert unused == []


def test_a_french_build_says_what_the_sheet_prints_as_written(runner, tmp_path):
    result = build(runner, tmp_path, translated(blocked(), "fr"), "--lang", "fr")
    assert result.exit_code == 3, result.output
    assert "written in English for now" not in result.stderr
    assert ("the procedure sheet is written in French; the project's values it prints that "
            "have no French text (findings, incidents, people's titles) are printed as the "
            "project file writes them") in result.stderr
    assert "procedure sheet is written in English" not in result.stderr
    (tmp_path / "en").mkdir()
    english = build(runner, tmp_path / "en", blocked())
    assert "procedure sheet is written" not in english.stderr
