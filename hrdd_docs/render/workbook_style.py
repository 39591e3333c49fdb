"""Cell writing and the look of the IRA workbook: titles, headers, colours, print set-up,
and the checks the office suite makes as staff type (drop-downs, dates, protection).

Every text cell is written as text (``data_type = "s"``), so a value that starts with
``=``, ``+``, ``-`` or ``@`` is shown as typed and never runs as a formula (design.md §6).
Cells staff type into are unlocked; every sheet is protected without a password, so the
labels, headers and formulas are not overwritten by mistake and can still be unprotected
(Review > Unprotect sheet) by anyone who needs to.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from weakref import WeakKeyDictionary
from weakref import ref as weak

from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from hrdd_docs.errors import InputError, Problem
from hrdd_docs.model import CELL_LIMIT
from hrdd_docs.render.workbook_layout import NUMBER_FORMATS

__all__ = ["Alignment", "Font", "PatternFill", "borders", "defined_names", "drop_down",
           "fit_rows", "formula", "header", "page_setup", "protect", "put", "rating_colours",
           "title", "typed_check"]

BLUE = "0033A0"  # IOM blue
_THIN = Side(style="thin", color="B7BEC8")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
TITLE_FONT = Font(bold=True, size=14, color=BLUE)
NOTE_FONT = Font(italic=True, size=9, color="505A66")
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill(fill_type="solid", start_color=BLUE, end_color=BLUE)
SECTION_FILL = PatternFill(fill_type="solid", start_color="DCE3F0", end_color="DCE3F0")
DERIVED_FILL = PatternFill(fill_type="solid", start_color="F2F2F2", end_color="F2F2F2")
BOLD = Font(bold=True)
TOP = Alignment(vertical="top")
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center")

RATING_COLOURS = {"low": ("C6EFCE", "006100"), "medium": ("FFEB9C", "7F6000"),
                  "high": ("FFC7CE", "9C0006")}
"""Fill and font colour of each rating, as Excel's own good/neutral/bad styles."""


_RESTYLED: WeakKeyDictionary[Any, dict[Any, tuple[int, ...]]] = WeakKeyDictionary()
_LAST: tuple[Callable[[], Any], dict[Any, tuple[int, ...]]] = (lambda: None, {})
"""A weak reference to the last workbook :func:`_restyle` wrote to, and its memo: one
call instead of a weak-key look-up for each cell."""


def _restyle(cell: Any, change: Any, apply: Callable[[Any], None]) -> None:
    """Apply a style ``change`` to ``cell`` once per starting style, then copy the result.

    Setting a style through openpyxl hashes the whole style object to find its index in
    the workbook's style tables: most of the time of a large workbook (a 1,000-row
    register went from 1.6 s to 0.1 s). The same starting style with the same change
    always ends with the same indexes, so after the first cell the result is copied
    (``cell._style`` is what openpyxl's documentation copies to copy a style). The
    written workbook is byte-identical to setting each cell's style.
    """
    global _LAST
    wb = cell.parent.parent
    if _LAST[0]() is wb:
        memo = _LAST[1]
    else:
        memo = _RESTYLED.setdefault(wb, {})
        _LAST = (weak(wb), memo)
    key = (change, tuple(cell._style) if cell._style is not None else None)
    after = memo.get(key)
    if after is None:
        apply(cell)
        memo[key] = tuple(cell._style)
    else:
        cell._style = StyleArray(after)


UNLOCKED = Protection(locked=False)


