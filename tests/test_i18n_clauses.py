"""Clauses per language: translations read, rendered in the document's language, linted,
and refused when missing or stale (issue 15, point 3). Libraries are built in tmp_path."""

from __future__ import annotations

import copy
import re
import textwrap
from pathlib import Path
from typing import Any

import pytest

from hrdd_docs import clause_lint, localized
from hrdd_docs.clauses import Library, load_library, select
from hrdd_docs.errors import InputError
from hrdd_docs.model import Project

CLAUSE = """\
id: {id}
family: death_penalty
title: Death penalty
documents: [mou, deed]
article: 5
version: "{version}"
source: Action 2(b)
trigger: {{death_penalty_status: [abolitionist_in_practice, retentionist]}}
text: |
  {{{{ Party }}}} shall ensure that nothing provided under {{{{ agreement }}}} is used to
  carry out a sentence of death, including after {{{{ end_date }}}}.
"""

FRENCH = """\
translations:
  fr:
    title: Peine de mort
    source: Action 2(b)
    from_version: "{version}"
    text: |
      {{{{ Party }}}} veille à ce que rien de ce qui est fourni au titre {{{{ agreement|de }}}}
      ne serve à exécuter une condamnation à mort, y compris après le {{{{ end_date }}}}.
"""

SPANISH = """\
  es:
    title: Pena de muerte
    source: Acción 2(b)
    from_version: "{version}"
    text: |
      {{{{ Party }}}} velará por que nada de lo proporcionado en virtud {{{{ agreement|de }}}}
      se utilice para ejecutar una pena de muerte, incluso después del {{{{ end_date }}}}.
"""


def library(tmp_path: Path, body: str, clause_id: str = "dp-test") -> Path:
    folder = tmp_path / "lib"
    folder.mkdir(exist_ok=True)
    (folder / f"{clause_id}.yaml").write_text(body, encoding="utf-8")
    return folder


def only(folder: Path, clause_id: str = "dp-test") -> Library:
    """The library of that one clause (the packaged ones are not translated here)."""
    clause = load_library(folder).get(clause_id)
    assert clause is not None
    return Library((clause,))


def french_project(example_data: dict[str, Any], language: str = "en") -> Project:
    """Darvonia (which gives French and Spanish texts), no clause named by a measure."""
    data = copy.deepcopy(example_data)
    data["project"]["language"] = language
    for mitigation in data["mitigations"]:
        mitigation.pop("clauses", None)
    return Project.model_validate(data)


def untranslated(example_data: dict[str, Any]) -> Project:
    """Darvonia with its values in English only."""
    def plain(node: Any) -> Any:
        if isinstance(node, dict):
            if node and set(node) <= {"en", "fr", "es"}:
                return node["en"]
            return {k: plain(v) for k, v in node.items()}
        if isinstance(node, list):
            return [plain(v) for v in node]
        return node

    return french_project(plain(example_data))


def test_a_translation_is_rendered_in_its_language_with_its_context(tmp_path, example_data):
    folder = library(tmp_path, CLAUSE.format(id="dp-test", version="1.0")
                     + FRENCH.format(version="1.0") + SPANISH.format(version="1.0"))
    lib = only(folder)
    project = french_project(example_data)
    with localized.lenient(), localized.documents_of(project):
        mou_fr = {s.clause.id: s for s in select(project, "mou", lib, "fr")}["dp-test"]
        deed = project.for_recipient("dpf-esse")
        deed_fr = {s.clause.id: s for s in select(deed, "deed", lib, "fr")}["dp-test"]
        mou_es = {s.clause.id: s for s in select(project, "mou", lib, "es")}["dp-test"]
        deed_es = {s.clause.id: s for s in select(deed, "deed", lib, "es")}["dp-test"]
        mou_en = {s.clause.id: s for s in select(project, "mou", lib, "en")}["dp-test"]
    assert mou_fr.title == "Peine de mort" and mou_fr.language == "fr"
    assert mou_fr.text == ("L'Autorité veille à ce que rien de ce qui est fourni au titre du "
                           "présent Mémorandum ne serve à exécuter une condamnation à mort, y "
                           "compris après le 31 août 2027.")
    assert deed_fr.text.startswith("Le Donataire veille à ce que rien de ce qui est fourni au "
                                   "titre du présent Acte ne serve")
    assert mou_es.text == ("La Autoridad velará por que nada de lo proporcionado en virtud del "
                           "presente Memorando se utilice para ejecutar una pena de muerte, "
                           "incluso después del 31 de agosto de 2027.")
    assert deed_es.text.startswith("El Donatario velará por que nada de lo proporcionado en "
                                   "virtud de la presente Acta")
    assert mou_en.text.startswith("The Authority shall ensure that nothing provided under "
                                  "this Memorandum") and mou_en.title == "Death penalty"


