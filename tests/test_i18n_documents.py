"""Documents in French and Spanish, and bilingual agreements (issue 15, points 1, 2, 6-8).

The clause texts come from a library built here whose every clause has a French and a
Spanish text (``placeholder_library``), so these tests hold whatever the packaged
translations say; the packaged ones are tested in test_i18n_library.py.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import requires_libreoffice, write_project
from readback import docx_text, paragraphs

from hrdd_docs import catalog, localized, resources, terms
from hrdd_docs.clauses import load_library
from hrdd_docs.cli import cli
from hrdd_docs.loading import load_project
from hrdd_docs.render import deed as render_deed
from hrdd_docs.render import waiver as render_waiver

NBSP, NNBSP = "\u00a0", "\u202f"

PLACEHOLDER = {
    "fr": ("Disposition {n}", "{{ Party }} respecte la disposition {n} {{ agreement|de }}.",
           "Action {n}"),
    "es": ("Disposición {n}", "{{ Party }} respetará la disposición {n} {{ agreement|de }}.",
           "Acción {n}"),
}


@pytest.fixture(scope="module")
def placeholder_library(tmp_path_factory: Any) -> Path:
    """Every packaged clause, with a French and a Spanish text of one sentence each."""
    folder = tmp_path_factory.mktemp("translated")
    for n, clause in enumerate(load_library(None), start=1):
        source = resources.read_text("clauses", f"{clause.id}.yaml")
        source = re.sub(r"(?ms)^translations:.*", "", source).rstrip() + "\ntranslations:\n"
        for language, (title, text, cited) in PLACEHOLDER.items():
            source += (f"  {language}:\n    title: {title.replace('{n}', str(n))}\n"
                       f"    source: {cited.replace('{n}', str(n))}\n"
                       f"    from_version: \"{clause.version}\"\n"
                       f"    text: \"{text.replace('{n}', str(n))}\"\n")
        (folder / f"{clause.id}.yaml").write_text(source, "utf-8")
    return folder


@pytest.fixture(scope="module")
def darvonia() -> Any:
    return load_project(Path(str(resources.folder("examples", "darvonia", "project.yaml"))))


def deed_in(project: Any, library: Path, *languages: str) -> bytes:
    with localized.rendering(languages), localized.gathering(project):
        (output,) = render_deed.render(project, load_library(library))
    return output.data


def waiver_in(project: Any, language: str) -> bytes:
    with localized.rendering((language,)), localized.gathering(project):
        (output,) = render_waiver.render(project)
    return output.data


def english_terms(language: str) -> list[str]:
    """The English glossary's terms that differ in ``language``, and "shall"."""
    english = terms.glossary("en")["terms"]
    other = terms.glossary(language)["terms"]
    found = [entry["text"] for key, entry in english.items()
             if entry["text"].lower() != other[key]["text"].lower() and key != "iom_short"]
    return [*found, "shall", "Page", " of ", "Signature:", "Total value", "Article "]


def without_values(text: str, project: Any) -> str:
    """The text less the values that are the same in every language (references)."""
    for value in (project.project.references.mou_reference,
                  project.project.references.deed_prefix, project.project.references.project_code):
        text = text.replace(value, "")
    return text


@pytest.mark.parametrize("language", ["fr", "es"])
def test_no_english_fixed_sentence_is_left_in_a_french_or_spanish_document(
        darvonia, placeholder_library, language):
    for data in (deed_in(darvonia, placeholder_library, language),
                 waiver_in(darvonia, language)):
        text = without_values(docx_text(data), darvonia)
        for word in english_terms(language):
            if language == "fr" and word in ("Page", "Article "):
                continue  # French writes these words too
            assert word not in text, (language, word)
        assert not re.search(r"\b(IOM|the|and|of|shall|Deed|Memorandum)\b", text), (
            language, re.search(r".{30}\b(IOM|the|and|of|shall|Deed|Memorandum)\b.{30}",
                                text))


