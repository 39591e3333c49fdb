"""The notice letter and the procedure sheet in English, French and Spanish (issue 15).

The notice (Action 4) is external: a French build writes it in French, or stops with
exit 2 naming each value that has no French text; it never writes English under a
French build. The procedure sheet (Box 7) is internal: its fixed sentences are in the
build's language; a value with no text in that language is printed as the project file
writes it, and the build says so.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from cases import AS_OF, base, high_risk, non_state_group
from conftest import write_project
from readback import all_xml_text, docx_text

from hrdd_docs import catalog, localized, resources
from hrdd_docs.cli import cli
from hrdd_docs.loading import load_project
from hrdd_docs.render import notice as render_notice
from hrdd_docs.render.docx import template_variables

NBSP = "\u00a0"
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