def test_a_value_without_a_text_in_the_document_language_is_listed_with_its_place(
        tmp_path, example_data):
    folder = library(tmp_path, CLAUSE.format(id="dp-test", version="1.0")
                     + FRENCH.format(version="1.0"))
    project = untranslated(example_data)
    with pytest.raises(InputError) as err, localized.gathering(project):
        select(project, "mou", only(folder), "fr")
    messages = [str(p) for p in err.value.problems]
    assert ("project definition activities[0].description: has no French text, which the fr "
            "documents print; write it as description: {en: <as now>, fr: …}") in messages
    assert ("project definition activities[4].data.categories[1]: has no French text, which "
            "the fr documents print; write this entry as {en: <as now>, fr: …}"
            ) in messages


def test_a_build_language_without_the_clause_stops_naming_it_and_the_fix(tmp_path,
                                                                         example_data):
    folder = library(tmp_path, CLAUSE.format(id="dp-test", version="1.0")
                     + FRENCH.format(version="1.0"))
    lib = only(folder)
    project = french_project(example_data)
    with pytest.raises(InputError) as err, localized.lenient():
        select(project, "mou", lib, "es")
    messages = [str(p) for p in err.value.problems]
    mine = [m for m in messages if "'dp-test'" in m]
    assert len(messages) == 1
    assert mine == [f"{folder / 'dp-test.yaml'}:1:1 translations.es: clause 'dp-test' has no "
                    "Spanish text, and the Memorandum of Understanding in Spanish carries it; "
                    "add translations: es: with title, source, text and from_version: \"1.0\" "
                    "to its file (clauses/README.md), or build in another language"]


def test_a_stale_translation_stops_the_build_at_its_from_version(tmp_path, example_data):
    folder = library(tmp_path, CLAUSE.format(id="dp-test", version="1.1")
                     + FRENCH.format(version="1.0"))
    lib = only(folder)
    project = french_project(example_data)
    with pytest.raises(InputError) as err, localized.lenient():
        select(project, "deed", lib, "fr")
    mine = [str(p) for p in err.value.problems if "'dp-test'" in str(p)]
    assert mine == [f"{folder / 'dp-test.yaml'}:16:1 translations.fr.from_version: clause "
                    "'dp-test': the French text was made from version 1.0, but the English "
                    "text is now version 1.1; bring the French text up to date with the "
                    "English and set from_version: \"1.1\""]
    assert lib.get("dp-test").translation_state("fr") == "stale"
    assert lib.get("dp-test").translation_state("es") == "missing"
    assert lib.get("dp-test").translation_state("en") == "current"


@pytest.mark.parametrize(("block", "expected"), [
    ("translations:\n  de:\n    title: x\n    from_version: '1'\n    text: x\n",
     "translations.de: unknown language 'de'; a clause is translated into fr or es"),
    ("translations:\n  fr:\n    title: x\n    text: x\n",
     "translations.fr.from_version: required key 'from_version' is missing or empty"),
    ("translations:\n  fr:\n    title: x\n    from_version: '1'\n    text: x\n    notes: y\n",
     "translations.fr.notes: unknown key 'notes'"),
    ("translations:\n  fr:\n    title: x\n    from_version: '1'\n    text: '{{ secret }}'\n",
     "translations.fr.text: clause 'dp-test' (fr): uses 'secret', which the clause context "
     "does not provide"),
])
def test_a_malformed_translation_is_refused_with_its_place(tmp_path, block, expected):
    folder = library(tmp_path, CLAUSE.format(id="dp-test", version="1.0") + block)
    with pytest.raises(InputError) as err:
        load_library(folder)
    assert any(expected in str(p) for p in err.value.problems), err.value.problems


