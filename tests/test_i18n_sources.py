"""Each clause's citation of the Toolkit in French and Spanish (issue 15, the last English
part of the IRA workbook): ``translations: fr: source:`` in the clause files, printed by
the Clause rationale sheet and ``hrdd explain --lang``, and refused when missing."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from hrdd_docs import clause_lint, resources
from hrdd_docs.clauses import load_library
from hrdd_docs.cli import cli
from hrdd_docs.errors import InputError
from hrdd_docs.render.workbook_layout import layout

NBSP = "\u00a0"
LIBRARY = load_library(None)
ENGLISH_SOURCES = {clause.source for clause in LIBRARY}
TRANSLATED_SOURCES = {t.source for clause in LIBRARY for t in clause.translations}
ENGLISH_ONLY = ENGLISH_SOURCES - TRANSLATED_SOURCES
"""The English sources that no translation writes the same way ("Action 2(c)" does)."""
MOU, DEED = "drv-esse-police-mou.docx", "drv-esse-police-deed-dpf-esse.docx"

GRIEVANCE_FR = ("Action 5(4), mécanismes de plainte propres au projet, accessibles aux groupes "
                f"marginalisés{NBSP}; encadré 6")
DEATH_PENALTY_ES = "Acción 2(b)(v); nota 15"
ACTION = {"fr": "Action", "es": "Acción"}
BOX = {"fr": "encadré", "es": "recuadro"}
FOOTNOTE = {"fr": "note de bas de page", "es": "nota"}
ENGLISH_WORDS = re.compile(r"\b(the|of|and|on|in|to|with|for|Box|footnote|guidelines|Rules|"
                           r"grievance|support|provided|deeds?)\b")


def _references(text: str, word: str) -> list[str]:
    """The Actions and their paragraphs cited, in order: "5(4)", "2(b)(v)"."""
    return re.findall(rf"{word} (\d+(?:\([^)]*\))*)", text)


# --- the library ------------------------------------------------------------------------

@pytest.mark.parametrize("language", ["fr", "es"])
def test_every_packaged_clause_cites_the_toolkit_in_french_and_spanish(language):
    by_english: dict[str, str] = {}
    for clause in LIBRARY:
        translation = clause.translation(language)
        assert translation is not None and translation.source, clause.id
        source = translation.source
        if source == clause.source:  # "Action 2(c)": no word to translate
            assert re.fullmatch(r"Action \d+(\([a-z0-9-]+\))*", source), clause.id
        else:
            assert source not in ENGLISH_SOURCES, clause.id
        # The Toolkit's structure kept: the same Actions and paragraphs, boxes and notes.
        assert _references(source, ACTION[language]) == _references(clause.source, "Action")
        assert (re.findall(rf"{BOX[language]} (\d+)", source)
                == re.findall(r"Box (\d+)", clause.source)), clause.id
        assert (re.findall(rf"{FOOTNOTE[language]} (\d+)", source)
                == re.findall(r"footnote (\d+)", clause.source)), clause.id
        assert not ENGLISH_WORDS.search(source), (clause.id, source)
        if language == "fr":  # a no-break space before ";" and ":", never a plain one
            assert not re.search(r"(^|[^\u00a0])[;:]", source), (clause.id, source)
        else:
            assert not re.search(r"\s[;:]", source), (clause.id, source)
            assert "Action " not in source, clause.id
        # One English citation is cited one way in each language, whichever file holds it.
        assert by_english.setdefault(clause.source, source) == source, clause.id
    assert len(by_english) == len(ENGLISH_SOURCES)


def test_the_sources_use_the_glossary_terms():
    glossary = {language: resources.read_text("templates", "glossary", f"{language}.yaml")
                for language in ("fr", "es")}
    grievance = LIBRARY.get("mon-grievance")
    assert grievance is not None
    assert "mécanisme de plainte" in glossary["fr"]
    assert "mécanismes de plainte" in grievance.translation("fr").source  # type: ignore[union-attr]
    assert "mecanismo de denuncia" in glossary["es"]
    assert "mecanismos de denuncia" in grievance.translation("es").source  # type: ignore[union-attr]
    detention = LIBRARY.get("detention-treatment")
    assert detention is not None
    for language, rules in (("fr", "Règles Nelson Mandela"), ("es", "Reglas Nelson Mandela")):
        assert rules in glossary[language]
        assert rules in detention.translation(language).source  # type: ignore[union-attr]


# --- a clause file without its translated source -------------------------------------------

def _without_source(tmp_path: Path, clause_id: str, language: str) -> tuple[Path, int]:
    """A user library overriding one packaged clause, its ``language`` source dropped;
    with the line of its ``fr:`` / ``es:`` key."""
    folder = tmp_path / "lib"
    folder.mkdir(exist_ok=True)
    text = resources.read_text("clauses", f"{clause_id}.yaml")
    lines = text.split("\n")
    opening = lines.index(f"  {language}:")
    source = next(n for n in range(opening, len(lines)) if lines[n].startswith("    source:"))
    del lines[source]
    (folder / f"{clause_id}.yaml").write_text("\n".join(lines), "utf-8")
    return folder, opening + 1


@pytest.mark.parametrize(("language", "name"), [("fr", "French"), ("es", "Spanish")])
def test_a_build_with_a_clause_without_its_source_is_refused_with_its_place(
        runner, tmp_path, example_path, language, name):
    folder, line = _without_source(tmp_path, "mon-grievance", language)
    file = folder / "mon-grievance.yaml"
    result = runner.invoke(cli, ["build", str(example_path), "-o", str(tmp_path / "out"),
                                 "--lang", language, "--library", str(folder),
                                 "--as-of", "2026-03-01"])
    assert result.exit_code == 2, result.output
    assert (f"{file}:{line}:1 translations.{language}.source: clause 'mon-grievance' has a "
            f"{name} text but no {name} source; add source: under translations: "
            f"{language}:") in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert not (tmp_path / "out" / MOU).exists()
    explained = runner.invoke(cli, ["explain", str(example_path), "--lang", language,
                                    "--library", str(folder)])
    assert explained.exit_code == 2
    assert f"{file}:{line}:1 translations.{language}.source" in explained.stderr
    english = runner.invoke(cli, ["build", str(example_path), "-o", str(tmp_path / "en"),
                                  "--lang", "en", "--only", "mou", "--library", str(folder),
                                  "--as-of", "2026-03-01"])
    assert english.exit_code == 0, english.output  # an English build prints no French


def test_lint_reports_a_translation_without_its_source(runner, tmp_path):
    folder, line = _without_source(tmp_path, "dp-after-project", "es")
    file = folder / "dp-after-project.yaml"
    _, problems = clause_lint.lint(folder)
    mine = [str(p) for p in problems if "dp-after-project" in str(p)]
    assert mine == [f"{file}:{line}:1 translations.es.source: clause 'dp-after-project' has a "
                    "Spanish text but no Spanish source; add source: under translations: es: "
                    "with the citation of the Toolkit in Spanish (the English source: is "
                    "'Action 2(b)(v); footnote 15'), which the IRA workbook prints "
                    "(clauses/README.md)"]
    result = runner.invoke(cli, ["clauses", "lint", "--library", str(folder)])
    assert result.exit_code == 2
    assert f"{file}:{line}:1 translations.es.source" in result.output + result.stderr
    assert "translations.fr.source" not in result.output + result.stderr


def test_an_empty_source_is_refused_when_the_library_is_read(tmp_path):
    folder, _ = _without_source(tmp_path, "dp-after-project", "fr")
    file = folder / "dp-after-project.yaml"
    file.write_text(file.read_text("utf-8").replace(
        "    title: Peine de mort", "    source: ''\n    title: Peine de mort", 1), "utf-8")
    with pytest.raises(InputError) as err:
        load_library(folder)
    assert any("translations.fr.source: source is empty" in str(p)
               for p in err.value.problems), err.value.problems


# --- the Clause rationale sheet and hrdd explain -----------------------------------------

@pytest.fixture(scope="module")
def builds(tmp_path_factory: Any) -> dict[str, tuple[Path, str]]:
    """Darvonia built in each language (the agreements and the workbook): the folder
    and what the build said."""
    project = tmp_path_factory.mktemp("project") / "project.yaml"
    project.write_text(resources.read_text("examples", "darvonia", "project.yaml"), "utf-8")
    made = {}
    for language in ("en", "fr", "es"):
        out = tmp_path_factory.mktemp(language)
        result = CliRunner().invoke(cli, ["build", str(project), "-o", str(out), "--lang",
                                          language, "--only", "mou,deed,ira",
                                          "--as-of", "2026-03-01"])
        assert result.exit_code == 0, result.output
        made[language] = (out, result.output + result.stderr)
    return made


def _rationale(folder: Path, language: str) -> list[tuple[str, str]]:
    """(clause id, source) of each clause row of the Clause rationale sheet."""
    book = layout(language)
    ws = openpyxl.load_workbook(folder / "drv-esse-police-ira.xlsx")[
        book.sheet("Clause rationale").name]
    ids = set(LIBRARY.ids)
    return [(str(row[1]), str(row[4])) for row in
            ws.iter_rows(min_row=book.header_row + 1, values_only=True) if row[1] in ids]


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_clause_rationale_cites_the_toolkit_in_the_workbook_language(builds, language):
    folder, said = builds[language]
    rows = _rationale(folder, language)
    assert len(rows) > 40  # the MOU's clauses, then the deed's
    for clause_id, source in rows:
        clause = LIBRARY.get(clause_id)
        assert clause is not None
        assert source == clause.translation(language).source  # type: ignore[union-attr]
        assert source not in ENGLISH_ONLY
    if language == "fr":
        assert ("mon-grievance", GRIEVANCE_FR) in rows
    else:
        assert ("dp-after-project", DEATH_PENALTY_ES) in rows
    assert "IRA workbook" not in said and "clause rationale" not in said
    assert "source" not in said


def test_the_english_clause_rationale_keeps_the_english_sources(builds):
    folder, said = builds["en"]
    rows = _rationale(folder, "en")
    assert len(rows) == len(_rationale(builds["fr"][0], "fr"))
    for clause_id, source in rows:
        assert source == LIBRARY.get(clause_id).source  # type: ignore[union-attr]
    assert ("mon-grievance", "Action 5(4), project-specific grievance mechanisms accessible "
            "to marginalized groups; Box 6") in rows
    assert "warning" not in said


@pytest.mark.parametrize(("language", "expected"), [
    ("fr", f"mon-grievance: Mécanisme de plainte et protection contre les représailles  "
           f"[{GRIEVANCE_FR}]"),
    ("es", "dp-after-project: Pena de muerte tras la finalización del Proyecto  "
           f"[{DEATH_PENALTY_ES}]"),
    ("en", "dp-after-project: Death penalty, after the project ends  "
           "[Action 2(b)(v); footnote 15]"),
])
def test_explain_prints_the_source_in_its_language(runner, example_path, language, expected):
    result = runner.invoke(cli, ["explain", str(example_path), "--lang", language])
    assert result.exit_code == 0, result.output
    assert expected in result.output
    if language != "en":
        assert not any(f"[{source}]" in result.output for source in ENGLISH_ONLY)
