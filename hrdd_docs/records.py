"""Sections of the project definition as plain classes: :class:`Record`, its fields, its checks.

:mod:`hrdd_docs.model` declares each section as a :class:`Record` subclass: the fields
are its annotations, a value in the class body is a field's default, and a field's
``Annotated[...]`` may carry a :class:`Check` of what the value must hold. Nothing here
imports pydantic: pydantic reads the declarations only to compile the project's
validator (:mod:`hrdd_docs.model_schema`), and pydantic-core then validates a project
file straight into these classes (:mod:`hrdd_docs.project_validator`).
"""

from __future__ import annotations

import copy
import inspect
import sys
import typing
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Self

    from pydantic import GetCoreSchemaHandler
    from pydantic_core import CoreSchema


class Check:
    """What a value must hold besides its type, in a field's ``Annotated[...]``.

    ``min_length`` (of a text or a list), ``pattern`` (of a text), ``ge`` and ``le`` (of
    a number), ``max_digits`` and ``decimal_places`` (of a decimal), and a function to
    run ``before`` the type's own check (on the value as written) or ``after`` it (on
    the value read). pydantic reads it when it compiles the project's validator: the
    constraints go into the type's own schema, as pydantic's ``Field(ge=…)`` and
    ``StringConstraints`` put them, and each function wraps it.
    """

    __slots__ = ("after", "before", "constraints")

    def __init__(self, *, before: Callable[[Any], Any] | None = None,
                 after: Callable[[Any], Any] | None = None, **constraints: Any) -> None:
        unknown = set(constraints) - {"min_length", "pattern", "ge", "le", "max_digits",
                                      "decimal_places"}
        if unknown:
            raise TypeError(f"Check() takes no {', '.join(sorted(unknown))}")
        self.before = before
        self.after = after
        self.constraints = constraints

    def __repr__(self) -> str:
        shown = [f"{k}={v!r}" for k, v in self.constraints.items()]
        shown += [f"{k}={f.__name__}" for k in ("before", "after")
                  if (f := getattr(self, k)) is not None]
        return f"Check({', '.join(shown)})"

    def __get_pydantic_core_schema__(self, source: Any,
                                     handler: GetCoreSchemaHandler) -> CoreSchema:
        from pydantic_core import core_schema

        schema = handler(source)
        if self.constraints:
            if schema.get("type") not in {"str", "int", "decimal", "list"}:
                raise TypeError(f"{self!r} constrains a {schema.get('type')} schema")
            schema = {**schema, **self.constraints}
        if self.before is not None:
            schema = core_schema.no_info_before_validator_function(self.before, schema)
        if self.after is not None:
            schema = core_schema.no_info_after_validator_function(self.after, schema)
        return schema



class FieldSpec:
    """One field of a :class:`Record`: its name, type, default and whether it is required.

    The type is read from the declaration the first time it is asked for, in this
    module's names (no command but ``hrdd schema`` and the workbook's layout needs it).
    """

    __slots__ = ("_annotation", "default", "name", "owner", "written")

    def __init__(self, owner: type[Record], name: str, written: str, default: Any) -> None:
        self.owner = owner
        self.name = name
        self.written = written
        self.default = default
        self._annotation: Any = _UNREAD

    @property
    def declared(self) -> Any:
        """The field's type as declared, with its ``Annotated`` checks."""
        if self._annotation is _UNREAD:
            namespace = vars(sys.modules[self.owner.__module__])
            self._annotation = eval(self.written, namespace)  # noqa: S307 (our own source)
        return self._annotation

    @property
    def annotation(self) -> Any:
        """The field's type without its outermost checks, as pydantic's ``FieldInfo``
        gives it (``Text`` is ``str``; ``Text | None`` keeps its checks inside)."""
        declared = self.declared
        return getattr(declared, "__origin__", declared) if _is_annotated(declared) else declared

    def is_required(self) -> bool:
        return self.default is _REQUIRED

    def __repr__(self) -> str:
        return f"FieldSpec({self.owner.__name__}.{self.name}: {self.written})"


_UNREAD = object()
_REQUIRED = object()


def _is_annotated(annotation: Any) -> bool:
    return typing.get_origin(annotation) is typing.Annotated


R = TypeVar("R", bound="Record")

_PYDANTIC_CORE_SETS = ("__pydantic_extra__", "__pydantic_fields_set__", "__pydantic_private__")


