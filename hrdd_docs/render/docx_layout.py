"""Building blocks for the scripts that regenerate the Word templates.

Each template folder (``templates/mou/``, ``templates/deed_of_donation/``) has a
``build_template.py`` that writes its ``template.docx`` with python-docx and these
helpers, so the template's source is a reviewable script while the ``.docx`` stays a
normal Word file a legal officer can open and edit.

The helpers give every agreement the same shape: A4 pages, real Word styles (Title,
Subtitle, Heading 1, Heading 2, Normal, List Bullet, "Agreement Text" for article
paragraphs), a header with the document reference, a footer "Page X of Y" made of
PAGE and NUMPAGES fields, and signature blocks as borderless tables.

Only the builder scripts use this module; rendering never does.
"""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path
from typing import Any

FONT = "Arial"  # present in Word everywhere; LibreOffice maps it to Liberation Sans
FIXED_DATE = datetime(2026, 1, 1)

SIGNATURES = "hrdd_signatures"
"""The bookmark on an agreement's "Signatures" heading: a bilingual agreement puts its
second text before it (:mod:`hrdd_docs.render.bilingual`)."""

_LANGUAGE_TAGS = {"en": "en-GB", "fr": "fr-FR", "es": "es-ES"}

ENGLISH_LABELS = {"for": "For {{ party }}", "signature": "Signature:", "name": "Name:",
                  "title": "Title:", "date": "Date:", "place": "Place:"}
"""The labels of a signature block in English (:func:`labels` reads them per language)."""


def labels(t: Any) -> dict[str, str]:
    """The signature-block labels from a template's catalog (``common.signature.*``)."""
    return {key: t(f"common.signature.{key}") for key in ENGLISH_LABELS}


def points(value: float) -> Any:
    """A length in typographic points, for paragraph spacing."""
    from docx.shared import Pt

    return Pt(value)


def new_document(language: str | None = None) -> Any:
    """Return a python-docx Document with the page set-up and styles of an agreement.

    Its text is marked as ``language`` when given (British English, French, Spanish), so Word and
    LibreOffice check its spelling and hyphenate it in that language.
    """
    from docx import Document

    document = Document()
    _drop_unused_parts(document)
    _page_setup(document)
    _styles(document)
    if language is not None:
        _language(document, _LANGUAGE_TAGS[language])
    return document


def _language(document: Any, tag: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), tag)
    lang.set(qn("w:eastAsia"), tag)
    lang.set(qn("w:bidi"), "ar-SA")


def _drop_unused_parts(document: Any) -> None:
    """Leave out what python-docx's default template carries but no reader needs.

    ``stylesWithEffects.xml`` repeats the styles for Word 2010 (half of the file's XML;
    Word and LibreOffice use ``styles.xml``), and the thumbnail is a picture of the
    default template's empty page, which a file manager would show for every document.
    """
    for rels in (document.part.rels, document.part.package.rels):
        for r_id, rel in list(rels.items()):
            if rel.reltype.endswith(("/stylesWithEffects", "/metadata/thumbnail")):
                rels.pop(r_id)


def _page_setup(document: Any) -> None:
    from docx.shared import Cm

    for section in document.sections:
        section.page_height = Cm(29.7)
        section.page_width = Cm(21.0)
        section.top_margin = Cm(2.5)
        section.bottom_margin = Cm(2.2)
        section.left_margin = Cm(2.5)
        section.right_margin = Cm(2.5)
        section.header_distance = Cm(1.2)
        section.footer_distance = Cm(1.0)


