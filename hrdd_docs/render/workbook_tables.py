"""The table sheets of the IRA workbook: one entry per row under the header row.

Every table has the same number of prepared rows (``validated_rows`` of the layout, or
more when the project needs them), each formatted for its column, unlocked for typing,
under the column's drop-down or check, with the row's formulas filled down: a row that
staff fill in the office suite computes and is read by ``hrdd import`` like the others.

A child table (``key: activities[].items``) lists the entries of every parent in turn,
its ``link`` column holding the parent's id.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hrdd_docs.render.workbook_layout import ROLES, Column, Sheet, cell_value, layout, lookup

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl.worksheet.worksheet import Worksheet

    from hrdd_docs.model import Project
    from hrdd_docs.render.workbook import _Builder
    from hrdd_docs.render.workbook_text import Words

BLANK_PERIODS = 12
"""Result columns of the Monitoring sheet in a blank workbook (the dates are not known)."""


def periods(project: Project | None, words: Words | None = None) -> list[str]:
    """The headers of the Monitoring sheet's result columns, one per monitoring period
    (``P2``, its first and last day, in the language of ``words``; English by default)."""
    if project is None:
        return [f"P{n + 1}" for n in range(BLANK_PERIODS)]
    from hrdd_docs.render.workbook_text import words as words_in
    from hrdd_docs.schedule import monitoring_periods

    w = words or words_in("en")
    return [w("ui.period", n=n + 1, first=first, last=last)
            for n, (first, last) in enumerate(monitoring_periods(project))]


def entries(sheet: Sheet, project: Project | None) -> list[tuple[Any, Any]]:
    """The sheet's entries as ``(link value, entry)``: the parent's id in a child table,
    the role on the People sheet, else None."""
    if project is None:
        return []
    if sheet.kind == "people":
        found = []
        for role, (key, several) in ROLES.items():
            value = lookup(project, key)
            if value is not None:
                found += [(role, person) for person in (value if several else [value])]
        return found
    if sheet.parent and sheet.child:
        return [(parent.id, child) for parent in lookup(project, sheet.parent)
                for child in getattr(parent, sheet.child)]
    return [(None, entry) for entry in lookup(project, sheet.key or "")]


def copies(sheet: Sheet, column: Column, project: Project | None) -> int:
    """How many cells a repeated column has: the layout's number, or the longest list."""
    return max([column.repeat, *(len(lookup(e, column.key) or [])
                                 for _, e in entries(sheet, project))])


def tag_columns(project: Project | None) -> int:
    """How many ``Tag n`` columns the risk register has: at least the layout's number."""
    sheet = layout().sheet("Risk register")
    return copies(sheet, sheet.column("tags"), project)


def expanded(sheet: Sheet, project: Project | None,
             words: Words | None = None) -> list[tuple[Column, int, str]]:
    """The columns as written: ``(column, copy number, header)``; repeats spelled out."""
    out: list[tuple[Column, int, str]] = []
    for column in sheet.columns:
        if column.repeat:
            out += [(column, n, f"{column.header} {n + 1}")
                    for n in range(copies(sheet, column, project))]
        elif column.type == "periods":
            out += [(column, n, header) for n, header in enumerate(periods(project, words))]
        else:
            out.append((column, 0, column.header))
    return out


def column_letters(sheet: Sheet, project: Project | None) -> dict[str, str]:
    """Column key → letter of its first copy, for formulas."""
    from openpyxl.utils import get_column_letter

    letters: dict[str, str] = {}
    for index, (column, _, _) in enumerate(expanded(sheet, project), start=1):
        letters.setdefault(column.key, get_column_letter(index))
    return letters


def _value(builder: _Builder, sheet: Sheet, column: Column, link: Any, entry: Any) -> Any:
    """What the entry holds for ``column`` (for a repeated or period column: all of it)."""
    if column.key == sheet.link or (sheet.kind == "people" and column.key == "role"):
        return link
    if sheet.kind == "people":
        return getattr(entry, column.key, None)
    if column.type == "periods":
        return {r.period: r.value for r in entry.results}
    if column.type == "notes":
        return "\n".join(f"P{r.period}: {r.note}" for r in entry.results if r.note) or None
    if column.key == "mitigations" and sheet.id == "Risk register":
        project = builder.project
        assert project is not None
        return ", ".join(m.id for m in project.mitigations_for(entry.id)) or None
    return lookup(entry, column.key)