class _SameObjects(IndexedList):  # type: ignore[misc]
    """An openpyxl style table (fonts, fills…) that knows the objects it was given.

    Setting ``cell.font = HEADER_FONT`` makes openpyxl hash the whole font, twice, to
    find its index in the workbook's table (about a tenth of the workbook's time). The
    toolkit sets the same few style objects on thousands of cells, so the index of an
    object already given is found by identity, which holds because the table keeps a
    reference to each object it looked up (its ``id`` cannot be reused) and the style
    objects are never changed once made (openpyxl hands cells' styles out as read-only
    proxies). A new object goes through openpyxl's own look-up: same indexes, same bytes.
    """

    def __init__(self, table: Any) -> None:
        super().__init__(table)
        self._given: dict[int, tuple[Any, int]] = {}

    def add(self, value: Any) -> int:
        known = self._given.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        index: int = super().add(value)
        self._given[id(value)] = (value, index)
        return index


STYLE_TABLES = ("_fonts", "_fills", "_borders", "_alignments", "_protections")


def fast_style_tables(wb: Any) -> None:
    """Give the new workbook ``wb`` style tables that find a known object by identity."""
    for name in STYLE_TABLES:
        setattr(wb, name, _SameObjects(getattr(wb, name)))


def _wrapped(number_format: str | None, unlocked: bool) -> Callable[[Any], None]:
    def apply(cell: Any) -> None:
        cell.alignment = WRAP
        if number_format is not None:
            cell.number_format = number_format
        if unlocked:
            cell.protection = UNLOCKED
    return apply


def put(ws: Worksheet, row: int, col: int, value: Any, kind: str = "text", *,
        unlocked: bool = False) -> Any:
    """Write ``value`` into a cell: text typed as text, numbers and dates formatted.

    ``unlocked``: a cell staff type into, left open when the sheet is protected.
    """
    cell = ws.cell(row=row, column=col)
    if value is None:
        number_format = "@" if kind in _TEXT_KINDS else NUMBER_FORMATS.get(kind)
        _restyle(cell, ("put", number_format, unlocked), _wrapped(number_format, unlocked))
        return cell
    if isinstance(value, str) and len(value) > CELL_LIMIT:
        # The model bounds every text; this holds what is joined into one cell as well
        # (notes by period, a clause's text), which Excel would otherwise cut.
        raise InputError(Problem(f"{ws.title}!{cell.coordinate}", 0, 0, "", (
            f"the IRA workbook would hold {len(value):,} characters in this cell, more "
            f"than the {CELL_LIMIT:,} an Excel cell holds, so it was not built; shorten "
            "the texts that fill it")))
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, an error code or a number guessed from text
        number_format = "@"
    else:
        number_format = NUMBER_FORMATS.get(kind, "General")
    _restyle(cell, ("put", number_format, unlocked), _wrapped(number_format, unlocked))
    return cell


_TEXT_KINDS = frozenset({"text", "lines", "ids", "choice", "yesno"})


def column_style(ws: Worksheet, col: int, kind: str, *, unlocked: bool) -> None:
    """The format of a column's cells that have none of their own: the prepared rows.

    A value typed there takes the column's format (text stays text, a date is a date)
    and, for an input column, is open while the sheet is protected.
    """
    dim = ws.column_dimensions[get_column_letter(col)]
    dim.number_format = "@" if kind in _TEXT_KINDS else NUMBER_FORMATS.get(kind, "General")
    dim.alignment = WRAP
    if unlocked:
        dim.protection = UNLOCKED


def formula(ws: Worksheet, row: int, col: int, text: str, number_format: str = "General") -> Any:
    """Write a live formula (shaded: staff do not type here)."""
    cell = ws.cell(row=row, column=col, value=text)
    cell.data_type = "f"

    def apply(cell: Any) -> None:
        cell.number_format = number_format
        cell.fill = DERIVED_FILL
        cell.alignment = WRAP

    _restyle(cell, ("formula", number_format), apply)
    return cell


def title(ws: Worksheet, text: str, note: str | None) -> None:
    """Row 1: the sheet's title; row 2: what to write and where it comes from."""
    put(ws, 1, 1, text).font = TITLE_FONT
    ws.cell(row=1, column=1).alignment = TOP
    if note:
        cell = put(ws, 2, 1, note)
        cell.font = NOTE_FONT
        cell.alignment = TOP


