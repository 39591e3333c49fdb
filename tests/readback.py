"""Read generated documents back, as a reader or any program could: shared by the tests."""

from __future__ import annotations

import io
import zipfile
from html import unescape

import docx
from docx.oxml.ns import qn


def docx_text(data: bytes) -> str:
    """Body paragraphs, table cells, headers and footers of a .docx, one per line."""
    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    for section in document.sections:
        lines.extend(p.text for p in section.header.paragraphs)
        lines.extend(p.text for p in section.footer.paragraphs)
    return "\n".join(lines)


def paragraphs(data: bytes) -> list[str]:
    """Every paragraph of the body, tables included, in document order."""
    body = docx.Document(io.BytesIO(data)).element.body
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))]


def all_xml_text(data: bytes) -> str:
    """Every XML part of a package, unescaped: what any reader could find in the file."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return "\n".join(unescape(package.read(n).decode("utf-8")) for n in package.namelist()
                         if n.endswith((".xml", ".rels")))
