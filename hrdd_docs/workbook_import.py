"""Read a filled IRA workbook back into a project definition (``hrdd import``).

A workbook sent back by a colleague is untrusted input. The archive is checked before
openpyxl parses it (:func:`open_workbook`); sheets and headers are checked against
``templates/ira/layout.yaml``; a formula where staff type values is refused; then the
values go through the same model and cross-checks as a YAML file
(:func:`hrdd_docs.loading.project_from`), with each error mapped back to its cell:
``ira.xlsx Risk register!G7: impact 'extreme' is not one of low, medium, high``.
Every problem is collected and reported at once.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from hrdd_docs import loading
from hrdd_docs.errors import InputError, Problem
from hrdd_docs.model import Project
from hrdd_docs.render.workbook_layout import (
    ROLES,
    CellError,
    Column,
    Field,
    Sheet,
    layout,
    read_value,
)
from hrdd_docs.render.workbook_text import read_label, workbook_language
from hrdd_docs.vocabulary import Element
from hrdd_docs.workbook_archive import open_workbook
from hrdd_docs.yamlsource import Located, Path_, format_path

Where = tuple[str, str, str]
"""(sheet, cell reference, label of the value) of a place in the workbook."""


def import_workbook(path: Path) -> Project:
    """Rebuild the project definition held by the workbook at ``path``.

    Raise :class:`InputError` listing every problem found, each at its sheet and cell.
    """
    return loading.project_from(read_workbook(Path(path)))


def read_workbook(path: Path) -> Located:
    """The values of the workbook at ``path`` as project data, each with its cell.

    Raise :class:`InputError` for problems of the workbook itself (a missing sheet, a
    changed header, a formula in a data cell); the model's checks come after, in
    :func:`hrdd_docs.loading.project_from`, and report at the same cells.
    """
    workbook = open_workbook(path)
    reader = _Reader(workbook, str(path))
    data = reader.read()
    from hrdd_docs import workbook_translations

    translated, orphans = workbook_translations.apply(workbook, data, str(path),
                                                      reader.language)
    reader.problems += translated
    if reader.problems:
        raise InputError(reader.problems)
    return _CellPlaces(str(path), data, cells=reader.cells, orphans=orphans)


def project_yaml(project: Project) -> str:
    """The project as YAML text that :func:`hrdd_docs.loading.load_project` reads back."""
    data = project.model_dump(mode="json", exclude_defaults=True)
    body = str(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100))
    return ("# Project definition rebuilt from an IRA workbook by `hrdd import`.\n"
            "# Check it with `hrdd validate`; the workbook's computed sheets are not kept.\n"
            + body)


@dataclass
class _CellPlaces(Located):
    """Parsed data whose places are workbook cells instead of lines of a YAML file."""

    cells: dict[Path_, Where] = field(default_factory=dict)
    orphans: list[Problem] = field(default_factory=list)
    """Translations of values the other sheets leave empty: reported once the project is
    otherwise valid (:func:`hrdd_docs.workbook_translations.apply`)."""

    def problem(self, path: Path_, message: str) -> Problem:
        where = next((self.cells[path[:end]] for end in range(len(path), -1, -1)
                      if path[:end] in self.cells), None)
        if where is None:
            return Problem(self.source, 0, 0, format_path(path), message)
        sheet, ref, label = where
        if message.startswith("required key"):
            message = (f"no row has {label}; add one" if label.startswith("role ")
                       else "is empty; fill it in")
            if label.startswith("role "):
                return Problem(self.source, 0, 0, f"{sheet}!{ref}", message)
        return Problem(self.source, 0, 0, f"{sheet}!{ref}", _about(label, message))


def _about(label: str, message: str) -> str:
    """``impact 'extreme' is not one of …``: the value's name, then what is wrong."""
    first = label.split()[0] if label else ""
    noun = label if first.isupper() or first[:1].isdigit() else label[:1].lower() + label[1:]
    starts = message.split()[0] if message else ""
    if message[:1] in "'\"" or starts in {"is", "has", "needs", "expected", "holds"}:
        return f"{noun} {message}"
    return f"{noun}: {message}"


def _put(data: dict[str, Any], key: str, value: Any) -> None:
    parts = key.split(".")
    for part in parts[:-1]:
        data = data.setdefault(part, {})
    data[parts[-1]] = value


