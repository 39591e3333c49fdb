"""The Darvonia MOU and deed open in LibreOffice and show what a legal officer checks.

Converted once per module (the machine is shared); each test reads the PDF text.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from conftest import requires_libreoffice

from hrdd_docs import dossier, resources
from hrdd_docs.office import convert, pdf_text

pytestmark = [requires_libreoffice, pytest.mark.libreoffice]


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("agreements")
    project_file = folder / "project.yaml"
    project_file.write_text(resources.read_text("examples", "darvonia", "project.yaml"), "utf-8")
    result = dossier.build(project_file, folder / "out", only={"mou", "deed"})
    found: dict[str, Any] = {}
    for document in result.documents:
        pdf = convert(folder / "out" / document.name, "pdf", folder / "pdf")
        # Words wrapped at a line end come back as separate lines: compare on one line.
        found[document.kind] = (document, " ".join(pdf_text(pdf).split()), pdf_text(pdf))
    return found


def test_mou_shows_the_parties_and_every_clause_title(pdfs: dict[str, Any]) -> None:
    document, flat, _ = pdfs["mou"]
    assert "Memorandum of Understanding" in flat
    assert "The International Organization for Migration, an intergovernmental organization" \
        in flat
    assert ("The Ministry of Interior of Darvonia, the national authority responsible for the "
            "command and control of the Darvonian Police Force, Esse Province Command") in flat
    for selected in document.clauses:
        assert selected.clause.title in flat, selected.clause.title
    positions = [flat.index(w) for w in ("Intercession", "Suspension of support",
                                         "Cessation of support and termination as a last resort")]
    assert positions == sorted(positions)


def test_mou_signature_blocks_and_page_numbers(pdfs: dict[str, Any]) -> None:
    _, flat, raw = pdfs["mou"]
    for party in ("For the International Organization for Migration",
                  "For the Ministry of Interior of Darvonia",
                  "For the Darvonian Police Force, Esse Province Command (in acknowledgement)"):
        assert party in flat
    assert "Name: Amara Okonjo" in flat
    assert "Title: Commander of Esse Province" in flat
    pages = re.findall(r"Page (\d+) of (\d+)", raw)
    total = int(pages[0][1])
    assert pages[0] == ("1", str(total)) and total > 1
    assert [int(p) for p, _ in pages] == list(range(1, total + 1))
    assert raw.count("IOM-DV/MOU/2026/07") >= total


def test_deed_shows_the_schedule_totals_and_signatures(pdfs: dict[str, Any]) -> None:
    document, flat, raw = pdfs["deed"]
    assert "Deed of Donation" in flat
    # One line of the PDF per row start: number, description, identifier, amounts.
    for row in (r"1 +Motorbike, 125 cc,.* Chassis LZS-125-88041 +2 +USD 3,200.00 +USD 6,400.00",
                r"2 +Motorcycle helmet,.* — +4 +USD 85.00 +USD 340.00",
                r"3 +First-aid kit for patrol +— +2 +USD 40.50 +USD 81.00",
                r"Total value +USD 6,821.00"):
        assert re.search(row, raw), row
    assert "Chassis LZS-125-88042" in flat
    for selected in document.clauses:
        assert selected.clause.title in flat, selected.clause.title
    assert "For the International Organization for Migration" in flat
    assert "For the Darvonian Police Force, Esse Province Command" in flat
    assert "Name: Itano Selsami" in flat
    assert re.search(r"Page 1 of (\d+)", raw)


def test_the_signature_blocks_sit_on_the_page_of_in_witness_whereof(
        pdfs: dict[str, Any]) -> None:
    """Issue 13: a block is never alone on a page, nor split from "In witness whereof"."""
    for kind, blocks in (("mou", 3), ("deed", 2)):
        pages = pdfs[kind][2].split("\f")
        witness = next(page for page in pages if "In witness whereof" in page)
        assert witness.count("Signature:") == blocks, kind
        assert sum(page.count("Signature:") for page in pages) == blocks, kind
