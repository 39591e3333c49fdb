"""How documents write dates, amounts, numbers and lists, in each document language.

One way, shared by every renderer and clause. English keeps the forms its agreements
have always used ("1 March 2026", "USD 6,821.00", "a, b and c"); French and Spanish take
theirs from the Unicode CLDR through Babel, so that a separator or a month name is what
that language's data says, not what someone typed: "1er mars 2026", "6 821,00 USD" (with
CLDR's no-break spaces), "1 de marzo de 2026", "6.821,00 USD", "A, B et C", "A, B y C".
What CLDR does not hold is added here, each rule named: the French "1er" for the first
day of a month, the French "Article premier", and the Spanish "e" for "y" before an /i/
sound and "u" for "o" before an /o/ sound.

Babel is imported only for French and Spanish, so an English build does not load it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from functools import cache

LANGUAGES = ("en", "fr", "es")
"""The document languages: English, French, Spanish."""

LANGUAGE_NAMES = {"en": "English", "fr": "French", "es": "Spanish"}
"""How messages (which stay English) name each language."""

_LOCALES = {"en": "en_GB", "fr": "fr_FR", "es": "es_ES"}

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def long_date(day: date, language: str = "en") -> str:
    """``31 August 2027``; ``1er mars 2026`` (CLDR's ``1 mars 2026`` with the French
    ordinal of the first day); ``1 de marzo de 2026``."""
    if language == "en":
        return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    from babel.dates import format_date

    text: str = format_date(day, "long", locale=_locale(language))
    if language == "fr" and day.day == 1:
        text = "1er" + text[1:]
    return text


def money(currency: str, amount: Decimal, language: str = "en") -> str:
    """An amount with its ISO currency code: ``USD 6,821.00`` in English (the code first,
    as English agreements and IOM's English financial documents write it),
    ``6 821,00 USD`` and ``6.821,00 USD`` in French and Spanish, where CLDR puts the code
    after the number. Always two decimals, as the schedule of items states values; the
    space between number and code is a no-break space, so an amount never wraps."""
    if language == "en":
        return f"{currency}\u00a0{amount:,.2f}"
    from babel.numbers import format_currency

    text: str = format_currency(amount, currency, format="#,##0.00\u00a0¤¤",
                                locale=_locale(language), currency_digits=False)
    return text


def number(value: int, language: str = "en") -> str:
    """A whole number with the language's grouping: ``1,000``, ``1 000``, ``1.000``."""
    if language == "en":
        return f"{value:,}"
    from babel.numbers import format_decimal

    text: str = format_decimal(value, locale=_locale(language))
    return text


def join_words(words: Sequence[str], conjunction: str = "and", language: str = "en") -> str:
    """``a``, ``a and b``, ``a, b and c`` (or ``or``); empty for no words.

    French and Spanish lists come from CLDR ("A, B et C", "A, B ou C", "A, B y C"), and
    Spanish changes the last conjunction before a vowel sound it would merge with:
    "Francia e Italia", "siete u ocho".
    """
    words = [str(w) for w in words]
    if len(words) <= 1:
        return "".join(words)
    if language == "en":
        return ", ".join(words[:-1]) + f" {conjunction} " + words[-1]
    from babel.lists import format_list

    text: str = format_list(words, style="or" if conjunction == "or" else "standard",
                            locale=_locale(language))
    if language == "es":
        text = _spanish_conjunction(text, words[-1], conjunction == "or")
    return text


def _spanish_conjunction(text: str, last: str, disjunction: bool) -> str:
    """``y`` → ``e`` before an /i/ sound (i-, hi- not followed by a vowel: "e Isabel",
    "e hijos", but "y hielo"); ``o`` → ``u`` before an /o/ sound (o-, ho-, and a number
    read "ocho…": "u once" is left to the writer)."""
    if disjunction:
        sound = bool(re.match(r"(?i)h?[oó]", last)) or last.startswith("8")
        old, new = " o ", " u "
    else:
        sound = bool(re.match(r"(?i)(h?[ií])(?![aeouáéóú])", last))
        old, new = " y ", " e "
    tail = old + last
    if sound and text.endswith(tail):
        return text[: -len(tail)] + new + last
    return text


def article_number(number: int, language: str = "en") -> str:
    """How an article is numbered: ``1``, ``2`` …; French treaty drafting writes the
    first one "Article premier" and the others in figures; Spanish treaties write
    "Artículo 1", as the Charter of the United Nations does in Spanish."""
    if language == "fr" and number == 1:
        return "premier"
    return str(number)


@cache
def _locale(language: str) -> str:
    if language not in _LOCALES:
        raise ValueError(f"unknown document language {language!r}; use one of "
                         f"{', '.join(LANGUAGES)}")
    return _LOCALES[language]
