"""The benchmarks compare like with like: the floor renders the same documents as hrdd.

Nothing here times anything. These tests keep the benchmark scripts honest and working:
the bare-library floor must produce the same text and the same workbook cells as the
toolkit (else its ratio would flatter or wrong the toolkit), it must import the same
libraries, and the generated projects must be valid.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from readback import docx_text

from hrdd_docs import dossier
from hrdd_docs.loading import load_project

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import floor_build  # noqa: E402
import floor_data  # noqa: E402
import generate  # noqa: E402

EXAMPLE = BENCHMARKS.parent / "examples" / "darvonia" / "project.yaml"


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict]:
    """The toolkit's dossier and the floor's files, from the same example."""
    work = tmp_path_factory.mktemp("bench")
    data = floor_data.capture(EXAMPLE)
    data_file = work / "floor.json"
    data_file.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    floor_build.main(data_file, work / "floor")
    floor_build.main(data_file, work / "old", old=True)
    dossier.build(EXAMPLE, work / "hrdd", today=date(2026, 3, 1))
    return work / "hrdd", work / "floor", data


@pytest.fixture(scope="module")
def floor_modules(both, tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """The modules a fresh floor process has imported when it is done."""
    _, floor, _ = both
    script = (
        "import runpy, sys\n"
        f"sys.argv = ['floor_build.py', {str(floor.parent / 'floor.json')!r}, "
        f"{str(tmp_path_factory.mktemp('floor-run'))!r}]\n"
        f"runpy.run_path({str(BENCHMARKS / 'floor_build.py')!r}, run_name='__main__')\n"
        "print(' '.join(sorted(sys.modules)))\n")
    done = subprocess.run([sys.executable, "-P", "-c", script], capture_output=True,
                          text=True, check=True)
    return set(done.stdout.split())


@pytest.mark.parametrize("which", ["floor", "old"])
def test_the_floor_renders_the_same_word_documents(both, which: str) -> None:
    hrdd, floor, _ = both
    ours = sorted(docx_text(p.read_bytes()) for p in hrdd.glob("*.docx"))
    theirs = sorted(docx_text(p.read_bytes()) for p in (floor.parent / which).glob("*.docx"))
    assert len(ours) == 4
    assert theirs == ours
    assert any("Memorandum of Understanding" in text for text in theirs)


@pytest.mark.parametrize("which", ["floor", "old"])
def test_the_floor_writes_the_same_workbook_cells(both, which: str) -> None:
    hrdd, floor, _ = both
    floor = floor.parent / which

    def cells(path: Path) -> dict[str, dict[str, object]]:
        wb = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))
        return {ws.title: {c.coordinate: c.value for row in ws.iter_rows() for c in row
                           if c.value is not None} for ws in wb.worksheets}

    ours, theirs = cells(next(hrdd.glob("*.xlsx"))), cells(floor / "workbook.xlsx")
    assert theirs == ours
    assert any(str(v).startswith("=") for sheet in ours.values() for v in sheet.values())


def test_the_floor_styles_cells_through_named_styles_registered_once(both) -> None:
    _, floor, data = both
    wb = openpyxl.load_workbook(floor / "workbook.xlsx")
    distinct = len(data["workbook"]["sheets"][0]["styles"])
    # openpyxl's own "Normal" comes first; then one named style per distinct style.
    assert len(wb.named_styles) == distinct + 1
    used = {c.style for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if c.has_style}
    assert used and used <= set(wb.named_styles)


def test_the_floor_imports_only_what_rendering_needs(floor_modules: set[str]) -> None:
    assert {"docxtpl", "docx", "jinja2", "lxml", "openpyxl"} <= floor_modules
    assert not floor_modules & {"click", "yaml", "pydantic", "hrdd_docs", "babel"}


def test_issue_7s_floor_imported_the_libraries_hrdd_build_imports(both) -> None:
    _, _, data = both
    libraries = set(data["libraries"])
    assert {"click", "yaml", "pydantic_core", "jinja2", "docxtpl", "docx", "openpyxl",
            "lxml"} <= libraries
    assert "pydantic" not in libraries  # a warm build validates with pydantic-core alone
    assert not libraries & ({"hrdd_docs"} | set(sys.stdlib_module_names))


def test_generated_large_project_is_valid_and_as_large_as_asked(tmp_path: Path) -> None:
    project = load_project(generate.write(generate.large(30, 25), tmp_path / "big.yaml"))
    assert sum(len(a.items) for a in project.activities) == 30
    assert len(project.assessment.risks) == 25


def test_generated_copies_have_their_own_ids() -> None:
    ids = [data["project"]["id"] for data in generate.copies(3)]
    assert ids == ["drv-copy-001", "drv-copy-002", "drv-copy-003"]
