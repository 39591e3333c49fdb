"""Open a workbook someone sent: untrusted input, checked before openpyxl parses it.

Everything is bounded before openpyxl builds a single cell, so that a hostile file costs
at most a few seconds and a few hundred MB and is refused with a message:

- the file: a regular file (never a pipe or a device) of at most :data:`MAX_FILE_BYTES`;
- the archive: a zip with at most :data:`MAX_ENTRIES` entries, declaring at most
  :data:`MAX_UNCOMPRESSED_BYTES` once uncompressed, no part expanding more than
  :data:`MAX_RATIO` times, and holding the parts of a workbook;
- every part, read once in chunks with a running count (so headers that misstate a
  size cannot hide anything): no more bytes than declared, UTF-8 XML without a DOCTYPE
  or entity declarations (the door to entity-expansion attacks);
- every sheet: its declared dimension, its rows and columns within :data:`MAX_ROWS` and
  :data:`MAX_COLUMNS`, and all cells of the workbook, merged ranges and hyperlinked
  ranges included (openpyxl makes an object for each of their cells), within
  :data:`MAX_CELLS`.

openpyxl then reads the worksheets with defusedxml's parser, which refuses entities a
second time; its other parts go through lxml, which resolves no external entity.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hrdd_docs.errors import HrddError, InputError, Problem
from hrdd_docs.files import read_regular

MAX_FILE_BYTES = 20_000_000
"""A workbook file larger than this is refused unread."""

MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
"""The parts of a workbook may hold at most this much once uncompressed."""

MAX_RATIO = 100
"""A part larger than :data:`RATIO_FLOOR` may not expand more than this many times."""

RATIO_FLOOR = 1024 * 1024

MAX_ENTRIES = 2000

MAX_ROWS = 10_000
"""Rows a sheet may use. A workbook of 1,000 risks and 1,000 items uses about 1,030."""

MAX_COLUMNS = 4_096
"""Columns a sheet may use. The widest sheet ``hrdd build`` writes, the monitoring sheet
of a project from 1900 to 2100 with monthly periods, uses about 2,430."""

MAX_CELLS = 200_000
"""Cells in all sheets together. A workbook of 1,000 risks and 1,000 items has about
25,000; openpyxl needs roughly 0.5 KB of memory for each."""

_CHUNK = 1024 * 1024
_MB = 1024 * 1024

_NOT_XLSX = ("save it from Excel or LibreOffice as 'Excel Workbook (.xlsx)', or start again "
             "from the workbook that hrdd build made")

Refuse = Callable[[str], InputError]


def open_workbook(path: Path) -> Any:
    """Check the archive at ``path`` and return it loaded by openpyxl (formulas kept).

    Raise :class:`InputError` naming the file and what is wrong with it.
    """
    import openpyxl

    if not openpyxl.DEFUSEDXML:  # pragma: no cover - defusedxml is a dependency
        raise HrddError("defusedxml is not installed, so workbooks cannot be read safely; "
                        "install it (pip install defusedxml)")
    name = str(path)

    def refuse(message: str) -> InputError:
        return InputError(Problem(name, 0, 0, "", message))

    data = read_regular(path, max_bytes=MAX_FILE_BYTES, what="IRA workbook")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise refuse(f"is not an Excel workbook (.xlsx): it is not a zip archive; {_NOT_XLSX}")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_archive(archive, refuse)
            _check_parts(archive, refuse)
    except (zipfile.BadZipFile, EOFError, NotImplementedError, ValueError) as err:
        raise refuse(f"is a damaged zip archive ({err}); {_NOT_XLSX}") from err
    try:
        with warnings.catch_warnings():
            # openpyxl warns about extensions it drops (slicers, data-validation lists
            # of other applications); they carry nothing the import reads.
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(io.BytesIO(data), data_only=False, keep_links=False,
                                          keep_vba=False, rich_text=False)
    except Exception as err:
        raise refuse(f"could not be read as a workbook ({type(err).__name__}: {err}); "
                     f"{_NOT_XLSX}") from err


def _check_archive(archive: zipfile.ZipFile, refuse: Refuse) -> None:
    """What the central directory declares: entries, sizes, ratios, the workbook's parts."""
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise refuse(f"the archive holds {len(infos)} entries, more than the {MAX_ENTRIES} "
                     "a workbook needs; it is refused")
    total = sum(info.file_size for info in infos)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise refuse(f"the archive declares {total / _MB:.0f} MB once uncompressed, more than "
                     f"the {MAX_UNCOMPRESSED_BYTES / _MB:.0f} MB limit; it is refused unread")
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            raise refuse(f"part {info.filename} expands {ratio:.0f} times (more than "
                         f"{MAX_RATIO}), as a compression bomb does; it is refused unread")
    names = set(archive.namelist())
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise refuse(f"is a zip archive but not an Excel workbook (it has no xl/workbook.xml); "
                     f"{_NOT_XLSX}")


