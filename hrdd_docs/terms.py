"""The glossary of each language and the grammar of its defined terms.

``templates/glossary/{en,fr,es}.yaml`` hold the official names (the Organization, the
policy, the standards) and the defined terms of the agreements ("the Authority",
"l'Autorité", "la Autoridad") in each language; texts and tests share them. This module
reads them and gives what the documents need from them: a term by key, the small
numbers in words, the monitoring period in words, and the contraction of prepositions
with articles that French and Spanish make (the ``de`` and ``a`` filters of the one
Jinja environment):

=========  ==========================  ==============================
filter     French                      Spanish
=========  ==========================  ==============================
``de``     du Donataire, des Biens,    del Donatario, de la Autoridad,
           de la Darvonie,             de los Bienes, de Darvonia
           de l'Autorité, d'Haïti,
           de Darvonia
``a``      au Donataire, aux Parties,  al Donatario, a la Autoridad
           à la Darvonie, à l'Autorité
=========  ==========================  ==============================

In English the filters write "of" and "to" before the value. A value that begins with
no article takes the bare preposition (elided to ``d'`` before a vowel in French). A
Spanish value beginning with a capital "El" keeps it whole, as a proper name does ("de
El Salvador"); write defined terms in lower case before the filter (``party|de``).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from hrdd_docs import resources
from hrdd_docs.wording import LANGUAGES


@cache
def glossary(language: str) -> dict[str, Any]:
    """The parsed glossary of ``language`` (``templates/glossary/<language>.yaml``)."""
    from hrdd_docs import yamlsource

    name = f"templates/glossary/{language}.yaml"
    if language not in LANGUAGES:
        raise ValueError(f"unknown document language {language!r}")
    data: dict[str, Any] = yamlsource.parse(
        resources.read_text("templates", "glossary", f"{language}.yaml"), name).data
    return data


def term(key: str, language: str) -> str:
    """The glossary's text of term ``key`` in ``language``: ``term("recipient", "fr")``
    is "le Donataire"."""
    text: str = glossary(language)["terms"][key]["text"]
    return text


def count_words(number: int, language: str) -> str:
    """A small number in words ("three", "trois", "tres"); 13 and more in figures."""
    words = glossary(language)["numbers"]
    return str(words[number]) if 0 <= number < len(words) else str(number)


def period_words(months: int, language: str) -> str:
    """The monitoring period to follow "every" / "tous les" / "cada": "three months",
    "trois mois", "tres meses"."""
    return str(glossary(language)["periods"][months - 1])


def capital(text: str) -> str:
    """The text with its first letter in upper case: "l'Autorité" → "L'Autorité"."""
    return text[:1].upper() + text[1:]


_VOWEL = "aeiouyàâäéèêëîïôöùûüœæ"
_MUTE_H = ("haïti", "hanoï", "helsinki", "honolulu", "hong kong")
_APOSTROPHES = ("l'", "l’")


def _elides(word: str) -> bool:
    lower = word.lower()
    return lower[:1] in _VOWEL or lower.startswith(_MUTE_H)


_CONTRACTED = {
    # preposition → language → the value's opening article → what replaces it ("" for a
    # value without article); French "l'" stands for either apostrophe
    "de": {"en": {"": "of "},
           "fr": {"le ": "du ", "les ": "des ", "la ": "de la ", "l'": "de l'", "": "de "},
           "es": {"el ": "del ", "": "de "}},
    "a": {"en": {"": "to "},
          "fr": {"le ": "au ", "les ": "aux ", "la ": "à la ", "l'": "à l'", "": "à "},
          "es": {"el ": "al ", "": "a "}},
}


def _contract(preposition: str, value: str, language: str) -> str:
    if language not in _CONTRACTED[preposition]:
        raise ValueError(f"unknown document language {language!r}")
    forms = _CONTRACTED[preposition][language]
    value = str(value)
    opening = value.lower() if language == "fr" else value  # Spanish: "El Salvador" stays
    for article, contracted in forms.items():
        if article == "l'" and opening.startswith(_APOSTROPHES):
            return contracted[:-1] + value[1:]  # keeps the apostrophe the value uses
        if article not in ("", "l'") and opening.startswith(article):
            return contracted + value[len(article):]
    if preposition == "de" and language == "fr" and _elides(value):
        return "d'" + value
    return forms[""] + value


def de(value: str, language: str) -> str:
    """The preposition "of" / "de" before ``value``, contracted with its article."""
    return _contract("de", value, language)


def a(value: str, language: str) -> str:
    """The preposition "to" / "à" / "a" before ``value``, contracted with its article."""
    return _contract("a", value, language)


_ARTICLE = re.compile(r"^(le |la |les |l'|l’|el |los |las )", re.IGNORECASE)


def has_article(value: str) -> bool:
    """Whether a French or Spanish value opens with a definite article."""
    return bool(_ARTICLE.match(value))


def without_article(value: str) -> str:
    """A French or Spanish name without its article, capitalised, as an address line
    writes it: "le Ministère des affaires étrangères" → "Ministère des affaires étrangères"."""
    match = _ARTICLE.match(value)
    rest = value[match.end():] if match else value
    return capital(rest)


def in_country(value: str, language: str) -> str:
    """"in" before a country's name as each language writes it: "in Darvonia", "en
    Darvonie" (from "la Darvonie"), "au Mali", "aux Philippines", "à Haïti", "en Darvonia".
    In English pass the name as it reads after "in" (:func:`~hrdd_docs.render.mou.country_name`)."""
    if language == "en":
        return f"in {value}"
    if language == "fr":
        lower = value.lower()
        if lower.startswith("le "):
            return "au " + value[3:]
        if lower.startswith("les "):
            return "aux " + value[4:]
        if lower.startswith("la "):
            return "en " + value[3:]
        if lower.startswith(_APOSTROPHES):
            return "en " + value[2:]
        return "à " + value
    return "en " + value
