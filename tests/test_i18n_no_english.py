"""No English fixed sentence in a French or Spanish dossier (issue 15, "How it is checked").

Each test builds a dossier through the command line in French or Spanish and reads back
every document the build wrote, whatever its kind: the MOU, the deed, the donor letter,
the procedure sheet, the notice (for a blocked project) and the IRA workbook, every cell
of every sheet (its computed sheets write the assessment's reasoning and the clauses'
sources in the build's language: tests/test_i18n_reasons.py, test_i18n_sources.py).

In each document, once the project's own values are taken out (the procedure sheet may
print a finding written in English as the project file writes it), no English fixed
text may remain: not "shall", not an English month, not a term of the English glossary
that the language writes otherwise, not a sentence of the kind's English catalog, and
not the common English function words.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import write_project
from readback import docx_text
from test_i18n_sop_notice import blocked, translated

from hrdd_docs import catalog, resources, terms
from hrdd_docs.clauses import load_library
from hrdd_docs.cli import cli
from hrdd_docs.loading import load_project
from hrdd_docs.records import Record

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"

FOLDER = {"mou": "mou", "deed": "deed_of_donation", "visibility_waiver": "visibility_waiver",
          "notice": "notice", "sop": "sop", "ira": "ira"}
"""The template folder of each kind of document."""

MONTHS = r"\b(January|February|March|April|May|June|July|August|September|October|" \
    r"November|December)\b"
WORDS = r"\b(the|and|of|shall|is|are|with|for|by|Title|Name|Step|Result)\b"
"""English words a French or Spanish document never holds ("Page" and "Date" are French
too)."""


def build_dossier(runner: Any, project: Path, out: Path, language: str) -> dict[str, bytes]:
    """Build the dossier in ``language``: name → bytes of each document to check."""
    args = ["build", str(project), "-o", str(out), "--lang", language, "--as-of", "2026-11-27"]
    result = runner.invoke(cli, args)
    assert result.exit_code in (0, 3), result.output
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    return {d["file"]: (out / d["file"]).read_bytes() for d in manifest["documents"]
            if d.get("kind") in FOLDER and d["file"].endswith((".docx", ".xlsx"))}


def text_of(name: str, data: bytes) -> str:
    if name.endswith(".docx"):
        return docx_text(data)
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True)
    return "\n".join(str(cell) for sheet in book.worksheets
                     for row in sheet.iter_rows(values_only=True) for cell in row if cell)


def values(project: Any) -> list[str]:
    """Every text of the project file, in each of its languages, longest first."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, str):
            found.add(str(node))
            found.update(getattr(node, "variants", {}).values())
        elif isinstance(node, Record):
            for name in type(node).model_fields:
                walk(getattr(node, name))
        elif isinstance(node, list | tuple):
            for entry in node:
                walk(entry)

    walk(project)
    return sorted((v for v in found if len(v) > 3), key=len, reverse=True)


def english_terms(language: str) -> list[str]:
    """The English glossary's terms that ``language`` writes otherwise."""
    english = terms.glossary("en")["terms"]
    other = terms.glossary(language)["terms"]
    return [entry["text"] for key, entry in english.items()
            if entry["text"].lower() != other[key]["text"].lower()]


def english_fragments(kind: str, language: str) -> list[str]:
    """The fixed English text of ``kind``'s catalog and the common one: each entry's runs
    between placeholders, of some length, that the language's own entry does not share."""
    fragments = []
    # The workbook's own English is in ira/layout.yaml (tests/test_workbook_languages.py);
    # what it adds to a Word document's is the assessment's reasoning.
    for folder in ("reasons" if kind == "ira" else FOLDER[kind], "common"):
        if not (TEMPLATES / folder / "text" / "en.yaml").exists():
            continue
        translated_texts = catalog.entries(folder, language)
        for key, sentence in catalog.entries(folder, "en").items():
            for run in re.split(r"\{[{%].*?[}%]\}", sentence):
                run = run.strip(" .:;,()–·")
                if len(run) >= 14 and run not in translated_texts[key]:
                    fragments.append(run)
    return fragments


