"""The IRA workbook's layout (``templates/ira/layout.yaml``) and how values sit in cells.

Both directions use this module: :mod:`hrdd_docs.render.workbook` writes a project into
the sheets it describes, :mod:`hrdd_docs.workbook_import` reads the same cells back.
Keeping the cell conventions here (one line per entry for text lists, commas between
ids, ``yes``/``no``, dates as dates) is what makes build → import → build lossless.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any

from hrdd_docs import resources, yamlsource
from hrdd_docs.vocabulary import (
    AffectedGroup,
    Branding,
    CourseOfAction,
    DeathPenaltyStatus,
    DisclosureLevel,
    Element,
    EventKind,
    GraveViolation,
    IncidentResult,
    IndicatorKind,
    MitigationType,
    Rating,
    RecipientCategory,
    SourceKind,
    StateRelation,
    SupportKind,
    Timing,
    Vocabulary,
    risk_tags,
)

ROLES: dict[str, tuple[str, bool]] = {
    "chief_of_mission": ("project.chief_of_mission", False),
    "assessor": ("assessment.assessors", True),
    "endorsed_by": ("assessment.endorsement", False),
    "government_focal_point": ("preconditions.national_ownership.government_focal_point", False),
    "iom_counterpart": ("preconditions.national_ownership.iom_counterpart", False),
    "monitoring_responsible": ("monitoring.responsible", False),
    "programme_manager": ("procedure.programme_manager", False),
    "participation_decided_by": ("country_mechanism.participation_decided_by", False),
}
"""People-sheet role → (path in the project, whether several rows are allowed)."""

_ROLE_MEANINGS = {
    "chief_of_mission": "Chief of Mission who signs for IOM",
    "assessor": "Staff member who carried out the assessment (one row each)",
    "endorsed_by": "Head of Office who endorsed the assessment",
    "government_focal_point": "Government focal point (Action 2(a))",
    "iom_counterpart": "IOM counterpart of the government focal point (Action 2(a))",
    "monitoring_responsible": "Responsible for HRDD monitoring (Action 6)",
    "programme_manager": "Programme manager informed of violations (Box 7)",
    "participation_decided_by": "Head of Office who decided on participation in the UN "
                                "country mechanism (Action 3)",
}


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    type: str
    width: float
    list: str | None = None
    """The drop-down's defined name; for a ``choice`` without one, the model's vocabulary."""
    repeat: int = 0
    """For a repeated column (a list, one value per cell): at least this many copies,
    headed ``Tag 1``, ``Tag 2``…"""
    note: str | None = None
    """Shown as the drop-down's input message when a cell of the column is selected."""

    @property
    def is_input(self) -> bool:
        """Staff type into this column, and import reads it."""
        return self.type not in {"formula", "derived"}


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    type: str
    list: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Section:
    title: str


@dataclass(frozen=True)
class Step:
    """A line of the "Start here" sheet: which sheet to fill, and what goes there."""

    step: str
    sheets: str
    what: str


@dataclass(frozen=True)
class Sheet:
    name: str
    kind: str
    title: str
    note: str | None = None
    key: str | None = None
    """Where the sheet's entries sit in the project: ``recipients``; for a child table
    ``activities[].items`` (rows that belong to an entry of another sheet)."""
    columns: tuple[Column, ...] = ()
    fields: tuple[Field | Section, ...] = ()
    link: str | None = None
    """For a child table: the column that holds the id of the entry it belongs to."""
    blank: str | None = None
    """For a computed sheet: what it says in a workbook not built from a project."""
    steps: tuple[Step, ...] = ()
    id: str = ""
    """The sheet's English name, its identity in every language (``name`` is its tab in
    the workbook's language); code looks sheets up by it."""

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    @property
    def parent(self) -> str | None:
        """For a child table, the key of the list its rows belong to (``activities``)."""
        return self.key.split("[]")[0] if self.key and "[]." in self.key else None

    @property
    def child(self) -> str | None:
        """For a child table, the key of its rows inside each parent (``items``)."""
        return self.key.split("[].", 1)[1] if self.key and "[]." in self.key else None

    @property
    def is_table(self) -> bool:
        return self.kind in {"table", "people", "monitoring"}


@dataclass(frozen=True)
class IdList:
    """A drop-down of the ids written in one column of a table sheet; grows with its rows."""

    name: str
    sheet: str
    column: str


@dataclass(frozen=True)
class Layout:
    first_data_row: int
    spare_rows: int
    validated_rows: int
    sheets: tuple[Sheet, ...]
    id_lists: tuple[IdList, ...] = ()
    marking: str = "Internal"
    language: str = "en"

    def sheet(self, name: str) -> Sheet:
        """The sheet whose English name (its id) is ``name``, in this layout's language."""
        return next(s for s in self.sheets if s.id == name)

    @property
    def header_row(self) -> int:
        return self.first_data_row - 1

    @property
    def last_row(self) -> int:
        """The last prepared row of a table: formatted, validated, with its formulas."""
        return self.header_row + self.validated_rows


