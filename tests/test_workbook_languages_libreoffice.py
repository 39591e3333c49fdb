"""The French and Spanish workbooks in a real office suite (issue 15, point 8).

LibreOffice opens each, recalculates every formula (levels and counts that compare
French or Spanish labels) and saves it; the values are the toolkit's figures, and the
saved workbook imports to the same project. A PDF of the French workbook prints its
French titles and marking.
"""

from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest
from conftest import requires_libreoffice

from hrdd_docs import office
from hrdd_docs.render import workbook
from hrdd_docs.workbook_import import import_workbook

pytestmark = [requires_libreoffice, pytest.mark.libreoffice]


def _same(expected, found) -> bool:
    if expected == "":
        return found in (None, "")
    if isinstance(expected, (int, Decimal)) and not isinstance(expected, bool):
        return isinstance(found, (int, float)) and Decimal(str(found)) == Decimal(expected)
    return found == expected


@pytest.mark.parametrize("language", ["fr", "es"])
def test_libreoffice_recalculates_and_saves_the_workbook(darvonia, tmp_path, language):
    data, expected = workbook.build(darvonia, language=language)
    source = tmp_path / "ira.xlsx"
    source.write_bytes(data)
    converted = office.convert(source, "xlsx:Calc MS Excel 2007 XML", tmp_path / "calc")
    recalculated = openpyxl.load_workbook(converted, data_only=True)
    wrong = {}
    for ref, value in expected.items():
        sheet, cell = ref.split("!")
        found = recalculated[sheet][cell].value
        if not _same(value, found):
            wrong[ref] = (value, found)
    assert wrong == {}
    assert import_workbook(converted) == darvonia  # re-saved by the suite, read back


def test_the_french_workbook_prints_in_french(darvonia, tmp_path):
    source = tmp_path / "ira.xlsx"
    source.write_bytes(workbook.build(darvonia, language="fr")[0])
    text = office.pdf_text(office.convert(source, "pdf", tmp_path))
    for expected in ("Registre des risques (Action 4)", "INTERNE", "Comment remplir ce classeur",
                     "Journal des interventions (Encadré 7)", "élevé", "Probabilité"):
        assert expected in text, expected
    assert "Risk register" not in text