def test_the_french_deed_reads_as_a_french_deed(darvonia, placeholder_library):
    text = docx_text(deed_in(darvonia, placeholder_library, "fr"))
    for expected in (
        "Acte de donation",
        "de l'Organisation internationale pour les migrations à la Force de police "
        "darvonienne, commandement de la province d'Esse",
        "agissant par l'intermédiaire d'OIM Darvonie (« l'OIM »),".replace(" »", f"{NBSP}»")
        .replace("« ", f"«{NBSP}"),
        "La Force de police darvonienne, commandement de la province d'Esse, pour l'Unité de "
        "police de proximité de Natite, sous l'autorité du Ministère de l'intérieur de la "
        "Darvonie",
        "Article premier – Donation", "Article 2 – État des Biens",
        f"3{NNBSP}200,00{NBSP}USD", f"6{NNBSP}821,00{NBSP}USD", "Valeur totale",
        "Moto 125 cm³ avec porte-bagages arrière",
        "Le Projet prend fin le 31 août 2027",
        "En foi de quoi, les soussignés, dûment autorisés à cet effet, ont signé le présent "
        "Acte à Esse City, en deux exemplaires originaux en français.",
        "Pour l'Organisation internationale pour les migrations", f"Fonction{NBSP}:",
        "Cheffe de mission", "Page", "sur",
        "Le Donataire respecte la disposition",  # the clause text, in French
    ):
        assert expected in text, expected
    assert "Article 1 " not in text and "Article 1." not in text


def test_the_spanish_deed_reads_as_a_spanish_deed(darvonia, placeholder_library):
    text = docx_text(deed_in(darvonia, placeholder_library, "es"))
    for expected in (
        "Acta de Donación",
        "de la Organización Internacional para las Migraciones a la Fuerza de Policía de "
        "Darvonia, Mando de la Provincia de Esse",
        "que actúa por conducto de OIM Darvonia («la OIM»),",
        "bajo la autoridad del Ministerio del Interior de Darvonia",
        "Artículo 1. Donación", "Artículo 2. Relación de los Bienes",
        f"3.200,00{NBSP}USD", f"6.821,00{NBSP}USD",
        "El Proyecto finaliza el 31 de agosto de 2027",
        "firman la presente Acta en Esse City, en dos ejemplares originales en español.",
        "Por la Organización Internacional para las Migraciones", "Cargo:", "Página",
        "El Donatario respetará la disposición",
    ):
        assert expected in text, expected


def test_a_bilingual_deed_holds_both_texts_and_one_set_of_signatures(darvonia,
                                                                    placeholder_library):
    data = deed_in(darvonia, placeholder_library, "fr", "en")
    text = "\n".join(paragraphs(data))  # each table cell once
    french_at, english_at = text.index("Acte de donation"), text.index("Deed of Donation")
    assert french_at < english_at
    assert text.count("Article premier – Donation") == 1 and text.count("Article 1. Donation") == 1
    assert text.count("En foi de quoi") == 1 and text.count("In witness whereof") == 1
    assert ("chacun en français et en anglais, les deux textes faisant également foi."
            in text)
    assert "each in French and English, both texts being equally authentic at Esse City." \
        in text
    # one set of signatures, after both texts
    assert text.count("Pour l'Organisation internationale pour les migrations") == 1
    assert "For the International Organization for Migration" not in text
    assert text.index("In witness whereof") > english_at
    assert text.count("La remise des Biens est constatée par des procès-verbaux") == 1
    assert text.count("The handover of the Items is recorded in handover notes") == 1
    assert text.count("Signature") >= 2  # the heading and the blocks, once
    assert deed_in(darvonia, placeholder_library, "fr", "en") == data  # deterministic
    # each text under its own header and footer
    import docx

    sections = docx.Document(io.BytesIO(data)).sections
    assert [("".join(p.text for p in s.header.paragraphs).split("\t")[-1],
             "".join(p.text for p in s.footer.paragraphs).split("\t")[0]) for s in sections] \
        == [("Acte de donation · DV-CS-0412", "OIM Darvonie"),
            ("Deed of Donation · DV-CS-0412", "IOM Darvonia")]


