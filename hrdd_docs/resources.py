"""Find the packaged data (templates, clauses, examples).

The folders sit at the top of the repository for review and ship in the wheel as the
sub-packages ``hrdd_docs.templates``, ``hrdd_docs.clause_library`` and ``hrdd_docs.examples``
(see ``pyproject.toml``), so the same lookup works from a checkout, an editable install
and a wheel. A sub-package that is a folder on disk (every one of those) is used as
that folder; anything else (a zip on the path) goes through :mod:`importlib.resources`,
whose import alone (tempfile, shutil, zipfile) costs every command about 7 ms.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

_PACKAGES = {
    "templates": "hrdd_docs.templates",
    "clauses": "hrdd_docs.clause_library",
    "examples": "hrdd_docs.examples",
    "package": "hrdd_docs",  # data files of the code itself (weapon_words.yaml)
}


def folder(kind: str, *parts: str) -> Traversable:
    """Return a packaged folder or file: ``folder("templates", "mou")``."""
    node = _root(_PACKAGES[kind])
    for part in parts:
        node = node / part
    return node


def read_text(kind: str, *parts: str) -> str:
    """Return the UTF-8 text of a packaged file."""
    return folder(kind, *parts).read_text(encoding="utf-8")


def read_bytes(kind: str, *parts: str) -> bytes:
    """Return the bytes of a packaged file."""
    return folder(kind, *parts).read_bytes()


@cache
def _root(package: str) -> Traversable:
    spec = importlib.util.find_spec(package)
    places = list(spec.submodule_search_locations or []) if spec is not None else []
    if len(places) == 1 and Path(places[0]).is_dir():
        return Path(places[0])
    from importlib import resources

    return resources.files(package)
