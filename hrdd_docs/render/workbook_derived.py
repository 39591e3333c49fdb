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


def _list_tops() -> dict[str, int]:
    """Defined name → the row of its header on the Lists sheet.

    The lists are stacked one under the other (header, values, a blank row) in columns
    A (value) and B (meaning), so the sheet prints on portrait pages of its own width
    rather than as one strip too wide for any page.
    """
    row = layout().header_row
    tops = {}
    for name, values in lists().items():
        tops[name] = row
        row += len(values) + 2
    return tops


def list_ranges() -> dict[str, str]:
    """Defined name → its range on the Lists sheet (column A, below the list's header)."""
    tops = _list_tops()
    return {name: f"Lists!$A${tops[name] + 1}:$A${tops[name] + len(values)}"
            for name, values in lists().items()}


def write(builder: _Builder) -> None:
    """Fill the computed sheets of a workbook whose data sheets are written."""
    wb = builder.wb
    summary(builder, wb["Summary"])
    applicability(builder, wb["Action 1 applicability"])
    preconditions(builder, wb["Action 2 preconditions"])
    clause_rationale(builder, wb["Clause rationale"])
    lists_sheet(wb["Lists"])


def write_blank(builder: _Builder) -> None:
    """The computed sheets of a blank workbook: what ``hrdd build`` will put there."""
    from hrdd_docs.render import workbook_style as style

    for sheet in layout().sheets:
        if sheet.kind == "derived" and sheet.name != "Lists":
            ws = builder.wb[sheet.name]
            style.title(ws, sheet.title, sheet.blank)
            ws.column_dimensions["A"].width = 110
            style.page_setup(ws, [110], 2, freeze=None, title_rows=None,
                             marking=layout().marking)
    lists_sheet(builder.wb["Lists"])


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
    from hrdd_docs.render.workbook_tables import column_letters

    project = builder.known
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
    style.page_setup(ws, [44, 90], row - 1, freeze=None, title_rows=None,
                     marking=layout().marking)
    ws.page_setup.orientation = "portrait"


def applicability(builder: _Builder, ws: Worksheet) -> None:
    """Action 1 and Figure 1: the questions, the answers and the conclusion."""
    from hrdd_docs.render import workbook_style as style

    decision = assess.applicability(builder.known)
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
    style.page_setup(ws, [6, 60, 9, 70], row, freeze=None, title_rows=f"{top}:{top}",
                     marking=layout().marking)


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
    for result in assess.preconditions(builder.known):
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


def clause_sections(builder: _Builder) -> list[Any] | None:
    """The agreements whose clauses the sheet lists: those built in this build
    (``builder.built``), else those a full build makes; None when the clause library is
    not available in this installation."""
    try:
        from hrdd_docs import agreements
    except ImportError:
        return None
    if builder.built is not None:
        return agreements.built(builder.known, builder.built)
    return agreements.agreements(builder.known, builder.library)


def _clause_row(agreement: Any, selected: Any) -> tuple[str, ...]:
    clause = selected.clause
    reasons = list(selected.reasons)
    if selected.scope:
        reasons.append("the MOU says it concerns " + ", ".join(selected.scope) + " only")
    title = getattr(selected, "title", clause.title)  # in the agreement's language
    return (agreement.title, clause.id, title, clause.family.replace("_", " "),
            getattr(clause, "source", ""), "\n".join(reasons))


def clause_rationale(builder: _Builder, ws: Worksheet) -> None:
    """Which clause goes in which agreement, and the risk or fact that chose it.

    One section per agreement (the MOU, then each deed named by its recipient), each
    listing exactly the clauses of that document; nothing for an agreement not built.
    """
    from hrdd_docs.render import workbook_style as style

    outside = builder.built is None
    style.title(ws, layout().sheet("Clause rationale").title,
                "Computed by hrdd build from the clause library: one section per agreement "
                + ("a full build of this project makes" if outside else
                   "built with this workbook") + ", with the clauses it contains. Change the "
                "assessment or the mitigations, not this sheet.")
    top = layout().header_row
    style.header(ws, top, ["Document", "Clause", "Title", "Family", "HRDDP source",
                           "Why it was chosen"], [30, 24, 34, 18, 20, 64])
    sections = clause_sections(builder)
    row = top
    if sections is None:
        row += 1
        style.put(ws, row, 1, "The clause library is not installed; no clause was selected.")
    elif not sections:
        row += 1
        style.put(ws, row, 1, "No MOU or deed of donation was built with this workbook, so no "
                  "clause is listed; build them to see their clauses here.")
    for agreement in sections or []:
        row += 1
        where = f" ({agreement.file})" if agreement.file else ""
        count = len(agreement.clauses)
        style.put(ws, row, 1, f"{agreement.title}{where}: {count} clause"
                  f"{'' if count == 1 else 's'}").font = style.Font(bold=True)
        for col in range(1, 7):
            ws.cell(row=row, column=col).fill = style.SECTION_FILL
        for selected in agreement.clauses:
            row += 1
            for col, value in enumerate(_clause_row(agreement, selected), start=1):
                style.put(ws, row, col, value or None)
    style.borders(ws, top + 1, max(row, top + 1), 6)
    style.page_setup(ws, [30, 24, 34, 18, 20, 64], row, freeze=f"A{top + 1}",
                     title_rows=f"{top}:{top}", marking=layout().marking)


def lists_sheet(ws: Worksheet) -> None:
    """The values behind the drop-downs, each with what it means, one list under another."""
    from hrdd_docs.render import workbook_style as style

    style.title(ws, layout().sheet("Lists").title, "Each list is a defined name used by the "
                "drop-downs. Type the value (left column) in the data sheets.")
    last = layout().header_row
    for (name, values), top in zip(lists().items(), _list_tops().values(), strict=True):
        style.header(ws, top, [name, "Meaning"], [28, 70])
        for k, (value, meaning) in enumerate(values, start=top + 1):
            style.put(ws, k, 1, value)
            style.put(ws, k, 2, meaning)
        style.borders(ws, top + 1, top + len(values), 2)
        last = top + len(values)
    style.page_setup(ws, [28, 70], last, freeze=None, title_rows=None,
                     marking=layout().marking)
