"""Clause translations: the ``translations:`` block of a clause file, and whether a
clause can be printed in a language (clauses/README.md, "Translations")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hrdd_docs import yamlsource
from hrdd_docs.errors import Problem


@dataclass(frozen=True)
class Translation:
    """A clause's title, text and citation of the Toolkit in another language
    (``translations:`` in its file)."""

    language: str
    title: str
    text: str  # Jinja source, the same variables as the English text
    from_version: str  # the clause's ``version`` this translation was made from
    text_line: int = 0  # line of the file where the text's first line is
    version_line: int = 0  # line of ``from_version``
    source: str = ""  # the English ``source`` in this language; empty: not given
    line: int = 0  # line of the ``fr:`` / ``es:`` key that opens the translation


TRANSLATION_KEYS = ("title", "source", "from_version", "text")
"""The keys of a translation. ``source`` may be left out when the file is read, but a
translation without it prints in no document (:func:`translation_problem`)."""
REQUIRED_KEYS = ("title", "from_version", "text")
TRANSLATED = ("fr", "es")
"""The languages a clause may be translated into (its own text is English)."""


def text_line(located: yamlsource.Located, text: str, path: yamlsource.Path_) -> int:
    """The line of the file where the text at ``path`` begins (after ``|`` or ``>``)."""
    key_line = located.place(path)[0]
    raw_line = text.splitlines()[key_line - 1] if key_line else ""
    return key_line + 1 if raw_line.rstrip().endswith(("|", ">", "|-", ">-")) else key_line


def translations(value: Any, located: yamlsource.Located, text: str,
                  found: list[tuple[yamlsource.Path_, str]]) -> tuple[Translation, ...]:
    """Parse ``translations:``: ``{fr: {title, source, from_version, text}, es: {...}}``."""
    if value is None:
        return ()
    if not isinstance(value, dict):
        found.append((("translations",), "translations is a mapping of languages "
                      f"({', '.join(TRANSLATED)}), each with {', '.join(TRANSLATION_KEYS)}"))
        return ()
    parsed = []
    for language, block in value.items():
        path: yamlsource.Path_ = ("translations", language)
        if language not in TRANSLATED:
            found.append((path, f"unknown language {language!r}; a clause is translated into "
                          f"{' or '.join(TRANSLATED)} (its own text is English)"))
            continue
        if not isinstance(block, dict):
            found.append((path, f"the {language} translation is a mapping of "
                          f"{', '.join(TRANSLATION_KEYS)}"))
            continue
        problems = [((*path, key), f"unknown key {key!r}; a translation has "
                     f"{', '.join(TRANSLATION_KEYS)}") for key in block
                    if key not in TRANSLATION_KEYS]
        problems += [((*path, key), f"required key {key!r} is missing or empty; add it"
                      + (" (the clause's version the translation was made from)"
                         if key == "from_version" else ""))
                     for key in REQUIRED_KEYS if not block.get(key)]
        if "source" in block and not block["source"]:
            problems.append(((*path, "source"), "source is empty; write the clause's "
                             f"citation of the Toolkit in {language}, as the English "
                             "source: gives it"))
        if problems:
            found += problems
            continue
        parsed.append(Translation(
            language=language, title=str(block["title"]), text=str(block["text"]),
            from_version=str(block["from_version"]),
            text_line=text_line(located, text, (*path, "text")),
            version_line=located.place((*path, "from_version"))[0],
            source=str(block.get("source") or ""), line=located.place(path)[0]))
    return tuple(parsed)


def translation_problem(clause: Any, language: str,
                        document: str | None = None) -> Problem | None:
    """Why ``clause`` cannot be printed in a ``language`` document, with the fix; None
    when its translation is current. Never an English paragraph in a French agreement."""
    from hrdd_docs.clauses import DOCUMENT_NAMES
    from hrdd_docs.wording import LANGUAGE_NAMES

    state = clause.translation_state(language)
    name = LANGUAGE_NAMES[language]
    if state == "missing":
        return Problem(clause.file, 1, 1, f"translations.{language}", (
            f"clause {clause.id!r} has no {name} text, "
            + (f"and the {DOCUMENT_NAMES[document]} in {name} carries it"
               if document else f"so no {name} document can carry it")
            + f"; add translations: {language}: with title, source, text and "
            f'from_version: "{clause.version}" to its file (clauses/README.md), or build in '
            "another language"))
    if state == "stale":
        found = clause.translation(language)
        assert found is not None
        return Problem(clause.file, found.version_line, 1 if found.version_line else 0,
                       f"translations.{language}.from_version", (
                           f"clause {clause.id!r}: the {name} text was made from version "
                           f"{found.from_version}, but the English text is now version "
                           f"{clause.version}; bring the {name} text up to date with the "
                           f'English and set from_version: "{clause.version}"'))
    found = clause.translation(language)
    if found is not None and not found.source:
        return source_problem(clause, found)
    return None


def source_problem(clause: Any, translation: Translation) -> Problem:
    """A translation without ``source``: the IRA workbook would cite the Toolkit in
    English in a French or Spanish sheet, so it prints in no document."""
    from hrdd_docs.wording import LANGUAGE_NAMES

    name = LANGUAGE_NAMES[translation.language]
    return Problem(clause.file, translation.line, 1 if translation.line else 0,
                   f"translations.{translation.language}.source", (
                       f"clause {clause.id!r} has a {name} text but no {name} source; add "
                       f"source: under translations: {translation.language}: with the "
                       f"citation of the Toolkit in {name} (the English source: is "
                       f"{clause.source!r}), which the IRA workbook prints "
                       "(clauses/README.md)"))


def source_in(clause: Any, language: str) -> str:
    """The clause's citation of the Toolkit in ``language``: its ``source``, or the
    translation's. English only where the clause has no translation in ``language``,
    which no build prints (:func:`translation_problem`)."""
    found: Translation | None = clause.translation(language) if language != "en" else None
    return found.source if found is not None and found.source else str(clause.source)


# --------------------------------------------------------------------------- rendering
