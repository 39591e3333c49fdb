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

Only facts fit for the government's eyes go into the context: names, activities, dates,
focal points and clause texts. The assessment (findings, sources, ratings, risks,
affected groups), the mitigation descriptions and the internal procedure never do.
"""

from __future__ import annotations

from typing import Any

from hrdd_docs import resources
from hrdd_docs.model import Project, Recipient
from hrdd_docs.outputs import Audience, Output
from hrdd_docs.render.docx import (
    LINE,
    ArticleCounter,
    clause_families,
    document_date,
    person_text,
    render_template,
)
from hrdd_docs.vocabulary import StateRelation
from hrdd_docs.wording import join_words, long_date

TEMPLATE = ("mou", "template.docx")

ANCHORED = ("conditionality", "monitoring", "non_compliance")
"""Clause families printed inside a fixed article of the template, not one of their own."""

_ONE_PAGE = 4
"""Signature blocks that fit on one page with "In witness whereof"."""

_NUMBERS = ("", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
            "ten", "eleven", "twelve")


def render(project: Project, library: Any, build: Any = None) -> list[Output]:
    """Return the MOU of ``project`` with the MOU clauses selected from ``library``."""
    from hrdd_docs.localized import english_only

    english_only(project, "mou")
    from hrdd_docs import clauses

    clauses.check(project, library)
    selected = clauses.select(project, "mou", library)
    info = project.project
    reference = mou_reference(project)
    title = f"Memorandum of Understanding: {info.title}"
    data = render_template(
        resources.folder("templates", *TEMPLATE), context(project, selected),
        title=title, subject=reference, author=info.office, when=document_date(project),
    )
    return [Output(name=f"{info.id}-mou.docx", data=data, kind="mou",
                   audience=Audience.external, title=title, clauses=tuple(selected),
                   notes=tuple(signatory_gaps(project)))]


def mou_reference(project: Project) -> str:
    """The MOU's reference: ``references.mou``, else ``<project_code>/MOU``."""
    return project.project.references.mou_reference


def context(project: Project, selected: list[Any]) -> dict[str, Any]:
    """Every value the MOU template prints, as plain strings, lists and dicts."""
    info = project.project
    ownership = project.preconditions.national_ownership
    mechanism = project.country_mechanism
    families, anchored = clause_families(selected, _family_titles(), ANCHORED)
    return {
        "doc": {"reference": mou_reference(project),
                "project_code": info.references.project_code},
        "project": {
            "title": info.title,
            "office": info.office,
            "country": country_name(info.country),
            "locations": join_words(list(info.locations)) or country_name(info.country),
            "start": long_date(info.start),
            "end": long_date(info.end),
        },
        "parties": _parties(project),
        "activities": [
            {"description": a.description.rstrip(" ."), "kind": a.kind.label}
            for a in project.activities
        ],
        "mechanism": {
            "exists": mechanism.exists,
            # Participation, not existence, decides how IOM communicates (Actions 3, 7).
            "participates": mechanism.exists and mechanism.iom_participates,
            "lead": the(mechanism.senior_un_official) if mechanism.senior_un_official
            else "the most senior United Nations official in the country",
        },
        "assessment": _assessment(project),
        "families": families,
        "anchored": anchored,
        "items": {"donated": any(a.items for a in project.activities)},
        "monitoring": {"period": _every(project.monitoring.period_months)},
        "focal_points": _focal_points(project, ownership),
        "signatures": _signatures(project),
        "article": ArticleCounter(),
    }


def _family_titles() -> dict[str, str]:
    from hrdd_docs import clauses

    return dict(clauses.FAMILY_TITLES)


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


def _force(recipient: Recipient, several: bool) -> str:
    if not recipient.unit:
        return the(recipient.name)
    if several:  # the list is joined with semicolons: no "and" inside one force
        return f"{the(recipient.name)}, in particular its {recipient.unit}"
    return f"{the(recipient.name)}, and in particular its {recipient.unit}"


def _join_forces(forces: list[str]) -> str:
    """Forces joined with semicolons when there are several (their names hold commas)."""
    if len(forces) <= 1:
        return "".join(forces)
    return "; ".join(forces[:-1]) + "; and " + forces[-1]


def _authorities(project: Project) -> dict[str, list[Recipient]]:
    """The State authorities that are parties, in order of first mention, each with the
    forces it answers for (:func:`hrdd_docs.parties.party_authority`)."""
    from hrdd_docs import parties

    grouped: dict[str, list[Recipient]] = {}
    for recipient in project.recipients:
        grouped.setdefault(parties.party_authority(project, recipient), []).append(recipient)
    return grouped


