"""The Memorandum of Understanding with the host government (design.md §2; Action 5).

One MOU per project, between IOM and the State authorities responsible for the
supported forces: the one that commands, contracts or directs each force, and for a
group outside State structures the host government's authority through which support
to it is coordinated (national ownership, Action 2(a); see :mod:`hrdd_docs.parties`).
It carries the purpose and scope taken from the activities, the HRDDP commitment, the
conditions of support, the clauses the library selected for the MOU as numbered
articles, monitoring and reporting, the consequences of non-compliance in the order
of Action 7 (intercession, suspension, cessation as a last resort), the focal points,
the duration and the signatures.

The MOU exists in English, French and Spanish (``templates/mou/text/*.yaml``); two
languages (``hrdd build --lang fr,en``) give one bilingual MOU, both texts equally
authentic, with one set of signatures (:mod:`hrdd_docs.render.bilingual`). The parties,
focal points and signatures are worded in :mod:`hrdd_docs.render.mou_parties`.

Only facts fit for the government's eyes go into the context: names, activities, dates,
focal points and clause texts. The assessment (findings, sources, ratings, risks,
affected groups), the mitigation descriptions and the internal procedure never do.
"""

from __future__ import annotations

from typing import Any

from hrdd_docs import catalog, resources
from hrdd_docs.localized import document_languages, text_in
from hrdd_docs.model import Project
from hrdd_docs.outputs import Audience, Output
from hrdd_docs.render.docx import (
    ArticleCounter,
    clause_families,
    document_date,
    family_titles,
    render_template,
)
from hrdd_docs.terms import in_country, period_words
from hrdd_docs.wording import join_words, long_date

KIND = "mou"

ANCHORED = ("conditionality", "monitoring", "non_compliance")
"""Clause families printed inside a fixed article of the template, not one of their own."""


def template(language: str) -> tuple[str, str]:
    """The packaged Word template of the MOU in ``language``."""
    return (KIND, f"template.{language}.docx")


def render(project: Project, library: Any, build: Any = None) -> list[Output]:
    """Return the MOU of ``project`` with the MOU clauses selected from ``library``, in
    the build's language, or in its two languages as one bilingual MOU."""
    from hrdd_docs import clauses

    clauses.check(project, library)
    info = project.project
    reference = mou_reference(project)
    languages = document_languages(project)
    texts, first = [], None
    for position, language in enumerate(languages):
        selected = clauses.select(project, "mou", library, language)
        values = context(project, selected, language=language, languages=languages,
                         second=position > 0)
        title = (f"Memorandum of Understanding: {text_in(info.title, 'en')}"
                 if language == "en" else
                 f"{catalog.text(KIND, 'title', language)} – {values['project']['title']}")
        texts.append(render_template(
            resources.folder("templates", *template(language)), values, title=title,
            subject=reference, author=values["project"]["office"],
            when=document_date(project)))
        first = first if first is not None else selected
    data = texts[0]
    if len(texts) > 1:
        from hrdd_docs.render.bilingual import combine

        data = combine(texts[0], texts[1])
    return [Output(name=f"{info.id}-mou.docx", data=data, kind="mou",
                   audience=Audience.external,
                   title=f"Memorandum of Understanding: {info.title}",
                   clauses=tuple(first or ()), notes=tuple(signatory_gaps(project)))]


def mou_reference(project: Project) -> str:
    """The MOU's reference: ``references.mou``, else ``<project_code>/MOU``."""
    return project.project.references.mou_reference


def context(project: Project, selected: list[Any], *, language: str = "en",
            languages: tuple[str, ...] = ("en",), second: bool = False) -> dict[str, Any]:
    """Every value the MOU template prints, as plain strings, lists and dicts.

    ``language`` is the text's; ``languages`` are the MOU's texts (two for a bilingual
    MOU, whose ``second`` text carries no signatures).
    """
    from hrdd_docs.render import mou_parties

    info = project.project
    mechanism = project.country_mechanism
    families, anchored = clause_families(selected, family_titles(language), ANCHORED)
    words = mou_parties.Words(project, language)
    country = words.country()
    locations = [text_in(place, language) for place in info.locations]
    parties = mou_parties.parties(words)
    return {
        "language": language,
        "bilingual": {"second": second},
        "doc": {"reference": mou_reference(project),
                "project_code": info.references.project_code},
        "project": {
            "title": text_in(info.title, language),
            "office": text_in(info.office, language),
            "country": country,
            "country_in": in_country(country, language),
            "locations": join_words(locations, language=language) or country,
            **({} if language == "fr" else
               {"locations_in": _locations_in(locations, country, language)}),
            "start": long_date(info.start, language),
            "end": long_date(info.end, language),
        },
        "parties": parties,
        "activities": [
            {"description": text_in(a.description, language).rstrip(" ."),
             "kind": words.sentence(f"kind.{a.kind.value}")}
            for a in project.activities
        ],
        "mechanism": {
            "exists": mechanism.exists,
            # Participation, not existence, decides how IOM communicates (Actions 3, 7).
            "participates": mechanism.exists and mechanism.iom_participates,
            "lead": words.name(mechanism.senior_un_official) if mechanism.senior_un_official
            else words.sentence("mechanism.lead"),
        },
        "assessment": _assessment(project),
        "commitment": {"duties": mou_parties.duties(words, parties)},
        "families": families,
        "anchored": anchored,
        "items": mou_parties.items(words),
        "monitoring": {"period": period_words(project.monitoring.period_months, language)},
        "focal_points": mou_parties.focal_points(words, parties),
        "signatures": mou_parties.signatures(words, languages),
        "article": ArticleCounter(language),
    }


