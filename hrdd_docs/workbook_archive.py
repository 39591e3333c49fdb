"""Open a workbook someone sent: untrusted input, checked before openpyxl parses it.

The checks run on the zip's central directory and raw parts, so a hostile file is
refused before any XML is expanded: not a zip, a zip that is not a workbook, too many
entries, a declared uncompressed size over the limit, a suspicious compression ratio,
or an XML part that declares a DOCTYPE (the door to entity-expansion attacks). openpyxl
then reads the worksheets with defusedxml's parser, which refuses entities a second
time; its other parts go through lxml, which resolves no external entity.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from pathlib import Path
from typing import Any

from hrdd_docs.errors import HrddError, InputError, Problem

MAX_FILE_BYTES = 20 * 1024 * 1024
"""A workbook file larger than this is refused unread."""

MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
"""The parts of a workbook may declare at most this much once uncompressed."""

MAX_RATIO = 100
"""A part larger than :data:`RATIO_FLOOR` may not expand more than this many times."""

RATIO_FLOOR = 1024 * 1024

MAX_ENTRIES = 2000

_MB = 1024 * 1024

_NOT_XLSX = ("save it from Excel or LibreOffice as 'Excel Workbook (.xlsx)', or start again "
             "from the workbook that hrdd build made")


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

    if not path.exists():
        raise refuse("no such file; check the path")
    if path.is_dir():
        raise refuse("is a folder; give the workbook (.xlsx) inside it")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise refuse(f"file is {size / _MB:.1f} MB, more than the {MAX_FILE_BYTES / _MB:.0f} MB "
                     "limit for an IRA workbook; is this the right file?")
    if not zipfile.is_zipfile(path):
        raise refuse(f"is not an Excel workbook (.xlsx): it is not a zip archive; {_NOT_XLSX}")
    try:
        with zipfile.ZipFile(path) as archive:
            _check_archive(archive, refuse)
    except zipfile.BadZipFile as err:
        raise refuse(f"is a damaged zip archive ({err}); {_NOT_XLSX}") from err
    try:
        with warnings.catch_warnings():
            # openpyxl warns about extensions it drops (slicers, data-validation lists
            # of other applications); they carry nothing the import reads.
            warnings.simplefilter("ignore")
            # From memory (the size is checked): openpyxl leaves the file open on errors.
            return openpyxl.load_workbook(io.BytesIO(path.read_bytes()), data_only=False,
                                          keep_links=False,
                                          keep_vba=False, rich_text=False)
    except Exception as err:
        raise refuse(f"could not be read as a workbook ({type(err).__name__}: {err}); "
                     f"{_NOT_XLSX}") from err


def _check_archive(archive: zipfile.ZipFile, refuse: Any) -> None:
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
    for info in infos:
        if info.filename.endswith((".xml", ".rels", ".vml")):
            head = archive.read(info)
            if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") and head.strip():
                # Excel and LibreOffice write UTF-8; a part in UTF-16 would hide a DOCTYPE
                # from the byte search below.
                raise refuse(f"part {info.filename} is not UTF-8 XML, as every workbook "
                             f"saved by Excel or LibreOffice is; it is refused; {_NOT_XLSX}")
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise refuse(f"part {info.filename} declares a DOCTYPE or XML entities, which "
                             "a workbook never needs (an entity-expansion attack looks like "
                             "this); it is refused")
