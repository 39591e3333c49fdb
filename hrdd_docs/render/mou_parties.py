"""Who the MOU is made with, and what it says of each of them, in each language.

The parties section, the defined terms, the Authority's undertakings for each force by
its relation to the State, the items, the focal points and the signatures of the MOU
(:mod:`hrdd_docs.render.mou`). Each relation is worded for what is true of it (Action 1
and footnote 8; :mod:`hrdd_docs.parties`):

* a force *commanded* by its authority: the authority is "responsible for the command
  and control of" it and "shall ensure respect" for the law by it;
* a company *contracted* or *directed* by its authority: the authority requires that
  respect, as its contracting or directing authority, never as its commander;
* a group *outside* State structures: the host government's authority coordinates the
  support to it, says that it does not command it, and undertakes what it can (its good
  offices, informing IOM, the measures the law provides within its jurisdiction);
* a regional peacekeeping force answers to its regional organization, which is not a
  national authority: the MOU calls its authority "the authority", not "the national
  authority".

The sentences are in ``templates/mou/text/<language>.yaml`` (entries marked
"(renderer)"); this module only chooses between them and fills them in.
"""

from __future__ import annotations

from typing import Any

from hrdd_docs import catalog
from hrdd_docs import parties as relations
from hrdd_docs.localized import text_in
from hrdd_docs.model import Project, Recipient
from hrdd_docs.render.docx import LINE
from hrdd_docs.terms import a, capital, count_words, de, term
from hrdd_docs.vocabulary import RecipientCategory, StateRelation
from hrdd_docs.wording import join_words

_ONE_PAGE = 4
"""Signature blocks that fit on one page with "In witness whereof"."""


class Words:
    """The MOU's words in one language: its catalog entries and the project's names."""

    def __init__(self, project: Project, language: str) -> None:
        self.project = project
        self.language = language

    def sentence(self, key: str, **values: Any) -> str:
        """Entry ``key`` of the MOU's catalog, completed with ``values``."""
        return catalog.sentence("mou", key, self.language, **values)

    def name(self, value: str, *, capital_first: bool = False) -> str:
        """A name in running text: in English with "the" (unless it is a company's
        registered name); in French and Spanish as the project file gives it, with its
        article."""
        from hrdd_docs.render.mou import the

        if self.language == "en":
            return the(text_in(value, "en"), capital=capital_first)
        text = text_in(value, self.language)
        return capital(text) if capital_first else text

    def country(self) -> str:
        """The country as it reads after "of" or "in" in English ("the Republic of
        Qalmaria"), with its article in French and Spanish ("la Darvonie")."""
        from hrdd_docs.render.mou import country_name

        country = text_in(self.project.project.country, self.language)
        return country_name(country) if self.language == "en" else country

    def authority(self, recipient: Recipient, *, capital_first: bool = False) -> str:
        """The State authority that is the party for ``recipient``
        (:func:`hrdd_docs.parties.party_authority`), in this language."""
        if relations.outside_state(recipient) and not recipient.government_authority:
            text = self.sentence("focal.government_of", country=self.country())
            return capital(text) if capital_first else text
        return self.name(relations.party_authority(self.project, recipient),
                         capital_first=capital_first)

    def listed(self, names: list[str]) -> dict[str, str]:
        """Names joined as a list (``forces``), and in French and Spanish each after the
        preposition that the sentence needs (``forces_de``: "de la Force X et de la Garde
        Y"; ``forces_a``: "à la Force X et à la Garde Y")."""
        language = self.language
        return {"forces": join_words(names, language=language),
                "forces_de": join_words([de(n, language) for n in names], language=language),
                "forces_a": join_words([a(n, language) for n in names], language=language)}

    def person(self, person: Any) -> str:
        """``Name, Title, Organization``, the title and organization in this language."""
        parts = [person.name, text_in(person.title, self.language)]
        if person.organization:
            parts.append(text_in(person.organization, self.language))
        return ", ".join(parts)


def _authorities(project: Project) -> dict[str, list[Recipient]]:
    """The State authorities that are parties, in order of first mention, each with the
    forces it answers for (:func:`hrdd_docs.parties.party_authority`)."""
    grouped: dict[str, list[Recipient]] = {}
    for recipient in project.recipients:
        grouped.setdefault(relations.party_authority(project, recipient), []).append(recipient)
    return grouped


def _regional(forces: list[Recipient]) -> bool:
    """Every force of an authority is a regional peacekeeping force: its authority is
    the regional organization, not a national authority (Action 1, definitions)."""
    return all(f.category is RecipientCategory.regional_peacekeeping for f in forces)


def _by_relation(forces: list[Recipient]) -> dict[StateRelation, list[Recipient]]:
    grouped: dict[StateRelation, list[Recipient]] = {}
    for force in forces:
        grouped.setdefault(force.relation_to_state, []).append(force)
    return grouped


