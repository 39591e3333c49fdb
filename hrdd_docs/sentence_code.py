"""The compiled code of the catalogs' sentences, kept by the sentence's content (issue 16).

The documents' sentences (``templates/<kind>/text/<language>.yaml``, the workbook's
texts) are Jinja templates of the toolkit's one environment for plain text
(:func:`hrdd_docs.environment.make_environment` with ``xml=False``). A build compiles
forty or so of them, about a millisecond each, and the code depends only on the text and
on that environment, so it is kept here by the sha256 of the text: for the process, and
between processes in one entry of the user's cache folder (:mod:`hrdd_docs.cache`:
checked by its hash, ignored when unreadable, written atomically, safe to delete). The
entry's name covers the Python bytecode format, the Jinja2 version and the source of the
environment and of this module, so a change to any of them starts a new entry.

A text that does not compile is never kept: it raises every time, with Jinja's own error.
The code runs in a new environment each time, so the sandbox and the limits apply to it
as to code compiled now (they are calls the code makes to its environment).
"""

from __future__ import annotations

import atexit
import hashlib
import marshal
import sys
from importlib.util import MAGIC_NUMBER
from pathlib import Path
from types import CodeType
from typing import Any

from hrdd_docs import cache

_codes: dict[str, CodeType] | None = None
_changed = False
_name: str | None = None


def _key() -> str:
    global _name
    if _name is None:
        import jinja2

        from hrdd_docs import environment

        _name = cache.key(MAGIC_NUMBER, sys.version, jinja2.__version__, "xml=False",
                          Path(environment.__file__).read_bytes(), Path(__file__).read_bytes())
    return _name


def _all() -> dict[str, CodeType]:
    global _codes
    if _codes is None:
        _codes = {}
        payload = cache.load("sentences", _key())
        if payload is not None:
            try:
                loaded = marshal.loads(payload)  # noqa: S302 (our own entry, sha256 checked)
            except (ValueError, EOFError, TypeError):
                loaded = None
            if isinstance(loaded, dict) and all(
                    isinstance(k, str) and isinstance(v, CodeType) for k, v in loaded.items()):
                _codes = loaded
    return _codes


def save() -> None:
    """Write what this process compiled to the cache folder (at exit; safe to call again)."""
    global _changed
    if _changed and _codes is not None:
        cache.store("sentences", _key(), marshal.dumps(_codes))
        _changed = False


def template(source: str) -> Any:
    """``make_environment(xml=False).from_string(source)``, the compiled code kept by
    content; raise Jinja's error when ``source`` does not compile."""
    global _changed
    from hrdd_docs.environment import make_environment

    env = make_environment(xml=False)
    digest = hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()
    codes = _all()
    code = codes.get(digest)
    if code is None:
        code = codes[digest] = env.compile(source)
        if not _changed:
            _changed = True
            atexit.register(save)
    return env.template_class.from_code(env, code, env.make_globals(None))