def _check_parts(archive: zipfile.ZipFile, refuse: Refuse) -> None:
    """Read every part once, in chunks, counting what it really holds."""
    cells = _Cells(refuse)
    titles = _sheet_titles(archive)
    total = 0
    for info in archive.infolist():
        xml = info.filename.endswith((".xml", ".rels", ".vml"))
        where = (f"sheet {titles[info.filename]!r}" if info.filename in titles
                 else f"part {info.filename}")
        size, tail, sheet = 0, b"", _Sheet(where, cells, refuse) if xml else None
        with archive.open(info) as part:
            while chunk := part.read(_CHUNK):
                size += len(chunk)
                total += len(chunk)
                if size > info.file_size or total > MAX_UNCOMPRESSED_BYTES:
                    raise refuse(f"part {info.filename} holds more than the archive declares "
                                 "(its headers misstate its size); it is refused")
                if not xml:
                    continue
                if size == len(chunk):
                    _check_start(info.filename, chunk, refuse)
                window = tail + chunk
                if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                    raise refuse(f"part {info.filename} declares a DOCTYPE or XML entities, "
                                 "which a workbook never needs (an entity-expansion attack "
                                 "looks like this); it is refused")
                tail = window[-16:]
                assert sheet is not None
                sheet.feed(chunk)