def assert_no_english(name: str, text: str, project: Any, language: str) -> None:
    kind = next(k for k in sorted(FOLDER, key=len, reverse=True)
                if f"-{k.replace('_', '-')}" in name or (k == "sop" and "procedure" in name))
    for value in values(project):
        text = text.replace(value, " ")
    for reference in (project.project.references.project_code,):
        text = text.replace(reference, " ")
    for clause in CLAUSE_IDS:  # the workbook names each clause by its id
        text = text.replace(clause, " ")
    assert not re.search(MONTHS, text), (name, re.search(f".{{30}}{MONTHS}", text))
    for term in english_terms(language):
        assert term not in text, (name, term)
    for fragment in english_fragments(kind, language):
        assert fragment not in text, (name, fragment)
    found = re.search(WORDS, text)
    assert not found, (name, text[max(0, found.start() - 60):found.end() + 60])


CLAUSE_IDS = sorted((c.id for c in load_library()), key=len, reverse=True)


@pytest.fixture(scope="module")
def runner() -> Any:
    from click.testing import CliRunner

    return CliRunner()


@pytest.mark.parametrize("language", ["fr", "es"])
def test_no_english_is_left_in_the_darvonia_dossier(runner, tmp_path, language):
    source = resources.folder("examples", "darvonia", "project.yaml")
    path = tmp_path / "project.yaml"
    path.write_text(resources.read_text("examples", "darvonia", "project.yaml"), "utf-8")
    written = build_dossier(runner, path, tmp_path / "out", language)
    kinds = {k for k in FOLDER for name in written
             if f"-{k.replace('_', '-')}" in name or (k == "sop" and "procedure" in name)}
    assert {"deed", "visibility_waiver", "sop", "ira"} <= kinds, sorted(written)
    project = load_project(Path(str(source)))
    for name, data in written.items():
        assert_no_english(name, text_of(name, data), project, language)


@pytest.mark.parametrize("language", ["fr", "es"])
def test_no_english_is_left_in_a_blocked_dossier(runner, tmp_path, language):
    path = write_project(tmp_path, translated(blocked(), "fr", "es"))
    written = build_dossier(runner, path, tmp_path / "out", language)
    assert any("-notice-" in name for name in written), sorted(written)
    assert any("-procedure" in name for name in written), sorted(written)
    project = load_project(path)
    for name, data in written.items():
        assert_no_english(name, text_of(name, data), project, language)


def test_the_check_finds_an_english_sentence(tmp_path, darvonia):
    """The check itself: an English sentence of the sheet's catalog, a month, "shall"."""
    for planted in (catalog.entries("sop", "en")["last_resort"], "le 1 March 2026",
                    "les Parties shall", terms.term("iom", "en")):
        with pytest.raises(AssertionError):
            assert_no_english("x-procedure.docx", f"Texte français. {planted}", darvonia, "fr")
    assert_no_english("x-procedure.docx", "Texte français, sans anglais.", darvonia, "fr")


def catalog_kinds() -> list[str]:
    """Every catalog of the Word templates: the folders with a text/en.yaml. The IRA
    workbook's catalog keeps most of its English in layout.yaml, so its own checks are in
    tests/test_workbook_languages.py."""
    return sorted(p.parent.parent.name for p in TEMPLATES.glob("*/text/en.yaml")
                  if p.parent.parent.name != "ira")


@pytest.mark.parametrize("kind", catalog_kinds())
@pytest.mark.parametrize("language", ["fr", "es"])
def test_every_catalog_key_exists_in_each_language_and_is_current(kind, language):
    assert catalog.stale(kind, language) == []
    assert set(catalog.entries(kind, language)) == set(catalog.entries(kind, "en"))


def test_the_catalogs_include_every_per_language_template():
    assert {"common", "deed_of_donation", "visibility_waiver", "notice", "sop"} <= set(
        catalog_kinds())


@pytest.mark.parametrize("language", ["fr", "es"])
def test_every_glossary_term_exists_in_each_language(language):
    english = terms.glossary("en")
    other = terms.glossary(language)
    assert set(other["terms"]) == set(english["terms"])
    assert len(other["numbers"]) == len(english["numbers"])
    assert len(other["periods"]) == len(english["periods"])
