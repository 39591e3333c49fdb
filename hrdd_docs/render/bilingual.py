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
reader finds an article at the same number in both. Each text is its own section with
its own page header and footer ("Mémorandum d'accord", "Page 3 sur 23" over the French
pages; "Memorandum of Understanding", "Page 14 of 23" over the English ones and the
signatures, which follow the second text); the pages are numbered through.
"""

from __future__ import annotations

import copy
import io
import zipfile

from lxml import etree

from hrdd_docs import ooxml
from hrdd_docs.render.docx_layout import SIGNATURES

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PARSER = etree.XMLParser(recover=False, resolve_entities=False, no_network=True)
_BODY = "word/document.xml"
_RELS = "word/_rels/document.xml.rels"
_TYPES = "[Content_Types].xml"
_PR = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_MAIN_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml"


class BilingualError(ValueError):
    """The two texts cannot be put together (a defect of the templates)."""


def combine(first: bytes, second: bytes) -> bytes:
    """The first document with the body of the second before its signatures, each text
    in its own section under its own header and footer."""
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        names = package.namelist()
        parts = {name: package.read(name) for name in names}
    with zipfile.ZipFile(io.BytesIO(second)) as package:
        other = etree.fromstring(package.read(_BODY), parser=_PARSER)
        other_parts = {name: package.read(name) for name in package.namelist()}
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
    first_section = body.find(f"{{{_W}}}sectPr")
    second_section = other.find(f"{{{_W}}}body/{{{_W}}}sectPr")
    if first_section is None or second_section is None:
        raise BilingualError("a text has no section properties")
    _bring_headers(second_section, other_parts, parts)
    index = list(body).index(anchor)
    body.insert(index, _section_end(first_section))
    for offset, element in enumerate(content, start=1):
        body.insert(index + offset, element)
    body.replace(first_section, second_section)
    parts[_BODY] = etree.tostring(document, xml_declaration=True, encoding="UTF-8",
                                  standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as package:
        for name in list(names) + [name for name in parts if name not in names]:
            package.writestr(name, parts[name])
    return ooxml.finish(out.getvalue())


def _section_end(section: etree._Element) -> etree._Element:
    """An empty paragraph closing the first text's section (from a new page, as Word's
    default section break starts one) with that text's header and footer."""
    paragraph = etree.Element(f"{{{_W}}}p")
    properties = etree.SubElement(paragraph, f"{{{_W}}}pPr")
    properties.append(copy.deepcopy(section))
    return paragraph


def _bring_headers(section: etree._Element, source: dict[str, bytes],
                   parts: dict[str, bytes]) -> None:
    """Copy the headers and footers ``section`` (the second text's) refers to into
    ``parts`` under new names, with their relationships and content types, and point
    ``section`` at the copies."""
    own = etree.fromstring(source[_RELS], parser=_PARSER)
    targets = {r.get("Id"): r for r in own}
    rels = etree.fromstring(parts[_RELS], parser=_PARSER)
    types = etree.fromstring(parts[_TYPES], parser=_PARSER)
    taken = {r.get("Id") for r in rels}
    for reference in section:
        if etree.QName(reference).localname not in ("headerReference", "footerReference"):
            continue
        relation = targets[reference.get(f"{{{_R}}}id")]
        kind = etree.QName(reference).localname[:-len("Reference")]
        if f"word/_rels/{relation.get('Target')}.rels" in source:
            raise BilingualError(f"the second text's {kind} refers to other parts")
        number = 1 + sum(name.startswith(f"word/{kind}") for name in parts)
        target = f"{kind}{number}.xml"
        while f"word/{target}" in parts:
            number += 1
            target = f"{kind}{number}.xml"
        parts[f"word/{target}"] = source[f"word/{relation.get('Target')}"]
        identifier = next(f"rId{n}" for n in range(1, len(taken) + 2)
                          if f"rId{n}" not in taken)
        taken.add(identifier)
        etree.SubElement(rels, f"{{{_PR}}}Relationship", Id=identifier,
                         Type=relation.get("Type"), Target=target)
        etree.SubElement(types, f"{{{_CT}}}Override", PartName=f"/word/{target}",
                         ContentType=f"{_MAIN_TYPE}.{kind}+xml")
        reference.set(f"{{{_R}}}id", identifier)
    for name, tree in ((_RELS, rels), (_TYPES, types)):
        parts[name] = etree.tostring(tree, xml_declaration=True, encoding="UTF-8",
                                     standalone=True)
