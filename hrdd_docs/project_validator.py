"""The validator of a project definition, built from a cached schema when it can be (issue 16).

Building the project's validator is mostly pydantic turning the 30 model classes into
one *core schema* (about 30 ms, on every ``hrdd validate``, ``assess`` and ``build``);
pydantic-core then compiles that schema into the validator in 2 or 3 ms. The schema
depends only on the toolkit's code and the versions of Python and pydantic, so it is
kept in the toolkit's cache (:mod:`hrdd_docs.cache`) and the validator is compiled from
it on the next run. The validator is the one pydantic would build: the same schema,
the same configuration, pydantic's plugins applied as pydantic applies them (when no
installed package can declare one, :func:`no_plugins`, the plain validator pydantic
would build then, without importing :mod:`importlib.metadata`); the only
thing left out of the cached schema is its ``metadata``, which pydantic-core never reads
(pydantic keeps there how to write the JSON Schema, for ``hrdd schema``, which builds
the model the ordinary way).

The key is the sha256 of every module of the package (``hrdd_docs/*.py``), the Python
version and pydantic's, so a changed model, vocabulary or version makes a new entry.
The entry is a pickle, read only after the cache has checked its sha256, and read
with an unpickler that builds only objects of the toolkit, of pydantic and of a few
standard-library modules (the functions and classes the schema names): the same trust
as the compiled template code the cache already holds. Anything wrong with the entry
(absent, corrupt, from another version, refused by the unpickler or by pydantic-core)
and the model is built the ordinary way, as if there were no cache.
"""

from __future__ import annotations

import contextlib
import io
import pickle
import re
import sys
import types
from functools import cache
from pathlib import Path
from typing import Any

from hrdd_docs import cache as store

KIND = "project-schema"

_ALLOWED = ("hrdd_docs.", "pydantic.", "pydantic_core.", "decimal", "datetime", "re",
            "enum", "builtins", "copyreg", "functools", "collections", "typing")
"""Modules whose objects a cached schema may name: the model's own classes and
validators, pydantic's validators, the types of their constraints."""


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if not any(module == m.rstrip(".") or module.startswith(m) for m in _ALLOWED):
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a schema")
        if module == "builtins" and name not in {"set", "frozenset", "slice", "complex"}:
            raise pickle.UnpicklingError(f"builtins.{name} is not part of a schema")
        return super().find_class(module, name)


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        # A model's validator is a method bound to its class, which pickle writes as
        # builtins.getattr(class, name): written as _method instead, which looks up
        # nothing but a model's own validators.
        if isinstance(obj, types.MethodType) and isinstance(obj.__self__, type):
            return _method, (obj.__self__, obj.__func__.__name__)
        return NotImplemented


def _method(cls: type, name: str) -> Any:
    """``cls.name``, for a validator method of one of the toolkit's models."""
    from pydantic import BaseModel

    if not (issubclass(cls, BaseModel) and cls.__module__.startswith("hrdd_docs.")
            and not name.startswith("__")):
        raise pickle.UnpicklingError(f"{cls.__name__}.{name} is not a validator of a model")
    return getattr(cls, name)


def key() -> str:
    """The cache key of the project's schema."""
    import pydantic
    import pydantic_core

    sources = sorted(Path(__file__).parent.glob("*.py"))
    return store.key(sys.version, pydantic.VERSION, pydantic_core.__version__,
                     str(pickle.HIGHEST_PROTOCOL),
                     *(part for path in sources for part in (path.name, path.read_bytes())))


def _without_metadata(schema: Any) -> Any:
    """A copy of a core schema without its ``metadata`` entries (JSON Schema hints)."""
    if isinstance(schema, dict):
        return {k: _without_metadata(v) for k, v in schema.items() if k != "metadata"}
    if isinstance(schema, list):
        return [_without_metadata(v) for v in schema]
    return schema


def _config() -> tuple[Any, Any]:
    """The core configuration and plugin settings pydantic gives the project's validator."""
    from pydantic._internal._config import ConfigWrapper

    from hrdd_docs.model import Project

    wrapper = ConfigWrapper(Project.model_config, check=False)
    return wrapper.core_config(title=Project.__name__), wrapper.plugin_settings


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


def _compile(schema: Any) -> Any:
    """The validator pydantic builds from ``schema`` for :class:`Project`."""
    from hrdd_docs.model import Project

    core_config, plugin_settings = _config()
    if no_plugins():
        from pydantic_core import SchemaValidator

        return SchemaValidator(schema, core_config)  # what pydantic builds without plugins
    from pydantic.plugin._schema_validator import create_schema_validator

    return create_schema_validator(schema, Project, Project.__module__, Project.__qualname__,
                                   "BaseModel", core_config, plugin_settings)


@cache
def validator() -> Any:
    """The validator of :class:`~hrdd_docs.model.Project`: ``validator().validate_python``
    is ``Project.model_validate``."""
    from hrdd_docs.model import Project

    name = key()
    payload = store.load(KIND, name)
    if payload is not None:
        # Any bad entry (refused, not a schema, refused by pydantic-core): build the model
        # as without a cache.
        with contextlib.suppress(Exception):
            return _compile(_Unpickler(io.BytesIO(payload)).load())
    Project.model_rebuild()
    try:
        out = io.BytesIO()
        _Pickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(
            _without_metadata(Project.__pydantic_core_schema__))
    except (pickle.PicklingError, TypeError, AttributeError):
        return Project.__pydantic_validator__  # a schema naming a closure: not cached
    store.store(KIND, name, out.getvalue())
    return Project.__pydantic_validator__