class Record:
    """A section of the project definition: its fields hold validated values.

    The fields are the class's annotations; a value given in the class body is the
    field's default. Instances come from the project's validator
    (:meth:`model_validate`) or, unchecked, from :meth:`model_construct` (the defaults of
    sections that are records). They compare, copy and print as pydantic models do.
    """

    # The values, and the three attributes pydantic-core sets on every instance it makes.
    __slots__ = ("__dict__", *_PYDANTIC_CORE_SETS)
    __pydantic_fields_set__: set[str]
    __pydantic_extra__: None
    __pydantic_private__: None

    model_fields: ClassVar[dict[str, FieldSpec]] = {}
    """Every field of the class by name, in declaration order."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        own = inspect.get_annotations(cls)  # as written: this module's annotations are text
        if not all(isinstance(written, str) for written in own.values()):
            raise TypeError(f"{cls.__name__}: declare a Record in a module that starts with "
                            "`from __future__ import annotations`, so that pydantic reads "
                            "each field's type in its own names (hrdd_docs.model_schema)")
        cls.model_fields = {
            **cls.model_fields,
            **{name: FieldSpec(cls, name, written, cls.__dict__.get(name, _REQUIRED))
               for name, written in own.items() if not written.startswith("ClassVar")},
        }

    def __init__(self, **data: Any) -> None:
        """Validate ``data`` as pydantic's ``Model(**data)`` does."""
        validated = type(self).model_validate(data)
        for name in _PYDANTIC_CORE_SETS:
            object.__setattr__(self, name, getattr(validated, name))
        self.__dict__.update(validated.__dict__)

    @classmethod
    def model_validate(cls, data: Any) -> Self:
        """``data`` (a mapping as a project file gives it) validated as this class."""
        from hrdd_docs import project_validator

        made: Self = project_validator.validator_for(cls).validate_python(data)
        return made

    @classmethod
    def model_construct(cls, **values: Any) -> Self:
        """An instance holding ``values`` and the defaults of the other fields, unchecked."""
        given = {name: values[name] if name in values else copy.deepcopy(field.default)
                 for name, field in cls.model_fields.items()
                 if name in values or not field.is_required()}  # each its own default
        return _made(cls, given, {name for name in values if name in cls.model_fields})

    @property
    def model_fields_set(self) -> set[str]:
        """The fields given (rather than left to their defaults)."""
        return self.__pydantic_fields_set__

    def model_copy(self, *, update: dict[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy (shallow, or ``deep``) with the fields in ``update`` replaced."""
        values = copy.deepcopy(self.__dict__) if deep else dict(self.__dict__)
        values.update(update or {})
        return _made(type(self), values, self.__pydantic_fields_set__ | set(update or {}))

    def model_dump(self, **options: Any) -> Any:
        """The values as plain data (pydantic-core's serializer, e.g. ``mode="json"``)."""
        from hrdd_docs import project_validator

        return project_validator.serializer_for(type(self)).to_python(self, **options)

    @classmethod
    def model_json_schema(cls) -> dict[str, Any]:
        """The JSON Schema of this class, as pydantic writes it (without the fields'
        descriptions: :func:`hrdd_docs.model_schema.json_schema` adds them)."""
        from hrdd_docs import model_schema

        return model_schema.section_json_schema(cls)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self.__dict__ == other.__dict__

    __hash__ = None  # type: ignore[assignment]  # mutable, as a pydantic model

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name, value in self.__dict__.items())
        return f"{type(self).__name__}({shown})"

    def __copy__(self) -> Self:
        return self.model_copy()

    def __deepcopy__(self, memo: dict[int, Any]) -> Self:
        made = _made(type(self), {}, set(self.__pydantic_fields_set__))
        memo[id(self)] = made
        made.__dict__.update(copy.deepcopy(self.__dict__, memo))
        return made

    def __reduce__(self) -> Any:
        return (_made, (type(self), self.__dict__, set(self.__pydantic_fields_set__)))


def _made(cls: type[R], values: dict[str, Any], given: set[str]) -> R:
    """An instance of ``cls`` holding ``values``, ``given`` the fields set, unchecked
    (as pydantic-core makes one, and as a record is unpickled)."""
    made = object.__new__(cls)
    made.__dict__.update(values)
    made.__pydantic_fields_set__ = given
    made.__pydantic_extra__ = None
    made.__pydantic_private__ = None
    return made
