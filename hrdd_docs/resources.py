"""Find the packaged data (templates, clauses, examples) through importlib.resources.

The folders sit at the top of the repository for review and ship in the wheel as the
sub-packages ``hrdd_docs.templates``, ``hrdd_docs.clause_library`` and ``hrdd_docs.examples``
(see ``pyproject.toml``), so the same lookup works from a checkout, an editable install
and a wheel.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable

_PACKAGES = {
    "templates": "hrdd_docs.templates",
    "clauses": "hrdd_docs.clause_library",
    "examples": "hrdd_docs.examples",
}


def folder(kind: str, *parts: str) -> Traversable:
    """Return a packaged folder or file: ``folder("templates", "mou")``."""
    node = resources.files(_PACKAGES[kind])
    for part in parts:
        node = node / part
    return node


def read_text(kind: str, *parts: str) -> str:
    """Return the UTF-8 text of a packaged file."""
    return folder(kind, *parts).read_text(encoding="utf-8")


def read_bytes(kind: str, *parts: str) -> bytes:
    """Return the bytes of a packaged file."""
    return folder(kind, *parts).read_bytes()
