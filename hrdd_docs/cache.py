"""A small on-disk cache of work that depends only on the bytes of a file (issue 16).

What is cached is derived from a template's content, so it is keyed by content: the
caller hashes the template's bytes together with everything else the derived work
depends on (library versions, the Python bytecode format, the toolkit's own rendering
code), never by the template's name or path. The project model's core schema is kept
the same way, keyed by the toolkit's modules (:mod:`hrdd_docs.project_validator`). An
entry is only an accelerator:

* it is **never trusted without its hash**: each file carries the sha256 of its payload,
  and a file whose digest does not match (truncated, corrupted, half written by another
  program) is ignored;
* any problem with the cache (a folder that cannot be made, a file that cannot be read
  or written, a full disk) is ignored **silently**: the caller then does the work in
  memory, so the result is the same bytes, only slower;
* writes are atomic (a temporary file in the same folder, then a rename), so two builds
  at once never read half a file;
* the folder is safe to delete at any time.

Where it lives: ``$HRDD_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/hrdd_docs``, else
``~/.cache/hrdd_docs``. ``HRDD_CACHE=off`` (or ``0``, ``no``, ``false``) switches it off.
The entries hold compiled template code that the toolkit executes, with the same trust as
Python's own ``__pycache__``: the folder belongs to the user who runs the toolkit.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

_MAGIC = b"hrdd-cache-1\n"
_DIGEST = 32

_OFF = {"off", "0", "no", "false"}


def folder() -> Path | None:
    """The cache folder, or None when the cache is switched off."""
    if os.environ.get("HRDD_CACHE", "").strip().lower() in _OFF:
        return None
    explicit = os.environ.get("HRDD_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "hrdd_docs"


def key(*parts: bytes | str) -> str:
    """A content key: the sha256 of ``parts`` (each length-prefixed, so no two lists of
    parts give the same key)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def _path(kind: str, name: str) -> Path | None:
    root = folder()
    return None if root is None else root / kind / f"{name}.bin"


def load(kind: str, name: str) -> bytes | None:
    """The payload stored under ``kind``/``name``, or None (absent, unreadable, corrupt)."""
    path = _path(kind, name)
    if path is None:
        return None
    try:
        data = path.read_bytes()
    except (OSError, ValueError):
        return None
    head = len(_MAGIC) + _DIGEST
    if len(data) < head or not data.startswith(_MAGIC):
        return None
    payload = data[head:]
    if hashlib.sha256(payload).digest() != data[len(_MAGIC):head]:
        return None
    return payload


def store(kind: str, name: str, payload: bytes) -> None:
    """Store ``payload`` atomically; give up silently if the cache cannot be written."""
    path = _path(kind, name)
    if path is None:
        return
    import tempfile  # here: a warm command reads entries and writes none

    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(handle, "wb") as out:
            out.write(_MAGIC + hashlib.sha256(payload).digest() + payload)
        os.replace(temporary, path)
        temporary = None
    except (OSError, ValueError):
        pass
    finally:
        if temporary is not None:
            try:
                os.unlink(temporary)
            except OSError:
                pass


def _plain(value: object) -> bool:
    """Whether ``value`` is plain data as the YAML reader gives it: dicts, lists, strings."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    return isinstance(value, str)


def _marshalled(payload: bytes | None) -> Any:
    """``payload`` read as ``marshal`` data, or None when absent or not readable so."""
    import marshal

    if payload is None:
        return None
    try:
        return marshal.loads(payload)  # noqa: S302 (our own entry, sha256 checked)
    except (ValueError, EOFError, TypeError):
        return None


class Table:
    """A dict kept by content in one entry of ``kind``, as ``marshal`` data: the compiled
    code of the clause texts (:mod:`hrdd_docs.clause_code`) and of the catalogs'
    sentences (:mod:`hrdd_docs.sentence_code`).

    Read on first use; kept only when every item passes ``valid(key, value)``, else the
    table starts empty; written at exit once something was added (:meth:`save`).
    ``name()`` gives the entry's :func:`key`: everything the values depend on.
    """

    def __init__(self, kind: str, name: Callable[[], str],
                 valid: Callable[[Any, Any], bool]) -> None:
        self.kind, self._name, self._valid = kind, name, valid
        self._entries: dict[str, Any] | None = None
        self._changed = False
        self._key: str | None = None

    def _entry(self) -> str:
        if self._key is None:
            self._key = self._name()
        return self._key

    def entries(self) -> dict[str, Any]:
        """Every item known to this process (read from the folder on first use)."""
        if self._entries is None:
            loaded = _marshalled(load(self.kind, self._entry()))
            self._entries = loaded if isinstance(loaded, dict) and all(
                isinstance(k, str) and self._valid(k, v) for k, v in loaded.items()) else {}
        return self._entries

    def put(self, digest: str, value: Any) -> None:
        """Add an item; the table is written at exit."""
        import atexit

        self.entries()[digest] = value
        if not self._changed:
            self._changed = True
            atexit.register(self.save)

    def save(self) -> None:
        """Write what this process added to the folder (at exit; safe to call again)."""
        import marshal

        if self._changed and self._entries is not None:
            store(self.kind, self._entry(), marshal.dumps(self._entries))
            self._changed = False

    def forget(self) -> None:
        """Drop what this process knows, so the next use reads the folder again."""
        self._entries, self._changed = None, False


def plain(kind: str, make: Callable[[], dict[str, Any]], *parts: bytes | str) -> dict[str, Any]:
    """``make()``, a dict of dicts, lists and strings, kept under the :func:`key` of
    ``parts`` (everything it depends on) as ``marshal`` data.

    An entry is used only when its sha256 matches and it loads as such plain data;
    anything else (absent, corrupt, another shape) is made again and stored.
    """
    import marshal

    name = key(*parts)
    data = _marshalled(load(kind, name))
    if isinstance(data, dict) and _plain(data):
        return data
    made = make()
    store(kind, name, marshal.dumps(made))
    return made