def _roles(forces: list[Recipient]) -> list[dict[str, Any]]:
    """How one authority stands to its forces, one entry per relation, in file order:
    the template words each (commands, contracts, directs, coordinates support to)."""
    by_relation: dict[str, list[Recipient]] = {}
    for force in forces:
        by_relation.setdefault(force.relation_to_state.value, []).append(force)
    return [{"kind": kind, "forces": join_words([the(f.name) for f in group]),
             "several": len(group) > 1} for kind, group in by_relation.items()]


def _parties(project: Project) -> dict[str, Any]:
    grouped = _authorities(project)
    several = len(grouped) > 1
    plural_forces = len(project.recipients) > 1
    authorities = []
    for index, (name, forces) in enumerate(grouped.items()):
        last = index == len(grouped) - 1
        # One defined term whatever the number, as the clause texts use it.
        term = ";" if not last else (" (together “the Authority”)," if several
                                     else " (“the Authority”),")
        authorities.append({"name": the(name, capital=True), "roles": _roles(forces),
                            "term": term})
    force_term = "the Supported Forces" if plural_forces else "the Supported Force"
    return {
        "authorities": authorities,
        "all_commanded": all(r.relation_to_state is StateRelation.commanded
                             for r in project.recipients),
        "authority_names": join_words([the(name) for name in grouped]),
        "between": join_words(["the International Organization for Migration",
                               *[the(name) for name in grouped]]),
        "several_authorities": several,
        "authority_term": "the Authority",
        "authority_term_cap": "The Authority",
        "forces_text": _join_forces([_force(r, plural_forces) for r in project.recipients]),
        "force_term": force_term,
        "force_term_definition": (f"together “{force_term}”" if plural_forces
                                  else f"“{force_term}”"),
        "any_party": "Any Party" if several else "Either Party",
        "other_party": "the other Parties" if several else "the other Party",
        "requested_by": the(project.preconditions.national_ownership.requested_by),
    }


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


def _every(months: int) -> str:
    return "month" if months == 1 else f"{_NUMBERS[months]} months"


def _focal_points(project: Project, ownership: Any) -> dict[str, Any]:
    """Action 2(a): the focal points of the Parties (the IOM counterpart, and the
    government focal point, who acts for the Authority), then each supported force's
    point of contact, whom the Authority designates: a force is not a Party."""
    parties = []
    if ownership.iom_counterpart is not None:
        parties.append({"party": "IOM", "government": "",
                        "person": person_text(ownership.iom_counterpart)})
    if ownership.government_focal_point is not None:
        parties.append({"party": "the Authority",
                        "government": f"the Government of {country_name(project.project.country)}",
                        "person": person_text(ownership.government_focal_point)})
    from hrdd_docs import parties as relations

    # A group outside State structures is no party: its focal point is IOM's internal
    # contact (procedure sheet), not part of the government's arrangement.
    forces = [{"party": the(recipient.name), "person": person_text(recipient.focal_point)}
              for recipient in relations.signatories(project)]
    return {"parties": parties, "forces": forces, "several_forces": len(forces) > 1}


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


def _signatures(project: Project) -> dict[str, Any]:
    """IOM signs by its Chief of Mission; each authority by its signatory
    (``recipients[].authority_signatory``, else a line to complete, with a build warning);
    each supported force, in acknowledgement, by its focal point."""
    info = project.project
    place = info.signing_place or LINE
    chief = info.chief_of_mission
    signatories: list[dict[str, Any]] = [
        {"party": "the International Organization for Migration", "name": chief.name,
         "title": chief.title, "date": LINE, "place": place}]
    for authority, person in authority_signatories(project).items():
        signatories.append({"party": the(authority),
                            "name": person.name if person else LINE,
                            "title": person.title if person else LINE,
                            "date": LINE, "place": place})
    from hrdd_docs import parties

    for recipient in parties.signatories(project):
        signatories.append({"party": f"{the(recipient.name)} (in acknowledgement)",
                            "name": recipient.focal_point.name,
                            "title": recipient.focal_point.title,
                            "date": LINE, "place": place})
    copies = len(signatories)
    # Which blocks keep with the next (layout): all of them when they fit on one page;
    # else the first (with "In witness whereof") and the last but one (the last page
    # never holds a block alone).
    for index, signatory in enumerate(signatories):
        signatory["keep"] = copies <= _ONE_PAGE or index in (0, copies - 2)
    return {
        "copies": _NUMBERS[copies] if copies < len(_NUMBERS) else str(copies),
        "place": f" at {info.signing_place}" if info.signing_place else "",
        "signatories": signatories,
    }