@pytest.mark.parametrize("languages", [("fr",), ("es",), ("es", "en"), ("en", "fr")])
def test_documents_are_byte_stable_in_every_language(darvonia, placeholder_library, languages):
    assert deed_in(darvonia, placeholder_library, *languages) == \
        deed_in(darvonia, placeholder_library, *languages)
    assert waiver_in(darvonia, languages[0]) == waiver_in(darvonia, languages[0])


def test_the_spanish_letter(darvonia):
    text = docx_text(waiver_in(darvonia, "es"))
    for expected in (
        "Ministerio de Asuntos Exteriores de Norland",  # the address, without the article
        "De nuestra mayor consideración:",
        "OIM Darvonia ejecuta el proyecto «Apoyo a la policía de la provincia de "
        "Darvonja/Esse» en Darvonia, del 1 de marzo de 2026 al 31 de agosto de 2027, con "
        "financiación del Ministerio de Asuntos Exteriores de Norland",
        "la OIM solicita al Ministerio de Asuntos Exteriores de Norland que acceda a reducir "
        "al mínimo estos requisitos",
        "La exención se aplicaría hasta el 31 de agosto de 2029.",
        "califica el riesgo de este apoyo como medio en conjunto",
        "Marco legislativo y normas aplicables: calificación «alto»",
        "Atentamente,",
    ):
        assert expected in text, expected


def test_a_value_missing_in_the_build_language_stops_the_build_with_its_place(
        runner, tmp_path, example_data, placeholder_library):

    example_data["project"]["title"] = "Only in English"
    example_data["recipients"][0]["unit"] = {"en": "Natite Unit", "es": "la Unidad de Natite"}
    path = write_project(tmp_path, example_data)
    out = tmp_path / "out"
    result = runner.invoke(cli, ["build", str(path), "-o", str(out), "--only", "deed",
                                 "--lang", "fr", "--library", str(placeholder_library)])
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    title_line = next(n for n, row in enumerate(path.read_text().splitlines(), 1)
                      if row.startswith("  title:"))
    assert any(line.startswith(f"{path}:{title_line}:") and line.endswith(
        " project.title: has no French text, which the fr documents print; write it as "
        "title: {en: <as now>, fr: …}") for line in lines), lines
    assert any(line.endswith("recipients[0].unit: has no French text, which the fr "
                             "documents print; write it as unit: {en: …, es: …, fr: …}")
               for line in lines), lines
    assert not out.exists()


def test_the_mou_is_built_in_french(runner, tmp_path, example_path):
    result = runner.invoke(cli, ["build", str(example_path), "-o", str(tmp_path / "o"),
                                 "--only", "mou", "--lang", "fr"])
    assert result.exit_code == 0, result.output
    assert "Mémorandum d'accord" in docx_text(
        (tmp_path / "o" / "drv-esse-police-mou.docx").read_bytes())


@pytest.mark.parametrize("value", ["de", "fr,fr", "fr,en,es", "FR", ""])
def test_a_wrong_lang_is_refused(runner, tmp_path, example_path, value):
    result = runner.invoke(cli, ["build", str(example_path), "-o", str(tmp_path / "o"),
                                 "--lang", value])
    assert result.exit_code == 2
    assert "is not a document language; give one of en, fr, es" in result.stderr


@pytest.mark.parametrize("kind", ["common", "deed_of_donation", "visibility_waiver"])
@pytest.mark.parametrize("language", ["fr", "es"])
def test_every_template_sentence_exists_in_each_language_and_is_current(kind, language):
    assert catalog.stale(kind, language) == []
    assert set(catalog.entries(kind, language)) == set(catalog.entries(kind, "en"))


