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
    repeat: int = 0
    """For a repeated column: at least this many copies, headed ``Tag 1``, ``Tag 2``…"""

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
class Sheet:
    name: str
    kind: str
    title: str
    note: str | None = None
    key: str | None = None
    columns: tuple[Column, ...] = ()
    fields: tuple[Field | Section, ...] = ()

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


@dataclass(frozen=True)
class Layout:
    first_data_row: int
    spare_rows: int
    validated_rows: int
    sheets: tuple[Sheet, ...]

    def sheet(self, name: str) -> Sheet:
        return next(s for s in self.sheets if s.name == name)

    @property
    def header_row(self) -> int:
        return self.first_data_row - 1


_KEYS = {"column": {"key", "header", "type", "width", "list", "repeat"},
         "field": {"key", "label", "type", "list", "note"},
         "sheet": {"name", "kind", "title", "note", "key", "columns", "fields"}}


def _check(kind: str, raw: dict[str, Any]) -> None:
    # A comma inside { } starts a new key: catch a label cut short by one.
    unknown = set(raw) - _KEYS[kind]
    if unknown:
        raise ValueError(f"templates/ira/layout.yaml: unknown {kind} key(s) "
                         f"{sorted(unknown)} in {raw}; quote text that contains a comma")


@cache
def layout() -> Layout:
    """Read ``templates/ira/layout.yaml`` once."""
    data = yamlsource.parse(resources.read_text("templates", "ira", "layout.yaml"),
                            "templates/ira/layout.yaml").data
    sheets = []
    for raw in data["sheets"]:
        _check("sheet", raw)
        for c in raw.get("columns") or []:
            _check("column", c)
        for f in raw.get("fields") or []:
            if "section" not in f:
                _check("field", f)
        columns = tuple(
            Column(c["key"], c["header"], c["type"], float(c.get("width") or 12), c.get("list"),
                   int(c.get("repeat") or 0))
            for c in raw.get("columns") or []
        )
        fields: list[Field | Section] = []
        for f in raw.get("fields") or []:
            if "section" in f:
                fields.append(Section(f["section"]))
            else:
                fields.append(Field(f["key"], f["label"], f["type"], f.get("list"), f.get("note")))
        sheets.append(Sheet(raw["name"], raw["kind"], raw["title"], raw.get("note"),
                            raw.get("key"), columns, tuple(fields)))
    return Layout(int(data["first_data_row"]), int(data["spare_rows"]),
                  int(data["validated_rows"]), tuple(sheets))


def _enum(kind: type[Vocabulary]) -> list[tuple[str, str]]:
    return [(member.value, member.label) for member in kind]


@cache
def lists() -> dict[str, list[tuple[str, str]]]:
    """The drop-down lists: defined name → (value written in the cell, what it means)."""
    return {
        "Ratings": _enum(Rating),
        "YesNo": [("yes", "yes"), ("no", "no")],
        "Roles": list(_ROLE_MEANINGS.items()),
        "Languages": [("en", "English")],
        "RecipientCategories": _enum(RecipientCategory),
        "SupportKinds": [(k.value, k.label + (" (exempt)" if k.exempt else ""))
                         for k in SupportKind],
        "Elements": _enum(Element),
        "Tags": sorted(risk_tags().items()),
        "MitigationTypes": _enum(MitigationType),
        "Timings": _enum(Timing),
        "IndicatorKinds": _enum(IndicatorKind),
        "Units": [("count", "a number of cases"), ("percent", "a percentage")],
        "CoursesOfAction": _enum(CourseOfAction),
        "IncidentResults": _enum(IncidentResult),
        "Brandings": _enum(Branding),
        "DisclosureLevels": _enum(DisclosureLevel),
        "DeathPenaltyStatuses": _enum(DeathPenaltyStatus),
        "StateRelations": _enum(StateRelation),
        "AffectedGroups": _enum(AffectedGroup),
        "GraveViolations": _enum(GraveViolation),
        "SourceKinds": _enum(SourceKind),
        "EventKinds": _enum(EventKind),
    }


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
        if kind == "amount":
            text = f"{raw:.2f}"
        elif raw.is_integer() and abs(raw) < 1e15:
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
