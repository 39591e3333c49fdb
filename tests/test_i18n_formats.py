"""Grammar and formats by language (issue 15, point 5): values that catch the usual
mistakes ("1 March" for "1er mars", a plain space in a French amount, "y" before "Isabel")."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from hrdd_docs import terms
from hrdd_docs.wording import article_number, join_words, long_date, money, number

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.mark.parametrize(("day", "language", "expected"), [
    (date(2026, 3, 1), "en", "1 March 2026"),
    (date(2026, 3, 1), "fr", "1er mars 2026"),
    (date(2026, 3, 2), "fr", "2 mars 2026"),
    (date(2027, 8, 31), "fr", "31 août 2027"),
    (date(2026, 3, 1), "es", "1 de marzo de 2026"),
    (date(2027, 8, 31), "es", "31 de agosto de 2027"),
    (date(2026, 2, 11), "fr", "11 février 2026"),
])
def test_dates(day, language, expected):
    assert long_date(day, language) == expected


def test_amounts_keep_cldr_separators_and_no_break_spaces():
    amount = Decimal("6821")
    assert money("USD", amount, "en") == f"USD{NBSP}6,821.00"
    assert money("USD", amount, "fr") == f"6{NNBSP}821,00{NBSP}USD"
    assert money("USD", amount, "es") == f"6.821,00{NBSP}USD"
    assert money("EUR", Decimal("1234567.5"), "fr") == f"1{NNBSP}234{NNBSP}567,50{NBSP}EUR"
    assert money("JPY", Decimal("40.5"), "es") == f"40,50{NBSP}JPY"  # always two decimals
    assert " " not in money("USD", amount, "fr")  # never a space that may break
    assert number(1000, "fr") == f"1{NNBSP}000" and number(1000, "es") == "1.000"
    assert number(1000, "en") == "1,000"


@pytest.mark.parametrize(("words", "language", "conjunction", "expected"), [
    (["A", "B", "C"], "en", "and", "A, B and C"),
    (["A", "B", "C"], "fr", "and", "A, B et C"),
    (["A", "B"], "fr", "or", "A ou B"),
    (["A", "B", "C"], "es", "and", "A, B y C"),
    (["Francia", "Italia"], "es", "and", "Francia e Italia"),
    (["padres", "hijos"], "es", "and", "padres e hijos"),
    (["agua", "hielo"], "es", "and", "agua y hielo"),
    (["siete", "ocho"], "es", "or", "siete u ocho"),
    (["mujeres", "hombres"], "es", "or", "mujeres u hombres"),
    (["uno", "dos"], "es", "or", "uno o dos"),
    (["Juan", "Isabel"], "es", "and", "Juan e Isabel"),
    (["Juan", "Ígor"], "es", "and", "Juan e Ígor"),
    (["A"], "es", "and", "A"),
    ([], "fr", "and", ""),
])
def test_lists(words, language, conjunction, expected):
    assert join_words(words, conjunction, language) == expected


def test_article_numbers():
    assert [article_number(n, "fr") for n in (1, 2, 10)] == ["premier", "2", "10"]
    assert [article_number(n, "es") for n in (1, 2)] == ["1", "2"]
    assert [article_number(n, "en") for n in (1, 2)] == ["1", "2"]


def test_party_terms_agree_in_gender_and_number():
    assert terms.term("authority", "fr") == "l'Autorité"
    assert terms.term("authority", "es") == "la Autoridad"
    assert terms.term("forces", "fr") == "les Forces soutenues"
    assert terms.term("forces", "es") == "las Fuerzas apoyadas"
    assert terms.term("recipient", "fr") == "le Donataire"
    assert terms.term("recipient", "es") == "el Donatario"
    for language in ("fr", "es"):
        glossary = terms.glossary(language)["terms"]
        for key in ("authority", "recipient", "force", "forces", "items_deed", "mou_this"):
            entry = glossary[key]
            article = entry["text"].split(" ")[0].split("'")[0].lower()
            feminine = {"fr": {"la", "l"}, "es": {"la", "las"}}[language]
            plural = {"fr": {"les"}, "es": {"los", "las"}}[language]
            if article in feminine | plural and article != "l":
                assert (entry["gender"] == "f") == (article in {"la", "las"} or
                                                   (article == "les" and
                                                    entry["gender"] == "f")), key
            assert (entry["number"] == "p") == (article in plural), key


def test_every_glossary_has_the_same_terms():
    keys = set(terms.glossary("en")["terms"])
    for language in ("fr", "es"):
        assert set(terms.glossary(language)["terms"]) == keys
        assert len(terms.glossary(language)["numbers"]) == 13
        assert len(terms.glossary(language)["periods"]) == 12
    assert terms.period_words(3, "fr") == "trois mois"
    assert terms.period_words(1, "es") == "mes"
    assert terms.count_words(3, "es") == "tres"
