"""The project definition as pydantic reads it: the schema the validator is compiled from.

Each :class:`~hrdd_docs.records.Record` of :mod:`hrdd_docs.model` is declared to pydantic
here as a model with the same fields, types, checks and defaults, and pydantic turns
:class:`~hrdd_docs.model.Project` into one *core schema*. In that schema each section
names its record class (not the pydantic model), so the validator pydantic-core
compiles from it makes records; :mod:`hrdd_docs.project_validator` keeps it in the
toolkit's cache. This module, and pydantic with it, is imported only to make that
schema (a first run, or a changed toolkit), for ``hrdd schema``, and for
:meth:`Record.model_validate <hrdd_docs.records.Record.model_validate>` of a section
other than the project (tests).
"""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, create_model
from pydantic._internal._config import ConfigWrapper
from pydantic.json_schema import GenerateJsonSchema
from pydantic_core import core_schema

from hrdd_docs import model
from hrdd_docs.records import Record


class Model(BaseModel):
    """What every section is to pydantic: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", defer_build=True)


def sections() -> list[type[Record]]:
    """The sections of the project definition: the records of :mod:`hrdd_docs.model`, in
    the order they are declared."""
    return [c for c in Record.__subclasses__() if c.__module__ == model.__name__]


@cache
def _models() -> dict[type[Record], type[Model]]:
    """Every record class with its pydantic model, in declaration order."""
    namespace: dict[str, Any] = dict(vars(model))
    out: dict[type[Record], type[Model]] = {}
    for record in sections():
        fields: dict[str, Any] = {}
        for name, field in record.model_fields.items():
            # The declaration read in pydantic's names: each section, its pydantic model.
            declared = eval(field.written, namespace)  # noqa: S307 (our own source)
            # Every field's value is bounded as one workbook cell, after its own check.
            typed = Annotated[declared, AfterValidator(model.fits_one_cell)]  # type: ignore[valid-type]
            fields[name] = (typed, ...) if field.is_required() else (typed, field.default)
        declared_model = create_model(
            record.__name__, __base__=Model, __module__=__name__, __doc__=record.__doc__,
            **fields)
        namespace[record.__name__] = declared_model
        out[record] = declared_model
    return out


def declared(record: type[Record]) -> type[Model]:
    """The pydantic model of ``record``."""
    return _models()[record]


def _as_records(schema: Any, records: dict[type[Model], type[Record]]) -> Any:
    """A copy of a core schema whose sections name their record classes, without the
    ``metadata`` entries (JSON Schema hints, which pydantic-core never reads)."""
    if isinstance(schema, dict):
        return {k: records.get(v, v) if k == "cls" else _as_records(v, records)
                for k, v in schema.items() if k != "metadata"}
    if isinstance(schema, list):
        return [_as_records(v, records) for v in schema]
    return schema


def compiled(record: type[Record]) -> tuple[Any, Any]:
    """The core schema and core configuration of ``record``'s validator.

    The project's schema reads ``project.language`` before anything else
    (:func:`~hrdd_docs.model.plain_values_language`).
    """
    models = _models()
    target = models[record]
    target.model_rebuild()
    schema = _as_records(target.__pydantic_core_schema__,
                         {pydantic: rec for rec, pydantic in models.items()})
    if record is model.Project:
        schema = core_schema.no_info_wrap_validator_function(model.plain_values_language,
                                                             schema)
    config = ConfigWrapper(target.model_config, check=False).core_config(title=record.__name__)
    return schema, config


def plugin_settings() -> Any:
    """The plugin settings pydantic gives the project's validator."""
    return ConfigWrapper(Model.model_config, check=False).plugin_settings


class _JsonSchema(GenerateJsonSchema):
    """pydantic's JSON Schema, with a default that is a section written as its values."""

    def encode_default(self, dft: Any) -> Any:
        if isinstance(dft, Record):
            return dft.model_dump(mode="json")
        return super().encode_default(dft)


def section_json_schema(record: type[Record]) -> dict[str, Any]:
    """The JSON Schema of one section, as pydantic writes it."""
    return declared(record).model_json_schema(schema_generator=_JsonSchema)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a project definition, each field described by its docstring."""
    import ast
    import inspect

    schema = section_json_schema(model.Project)
    for record in sections():
        node = ast.parse(inspect.getsource(record)).body[0]
        assert isinstance(node, ast.ClassDef)
        where = schema if record is model.Project else schema["$defs"].get(record.__name__, {})
        properties = where.get("properties", {})
        for statement, following in zip(node.body, node.body[1:], strict=False):
            if (isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name)
                    and isinstance(following, ast.Expr)
                    and isinstance(following.value, ast.Constant)
                    and isinstance(following.value.value, str)
                    and statement.target.id in properties):
                properties[statement.target.id].setdefault(
                    "description", inspect.cleandoc(following.value.value))
    return schema