_KEYS = {"column": {"key", "header", "type", "width", "list", "repeat", "note"},
         "field": {"key", "label", "type", "list", "note"},
         "sheet": {"name", "kind", "title", "note", "key", "columns", "fields", "link", "blank",
                   "steps"},
         "step": {"step", "sheets", "what"}}

_CHILD_KINDS = {"items": ("items", "activity"), "requirements": ("visibility_requirements",
                                                                  "donor")}
"""Older spellings of a child table: ``kind: items, key: activities`` is the table
``activities[].items`` linked by its ``activity`` column."""


def _check(kind: str, raw: dict[str, Any]) -> None:
    # A comma inside { } starts a new key: catch a label cut short by one.
    unknown = set(raw) - _KEYS[kind]
    if unknown:
        raise ValueError(f"templates/ira/layout.yaml: unknown {kind} key(s) "
                         f"{sorted(unknown)} in {raw}; quote text that contains a comma")


def _sheet(raw: dict[str, Any]) -> Sheet:
    _check("sheet", raw)
    for c in raw.get("columns") or []:
        _check("column", c)
    for f in raw.get("fields") or []:
        if "section" not in f:
            _check("field", f)
    for s in raw.get("steps") or []:
        _check("step", s)
    columns = tuple(
        Column(c["key"], c["header"], c["type"], float(c.get("width") or 12), c.get("list"),
               int(c.get("repeat") or 0), c.get("note"))
        for c in raw.get("columns") or []
    )
    fields: list[Field | Section] = []
    for f in raw.get("fields") or []:
        if "section" in f:
            fields.append(Section(f["section"]))
        else:
            fields.append(Field(f["key"], f["label"], f["type"], f.get("list"), f.get("note")))
    kind, key, link = raw["kind"], raw.get("key"), raw.get("link")
    if kind in _CHILD_KINDS:
        child, link = _CHILD_KINDS[kind]
        kind, key = "table", f"{key}[].{child}"
    steps = tuple(Step(s["step"], s["sheets"], s["what"]) for s in raw.get("steps") or [])
    return Sheet(raw["name"], kind, raw["title"], raw.get("note"), key, columns,
                 tuple(fields), link, raw.get("blank"), steps, raw["name"])


@cache
def layout(language: str = "en") -> Layout:
    """The layout with its texts in ``language`` (en, fr, es); read once per language.

    The texts come from ``templates/ira/text/<language>.yaml``
    (:mod:`hrdd_docs.render.workbook_text`); keys, types and sheet ids are the same in
    every language.
    """
    if language == "en":
        return english_layout()
    from hrdd_docs.render.workbook_text import translate_layout

    return translate_layout(english_layout(), language)


@cache
def english_layout() -> Layout:
    """Read ``templates/ira/layout.yaml`` once.

    What the YAML reader gives depends only on the file and on the reader, so it is kept
    by their content in the user's cache folder (reading the 26 kB took 20-30 ms of every
    build; :func:`hrdd_docs.cache.plain`)."""
    import sys
    from pathlib import Path

    from hrdd_docs import cache

    text = resources.read_text("templates", "ira", "layout.yaml")
    data = cache.plain("layout", lambda: dict(yamlsource.parse(
        text, "templates/ira/layout.yaml").data), sys.version, text,
        Path(yamlsource.__file__).read_bytes())
    sheets = tuple(_sheet(raw) for raw in data["sheets"])
    id_lists = tuple(IdList(name, spec["sheet"], spec["column"])
                     for name, spec in (data.get("id_lists") or {}).items())
    return Layout(int(data["first_data_row"]), int(data["spare_rows"]),
                  int(data["validated_rows"]), sheets, id_lists,
                  data.get("marking") or "Internal")


def _enum(kind: type[Enum]) -> list[tuple[str, str]]:
    return [(str(member.value), getattr(member, "label", str(member.value))) for member in kind]


