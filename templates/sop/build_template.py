"""Regenerate ``templates/sop/template.docx``, the internal procedure sheet (Box 7).

Run from the repository root after changing this script::

    python templates/sop/build_template.py

The result is an ordinary Word file with docxtpl tags; it may also be edited in Word,
but a later run of this script overwrites such edits. The context the tags read is
built by :func:`hrdd_docs.render.sop.context`; ``tests/test_sop_doc.py`` checks that
every tag is supplied.

The procedure's flow (Box 7) is drawn with bordered one-cell tables joined by arrows,
so it prints and photocopies as it shows on screen.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hrdd_docs.render import docx_layout as lay

HERE = Path(__file__).resolve().parent

NAVY = "0B2F5B"
PALE = "DCE6F0"
GREEN = "E3F1E3"
AMBER = "FBEBD5"


def build(path: Path = HERE / "template.docx") -> Path:
    """Write the template to ``path`` (default: ``template.docx`` beside this script)."""
    doc = lay.new_document()
    lay.header(doc, "{{ office }} · INTERNAL", "{{ code }} · Procedure sheet (Box 7)")
    lay.footer_page_x_of_y(doc, "Internal to IOM: not for the recipient, the government "
                                "or donors")
    doc.add_paragraph("Internal procedure for intervention, suspension or cessation of "
                      "support", style="Title")
    doc.add_paragraph("HRDDP, Action 7 · Status as of "
                      "{{ sheet_date }}", style="Subtitle")
    _blocked_box(doc)

    lay.heading(doc, "1. Project and people")
    widths = [5.0, 11.0]
    table = _key_value_table(doc)
    _kv(table, "Project", "{{ title }}", widths)
    _kv(table, "Country and locations",
        "{{ country }}{% if locations %}: {{ locations }}{% endif %} "
        "({{ start }} to {{ end }})", widths)
    _kv(table, "Risk level", "{{ risk_level }}", widths, bold=True)
    _kv(table, "", "{{ risk_basis }}", widths)
    _kv(table, "Responsible for due diligence monitoring", "{{ responsible }}", widths)
    lay.add_row(table, ["{%tr for fp in focal_points %}", ""], widths)
    _kv(table, "Focal point in {{ fp.force }}", "{{ fp.person }}", widths)
    lay.add_row(table, ["{%tr endfor %}", ""], widths)
    lay.add_row(table, ["{%tr if programme_manager %}", ""], widths)
    _kv(table, "Programme Manager", "{{ programme_manager }}", widths)
    lay.add_row(table, ["{%tr endif %}", ""], widths)
    _kv(table, "Chief of Mission (COM)", "{{ com }}", widths)
    _kv(table, "Procedure followed", "{{ mechanism.note }}", widths)
    _grid(table, widths)

    lay.heading(doc, "2. Checklist")
    lay.para(doc, "Each line is worked out from the project file. A line not ticked says what "
                  "is missing and which field to complete.")
    cwidths = [1.4, 5.2, 9.4]
    checks = lay.grid_table(doc, ["Done", "Step", "Status"], cwidths)
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
    lay.para(doc, "Until every line is ticked, the procedure below cannot rely on the "
                  "assessment, the measures or the monitoring that is missing: complete them "
                  "first.", bold=True)
    lay.tag(doc, "{%p endif %}")

    lay.heading(doc, "3. Procedure")
    lay.para(doc, "Follow the boxes from top to bottom. The step numbers are used in the "
                  "incident log (section 5).")
    _box(doc, "Step 1 · Violations detected through due diligence monitoring",
         ["{{ detection }}"], PALE)
    _arrow(doc)
    _box(doc, "Step 2 · The responsible person informs the Programme Manager and the COM",
         ["{{ communication }}"], PALE)
    _arrow(doc)
    _courses_box(doc)
    _arrow(doc)
    _results(doc)
    lay.tag(doc, "{%p if suspend_when or cease_when %}")
    lay.heading(doc, "When to suspend or cease: the office's thresholds", level=2)
    lay.tag(doc, "{%p if suspend_when %}")
    _label_para(doc, "Suspend when: ", "{{ suspend_when }}")
    lay.tag(doc, "{%p endif %}")
    lay.tag(doc, "{%p if cease_when %}")
    _label_para(doc, "Cease when: ", "{{ cease_when }}")
    lay.tag(doc, "{%p endif %}")
    lay.tag(doc, "{%p endif %}")
    lay.para(doc, "Suspension and cessation are last resorts: they follow only when the "
                  "recipient has not taken adequate steps to stop the violations, investigate "
                  "them and hold those responsible to account (Action 7).")

    lay.heading(doc, "4. Monitoring period and reassessment")
    lay.para(doc, "Due diligence monitoring runs in periods of {{ period }} "
                  "from the start of the project:")
    pwidths = [2.0, 4.5, 4.5, 5.0]
    periods = lay.grid_table(doc, ["Period", "From", "To", "Results"], pwidths)
    lay.add_row(periods, ["{%tr for p in periods %}", "", "", ""], pwidths)
    lay.add_row(periods, ["{{ p.n }}", "{{ p.from }}", "{{ p.to }}", "{{ p.status }}"],
                pwidths)
    lay.add_row(periods, ["{%tr endfor %}", "", "", ""], pwidths)
    _grid(periods, pwidths)
    _after_table(doc)
    lay.tag(doc, "{%p if not assessed %}")
    lay.para(doc, "No risk assessment is recorded, so no reassessment is scheduled; assess at "
                  "once if the context or the support changes.")
    lay.tag(doc, "{%p elif reassessments %}")
    lay.para(doc, "The risk assessment is to be reassessed every year while the project "
                  "lasts, and sooner if the context or the support changes: due "
                  "{{ reassessments|join(', ') }}.")
    lay.tag(doc, "{%p else %}")
    lay.para(doc, "No yearly reassessment falls within the project; reassess at once if the "
                  "context or the support changes.")
    lay.tag(doc, "{%p endif %}")
    lay.tag(doc, "{%p for e in events %}")
    lay.para(doc, "An updated assessment is due now: the context changed on {{ e.date }} "
                  "({{ e.kind }}: {{ e.description }}), after the assessment (Action 4).",
             bold=True)
    lay.tag(doc, "{%p endfor %}")

    lay.heading(doc, "5. Incident log")
    lay.tag(doc, "{%p if log %}")
    lwidths = [2.4, 4.2, 3.2, 3.2, 3.0]
    log = lay.grid_table(doc, ["Date", "What was detected", "Course of action (step 3)",
                               "Action taken", "Result (step 4)"], lwidths)
    lay.add_row(log, ["{%tr for i in log %}", "", "", "", ""], lwidths)
    row = lay.add_row(log, ["{{ i.date }}", "{{ i.detected }}", "{{ i.course }}",
                            "{{ i.action }}", "{{ i.result }}"], lwidths)
    _extra(row.cells[1], "{% if i.recipient %}Recipient: {{ i.recipient }}. {% endif %}"
                         "{% if i.source %}Source: {{ i.source }}.{% endif %}"
                         "{% if i.classes %} May amount to: {{ i.classes }}.{% endif %}")
    _extra(row.cells[4], "{% if i.result_date %}On {{ i.result_date }}{% endif %}")
    lay.add_row(log, ["{%tr endfor %}", "", "", "", ""], lwidths)
    _grid(log, lwidths)
    _cant_split(log)  # an incident is read whole, never across two pages
    _after_table(doc)
    lay.tag(doc, "{%p else %}")
    lay.para(doc, "No incident has been recorded.")
    lay.tag(doc, "{%p endif %}")
    lay.para(doc, "Record every detected violation here (procedure.log in the project file): "
                  "the course of action agreed with the COM and whether it worked.")

    lay.heading(doc, "6. Agreed")
    lay.para(doc, "The person responsible for monitoring and the Chief of Mission agree this "
                  "procedure at the outset of the support (Action 7).")
    lay.signature_blocks(doc, "s", "signatures")
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


def _courses_box(doc: Any) -> None:
    cell = _box(doc, "Step 3 · Course of action agreed with the COM (one or more)", [], PALE)
    cell.add_paragraph("{%p for course in courses %}", style="Table Text")
    cell.add_paragraph("☐  {{ course }}", style="Table Text")
    cell.add_paragraph("{%p endfor %}", style="Table Text")
    cell.add_paragraph("{%p if mechanism.country_sops %}", style="Table Text")
    note = cell.add_paragraph(style="Table Text")
    note.add_run("Under the {{ mechanism.sops }}, the course of action is coordinated with "
                 "the UN HRDDP country mechanism.").italic = True
    cell.add_paragraph("{%p endif %}", style="Table Text")


def _blocked_box(doc: Any) -> None:
    """At the top, while a rule blocks the support: which rules, and what to complete."""
    lay.tag(doc, "{%p if blocked %}")
    cell = _box(doc, "Support is blocked: IOM does not engage while these hold, and the "
                     "MOU, deeds and donor letters are not produced", [], AMBER)
    cell.add_paragraph("{%p for b in blocked %}", style="Table Text")
    cell.add_paragraph("– {{ b.rule }}: {{ b.message }} ({{ b.path }})", style="Table Text")
    cell.add_paragraph("{%p endfor %}", style="Table Text")
    cell.add_paragraph("Nothing below is ticked that has not been done. Complete the fields "
                       "named, then build again.", style="Table Text")
    _after_table(doc)
    lay.tag(doc, "{%p endif %}")


def _results(doc: Any) -> None:
    """Step 4: Result A and Result B side by side, with the branches of Result B."""
    from docx.shared import Cm

    table = doc.add_table(rows=1, cols=2)
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    left, right = table.rows[0].cells
    for cell, fill, title, condition, action in (
        (left, GREEN, "Step 4 · Result A", "{{ results.a_condition }}",
         "{{ results.a_action }}"),
        (right, AMBER, "Step 4 · Result B", "{{ results.b_condition }}",
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
    print(build())
