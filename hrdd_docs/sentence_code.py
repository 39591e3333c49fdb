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

import hashlib
import sys
from importlib.util import MAGIC_NUMBER
from pathlib import Path
from types import CodeType
from typing import Any

from hrdd_docs import cache


def _name() -> str:
    import jinja2

    from hrdd_docs import environment

    return cache.key(MAGIC_NUMBER, sys.version, jinja2.__version__, "xml=False",
                     Path(environment.__file__).read_bytes(), Path(__file__).read_bytes())


TABLE = cache.Table("sentences", _name, lambda _, code: isinstance(code, CodeType))
"""The compiled code of each sentence, by the sha256 of its text."""
save = TABLE.save


def template(source: str) -> Any:
    """``make_environment(xml=False).from_string(source)``, the compiled code kept by
    content; raise Jinja's error when ``source`` does not compile."""
    from hrdd_docs.environment import make_environment

    env = make_environment(xml=False)
    digest = hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()
    code = TABLE.entries().get(digest)
    if code is None:
        code = env.compile(source)
        TABLE.put(digest, code)
    return env.template_class.from_code(env, code, env.make_globals(None))
