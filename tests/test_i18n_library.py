"""The packaged clause library in French and Spanish (issue 15, point 3): every clause
translated and current, every translation in the register the plan fixes, and the
Darvonia agreements built with the packaged texts holding no English."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from readback import docx_text

from hrdd_docs import clause_lint, localized, resources, terms
from hrdd_docs.clauses import load_library
from hrdd_docs.loading import load_project
from hrdd_docs.render import deed as render_deed

COMPLETE = ["fr", "es"]
"""Languages whose translations the packaged library holds in full."""


@pytest.mark.parametrize("language", COMPLETE)
def test_every_packaged_clause_has_a_current_translation(language):
    report = clause_lint.translations(load_library(None))[language]
    assert report == {"missing": [], "stale": []}


@pytest.mark.parametrize("language", COMPLETE)
def test_no_translation_says_shall_or_an_english_term(language):
    english = terms.glossary("en")["terms"]
    other = terms.glossary(language)["terms"]
    words = [entry["text"] for key, entry in english.items()
             if entry["text"].lower() != other[key]["text"].lower() and len(entry["text"]) > 4]
    for clause in load_library(None):
        translation = clause.translation(language)
        assert translation is not None
        text = f"{translation.title}\n{translation.text}"
        assert not re.search(r"\bshall\b", text, re.IGNORECASE), clause.id
        for word in words:
            assert word not in text, (clause.id, word)


@pytest.mark.parametrize("language", COMPLETE)
def test_the_darvonia_deed_with_the_packaged_texts_holds_no_english(language):
    project = load_project(Path(str(resources.folder("examples", "darvonia",
                                                     "project.yaml"))))
    with localized.rendering((language,)), localized.gathering(project):
        (output,) = render_deed.render(project, load_library(None))
    text = docx_text(output.data)
    for value in ("IOM-DV/MOU/2026/07", "IOM-DV/DD/2026", "DV-CS-0412"):
        text = text.replace(value, "")
    found = re.search(r".{0,40}\b(IOM|the|and|shall|Deed|Recipient|Items)\b.{0,40}", text)
    assert found is None, found.group(0) if found else ""
    selected: Any = output.clauses
    assert all(s.language == language for s in selected)
