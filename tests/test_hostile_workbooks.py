"""Hostile workbooks given to ``hrdd import``, the path meant for untrusted files.

Each case, and the promise it checks (time and memory are measured, with generous
bounds, so that a regression to minutes or gigabytes fails):

- one cell at row 1,048,576 (a 47 KB file), on one sheet or five: refused in seconds and
  little memory, naming the sheet and the fix;
- more rows than a sheet may use, a declared dimension of the whole sheet: refused before
  openpyxl reads the sheet;
- a merged or hyperlinked range over a million cells (openpyxl makes an object for each),
  many cells in a small file: refused past the cell limit;
- a part whose headers understate its size (500 MB in a small zip): refused, reading at
  most a chunk at a time;
- a FIFO, /dev/zero, a symlink to /dev/zero: refused at once as not a regular file;
- the workbook of 1,000 risks and 1,000 items: still imported (the bounds leave room for
  real files);
- an amount with three decimals: refused exactly as the same value in YAML is;
- ``-o X`` with a planted ``.X.partial`` symlink, or ``X`` itself a symlink: the linked
  file is never written;
- ``-o`` with a 300-character name, or into a folder that does not exist: exit 2 with
  the fix, nothing made;
- a part in UTF-16 (which would hide a DOCTYPE from a byte search): refused;
- an item row without its activity: the empty cell is named, with the known ids.
"""

from __future__ import annotations

import io
import os
import struct
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest
import yaml
from bounded import run_hrdd

from hrdd_docs import resources, yamlsource
from hrdd_docs.cli import cli
from hrdd_docs.loading import project_from
from hrdd_docs.render import workbook

FIX = "delete the rows below your last entry"


@pytest.fixture(scope="module")
def example_xlsx() -> bytes:
    text = resources.read_text("examples", "darvonia", "project.yaml")
    return workbook.render(project_from(yamlsource.parse(text, "project.yaml")))[0].data


def _edited(tmp_path: Path, data: bytes, edit, name: str = "hostile.xlsx") -> Path:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    edit(wb)
    path = tmp_path / name
    wb.save(path)
    return path


def _with_part(data: bytes, name: str, change) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(
            out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            target.writestr(info.filename, change(content) if info.filename == name else content)
    return out.getvalue()


def _part_of(data: bytes, title: str) -> str:
    names = openpyxl.load_workbook(io.BytesIO(data)).sheetnames
    return f"xl/worksheets/sheet{names.index(title) + 1}.xml"


def _import_refused(path: Path, *, seconds: float = 20):
    outcome = run_hrdd("import", str(path), seconds=seconds)
    assert not outcome.killed, f"still running after {seconds} s"
    assert outcome.exit_code == 2, outcome.stderr
    assert "Traceback" not in outcome.stderr
    assert outcome.seconds < seconds and outcome.peak_mb < 400, outcome
    return outcome.stderr


# --- dimensions --------------------------------------------------------------------------


def test_one_cell_at_the_last_row_is_refused_quickly(tmp_path, example_xlsx):
    def edit(wb):
        wb["Risk register"]["A1048576"] = "x"

    path = _edited(tmp_path, example_xlsx, edit)
    assert path.stat().st_size < 100_000  # a small file, as in the review (47 KB then)
    assert _import_refused(path) == (
        f"{path}: sheet 'Risk register' declares rows down to 1,048,576, more than the 10,000 a "
        f"sheet of an IRA workbook may use; {FIX}\n")


def test_the_last_row_on_five_sheets_is_refused_as_quickly(tmp_path, example_xlsx):
    def edit(wb):
        for title in ("Risk register", "Mitigation plan", "Monitoring", "Recipients",
                      "Activities"):
            wb[title]["B1048576"] = "x"

    assert "declares rows down to 1,048,576" in _import_refused(_edited(tmp_path, example_xlsx,
                                                                       edit))


def test_cells_beyond_the_row_limit_are_refused(tmp_path, example_xlsx):
    part = _part_of(example_xlsx, "Risk register")
    rows = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>r</t></is></c></row>' % (n, n)
                    for n in range(9_990, 10_020))
    data = _with_part(example_xlsx, part, lambda xml: xml.replace(b"</sheetData>",
                                                                 rows + b"</sheetData>"))
    data = _with_part(data, part, lambda xml: xml.replace(b'<dimension ref="A1:N8"/>', b""))
    path = tmp_path / "rows.xlsx"
    path.write_bytes(data)
    assert _import_refused(path) == (
        f"{path}: sheet 'Risk register' uses rows down to 10,001, more than the 10,000 a sheet "
        f"of an IRA workbook may use; {FIX}\n")


