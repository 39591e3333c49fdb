"""How documents write dates and lists: one way, shared by every renderer and clause."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def long_date(day: date) -> str:
    """``31 August 2027``: the form agreements use, the same in every locale."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def join_words(words: Sequence[str], conjunction: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c`` (or ``or``); empty for no words."""
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {conjunction} " + words[-1]
