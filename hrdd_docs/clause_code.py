"""What checking and compiling a clause text yields, kept by the text's content (issue 16).

Reading the clause library checks every text (and every translation) by parsing it and
listing the variables it uses; rendering compiles the texts an agreement selects. Both
depend only on the text and on the toolkit's Jinja environment, so both are kept here,
keyed by the sha256 of the text, for the process and, between processes, in one entry
of the user's cache folder (:mod:`hrdd_docs.cache`: checked by its hash, ignored when
unreadable, written atomically, safe to delete). A text that does not parse is never
kept: it raises every time, with Jinja's own error.

The compiled code runs in a new environment of :func:`hrdd_docs.environment.make_environment`
each time, so the sandbox and the limits apply to it as to code compiled now.
"""

from __future__ import annotations

import hashlib
import sys
from importlib.util import MAGIC_NUMBER
from pathlib import Path
from types import CodeType
from typing import Any

from hrdd_docs import cache

Entry = tuple[tuple[str, ...], CodeType | None]
"""(the variables the text uses, sorted; its compiled code once it was compiled)."""


def _name() -> str:
    import jinja2

    from hrdd_docs import environment

    return cache.key(MAGIC_NUMBER, sys.version, jinja2.__version__,
                     Path(environment.__file__).read_bytes(), Path(__file__).read_bytes())


def _valid(_: str, entry: Any) -> bool:
    return (isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[0], tuple)
            and all(isinstance(n, str) for n in entry[0])
            and (entry[1] is None or isinstance(entry[1], CodeType)))


TABLE = cache.Table("clauses", _name, _valid)
"""What checking and compiling each text yielded, by the sha256 of the text."""
save = TABLE.save


def _digest(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()


def variables(env: Any, source: str) -> set[str]:
    """The undeclared variables of ``source``, parsed by ``env`` (raises as Jinja does)."""
    from jinja2 import meta

    digest = _digest(source)
    entry = TABLE.entries().get(digest)
    if entry is None:
        names: set[str] = meta.find_undeclared_variables(env.parse(source))
        TABLE.put(digest, (tuple(sorted(names)), None))
        return names
    return set(entry[0])


def template(env: Any, source: str) -> Any:
    """``env.from_string(source)``, with the compiled code kept by content."""
    digest = _digest(source)
    entry = TABLE.entries().get(digest)
    if entry is None or entry[1] is None:
        code = env.compile(source)
        names = entry[0] if entry is not None else tuple(sorted(variables(env, source)))
        entry = (names, code)
        TABLE.put(digest, entry)
    return env.template_class.from_code(env, entry[1], env.make_globals(None))