def test_a_declared_dimension_of_the_whole_sheet_is_refused(tmp_path, example_xlsx):
    part = _part_of(example_xlsx, "Monitoring")
    data = _with_part(example_xlsx, part, lambda xml: xml.replace(
        b"<sheetData>", b'<dimension ref="A1:XFD1048576"/><sheetData>', 1)
        if b"<dimension" not in xml else xml.replace(xml[xml.index(b"<dimension"):xml.index(
            b"/>", xml.index(b"<dimension")) + 2], b'<dimension ref="A1:XFD1048576"/>'))
    path = tmp_path / "dimension.xlsx"
    path.write_bytes(data)
    assert "sheet 'Monitoring' declares rows down to 1,048,576" in _import_refused(path)


@pytest.mark.parametrize("element", [b'<mergeCells count="1"><mergeCell ref="A20:CV10000"/>'
                                     b"</mergeCells>",
                                     b'<hyperlinks><hyperlink ref="A20:CV10000" '
                                     b'display="x" location="Summary!A1"/></hyperlinks>'])
def test_a_range_over_a_million_cells_is_refused(tmp_path, example_xlsx, element):
    part = _part_of(example_xlsx, "Procedure")
    data = _with_part(example_xlsx, part,
                      lambda xml: xml.replace(b"</sheetData>", b"</sheetData>" + element, 1))
    path = tmp_path / "range.xlsx"
    path.write_bytes(data)
    assert _import_refused(path) == (
        f"{path}: the workbook holds more than 200,000 cells (counted up to sheet 'Procedure'), "
        "more than an IRA workbook needs; delete the rows and columns beyond your entries, or "
        "split the workbook\n")


def test_many_cells_in_a_small_file_are_refused(tmp_path, example_xlsx):
    part = _part_of(example_xlsx, "Intervention log")
    rows = b"".join(b'<row r="%d">' % r + b"".join(
        b'<c r="%s%d"><v>%d</v></c>' % (letter, r, r * 7 + n)
        for n, letter in enumerate((b"A", b"B", b"C", b"D", b"E", b"F", b"G", b"H", b"I",
                                    b"J", b"K", b"L", b"M", b"N", b"O", b"P", b"Q", b"R",
                                    b"S", b"T", b"U", b"V", b"W", b"X", b"Y"))) + b"</row>"
        for r in range(20, 9_000))
    data = _with_part(example_xlsx, part, lambda xml: xml.replace(b"</sheetData>",
                                                                 rows + b"</sheetData>", 1))
    path = tmp_path / "cells.xlsx"
    path.write_bytes(data)
    assert path.stat().st_size < 2_000_000
    assert "the workbook holds more than 200,000 cells" in _import_refused(path)