def _roles(words: Words, forces: list[Recipient]) -> str:
    """How one authority stands to its forces: "the national authority responsible for
    the command and control of X, and under whose contract Y operates"."""
    phrases = [words.sentence(f"role.{relation.value}", several=len(group) > 1,
                              **words.listed([words.name(f.name) for f in group]))
               for relation, group in _by_relation(forces).items()]
    joined = words.sentence("roles.and").join(phrases)
    return words.sentence("roles.regional" if _regional(forces) else "roles.national",
                          roles=joined)


def _force(words: Words, recipient: Recipient, several: bool, to: bool = False) -> str:
    """A force, with the unit supported; ``to``: each name after "à" / "a" (French and
    Spanish repeat the preposition before the unit)."""
    name = words.name(recipient.name)
    unit = text_in(recipient.unit, words.language) if recipient.unit else ""
    if to:
        name, unit = a(name, words.language), a(unit, words.language) if unit else ""
    if not unit:
        return name
    # the list is joined with semicolons: no "and" inside one force
    return words.sentence("force.unit_listed" if several else "force.unit", force=name,
                          unit=unit)


def _forces(words: Words, forces: list[str]) -> str:
    """Several forces, whose names hold commas, joined with semicolons."""
    if len(forces) <= 1:
        return "".join(forces)
    return "; ".join(forces[:-1]) + words.sentence("forces.and") + forces[-1]


def between(words: Words) -> str:
    """IOM and the State authorities the MOU is made with, as its title names them; the
    deeds of donation cite the MOU by the same parties."""
    return join_words([catalog.text("common", "iom", words.language),
                       *[words.authority(f[0]) for f in _authorities(words.project).values()]],
                      language=words.language)


def parties(words: Words) -> dict[str, Any]:
    """The parties section and the defined terms the other articles use."""
    project, language = words.project, words.language
    grouped = _authorities(project)
    several = len(grouped) > 1
    plural_forces = len(project.recipients) > 1
    authorities = []
    for index, answering in enumerate(grouped.values()):
        last = index == len(grouped) - 1
        # One defined term whatever the number, as the clause texts use it.
        defined = " " + words.sentence("term.authorities" if several else "term.authority")
        authorities.append({"name": words.authority(answering[0], capital_first=True),
                            "roles": _roles(words, answering),
                            "term": defined if last else ";"})
    force_term = term("forces" if plural_forces else "force", language)
    forces = [_force(words, r, plural_forces) for r in project.recipients]
    authority_term = term("authority", language)
    return {
        "authorities": authorities,
        "all_commanded": all(r.relation_to_state is StateRelation.commanded
                             for r in project.recipients),
        "national": not any(_regional(group) for group in grouped.values()),
        "any_outside": any(relations.outside_state(r) for r in project.recipients),
        "between": between(words),
        "several_authorities": several,
        "authority_term": authority_term,
        "authority_term_cap": capital(authority_term),
        "forces_text": _forces(words, forces),
        "forces_to": _forces(words, [_force(words, r, plural_forces, to=True)
                                     for r in project.recipients]),
        "force_term": force_term,
        "force_term_definition": words.sentence(
            "term.forces_definition" if plural_forces else "term.force_definition",
            term=force_term),
        "any_party": words.sentence("term.any_party" if several else "term.either_party"),
        "other_party": words.sentence("term.other_parties" if several
                                      else "term.other_party"),
        "requested_by": words.name(project.preconditions.national_ownership.requested_by),
    }


def duties(words: Words, terms: dict[str, Any]) -> list[str]:
    """What the Authority undertakes for the forces, one sentence per relation in the
    order of the file: the defined term when every force stands to the State the same
    way, else the forces of that relation by name. A regional peacekeeping force is
    commanded by its organization, but the States that contribute its personnel keep
    jurisdiction over them: its sentence says so (``commitment.regional``)."""
    grouped: dict[str, list[Recipient]] = {}
    for force in words.project.recipients:
        key = force.relation_to_state.value
        if key == "commanded" and _regional([force]):
            key = "regional"
        grouped.setdefault(key, []).append(force)
    sentences = []
    for key, forces in grouped.items():
        if len(grouped) == 1:
            names, several = [terms["force_term"]], len(words.project.recipients) > 1
        else:
            names, several = [words.name(f.name) for f in forces], len(forces) > 1
        listed = words.listed(names)
        values = {**listed, "Forces": capital(listed["forces"]), "several": several,
                  "authority": terms["authority_term"],
                  "Authority": terms["authority_term_cap"]}
        sentences.append(words.sentence(f"commitment.{key}", **values))
        if key == "outside_state":
            # The Authority does not command these groups nor hold what they receive:
            # how its obligations elsewhere in the MOU read for them, and that the
            # items handed over to them, under no deed, are among the donated items meant.
            received = _receiving(words.project)
            sentences.append(words.sentence(
                "commitment.outside_state.reading", **values,
                items=any(force.id in received for force in forces)))
    return sentences