def _styles(document: Any) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    styles = document.styles
    normal = styles["Normal"]
    _font(normal, size=10.5)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15

    title = styles["Title"]
    _font(title, size=18, bold=True, colour=RGBColor(0x0B, 0x2F, 0x5B))
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(6)
    _no_border(title)

    subtitle = styles["Subtitle"]
    _font(subtitle, size=12, colour=RGBColor(0x33, 0x33, 0x33))
    subtitle.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle.paragraph_format.space_after = Pt(18)
    _no_letter_spacing(subtitle)

    for name, size, before in (("Heading 1", 13, 18), ("Heading 2", 11, 12)):
        style = styles[name]
        _font(style, size=size, bold=True, colour=RGBColor(0x0B, 0x2F, 0x5B))
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True

    text = styles.add_style("Agreement Text", WD_STYLE_TYPE.PARAGRAPH)
    text.base_style = normal
    text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    bullet = styles["List Bullet"]
    _font(bullet, size=10.5)
    bullet.paragraph_format.space_after = Pt(3)

    small = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    small.base_style = normal
    _font(small, size=9.5)
    small.paragraph_format.space_after = Pt(0)
    small.paragraph_format.line_spacing = 1.0

    for name in ("Header", "Footer"):
        _font(styles[name], size=8.5, colour=RGBColor(0x55, 0x55, 0x55))
        # The default centre and right tabs would push the right-hand text to the middle.
        styles[name].paragraph_format.tab_stops.clear_all()


def _font(style: Any, *, size: float, bold: bool = False, colour: Any = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = False
    if colour is not None:
        style.font.color.rgb = colour
    # python-docx sets only the Latin font; set the complex-script and East Asian ones
    # too, so Arabic text is not shown in a theme font.
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:cs", "w:eastAsia", "w:hAnsi"):
        fonts.set(qn(attribute), FONT)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)


def _no_letter_spacing(style: Any) -> None:
    from docx.oxml.ns import qn

    rpr = style.element.get_or_add_rPr()
    for spacing in rpr.findall(qn("w:spacing")):
        rpr.remove(spacing)


def _no_border(style: Any) -> None:
    from docx.oxml.ns import qn

    ppr = style.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)


def header(document: Any, left: str, right: str) -> None:
    """Put ``left`` and ``right`` (tags allowed) on one header line, with a rule below."""
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Cm

    paragraph = document.sections[0].header.paragraphs[0]
    paragraph.style = document.styles["Header"]
    paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(16.0), WD_TAB_ALIGNMENT.RIGHT)
    paragraph.add_run(left)
    paragraph.add_run("\t")
    paragraph.add_run(right)
    _bottom_rule(paragraph)


def footer_page_x_of_y(document: Any, left: str = "", page: str = "Page",
                       of: str = "of") -> None:
    """Footer with ``left`` text and "Page X of Y" at the right, from PAGE and NUMPAGES
    (``page`` and ``of`` in the document's language: "Page 1 sur 3", "Página 1 de 3")."""
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Cm

    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.style = document.styles["Footer"]
    paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(16.0), WD_TAB_ALIGNMENT.RIGHT)
    if left:
        paragraph.add_run(left)
    paragraph.add_run(f"\t{page} ")
    field(paragraph, "PAGE", "1")
    paragraph.add_run(f" {of} ")
    field(paragraph, "NUMPAGES", "1")


def page_frame(document: Any, t: Any, left: str, footer: str) -> None:
    """The header every template has (``left``, then the catalog's ``header.right``) and
    its footer (``footer``, then "Page X of Y" in the catalog's words); ``t`` is the
    template's :class:`~hrdd_docs.catalog.Texts`."""
    header(document, left, t("header.right"))
    footer_page_x_of_y(document, footer, t("common.page"), t("common.page.of"))


def agreement_opening(document: Any, t: Any) -> None:
    """An agreement's title block and the start of its Parties section, from its catalog
    (MOU and deed): title, subtitle, reference, "The Parties", IOM, "and"."""
    document.add_paragraph(t("title"), style="Title")
    para(document, t("subtitle"), style="Subtitle")
    para(document, t("reference"), align="center")
    heading(document, t("parties.heading"))
    para(document, t("parties.iom"))
    para(document, t("parties.and"))


