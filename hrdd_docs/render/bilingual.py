"""Bilingual agreements: one MOU or deed holding two texts and one set of signatures.

``hrdd build --lang fr,en`` renders the agreement once in each language. The first
text is complete; the second is rendered without its "Signatures" section (the template
leaves it out when ``bilingual.second`` is true). :func:`combine` puts the second text,
from a new page, before the first text's "Signatures" heading (the bookmark
:data:`~hrdd_docs.render.docx_layout.SIGNATURES`), so the document reads: the French
text in full, the English text in full, then one testimonium stating in both languages
that both texts are equally authentic, and one set of signature blocks.

One text after the other rather than side by side: each text keeps its own article
numbering, headings and tables exactly as its single-language document has them, and a
reader finds an article at the same number in both.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from hrdd_docs import ooxml
from hrdd_docs.render.docx_layout import SIGNATURES

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PARSER = etree.XMLParser(recover=False, resolve_entities=False, no_network=True)
_BODY = "word/document.xml"


class BilingualError(ValueError):
    """The two texts cannot be put together (a defect of the templates)."""


def combine(first: bytes, second: bytes) -> bytes:
    """The first document with the body of the second before its signatures."""
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        names = package.namelist()
        parts = {name: package.read(name) for name in names}
    with zipfile.ZipFile(io.BytesIO(second)) as package:
        other = etree.fromstring(package.read(_BODY), parser=_PARSER)
    document = etree.fromstring(parts[_BODY], parser=_PARSER)
    body = document.find(f"{{{_W}}}body")
    marks = body.xpath(".//w:bookmarkStart[@w:name=$name]", namespaces={"w": _W},
                       name=SIGNATURES)
    if len(marks) != 1:
        raise BilingualError("the first text has no single Signatures bookmark")
    anchor = marks[0].getparent()
    while anchor.getparent() is not body:
        anchor = anchor.getparent()
    content = [child for child in other.find(f"{{{_W}}}body")
               if child.tag != f"{{{_W}}}sectPr"]
    for element in content:
        references = [key for node in element.iter() for key in node.attrib
                      if key.startswith(f"{{{_R}}}")]
        if references:
            raise BilingualError("the second text refers to a part of its own package "
                                 f"({references[0]}), which the bilingual document lacks")
    index = list(body).index(anchor)
    body.insert(index, _page_break())
    for offset, element in enumerate(content, start=1):
        body.insert(index + offset, element)
    parts[_BODY] = etree.tostring(document, xml_declaration=True, encoding="UTF-8",
                                  standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as package:
        for name in names:
            package.writestr(name, parts[name])
    return ooxml.finish(out.getvalue())


def _page_break() -> etree._Element:
    paragraph = etree.Element(f"{{{_W}}}p")
    run = etree.SubElement(paragraph, f"{{{_W}}}r")
    etree.SubElement(run, f"{{{_W}}}br").set(f"{{{_W}}}type", "page")
    return paragraph
