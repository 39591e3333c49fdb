"""The one Jinja environment of the toolkit: sandboxed, strict, refusing None.

Clause texts and document templates may come from a user's folder (``--library``), so
they are rendered in an :class:`~jinja2.sandbox.ImmutableSandboxedEnvironment`. An
undefined variable raises (``StrictUndefined``) and a ``None`` value raises too: an
agreement must never carry a blank or the word "None" where a value belongs.

Autoescaping depends on what is rendered: Word and Excel XML is escaped, so a value
holding ``&`` or ``<w:p>`` appears literally; plain clause text is not escaped here
because it is escaped once, when it is placed into a document.
"""

from __future__ import annotations

from typing import Any

from jinja2 import StrictUndefined, pass_context
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment


class NoneValueError(ValueError):
    """A template printed a value that is None."""


def _refuse_none(value: Any) -> Any:
    if value is None:
        raise NoneValueError(
            "a template printed a value that is empty (None); give the value in the "
            "project file, or write the template so it leaves the sentence out"
        )
    return value


def make_environment(*, xml: bool) -> ImmutableSandboxedEnvironment:
    """Return a new strict sandboxed environment; ``xml=True`` escapes every value.

    A new environment per use, because docxtpl sets attributes on the environment it
    is given; both kinds are built here and nowhere else.
    """
    env = ImmutableSandboxedEnvironment(
        undefined=StrictUndefined,
        autoescape=xml,
        finalize=_refuse_none,
        keep_trailing_newline=True,
    )
    env.filters["money"] = money
    env.filters["de"] = _de
    env.filters["a"] = _a
    return env


@pass_context
def _de(context: Context, value: Any) -> str:
    """``{{ party|de }}``: "du Donataire", "de la Autoridad" (:func:`hrdd_docs.terms.de`)."""
    from hrdd_docs import terms

    return terms.de(value, _language(context))


@pass_context
def _a(context: Context, value: Any) -> str:
    """``{{ party|a }}``: "au Donataire", "a la Autoridad" (:func:`hrdd_docs.terms.a`)."""
    from hrdd_docs import terms

    return terms.a(value, _language(context))


def _language(context: Context) -> str:
    """The document language, which every rendering context carries as ``language``."""
    language = context.get("language")
    if language not in ("en", "fr", "es"):
        raise ValueError("the de and a filters need the document language: the renderer "
                         "gives every text a 'language' of en, fr or es")
    return str(language)


def money(value: Any) -> str:
    """Format an amount with thousands separators and two decimals: ``6,400.00``."""
    return f"{value:,.2f}"
