"""The internal risk assessment (IRA) workbook: the Action 4 assessment as Excel (design.md §2).

The sheets are described in ``templates/ira/layout.yaml``. Data sheets hold every
section of the project definition in labelled cells, so ``hrdd import`` can rebuild
the definition (:mod:`hrdd_docs.workbook_import`); computed sheets (Summary, Action 1,
clause rationale) are written by :mod:`hrdd_docs.render.workbook_derived`.

Scores and counts are live formulas, and :func:`figures` computes the same numbers in
Python; the LibreOffice test recalculates the workbook and compares the two.
"""

from __future__ import annotations

import io
from collections import Counter
from datetime import datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from hrdd_docs.assess import monitoring_periods
from hrdd_docs.model import Project
from hrdd_docs.outputs import Audience, Output
from hrdd_docs.render.workbook_layout import (
    ROLES,
    Column,
    Field,
    Section,
    Sheet,
    cell_value,
    layout,
    lookup,
)
from hrdd_docs.vocabulary import MitigationType, Rating

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl.worksheet.worksheet import Worksheet


def render(project: Project, library: Any = None, *,
           built: tuple[Output, ...] | None = None) -> list[Output]:
    """Build the IRA workbook of ``project`` (one internal output).

    ``built`` are the documents of the same build rendered before the workbook
    (:data:`hrdd_docs.dossier.TAKES_BUILT`): the clause-rationale sheet then lists the
    agreements among them, each with exactly the clauses it was rendered with, and
    nothing for an agreement not built (a partial or a blocked build). ``None``, outside
    a build, lists the agreements a full build makes.
    """
    data, _ = build(project, library, built=built)
    return [Output(name=f"{project.project.id}-ira.xlsx", data=data, kind="ira",
                   audience=Audience.internal, title="Internal risk assessment")]


def figures(project: Project) -> dict[str, Any]:
    """The numbers the workbook's formulas compute, computed here in Python.

    ``risk_score``/``risk_level`` by risk id; ``risks_by_level``, ``elements_by_rating``
    and ``mitigations_by_type`` as counts; ``item_total`` by ``"<activity id>[<n>]"``;
    ``value_by_currency`` the sum of the donated items per currency.
    """
    risks = project.assessment.risks
    items = {f"{a.id}[{n}]": (item.quantity * item.unit_value, item.currency)
             for a in project.activities for n, item in enumerate(a.items)}
    by_currency: dict[str, Decimal] = {}
    for total, currency in items.values():
        by_currency[currency] = by_currency.get(currency, Decimal(0)) + total
    levels = Counter(r.level.value for r in risks)
    ratings = Counter(a.rating.value for _, a in project.assessment.elements.items() if a.rating)
    types = Counter(m.type.value for m in project.mitigations)
    return {
        "risk_score": {r.id: r.score for r in risks},
        "risk_level": {r.id: r.level.value for r in risks},
        "risks_total": len(risks),
        "risks_by_level": {r.value: levels[r.value] for r in reversed(Rating)},
        "elements_by_rating": {r.value: ratings[r.value] for r in reversed(Rating)},
        "mitigations_total": len(project.mitigations),
        "mitigations_by_type": {t.value: types[t.value] for t in MitigationType},
        "item_total": {key: total for key, (total, _) in items.items()},
        "value_by_currency": dict(sorted(by_currency.items())),
    }


def expected_cells(project: Project, library: Any = None) -> dict[str, Any]:
    """Every formula cell (``"Sheet!A1"``) and the value :func:`figures` says it must show."""
    return build(project, library)[1]


def build(project: Project, library: Any = None, *,
          built: tuple[Output, ...] | None = None) -> tuple[bytes, dict[str, Any]]:
    """The workbook's bytes, and the expected value of each of its formula cells."""
    return _Builder(project, library, built).build()


def tag_columns(project: Project) -> int:
    """How many ``Tag n`` columns the risk register has: at least the layout's number."""
    repeat = layout().sheet("Risk register").column("tags").repeat
    return max([repeat, *(len(r.tags) for r in project.assessment.risks)])


