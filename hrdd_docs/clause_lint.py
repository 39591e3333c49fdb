"""``hrdd clauses lint``: check a clause library beyond what loading refuses."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from hrdd_docs import localized, resources, triggers, yamlsource
from hrdd_docs.clause_translations import source_problem
from hrdd_docs.clauses import (
    DOCUMENT_NAMES,
    FAMILIES,
    TRANSLATED,
    Clause,
    Library,
    Translation,
    context,
    read_library,
    render,
    text_variables,
    translation_problem,
)
from hrdd_docs.errors import InputError, Problem
from hrdd_docs.model import Project


def lint(user_dir: Path | None = None,
         languages: tuple[str, ...] = ()) -> tuple[Library, list[Problem]]:
    """Check the library (packaged, plus ``user_dir``) and return every problem found.

    Beyond what loading refuses (bad YAML, unknown keys, families, facts or tags, template
    syntax, undocumented variables, duplicate ids): every clause is rendered for each of
    its documents with the Darvonia example and with the sample project (which adds a
    coast guard, a biometric registration kit, phases and a trial), so a sandbox
    violation, a missing value or a misspelt attribute shows here; each vocabulary tag
    must be used by a clause; each family must have a clause for each of its documents
    (a family that binds the recipient of items needs a deed text); variants of one
    group must differ in strength. Each translation is rendered the same way in its
    language, must use the variables the English text uses and must give its
    ``source`` (the citation of the Toolkit in its language); with ``languages``, a
    clause missing or stale in one of them is a problem too (:func:`translations`
    reports them in any case).
    """
    from hrdd_docs.vocabulary import risk_tags

    library, problems = read_library(user_dir)
    for clause in library:
        for document in clause.documents:
            for language in ("en", *(t.language for t in clause.translations)):
                for variables in contexts(document, language):
                    try:
                        render(clause, variables)
                    except InputError as err:
                        problems += err.problems
        for translation in clause.translations:
            problems += _variable_problems(clause, translation)
            if not translation.source:
                problems.append(source_problem(clause, translation))
        for language in languages:
            found = translation_problem(clause, language)
            if found is not None:
                problems.append(found)
    used = {tag for clause in library for fact in triggers.facts_used(clause.trigger)
            if fact.name == "tag" for tag in fact.value}
    vocabulary = yamlsource.parse(resources.read_text("clauses", "vocabulary.yaml"),
                                  "clauses/vocabulary.yaml")
    for tag in risk_tags():
        if tag not in used:
            problems.append(vocabulary.problem(("tags", tag), f"tag {tag!r} is used by no "
                                               "clause; key a clause on it or remove it"))
    for family, (_, documents) in FAMILIES.items():
        for document in documents:
            if not any(c.family == family and document in c.documents for c in library):
                problems.append(Problem("clauses", 0, 0, "", f"family {family!r} has no clause "
                                        f"for the {DOCUMENT_NAMES[document]} ({document})"))
    groups: dict[str, list[Clause]] = {}
    for clause in library:
        if clause.variant_group:
            groups.setdefault(clause.variant_group, []).append(clause)
    for group, members in groups.items():
        strengths = [c.strength for c in members]
        if len(set(strengths)) != len(strengths) or len(members) < 2:
            problems.append(Problem(members[0].file, 0, 0, "variant", f"variant group "
                                    f"{group!r} needs two or more clauses of different "
                                    f"strengths ({', '.join(c.id for c in members)})"))
    return library, sorted(set(problems))


_SAME = {"Party": "party", "Agreement": "agreement", "Items": "items"}


def _variable_problems(clause: Clause, translation: Translation) -> list[Problem]:
    """A translation says what the English says: the same variables (``Party`` counts
    as ``party``; ``language`` is free)."""
    def names(source: str) -> set[str]:
        return {_SAME.get(n, n) for n in text_variables(source)} - {"language"}

    english, translated = names(clause.text), names(translation.text)
    if english == translated:
        return []
    parts = []
    if english - translated:
        parts.append(f"does not use {', '.join(sorted(english - translated))}, which the "
                     "English text uses")
    if translated - english:
        parts.append(f"uses {', '.join(sorted(translated - english))}, which the English "
                     "text does not")
    return [Problem(clause.file, translation.text_line, 1 if translation.text_line else 0,
                    f"translations.{translation.language}.text",
                    f"clause {clause.id!r} ({translation.language}): the translation "
                    f"{' and '.join(parts)}; say what the English says, with its variables")]


def translations(library: Library) -> dict[str, dict[str, list[str]]]:
    """Per language (fr, es): the ids of the clauses ``missing`` a translation and those
    whose translation is ``stale`` (made from another version of the English)."""
    return {language: {state: [c.id for c in library
                               if c.translation_state(language) == state]
                       for state in ("missing", "stale")}
            for language in TRANSLATED}


SAMPLE_RECIPIENT = "sample-coast-guard"
"""The recipient whose deed the sample deed is: it receives a vessel and a biometric kit."""


@cache
def _example() -> Project:
    from hrdd_docs.loading import project_from

    return project_from(yamlsource.parse(
        resources.read_text("examples", "darvonia", "project.yaml"), "examples/darvonia"))


@cache
def sample_project() -> Project:
    """The Darvonia example with what it lacks for a reviewer to see every clause filled in.

    A coast guard that receives a patrol vessel (in the conditional second phase) and a
    biometric registration kit (with its data-handling facts), and a first phase given
    on a trial basis. Sample values only: never a document's text.
    """
    data = _example().model_dump(mode="json", exclude_none=True)
    data["recipients"].append({
        "id": SAMPLE_RECIPIENT, "name": "Darvonian Coast Guard, Northern District",
        "category": "coast_guard", "authority": "Ministry of Interior of Darvonia",
        "focal_point": {"name": "Sample Officer", "title": "District Commander"}})
    data["activities"] += [
        {"id": "sample-vessel", "kind": "equipment", "phase": "motorbikes",
         "description": "A patrol vessel for search and rescue off the northern coast",
         "recipients": [SAMPLE_RECIPIENT],
         "use_restriction": "search and rescue within the territorial waters of Darvonia",
         "items": [{"description": "Patrol vessel, 12 m", "quantity": 1,
                    "unit_value": "250000", "currency": "USD",
                    "identifiers": ["Hull DCG-12-0001"]}]},
        {"id": "sample-registration", "kind": "digital_identity",
         "description": "A biometric registration kit for persons disembarked at the port",
         "recipients": [SAMPLE_RECIPIENT], "personal_data": True, "biometric_data": True,
         "items": [{"description": "Biometric registration kit", "quantity": 2,
                    "unit_value": "4800", "currency": "USD"}],
         "data": {"categories": ["names", "fingerprints", "facial images"],
                  "purpose": "the registration of persons disembarked at the port",
                  "legal_basis": "the Immigration Act, section 12",
                  "retention": "five years from registration",
                  "receivers": ["the Ministry of Interior"],
                  "sharing_agreement": "SAMPLE/DSA/01"}},
    ]
    data["phases"][0]["trial"] = True
    return Project.model_validate(data)


def contexts(document: str, language: str = "en") -> list[dict[str, Any]]:
    """The variables a clause is rendered with for a check: the Darvonia example and the
    sample project, as the MOU or as a deed (the police's and the coast guard's), in
    ``language`` (a sample value without a text in it stands in its own language)."""
    with localized.lenient(), localized.documents_of(_example()):
        if document == "deed":
            return [context(_example().for_recipient(_example().recipients[0].id), "deed",
                            language),
                    context(sample_project().for_recipient(SAMPLE_RECIPIENT), "deed",
                            language)]
        return [context(_example(), document, language),
                context(sample_project(), document, language)]


def sample_context(document: str, language: str = "en") -> dict[str, Any]:
    """The sample values ``hrdd clauses show`` renders a clause with, for one document."""
    return contexts(document, language)[-1]
