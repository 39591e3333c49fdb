"""The IRA workbook's computed sheets: Summary, Action 1, Action 2 result, clause rationale, Lists.

``hrdd build`` writes them from the assessment; ``hrdd import`` never reads them. The
Summary's counts are live formulas over the data sheets (checked against
:func:`hrdd_docs.render.workbook.figures` after LibreOffice recalculates them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hrdd_docs import assess, catalog
from hrdd_docs.clause_translations import source_in
from hrdd_docs.reasons import checked, rule, say
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


def list_ranges(sheet: str = "Lists") -> dict[str, str]:
    """Defined name → its range on the Lists sheet (column A, below the list's header);
    ``sheet``: that sheet's name in the workbook's language."""
    tops = _list_tops()
    quoted = sheet if sheet.isalnum() else "'" + sheet.replace("'", "''") + "'"
    return {name: f"{quoted}!$A${tops[name] + 1}:$A${tops[name] + len(values)}"
            for name, values in lists().items()}


def write(builder: _Builder) -> None:
    """Fill the computed sheets of a workbook whose data sheets are written."""
    wb, names = builder.wb, builder.layout.sheet
    checked(builder.words.language)  # a reasons catalog missing a key: exit 2, naming it
    summary(builder, wb[names("Summary").name])
    applicability(builder, wb[names("Action 1 applicability").name])
    preconditions(builder, wb[names("Action 2 preconditions").name])
    clause_rationale(builder, wb[names("Clause rationale").name])
    lists_sheet(builder, wb[names("Lists").name])


def write_blank(builder: _Builder) -> None:
    """The computed sheets of a blank workbook: what ``hrdd build`` will put there."""
    from hrdd_docs.render import workbook_style as style

    for sheet in builder.layout.sheets:
        if sheet.kind == "derived" and sheet.id != "Lists":
            ws = builder.wb[sheet.name]
            style.title(ws, sheet.title, sheet.blank)
            ws.column_dimensions["A"].width = 110
            style.page_setup(ws, [110], 2, freeze=None, title_rows=None,
                             marking=builder.layout.marking)
    lists_sheet(builder, builder.wb[builder.layout.sheet("Lists").name])


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
    w, book = builder.words, builder.layout
    info, assessment = project.project, project.assessment
    sheet = book.sheet("Summary")
    style.title(ws, sheet.title, w("ui.summary.note"))
    ws.column_dimensions["A"].width = 44
    ws.column_dimensions["B"].width = 90
    endorsement = assessment.endorsement
    due = assess.reassessment_dates(project)
    decision = assess.applicability(project)
    failed = [p for p in assess.preconditions(project) if not p.met]
    mechanism = project.country_mechanism
    row = book.first_data_row
    row = _kv(ws, row, w("ui.summary.project"), info.title)
    row = _kv(ws, row, w("ui.summary.project_id"),
              f"{info.id} ({info.references.project_code})")
    row = _kv(ws, row, w("ui.summary.country_office"), f"{info.country}, {info.office}")
    def day(value: Any) -> str:
        """A date inside a sentence: as the file writes it in English (the workbook's
        form), in full as the language writes it otherwise ("1er mars 2026")."""
        from hrdd_docs.wording import long_date

        return str(value) if w.language == "en" else long_date(value, w.language)

    row = _kv(ws, row, w("ui.summary.duration"),
              w("ui.summary.from_to", start=day(info.start), end=day(info.end)))
    row = _kv(ws, row, w("ui.summary.assessment_date"), assessment.date, "date")
    row = _kv(ws, row, w("ui.summary.assessors"),
              "\n".join(_person(p) for p in assessment.assessors))
    row = _kv(ws, row, w("ui.summary.endorsement"),
              w("ui.summary.endorsed", person=_person(endorsement), date=day(endorsement.date))
              if endorsement else w("ui.summary.not_endorsed"))
    final = assessment.final
    rating_row = row
    row = _kv(ws, row, w("ui.summary.final_rating"), builder.rating(final.rating.value)
              if final.rating else w("ui.summary.not_rated"))
    builder.rating_colours(ws, f"B{rating_row}")
    if final.rationale:
        row = _kv(ws, row, w("ui.summary.rationale"), final.rationale)
    row = _kv(ws, row, w("ui.summary.reassessment"), "\n".join(str(d) for d in due) if due
              else w("ui.summary.no_reassessment"))
    language = w.language
    row = _kv(ws, row, w("ui.summary.applicability"), say(decision.conclusion, language))
    separator = "\u00a0; " if language == "fr" else "; "
    row = _kv(ws, row, w("ui.summary.preconditions"), w("ui.summary.preconditions_met")
              if not failed else w("ui.summary.preconditions_failed",
                                   failed=separator.join(say(p.title, language)
                                                         for p in failed)))
    decided = mechanism.participation_decided_by
    row = _kv(ws, row, w("ui.summary.mechanism"),
              (w("ui.summary.mechanism_participates" if mechanism.iom_participates
                 else "ui.summary.mechanism_outside")
               + (w("ui.summary.mechanism_decided", person=_person(decided)) if decided
                  else w("ui.summary.mechanism_undecided"))
               + (w("ui.summary.mechanism_gpraf") if mechanism.gpraf_used else ""))
              if mechanism.exists else w("ui.summary.no_mechanism"))
    blocks = assess.blocking(project)
    row = _kv(ws, row, w("ui.summary.external"),
              w("ui.summary.blocked") + "\n"
              + "\n".join(_block_line(b, language) for b in blocks)
              if blocks else w("ui.summary.not_blocked"))
    row += 1
    style.header(ws, row, [w("ui.summary.figure"), w("ui.summary.value")], [44, 90])
    row += 1
    figures = builder.figures
    last = book.header_row + book.validated_rows
    first = book.first_data_row

    def rng(sheet_id: str, key: str) -> str:
        sheet = book.sheet(sheet_id)
        letter = column_letters(sheet, project)[key]
        return f"'{_escaped(sheet.name)}'!${letter}${first}:${letter}${last}"

    def label(name: str, value: str) -> str:
        return '"' + w.label(name, value).replace('"', '""') + '"'

    counts: list[tuple[str, str, Any, bool]] = [
        (w("ui.summary.risks"), f"=COUNTA({rng('Risk register', 'id')})",
         figures["risks_total"], False),
    ]
    for level, n in figures["risks_by_level"].items():
        counts.append((w("ui.summary.risks_of_level", level=builder.rating(level)),
                       f'=COUNTIF({rng("Risk register", "level")},{label("Ratings", level)})',
                       n, False))
    elements = _escaped(book.sheet("Action 4 elements").name)
    for rating, n in figures["elements_by_rating"].items():
        counts.append((w("ui.summary.elements_rated", rating=builder.rating(rating)),
                       f"=COUNTIF('{elements}'!$C${first}:$C${first + 7},"
                       f"{label('Ratings', rating)})", n, False))
    counts.append((w("ui.summary.measures_total"), f"=COUNTA({rng('Mitigation plan', 'id')})",
                   figures["mitigations_total"], False))
    for kind in MitigationType:
        counts.append((w("ui.summary.measures_of_type",
                         kind=w.meaning("MitigationTypes", kind.value)),
                       f'=COUNTIF({rng("Mitigation plan", "type")},'
                       f'{label("MitigationTypes", kind.value)})',
                       figures["mitigations_by_type"][kind.value], False))
    for currency, total in figures["value_by_currency"].items():
        counts.append((w("ui.summary.items_value", currency=currency),
                       f'=SUMIF({rng("Donated items", "currency")},"{currency}",'
                       f'{rng("Donated items", "total")})', total, True))
    for text_label, text, expected, amount in counts:
        style.put(ws, row, 1, text_label).border = style.BORDER
        cell = style.formula(ws, row, 2, text, "#,##0.00" if amount else "0")
        cell.border = style.BORDER
        cell.alignment = style.Alignment(horizontal="left")
        builder.record(ws, row, 2, expected)
        row += 1
    builder.rating_colours(ws, f"A{rating_row}:A{rating_row}")
    style.page_setup(ws, [44, 90], row - 1, freeze=None, title_rows=None,
                     marking=book.marking)
    ws.page_setup.orientation = "portrait"


def _block_line(block: assess.Block, language: str) -> str:
    colon = "\u00a0:" if language == "fr" else ":"
    return f"- {rule(block.rule, language)}{colon} {say(block.message, language)} ({block.path})"


def applicability(builder: _Builder, ws: Worksheet) -> None:
    """Action 1 and Figure 1: the questions, the answers and the conclusion."""
    from hrdd_docs.render import workbook_style as style

    decision = assess.applicability(builder.known)
    w, book = builder.words, builder.layout
    style.title(ws, book.sheet("Action 1 applicability").title, w("ui.action1.note"))
    top = book.header_row
    style.header(ws, top, [w("ui.action1.step"), w("ui.action1.question"),
                           w("ui.action1.answer"), w("ui.action1.why")], [6, 60, 9, 70])
    row = top
    for n, step in enumerate(decision.path, start=1):
        row += 1
        style.put(ws, row, 1, n, "int")
        style.put(ws, row, 2, say(step.question, w.language))
        style.put(ws, row, 3, say(step.answer, w.language))
        style.put(ws, row, 4, say(step.detail, w.language))
    row += 1
    style.put(ws, row, 2, w("ui.action1.conclusion")).font = style.Font(bold=True)
    style.put(ws, row, 4, say(decision.conclusion, w.language)).font = style.Font(bold=True)
    style.borders(ws, top + 1, row, 4)
    style.page_setup(ws, [6, 60, 9, 70], row, freeze=None, title_rows=f"{top}:{top}",
                     marking=book.marking)


def preconditions(builder: _Builder, ws: Worksheet) -> None:
    """Action 2: below the facts staff fill in, whether each precondition is met."""
    from hrdd_docs.render import workbook_style as style

    w, book = builder.words, builder.layout
    sheet = book.sheet("Action 2 preconditions")
    row = book.header_row + len(sheet.fields) + 2
    style.put(ws, row, 1, w("ui.action2.result")).font = style.Font(bold=True, color=style.BLUE)
    row += 1
    for col, text in enumerate([w("ui.action2.precondition"), w("ui.action2.facts"),
                                w("ui.action2.met")], start=1):
        cell = style.put(ws, row, col, text)
        cell.font, cell.fill, cell.border = style.HEADER_FONT, style.HEADER_FILL, style.BORDER
    for result in assess.preconditions(builder.known):
        row += 1
        style.put(ws, row, 1, f"{rule(result.rule, w.language)} {say(result.title, w.language)}")
        style.put(ws, row, 2, "\n".join(say(f, w.language) for f in result.facts if f))
        style.put(ws, row, 3, w("ui.action2.yes") if result.met else w("ui.action2.no"))
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


def _clause_row(builder: _Builder, agreement: Any, selected: Any) -> tuple[str, ...]:
    clause = selected.clause
    reasons = [say(r, builder.words.language) for r in selected.reasons]
    if selected.scope:
        reasons.append(builder.words("ui.rationale.scope", scope=", ".join(selected.scope)))
    title = getattr(selected, "title", clause.title)  # in the agreement's language
    language = builder.words.language
    family = (clause.family.replace("_", " ") if language == "en"
              else catalog.text("common", f"family.{clause.family}", language))
    # The citation of the Toolkit in the agreement's language, as the title.
    source = source_in(clause, getattr(selected, "language", "en"))
    return (say(agreement.title, language), clause.id, title, family, source,
            "\n".join(reasons))


def clause_rationale(builder: _Builder, ws: Worksheet) -> None:
    """Which clause goes in which agreement, and the risk or fact that chose it.

    One section per agreement (the MOU, then each deed named by its recipient), each
    listing exactly the clauses of that document; nothing for an agreement not built.
    """
    from hrdd_docs.render import workbook_style as style

    outside = builder.built is None
    w, book = builder.words, builder.layout
    style.title(ws, book.sheet("Clause rationale").title,
                w("ui.rationale.note_full" if outside else "ui.rationale.note_built"))
    top = book.header_row
    style.header(ws, top, [w(f"ui.rationale.{key}") for key in (
        "document", "clause", "title", "family", "source", "why")], [30, 24, 34, 18, 20, 64])
    sections = clause_sections(builder)
    row = top
    if sections is None:
        row += 1
        style.put(ws, row, 1, w("ui.rationale.no_library"))
    elif not sections:
        row += 1
        style.put(ws, row, 1, w("ui.rationale.none_built"))
    for agreement in sections or []:
        row += 1
        where = f" ({agreement.file})" if agreement.file else ""
        count = len(agreement.clauses)
        style.put(ws, row, 1, w("ui.rationale.one" if count == 1 else "ui.rationale.many",
                                title=say(agreement.title, w.language), where=where,
                                count=count)
                  ).font = style.Font(bold=True)
        for col in range(1, 7):
            ws.cell(row=row, column=col).fill = style.SECTION_FILL
        for selected in agreement.clauses:
            row += 1
            for col, value in enumerate(_clause_row(builder, agreement, selected), start=1):
                style.put(ws, row, col, value or None)
    style.borders(ws, top + 1, max(row, top + 1), 6)
    style.page_setup(ws, [30, 24, 34, 18, 20, 64], row, freeze=f"A{top + 1}",
                     title_rows=f"{top}:{top}", marking=book.marking)


def lists_sheet(builder: _Builder, ws: Worksheet) -> None:
    """The values behind the drop-downs, each with what it means, one list under another:
    the labels in the workbook's language, the codes where a list holds codes."""
    from hrdd_docs.render import workbook_style as style

    w, book = builder.words, builder.layout
    style.title(ws, book.sheet("Lists").title, w("ui.lists.note"))
    last = book.header_row
    for (name, values), top in zip(lists().items(), _list_tops().values(), strict=True):
        style.header(ws, top, [name, w("ui.lists.meaning")], [28, 70])
        for k, (value, _) in enumerate(values, start=top + 1):
            style.put(ws, k, 1, w.label(name, value))
            style.put(ws, k, 2, w.meaning(name, value))
        style.borders(ws, top + 1, top + len(values), 2)
        last = top + len(values)
    style.page_setup(ws, [28, 70], last, freeze=None, title_rows=None,
                     marking=book.marking)


def _escaped(name: str) -> str:
    """A sheet name inside '…' in a formula (a quote doubled)."""
    return name.replace("'", "''")