_FIXED: dict[str, Any] = {
    "Ratings": Rating,
    "YesNo": lambda: [("yes", "yes"), ("no", "no")],
    "Roles": lambda: list(_ROLE_MEANINGS.items()),
    "Languages": lambda: [("en", "English"), ("fr", "French"), ("es", "Spanish")],
    "RecipientCategories": RecipientCategory,
    "SupportKinds": lambda: [(k.value, k.label + (" (exempt)" if k.exempt else ""))
                             for k in SupportKind],
    "Elements": Element,
    "Tags": lambda: sorted(risk_tags().items()),
    "MitigationTypes": MitigationType,
    "Timings": Timing,
    "IndicatorKinds": IndicatorKind,
    "Units": lambda: [("count", "a number of cases"), ("percent", "a percentage")],
    "CoursesOfAction": CourseOfAction,
    "IncidentResults": IncidentResult,
    "Brandings": Branding,
    "DisclosureLevels": DisclosureLevel,
    "DeathPenaltyStatuses": DeathPenaltyStatus,
    "StateRelations": StateRelation,
    "AffectedGroups": AffectedGroup,
    "GraveViolations": GraveViolation,
    "SourceKinds": SourceKind,
    "EventKinds": EventKind,
}
"""The named lists the layout's ``list:`` may give; any other vocabulary of the model
is found from the field's type (a ``choice`` without ``list:``)."""


@cache
def lists() -> dict[str, list[tuple[str, str]]]:
    """The drop-down lists: defined name → (value written in the cell, what it means).

    The named lists above, then every vocabulary a ``choice`` of the layout takes from
    the model, under the vocabulary's class name.
    """
    from hrdd_docs.render.workbook_model import vocabularies

    out = {name: _enum(source) if isinstance(source, type) else source()
           for name, source in _FIXED.items()}
    for name, kind in vocabularies().items():
        out.setdefault(name, _enum(kind))
    return out


def list_name(sheet: Sheet, entry: Field | Column) -> str | None:
    """The defined name behind the drop-down of a field or column, if it has one."""
    if entry.type == "yesno":
        return "YesNo"
    if entry.list:
        return entry.list
    if entry.type == "choice" or (isinstance(entry, Column) and entry.repeat
                                  and entry.type == "choice"):
        from hrdd_docs.render.workbook_model import vocabulary_of

        kind = vocabulary_of(sheet, entry)
        return kind.__name__ if kind else None
    return None


def lookup(obj: Any, key: str) -> Any:
    """The value at a dotted ``key`` of a model, or None where a step is missing."""
    for part in key.split("."):
        if obj is None:
            return None
        obj = getattr(obj, part)
    return obj


# --- writing -------------------------------------------------------------------------

def cell_value(kind: str, value: Any) -> Any:
    """The value to put in a cell for a field of column type ``kind`` (None: leave empty)."""
    if value is None:
        return None
    if kind in {"lines"}:
        return "\n".join(value) if value else None
    if kind in {"ids"}:
        return ", ".join(value) if value else None
    if kind == "yesno":
        return "yes" if value else "no"
    if kind == "choice":
        return value.value if isinstance(value, Vocabulary) else str(value)
    if kind == "date":
        return value
    if kind == "int":
        return int(value)
    if kind in {"number", "amount"}:
        return number(value)
    return str(value)


def number(value: Decimal) -> int | float:
    """A Decimal as a cell number: whole numbers stay integers."""
    return int(value) if value == value.to_integral_value() else float(value)


NUMBER_FORMATS = {"date": "yyyy-mm-dd", "amount": "#,##0.00", "int": "0", "number": "General"}
"""Cell formats by column type; text columns use "@" so Excel keeps what staff type as text."""


# --- reading -------------------------------------------------------------------------

class CellError(ValueError):
    """A cell holds something that cannot stand for a value of its column."""


_ID_SPLIT = re.compile(r"[,;\s]+")


def read_value(kind: str, raw: Any) -> Any:
    """The project-definition value (text, or a list of texts) a cell's content stands for.

    Values are handed to the model as text, as a YAML file would give them, so the
    model decides every type and reports every mistake with the same words.
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        text = "yes" if raw else "no"
    elif isinstance(raw, datetime):
        if raw.time() != datetime.min.time():
            raise CellError("holds a date with a time; write the date only (YYYY-MM-DD)")
        text = raw.date().isoformat()
    elif isinstance(raw, date):
        text = raw.isoformat()
    elif isinstance(raw, int):
        text = str(raw)
    elif isinstance(raw, float):
        # The shortest text that reads back as the same number: 3200.004 stays 3200.004,
        # so the model refuses a third decimal here exactly as it does in YAML.
        if raw.is_integer() and abs(raw) < 1e15:
            text = str(int(raw))
        else:
            text = repr(raw)
    elif isinstance(raw, str):
        text = raw.replace("\r\n", "\n").replace("\r", "\n")
    else:
        raise CellError(f"holds {type(raw).__name__!s} content; type the value itself")
    if not text.strip():
        return None
    if kind == "lines":
        return [line for line in text.split("\n") if line.strip()]
    if kind == "ids":
        return [part for part in _ID_SPLIT.split(text) if part]
    if kind in {"choice", "yesno", "int", "number", "amount", "date"}:
        return text.strip()
    return text