_SHEET = re.compile(rb"<(?:[\w.-]+:)?sheet\s[^>]*>")
_ATTRIBUTE = re.compile(rb"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _sheet_titles(archive: zipfile.ZipFile) -> dict[str, str]:
    """Part name → sheet title, to name the sheet in messages (best effort, bounded)."""
    from html import unescape

    def attributes(tag: bytes) -> dict[bytes, str]:
        return {m.group(1).split(b":")[-1]: unescape((m.group(2) or m.group(3) or b"")
                                                     .decode("utf-8", "replace"))
                for m in _ATTRIBUTE.finditer(tag)}

    def head(name: str) -> bytes:
        with archive.open(name) as part:
            return part.read(_CHUNK)

    try:
        rels = {a.get(b"Id"): a.get(b"Target", "") for a in map(
            attributes, re.findall(rb"<(?:[\w.-]+:)?Relationship\s[^>]*>",
                                   head("xl/_rels/workbook.xml.rels")))}
        sheets = [attributes(tag) for tag in _SHEET.findall(head("xl/workbook.xml"))]
    except (KeyError, zipfile.BadZipFile, EOFError, ValueError):
        return {}
    titles = {}
    for sheet in sheets:
        target = rels.get(sheet.get(b"id"))
        if target and b"name" in sheet:
            part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            titles[part] = sheet[b"name"][:80]
    return titles


def _check_start(name: str, head: bytes, refuse: Refuse) -> None:
    if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") and head.strip():
        # Excel and LibreOffice write UTF-8; a part in UTF-16 would hide a DOCTYPE from
        # the byte search.
        raise refuse(f"part {name} is not UTF-8 XML, as every workbook saved by Excel or "
                     f"LibreOffice is; it is refused; {_NOT_XLSX}")


_TAG = re.compile(rb"<(?:[\w.-]+:)?(c|row|mergeCell|hyperlink|dimension)[\s/>]([^>]*)")
_REF = re.compile(rb"""\b(r|ref)\s*=\s*["']\$?([A-Za-z]{0,3})\$?(\d*)"""
                  rb"""(?::\$?([A-Za-z]{0,3})\$?(\d*))?""")


class _Cells:
    """The running count of cells openpyxl would make, for the whole workbook."""

    def __init__(self, refuse: Refuse) -> None:
        self.count = 0
        self.refuse = refuse

    def add(self, n: int, part: str) -> None:
        self.count += n
        if self.count > MAX_CELLS:
            raise self.refuse(f"the workbook holds more than {MAX_CELLS:,} cells (counted up "
                              f"to {part}), more than an IRA workbook needs; delete the rows "
                              "and columns beyond your entries, or split the workbook")


class _Sheet:
    """Scan one XML part for cells, rows and cell ranges, as they stream past.

    A tag cut by the end of a chunk is kept and completed by the next one. Cells and
    rows without an ``r`` attribute take the next place, so they are counted on.
    """

    def __init__(self, part: str, cells: _Cells, refuse: Refuse) -> None:
        self.part = part
        self.cells = cells
        self.refuse = refuse
        self.rest = b""
        self.row = 0
        self.column = 0

    def feed(self, chunk: bytes) -> None:
        data = self.rest + chunk
        cut = data.rfind(b"<")
        if cut != -1 and data.find(b">", cut) == -1:
            data, self.rest = data[:cut], data[cut:]
        else:
            self.rest = b""
        if len(self.rest) > _CHUNK:
            raise self.refuse(f"part {self.part} holds a tag longer than 1 MB, which no "
                              "workbook needs; it is refused")
        for match in _TAG.finditer(data):
            self.tag(match.group(1), match.group(2))

    def tag(self, name: bytes, attributes: bytes) -> None:
        refs = {m.group(1): m for m in _REF.finditer(attributes)}
        if name == b"row":
            ref = refs.get(b"r")
            self.row = int(ref.group(3)) if ref and ref.group(3) else self.row + 1
            self.column = 0
            self.bound(self.row, 1)
        elif name == b"c":
            ref = refs.get(b"r")
            self.column = (_column(ref.group(2)) if ref and ref.group(2) else self.column + 1)
            row = int(ref.group(3)) if ref and ref.group(3) else self.row
            self.bound(row, self.column)
            self.cells.add(1, self.part)
        elif b"ref" in refs:
            ref = refs[b"ref"]
            first_col, first_row = _column(ref.group(2)) or 1, int(ref.group(3) or 1)
            last_col = _column(ref.group(4)) if ref.group(4) else first_col
            last_row = int(ref.group(5)) if ref.group(5) else first_row
            self.bound(last_row, last_col, declared=name == b"dimension")
            if name != b"dimension":
                area = (abs(last_row - first_row) + 1) * (abs(last_col - first_col) + 1)
                self.cells.add(area, self.part)

    def bound(self, row: int, column: int, *, declared: bool = False) -> None:
        what = "declares" if declared else "uses"
        if row > MAX_ROWS:
            raise self.refuse(f"{self.part} {what} rows down to {row:,}, more than the "
                              f"{MAX_ROWS:,} a sheet of an IRA workbook may use; delete the "
                              "rows below your last entry")
        if column > MAX_COLUMNS:
            raise self.refuse(f"{self.part} {what} columns up to {column:,}, more than the "
                              f"{MAX_COLUMNS:,} a sheet of an IRA workbook may use; delete "
                              "the columns right of your last entry")


def _column(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number