def test_a_part_that_understates_its_size_is_read_a_chunk_at_a_time(tmp_path, example_xlsx):
    """500 MB of XML declared as 1,000 bytes: refused without inflating it."""
    from hrdd_docs.errors import InputError
    from hrdd_docs.workbook_archive import open_workbook

    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(example_xlsx)) as source, zipfile.ZipFile(
            buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
        target.writestr("xl/media/notes.xml", b"<x>" + b"A" * 500_000_000 + b"</x>")
    data = bytearray(buffer.getvalue())
    directory = data.rfind(b"PK\x01\x02")  # the central-directory entry of the last part
    struct.pack_into("<I", data, directory + 24, 1000)
    local = data.rfind(b"PK\x03\x04")
    struct.pack_into("<I", data, local + 22, 1000)
    path = tmp_path / "lies.xlsx"
    path.write_bytes(bytes(data))
    assert path.stat().st_size < 2_000_000
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as caught:
            open_workbook(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 100 * 1024 * 1024
    assert str(caught.value).startswith(f"{path}: is a damaged zip archive (Bad CRC-32 for "
                                        "file 'xl/media/notes.xml')")


# --- files that are not workbooks --------------------------------------------------------


def test_a_fifo_is_refused_instead_of_waiting_for_ever(tmp_path):
    fifo = tmp_path / "ira.xlsx"
    os.mkfifo(fifo)
    assert _import_refused(fifo, seconds=15) == (
        f"{fifo}: is not a regular file (a device, a pipe or a socket); give the IRA "
        "workbook itself\n")


@pytest.mark.parametrize("link", [False, True])
def test_dev_zero_is_refused_without_reading_it(tmp_path, link):
    path = Path("/dev/zero")
    if link:
        path = tmp_path / "ira.xlsx"
        path.symlink_to("/dev/zero")
    assert _import_refused(path, seconds=15) == (
        f"{path}: is not a regular file (a device, a pipe or a socket); give the IRA "
        "workbook itself\n")


# --- the bounds leave room for real workbooks ---------------------------------------------


def test_a_large_real_workbook_is_still_imported(tmp_path):
    import sys

    sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
    try:
        from generate import large
    finally:
        sys.path.pop(0)
    from hrdd_docs.workbook_import import import_workbook

    text = yaml.safe_dump(large(1000, 1000), allow_unicode=True, sort_keys=False)
    project = project_from(yamlsource.parse(text, "big.yaml"))
    path = tmp_path / "big.xlsx"
    path.write_bytes(workbook.render(project)[0].data)
    assert import_workbook(path) == project


# --- values ------------------------------------------------------------------------------


def test_an_amount_with_three_decimals_is_refused_as_in_yaml(runner, tmp_path, example_xlsx,
                                                            example_data):
    from conftest import write_project

    def edit(wb):
        wb["Donated items"]["D4"] = 3200.004

    assert openpyxl.load_workbook(io.BytesIO(example_xlsx))["Donated items"]["D3"].value \
        == "Unit value"
    book = runner.invoke(cli, ["import", str(_edited(tmp_path, example_xlsx, edit))])
    assert book.exit_code == 2
    assert book.stderr.endswith("Donated items!D4: unit value '3200.004' has more than 2 "
                                "decimal places; round it\n")
    item = next(a for a in example_data["activities"] if a.get("items"))["items"][0]
    item["unit_value"] = "3200.004"
    text = runner.invoke(cli, ["validate", str(write_project(tmp_path, example_data))])
    assert text.exit_code == 2
    assert text.stderr.endswith("unit_value: '3200.004' has more than 2 decimal places; "
                                "round it\n")


# --- where the project file is written -----------------------------------------------------


def test_a_planted_partial_symlink_is_never_followed(runner, tmp_path, example_xlsx):
    book = tmp_path / "ira.xlsx"
    book.write_bytes(example_xlsx)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (tmp_path / ".project.yaml.partial").symlink_to(victim)
    result = runner.invoke(cli, ["import", str(book), "-o", str(tmp_path / "project.yaml")])
    assert result.exit_code == 0, result.output
    assert victim.read_text() == "keep me"
    assert (tmp_path / "project.yaml").read_text().startswith("# Project definition rebuilt")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")
                and p.name != ".project.yaml.partial"]


def test_an_output_that_is_a_symlink(runner, tmp_path, example_xlsx):
    book = tmp_path / "ira.xlsx"
    book.write_bytes(example_xlsx)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    target = tmp_path / "project.yaml"
    target.symlink_to(victim)
    refused = runner.invoke(cli, ["import", str(book), "-o", str(target)])
    assert (refused.exit_code, refused.stderr) == (
        2, f"{target}: already exists; choose another file, or add --force to replace it\n")
    forced = runner.invoke(cli, ["import", str(book), "-o", str(target), "--force"])
    assert forced.exit_code == 0
    assert victim.read_text() == "keep me"
    assert not target.is_symlink()


def test_an_output_name_too_long_for_the_system(runner, tmp_path, example_xlsx):
    book = tmp_path / "ira.xlsx"
    book.write_bytes(example_xlsx)
    target = tmp_path / ("p" * 300 + ".yaml")
    result = runner.invoke(cli, ["import", str(book), "-o", str(target)])
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "is 305 bytes long, more than the 255 this system allows for a file or folder name; "
        "nothing was written. Choose another -o file, in a folder that exists, with a shorter "
        "name\n")


