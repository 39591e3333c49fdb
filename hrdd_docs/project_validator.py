"""The validator of a project definition, compiled from a cached schema (issue 16).

pydantic turns the model's sections (:mod:`hrdd_docs.model_schema`) into one *core
schema*, each section naming its :class:`~hrdd_docs.records.Record` class; pydantic-core
compiles that schema into the validator in 2 or 3 ms. Making the schema means importing
pydantic and building a model per section (about 200 ms); the schema depends only on
the toolkit's code and the versions of Python, pydantic and pydantic-core, so it is kept
in the toolkit's cache (:mod:`hrdd_docs.cache`) and the next run compiles the validator
from it without importing pydantic. The validator is the one pydantic would build from
that schema: the same configuration, pydantic's plugins applied as pydantic applies them
(when no installed package can declare one, :func:`no_plugins`, the plain validator
pydantic would build then, without importing :mod:`importlib.metadata`).

The key is the sha256 of every module of the package (``hrdd_docs/*.py``), the Python
version, pydantic's (its ``version.py``, read without importing it) and pydantic-core's,
so a changed model, vocabulary or version makes a new entry. The entry is a pickle, read
only after the cache has checked its sha256, and read with an unpickler that builds only
objects of the toolkit, of pydantic-core and of a few standard-library modules (the
record classes, functions and constants the schema names): the same trust as the
compiled template code the cache already holds. Anything wrong with the entry (absent,
corrupt, from another version, refused by the unpickler or by pydantic-core) and the
schema is made again, as if there were no cache.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import pickle
import re
import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hrdd_docs import cache as store

if TYPE_CHECKING:
    from pydantic_core import SchemaSerializer, SchemaValidator

    from hrdd_docs.records import Record

KIND = "project-schema"

_ALLOWED = ("hrdd_docs.", "pydantic_core.", "decimal", "datetime", "re", "enum", "builtins",
            "copyreg", "functools", "collections", "typing")
"""Modules whose objects a cached schema may name: the model's record classes, their
validators and defaults, pydantic-core's types, the types of their constraints."""


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if not any(module == m.rstrip(".") or module.startswith(m) for m in _ALLOWED):
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a schema")
        if module == "builtins" and name not in {"set", "frozenset", "slice", "complex"}:
            raise pickle.UnpicklingError(f"builtins.{name} is not part of a schema")
        return super().find_class(module, name)


def key() -> str:
    """The cache key of the project's schema."""
    import pydantic_core

    spec = importlib.util.find_spec("pydantic")
    origin = spec.origin if spec is not None else None
    version = (Path(origin).with_name("version.py").read_bytes()
               if origin is not None else b"no pydantic")
    sources = sorted(Path(__file__).parent.glob("*.py"))
    return store.key(sys.version, version.decode("utf-8", "replace"),
                     pydantic_core.__version__, str(pickle.HIGHEST_PROTOCOL),
                     *(part for path in sources for part in (path.name, path.read_bytes())))


def no_plugins() -> bool:
    """Whether no installed distribution can declare a pydantic plugin.

    pydantic looks for plugins (entry points of the ``pydantic`` group) with
    :mod:`importlib.metadata`, whose import alone costs about 30 ms; with none installed
    it builds a plain ``SchemaValidator``. This looks where ``importlib.metadata`` looks
    (every ``*.dist-info``, ``*.egg-info`` and ``*.egg`` folder on ``sys.path``) for an
    ``entry_points.txt`` with a ``[pydantic]`` section. Anything it cannot read as a
    folder (a zip on the path, another finder of distributions, an unreadable file)
    counts as a possible plugin, and pydantic then looks itself.
    """
    import os

    if any(hasattr(finder, "find_distributions")
           and finder.__module__ != "_frozen_importlib_external" for finder in sys.meta_path):
        return False
    for entry in sys.path:
        root = entry or "."
        if not os.path.isdir(root):
            if os.path.exists(root):
                return False  # a zip or egg file on the path
            continue
        try:
            names = os.listdir(root)
        except OSError:
            return False
        for name in names:
            low = name.lower()
            if not low.endswith((".dist-info", ".egg-info", ".egg")):
                continue
            folder = os.path.join(root, name)
            if not os.path.isdir(folder):
                if low.endswith(".egg"):
                    return False  # a zipped egg
                continue
            for inner in ("entry_points.txt", os.path.join("EGG-INFO", "entry_points.txt")):
                path = os.path.join(folder, inner)
                try:
                    with open(path, encoding="utf-8", errors="replace") as stream:
                        if _PYDANTIC_GROUP.search(stream.read()):
                            return False
                except FileNotFoundError:
                    continue
                except OSError:
                    return False
    return True


_PYDANTIC_GROUP = re.compile(r"^\s*\[\s*pydantic\s*\]", re.MULTILINE | re.IGNORECASE)


def _compile(schema: Any, config: Any) -> Any:
    """The validator pydantic builds from ``schema`` for the project."""
    if no_plugins():
        from pydantic_core import SchemaValidator

        return SchemaValidator(schema, config)  # what pydantic builds without plugins
    from pydantic.plugin._schema_validator import create_schema_validator

    from hrdd_docs import model_schema

    return create_schema_validator(schema, model_schema.declared(_project()),
                                   "hrdd_docs.model", "Project", "BaseModel", config,
                                   model_schema.plugin_settings())


def _project() -> type[Record]:
    from hrdd_docs.model import Project

    return Project


@cache
def _schema() -> tuple[Any, Any]:
    """The project's core schema and configuration: from the cache, or made and kept."""
    payload = store.load(KIND, key())
    if payload is not None:
        # Any bad entry (refused, not a schema): made again, as without a cache.
        with contextlib.suppress(Exception):
            schema, config = _Unpickler(io.BytesIO(payload)).load()
            if isinstance(schema, dict) and isinstance(config, dict):
                return schema, config
    return _made()


def _made() -> tuple[Any, Any]:
    """The project's core schema and configuration made from the model, and kept."""
    from hrdd_docs import model_schema

    made = model_schema.compiled(_project())
    out = io.BytesIO()
    pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(made)
    store.store(KIND, key(), out.getvalue())
    return made


@cache
def validator() -> Any:
    """The validator of :class:`~hrdd_docs.model.Project`: ``validator().validate_python``
    is ``Project.model_validate``."""
    try:
        return _compile(*_schema())
    except Exception:  # an entry pydantic-core refuses: made again, and kept over it
        _schema.cache_clear()
        return _compile(*_made())


def validator_for(record: type[Record]) -> SchemaValidator:
    """The validator of one section (the project's is :func:`validator`)."""
    return validator() if record is _project() else _section_validator(record.__name__)


def serializer_for(record: type[Record]) -> SchemaSerializer:
    """What writes a section back as plain data (``Record.model_dump``)."""
    return _serializer(record.__name__)


@cache
def _section_validator(name: str) -> SchemaValidator:
    from pydantic_core import SchemaValidator

    from hrdd_docs import model, model_schema

    return SchemaValidator(*model_schema.compiled(getattr(model, name)))


@cache
def _serializer(name: str) -> SchemaSerializer:
    from pydantic_core import SchemaSerializer

    from hrdd_docs import model, model_schema

    if name == "Project":
        return SchemaSerializer(*_schema())
    return SchemaSerializer(*model_schema.compiled(getattr(model, name)))
