"""The reasoning of the assessment as data: each reason a key, its values, and its text.

``hrdd assess``, ``hrdd explain`` and the IRA workbook's computed sheets say why: the
questions and answers of Action 1, the facts of each precondition (Action 2), what blocks
the agreements, why each clause was chosen. Every such sentence is an entry of
``templates/reasons/text/<language>.yaml``; the code that decides builds a
:class:`Reason` with the entry's key and the values it names, once, where it decides::

    reason("trigger.risk_level", risk=risk.id, level=Term(risk.level), ...)

A :class:`Reason` is a ``str``: its text is the English entry completed with the values
in English, so ``hrdd assess`` prints what it printed before and every check of an
English text holds. :func:`say` writes the same reason in French or Spanish from the
same key, with each value in that language too: a vocabulary word (:class:`Term`) by the
workbook's labels, a list (:class:`Listed`) by that language's conjunctions, a reason
inside a reason by its own entry, a project value by :func:`~hrdd_docs.localized.as_written`
(the reasons are printed only in internal documents and on the command line).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from functools import cache
from typing import Any

from hrdd_docs import catalog
from hrdd_docs.vocabulary import Element, Rating, Vocabulary

KIND = "reasons"
"""The catalog: ``templates/reasons/text/{en,fr,es}.yaml``."""

_LISTS = {
    "RecipientCategory": "RecipientCategories", "SupportKind": "SupportKinds",
    "StateRelation": "StateRelations", "DeathPenaltyStatus": "DeathPenaltyStatuses",
    "AffectedGroup": "AffectedGroups", "GraveViolation": "GraveViolations",
    "EventKind": "EventKinds", "Branding": "Brandings",
}
"""Vocabulary → the workbook's list whose meanings name its values in running text."""


class Term(str):
    """A vocabulary word inside a reason: its English label (or ``text``, e.g. the code a
    clause file writes), and in French or Spanish the word the workbook's lists give it."""

    member: Vocabulary

    def __new__(cls, member: Vocabulary, text: str | None = None) -> Term:
        value = super().__new__(cls, member.label if text is None else text)
        value.member = member
        return value

    def __reduce__(self) -> tuple[Any, ...]:
        return (Term, (self.member, str(self)))

    def in_language(self, language: str) -> str:
        if language == "en":
            return str(self)
        member = self.member
        if isinstance(member, Rating):
            return catalog.text(KIND, f"rating.{member.value}", language)
        if isinstance(member, Element):
            return catalog.text("common", f"element.{member.value}", language)
        from hrdd_docs.render.workbook_text import words

        return words(language).meaning(_LISTS[type(member).__name__], member.value)


class Listed(str):
    """Several values in one reason: joined by ``conjunction`` ("and", "or") as a sentence
    lists them, or by ``separator`` (labels that hold commas are separated by "; ")."""

    items: tuple[Any, ...]
    conjunction: str
    separator: str | None

    def __new__(cls, items: Sequence[Any], conjunction: str = "and",
                separator: str | None = None) -> Listed:
        from hrdd_docs.wording import join_words

        texts = [str(i) for i in items]
        joined = separator.join(texts) if separator is not None else join_words(
            texts, conjunction)
        value = super().__new__(cls, joined)
        value.items, value.conjunction, value.separator = tuple(items), conjunction, separator
        return value

    def __reduce__(self) -> tuple[Any, ...]:
        return (Listed, (self.items, self.conjunction, self.separator))

    def in_language(self, language: str) -> str:
        from hrdd_docs.wording import join_words

        if language == "en":
            return str(self)
        texts = [localize(i, language) for i in self.items]
        if self.separator is None:
            conjunction = "or" if self.conjunction == "or" else "and"
            return join_words(texts, conjunction, language)
        separator = self.separator
        if language == "fr" and separator.startswith(";"):
            separator = "\u00a0" + separator  # French sets a no-break space before ";"
        return separator.join(texts)