def test_lint_reports_missing_and_stale_per_language_and_checks_variables(tmp_path):
    dropped = FRENCH.format(version="1.0").replace(", y compris après le {{ end_date }}", "")
    folder = library(tmp_path, CLAUSE.format(id="dp-test", version="1.1") + dropped)
    lib, problems = clause_lint.lint(folder)
    report = clause_lint.translations(lib)
    assert "dp-test" in report["fr"]["stale"] and "dp-test" in report["es"]["missing"]
    mine = [str(p) for p in problems if "dp-test" in str(p)]
    assert mine == [f"{folder / 'dp-test.yaml'}:18:1 translations.fr.text: clause 'dp-test' "
                    "(fr): the translation does not use end_date, which the English text "
                    "uses; say what the English says, with its variables"]
    _, strict = clause_lint.lint(folder, ("fr", "es"))
    strict_mine = [str(p) for p in strict if "dp-test" in str(p)]
    assert len(strict_mine) == 3
    assert any("translations.es: clause 'dp-test' has no Spanish text" in m for m in strict_mine)


def test_lint_cli_lists_each_language(runner, tmp_path):
    from hrdd_docs.cli import cli as main

    folder = library(tmp_path, CLAUSE.format(id="dp-test", version="1.0")
                     + FRENCH.format(version="1.0"))
    result = runner.invoke(main, ["clauses", "lint", "--library", str(folder)])
    assert result.exit_code == 0, result.output
    assert re.search(r"^French \(fr\): \d+ of \d+ clauses translated and current; missing "
                     r"\d+, stale \d+$", result.output, re.MULTILINE)
    assert re.search(r"^Spanish \(es\): ", result.output, re.MULTILINE)
    stale = folder / "dp-test.yaml"
    stale.write_text(stale.read_text("utf-8").replace('version: "1.0"\nsource',
                                                      'version: "1.1"\nsource'), "utf-8")
    strict = runner.invoke(main, ["clauses", "lint", "--library", str(folder), "--lang", "fr"])
    assert strict.exit_code == 2
    assert "'dp-test': the French text was made from version 1.0" in strict.output
    stale.write_text(stale.read_text("utf-8").replace('version: "1.1"\nsource',
                                                      'version: "1.0"\nsource'), "utf-8")
    shown = runner.invoke(main, ["clauses", "show", "dp-test", "--library", str(folder),
                                 "--lang", "fr"])
    assert "fr: current (made from version 1.0)" in shown.output
    assert "L'Autorité veille à ce que rien" in shown.output
    french_part = shown.output[shown.output.index("fr: current"):]
    source = next(line for line in french_part.splitlines() if line.startswith("source:"))
    assert source == "source:    Action 2(b)"


def test_the_filters_contract_articles(tmp_path):
    from hrdd_docs.environment import make_environment

    env = make_environment(xml=False)
    template = env.from_string("{{ x|de }} / {{ x|a }}")
    cases = [("fr", "le Donataire", "du Donataire / au Donataire"),
             ("fr", "les Parties", "des Parties / aux Parties"),
             ("fr", "l'Autorité", "de l'Autorité / à l'Autorité"),
             ("fr", "la Darvonie", "de la Darvonie / à la Darvonie"),
             ("fr", "Haïti", "d'Haïti / à Haïti"),
             ("fr", "Darvonia", "de Darvonia / à Darvonia"),
             ("fr", "le présent Mémorandum", "du présent Mémorandum / au présent Mémorandum"),
             ("es", "el Donatario", "del Donatario / al Donatario"),
             ("es", "la Autoridad", "de la Autoridad / a la Autoridad"),
             ("es", "los Bienes", "de los Bienes / a los Bienes"),
             ("es", "El Salvador", "de El Salvador / a El Salvador"),
             ("en", "the Recipient", "of the Recipient / to the Recipient")]
    for language, value, expected in cases:
        assert template.render(x=value, language=language) == expected, (language, value)
    with pytest.raises(ValueError, match="need the document language"):
        template.render(x="le Donataire")


def test_every_clause_text_names_variables_the_context_gives_in_every_language():
    from hrdd_docs.clause_context import CONTEXT_VARIABLES

    for language in ("en", "fr", "es"):
        for document in ("mou", "deed"):
            for variables in clause_lint.contexts(document, language):
                assert set(variables) == set(CONTEXT_VARIABLES)
                assert variables["language"] == language


def test_readme_example_dedents():
    assert textwrap.dedent(CLAUSE)
