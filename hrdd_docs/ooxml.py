"""Office Open XML packages (.docx, .xlsx): strict checking and byte-stable zips.

Two promises hold for every document the toolkit writes:

* every XML part parses strictly, so a value that broke the markup raises here instead
  of being dropped by a lenient reader (docxtpl re-parses in recovery mode);
* the same inputs give the same bytes: zip entries carry one fixed date and are
  written in the package's own order with the same compression.

:func:`finish` keeps both, for every package the toolkit writes.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from functools import cache
from typing import Any

from lxml import etree

FIXED_DATE = (1980, 1, 1, 0, 0, 0)

_PARSER = etree.XMLParser(recover=False, resolve_entities=False, no_network=True,
                          huge_tree=False)


class PackageError(ValueError):
    """A generated package holds a part that is not well-formed XML."""


_WELL_FORMED: set[bytes] = set()
"""SHA-256 digests of large parts that parsed strictly in this process.

Every Word document carries the same 800 kB of styles from its template; parsing them
took 30 ms of each build (two thirds of the check). A part with the same bytes as one
that parsed is well-formed, so it is hashed (under 1 ms) instead of parsed again."""

_WORTH_HASHING = 16_384


def finish(data: bytes) -> bytes:
    """Check every XML part of a saved package strictly and return it byte-stable.

    Every ``.xml`` and ``.rels`` part must parse strictly (:class:`PackageError` names
    the first that does not); the package is rewritten with one fixed date on every
    entry, in its own order, with the same compression. One pass: each part is read
    once, checked and written.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(
        out, "w", compression=zipfile.ZIP_DEFLATED
    ) as target:
        for info in source.infolist():
            _add(target, info.filename, source.read(info))
    return out.getvalue()


def write_opc(package: Any) -> bytes:
    """Write a python-docx package straight into a checked, byte-stable zip.

    The same bytes as saving it with python-docx and passing the result to
    :func:`finish`, in one zip write instead of two: the parts are written in
    python-docx's order (content types, package relationships, then each part and its
    relationships), each checked strictly, with the fixed date and compression.
    """
    from docx.opc import pkgwriter

    writer: Any = pkgwriter.PackageWriter
    parts = package.parts
    for part in parts:
        part.before_marshal()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        stable = _StableWriter(target)
        writer._write_content_types_stream(stable, parts)
        writer._write_pkg_rels(stable, package.rels)
        writer._write_parts(stable, parts)
    return out.getvalue()


class _StableWriter:
    """python-docx's physical package writer, writing entries as :func:`finish` does."""

    def __init__(self, target: zipfile.ZipFile) -> None:
        self.target = target

    def write(self, pack_uri: Any, blob: bytes) -> None:
        _add(self.target, pack_uri.membername, blob)


class StableZip(zipfile.ZipFile):
    """A zip to write a package into once, each entry as :func:`finish` writes it.

    For writers that take a ``ZipFile`` (openpyxl's ``ExcelWriter``): every entry is
    checked strictly and gets the fixed date and compression, so the bytes are those of
    writing a plain zip and passing it to :func:`finish`, without the second zip write.
    """

    def __init__(self, file: Any) -> None:
        super().__init__(file, "w", compression=zipfile.ZIP_DEFLATED)

    def writestr(self, zinfo_or_arcname: Any, data: Any, compress_type: Any = None,
                 compresslevel: Any = None) -> None:
        name = (zinfo_or_arcname.filename if isinstance(zinfo_or_arcname, zipfile.ZipInfo)
                else zipfile.ZipInfo(zinfo_or_arcname).filename)
        _add(self, name, data.encode("utf-8") if isinstance(data, str) else bytes(data))

    def write(self, filename: Any, arcname: Any = None, compress_type: Any = None,
              compresslevel: Any = None) -> None:
        with open(filename, "rb") as source:
            data = source.read()
        self.writestr(zipfile.ZipInfo.from_file(filename, arcname).filename, data)


def _add(target: zipfile.ZipFile, name: str, part: bytes) -> None:
    if name.endswith((".xml", ".rels")):
        _check(name, part)
    entry = zipfile.ZipInfo(name, date_time=FIXED_DATE)
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.external_attr = 0o600 << 16
    zipfile.ZipFile.writestr(target, entry, part)


def _check(name: str, part: bytes) -> None:
    digest = hashlib.sha256(part).digest() if len(part) > _WORTH_HASHING else None
    if digest in _WELL_FORMED:
        return
    try:
        etree.fromstring(part, parser=_PARSER)
    except etree.XMLSyntaxError as err:
        raise PackageError(f"{name}: {err}") from err
    if digest is not None:
        _WELL_FORMED.add(digest)


OPENPYXL_FOLLOWS = {"3.1.5"}
"""openpyxl versions whose ``ExcelWriter.write_worksheet`` :func:`write_xlsx` follows."""


def write_xlsx(workbook: Any) -> bytes:
    """Write an openpyxl workbook straight into a checked, byte-stable zip (:class:`StableZip`).

    openpyxl writes each sheet into a temporary file on disk, then copies the file into
    the zip; here, with an openpyxl version whose writer this follows, each sheet is
    written into memory and put into the zip directly: the same bytes, without a file
    made, written, read back and removed for each of the workbook's 24 sheets. (Not
    ``save_workbook``: it stamps the current time.)
    """
    import openpyxl
    from openpyxl.writer.excel import ExcelWriter

    out = io.BytesIO()
    with StableZip(out) as archive:
        writer = (ExcelWriter if openpyxl.__version__ not in OPENPYXL_FOLLOWS
                  else _in_memory_writer())(workbook, archive)
        writer.write_data()
    return out.getvalue()


@cache
def _in_memory_writer() -> type:
    from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
    from openpyxl.worksheet._writer import WorksheetWriter
    from openpyxl.writer.excel import ExcelWriter

    class InMemoryWriter(ExcelWriter):  # type: ignore[misc]
        def write_worksheet(self, ws: Any) -> None:
            """openpyxl 3.1's, the sheet's XML written into memory (not write-only)."""
            ws._drawing = SpreadsheetDrawing()
            ws._drawing.charts = ws._charts
            ws._drawing.images = ws._images
            sheet = io.BytesIO()
            writer = WorksheetWriter(ws, out=sheet)
            writer.write()
            ws._rels = writer._rels
            self._archive.writestr(ws.path[1:], sheet.getvalue())
            self.manifest.append(ws)

    return InMemoryWriter

