"""Layout a reader sees in LibreOffice (issue 13, point 8): signature blocks stay with
"In witness whereof" on one page, amounts never wrap in the schedule, and the IRA's
Lists sheet prints without a column cut off onto a page of its own.

Every document of a module is converted in one LibreOffice run (the machine is shared).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import requires_libreoffice
from small_projects import BORDER, COAST_GUARD, PATROL_BOAT, data

from hrdd_docs import dossier
from hrdd_docs.office import pdf_text
from hrdd_docs.render.workbook_layout import lists

pytestmark = [requires_libreoffice, pytest.mark.libreoffice]


def convert_all(files: list[Path], outdir: Path) -> dict[str, str]:
    """File name → the text of its PDF, every file converted by one LibreOffice run."""
    outdir.mkdir(parents=True, exist_ok=True)
    profile = outdir / "profile"
    subprocess.run([str(shutil.which("soffice")), f"-env:UserInstallation={profile.as_uri()}",
                    "--headless", "--norestore", "--convert-to", "pdf", "--outdir",
                    str(outdir), *map(str, files)], check=False, capture_output=True,
                   timeout=600)
    found = {}
    for file in files:
        pdf = outdir / f"{file.stem}.pdf"
        assert pdf.exists(), f"LibreOffice did not convert {file.name}"
        found[file.name] = pdf_text(pdf)
    return found


@pytest.fixture(scope="module")
def deeds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Seven border posts, each receiving one more item than the last, so that the
    signatures of their deeds fall at every height of a page; and a coast guard whose
    two patrol boats cost USD 1,250,000.00 each."""
    folder = tmp_path_factory.mktemp("layout")
    posts, kits = [], []
    for n in range(1, 8):
        posts.append({**BORDER, "id": f"post-{n}", "name": f"Border Post {n} of Marenia"})
        kits.append({"id": f"kit-{n}", "kind": "equipment", "recipients": [f"post-{n}"],
                     "description": f"Equipment for border post {n}",
                     "items": [{"description": f"Searchlight, model {k}", "quantity": 1,
                                "unit_value": "980", "currency": "EUR"}
                               for k in range(n * 3)]})
    project = data([COAST_GUARD, *posts], [PATROL_BOAT, *kits])
    path = folder / "project.yaml"
    path.write_text(yaml.safe_dump(project, sort_keys=False), "utf-8")
    result = dossier.build(path, folder / "out", only={"mou", "deed"})
    return convert_all([folder / "out" / d.name for d in result.documents], folder / "pdf")


def test_signature_blocks_stay_on_one_page_with_in_witness_whereof(
        deeds: dict[str, str]) -> None:
    """A deed's two blocks, and the MOU's when they fit, sit on the page of "In witness
    whereof"; the MOU's eleven blocks (IOM, two ministries, eight forces) run over pages
    with the introduction on the first and never one block alone on a page."""
    assert len(deeds) == 9
    for name, text in deeds.items():
        pages = text.split("\f")
        witness = [n for n, page in enumerate(pages) if "In witness whereof" in page]
        blocks = {n: page.count("Signature:") for n, page in enumerate(pages)
                  if "Signature:" in page}
        assert len(witness) == 1, name
        page = pages[witness[0]]
        assert "For the International Organization for Migration" in page, name
        if name.startswith("marenia-deed"):
            assert blocks == {witness[0]: 2}, (name, blocks)
        else:
            assert sum(blocks.values()) == 11 and min(blocks) == witness[0], blocks
            assert all(count >= 2 for count in blocks.values()), blocks
            assert list(blocks) == list(range(witness[0], witness[0] + len(blocks)))


def test_no_amount_wraps_in_the_schedule(deeds: dict[str, str]) -> None:
    text = deeds["marenia-deed-mcg.pdf".replace(".pdf", ".docx")]
    rows = [line for line in text.splitlines() if "Patrol boat" in line]
    assert rows and "USD 1,250,000.00" in rows[0] and "USD 2,500,000.00" in rows[0]
    assert any("Total value" in line and "USD 2,500,000.00" in line
               for line in text.splitlines())
    for name, deed in deeds.items():
        for line in deed.splitlines():
            stripped = line.strip()
            # an amount cut in two would leave a currency code or a bare number alone
            assert stripped not in ("USD", "EUR"), (name, line)


def test_the_lists_sheet_prints_each_list_with_its_meanings(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("lists")
    path = folder / "project.yaml"
    path.write_text(yaml.safe_dump(data([COAST_GUARD], [PATROL_BOAT]), sort_keys=False),
                    "utf-8")
    dossier.build(path, folder / "out", only={"ira"})
    text = convert_all([folder / "out" / "marenia-ira.xlsx"], folder / "pdf")["marenia-ira.xlsx"]
    pages = [page for page in text.split("\f") if "Lists, page" in page]
    assert pages
    for name, values in lists().items():
        header = [line for page in pages for line in page.splitlines()
                  if line.split()[:1] == [name]]
        assert header and "Meaning" in header[0], name
        value, meaning = values[-1]
        assert any(value in line and meaning.split()[0] in line
                   for page in pages for line in page.splitlines()), name


def test_the_widest_tables_print_two_pages_wide_with_the_id_on_each(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    """Issue 14, printing: one page wide, the Recipients sheet (nineteen columns) printed
    at about 40 % of its size; two pages wide, each page repeats the id column."""
    folder = tmp_path_factory.mktemp("wide")
    path = folder / "project.yaml"
    path.write_text(yaml.safe_dump(data([COAST_GUARD], [PATROL_BOAT]), sort_keys=False),
                    "utf-8")
    dossier.build(path, folder / "out", only={"ira"})
    text = convert_all([folder / "out" / "marenia-ira.xlsx"], folder / "pdf")["marenia-ira.xlsx"]
    pages = [page for page in text.split("\f") if "Recipients, page" in page]
    assert len(pages) == 2
    assert all("mcg" in page.split() for page in pages)
    assert "Marenian Coast Guard" in pages[0]
