"""Load a project definition: strict YAML or an IRA workbook → model → cross-checks.

Every command that takes a project file reads it through :func:`load_source` (or
:func:`load_project`), so a filled IRA workbook (``.xlsx``) is taken wherever a
project.yaml is. Every problem found is reported at once, each at its place
(``file:line:col path: message`` in YAML, ``ira.xlsx Sheet!B7: message`` in a workbook)
with what to change.
"""

from __future__ import annotations

import difflib
import types
import typing
from pathlib import Path
from typing import Any

from pydantic_core import ValidationError

from hrdd_docs import integrity, project_validator, yamlsource
from hrdd_docs.errors import InputError
from hrdd_docs.model import Project
from hrdd_docs.records import Record
from hrdd_docs.yamlsource import Located, Path_


def load_project(path: Path | str) -> Project:
    """Read, validate and cross-check a project file (YAML or IRA workbook).

    Raise :class:`InputError` if it is invalid.
    """
    return project_from(load_source(path))


def load_source(path: Path | str) -> Located:
    """The parsed values of a project file, each with its place: YAML lines or workbook cells.

    A file is read as a workbook when its name ends in ``.xlsx`` or ``.xlsm``, or when it
    is a zip archive (an .xlsx renamed or saved without its extension); anything else is
    read as YAML.
    """
    if is_workbook(Path(path)):
        from hrdd_docs.workbook_import import read_workbook

        return read_workbook(Path(path))
    return yamlsource.load(path)


WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm"})


def is_workbook(path: Path) -> bool:
    """Whether ``path`` names an IRA workbook rather than a YAML project definition."""
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        return True
    try:
        if not path.is_file():  # a FIFO or a device would block or never end: YAML says so
            return False
        with path.open("rb") as stream:
            return stream.read(4) == b"PK\x03\x04"
    except OSError:  # a name too long, no permission: the YAML reader says which, with the fix
        return False


def project_from(located: Located) -> Project:
    """Validate parsed YAML as a :class:`Project`, reporting every problem with its place."""
    if not isinstance(located.data, dict):
        raise InputError(
            located.problem((), "the file must be a mapping of sections (project:, "
                            "recipients:, …); start from `hrdd init`")
        )
    try:
        project: Project = project_validator.validator().validate_python(located.data)
    except ValidationError as err:
        raise InputError(
            [located.problem(tuple(e["loc"]), _message(e)) for e in _without_echoes(err.errors())]
        ) from err
    findings = integrity.check(project)
    if findings:
        raise InputError([located.problem(path, message) for path, message in findings])
    later = getattr(located, "orphans", None)  # a workbook's translations of empty values
    if later:
        raise InputError(list(later))
    return project


def _without_echoes(errors: list[Any]) -> list[Any]:
    """Drop a 'required key is missing' error when a misspelt sibling key explains it.

    ``projet:`` instead of ``project:`` is one mistake; reporting the unknown key with
    its did-you-mean hint says all there is to say.
    """
    misspelt = set()
    for error in errors:
        if error["type"] == "extra_forbidden":
            loc: Path_ = tuple(error["loc"])
            close = _suggestion(loc)
            if close:
                misspelt.add((*loc[:-1], close))
    return [e for e in errors if not (e["type"] == "missing" and tuple(e["loc"]) in misspelt)]


def _suggestion(loc: Path_) -> str | None:
    """The allowed key closest to the unknown key at ``loc``, if one is close."""
    close = difflib.get_close_matches(str(loc[-1]), _fields_at(loc[:-1]), n=1)
    return close[0] if close else None


