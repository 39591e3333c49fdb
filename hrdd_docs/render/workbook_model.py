"""How the workbook layout meets the model: field types, vocabularies, and coverage.

``templates/ira/layout.yaml`` names each cell by its path in the project definition.
This module walks :class:`~hrdd_docs.model.Project` along those paths, so that

- a ``choice`` needs no ``list:``: its drop-down is the vocabulary of the model's field
  (a new enum field is one line of the layout), and
- :func:`missing` lists every field of the model that has no place in the workbook, which
  a test keeps empty: a field the workbook cannot hold would be lost by ``hrdd import``.

Paths are written ``assessment.risks[].tags``: ``[]`` steps into the entries of a list.
"""

from __future__ import annotations

import enum
import types
import typing
from functools import cache
from typing import Any

from hrdd_docs.records import Record
from hrdd_docs.render.workbook_layout import ROLES, Column, Field, Sheet, layout

NOT_IN_WORKBOOK: dict[str, str] = {}
"""Model fields deliberately without a cell, each with the reason. Keep it empty unless
a field truly cannot be written to a workbook: ``hrdd import`` would drop it."""


def _unwrap(annotation: Any) -> Any:
    """The type inside ``Annotated[...]`` and ``X | None``."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in {typing.Union, types.UnionType}:
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def _list_item(annotation: Any) -> Any | None:
    annotation = _unwrap(annotation)
    if typing.get_origin(annotation) is list:
        return _unwrap(typing.get_args(annotation)[0])
    return None


def _model(annotation: Any) -> type[Record] | None:
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, Record):
        return annotation
    return None


def annotation_at(path: str) -> Any:
    """The type of the field at ``path`` (``activities[].items[].currency``), or None."""
    from hrdd_docs.model import Project

    current: Any = Project
    for part in path.replace("[]", ".[]").split("."):
        if not part:
            continue
        if part == "[]":
            current = _list_item(current)
            continue
        model = _model(current)
        if model is None or part not in model.model_fields:
            return None
        current = model.model_fields[part].annotation
    return current


def cell_path(sheet: Sheet, entry: Field | Column) -> str:
    """The model path of a form field or of a table column's cells."""
    if isinstance(entry, Field):
        return entry.key
    if sheet.kind == "people":
        return f"{ROLES['assessor'][0]}[].{entry.key}"
    return f"{sheet.key}[].{entry.key}"


def vocabulary_of(sheet: Sheet, entry: Field | Column) -> type[enum.Enum] | None:
    """The enum of the model field a cell holds (or of the entries of a list field)."""
    annotation = annotation_at(cell_path(sheet, entry))
    inner = _list_item(annotation) or _unwrap(annotation)
    if isinstance(inner, type) and issubclass(inner, enum.Enum):
        return inner
    return None


@cache
def vocabularies() -> dict[str, type[enum.Enum]]:
    """Every vocabulary a ``choice`` of the layout takes from the model, by class name."""
    found: dict[str, type[enum.Enum]] = {}
    for sheet in layout().sheets:
        entries: list[Field | Column] = [*sheet.columns,
                                         *(f for f in sheet.fields if isinstance(f, Field))]
        for entry in entries:
            if entry.type == "choice" and not entry.list:
                kind = vocabulary_of(sheet, entry)
                if kind is None:
                    raise ValueError(f"templates/ira/layout.yaml: {sheet.name}: "
                                     f"{entry.key} is a choice, but the model's field is no "
                                     "vocabulary; give it a list:")
                found[kind.__name__] = kind
    return found


def covered() -> set[str]:
    """The model paths the workbook's data sheets hold."""
    from hrdd_docs.vocabulary import Element

    out: set[str] = set()
    for sheet in layout().sheets:
        out |= {f.key for f in sheet.fields if isinstance(f, Field)}
        inputs = [c for c in sheet.columns if c.is_input]
        if sheet.kind == "people":
            for path, several in ROLES.values():
                out |= {f"{path}{'[]' if several else ''}.{c.key}" for c in inputs}
        elif sheet.kind == "elements":
            for element in Element:
                out |= {f"assessment.elements.{element.value}.{k}"
                        for k in ("rating", "findings", "sources")}
            out |= {"assessment.final.rating", "assessment.final.rationale"}
        elif sheet.key:
            for column in inputs:
                if column.type == "periods":
                    out |= {f"{sheet.key}[].results[].period",
                            f"{sheet.key}[].results[].value"}
                elif column.type == "notes":
                    out.add(f"{sheet.key}[].results[].note")
                elif column.key != sheet.link:
                    out.add(f"{sheet.key}[].{column.key}")
    return out


def model_paths() -> list[str]:
    """Every leaf field of the project definition, as a path."""
    from hrdd_docs.model import Project

    out: list[str] = []

    def walk(model: type[Record], prefix: str) -> None:
        for name, info in model.model_fields.items():
            annotation = info.annotation
            item = _list_item(annotation)
            if item is not None and _model(item) is not None:
                walk(_model(item), f"{prefix}{name}[].")  # type: ignore[arg-type]
            elif _model(annotation) is not None:
                walk(_model(annotation), f"{prefix}{name}.")  # type: ignore[arg-type]
            else:
                out.append(f"{prefix}{name}")

    walk(Project, "")
    return out


def missing() -> list[str]:
    """Model fields with no place in the workbook and no reason in :data:`NOT_IN_WORKBOOK`."""
    have = covered()
    return [p for p in model_paths() if p not in have and p not in NOT_IN_WORKBOOK]


@cache
def required_sections() -> list[tuple[str, ...]]:
    """The sections of the project that must be there, holding the form fields.

    Each path leads from the top through required fields only (``project.references``,
    ``preconditions.death_penalty``…); an optional section such as the endorsement is
    left out, so that its absence stays valid.
    """
    from hrdd_docs.model import Project

    out: list[tuple[str, ...]] = []
    for sheet in layout().sheets:
        for entry in sheet.fields:
            if not isinstance(entry, Field):
                continue
            model: Any = Project
            parts = entry.key.split(".")
            for end, part in enumerate(parts[:-1], start=1):
                info = model.model_fields.get(part) if model else None
                if info is None or not info.is_required() or _model(info.annotation) is None:
                    break
                if tuple(parts[:end]) not in out:
                    out.append(tuple(parts[:end]))
                model = _model(info.annotation)
    return out