# --- broken, not hostile ------------------------------------------------------------


def _darvonia_workbook(tmp_path: Path) -> Path:
    from hrdd_docs import resources
    from hrdd_docs.loading import load_project
    from hrdd_docs.render import workbook

    project_file = tmp_path / "p.yaml"
    project_file.write_text(resources.read_text("examples", "darvonia", "project.yaml"))
    [output] = workbook.render(load_project(project_file), None)
    book = tmp_path / "ira.xlsx"
    book.write_bytes(output.data)
    return book


def test_import_into_a_missing_folder(runner, tmp_path):
    from hrdd_docs import resources
    from hrdd_docs.loading import load_project
    from hrdd_docs.render import workbook

    project_file = tmp_path / "p.yaml"
    project_file.write_text(resources.read_text("examples", "darvonia", "project.yaml"))
    [output] = workbook.render(load_project(project_file), None)
    book = tmp_path / "ira.xlsx"
    book.write_bytes(output.data)
    target = tmp_path / "nowhere" / "project.yaml"
    result = runner.invoke(cli, ["import", str(book), "-o", str(target)])
    assert result.exit_code == 2
    assert result.stderr == (f"{target}: cannot be written (a folder in the path does not exist "
                             "or cannot be made); nothing was written there. Choose another -o "
                             "file, in a folder that exists\n")
    assert not (tmp_path / "nowhere").exists()


def test_a_utf16_part_cannot_hide_a_doctype(runner, tmp_path):
    import zipfile

    book = _darvonia_workbook(tmp_path)
    with zipfile.ZipFile(book) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    xml = parts["xl/workbook.xml"].decode()
    parts["xl/workbook.xml"] = ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x '
                                '[<!ENTITY a "aaaa">]>' + xml).encode("utf-16")
    hostile = tmp_path / "hostile.xlsx"
    with zipfile.ZipFile(hostile, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    result = runner.invoke(cli, ["import", str(hostile)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{hostile}: part xl/workbook.xml is not UTF-8 XML, as "
                                    "every workbook saved by Excel or LibreOffice is; it is "
                                    "refused; save it from Excel")


def test_an_item_row_without_its_activity_says_the_cell_is_empty(runner, tmp_path):
    import openpyxl

    book = _darvonia_workbook(tmp_path)
    workbook = openpyxl.load_workbook(book)
    workbook["Donated items"]["A5"].value = None
    workbook.save(book)
    result = runner.invoke(cli, ["import", str(book)])
    assert result.exit_code == 2
    assert result.stderr == (f"{book} Donated items!A5: activity is empty; write the ID of a "
                             "row of the Activities sheet (known: post, motorbikes, "
                             "vawg-training, hr-sensitization, community-policing)\n")
