"""Strict YAML reading (hrdd_docs.yamlsource) and loading a project (hrdd_docs.loading).

The corpus in test_bad_inputs.py checks the messages through the command line; these
tests check the library underneath: what values and places the reader keeps, and how
errors are collected and ordered.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hrdd_docs import yamlsource
from hrdd_docs.errors import InputError, Problem
from hrdd_docs.loading import load_project, project_from

CORPUS = Path(__file__).parent / "bad_inputs"


def _problems(text: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        yamlsource.parse(text, "p.yaml")
    return [str(p) for p in caught.value.problems]


# Every scalar stays a string -----------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["NO", "no", "off", "yes", "0012", "0x1F", "12:30", "1e3", "2025-03-01", ".inf", "1_000"],
)
def test_plain_scalars_stay_text(value):
    assert yamlsource.parse(f"a: {value}\n", "p.yaml").data == {"a": value}


@pytest.mark.parametrize("value", ["", "~", "null", "Null", "NULL"])
def test_plain_nulls_are_none(value):
    assert yamlsource.parse(f"a: {value}\n", "p.yaml").data == {"a": None}


def test_quoted_null_is_text():
    assert yamlsource.parse("a: 'null'\nb: ''\n", "p.yaml").data == {"a": "null", "b": ""}


def test_keys_stay_text():
    assert yamlsource.parse("1: a\nyes: b\nnull: c\n", "p.yaml").data == {
        "1": "a", "yes": "b", "null": "c",
    }


def test_small_aliases_are_expanded():
    data = yamlsource.parse("a: &x [1, 2]\nb: *x\n", "p.yaml").data
    assert data == {"a": ["1", "2"], "b": ["1", "2"]}


def test_byte_order_mark_is_ignored(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: b\n")
    assert yamlsource.load(path).data == {"a": "b"}


def test_unicode_is_kept_verbatim():
    text = "title: \"Appui à la police — <w:p> & {{ x }} \u0627\u0644\"\n"
    assert yamlsource.parse(text, "p.yaml").data["title"] == (
        "Appui à la police — <w:p> & {{ x }} \u0627\u0644"
    )


# Places ----------------------------------------------------------------------------------


def test_places_of_keys_and_items():
    located = yamlsource.parse("project:\n  id: x\nlist:\n  - a\n  - {k: v}\n", "p.yaml")
    assert located.places[("project",)] == (1, 1)
    assert located.places[("project", "id")] == (2, 3)
    assert located.places[("list", 0)] == (4, 5)
    assert located.places[("list", 1, "k")] == (5, 6)


def test_place_falls_back_to_the_nearest_ancestor():
    located = yamlsource.parse("project:\n  id: x\n", "p.yaml")
    assert located.place(("project", "title")) == (1, 1)
    assert located.place(("monitoring",)) == (1, 1)
    assert str(located.problem(("project", "title"), "missing")) == (
        "p.yaml:1:1 project.title: missing"
    )


@pytest.mark.parametrize(
    ("path", "written"),
    [((), ""), (("project",), "project"), (("risks", 2, "tags"), "risks[2].tags"),
     (("a", 0, 1), "a[0][1]")],
)
def test_format_path(path, written):
    assert yamlsource.format_path(path) == written


# What is refused -------------------------------------------------------------------------


def test_every_duplicate_and_tag_is_reported_together():
    text = "a: 1\nb: !!float 2\na: 3\nc:\n  d: 1\n  d: 2\n"
    assert _problems(text) == [
        "p.yaml:2:4 b: the YAML tag !!float is not allowed; remove it (the project model gives "
        "every value its type)",
        "p.yaml:3:1 a: duplicate key 'a' (first given on line 1); keep only one",
        "p.yaml:6:3 c.d: duplicate key 'd' (first given on line 5); keep only one",
    ]


def test_the_string_tag_is_harmless():
    """``!!str`` asks for what every value already is: text."""
    assert yamlsource.parse("a: !!str 2\n", "p.yaml").data == {"a": "2"}


def test_tags_on_lists_and_mappings_are_refused():
    assert _problems("a: !!set {x: 1}\nb: !custom [1]\n") == [
        "p.yaml:1:4 a: the YAML tag !!set is not allowed; remove it (the project model gives "
        "every value its type)",
        "p.yaml:2:4 b: the YAML tag !custom is not allowed; remove it (the project model gives "
        "every value its type)",
    ]


def test_a_key_must_be_plain_text():
    assert _problems("? [a, b]\n: c\n") == [
        "p.yaml:1:3: a key must be plain text; remove the tag or the nested key",
    ]


def test_alias_bomb_is_refused_before_it_expands(monkeypatch):
    monkeypatch.setattr(yamlsource, "MAX_NODES", 50)
    text = "a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
    assert _problems(text) == [
        "p.yaml:2:1 b: the document expands to more than 50 values (through aliases); write "
        "the values out instead of nesting aliases",
    ]


def test_size_limit_is_checked_before_reading(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("a: b\n" + "#" * 495)
    assert yamlsource.load(path, max_bytes=500).data == {"a": "b"}
    with pytest.raises(InputError) as caught:
        yamlsource.load(path, max_bytes=499)
    assert str(caught.value).startswith(f"{path}: file is 500 bytes, more than the 499 bytes "
                                        "limit for a project definition")


def test_not_utf8_names_the_byte_and_its_column(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_bytes("title: Gen\u00e8ve \u2014 ".encode() + b"caf\xe9\n")
    with pytest.raises(InputError) as caught:
        yamlsource.load(path)
    # The column counts characters, not bytes: è and — are one character each.
    assert str(caught.value) == (
        f"{path}:1:20: the byte 0xE9 is not UTF-8 text; save the file with the UTF-8 encoding"
    )


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x9f", "\ufffe"])
def test_characters_yaml_cannot_read_reach_the_model(char):
    """PyYAML refuses these outright; they are kept so the model can name the field."""
    assert yamlsource.parse(f"a: x{char}y\n", "p.yaml").data == {"a": f"x{char}y"}


def test_vertical_tab_is_kept_for_the_model_to_map():
    assert yamlsource.parse("a: x\x0by\n", "p.yaml").data == {"a": "x\x0by"}


def test_stand_in_characters_in_the_text_are_left_alone():
    """Text that already holds the private-use stand-ins is not rewritten."""
    text = "a: \U0010ff07\nb: x\x07y\n"
    assert _problems(text) == ["p.yaml:2:5: the character U+0007 cannot be read; delete it"]


# Loading a project -----------------------------------------------------------------------


def test_load_project_returns_a_typed_project():
    project = load_project(CORPUS / "valid.yaml")
    item = project.activities[0].items[0]
    assert (item.quantity, str(item.unit_value), item.currency) == (2, "3200", "USD")
    assert project.project.start.isoformat() == "2026-01-01"
    assert project.country_mechanism.exists is False


def test_model_problems_come_in_file_order():
    text = (CORPUS / "valid.yaml").read_text("utf-8")
    text = text.replace("category: border_control", "category: army")
    text = text.replace("  title: Support to the border police", "  title:")
    with pytest.raises(InputError) as caught:
        project_from(yamlsource.parse(text, "p.yaml"))
    assert [(p.line, p.path) for p in caught.value.problems] == [
        (4, "project.title"), (14, "recipients[0].category"),
    ]


def test_cross_checks_wait_for_a_well_typed_file():
    """A dangling id is reported once the types are right, not alongside type errors."""
    text = (CORPUS / "valid.yaml").read_text("utf-8")
    text = text.replace("recipients: [bp-north]", "recipients: [bp-south]")
    with pytest.raises(InputError) as caught:
        project_from(yamlsource.parse(text.replace("quantity: 2", "quantity: x"), "p.yaml"))
    assert [p.path for p in caught.value.problems] == ["activities[0].items[0].quantity"]
    with pytest.raises(InputError) as caught:
        project_from(yamlsource.parse(text, "p.yaml"))
    assert [p.path for p in caught.value.problems] == ["activities[0].recipients[0]"]


def test_misspelt_key_is_one_problem_not_two():
    text = (CORPUS / "valid.yaml").read_text("utf-8").replace("  office:", "  ofice:")
    with pytest.raises(InputError) as caught:
        project_from(yamlsource.parse(text, "p.yaml"))
    assert [str(p) for p in caught.value.problems] == [
        "p.yaml:6:3 project.ofice: unknown key 'ofice'; did you mean 'office'?",
    ]


def test_problem_without_a_place():
    assert str(Problem("p.yaml", 0, 0, "", "file is empty")) == "p.yaml: file is empty"


def test_nesting_deeper_than_the_limit_is_located():
    text = "a:\n  b: " + "[" * 70 + "]" * 70 + "\n"
    assert _problems(text) == [
        "p.yaml:2:69 a: values are nested more than 64 levels deep; a project definition needs "
        "fewer than ten: check the brackets and the indentation",
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [("NaN", "'NaN' is not a number; write digits with a decimal point and no thousands "
             "separator, e.g. 3200.50"),
     ("1e400", "'1e400' has more than 15 digits; check the amount"),
     ("3200.505", "'3200.505' has more than 2 decimal places; round it"),
     ("-1", "'-1' is too small; write 0 or more")],
)
def test_amount_messages(value, message):
    text = (CORPUS / "valid.yaml").read_text("utf-8")
    text = text.replace("unit_value: 3200", f"unit_value: {value}")
    with pytest.raises(InputError) as caught:
        project_from(yamlsource.parse(text, "p.yaml"))
    assert [p.message for p in caught.value.problems] == [message]


def _parse_outcome(text: str) -> object:
    try:
        located = yamlsource.parse(text, "p.yaml")
    except InputError as err:
        return ("error", str(err))
    return (located.data, located.places)


_REPO = Path(__file__).resolve().parents[1]
_YAML_FILES = sorted(
    [*_REPO.glob("examples/*/project.yaml"), *_REPO.glob("clauses/*.yaml"),
     *_REPO.glob("templates/ira/*.yaml"), *_REPO.glob("tests/bad_inputs/*.yaml")]
)


@pytest.mark.parametrize("path", _YAML_FILES, ids=lambda p: str(p.relative_to(_REPO)))
def test_libyaml_and_pure_pyyaml_read_the_same(path, monkeypatch):
    """The fast reader (libyaml) gives the same data, places and messages as PyYAML."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    fast = _parse_outcome(text)
    monkeypatch.setattr(yamlsource, "_FAST_LOADER", None)
    assert _parse_outcome(text) == fast