def header(ws: Worksheet, row: int, headers: list[str], widths: Sequence[float]) -> None:
    """A header row: bold white on blue, wrapped; also sets the column widths."""
    for col, (text, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = put(ws, row, col, text)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = HEADER_ALIGNMENT
        ws.column_dimensions[get_column_letter(col)].width = width


def borders(ws: Worksheet, first_row: int, last_row: int, last_col: int) -> None:
    def apply(cell: Any) -> None:
        cell.border = BORDER
        if cell.alignment != WRAP:
            cell.alignment = WRAP

    for row in range(first_row, last_row + 1):
        for col in range(1, last_col + 1):
            _restyle(ws.cell(row=row, column=col), "borders", apply)


def drop_down(ws: Worksheet, name: str, ranges: str, *, several: bool = False,
              prompt: str | None = None) -> None:
    """A list validation from the defined name ``name`` (the Lists sheet, or an id list).

    A value outside the list is refused (error style "stop"). Where a cell may hold
    several ids separated by commas, the office suite warns instead and lets the user
    keep what was typed: the list offers one id at a time.
    """
    validation = DataValidation(
        type="list", formula1=name if "(" in name else f"={name}", allow_blank=True,
        showErrorMessage=True, showInputMessage=bool(prompt),
        errorStyle="warning" if several else "stop",
        errorTitle="Not in the list",
        error=(f"Choose from the list ({name}); to give several, separate them with "
               "commas and choose Yes." if several else
               f"Choose a value from the list ({name}; the Lists sheet says what each "
               "means)."),
        promptTitle=None, prompt=prompt[:255] if prompt else None)
    validation.add(ranges)
    ws.add_data_validation(validation)


TYPED_CHECKS = {
    "date": ("date", "between", "DATE(1950,1,1)", "DATE(2100,12,31)",
             "Type a date, e.g. 2026-03-01 (YYYY-MM-DD)."),
    "int": ("whole", "between", "0", "1000000000", "Type a whole number, e.g. 2."),
    "amount": ("decimal", "greaterThanOrEqual", "0", None,
               "Type an amount of zero or more, e.g. 3200.50, without thousands separators."),
}
"""Cell type → (validation type, operator, bounds, error message) of typed cells."""


def typed_check(ws: Worksheet, kind: str, ranges: str) -> None:
    """Refuse, in the office suite, what cannot be a value of ``kind`` (a date, a number)."""
    check, operator, low, high, message = TYPED_CHECKS[kind]
    validation = DataValidation(type=check, operator=operator, formula1=low, formula2=high,
                                allow_blank=True, showErrorMessage=True, errorStyle="stop",
                                errorTitle="Not a valid value", error=message)
    validation.add(ranges)
    ws.add_data_validation(validation)


def defined_names(wb: Any, lists: dict[str, str], ids: dict[str, tuple[str, str, str]]) -> None:
    """The workbook's names: each list of the Lists sheet, and each id list.

    An id list grows with its sheet: it reaches from the first data row down to the
    last id written (``A4:INDEX(A4:A203, COUNTA(A4:A203))``, which Excel and LibreOffice
    both evaluate in a drop-down), so a new recipient is offered as soon as it is typed.
    """
    from openpyxl.workbook.defined_name import DefinedName

    from hrdd_docs.render.workbook_layout import layout

    first = layout().first_data_row
    for name, ref in lists.items():
        wb.defined_names[name] = DefinedName(name, attr_text=ref)
    for name, (sheet, letter, last) in ids.items():
        quoted = f"'{sheet}'" if not sheet.isalnum() else sheet
        column = f"{quoted}!${letter}${first}:${letter}${last}"
        wb.defined_names[name] = DefinedName(name, attr_text=(
            f"{quoted}!${letter}${first}:INDEX({column},MAX(1,COUNTA({column})))"))


def protect(ws: Worksheet) -> None:
    """Protect the sheet without a password; rows and columns may still be resized and
    inserted, and unlocked cells (the input cells) typed into."""
    from openpyxl.worksheet.protection import SheetProtection

    ws.protection = SheetProtection(sheet=True, formatColumns=False, formatRows=False,
                                    insertRows=False, sort=False, autoFilter=False)


def rating_colours(ws: Worksheet, ranges: str) -> None:
    """Colour cells that read low, medium or high (conditional formatting)."""
    for value, (fill, font) in RATING_COLOURS.items():
        ws.conditional_formatting.add(ranges, CellIsRule(
            operator="equal", formula=[f'"{value}"'],
            fill=PatternFill(fill_type="solid", start_color=fill, end_color=fill, bgColor=fill),
            font=Font(color=font)))


BLANK_PRINTED_ROWS = 12
"""Empty rows a table of the blank workbook prints, to fill in by hand in the field."""

BLANK_ROW_HEIGHT = 30
"""Height (points) of those rows: room to write by hand."""

LANDSCAPE_WIDTH = 110
"""Sheets whose columns are wider than this (in characters) print in landscape."""

TWO_PAGES_WIDTH = 230
"""Sheets wider than this print two pages wide, the first column (the id) repeated on
each: one page wide, the widest tables (Recipients, Activities, the risk register) would
print at 40 to 50 % of their size; two pages wide they print at about 70 to 85 %."""


def page_setup(ws: Worksheet, widths: Sequence[float], last_row: int, *, freeze: str | None,
               title_rows: str | None, marking: str = "INTERNAL") -> None:
    """A4 fitted to one page wide (two for the widest tables, the id column repeated),
    landscape where wide; header rows repeated, a print area, the internal marking in the
    page header and the sheet and page in the footer."""
    wide = sum(widths) > TWO_PAGES_WIDTH
    ws.page_setup.orientation = "landscape" if sum(widths) > LANDSCAPE_WIDTH else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 2 if wide else 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.oddFooter.center.text = "&A, page &P of &N"
    ws.oddHeader.left.text = marking
    ws.oddHeader.right.text = "&A"
    if freeze:
        ws.freeze_panes = freeze
    if title_rows:
        ws.print_title_rows = title_rows
    if wide:
        ws.print_title_cols = "A:A"
    ws.print_area = f"A1:{get_column_letter(len(widths))}{max(last_row, 3)}"


def fit_rows(ws: Worksheet, first_row: int) -> None:
    """Set row heights so wrapped text shows in full.

    Neither openpyxl nor LibreOffice sizes rows to wrapped text when a workbook is
    opened, so the height is estimated from the text's length and the column width.
    Only the cells written are read (``iter_rows`` would make an empty cell for every
    gap of the sheet's rectangle); a row of that rectangle with no cell at all gets one
    empty cell, as ``iter_rows`` gave it, so the sheet is written with the same rows.
    """
    from openpyxl.utils import get_column_letter

    widths = {key: dim.width for key, dim in ws.column_dimensions.items()}
    per_line: dict[int, int] = {}
    lines_of: dict[int, int] = {}
    for (row, col), cell in ws._cells.items():
        if row < first_row or cell.value is None or cell.data_type == "f":
            continue
        if col not in per_line:
            width = widths.get(get_column_letter(col)) or 8.43
            per_line[col] = max(1, int(width * 1.0))
        size = per_line[col]
        lines = sum(-(-len(part) // size) or 1 for part in str(cell.value).split("\n"))
        if lines > lines_of.get(row, 1):
            lines_of[row] = lines
    present = {row for row, _ in ws._cells}
    for row in range(first_row, ws.max_row + 1):
        if row not in present:
            ws.cell(row=row, column=1)
    for row in sorted(lines_of):
        ws.row_dimensions[row].height = min(409, 15 * lines_of[row])