def items(words: Words) -> dict[str, Any]:
    """Whether items go to State recipients (donated under a deed), and the groups
    outside State structures that receive items (no deed with them: the MOU alone
    governs those items, as the build says)."""
    project = words.project
    received = _receiving(project)
    state = [r for r in project.recipients if r.id in received and not relations.outside_state(r)]
    outside = [r for r in project.recipients if r.id in received and relations.outside_state(r)]
    return {"donated": bool(state),
            "coordinated": join_words([words.name(r.name) for r in outside],
                                      language=words.language)}


def _receiving(project: Project) -> set[str]:
    """The ids of the recipients that receive at least one item."""
    return {item.recipient or activity.recipients[0]
            for activity in project.activities for item in activity.items}


def focal_points(words: Words, terms: dict[str, Any]) -> dict[str, Any]:
    """Action 2(a): the focal points of the Parties (the IOM counterpart, and the
    government focal point, who acts for the Authority), then each supported force's
    point of contact, whom the Authority designates: a force is not a Party."""
    ownership = words.project.preconditions.national_ownership
    points = []
    if ownership.iom_counterpart is not None:
        points.append({"party": words.sentence("focal.iom"), "government": "",
                       "person": words.person(ownership.iom_counterpart)})
    if ownership.government_focal_point is not None:
        points.append({"party": words.sentence("focal.authority"),
                       "government": words.sentence("focal.government_of",
                                                    country=words.country()),
                       "person": words.person(ownership.government_focal_point)})
    # A group outside State structures is no party: its focal point is IOM's internal
    # contact (procedure sheet), not part of the government's arrangement.
    signing = relations.signatories(words.project)
    forces = [{"party": words.name(r.name), "person": words.person(r.focal_point)}
              for r in signing]
    every = len(signing) == len(words.project.recipients)
    return {"parties": points, "forces": forces, "several_forces": len(forces) > 1,
            "forces_term": terms["force_term"] if every else join_words(
                [words.name(r.name) for r in signing], language=words.language)}


def signatures(words: Words, languages: tuple[str, ...]) -> dict[str, Any]:
    """IOM signs by its Chief of Mission; each authority by its signatory
    (``recipients[].authority_signatory``, else a line to complete, with a build warning);
    each supported force, in acknowledgement, by its focal point. The testimonium is
    given in each language of the MOU (both texts equally authentic when two)."""
    from hrdd_docs.render.mou import authority_signatories

    project, language = words.project, words.language
    info = project.project
    place = text_in(info.signing_place, language) if info.signing_place else LINE
    chief = info.chief_of_mission
    signatories: list[dict[str, Any]] = [
        {"party": catalog.text("common", "iom", language), "name": chief.name,
         "title": text_in(chief.title, language), "date": LINE, "place": place}]
    first_of = {relations.party_authority(project, r): r for r in reversed(project.recipients)}
    for authority, person in authority_signatories(project).items():
        signatories.append({"party": words.authority(first_of[authority]),
                            "name": person.name if person else LINE,
                            "title": text_in(person.title, language) if person else LINE,
                            "date": LINE, "place": place})
    for recipient in relations.signatories(project):
        signatories.append({"party": words.sentence("signatures.acknowledgement",
                                                     party=words.name(recipient.name)),
                            "name": recipient.focal_point.name,
                            "title": text_in(recipient.focal_point.title, language),
                            "date": LINE, "place": place})
    copies = len(signatories)
    # Which blocks keep with the next (layout): all of them when they fit on one page;
    # else the first (with "In witness whereof") and the last but one (the last page
    # never holds a block alone).
    for index, signatory in enumerate(signatories):
        signatory["keep"] = copies <= _ONE_PAGE or index in (0, copies - 2)
    return {"witness": _witness(project, copies, language, languages),
            "signatories": signatories}


def _witness(project: Project, copies: int, language: str,
             languages: tuple[str, ...]) -> list[str]:
    """The testimonium, in each language of the MOU: "In witness whereof … in three
    originals in English at Esse City"; a bilingual MOU states both texts equally
    authentic, once in each language."""
    info = project.project
    sentences = []
    for own in (languages if len(languages) > 1 else (language,)):
        words = Words(project, own)
        place = (words.sentence("signatures.place", place=text_in(info.signing_place, own))
                 if info.signing_place else "")
        names = [catalog.text("common", f"language.{code}", own) for code in languages]
        count = count_words(copies, own)
        if len(languages) > 1:
            sentences.append(words.sentence("signatures.authentic", place=place,
                                            copies=count, first=names[0], second=names[1]))
        else:
            sentences.append(words.sentence("signatures.witness", place=place, copies=count,
                                            languages=names[0]))
    return sentences