def _locations_in(locations: list[str], country: str, language: str) -> str:
    """Where the Project is implemented, after the verb: "in the Natite IDP site and Esse
    Province", "en el sitio … y la provincia de Esse"; without locations, "in" the
    country as each language writes it. Not for French, whose preposition depends on the
    place ("sur le site", "dans la province", "à Bamako"): the French text names the
    places as a list (``project.locations``: "dans la zone …, à savoir le site … et la
    province d'Esse"), so it never has to choose one."""
    if not locations:
        return in_country(country, language)
    prefix = "in" if language == "en" else "en"
    return f"{prefix} {join_words(locations, language=language)}"


def the(name: str, *, capital: bool = False) -> str:
    """``the Ministry of Interior``, unless the name already starts with "the", or is a
    company's registered name, which English writes without it (``Sentinel Guarding
    Ltd``: a private security company, Action 1)."""
    if name.lower().startswith("the "):
        return ("T" if capital else "t") + name[1:]
    if name.rstrip(" .").rsplit(" ", 1)[-1].rstrip(".").lower() in _COMPANY_SUFFIXES:
        return name
    return ("The " if capital else "the ") + name


_COMPANY_SUFFIXES = frozenset({"ltd", "limited", "inc", "llc", "plc", "s.a", "sa", "sarl",
                               "s.a.r.l", "gmbh", "ag", "bv", "b.v", "nv", "n.v", "pty",
                               "corp", "s.l", "sl", "srl", "s.r.l", "lda", "ltda", "spa"})


# Country names that English writes with "the": "the Government of the Republic of X".
_THE_OPENING = ("Republic ", "Democratic ", "Federal ", "Federation ", "Federated ",
                "Islamic ", "Kingdom ", "United ", "State of ", "States of ", "Principality ",
                "Sultanate ", "Commonwealth ", "Plurinational ", "Bolivarian ", "Grand Duchy ",
                "Union ", "Independent State ", "Hashemite ", "Co-operative ", "Lao People",
                "People's ", "Holy See")
_THE_ENDING = (" Islands", " Republic", " Emirates", " States")
_THE_NAMES = {"Bahamas", "Comoros", "Congo", "Gambia", "Maldives", "Netherlands", "Niger",
              "Philippines", "Seychelles", "Sudan"}


def country_name(country: str) -> str:
    """The country as it reads after "in" or "of": ``the Republic of Qalmaria``,
    ``Darvonia``; a name already starting with "the" is kept."""
    if country.lower().startswith("the "):
        return country
    if (country.startswith(_THE_OPENING) or country.endswith(_THE_ENDING)
            or country in _THE_NAMES):
        return f"the {country}"
    return country


def _assessment(project: Project) -> dict[str, bool]:
    """Which parts of the Article 2 sentence on the assessment are true (Action 4).

    ``stated``: an assessment was completed and endorsed (exempt-only support may have
    none, and then the MOU says nothing about one); ``first``: it is dated on or before
    the project start and every activity's start ("before committing the support");
    ``measures``: measures integrated into the plan of activities exist.
    """
    from hrdd_docs import assess

    stated = assess.completed(project)
    return {"stated": stated, "first": stated and assess.assessed_first(project),
            "measures": stated and any(m.integrated for m in project.mitigations)}


def authority_signatories(project: Project) -> dict[str, Any]:
    """Each national authority → the person who signs the MOU for it, or None.

    ``recipients[].authority_signatory``, given on any recipient under that authority
    (integrity refuses two different ones).
    """
    from hrdd_docs import parties as relations

    found: dict[str, Any] = {}
    for recipient in project.recipients:
        authority = relations.party_authority(project, recipient)
        if found.get(authority) is None:
            found[authority] = recipient.authority_signatory
    return found


def signatory_gaps(project: Project) -> list[str]:
    """A warning for each authority without a signatory: its block is left to be completed
    by hand, which the build says rather than leaving it blank in silence."""
    from hrdd_docs import parties as relations

    gaps = []
    for authority, person in authority_signatories(project).items():
        if person is None:
            index = next(n for n, r in enumerate(project.recipients)
                         if relations.party_authority(project, r) == authority)
            gaps.append(f"the MOU's signature block for {the(authority)} has no name or title, "
                        "to be completed by hand; give the signatory as "
                        f"recipients[{index}].authority_signatory (name, title)")
    return gaps
