"""Issue 16, point 4: what ``hrdd validate`` and ``hrdd assess`` do at start-up.

The light commands import only what the project needs, and every shortcut taken for
speed gives the same answer as the long way: the weapon words matched without
compiling every pattern, a catalog sentence with nothing to fill returned as written,
the sections' defaults made without validating, equal to the validated ones.
"""

from __future__ import annotations

import functools
import re
import subprocess
import sys
from importlib import resources
from typing import Any

import pytest
import yaml

from hrdd_docs import catalog, model_schema, weapons
from hrdd_docs.records import Record

# --- weapon words: only the patterns whose words are all in the text are compiled ---


@functools.cache
def _word_list() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(resources.files("hrdd_docs")
                                          .joinpath(weapons.WORDS_FILE).read_text("utf-8"))
    return data


def _reference_find(text: str) -> weapons.Match | None:
    """The matching as it was written first: every pattern compiled and tried."""
    data = _word_list()

    @functools.cache
    def pattern(entry: str) -> re.Pattern[str]:
        words = [re.escape(w) + r"(?:e?s)?"
                 for w in re.split(r"[\s\-]+", weapons.normalise(entry).strip()) if w]
        return re.compile(r"(?<!\w)" + r"[\s\-]+".join(words) + r"(?!\w)")

    plain = weapons.normalise(text)
    cancelled = [m.span() for phrases in data["not_weapons"].values() for phrase in phrases
                 for m in pattern(phrase).finditer(plain)]
    found = []
    for kind, languages in data["kinds"].items():
        for entries in languages.values():
            for word in entries:
                for hit in pattern(word).finditer(plain):
                    if not any(a <= hit.start() and hit.end() <= b for a, b in cancelled):
                        found.append((hit.start(), weapons.Match(kind, word)))
                        break
    return min(found, key=lambda pair: pair[0])[1] if found else None


def _texts() -> list[str]:
    """Every word and cancelling phrase of the list, alone, in plural, hyphenated, in
    capitals, inside a cancelling phrase and next to one, plus texts naming none."""
    data = _word_list()
    words = [w for languages in data["kinds"].values() for ws in languages.values() for w in ws]
    phrases = [p for ps in data["not_weapons"].values() for p in ps]
    texts = ["Motorbike, 125 cc", "", "   ", "guns-guns", "gunshot gun", "gluegun glue gun"]
    for entry in words + phrases:
        texts += [entry, entry.upper(), entry + "s", entry + "es", entry.replace(" ", "-"),
                  f"two {entry} and a glue gun", f"un{entry}", f"{entry}x for the post"]
    for a, b in zip(phrases, words, strict=False):
        texts += [f"{a} {b}", f"{b}, {a}", f"{a}{b}"]
    return texts


def test_weapon_words_match_as_when_every_pattern_was_compiled():
    texts = _texts()
    assert len(texts) > 1000
    differ = [t for t in texts if weapons.find(t) != _reference_find(t)]
    assert differ == []


def test_a_text_naming_no_weapon_compiles_no_pattern():
    weapons._compiled.cache_clear()
    assert weapons.find("Motorbike, 125 cc, with rear carrier") is None
    assert weapons._compiled.cache_info().currsize == 0
    assert weapons.find("Glue gun and staples") is None  # "gun" tried, then cancelled
    assert 2 <= weapons._compiled.cache_info().currsize <= 4


# --- catalog sentences: Jinja only for an entry with something to fill ---


def _entries() -> list[tuple[str, str, str]]:
    from hrdd_docs import resources as packaged

    folder = packaged.folder("templates")
    kinds = sorted(p.name for p in folder.iterdir() if p.joinpath("text", "en.yaml").is_file())
    return [(kind, key, language) for kind in kinds for language in ("en", "fr", "es")
            if kind != "glossary" for key in _safe_entries(kind, language)]


def _safe_entries(kind: str, language: str) -> list[str]:
    try:
        return list(catalog.entries(kind, language))
    except catalog.CatalogError:  # a catalog not translated (yet) into this language
        return []


def test_a_sentence_with_nothing_to_fill_is_what_jinja_gives():
    from hrdd_docs.environment import make_environment

    plain = [(k, key, lang) for k, key, lang in _entries()
             if "{" not in catalog.text(k, key, lang)]
    assert len(plain) > 100
    for kind, key, language in plain:
        source = catalog.text(kind, key, language)
        jinja = make_environment(xml=False).from_string(source).render(language=language)
        assert catalog.sentence(kind, key, language) == jinja, (kind, key, language)


def test_a_sentence_with_a_placeholder_is_still_filled_and_checked():
    from jinja2.exceptions import UndefinedError

    kind, key, language = next(e for e in _entries() if "{{" in catalog.text(*e))
    with pytest.raises(UndefinedError):  # a missing value stops, as before
        catalog.sentence(kind, key, language)


def test_assess_imports_no_jinja_babel_or_document_library_for_the_example():
    from hrdd_docs import resources as packaged

    example = str(packaged.folder("examples", "darvonia", "project.yaml"))
    code = ("import sys; from hrdd_docs.cli import main; sys.argv = ['hrdd', 'assess', "
            f"{example!r}, '--as-of', '2026-03-01']\n"
            "try:\n    main()\nexcept SystemExit as stop:\n    print('exit', stop.code)\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'jinja2', 'babel', "
            "'docx', 'docxtpl', 'openpyxl', 'lxml', 'markupsafe'}))")
    done = subprocess.run([sys.executable, "-P", "-c", code], capture_output=True, text=True,
                          check=True)
    assert "Action 1" in done.stdout  # the assessment ran
    assert done.stdout.splitlines()[-2:] == ["exit 0", "[]"], done.stdout[-300:]


# --- model defaults: made without validating ---


def _model_defaults() -> list[tuple[type[Record], str, Record]]:
    return [(cls, name, field.default) for cls in model_schema.sections()
            for name, field in cls.model_fields.items()
            if isinstance(field.default, Record)]


def test_each_model_default_is_the_class_called_with_nothing():
    defaults = _model_defaults()
    assert {(cls.__name__, name) for cls, name, _ in defaults} >= {
        ("Elements", "general_context"), ("Assessment", "elements"),
        ("Assessment", "final"), ("Project", "assessment"), ("Project", "visibility"),
        ("Project", "procedure")}
    for cls, name, default in defaults:
        called = type(default)()
        assert default == called, (cls.__name__, name)
        assert default.model_fields_set == called.model_fields_set == set()
        assert default.__pydantic_extra__ == called.__pydantic_extra__
        assert default.__pydantic_private__ == called.__pydantic_private__


def test_importing_the_model_imports_no_pydantic():
    code = ("import sys; from hrdd_docs import model\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pydantic'))")
    done = subprocess.run([sys.executable, "-P", "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"