def field(paragraph: Any, instruction: str, shown: str) -> None:
    """Append a complex field (``PAGE``, ``NUMPAGES``) showing ``shown`` until updated."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def run_with(child: Any) -> None:
        run = paragraph.add_run()
        run._r.append(child)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    paragraph.add_run(shown)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def _bottom_rule(paragraph: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "4"),
                       ("w:color", "808080")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)


def tag(document: Any, text: str) -> None:
    """A paragraph holding only a docxtpl paragraph tag (``{%p for … %}``): it disappears."""
    document.add_paragraph(text, style="Agreement Text")


def heading(document: Any, text: str, level: int = 1, bookmark: str | None = None) -> Any:
    """An article or section heading in a real Heading style, optionally bookmarked."""
    paragraph = document.add_heading(text, level=level)
    if bookmark:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
        start.set(qn("w:id"), "0")
        start.set(qn("w:name"), bookmark)
        end.set(qn("w:id"), "0")
        paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
        paragraph._p.append(end)
    return paragraph


def para(document: Any, text: str, style: str = "Agreement Text", *, bold: bool = False,
         align: str | None = None, lead: str = "") -> Any:
    """A paragraph of agreement text, optionally opening with a bold ``lead`` phrase.

    ``align`` is ``center`` or ``right`` when given.
    """
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = document.add_paragraph(style=style)
    if lead:
        paragraph.add_run(lead + " ").bold = True
    run = paragraph.add_run(text)
    run.bold = bold or None
    if align:
        paragraph.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER,
                               "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]
    return paragraph


def clause_sections(document: Any, sequence: str, scope: str = "") -> None:
    """Repeat, for each clause in ``sequence``, a numbered Heading 2 and its paragraphs.

    ``scope``, when given, is a sentence printed after a clause whose ``clause.scope``
    names the only forces it concerns (``{{ clause.scope }}`` in the sentence).
    """
    tag(document, f"{{%p for clause in {sequence} %}}")
    heading(document, "{{ article.sub() }}  {{ clause.title }}", level=2)
    tag(document, "{%p for text in clause.paragraphs %}")
    para(document, "{{ text }}")
    tag(document, "{%p endfor %}")
    if scope:
        tag(document, "{%p if clause.scope %}")
        para(document, scope)
        tag(document, "{%p endif %}")
    tag(document, "{%p endfor %}")


def signature_blocks(document: Any, item: str, sequence: str, keep: str | None = None,
                     labels: dict[str, str] | None = None) -> None:
    """A signature block per party, repeated by ``{%p for item in sequence %}``.

    Each entry of the sequence gives ``party``, ``name``, ``title``, ``date`` and
    ``place``; the renderer puts a line to complete by hand where a value is not known.
    The block is a borderless two-column table whose rows stay on one page together.
    Every block keeps with the next, so all of them stay on one page with the paragraph
    that introduces them (give it ``keep_with_next``); with ``keep``, the name of a yes/no
    value of each entry, only the blocks whose value is true keep with the next (more
    blocks than a page holds: keep the first and the last but one, so that no block is
    alone on a page and the introduction is never left without one). ``labels`` are the
    words of the block in the document's language (:func:`labels`; English by default).
    """
    from docx.shared import Cm, Pt

    words = labels or ENGLISH_LABELS
    tag(document, f"{{%p for {item} in {sequence} %}}")
    rows = [
        (words["for"].replace("{{ party }}", f"{{{{ {item}.party }}}}"), None),
        (words["signature"], "_______________________________"),
        (words["name"], f"{{{{ {item}.name }}}}"),
        (words["title"], f"{{{{ {item}.title }}}}"),
        (words["date"], f"{{{{ {item}.date }}}}"),
        (words["place"], f"{{{{ {item}.place }}}}"),
    ]
    table = document.add_table(rows=len(rows), cols=2)
    table.autofit = False
    table.columns[0].width, table.columns[1].width = Cm(3.0), Cm(13.0)
    for row, (label, value) in zip(table.rows, rows, strict=True):
        left, right = row.cells
        left.width, right.width = Cm(3.0), Cm(13.0)
        if value is None:
            cell = left.merge(right)
            run = cell.paragraphs[0].add_run(label)
            run.bold = True
            paragraphs = cell.paragraphs
        else:
            left.paragraphs[0].add_run(label).bold = True
            right.paragraphs[0].add_run(value)
            paragraphs = [left.paragraphs[0], right.paragraphs[0]]
        for paragraph in paragraphs:
            paragraph.style = document.styles["Normal"]
            paragraph.paragraph_format.keep_with_next = True
            paragraph.paragraph_format.space_before = Pt(6 if value else 0)
            paragraph.paragraph_format.space_after = Pt(4)
    _cant_split(table)
    # The space after a block keeps with the next block too, so that the blocks, and
    # the "In witness whereof" paragraph before them (kept with the next), move to a
    # new page together: a block is never alone on a page, nor cut from the others.
    if keep:
        tag(document, f"{{%p if {item}.{keep} %}}")
    document.add_paragraph(style="Normal").paragraph_format.keep_with_next = True
    if keep:
        tag(document, "{%p else %}")
        document.add_paragraph(style="Normal")
        tag(document, "{%p endif %}")
    tag(document, "{%p endfor %}")


def _cant_split(table: Any) -> None:
    """Keep a table row on one page: a signature block is never cut in two."""
    from docx.oxml import OxmlElement

    for row in table.rows:
        trpr = row._tr.get_or_add_trPr()
        cant = OxmlElement("w:cantSplit")
        trpr.append(cant)


def grid_table(document: Any, header_cells: list[str], widths_cm: list[float],
               cell_margin_cm: float | None = None) -> Any:
    """A bordered table with a bold, repeated header row; returns the table.

    ``cell_margin_cm`` sets the left and right margin inside every cell (Word's default
    is 0.19 cm), to give the text of narrow columns the room it needs.
    """
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    table = document.add_table(rows=1, cols=len(header_cells))
    table.style = document.styles["Table Grid"]
    table.autofit = False
    if cell_margin_cm is not None:
        margins = OxmlElement("w:tblCellMar")
        for side in ("left", "right"):
            margin = OxmlElement(f"w:{side}")
            margin.set(qn("w:w"), str(round(cell_margin_cm / 2.54 * 1440)))
            margin.set(qn("w:type"), "dxa")
            margins.append(margin)
        table._tbl.tblPr.append(margins)
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
    for cell, text, width in zip(table.rows[0].cells, header_cells, widths_cm, strict=True):
        cell.width = Cm(width)
        cell.paragraphs[0].style = document.styles["Table Text"]
        cell.paragraphs[0].add_run(text).bold = True
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:fill"), "DCE6F0")
        cell._tc.get_or_add_tcPr().append(shading)
    header_row = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    header_row.append(repeat)
    return table


def add_row(table: Any, cells: list[str], widths_cm: list[float], *, bold: bool = False,
            right: tuple[int, ...] = ()) -> Any:
    """Append a row of ``cells`` (tags allowed); ``right`` lists right-aligned columns."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    row = table.add_row()
    for index, (cell, text, width) in enumerate(zip(row.cells, cells, widths_cm, strict=True)):
        cell.width = Cm(width)
        paragraph = cell.paragraphs[0]
        paragraph.style = paragraph.part.document.styles["Table Text"]
        paragraph.add_run(text).bold = bold or None
        if index in right:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return row


def save(document: Any, path: Path, *, title: str) -> None:
    """Save the template with fixed properties and zip dates, so a rebuild is byte-identical."""
    from hrdd_docs import ooxml

    props = document.core_properties
    props.title = title
    props.author = "IOM"
    props.last_modified_by = "IOM"
    props.created = FIXED_DATE
    props.modified = FIXED_DATE
    props.revision = 1
    props.comments = ""
    props.keywords = ""
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(ooxml.finish(buffer.getvalue()))