@pytest.mark.parametrize("kind", ["deed_of_donation", "visibility_waiver"])
def test_every_entry_is_used_by_its_builder_or_its_renderer(kind):
    templates = Path(__file__).resolve().parents[1] / "templates"
    sources = (templates / kind / "build_template.py").read_text("utf-8")
    sources += Path(render_deed.__file__ if kind == "deed_of_donation"
                    else render_waiver.__file__).read_text("utf-8")
    from hrdd_docs.render import docx_layout  # the opening and page frame they share

    sources += Path(docx_layout.__file__).read_text("utf-8")
    unused = [key for key in catalog.entries(kind, "en")
              if f'"{key}"' not in sources and f"'{key}'" not in sources
              and not any(key.startswith(p) and p in sources for p in
                          ('schedule.', 'noncompliance.', 'rating.', 'request.', 'salutation.',
                           'recipients.', 'recipient.'))]
    assert unused == []


def test_a_stale_template_entry_is_refused(tmp_path, monkeypatch):
    text = resources.read_text("templates", "deed_of_donation", "text", "fr.yaml")
    stale = text.replace("en: Deed of Donation\n", "en: Deed of Gift\n", 1)
    assert stale != text
    catalog.entries.cache_clear()
    monkeypatch.setattr(catalog, "_read", lambda kind, language: __import__(
        "hrdd_docs.yamlsource", fromlist=["parse"]).parse(
            stale if language == "fr" and kind == "deed_of_donation" else
            resources.read_text("templates", kind, "text", f"{language}.yaml"), "x").data)
    try:
        with pytest.raises(catalog.CatalogError, match="title: stale, the English text "
                                                        "changed since"):
            catalog.entries("deed_of_donation", "fr")
    finally:
        catalog.entries.cache_clear()


def test_glossary_names_are_the_documents_names(darvonia, placeholder_library):
    french = docx_text(deed_in(darvonia, placeholder_library, "fr"))
    spanish = docx_text(deed_in(darvonia, placeholder_library, "es"))
    for key in ("iom", "deed"):
        assert terms.term(key, "fr") in french, key
        assert terms.term(key, "es") in spanish, key
    letter = docx_text(waiver_in(darvonia, "fr"))
    assert terms.term("hrddp", "fr") in letter
    assert terms.term("hrddp", "es") in docx_text(waiver_in(darvonia, "es"))


@requires_libreoffice
@pytest.mark.libreoffice
def test_libreoffice_opens_each_language(tmp_path, darvonia, placeholder_library):
    from hrdd_docs.office import convert, pdf_text

    made = {"deed-fr": deed_in(darvonia, placeholder_library, "fr"),
            "deed-es": deed_in(darvonia, placeholder_library, "es"),
            "deed-fr-en": deed_in(darvonia, placeholder_library, "fr", "en"),
            "letter-fr": waiver_in(darvonia, "fr"), "letter-es": waiver_in(darvonia, "es")}
    for name, data in made.items():
        source = tmp_path / f"{name}.docx"
        source.write_bytes(data)
        text = " ".join(pdf_text(convert(source, "pdf", tmp_path / "pdf")).split())
        if name.startswith("deed-fr"):
            assert "Article premier – Donation" in text
            assert "6 821,00 USD".replace(" ", "") in text.replace(NNBSP, "").replace(
                NBSP, "").replace(" ", "")
        if name == "deed-fr-en":
            assert "les deux textes faisant également foi" in text
            assert "both texts being equally authentic" in text
        if name == "deed-es":
            assert "Artículo 1. Donación" in text and "31 de agosto de 2027" in text
        if name.startswith("letter-"):
            assert ("Madame, Monsieur," if name.endswith("fr")
                    else "De nuestra mayor consideración:") in text
    shutil.rmtree(tmp_path / "pdf", ignore_errors=True)