class _Reader:
    """Walk the data sheets, collecting values, their cells, and problems."""

    def __init__(self, workbook: Any, source: str) -> None:
        from hrdd_docs.render.workbook_text import words

        self.wb = workbook
        self.source = source
        self.language = workbook_language(workbook)
        """The language of the workbook's sheets, headers, labels and drop-downs."""
        self.layout = layout(self.language)
        self.words = words(self.language)
        self.problems: list[Problem] = []
        self.cells: dict[Path_, Where] = {}
        self.data: dict[str, Any] = {}

    def reported(self, sheet: str, ref: str) -> bool:
        """Whether a problem was already recorded at this cell."""
        return any(p.path == f"{sheet}!{ref}" for p in self.problems)

    def problem(self, sheet: str, ref: str, message: str) -> None:
        self.problems.append(Problem(self.source, 0, 0, f"{sheet}!{ref}" if ref else sheet,
                                     message))

    def place(self, path: Path_, where: Where, *, parents: bool = True) -> None:
        self.cells[path] = where
        if parents:
            for end in range(len(path) - 1, 0, -1):
                self.cells.setdefault(path[:end], where)

    def read(self) -> dict[str, Any]:
        missing = [s for s in self.layout.sheets if s.kind not in _NOT_READ
                   and s.name not in self.wb.sheetnames]
        for sheet in missing:
            extra = [n for n in self.wb.sheetnames if n not in {s.name for s in
                                                                self.layout.sheets}]
            close = difflib.get_close_matches(sheet.name, extra, n=1)
            hint = (f"was it renamed to {close[0]!r}? give it back its name" if close else
                    "restore it from the workbook hrdd build made")
            self.problems.append(Problem(self.source, 0, 0, "",
                                         f"sheet {sheet.name!r} is missing; {hint}"))
        readers = {"form": self.form, "people": self.people, "elements": self.elements}
        for sheet in self.layout.sheets:
            if sheet in missing or sheet.kind in _NOT_READ:
                continue
            for merged in sorted(self.wb[sheet.name].merged_cells.ranges, key=str):
                # Only the first cell of a merged range keeps a value: the others would
                # read as empty and give a misleading message.
                self.problem(sheet.name, str(merged), "these cells are merged; unmerge them "
                             "so that each value has its own cell")
            readers.get(sheet.kind, self.table)(sheet)
        if not missing:
            self.scaffold()
        return self.data

    def scaffold(self) -> None:
        """Give every required section an entry, even when all its cells are empty.

        The model then reports each empty required cell of a blank or half-filled
        workbook, at its cell, instead of one message for the whole section.
        """
        from hrdd_docs.render.workbook_model import required_sections

        for path in required_sections():
            node = self.data
            for part in path:
                node = node.setdefault(part, {})

    # --- one cell -------------------------------------------------------------------

    def value(self, sheet: str, cell: Any, kind: str, label: str,
              choices: str | None = None) -> Any:
        """The value of an input cell, or None after recording why it cannot be read.

        ``choices``: the drop-down the cell takes its value from; in a French or Spanish
        workbook its label ("moyen") is read as the model's value ("medium"), and a label
        of another language or misspelt is refused here, naming the labels allowed.
        """
        if cell.data_type == "f" or (not isinstance(cell.value, (str, int, float, type(None))) \
                and not hasattr(cell.value, "isoformat")):
            shown = cell.value if isinstance(cell.value, str) else "an array formula"
            self.problem(sheet, cell.coordinate, f"{_about(label, 'holds a formula')} "
                         f"({shown}); type the value itself: formulas are not read back")
            return None
        if cell.data_type == "e":
            self.problem(sheet, cell.coordinate, _about(label, f"holds the error {cell.value}; "
                                                               "type the value itself"))
            return None
        try:
            value = read_value(kind, cell.value)
        except CellError as err:
            self.problem(sheet, cell.coordinate, _about(label, str(err)))
            return None
        if choices is None or kind not in {"choice", "yesno"} or not isinstance(value, str):
            return value
        found, wrong = read_label(self.words, choices, value)
        if wrong:
            self.problem(sheet, cell.coordinate, _about(label, wrong))
        return found

    def choices(self, sheet: Sheet, entry: Any) -> str | None:
        """The defined name of the drop-down of a form field or table column, if any."""
        from hrdd_docs.render.workbook_layout import list_name

        return list_name(sheet, entry)

    def label_at(self, sheet: str, cell: Any, expected: str, what: str) -> bool:
        found = " ".join(str(cell.value or "").split())
        if found == " ".join(expected.split()):
            return True
        self.problem(sheet, cell.coordinate, f"expected the {what} {expected!r}, found "
                     f"{found!r}; restore it: hrdd import finds values by their {what}s")
        return False

    # --- sheets -----------------------------------------------------------------------

    def form(self, sheet: Sheet) -> None:
        ws = self.wb[sheet.name]
        row = self.layout.header_row
        for entry in sheet.fields:
            row += 1
            if not isinstance(entry, Field):
                continue
            if not self.label_at(sheet.name, ws.cell(row=row, column=1), entry.label, "label"):
                continue
            cell = ws.cell(row=row, column=2)
            self.place(tuple(entry.key.split(".")), (sheet.name, cell.coordinate, entry.label))
            value = self.value(sheet.name, cell, entry.type, entry.label,
                               self.choices(sheet, entry))
            if value is not None:
                _put(self.data, entry.key, value)

    def headers(self, sheet: Sheet, ws: Any) -> list[tuple[Column, int, int]] | None:
        """Match the header row to the layout: ``(column, copy, column index)`` or None."""
        row = self.layout.header_row
        found = [" ".join(str(c.value or "").split()) for c in ws[row]]
        out: list[tuple[Column, int, int]] = []
        index = 0
        for column in sheet.columns:
            if column.repeat or column.type == "periods":
                pattern = (re.compile(rf"^{re.escape(column.header)} \d+$") if column.repeat
                           else re.compile(r"^P\d+\b"))
                copy = 0
                while index < len(found) and pattern.match(found[index]):
                    out.append((column, copy, index + 1))
                    index, copy = index + 1, copy + 1
                if copy or column.type == "periods":
                    continue
            from openpyxl.utils import get_column_letter

            ref = f"{get_column_letter(index + 1)}{row}"
            expected = f"{column.header} 1" if column.repeat else column.header
            if index >= len(found) or found[index] != column.header:
                self.problem(sheet.name, ref, f"expected the header {expected!r}, found "
                             f"{found[index] if index < len(found) else ''!r}; restore it: "
                             "hrdd import finds columns by their headers")
                return None
            out.append((column, 0, index + 1))
            index += 1
        return out

    def rows(self, sheet: Sheet) -> list[tuple[int, dict[str, Any], dict[str, Where]]]:
        """The non-empty rows of a table: (row number, values by key, cells by key).

        Only the cells the sheet holds are visited (openpyxl keeps no empty ones), so a
        sheet with a value far down or many period columns costs what it holds.
        """
        from openpyxl.utils import get_column_letter

        ws = self.wb[sheet.name]
        columns = self.headers(sheet, ws)
        if columns is None:
            return []
        by_row: dict[int, dict[int, Any]] = {}
        for (r, c), cell in ws._cells.items():  # openpyxl's own map of the cells it read
            if r >= self.layout.first_data_row:
                by_row.setdefault(r, {})[c] = cell
        spread: dict[int, tuple[Column, int]] = {
            col: (column, copy) for column, copy, col in columns
            if column.is_input and (column.repeat or column.type == "periods")}
        fixed = [(column, copy, col) for column, copy, col in columns
                 if column.is_input and col not in spread]
        out = []
        for r in sorted(by_row):
            held = by_row[r]
            if all(cell.value is None for cell in held.values()):
                continue
            values: dict[str, Any] = {}
            cells: dict[str, Where] = {}
            filled = False
            # An empty repeated or period column says nothing: only those held are read.
            present = [(*spread[col], col) for col in held if col in spread]
            for column, copy, col in sorted(fixed + present, key=lambda entry: entry[2]):
                cell = held.get(col) or _Empty(f"{get_column_letter(col)}{r}")
                label = f"{column.header} {copy + 1}" if column.repeat else column.header
                if column.type == "periods":
                    label = f"the result for P{copy + 1}"
                value = self.value(sheet.name, cell, _cell_kind(column), label,
                                   self.choices(sheet, column))
                filled = filled or cell.value is not None
                key = f"{column.key}.{copy}" if col in spread else column.key
                cells[key] = (sheet.name, cell.coordinate, label)
                if value is not None:
                    values[key] = value
            if filled:
                out.append((r, values, cells))
        return out

    def table(self, sheet: Sheet) -> None:
        if sheet.parent and sheet.child and sheet.link:
            return self.children(sheet, sheet.parent, sheet.link, sheet.child)
        entries: list[dict[str, Any]] = []
        base: Path_ = tuple((sheet.key or "").split("."))
        self.place(base, (sheet.name, "A3", sheet.name), parents=False)
        for r, values, cells in self.rows(sheet):
            n = len(entries)
            path: Path_ = (*base, n)
            self.place(path, (sheet.name, f"A{r}", f"row {r}"), parents=False)
            entry = self.entry(sheet, path, values, cells)
            entries.append(entry)
        _put(self.data, sheet.key or "", entries)

    def entry(self, sheet: Sheet, path: Path_, values: dict[str, Any],
              cells: dict[str, Where]) -> dict[str, Any]:
        """One row as an entry of the project: nested keys, lists, results by period."""
        repeated = {c.key for c in sheet.columns if c.repeat}
        entry: dict[str, Any] = {}
        results: dict[int, dict[str, Any]] = {}
        lists: dict[str, list[Any]] = {}
        for key, where in cells.items():
            head, _, copy = key.rpartition(".")
            if head in repeated:
                found = lists.setdefault(head, [])
                if key in values:
                    self.place((*path, *head.split("."), len(found)), where)
                    found.append(values[key])
                else:
                    self.cells.setdefault((*path, *head.split(".")), where)
            elif head == "results" and copy.isdigit():
                if key in values:
                    period = int(copy) + 1
                    results[period] = {"period": str(period), "value": values[key]}
                    self.place((*path, "results", len(results) - 1), where)
            elif key == "notes" and sheet.kind == "monitoring":
                self.notes(sheet.name, where, values.get(key), results, path)
            else:
                self.place((*path, *key.split(".")), where)
                if key in values:
                    _put(entry, key, values[key])
        for head, found in lists.items():
            if found:
                _put(entry, head, found)
        if sheet.kind == "monitoring" and results:
            entry["results"] = list(results.values())
        return entry

    def notes(self, sheet: str, where: Where, text: Any, results: dict[int, dict[str, Any]],
              path: Path_) -> None:
        """``P2: text`` lines of the notes column, attached to the results they explain."""
        for line in (text or "").split("\n") if isinstance(text, str) else []:
            if not line.strip():
                continue
            match = re.match(r"^\s*P(\d+)\s*:\s*(.+)$", line)
            if not match:
                self.problem(sheet, where[1], f"notes by period: {line.strip()!r} does not "
                             "start with a period such as 'P2: '; write one note per line")
            elif int(match.group(1)) not in results:
                self.problem(sheet, where[1], f"notes by period: there is a note for "
                             f"P{match.group(1)} but no result in that period's column; "
                             "write the result, or remove the note")
            else:
                results[int(match.group(1))]["note"] = match.group(2).strip()
                index = list(results).index(int(match.group(1)))
                self.place((*path, "results", index, "note"), where)

    def children(self, sheet: Sheet, parent: str, column: str, key: str) -> None:
        """Rows that belong to an entry of another sheet (items of an activity, …)."""
        parents = self.data_at(tuple[str | int, ...](parent.split(".")), [])
        ids = [p.get("id") for p in parents]
        parent_sheet = next((s.name for s in self.layout.sheets if s.key == parent), parent)
        for r, values, cells in self.rows(sheet):
            owner = values.pop(column, None)
            if owner not in ids:
                known = ", ".join(str(i) for i in ids if i) or "none"
                sheet_name = parent_sheet
                self.problem(sheet.name, cells[column][1], (
                    f"{column} {owner!r} is not the ID of a row of the {sheet_name} sheet"
                    if owner is not None else f"{column} is empty; write the ID of a row of "
                    f"the {sheet_name} sheet") + f" (known: {known})")
                continue
            index = ids.index(owner)
            children = parents[index].setdefault(key, [])
            path: Path_ = (*parent.split("."), index, key, len(children))
            self.place(path, (sheet.name, f"A{r}", f"row {r}"), parents=False)
            cells.pop(column)
            children.append(self.entry(sheet, path, values, cells))

    def people(self, sheet: Sheet) -> None:
        def named(role: str) -> str:  # as the workbook's drop-down writes it
            return self.words.label("Roles", role)

        for role, (key, _) in ROLES.items():
            self.place(tuple(key.split(".")), (sheet.name, "A3", f"role {named(role)}"),
                       parents=False)
        seen: dict[str, int] = {}
        for r, values, cells in self.rows(sheet):
            role = values.pop("role", None)
            if role in ROLES and not values and role not in seen:
                # A role with nothing else (as the blank workbook lists them) is a row
                # still to fill: skipped, but named if the role is required.
                self.place(tuple(ROLES[role][0].split(".")),
                           (sheet.name, f"B{r}", f"name of the {named(role)}"), parents=False)
                continue
            if role is None and self.reported(sheet.name, f"A{r}"):
                continue  # a label of another language: said once, at its cell
            if role not in ROLES:
                self.problem(sheet.name, f"A{r}", f"role {role!r} is not one of "
                             f"{', '.join(ROLES)}" if role else "role is empty; choose one")
                continue
            key, several = ROLES[role]
            path: Path_ = tuple(key.split("."))
            if several:
                people = self.data_at(path, [])
                path = (*path, len(people))
                people.append({})
            elif role in seen:
                self.problem(sheet.name, f"A{r}", f"role {named(role)} is already given on "
                             f"row {seen[role]}; keep one row for it")
                continue
            seen[role] = r
            self.place(path, (sheet.name, f"B{r}", f"{named(role)} name"), parents=False)
            person = self.data_at(path, {})
            for name, where in cells.items():
                if name != "role":
                    self.place((*path, name), where)
                    if name in values:
                        person[name] = values[name]
        endorsement = self.data.get("assessment", {}).get("endorsement")
        if endorsement and "name" not in endorsement and "title" not in endorsement:
            where = self.cells[("assessment", "endorsement", "date")]
            self.problem(sheet.name, "A3", f"no row has role {named('endorsed_by')}, but "
                         f"{where[0]}!"
                         f"{where[1]} gives an endorsement date; add the person who endorsed "
                         "the assessment, or clear the date")

    def data_at(self, path: Path_, empty: Any) -> Any:
        node: Any = self.data
        for part in path[:-1]:
            node = node.setdefault(part, {})
        if isinstance(path[-1], int):
            return node[path[-1]]
        return node.setdefault(path[-1], empty)

    def elements(self, sheet: Sheet) -> None:
        ws = self.wb[sheet.name]
        top = self.layout.header_row
        if self.headers(sheet, ws) is None:
            return
        labels = [self.words.meaning("Elements", e.value) for e in Element] + [
            self.words("ui.final_assessment")]
        for n, label in enumerate(labels):
            r = top + 1 + n
            if not self.label_at(sheet.name, ws.cell(row=r, column=2), label, "element"):
                continue
            final = n == len(Element)
            path: Path_ = ("assessment", "final") if final else (
                "assessment", "elements", list(Element)[n].value)
            for col, key, kind, name in ((3, "rating", "choice", "rating"),
                                         (4, "rationale" if final else "findings", "text",
                                          "rationale" if final else "findings"),
                                         (5, "sources", "lines", "sources")):
                cell = ws.cell(row=r, column=col)
                what = f"{name} of '{label}'"
                value = self.value(sheet.name, cell, kind, what,
                                   "Ratings" if key == "rating" else None)
                if final and key == "sources":
                    if value is not None:
                        self.problem(sheet.name, cell.coordinate, "the final assessment has "
                                     "no sources; move them to the element they support")
                    continue
                self.place((*path, key), (sheet.name, cell.coordinate, what))
                if value is not None:
                    _put(self.data, ".".join(str(p) for p in (*path, key)), value)


_NOT_READ = {"derived", "guide"}
"""Sheets ``hrdd build`` writes for the reader and ``hrdd import`` never reads."""


@dataclass(frozen=True)
class _Empty:
    """A cell the sheet does not hold, read as empty (without making it in openpyxl)."""

    coordinate: str
    value: None = None
    data_type: str = "n"


def _cell_kind(column: Column) -> str:
    if column.repeat:
        return column.type if column.type != "lines" else "text"
    if column.type == "periods":
        return "number"
    if column.type == "notes":
        return "text"
    return column.type
