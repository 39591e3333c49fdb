"""Issue 11, point 10: weapons in disguise fail Action 2(c), whatever the flags say.

The words live in ``hrdd_docs/weapon_words.yaml``: whole words, accents and capitals
ignored, plurals matched, phrases that name no weapon ("glue gun") cancelling a match.
An item or activity that names one needs ``not_a_weapon``, which the workbook keeps.
"""

from __future__ import annotations

from datetime import date
from importlib import resources

import pytest
import yaml
from cases import base, load
from conftest import write_project

from hrdd_docs import assess, weapons
from hrdd_docs.cli import cli
from hrdd_docs.render import workbook
from hrdd_docs.workbook_import import import_workbook


@pytest.mark.parametrize(("text", "kind", "word"), [
    ("9 mm ammunition, 500 rounds", "ammunition", "ammunition"),
    ("Pistol holster and pistols", "weapon", "pistol"),
    ("Rifles for the border unit", "weapon", "rifle"),
    ("Less-lethal: tear gas canisters", "weapon", "tear gas"),
    ("Police batons", "weapon", "baton"),
    ("Construction of an armoury at the post", "weapon storage", "armoury"),
    ("Arms depot rehabilitation", "weapon storage", "arms depot"),
    ("Firing pins (spare parts)", "weapon part", "firing pin"),
    ("Cartouches de fusil", "ammunition", "cartouche"),
    ("Fusils d'assaut", "weapon", "fusil"),
    ("Réhabilitation de l’armurerie", "weapon storage", "armurerie"),
    ("Munición 9 mm", "ammunition", "munición"),
    ("Municion calibre 12", "ammunition", "munición"),
    ("ESCOPETAS", "weapon", "escopeta"),
    ("Construcción de un polvorín", "weapon storage", "polvorín"),
])
def test_weapon_words_in_three_languages(text, kind, word):
    assert weapons.find(text) == weapons.Match(kind, word)


@pytest.mark.parametrize("text", [
    "Motorbike, 125 cc, with rear carrier", "Bulletproof vest, level IIIA",
    "Bullet-proof vests", "Toner cartridge for the office printer", "Glue gun and staples",
    "Radar speed guns for traffic control", "Walk-through weapons detection arch",
    "Training on the use of force and firearms", "Armée nationale: formation",
    "Gilet pare-balles", "Chaleco antibalas", "Pistolas de calor", "Cartouche d'encre",
    "Cartucho de tóner", "Gunshot-residue kits", "Disarmament and demobilization support",
    "Traffic baton lights", "Explosive trace detector", "Bullet cameras for the post",
])
def test_words_that_name_no_weapon(text):
    assert weapons.find(text) is None


def test_the_word_list_is_sorted_and_complete():
    data = yaml.safe_load(resources.files("hrdd_docs").joinpath("weapon_words.yaml")
                          .read_text("utf-8"))
    assert set(data["kinds"]) == {"weapon", "ammunition", "weapon part", "weapon storage"}
    for languages in [*data["kinds"].values(), data["not_weapons"]]:
        assert set(languages) == {"en", "fr", "es"}
        for entries in languages.values():
            assert entries == sorted(entries, key=weapons.normalise), entries
    assert len(weapons.words()) > 60


def test_an_item_named_ammunition_fails_action_2c_with_the_fix(tmp_path):
    data = base()
    data["activities"][0]["items"].append({"description": "9 mm ammunition", "quantity": 100,
                                           "unit_value": "0.50", "currency": "USD"})
    project = load(tmp_path, data)
    (_, _, weapons_check, _) = assess.preconditions(project)
    assert not weapons_check.met
    assert weapons_check.failures == [
        "item '9 mm ammunition' of activity 'kits' names ammunition ('ammunition'), which IOM "
        "does not provide; if it is none, say why in activities[0].items[1].not_a_weapon"]
    assert [(b.rule, b.path) for b in assess.blocking(project)] == [
        ("Action 2(c)", "activities[0].items[1].not_a_weapon")]


def test_an_activity_that_builds_weapon_storage_fails(runner, tmp_path):
    data = base()
    data["activities"].append({"id": "post", "kind": "construction", "recipients": ["kbp"],
                               "description": "Border post with an armoury"})
    path = write_project(tmp_path, data)
    result = runner.invoke(cli, ["build", str(path), "-o", str(tmp_path / "out"),
                                 "--as-of", "2026-05-15"])
    assert result.exit_code == 3
    assert ("  - Action 2(c): precondition 'No weapons' is not met: activity 'post' names "
            "weapon storage ('armoury'), which IOM does not provide; if it is none, say why in "
            "activities[1].not_a_weapon [activities[1].not_a_weapon]\n") in result.stderr


def test_a_statement_lifts_the_failure_and_the_workbook_keeps_it(tmp_path):
    data = base()
    data["activities"][0]["items"][0]["description"] = "Illuminated batons for traffic"
    data["activities"][0]["items"][0]["not_a_weapon"] = "Plastic signalling wands"
    data["activities"][0]["description"] = "Cabinets for the arms room of the post"
    data["activities"][0]["not_a_weapon"] = "Office filing for the records room, no weapon"
    project = load(tmp_path, data)
    check = assess.no_weapons(project)
    assert check.met
    assert ("item 'Illuminated batons for traffic' is stated not to be a weapon: Plastic "
            "signalling wands") in check.facts
    (output,) = workbook.render(project)
    (tmp_path / "ira.xlsx").write_bytes(output.data)
    back = import_workbook(tmp_path / "ira.xlsx")
    assert back.activities[0].not_a_weapon == "Office filing for the records room, no weapon"
    assert back.activities[0].items[0].not_a_weapon == "Plastic signalling wands"
    assert back == project


def test_the_flags_still_count(tmp_path):
    data = base()
    data["preconditions"]["weapons"]["weapons_related_support"] = True
    assert not assess.no_weapons(load(tmp_path, data)).met
    assert assess.no_weapons(load(tmp_path, base(), "b.yaml")).met
    assert assess.gaps(load(tmp_path, base(), "c.yaml"), date(2026, 5, 15)) == []


def test_each_entry_of_the_list_is_found_in_a_sentence():
    """The search may skip entries a text cannot match (issue 16): every entry
    of the list, written as the list writes it, is still found in a sentence."""
    for _kind, word in weapons.words():
        found = weapons.find(f"Supply of {word} for the unit")
        assert found is not None, word
        assert weapons.find(f"Supply of {word.upper()}s for the unit") is not None, word


def test_a_text_asked_again_gets_the_same_answer():
    weapons.find.cache_clear()
    assert weapons.find("Rifles for the border unit") == weapons.find(
        "Rifles for the border unit") == weapons.Match("weapon", "rifle")
    assert weapons.find.cache_info().hits == 1