def test_explain_shows_the_clauses_in_the_asked_language(runner, example_path,
                                                         placeholder_library):
    result = runner.invoke(cli, ["explain", str(example_path), "--lang", "es", "--text",
                                 "--library", str(placeholder_library)])
    assert result.exit_code == 0, result.output
    assert "  Condiciones del apoyo" in result.output
    assert "1. cond-general: Disposición" in result.output
    assert "La Autoridad respetará la disposición" in result.output
    assert "because " in result.output  # the reasons stay English, as every CLI message
    refused = runner.invoke(cli, ["explain", str(example_path), "--lang", "es"])
    if refused.exit_code == 2:  # until every packaged clause has its Spanish text
        assert "has no Spanish text" in refused.stderr


@pytest.mark.parametrize("languages", [("fr",), ("es",), ("fr", "en")])
def test_no_internal_finding_reaches_an_external_document_in_any_language(
        darvonia, placeholder_library, languages):
    from readback import all_xml_text

    internal = [a.findings for _, a in darvonia.assessment.elements.items() if a.findings]
    internal += [r.description for r in darvonia.assessment.risks]
    internal += [m.description for m in darvonia.mitigations]
    internal += [i.detected for i in darvonia.procedure.log]
    everything = all_xml_text(deed_in(darvonia, placeholder_library, *languages))
    for text in internal:
        for variant in {str(text), *getattr(text, "variants", {}).values()}:
            assert variant[:40] not in everything, variant


def test_a_french_build_says_what_its_internal_documents_print_as_written(
        runner, tmp_path, example_path, placeholder_library):
    out = tmp_path / "fr"
    result = runner.invoke(cli, ["build", str(example_path), "-o", str(out), "--lang", "fr",
                                 "--only", "deed,sop,ira,visibility_waiver",
                                 "--library", str(placeholder_library),
                                 "--as-of", "2026-03-01"])
    assert result.exit_code == 0, result.output
    assert "the reasoning" not in result.stderr  # the reasons are French too
    assert "IRA workbook" not in result.stderr  # wholly French, its sources too
    assert ("the procedure sheet is written in French; the project's values it prints that "
            "have no French text") in result.stderr
    assert "written in English for now" not in result.stderr
    assert "Acte de donation" in docx_text((out / "drv-esse-police-deed-dpf-esse.docx")
                                           .read_bytes())
    import json

    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["builds"][-1]["languages"] == ["fr"]


def test_a_project_written_in_french_says_the_same_without_lang(runner, tmp_path,
                                                                example_data):
    """project.language: fr builds in French without --lang, and says what its internal
    documents print as written, as `--lang fr` does; an English build says nothing."""
    example_data["project"]["language"] = "fr"
    source = write_project(tmp_path, example_data)
    result = runner.invoke(cli, ["build", str(source), "-o", str(tmp_path / "fr"), "--only",
                                 "sop", "--as-of", "2026-03-01"])
    assert result.exit_code == 0, result.output
    assert "the procedure sheet is written in French" in result.stderr
    result = runner.invoke(cli, ["build", str(source), "-o", str(tmp_path / "en"), "--only",
                                 "sop", "--as-of", "2026-03-01", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "is written in" not in result.stderr


def test_several_projects_are_built_in_the_asked_language(runner, tmp_path, example_data,
                                                          placeholder_library):
    from conftest import write_project

    for name in ("a", "b"):
        example_data["project"]["id"] = f"drv-{name}"
        (tmp_path / "in" / name).mkdir(parents=True)
        write_project(tmp_path / "in" / name, example_data)
    result = runner.invoke(cli, ["build", str(tmp_path / "in"), "-o", str(tmp_path / "out"),
                                 "--only", "deed", "--lang", "es", "-j", "1",
                                 "--library", str(placeholder_library)])
    assert result.exit_code == 0, result.output
    for name in ("a", "b"):
        deed = tmp_path / "out" / f"drv-{name}" / f"drv-{name}-deed-dpf-esse.docx"
        assert "Acta de Donación" in docx_text(deed.read_bytes())