def _message(error: Any) -> str:
    """Rewrite one pydantic error as a sentence that says what to change."""
    kind = error["type"]
    loc: Path_ = tuple(error["loc"])
    value = error.get("input")
    shown = _show(value)
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        key = str(loc[-1])
        close = _suggestion(loc)
        allowed = ", ".join(sorted(_fields_at(loc[:-1])))
        hint = f"did you mean {close!r}?" if close else f"allowed: {allowed}"
        # `{title: Commander, Esse Province}` or `{unit_value: 3,200}`: inside { } the
        # comma started a new key that has no value.
        if value is None and not close and key.isdigit():
            hint += "; write numbers without thousands separators (3200, not 3,200)"
        elif value is None and not close:
            hint += ("; if this is the end of the previous value, a comma inside { } starts "
                     "a new key: quote that value")
        return f"unknown key {key!r}; {hint}"
    if kind == "missing":
        return f"required key {loc[-1]!r} is missing; add it"
    if kind == "enum":
        return f"{shown} is not one of {ctx.get('expected', '').replace(chr(39), '')}"
    if kind == "literal_error":
        expected = ctx.get("expected", "").replace(chr(39), "")
        if " " not in expected:
            return f"{shown} is not available; the only accepted value is {expected}"
        return f"{shown} is not one of {expected}"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"{shown} is not a valid date; write it as YYYY-MM-DD (e.g. 2025-03-01)"
    if kind == "bool_parsing" or kind == "bool_type":
        return f"{shown} is not yes/no; write true or false"
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return f"{shown} is not a whole number; write digits only, e.g. 2"
    if kind in {"decimal_parsing", "decimal_type", "finite_number"}:
        return (f"{shown} is not a number; write digits with a decimal point and no "
                "thousands separator, e.g. 3200.50")
    if kind == "decimal_max_digits":
        return f"{shown} has more than {ctx.get('max_digits')} digits; check the amount"
    if kind == "decimal_max_places":
        return f"{shown} has more than {ctx.get('decimal_places')} decimal places; round it"
    if kind == "greater_than_equal":
        return f"{shown} is too small; write {ctx.get('ge')} or more"
    if kind == "less_than_equal":
        return f"{shown} is too large; write {ctx.get('le')} or less"
    if kind in {"greater_than", "less_than"}:
        return f"{shown} is out of range: {error['msg'].lower()}"
    if kind == "string_pattern_mismatch":
        return f"{shown} {_PATTERN_HELP.get(ctx.get('pattern', ''), 'has the wrong form')}"
    if kind == "string_too_short":
        return "is empty; write a value or remove the key"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} entry; add one"
    if kind == "string_type":
        if value is None:
            return "has no value; write it after the colon"
        return f"expected text, got {_kind_of(value)}; write a single value"
    if kind == "list_type":
        if isinstance(value, str):
            return (f"expected a list, got {shown}; write [{value}], or one entry per line "
                    "starting '- '")
        return (f"expected a list, got {_kind_of(value)}; write one entry per line starting "
                "'- ' (or [] for none)")
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        if value is None:
            return "has no value; write its keys on the lines below, indented"
        return f"expected a mapping of keys, got {_kind_of(value)}; write key: value pairs"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return f"{error['msg']}"


_PATTERN_HELP = {
    r"^[a-z0-9][a-z0-9-]{0,62}$": "is not a valid id; use lower-case letters, digits and "
    "hyphens (e.g. dpf-esse), at most 63 characters",
    r"^[A-Z]{3}$": "is not a currency code; use three capital letters, e.g. USD",
    r"^[^@\s]+@[^@\s]+$": "is not an e-mail address; write it as name@example.org",
}


def _show(value: Any) -> str:
    if value is None:
        return "an empty value"
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    return _kind_of(value)


def _kind_of(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _fields_at(loc: Path_) -> list[str]:
    """The keys allowed at ``loc`` inside a project definition, for a did-you-mean hint."""
    annotation: Any = Project
    for part in loc:
        model = _model_in(annotation)
        if isinstance(part, int) or model is None:
            annotation = _item_of(annotation)
            continue
        field = model.model_fields.get(part)
        if field is None:
            return []
        annotation = field.annotation
    model = _model_in(annotation)
    return list(model.model_fields) if model else []


def _model_in(annotation: Any) -> type[Record] | None:
    if isinstance(annotation, type) and issubclass(annotation, Record):
        return annotation
    if typing.get_origin(annotation) in {typing.Union, types.UnionType}:
        for arg in typing.get_args(annotation):
            model = _model_in(arg)
            if model is not None:
                return model
    return None


def _item_of(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _item_of(typing.get_args(annotation)[0])
    if origin is list:
        return typing.get_args(annotation)[0]
    return annotation
