"""The internal risk assessment (IRA) workbook: the Action 4 assessment as Excel (design.md §2).

The sheets are described in ``templates/ira/layout.yaml``. Data sheets hold every
section of the project definition in labelled cells, so ``hrdd import`` (and every
command given the workbook) can rebuild the definition
(:mod:`hrdd_docs.workbook_import`); computed sheets (Summary, Action 1, clause
rationale) are written by :mod:`hrdd_docs.render.workbook_derived`; the table sheets by
:mod:`hrdd_docs.render.workbook_tables`.

The same builder writes the blank workbook of ``hrdd init --workbook`` (no project):
every data sheet with its prepared rows, drop-downs and formulas, and the computed
sheets saying that ``hrdd build`` fills them.

Scores and counts are live formulas, and :func:`figures` computes the same numbers in
Python; the tests evaluate the formulas and compare the two.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from hrdd_docs.model import Project
from hrdd_docs.outputs import Audience, BuildInfo, Output
from hrdd_docs.render.workbook_layout import (
    Section,
    Sheet,
    cell_value,
    layout,
    lookup,
)
from hrdd_docs.render.workbook_tables import (  # noqa: F401 - part of this module's API
    column_letters,
    expanded,
    tag_columns,
)
from hrdd_docs.vocabulary import MitigationType, Rating

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl.worksheet.worksheet import Worksheet

BLANK_DATE = date(2025, 1, 1)
"""The fixed document date of the blank workbook (the same bytes on every run)."""


def render(project: Project, library: Any = None, *,
           build: BuildInfo | None = None) -> list[Output]:
    """Build the IRA workbook of ``project`` (one internal output).

    ``build`` tells the computed sheets about the build the workbook is part of: the
    Summary its blocks, the clause-rationale sheet the agreements rendered before the
    workbook (``build.documents``, :data:`hrdd_docs.dossier.TAKES_BUILT`), each with
    exactly the clauses it was rendered with, and nothing for an agreement not built (a
    partial or a blocked build). ``None``, outside a build, lists the agreements a full
    build makes.
    """
    from hrdd_docs.localized import document_languages

    language = document_languages(project)[0]
    data, _ = _Builder(project, library, build, language).build()
    return [Output(name=f"{project.project.id}-ira.xlsx", data=data, kind="ira",
                   audience=Audience.internal, title="Internal risk assessment")]


def blank(language: str = "en") -> bytes:
    """The blank IRA workbook to fill in Excel or LibreOffice (``hrdd init --workbook``),
    its sheets, labels and drop-downs in ``language``."""
    return build(None, language=language)[0]


def figures(project: Project | None) -> dict[str, Any]:
    """The numbers the workbook's formulas compute, computed here in Python.

    ``risk_score``/``risk_level`` by risk id; ``risks_by_level``, ``elements_by_rating``
    and ``mitigations_by_type`` as counts; ``item_total`` by ``"<activity id>[<n>]"``;
    ``value_by_currency`` the sum of the donated items per currency. A blank workbook
    (``None``) counts nothing.
    """
    risks = project.assessment.risks if project else []
    mitigations = project.mitigations if project else []
    activities = project.activities if project else []
    items = {f"{a.id}[{n}]": (item.quantity * item.unit_value, item.currency)
             for a in activities for n, item in enumerate(a.items)}
    by_currency: dict[str, Decimal] = {}
    for total, currency in items.values():
        by_currency[currency] = by_currency.get(currency, Decimal(0)) + total
    levels = Counter(r.level.value for r in risks)
    ratings = Counter(a.rating.value for _, a in project.assessment.elements.items()
                      if a.rating) if project else Counter()
    types = Counter(m.type.value for m in mitigations)
    return {
        "risk_score": {r.id: r.score for r in risks},
        "risk_level": {r.id: r.level.value for r in risks},
        "risks_total": len(risks),
        "risks_by_level": {r.value: levels[r.value] for r in reversed(Rating)},
        "elements_by_rating": {r.value: ratings[r.value] for r in reversed(Rating)},
        "mitigations_total": len(mitigations),
        "mitigations_by_type": {t.value: types[t.value] for t in MitigationType},
        "item_total": {key: total for key, (total, _) in items.items()},
        "value_by_currency": dict(sorted(by_currency.items())),
    }


def expected_cells(project: Project | None, library: Any = None,
                   language: str | None = None) -> dict[str, Any]:
    """Every formula cell (``"Sheet!A1"``) and the value :func:`figures` says it must show
    (a level or rating as the workbook's language labels it)."""
    return build(project, library, language=language)[1]


def build(project: Project | None, library: Any = None, *, info: BuildInfo | None = None,
          language: str | None = None) -> tuple[bytes, dict[str, Any]]:
    """The workbook's bytes, and the expected value of each of its formula cells.

    ``language``: of the sheets, labels and drop-downs (default: the project's)."""
    return _Builder(project, library, info, language).build()


class _Builder:
    def __init__(self, project: Project | None, library: Any,
                 info: BuildInfo | None = None, language: str | None = None) -> None:
        from openpyxl import Workbook

        from hrdd_docs.render.workbook_text import words

        self.project = project
        self.library = library
        self.info = info
        """The :class:`~hrdd_docs.outputs.BuildInfo` of the build, or None."""
        self.built: tuple[Output, ...] | None = info.documents if info else None
        """The documents rendered before the workbook in this build (None outside one)."""
        if language is None:
            language = str(project.project.language) if project else "en"
        self.language = language
        self.layout = layout(language)
        self.words = words(language)
        """The workbook's texts and drop-down labels in its language."""
        self.list_names: dict[tuple[str, str], str | None] = {}
        self.check_texts: dict[tuple[str, str | None], str] = {}
        self.figures = figures(project)
        self.expected: dict[str, Any] = {}
        self.item_keys: list[str] | None = None
        self.wb = Workbook()
        self.wb.remove(self.wb.active)
        from hrdd_docs.render.workbook_style import fast_style_tables

        fast_style_tables(self.wb)

    @property
    def known(self) -> Project:
        """The project, for the sheets only a workbook built from one has."""
        assert self.project is not None, "a blank workbook has no computed sheets"
        return self.project

    @property
    def last_validated_row(self) -> int:
        return self.layout.last_row

    def build(self) -> tuple[bytes, dict[str, Any]]:
        from hrdd_docs import ooxml
        from hrdd_docs.render import workbook_derived, workbook_tables
        from hrdd_docs.render import workbook_style as style

        for sheet in self.layout.sheets:
            ws = self.wb.create_sheet(sheet.name)
            if sheet.kind == "guide":
                self.guide(ws, sheet)
            elif sheet.kind == "form":
                self.form(ws, sheet)
            elif sheet.is_table:
                workbook_tables.table(self, ws, sheet)
            elif sheet.kind == "elements":
                self.elements(ws, sheet)
        if self.project is None:
            workbook_derived.write_blank(self)
        else:
            workbook_derived.write(self)
            from hrdd_docs import workbook_translations

            workbook_translations.write(self.wb, self.project, self.words)  # other languages
        lists_name = self.layout.sheet("Lists").name
        style.defined_names(self.wb, workbook_derived.list_ranges(lists_name), self.id_ranges())
        from openpyxl.workbook.defined_name import DefinedName

        from hrdd_docs.render.workbook_text import LANGUAGE_NAME

        # The workbook's language, for hrdd import (which also knows it from the sheets).
        self.wb.defined_names[LANGUAGE_NAME] = DefinedName(LANGUAGE_NAME,
                                                           attr_text=f'"{self.language}"')
        self.wb.calculation.fullCalcOnLoad = True
        footer = self.words("ui.footer")
        for ws in self.wb.worksheets:
            style.fit_rows(ws, self.layout.header_row)
            style.protect(ws)
            ws.oddFooter.center.text = footer
        # Fixed from the project, so the same project gives the same bytes.
        day = ((self.project.assessment.date or self.project.project.start)
               if self.project else BLANK_DATE)
        stamp = datetime.combine(day, time(0, 0))
        props = self.wb.properties
        props.created = props.modified = stamp
        props.creator = props.lastModifiedBy = "hrdd_docs"
        props.title = (self.words("ui.properties.title", title=self.project.project.title)
                       if self.project else self.words("ui.properties.blank"))
        # One zip write: each entry goes in checked and byte-stable (ooxml.StableZip).
        return ooxml.write_xlsx(self.wb), self.expected

    def id_ranges(self) -> dict[str, tuple[str, str, str]]:
        """Each id list: defined name → (sheet, column letter of the ids, last row)."""
        out = {}
        for ids in self.layout.id_lists:
            sheet = next(s for s in self.layout.sheets if s.name == ids.sheet)
            letter = column_letters(sheet, self.project)[ids.column]
            out[ids.name] = (ids.sheet, letter, str(self.layout.last_row))
        return out

    def record(self, ws: Worksheet, row: int, col: int, expected: Any) -> None:
        from openpyxl.utils import get_column_letter

        self.expected[f"{ws.title}!{get_column_letter(col)}{row}"] = expected

    def value(self, key: str) -> Any:
        """The value at ``key`` of the project, or None in a blank workbook."""
        return lookup(self.project, key) if self.project is not None else None

    # --- the guide -----------------------------------------------------------------

    def guide(self, ws: Worksheet, sheet: Sheet) -> None:
        """"Start here": what to fill, in which order, sheet by sheet (from the layout)."""
        from hrdd_docs.render import workbook_style as style

        style.title(ws, sheet.title, sheet.note)
        top = self.layout.header_row
        w = self.words
        style.header(ws, top, [w("ui.guide.step"), w("ui.guide.sheet"), w("ui.guide.what")],
                     [22, 30, 90])
        row = top
        for step in sheet.steps:
            row += 1
            style.put(ws, row, 1, step.step).font = style.BOLD
            style.put(ws, row, 2, step.sheets or None)
            style.put(ws, row, 3, step.what)
        style.borders(ws, top + 1, row, 3)
        style.page_setup(ws, [22, 30, 90], row, freeze=None, title_rows=f"{top}:{top}",
                         marking=self.layout.marking)

    # --- forms ---------------------------------------------------------------------

    def form(self, ws: Worksheet, sheet: Sheet) -> int:
        """Label, value and guidance, one field per row; return the last row written."""
        from hrdd_docs.render import workbook_style as style

        style.title(ws, sheet.title, sheet.note)
        top = self.layout.header_row
        widths = [46, 62, 44]
        w = self.words
        style.header(ws, top, [w("ui.form.field"), w("ui.form.value"), w("ui.form.guidance")],
                     widths)
        row = top
        for entry in sheet.fields:
            row += 1
            if isinstance(entry, Section):
                for col in range(1, 4):
                    ws.cell(row=row, column=col).fill = style.SECTION_FILL
                style.put(ws, row, 1, entry.title).font = style.BOLD
                continue
            style.put(ws, row, 1, entry.label).font = style.BOLD
            value = self.shown(sheet, entry, entry.type, self.value(entry.key))
            if self.project is None and entry.key == "project.language" and self.language != "en":
                value = self.language  # a French blank makes French documents unless changed
            style.put(ws, row, 2, value, entry.type, unlocked=True)
            style.put(ws, row, 3, entry.note).font = style.NOTE_FONT
            self.validate(ws, sheet, entry, f"B{row}")
        style.borders(ws, top + 1, row, 3)
        style.page_setup(ws, widths, row, freeze=f"A{top + 1}", title_rows=f"{top}:{top}",
                         marking=self.layout.marking)
        return row

    def validate(self, ws: Worksheet, sheet: Sheet, entry: Any, ranges: str) -> None:
        """The check the office suite applies as staff type into ``ranges``."""
        from hrdd_docs.render import workbook_style as style
        from hrdd_docs.render.workbook_layout import list_name

        name = list_name(sheet, entry)
        if name is not None:
            several = entry.type == "ids"
            style.drop_down(ws, name, ranges, several=several, prompt=getattr(entry, "note",
                                                                               None))
            check = ws.data_validations.dataValidation[-1]
            check.errorTitle = self.said("ui.check.list_title")
            check.error = self.said("ui.check.list_several" if several else
                                    "ui.check.list_one", name)
            if name == "Ratings":
                self.rating_colours(ws, ranges)
        elif entry.type in style.TYPED_CHECKS:
            style.typed_check(ws, entry.type, ranges)
            check = ws.data_validations.dataValidation[-1]
            check.errorTitle = self.said("ui.check.typed_title")
            check.error = self.said(f"ui.check.{entry.type}")

    def said(self, key: str, name: str | None = None) -> str:
        """The text ``key`` of the checks (with the list's ``name``), rendered once per
        workbook: every input column of every table has a check saying the same."""
        said = self.check_texts.get((key, name))
        if said is None:
            said = self.check_texts[key, name] = (self.words(key) if name is None
                                                  else self.words(key, name=name))
        return said

    def shown(self, sheet: Sheet, entry: Any, kind: str, value: Any) -> Any:
        """What a cell of ``entry`` shows for ``value``: a vocabulary value as its label
        in the workbook's language (``moyen``), anything else as :func:`cell_value`."""
        from hrdd_docs.render.workbook_layout import list_name

        shown = cell_value(kind, value)
        if kind in {"choice", "yesno"} and shown is not None:
            key = (sheet.id, entry.key)
            if key not in self.list_names:  # one look-up in the model per column
                self.list_names[key] = list_name(sheet, entry)
            return self.words.label(self.list_names[key], shown)
        return shown

    def rating(self, value: str) -> str:
        """A rating or level (``medium``) as the workbook's language labels it."""
        return self.words.label("Ratings", value)

    def rating_colours(self, ws: Worksheet, ranges: str) -> None:
        """Colour the cells that read low, medium or high in the workbook's language."""
        from openpyxl.formatting.rule import CellIsRule

        from hrdd_docs.render import workbook_style as style

        for value, (fill, font) in style.RATING_COLOURS.items():
            label = self.rating(value).replace('"', '""')
            ws.conditional_formatting.add(ranges, CellIsRule(
                operator="equal", formula=[f'"{label}"'],
                fill=style.PatternFill(fill_type="solid", start_color=fill, end_color=fill,
                                       bgColor=fill),
                font=style.Font(color=font)))

    # --- the nine elements -----------------------------------------------------------

    def elements(self, ws: Worksheet, sheet: Sheet) -> None:
        from hrdd_docs.render import workbook_style as style
        from hrdd_docs.vocabulary import Element

        style.title(ws, sheet.title, sheet.note)
        top = self.layout.header_row
        widths = [c.width for c in sheet.columns]
        style.header(ws, top, [c.header for c in sheet.columns], widths)
        assessment = self.project.assessment if self.project else None
        w = self.words
        rows: list[tuple[str, Any, Any, list[str]]] = [
            (w.meaning("Elements", element.value), a.rating, a.findings, a.sources)
            for element, a in assessment.elements.items()
        ] if assessment else [(w.meaning("Elements", element.value), None, None, [])
                              for element in Element]
        rows.append((w("ui.final_assessment"), assessment.final.rating if assessment else None,
                     assessment.final.rationale if assessment else None, []))
        for n, (label, rating, findings, sources) in enumerate(rows, start=1):
            r = top + n
            style.put(ws, r, 1, n, "int").fill = style.DERIVED_FILL
            style.put(ws, r, 2, label).fill = style.DERIVED_FILL
            style.put(ws, r, 3, self.shown(sheet, sheet.column("rating"), "choice", rating),
                      "choice", unlocked=True)
            style.put(ws, r, 4, findings, "text", unlocked=True)
            style.put(ws, r, 5, cell_value("lines", sources), "lines", unlocked=True)
        for r in (top + 9,):
            for col in range(1, 6):
                ws.cell(row=r, column=col).font = style.BOLD
        self.validate(ws, sheet, sheet.column("rating"), f"C{top + 1}:C{top + 9}")
        style.borders(ws, top + 1, top + 9, 5)
        style.page_setup(ws, widths, top + 9, freeze=f"C{top + 1}", title_rows=f"{top}:{top}",
                         marking=self.layout.marking)

    def _item_keys(self) -> list[str]:
        # Built once: the formula of every item row looks its key up here.
        if self.item_keys is None:
            activities = self.project.activities if self.project else []
            self.item_keys = [f"{a.id}[{n}]" for a in activities for n in range(len(a.items))]
        return self.item_keys


__all__ = ["blank", "build", "expected_cells", "figures", "render"]