class Day(str):
    """A date inside a reason: ``2026-12-01`` in English, as ``hrdd assess`` writes dates;
    "1er décembre 2026", "1 de diciembre de 2026" in French and Spanish."""

    day: date

    def __new__(cls, day: date) -> Day:
        value = super().__new__(cls, day.isoformat())
        value.day = day
        return value

    def __reduce__(self) -> tuple[Any, ...]:
        return (Day, (self.day,))

    def in_language(self, language: str) -> str:
        from hrdd_docs.wording import long_date

        return str(self) if language == "en" else long_date(self.day, language)


class Reason(str):
    """A sentence of the assessment's reasoning: the English text, with its catalog
    ``key`` and the ``values`` that complete it, for :func:`say` in other languages."""

    key: str
    values: dict[str, Any]

    def __new__(cls, key: str, values: dict[str, Any], text: str | None = None) -> Reason:
        value = super().__new__(cls, _fill(key, "en", values) if text is None else text)
        value.key, value.values = key, values
        return value

    def __reduce__(self) -> tuple[Any, ...]:
        return (Reason, (self.key, self.values, str(self)))


def reason(key: str, **values: Any) -> Reason:
    """The reason ``key`` of the catalog, completed with ``values`` (in English as its
    text; :func:`say` gives it in another language)."""
    return Reason(key, values)


def say(text: str, language: str) -> str:
    """``text`` in ``language``: a :class:`Reason` from its catalog entry in that language,
    a :class:`Term` or :class:`Listed` in its words, anything else as it is."""
    if language == "en":
        return str(text)
    if isinstance(text, Term | Listed | Day):
        return text.in_language(language)
    if not isinstance(text, Reason):
        return str(text)
    return _fill(text.key, language, {k: localize(v, language)
                                      for k, v in text.values.items()})


def localize(value: Any, language: str) -> Any:
    """A value of a reason in ``language`` (a number stays a number, for the entries
    that choose a wording by it)."""
    if isinstance(value, Reason):
        return say(value, language)
    if isinstance(value, Term | Listed | Day):
        return value.in_language(language)
    if not isinstance(value, str) or language == "en":
        return value
    from hrdd_docs.localized import as_written

    return as_written(value, language)


def rule(text: str, language: str) -> str:
    """A rule of the Toolkit ("Action 2(b)") with the word for "Action" in ``language``."""
    if language == "en" or not text.startswith("Action"):
        return text
    return catalog.text(KIND, "rule.action", language) + text.removeprefix("Action")


def checked(language: str) -> None:
    """Refuse a reasons catalog that is missing a key, stale or malformed before a build
    (its workbook) or ``hrdd explain`` in ``language`` uses it: an
    :class:`~hrdd_docs.errors.InputError` (exit 2) naming each key and the fix."""
    from hrdd_docs.errors import InputError, Problem

    try:
        catalog.entries(KIND, language)  # read once per process, then cached
    except catalog.CatalogError:
        name = f"templates/{KIND}/text/{language}.yaml"
        raise InputError([Problem(name, 0, 0, "", problem)
                          for problem in catalog.problems(KIND, language)]) from None


_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


@cache
def _parts(source: str) -> tuple[str, ...] | None:
    """A text whose only markup is ``{{ name }}``, split as text, name, text, …; None when
    it holds Jinja logic (``{% if %}``, a filter), which the sandbox renders."""
    parts = tuple(_PLACEHOLDER.split(source))
    if any("{{" in p or "{%" in p or "{#" in p for p in parts[::2]):
        return None
    return parts


def _fill(key: str, language: str, values: dict[str, Any]) -> str:
    source = catalog.text(KIND, key, language)
    parts = _parts(source)
    if parts is None:
        return catalog.sentence(KIND, key, language, **values)
    out = []
    for n, part in enumerate(parts):
        out.append(str(values[part]) if n % 2 else part)
    return "".join(out)
