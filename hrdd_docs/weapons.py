"""Action 2(c) read from the descriptions: an item or activity that names a weapon.

The flags of ``preconditions.weapons`` say what the office believes; the descriptions
say what the deed schedules. A donated item or an activity whose description names a
weapon, ammunition, a weapon part or weapon storage, in English, French or Spanish,
fails precondition (c) until the project states why it is not one (``not_a_weapon``).

The words are data, in ``hrdd_docs/weapon_words.yaml`` (how they match is explained at
the top of that file), so a reviewer can add one in a diff without reading Python.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from hrdd_docs import resources
from hrdd_docs.model import Project
from hrdd_docs.yamlsource import Path_

WORDS_FILE = "weapon_words.yaml"


@dataclass(frozen=True)
class Match:
    """A word of the list found in a description."""

    kind: str
    """``weapon``, ``ammunition``, ``weapon part`` or ``weapon storage``."""
    word: str
    """The entry of the list, as written there (``munición``)."""


@dataclass(frozen=True)
class Named:
    """An item or activity whose description names a weapon, and where to say it is not."""

    what: str
    """``item 'Rifle, 5.56 mm' of activity 'kit'`` or ``activity 'range'``."""
    match: Match
    path: Path_
    """Where the ``not_a_weapon`` statement goes."""


def normalise(text: str) -> str:
    """Lower case, accents dropped, typographic apostrophes straightened."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'").replace("‘", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _words_of(entry: str) -> tuple[str, ...]:
    """The words of a list entry, normalised: each must appear in a text it matches."""
    return tuple(w for w in re.split(r"[\s\-]+", normalise(entry).strip()) if w)


@cache
def _compiled(words: tuple[str, ...]) -> re.Pattern[str]:
    # Each word may take -s or -es: "pistolas de calor" is a plural of "pistola de calor".
    return re.compile(r"(?<!\w)" + r"[\s\-]+".join(re.escape(w) + r"(?:e?s)?" for w in words)
                      + r"(?!\w)")


def _hits(words: tuple[str, ...], plain: str) -> Iterator[re.Match[str]]:
    """The matches of one entry in normalised text.

    An entry's pattern holds each of its words literally, so an entry whose words are
    not all in the text cannot match: its pattern is not even compiled. Compiling the
    list's 180 patterns on every run cost more than the rest of ``hrdd assess``'s checks.
    """
    if all(w in plain for w in words):
        yield from _compiled(words).finditer(plain)


@cache
def _lists() -> tuple[tuple[tuple[str, str, tuple[str, ...]], ...], tuple[tuple[str, ...], ...]]:
    """((kind, word, its words), ...) and the words of the phrases that cancel a match."""
    from hrdd_docs import catalog

    data = catalog.parsed(resources.read_text("package", WORDS_FILE), f"hrdd_docs/{WORDS_FILE}",
                          "the weapon words are a mapping of kinds: and not_weapons:")
    words = tuple((str(kind), str(word), _words_of(str(word)))
                  for kind, languages in data["kinds"].items()
                  for entries in languages.values() for word in entries)
    exceptions = tuple(_words_of(str(phrase))
                       for phrases in data["not_weapons"].values() for phrase in phrases)
    return words, exceptions


def words() -> list[tuple[str, str]]:
    """Every (kind, word) of the list, in file order."""
    return [(kind, word) for kind, word, _ in _lists()[0]]


# Kept per text: a build asks the assessment seven times (the documents, the procedure
# sheet, the workbook), and a deed's schedule can list 20,000 items (issue 16).
@lru_cache(maxsize=65_536)
def find(text: str) -> Match | None:
    """The first word of the list that ``text`` uses outside a cancelling phrase."""
    entries, exceptions = _lists()
    plain = normalise(text)
    cancelled = [m.span() for phrase in exceptions for m in _hits(phrase, plain)]
    found: list[tuple[int, Match]] = []
    for kind, word, parts in entries:
        for hit in _hits(parts, plain):
            start, end = hit.span()
            if not any(a <= start and end <= b for a, b in cancelled):
                found.append((start, Match(kind, word)))
                break
    return min(found, key=lambda pair: pair[0])[1] if found else None


def named(project: Project) -> list[Named]:
    """Items and activities that name a weapon and carry no ``not_a_weapon`` statement."""
    out: list[Named] = []
    for a, activity in enumerate(project.activities):
        if activity.not_a_weapon is None:
            hit = find(activity.description)
            if hit:
                out.append(Named(f"activity '{activity.id}'", hit,
                                 ("activities", a, "not_a_weapon")))
        for i, item in enumerate(activity.items):
            if item.not_a_weapon is None:
                hit = find(item.description)
                if hit:
                    out.append(Named(f"item '{item.description}' of activity '{activity.id}'",
                                     hit, ("activities", a, "items", i, "not_a_weapon")))
    return out
