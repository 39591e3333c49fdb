"""The IRA workbook's computed sheets: Summary, Action 1, Action 2 result, clause rationale, Lists.

``hrdd build`` writes them from the assessment; ``hrdd import`` never reads them. The
Summary's counts are live formulas over the data sheets (checked against
:func:`hrdd_docs.render.workbook.figures` after LibreOffice recalculates them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hrdd_docs import assess
from hrdd_docs.render.workbook_layout import layout, lists
from hrdd_docs.vocabulary import MitigationType

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl.worksheet.worksheet import Worksheet

    from hrdd_docs.render.workbook import _Builder


def list_ranges() -> dict[str, str]:
    """Defined name → its range on the Lists sheet (two columns per list: value, meaning)."""
    from openpyxl.utils import get_column_letter

    first = layout().first_data_row
    ranges = {}
    for n, (name, values) in enumerate(lists().items()):
        letter = get_column_letter(2 * n + 1)
        ranges[name] = f"Lists!${letter}${first}:${letter}${first + len(values) - 1}"
    return ranges


def write(builder: _Builder) -> None:
    """Fill the computed sheets of a workbook whose data sheets are written."""
    wb = builder.wb
    summary(builder, wb["Summary"])
    applicability(builder, wb["Action 1 applicability"])
    preconditions(builder, wb["Action 2 preconditions"])
    clause_rationale(builder, wb["Clause rationale"])
    lists_sheet(wb["Lists"])


def _kv(ws: Worksheet, row: int, label: str, value: Any, kind: str = "text") -> int:
    from hrdd_docs.render import workbook_style as style

    style.put(ws, row, 1, label).font = style.Font(bold=True)
    style.put(ws, row, 2, value, kind).alignment = style.Alignment(
        wrap_text=True, vertical="top", horizontal="left")
    for col in (1, 2):
        ws.cell(row=row, column=col).border = style.BORDER
    return row + 1


def _person(person: Any) -> str:
    return f"{person.name}, {person.title}"


def summary(builder: _Builder, ws: Worksheet) -> None:
    """Cover: project, dates, assessors, endorsement, final rating, reassessment, counts."""
    from hrdd_docs.render import workbook_style as style
    from hrdd_docs.render.workbook import column_letters

    project = builder.project
    info, assessment = project.project, project.assessment
    sheet = layout().sheet("Summary")
    style.title(ws, sheet.title, "INTERNAL: for IOM staff only; findings never go to external "
                "documents. This sheet is computed by hrdd build; its counts update as the "
                "data sheets are edited.")
    ws.column_dimensions["A"].width = 44
    ws.column_dimensions["B"].width = 90
    endorsement = assessment.endorsement
    due = assess.reassessment_dates(project)
    decision = assess.applicability(project)
    failed = [p for p in assess.preconditions(project) if not p.met]
    mechanism = project.country_mechanism
    row = layout().first_data_row
    row = _kv(ws, row, "Project", info.title)
    row = _kv(ws, row, "Project id and code", f"{info.id} ({info.references.project_code})")
    row = _kv(ws, row, "Country and office", f"{info.country}, {info.office}")
    row = _kv(ws, row, "Duration", f"{info.start} to {info.end}")
    row = _kv(ws, row, "Assessment date", assessment.date, "date")
    row = _kv(ws, row, "Assessors", "\n".join(_person(p) for p in assessment.assessors))
    row = _kv(ws, row, "Endorsement (Head of Office)",
              f"{_person(endorsement)}, on {endorsement.date}" if endorsement
              else "Not endorsed yet: the Head of Office must endorse the results (Action 4)")
    final = assessment.final
    rating_row = row
    row = _kv(ws, row, "Final rating (element 9)", final.rating.value if final.rating
              else "Not rated yet")
    style.rating_colours(ws, f"B{rating_row}")
    if final.rationale:
        row = _kv(ws, row, "Rationale", final.rationale)
    row = _kv(ws, row, "Reassessment due", "\n".join(str(d) for d in due) if due else
              "No yearly reassessment: the project lasts a year or less; reassess on any "
              "triggering change (Action 4)")
    row = _kv(ws, row, "Applicability (Action 1)", decision.conclusion)
    row = _kv(ws, row, "Preconditions (Action 2)", "All four preconditions are met." if not
              failed else "Not met: " + "; ".join(p.title for p in failed)
              + ". IOM does not engage and no external agreement is produced.")
    decided = mechanism.participation_decided_by
    row = _kv(ws, row, "UN country mechanism (Action 3)",
              ("An HRDDP country mechanism exists" + ("; IOM participates." if
               mechanism.iom_participates else "; IOM does not participate.")
               + (f" Decided by {_person(decided)}." if decided else
                  " Who decided on participation is not recorded.")
               + (" The assessment drew on the GPRAF." if mechanism.gpraf_used else ""))
              if mechanism.exists else "No HRDDP country mechanism: IOM follows its internal "
              "procedure for intervention, suspension or cessation (Action 7, Box 7).")
    blocks = assess.blocking(project)
    row = _kv(ws, row, "External agreements (Actions 2 and 4)",
              "Blocked: the MOU, deeds and donor letters are not produced while these hold:\n"
              + "\n".join(f"- {b.rule}: {b.message} ({b.path})" for b in blocks)
              if blocks else "Not blocked.")
    row += 1
    style.header(ws, row, ["Figure (live formula)", "Value"], [44, 90])
    row += 1
    figures = builder.figures
    last = layout().header_row + layout().validated_rows
    first = layout().first_data_row

    def rng(sheet_name: str, key: str) -> str:
        letter = column_letters(layout().sheet(sheet_name), project)[key]
        return f"'{sheet_name}'!${letter}${first}:${letter}${last}"

    counts: list[tuple[str, str, Any]] = [
        ("Risks in the register", f"=COUNTA({rng('Risk register', 'id')})",
         figures["risks_total"]),
    ]
    for level, n in figures["risks_by_level"].items():
        counts.append((f"Risks of {level} level", f'=COUNTIF({rng("Risk register", "level")},'
                       f'"{level}")', n))
    for rating, n in figures["elements_by_rating"].items():
        counts.append((f"Elements 1–8 rated {rating}",
                       f"=COUNTIF('Action 4 elements'!$C${first}:$C${first + 7},\"{rating}\")",
                       n))
    counts.append(("Mitigation measures", f"=COUNTA({rng('Mitigation plan', 'id')})",
                   figures["mitigations_total"]))
    for kind in MitigationType:
        counts.append((f"Measures: {kind.label}",
                       f'=COUNTIF({rng("Mitigation plan", "type")},"{kind.value}")',
                       figures["mitigations_by_type"][kind.value]))
    for currency, total in figures["value_by_currency"].items():
        counts.append((f"Donated items, total value ({currency})",
                       f'=SUMIF({rng("Donated items", "currency")},"{currency}",'
                       f'{rng("Donated items", "total")})', total))
    for label, text, expected in counts:
        style.put(ws, row, 1, label).border = style.BORDER
        cell = style.formula(ws, row, 2, text, "#,##0.00" if "value" in label else "0")
        cell.border = style.BORDER
        cell.alignment = style.Alignment(horizontal="left")
        builder.record(ws, row, 2, expected)
        row += 1
    style.rating_colours(ws, f"A{rating_row}:A{rating_row}")
    style.page_setup(ws, 2, row - 1, freeze=None, title_rows=None)
    ws.page_setup.orientation = "portrait"


def applicability(builder: _Builder, ws: Worksheet) -> None:
    """Action 1 and Figure 1: the questions, the answers and the conclusion."""
    from hrdd_docs.render import workbook_style as style

    decision = assess.applicability(builder.project)
    style.title(ws, layout().sheet("Action 1 applicability").title,
                "Computed by hrdd build from the recipients and activities (Action 1, Figure 1).")
    top = layout().header_row
    style.header(ws, top, ["Step", "Question", "Answer", "Why"], [6, 60, 9, 70])
    row = top
    for n, step in enumerate(decision.path, start=1):
        row += 1
        style.put(ws, row, 1, n, "int")
        style.put(ws, row, 2, step.question)
        style.put(ws, row, 3, step.answer)
        style.put(ws, row, 4, step.detail)
    row += 1
    style.put(ws, row, 2, "Conclusion").font = style.Font(bold=True)
    style.put(ws, row, 4, decision.conclusion).font = style.Font(bold=True)
    style.borders(ws, top + 1, row, 4)
    style.page_setup(ws, 4, row, freeze=None, title_rows=f"{top}:{top}")


def preconditions(builder: _Builder, ws: Worksheet) -> None:
    """Action 2: below the facts staff fill in, whether each precondition is met."""
    from hrdd_docs.render import workbook_style as style

    sheet = layout().sheet("Action 2 preconditions")
    row = layout().header_row + len(sheet.fields) + 2
    style.put(ws, row, 1, "Result (computed by hrdd build; not read back)").font = style.Font(
        bold=True, color=style.BLUE)
    row += 1
    for col, text in enumerate(["Precondition", "Facts", "Met"], start=1):
        cell = style.put(ws, row, col, text)
        cell.font, cell.fill, cell.border = style.HEADER_FONT, style.HEADER_FILL, style.BORDER
    for result in assess.preconditions(builder.project):
        row += 1
        style.put(ws, row, 1, f"{result.rule} {result.title}")
        style.put(ws, row, 2, "\n".join(f for f in result.facts if f))
        style.put(ws, row, 3, "yes" if result.met else "NO: IOM does not engage")
        fill = style.RATING_COLOURS["low" if result.met else "high"][0]
        ws.cell(row=row, column=3).fill = style.PatternFill(fill_type="solid", start_color=fill,
                                                            end_color=fill)
        for col in (1, 2, 3):
            ws.cell(row=row, column=col).border = style.BORDER
    ws.print_area = f"A1:C{row}"


def clause_rows(project: Any, library: Any) -> list[tuple[str, str, str, str, str, str]] | None:
    """(document, clause id, title, family, HRDDP source, reasons) for every selected clause.

    None when the clause library is not available in this installation.
    """
    try:
        from hrdd_docs.clauses import DOCUMENT_NAMES, selection
    except ImportError:
        return None
    rows = []
    for document, chosen in selection(project, library).items():
        for selected in chosen:
            clause = selected.clause
            rows.append((DOCUMENT_NAMES.get(document, document), clause.id, clause.title,
                         clause.family.replace("_", " "), getattr(clause, "source", ""),
                         "\n".join(selected.reasons)))
    return rows


def clause_rationale(builder: _Builder, ws: Worksheet) -> None:
    """Which clause goes in which agreement, and the risk or fact that chose it."""
    from hrdd_docs.render import workbook_style as style

    style.title(ws, layout().sheet("Clause rationale").title,
                "Computed by hrdd build from the clause library; change the assessment or the "
                "mitigations, not this sheet.")
    top = layout().header_row
    style.header(ws, top, ["Document", "Clause", "Title", "Family", "HRDDP source",
                           "Why it was chosen"], [20, 24, 34, 18, 20, 64])
    rows = clause_rows(builder.project, builder.library)
    row = top
    if rows is None:
        row += 1
        style.put(ws, row, 1, "The clause library is not installed; no clause was selected.")
    for values in rows or []:
        row += 1
        for col, value in enumerate(values, start=1):
            style.put(ws, row, col, value or None)
    style.borders(ws, top + 1, max(row, top + 1), 6)
    style.page_setup(ws, 6, row, freeze=f"A{top + 1}", title_rows=f"{top}:{top}")


def lists_sheet(ws: Worksheet) -> None:
    """The values behind the drop-downs, each with what it means."""
    from hrdd_docs.render import workbook_style as style

    style.title(ws, layout().sheet("Lists").title, "Each list is a defined name used by the "
                "drop-downs. Type the value (left column) in the data sheets.")
    top = layout().header_row
    headers: list[str] = []
    widths: list[float] = []
    for name in lists():
        headers += [name, "Meaning"]
        widths += [22, 40]
    style.header(ws, top, headers, widths)
    longest = 0
    for n, values in enumerate(lists().values()):
        for k, (value, meaning) in enumerate(values, start=top + 1):
            style.put(ws, k, 2 * n + 1, value)
            style.put(ws, k, 2 * n + 2, meaning)
        longest = max(longest, len(values))
    ws.freeze_panes = f"A{top + 1}"
    style.page_setup(ws, len(headers), top + longest, freeze=f"A{top + 1}",
                     title_rows=f"{top}:{top}")
