"""Regenerate ``templates/sop/template.<lang>.docx``, the internal procedure sheet (Box 7),
in English, French and Spanish.

Run from the repository root after changing this script or a text file::

    python templates/sop/build_template.py       # en, fr and es

Every fixed sentence is in ``text/<language>.yaml`` (templates/README.md); the script
keeps the structure and writes one ``template.<language>.docx`` per language. The
sentences the renderer chooses between (checklist lines, results, the mechanism) are
entries of the same files, marked "(renderer)".

The result is an ordinary Word file with docxtpl tags; it may also be edited in Word,
but a later run of this script overwrites such edits. The context the tags read is
built by :func:`hrdd_docs.render.sop.context`; ``tests/test_sop_doc.py`` checks that
every tag is supplied.

The procedure's flow (Box 7) is drawn with bordered one-cell tables joined by arrows,
so it prints and photocopies as it shows on screen.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from hrdd_docs.catalog import Texts
from hrdd_docs.render import docx_layout as lay
from hrdd_docs.wording import LANGUAGES

HERE = Path(__file__).resolve().parent

NAVY = "0B2F5B"
PALE = "DCE6F0"
GREEN = "E3F1E3"
AMBER = "FBEBD5"


def build(path: Path | None = None, language: str = "en") -> Path:
    """Write the template in ``language`` to ``path`` (default: ``template.<language>.docx``
    beside this script), its sentences from ``text/<language>.yaml``."""
    path = path or HERE / f"template.{language}.docx"
    t = Texts("sop", language)
    doc = lay.new_document(language)
    lay.page_frame(doc, t, t("header.left"), t("footer"))
    doc.add_paragraph(t("title"), style="Title")
    doc.add_paragraph(t("subtitle"), style="Subtitle")
    _blocked_box(doc, t)

    lay.heading(doc, t("people.heading"))
    widths = [5.0, 11.0]
    table = _key_value_table(doc)
    _kv(table, t("people.project"), "{{ title }}", widths)
    _kv(table, t("people.country"), t("people.where"), widths)
    _kv(table, t("people.risk"), "{{ risk_level }}", widths, bold=True)
    _kv(table, "", "{{ risk_basis }}", widths)
    _kv(table, t("people.responsible"), "{{ responsible }}", widths)
    lay.add_row(table, ["{%tr for fp in focal_points %}", ""], widths)
    _kv(table, t("people.focal_point"), "{{ fp.person }}", widths)
    lay.add_row(table, ["{%tr endfor %}", ""], widths)
    lay.add_row(table, ["{%tr if programme_manager %}", ""], widths)
    _kv(table, t("people.manager"), "{{ programme_manager }}", widths)
    lay.add_row(table, ["{%tr endif %}", ""], widths)
    _kv(table, t("people.com"), "{{ com }}", widths)
    _kv(table, t("people.procedure"), "{{ mechanism.note }}", widths)
    _grid(table, widths)

    lay.heading(doc, t("checklist.heading"))
    lay.para(doc, t("checklist.intro"))
    cwidths = [1.6, 5.0, 9.4]  # "Hecho" fits on one line
    checks = lay.grid_table(doc, [t("checklist.done"), t("checklist.step"),
                                  t("checklist.status")], cwidths)
    lay.add_row(checks, ["{%tr for c in checks %}", "", ""], cwidths)
    row = lay.add_row(checks, ["{{ c.box }}", "{{ c.label }}", "{{ c.status }}"], cwidths)
    _big(row.cells[0])
    cell = row.cells[2]
    cell.add_paragraph("{%p for m in c.missing %}", style="Table Text")
    cell.add_paragraph("– {{ m }}", style="Table Text")
    cell.add_paragraph("{%p endfor %}", style="Table Text")
    lay.add_row(checks, ["{%tr endfor %}", "", ""], cwidths)
    _grid(checks, cwidths)
    _cant_split(checks)
    _after_table(doc)
    lay.tag(doc, "{%p if not all_checked %}")
    lay.para(doc, t("checklist.incomplete"), bold=True)
    lay.tag(doc, "{%p endif %}")

    lay.heading(doc, t("procedure.heading"))
    lay.para(doc, t("procedure.intro"))
    _box(doc, t("step1"), ["{{ detection }}"], PALE)
    _arrow(doc)
    _box(doc, t("step2"), ["{{ communication }}"], PALE)
    _arrow(doc)
    _courses_box(doc, t)
    _arrow(doc)
    _results(doc, t)
    lay.tag(doc, "{%p if suspend_when or cease_when %}")
    lay.heading(doc, t("thresholds.heading"), level=2)
    lay.tag(doc, "{%p if suspend_when %}")
    _label_para(doc, t("thresholds.suspend") + " ", "{{ suspend_when }}")
    lay.tag(doc, "{%p endif %}")
    lay.tag(doc, "{%p if cease_when %}")
    _label_para(doc, t("thresholds.cease") + " ", "{{ cease_when }}")
    lay.tag(doc, "{%p endif %}")
    lay.tag(doc, "{%p endif %}")
    lay.para(doc, t("last_resort"))

    lay.heading(doc, t("periods.heading"))
    lay.para(doc, t("periods.intro"))
    pwidths = [2.0, 4.5, 4.5, 5.0]
    periods = lay.grid_table(doc, [t("periods.period"), t("periods.from"), t("periods.to"),
                                   t("periods.results")], pwidths)
    lay.add_row(periods, ["{%tr for p in periods %}", "", "", ""], pwidths)
    lay.add_row(periods, ["{{ p.n }}", "{{ p.from }}", "{{ p.to }}", "{{ p.status }}"],
                pwidths)
    lay.add_row(periods, ["{%tr endfor %}", "", "", ""], pwidths)
    _grid(periods, pwidths)
    _after_table(doc)
    lay.tag(doc, "{%p if not assessed %}")
    lay.para(doc, t("reassess.unassessed"))
    lay.tag(doc, "{%p elif reassessments %}")
    lay.para(doc, t("reassess.yearly"))
    lay.tag(doc, "{%p else %}")
    lay.para(doc, t("reassess.none_due"))
    lay.tag(doc, "{%p endif %}")
    lay.tag(doc, "{%p for e in events %}")
    lay.para(doc, t("reassess.event"), bold=True)
    lay.tag(doc, "{%p endfor %}")

    lay.heading(doc, t("log.heading"))
    lay.tag(doc, "{%p if log %}")
    lwidths = [2.4, 4.2, 3.2, 3.2, 3.0]
    log = lay.grid_table(doc, [t("log.date"), t("log.detected"), t("log.course"),
                               t("log.action"), t("log.result")], lwidths)
    lay.add_row(log, ["{%tr for i in log %}", "", "", "", ""], lwidths)
    row = lay.add_row(log, ["{{ i.date }}", "{{ i.detected }}", "{{ i.course }}",
                            "{{ i.action }}", "{{ i.result }}"], lwidths)
    _extra(row.cells[1], t("log.details"))
    _extra(row.cells[4], t("log.result_date"))
    lay.add_row(log, ["{%tr endfor %}", "", "", "", ""], lwidths)
    _grid(log, lwidths)
    _cant_split(log)  # an incident is read whole, never across two pages
    _after_table(doc)
    lay.tag(doc, "{%p else %}")
    lay.para(doc, t("log.none"))
    lay.tag(doc, "{%p endif %}")
    lay.para(doc, t("log.record"))

    lay.heading(doc, t("agreed.heading"))
    lay.para(doc, t("agreed.text"))
    lay.signature_blocks(doc, "s", "signatures", labels=lay.labels(t))
    lay.save(doc, path, title="Internal procedure sheet (Box 7)")
    return path


def _grid(table: Any, widths: list[float]) -> Any:
    """Write the column widths into the table grid and fix the layout.

    python-docx sets only the cells' widths; LibreOffice lays a table out from its grid,
    which python-docx leaves at equal columns.
    """
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(int(Cm(width).twips)))
    props = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    props.append(layout)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)
    return table


def _after_table(doc: Any) -> None:
    """A small empty paragraph, so the text after a table does not touch it."""
    from docx.shared import Pt

    doc.add_paragraph(style="Normal").paragraph_format.space_after = Pt(2)


def _key_value_table(doc: Any) -> Any:
    table = doc.add_table(rows=0, cols=2)
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    return table


def _kv(table: Any, key: str, value: str, widths: list[float], *, bold: bool = False) -> Any:
    row = lay.add_row(table, [key, value], widths)
    row.cells[0].paragraphs[0].runs[0].bold = True if key else None
    _shade(row.cells[0], PALE)
    if bold:
        row.cells[1].paragraphs[0].runs[0].bold = True
    return row


def _shade(cell: Any, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _big(cell: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.runs[0].font.size = Pt(14)


def _extra(cell: Any, text: str) -> None:
    from docx.shared import Pt

    paragraph = cell.add_paragraph(style="Table Text")
    run = paragraph.add_run(text)
    run.italic = True
    run.font.size = Pt(8.5)


def _label_para(doc: Any, label: str, text: str) -> None:
    paragraph = doc.add_paragraph(style="Agreement Text")
    paragraph.add_run(label).bold = True
    paragraph.add_run(text)


def _box(doc: Any, title: str, lines: list[str], fill: str, *, width: float = 16.0) -> Any:
    """A one-cell bordered table: the box of a flow chart."""
    from docx.shared import Cm

    table = doc.add_table(rows=1, cols=1)
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    cell = table.rows[0].cells[0]
    cell.width = Cm(width)
    _shade(cell, fill)
    head = cell.paragraphs[0]
    head.style = doc.styles["Table Text"]
    head.add_run(title).bold = True
    head.paragraph_format.keep_with_next = True
    for line in lines:
        cell.add_paragraph(line, style="Table Text")
    _cant_split(table)
    _grid(table, [width])
    return cell


def _cant_split(table: Any) -> None:
    from docx.oxml import OxmlElement

    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _arrow(doc: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    paragraph = doc.add_paragraph(style="Normal")
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.keep_with_next = True
    run = paragraph.add_run("↓")
    run.bold = True
    run.font.size = Pt(16)
    run.font.color.rgb = RGBColor.from_string(NAVY)


def _courses_box(doc: Any, t: Texts) -> None:
    cell = _box(doc, t("step3"), [], PALE)
    cell.add_paragraph("{%p for course in courses %}", style="Table Text")
    cell.add_paragraph("☐  {{ course }}", style="Table Text")
    cell.add_paragraph("{%p endfor %}", style="Table Text")
    cell.add_paragraph("{%p if mechanism.country_sops %}", style="Table Text")
    note = cell.add_paragraph(style="Table Text")
    note.add_run(t("step3.sops")).italic = True
    cell.add_paragraph("{%p endif %}", style="Table Text")


def _blocked_box(doc: Any, t: Texts) -> None:
    """At the top, while a rule blocks the support: which rules, and what to complete."""
    lay.tag(doc, "{%p if blocked %}")
    cell = _box(doc, t("blocked.title"), [], AMBER)
    cell.add_paragraph("{%p for b in blocked %}", style="Table Text")
    cell.add_paragraph(t("blocked.line"), style="Table Text")
    cell.add_paragraph("{%p endfor %}", style="Table Text")
    cell.add_paragraph(t("blocked.after"), style="Table Text")
    _after_table(doc)
    lay.tag(doc, "{%p endif %}")


def _results(doc: Any, t: Texts) -> None:
    """Step 4: Result A and Result B side by side, with the branches of Result B."""
    from docx.shared import Cm

    table = doc.add_table(rows=1, cols=2)
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    left, right = table.rows[0].cells
    for cell, fill, title, condition, action in (
        (left, GREEN, t("step4.a"), "{{ results.a_condition }}",
         "{{ results.a_action }}"),
        (right, AMBER, t("step4.b"), "{{ results.b_condition }}",
         "{{ results.b_action }}"),
    ):
        cell.width = Cm(8.0)
        _shade(cell, fill)
        head = cell.paragraphs[0]
        head.style = doc.styles["Table Text"]
        head.add_run(title).bold = True
        cell.add_paragraph(condition, style="Table Text")
        arrow = cell.add_paragraph(style="Table Text")
        arrow.add_run("→ " + action).bold = True
    right.add_paragraph("↓", style="Table Text")
    right.add_paragraph("• {{ results.b_addressed }}", style="Table Text")
    right.add_paragraph("• {{ results.b_continuing }}", style="Table Text")
    _cant_split(table)
    _grid(table, [8.0, 8.0])
    _after_table(doc)


if __name__ == "__main__":
    for code in sys.argv[1:] or LANGUAGES:
        print(build(language=code))
