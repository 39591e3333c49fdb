"""The French and Spanish procedure sheet and notice open in LibreOffice (issue 15, point 8).

Each is converted to PDF once per module and read back with pdftotext: what a reader of
the printed document sees, page numbers included.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from conftest import requires_libreoffice, write_project
from test_i18n_sop_notice import blocked, translated

from hrdd_docs import localized, resources
from hrdd_docs.loading import load_project
from hrdd_docs.office import convert, pdf_text
from hrdd_docs.outputs import BuildInfo
from hrdd_docs.render import notice as render_notice
from hrdd_docs.render import sop as render_sop

pytestmark = [requires_libreoffice, pytest.mark.libreoffice]

SPACES = re.compile(r"[\s\u00a0\u202f]+")


@pytest.fixture(scope="module")
def texts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """``sop-fr``, ``sop-es``, ``notice-fr``, ``notice-es``: the PDF text, spaces collapsed."""
    folder = tmp_path_factory.mktemp("i18n-lo")
    darvonia = load_project(resources.folder("examples", "darvonia", "project.yaml"))
    kestavia = load_project(write_project(folder, translated(blocked(), "fr", "es")))
    found = {}
    for language in ("fr", "es"):
        with localized.rendering((language,)), localized.gathering(darvonia):
            (sheet,) = render_sop.render(darvonia, build=BuildInfo(date(2026, 11, 27), ()))
        with localized.rendering((language,)), localized.gathering(kestavia):
            (notice,) = render_notice.render(kestavia)
        for kind, data in (("sop", sheet.data), ("notice", notice.data)):
            source = Path(folder / f"{kind}-{language}.docx")
            source.write_bytes(data)
            text = pdf_text(convert(source, "pdf", folder / "pdf"))
            found[f"{kind}-{language}"] = SPACES.sub(" ", text)
    return found


def test_the_french_sheet_prints_as_a_french_sheet(texts):
    text = texts["sop-fr"]
    for expected in ("Procédure interne d'intervention, de suspension ou de cessation",
                     "Situation au 27 novembre 2026", "Moyen/Élevé",
                     "Commandant Itano Selsami", "Évaluation des risques",
                     "Étape 4 · Résultat A", "1er mars 2026", "Page 1 sur 3",
                     "Fonction :"):
        assert expected in text, expected
    assert text.count("☑") == 3 and " Oui " in text
    assert "Page 1 of" not in text and "Step " not in text


def test_the_spanish_sheet_prints_as_a_spanish_sheet(texts):
    text = texts["sop-es"]
    for expected in ("Procedimiento interno de intervención, suspensión o cese del apoyo",
                     "Situación al 27 de noviembre de 2026", "Medio/Alto",
                     "Evaluación de riesgos", "Paso 4 · Resultado A",
                     "1 de marzo de 2026", "Página 1 de 3", "Cargo:"):
        assert expected in text, expected
    assert text.count("☑") == 3 and " Sí " in text
    assert "Page 1 of" not in text and "Step " not in text


def test_the_french_notice_prints_as_a_french_letter(texts):
    text = texts["notice-fr"]
    for expected in ("Ministère de l'intérieur de la Kestavie",
                     "Objet : appui proposé à la Police des frontières kestavienne",
                     "l'OIM n'est pas en mesure, à ce stade, d'apporter l'appui proposé",
                     "Veuillez agréer l'assurance de ma haute considération.",
                     "KS-BM-0101/NTC/01", "Page 1 sur"):
        assert expected in text, expected
    assert "Subject" not in text and "shall" not in text


def test_the_spanish_notice_prints_as_a_spanish_letter(texts):
    text = texts["notice-es"]
    for expected in ("Ministerio del Interior de Kestavia",
                     "Asunto: apoyo propuesto a la Policía de Fronteras de Kestavia",
                     "la OIM no está en condiciones de prestar el apoyo propuesto",
                     "Atentamente,", "Página 1 de"):
        assert expected in text, expected
    assert "Subject" not in text and "shall" not in text