def expanded(sheet: Sheet, project: Project) -> list[tuple[Column, int, str]]:
    """The columns as written: ``(column, copy number, header)``; repeats spelled out."""
    out: list[tuple[Column, int, str]] = []
    for column in sheet.columns:
        if column.repeat:
            count = tag_columns(project)
            out += [(column, n, f"{column.header} {n + 1}") for n in range(count)]
        elif column.type == "periods":
            for n, (first, last) in enumerate(monitoring_periods(project)):
                out.append((column, n, f"P{n + 1}\n{first}\nto {last}"))
        else:
            out.append((column, 0, column.header))
    return out


def column_letters(sheet: Sheet, project: Project) -> dict[str, str]:
    """Column key → letter of its first copy, for formulas."""
    from openpyxl.utils import get_column_letter

    letters: dict[str, str] = {}
    for index, (column, _, _) in enumerate(expanded(sheet, project), start=1):
        letters.setdefault(column.key, get_column_letter(index))
    return letters


class _Builder:
    def __init__(self, project: Project, library: Any,
                 built: tuple[Output, ...] | None = None) -> None:
        from openpyxl import Workbook

        self.project = project
        self.library = library
        self.built = built
        self.layout = layout()
        self.figures = figures(project)
        self.expected: dict[str, Any] = {}
        self.item_keys: list[str] | None = None
        self.wb = Workbook()
        self.wb.remove(self.wb.active)

    @property
    def last_validated_row(self) -> int:
        return self.layout.header_row + self.layout.validated_rows

    def build(self) -> tuple[bytes, dict[str, Any]]:
        from openpyxl.workbook.defined_name import DefinedName
        from openpyxl.writer.excel import ExcelWriter

        from hrdd_docs import ooxml
        from hrdd_docs.render import workbook_derived

        for sheet in self.layout.sheets:
            ws = self.wb.create_sheet(sheet.name)
            if sheet.kind == "form":
                self.form(ws, sheet)
            elif sheet.kind in {"table", "people", "items", "requirements", "monitoring"}:
                self.table(ws, sheet, self.rows(sheet))
            elif sheet.kind == "elements":
                self.elements(ws, sheet)
        workbook_derived.write(self)
        from hrdd_docs import workbook_translations

        workbook_translations.write(self.wb, self.project)  # texts in other languages
        for name, ref in workbook_derived.list_ranges().items():
            self.wb.defined_names[name] = DefinedName(name, attr_text=ref)
        self.wb.calculation.fullCalcOnLoad = True
        from hrdd_docs.render import workbook_style as style

        for ws in self.wb.worksheets:
            style.fit_rows(ws, self.layout.header_row)
        # Fixed from the project, so the same project gives the same bytes.
        stamp = datetime.combine(self.project.assessment.date, time(0, 0))
        props = self.wb.properties
        props.created = props.modified = stamp
        props.creator = props.lastModifiedBy = "hrdd_docs"
        props.title = f"Internal risk assessment: {self.project.project.title}"
        raw = io.BytesIO()
        from zipfile import ZIP_DEFLATED, ZipFile

        # ExcelWriter directly: openpyxl's save_workbook stamps the current time.
        with ZipFile(raw, "w", ZIP_DEFLATED, allowZip64=True) as archive:
            ExcelWriter(self.wb, archive).write_data()
        return ooxml.finish(raw.getvalue()), self.expected

    def record(self, ws: Worksheet, row: int, col: int, expected: Any) -> None:
        from openpyxl.utils import get_column_letter

        self.expected[f"{ws.title}!{get_column_letter(col)}{row}"] = expected

    # --- forms ---------------------------------------------------------------------

    def form(self, ws: Worksheet, sheet: Sheet) -> int:
        """Label, value and guidance, one field per row; return the last row written."""
        from hrdd_docs.render import workbook_style as style

        style.title(ws, sheet.title, sheet.note)
        top = self.layout.header_row
        style.header(ws, top, ["Field", "Value", "Guidance"], [46, 62, 44])
        row = top
        for entry in sheet.fields:
            row += 1
            if isinstance(entry, Section):
                for col in range(1, 4):
                    ws.cell(row=row, column=col).fill = style.SECTION_FILL
                style.put(ws, row, 1, entry.title).font = style.Font(bold=True)
                continue
            style.put(ws, row, 1, entry.label).font = style.Font(bold=True)
            value = cell_value(entry.type, lookup(self.project, entry.key))
            style.put(ws, row, 2, value, entry.type)
            style.put(ws, row, 3, entry.note).font = style.NOTE_FONT
            self.validate(ws, entry, f"B{row}")
        style.borders(ws, top + 1, row, 3)
        style.page_setup(ws, 3, row, freeze=f"A{top + 1}", title_rows=f"{top}:{top}")
        return row

    def validate(self, ws: Worksheet, entry: Field | Column, ranges: str) -> None:
        from hrdd_docs.render import workbook_style as style

        if entry.type == "yesno":
            style.drop_down(ws, "YesNo", ranges)
        elif entry.type == "choice" and entry.list:
            style.drop_down(ws, entry.list, ranges)
            if entry.list == "Ratings":
                style.rating_colours(ws, ranges)

    # --- tables --------------------------------------------------------------------

    def rows(self, sheet: Sheet) -> list[dict[str, Any]]:
        """The entries of a table sheet, each a mapping column key → value."""
        project = self.project
        if sheet.kind == "people":
            return [{"role": role, **person.model_dump()} for role, person in self.people()]
        if sheet.kind == "items":
            return [{"activity": a.id, **item.__dict__} for a in project.activities
                    for item in a.items]
        if sheet.kind == "requirements":
            return [{"donor": d.id, **req.__dict__} for d in project.donors
                    for req in d.visibility_requirements]
        entries = lookup(project, sheet.key or "")
        rows = []
        for entry in entries:
            row = {c.key: lookup(entry, c.key) for c in sheet.columns if c.type != "periods"
                   and c.type != "notes" and c.type != "derived" and c.type != "formula"}
            if sheet.name == "Risk register":
                row["mitigations"] = ", ".join(m.id for m in project.mitigations_for(entry.id))
            if sheet.kind == "monitoring":
                row["results"] = {r.period: r.value for r in entry.results}
                row["notes"] = "\n".join(f"P{r.period}: {r.note}" for r in entry.results
                                         if r.note)
            rows.append(row)
        return rows

    def people(self) -> list[tuple[str, Any]]:
        found = []
        for role, (key, several) in ROLES.items():
            value = lookup(self.project, key)
            if value is None:
                continue
            for person in value if several else [value]:
                found.append((role, person))
        return found

    def table(self, ws: Worksheet, sheet: Sheet, rows: list[dict[str, Any]]) -> None:
        from openpyxl.utils import get_column_letter

        from hrdd_docs.render import workbook_style as style

        style.title(ws, sheet.title, sheet.note)
        columns = expanded(sheet, self.project)
        top = self.layout.header_row
        style.header(ws, top, [h for _, _, h in columns], [c.width for c, _, _ in columns])
        first = top + 1
        has_formulas = any(c.type == "formula" for c, _, _ in columns)
        last_written = first + len(rows) - 1 + (self.layout.spare_rows if has_formulas else 0)
        letters = column_letters(sheet, self.project)
        for r in range(first, last_written + 1):
            entry = rows[r - first] if r - first < len(rows) else None
            for col, (column, copy, _) in enumerate(columns, start=1):
                if column.type == "formula":
                    self.formula(ws, sheet, column, r, col, entry, letters)
                    continue
                if entry is None:
                    style.put(ws, r, col, None, column.type)
                    continue
                value = entry.get(column.key)
                if column.type == "periods":
                    result = value.get(copy + 1) if value else None
                    style.put(ws, r, col, None if result is None else cell_value(
                        "number", result), "number")
                elif column.repeat:
                    tags = value or []
                    style.put(ws, r, col, tags[copy] if copy < len(tags) else None, "text")
                else:
                    cell = style.put(ws, r, col, cell_value(column.type, value), column.type)
                    if column.type == "derived":
                        cell.fill = style.DERIVED_FILL
        last = top + self.layout.validated_rows
        for col, (column, _, _) in enumerate(columns, start=1):
            letter = get_column_letter(col)
            self.validate(ws, column, f"{letter}{first}:{letter}{last}")
            if column.key == "level":
                style.rating_colours(ws, f"{letter}{first}:{letter}{last}")
        style.borders(ws, first, max(last_written, first + 4), len(columns))
        freeze = "B" if columns[0][0].key in {"id", "role", "activity", "donor"} else "A"
        # Print the entries, not the spare rows below them.
        style.page_setup(ws, len(columns), first + max(len(rows), 1) - 1, freeze=f"{freeze}{first}",
                         title_rows=f"{top}:{top}")

    def formula(self, ws: Worksheet, sheet: Sheet, column: Column, r: int, col: int,
                entry: dict[str, Any] | None, letters: dict[str, str]) -> None:
        from hrdd_docs.render import workbook_style as style

        if column.key == "score":
            like, imp = f"{letters['likelihood']}{r}", f"{letters['impact']}{r}"
            style.formula(ws, r, col, f'=IF(OR({like}="",{imp}=""),"",'
                          f"MATCH({like},Ratings,0)*MATCH({imp},Ratings,0))")
            self.record(ws, r, col, self.figures["risk_score"][entry["id"]] if entry else "")
        elif column.key == "level":
            score = f"{letters['score']}{r}"
            style.formula(ws, r, col, f'=IF({score}="","",IF({score}>=6,"high",'
                          f'IF({score}>=3,"medium","low")))')
            self.record(ws, r, col, self.figures["risk_level"][entry["id"]] if entry else "")
        elif column.key == "total":
            qty, unit = f"{letters['quantity']}{r}", f"{letters['unit_value']}{r}"
            style.formula(ws, r, col, f'=IF(OR({qty}="",{unit}=""),"",{qty}*{unit})',
                          "#,##0.00")
            if entry is None:
                self.record(ws, r, col, "")
            else:
                index = r - self.layout.first_data_row
                key = self._item_keys()[index]
                self.record(ws, r, col, self.figures["item_total"][key])
        else:  # pragma: no cover - the layout names only these formulas
            raise ValueError(f"{sheet.name}: no formula for column {column.key!r}")

    def _item_keys(self) -> list[str]:
        # Built once: the formula of every item row looks its key up here.
        if self.item_keys is None:
            self.item_keys = [f"{a.id}[{n}]" for a in self.project.activities
                              for n in range(len(a.items))]
        return self.item_keys

    # --- the nine elements -----------------------------------------------------------

    def elements(self, ws: Worksheet, sheet: Sheet) -> None:
        from hrdd_docs.render import workbook_style as style

        style.title(ws, sheet.title, sheet.note)
        top = self.layout.header_row
        style.header(ws, top, [c.header for c in sheet.columns], [c.width for c in sheet.columns])
        assessment = self.project.assessment
        rows: list[tuple[str, Any, Any, list[str]]] = [
            (element.label, a.rating, a.findings, a.sources)
            for element, a in assessment.elements.items()
        ]
        rows.append(("Final assessment", assessment.final.rating, assessment.final.rationale, []))
        for n, (label, rating, findings, sources) in enumerate(rows, start=1):
            r = top + n
            style.put(ws, r, 1, n, "int").fill = style.DERIVED_FILL
            style.put(ws, r, 2, label).fill = style.DERIVED_FILL
            style.put(ws, r, 3, cell_value("choice", rating), "choice")
            style.put(ws, r, 4, findings, "text")
            style.put(ws, r, 5, cell_value("lines", sources), "lines")
        for r in (top + 9,):
            for col in range(1, 6):
                ws.cell(row=r, column=col).font = style.Font(bold=True)
        self.validate(ws, sheet.column("rating"), f"C{top + 1}:C{top + 9}")
        style.borders(ws, top + 1, top + 9, 5)
        style.page_setup(ws, 5, top + 9, freeze=f"C{top + 1}", title_rows=f"{top}:{top}")


__all__ = ["build", "expected_cells", "figures", "render"]