def table(builder: _Builder, ws: Worksheet, sheet: Sheet) -> None:
    """Write a table sheet: headers, the entries, then the prepared empty rows."""
    from openpyxl.utils import get_column_letter

    from hrdd_docs.render import workbook_style as style

    project = builder.project
    style.title(ws, sheet.title, sheet.note)
    columns = expanded(sheet, project, builder.words)
    top = builder.layout.header_row
    widths = [c.width for c, _, _ in columns]
    style.header(ws, top, [h for _, _, h in columns], widths)
    first = top + 1
    rows = entries(sheet, project)
    if project is None and sheet.kind == "people":
        rows = [(role, None) for role in ROLES]  # one row per role, to fill in
    last = max(builder.layout.last_row, first + len(rows) - 1 + builder.layout.spare_rows)
    # The entries, and in a blank a few empty rows that print as a form to fill by hand;
    # below them the prepared rows take their format from their column (no cell needed).
    printed = len(rows) if project is not None else max(len(rows), style.BLANK_PRINTED_ROWS)
    letters = column_letters(sheet, project)
    for r in range(first, last + 1):
        link, entry = rows[r - first] if r - first < len(rows) else (None, None)
        for col, (column, copy, _) in enumerate(columns, start=1):
            if column.type == "formula":
                formula(builder, ws, sheet, column, r, col, entry, letters)
                continue
            if entry is None and link is None:
                if r < first + printed and col == 1:
                    ws.row_dimensions[r].height = style.BLANK_ROW_HEIGHT
                if r < first + printed:
                    cell = style.put(ws, r, col, None, column.type, unlocked=column.is_input)
                    if not column.is_input:
                        cell.fill = style.DERIVED_FILL
                continue
            value = _value(builder, sheet, column, link, entry) if entry is not None else (
                link if column.key == "role" else None)
            if column.type == "periods":
                result = value.get(copy + 1) if value else None
                style.put(ws, r, col, None if result is None else cell_value(
                    "number", result), "number", unlocked=True)
            elif column.repeat:
                values = value or []
                shown = (builder.shown(sheet, column, column.type, values[copy])
                         if copy < len(values) else None)
                style.put(ws, r, col, shown, column.type, unlocked=True)
            else:
                cell = style.put(ws, r, col, builder.shown(sheet, column, column.type, value),
                                 column.type, unlocked=column.is_input)
                if column.type == "derived":
                    cell.fill = style.DERIVED_FILL
    for col, (column, _, _) in enumerate(columns, start=1):
        letter = get_column_letter(col)
        ranges = f"{letter}{first}:{letter}{last}"
        kind = "number" if column.type == "periods" else column.type
        style.column_style(ws, col, kind, unlocked=column.is_input)
        if column.is_input:
            builder.validate(ws, sheet, column, ranges)
        if column.key == "level":
            builder.rating_colours(ws, ranges)
    style.borders(ws, first, first + max(printed, 1) - 1, len(columns))
    freeze = "B" if columns[0][0].key in {"id", "role", sheet.link} else "A"
    # Print the entries, not the prepared rows below them; a blank prints a few to fill.
    style.page_setup(ws, widths, first + max(printed, 1) - 1, freeze=f"{freeze}{first}",
                     title_rows=f"{top}:{top}", marking=builder.layout.marking)


def formula(builder: _Builder, ws: Worksheet, sheet: Sheet, column: Column, r: int, col: int,
            entry: Any, letters: dict[str, str]) -> None:
    """The row's live formula in ``column``, and the value it must show."""
    from hrdd_docs.render import workbook_style as style

    figures = builder.figures
    if column.key == "score":
        like, imp = f"{letters['likelihood']}{r}", f"{letters['impact']}{r}"
        style.formula(ws, r, col, f'=IF(OR({like}="",{imp}=""),"",'
                      f"MATCH({like},Ratings,0)*MATCH({imp},Ratings,0))")
        builder.record(ws, r, col, figures["risk_score"][entry.id] if entry else "")
    elif column.key == "level":
        score = f"{letters['score']}{r}"
        high, medium, low = (_quoted(builder.rating(level)) for level in ("high", "medium", "low"))
        style.formula(ws, r, col, f'=IF({score}="","",IF({score}>=6,{high},'
                      f'IF({score}>=3,{medium},{low})))')
        builder.record(ws, r, col, builder.rating(figures["risk_level"][entry.id])
                       if entry else "")
    elif column.key == "total":
        qty, unit = f"{letters['quantity']}{r}", f"{letters['unit_value']}{r}"
        style.formula(ws, r, col, f'=IF(OR({qty}="",{unit}=""),"",{qty}*{unit})',
                      "#,##0.00")
        if entry is None:
            builder.record(ws, r, col, "")
        else:
            key = builder._item_keys()[r - builder.layout.first_data_row]
            builder.record(ws, r, col, figures["item_total"][key])
    else:  # pragma: no cover - the layout names only these formulas
        raise ValueError(f"{sheet.name}: no formula for column {column.key!r}")


def _quoted(text: str) -> str:
    """A text as a formula's string literal."""
    return '"' + text.replace('"', '""') + '"'
