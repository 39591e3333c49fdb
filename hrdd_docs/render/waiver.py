"""The visibility-waiver justification (Box 5): one letter per donor asked to waive.

Donor-facing (:attr:`Audience.donor`). What a letter may disclose of the assessment
is decided in :mod:`hrdd_docs.waiver`; this module builds the template's context from
it and renders ``templates/visibility_waiver/template.docx``. When the project keeps
standard branding there is no letter: :func:`render` returns ``[]`` and the build
prints :func:`why_none`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from hrdd_docs import catalog, resources, waiver
from hrdd_docs.localized import document_languages, text_in
from hrdd_docs.model import Person, Project
from hrdd_docs.outputs import Audience, Output
from hrdd_docs.render.mou import country_name, the
from hrdd_docs.terms import in_country
from hrdd_docs.vocabulary import Branding, DisclosureLevel, Element, Rating
from hrdd_docs.wording import join_words

KIND = "visibility_waiver"

why_none = waiver.not_requested_note
"""Why no letter was made (the build reports it)."""


def render(project: Project, library: Any = None, build: Any = None) -> list[Output]:
    """Render one letter per donor in ``visibility.donors``; ``library`` is unused."""
    from hrdd_docs.render.docx import render_template

    info = project.project
    when = letter_date(project)
    language = document_languages(project)[0]  # a letter has one language: the first
    outputs = []
    for letter in waiver.letters(project):
        donor = letter.donor
        values = context(project, letter, language)
        data = render_template(
            resources.folder("templates", KIND, f"template.{language}.docx"),
            values,
            title=(f"Request for a waiver of visibility requirements: {donor.name}"
                   if language == "en" else values["subject"]),
            subject=f"{values['title']}; {donor.agreement_reference}"
            if language != "en" else f"{info.title}; agreement {donor.agreement_reference}",
            author=values["office"],
            when=when,
        )
        outputs.append(Output(
            name=f"{info.id}-visibility-waiver-{donor.id}.docx",
            data=data,
            kind="visibility_waiver",
            audience=Audience.donor,
            title=f"Visibility waiver justification for {donor.name}",
            notes=(f"discloses the assessment at level '{letter.disclosure.level.value}' "
                   "(visibility.justification_level)",),
        ))
    return outputs


def letter_date(project: Project) -> date:
    """The document date: the endorsement of the assessment whose findings justify the
    request, else the assessment itself (the letter is dated by hand at signature)."""
    from hrdd_docs.render.docx import document_date

    return document_date(project)


def context(project: Project, letter: waiver.Letter, language: str = "en") -> dict[str, Any]:
    """Everything the letter prints, in ``language``; no value is None (absent text is "").

    The letter's sentences are entries of ``templates/visibility_waiver/text/``; the
    choice between them is made here.
    """
    from hrdd_docs.wording import long_date

    info = project.project
    donor = letter.donor
    shown = letter.disclosure
    contact = donor.contact
    com = info.chief_of_mission
    blank = "_______________________________"

    def text(value: str) -> str:
        return text_in(value, language)

    def say(key: str, **values: Any) -> str:
        return catalog.sentence(KIND, key, language, **values)

    def rating(value: str) -> str:
        return say(f"rating.{value}")

    elements = {e.label: e.value for e in Element}
    donor_name = with_article(donor.name) if language == "en" else text(donor.name)
    names = join_words([the(r.name) if language == "en" else text(r.name)
                        for r in project.recipients], language=language)
    until = long_date(letter.until, language) if letter.until else ""
    return {
        "language": language,
        "office": text(info.office),
        "code": info.references.project_code,
        "title": text(info.title),
        "country": country_name(info.country) if language == "en" else text(info.country),
        "country_in": in_country(country_name(info.country) if language == "en"
                                 else text(info.country), language),
        "start": long_date(info.start, language),
        "end": long_date(info.end, language),
        "donor": {
            "name": donor_name,
            "agreement": donor.agreement_reference,
        },
        "subject": say("subject", donor={"agreement": donor.agreement_reference},
                       title=text(info.title)),
        "addressee": _address_lines(contact, donor.name, language),
        "salutation": say("salutation.named", name=contact.name) if contact
        else say("salutation.none"),
        "recipients": say("recipients.many" if len(project.recipients) > 1
                          else "recipients.one", names=names),
        "requirements": [text(r.description) for r in letter.requirements],
        "request": say("request.none" if letter.branding is Branding.none
                       else "request.minimal"),
        "scope": [text(item) for item in letter.scope],
        "period": say("period.until", until=until) if letter.until
        else say("period.project", end=long_date(info.end, language)),
        "finding": _rating_sentence(project, shown, language),
        "statement": text(shown.statement) if shown.statement else "",
        "level": shown.level.value,
        "factors": [{"element": catalog.text("common", f"element.{elements[f.element]}",
                                             language),
                     "rating": rating(f.rating)} for f in shown.factors],
        "risks": [{"description": text(r.description), "level": rating(r.level),
                   "groups": ", ".join(text(g) for g in r.affected_groups)}
                  for r in shown.risks],
        "evidence": [{"element": catalog.text("common", f"element.{elements[e.element]}",
                                              language),
                      "rating": rating(e.rating), "findings": text(e.findings),
                      "sources": "; ".join(e.sources)} for e in shown.evidence],
        "confidential": waiver.at_least(shown.level, DisclosureLevel.summary),
        "alternative": text(letter.alternative),
        "com": {"name": com.name, "title": text(com.title)},
        "signatures": [
            {"party": text(info.office), "name": com.name, "title": text(com.title),
             "date": blank, "place": blank},
            {"party": say("signature.donor", donor=donor_name),
             "name": contact.name if contact else blank,
             "title": text(contact.title) if contact else blank, "date": blank,
             "place": blank},
        ],
    }


def _rating_sentence(project: Project, shown: waiver.Disclosure, language: str = "en") -> str:
    """The overall finding in words for a reader outside IOM: "medium overall, with some
    elements of the assessment rated high" rather than "Medium/High"."""
    from hrdd_docs.wording import long_date

    assert shown.assessed_on is not None  # waiver.letters: no letter without an assessment

    def say(key: str, **values: Any) -> str:
        return catalog.sentence(KIND, key, language, **values)

    opening = say("finding.opening", date=long_date(shown.assessed_on, language),
                  endorsed=shown.endorsed)
    final = project.assessment.final.rating
    if final is None:
        return say("finding.unrated", opening=opening)
    ratings = [a.rating for _, a in project.assessment.elements.items() if a.rating]
    highest: Rating = max(ratings, key=lambda r: r.rank, default=final)
    if highest.rank > final.rank:
        words = say("finding.mixed", final=say(f"rating.{final.value}"),
                    highest=say(f"rating.{highest.value}"))
    else:
        words = say(f"rating.{final.value}")
    return say("finding.rated", opening=opening, words=words)


def with_article(name: str) -> str:
    """The donor's name as running text needs it: "the Ministry of Foreign Affairs of
    Norland", but "Norland" or "USAID" unchanged. A name that opens with a common noun
    for an institution takes "the"."""
    first = name.split(" ", 1)[0]
    return f"the {name}" if first in _INSTITUTIONS else name


_INSTITUTIONS = frozenset({
    "Agency", "Bureau", "Commission", "Department", "Directorate", "Embassy", "European",
    "Federal", "Foreign", "Fund", "Government", "Ministry", "Office", "Royal", "State",
    "United",
})


def _address_lines(contact: Person | None, donor: str, language: str = "en") -> list[str]:
    """The addressee block: the contact's name, title and unit, then the donor (without
    the article a French or Spanish name carries in running text)."""
    from hrdd_docs.terms import without_article

    name = text_in(donor, language) if language != "en" else donor
    name = without_article(name) if language != "en" else name
    if contact is None:
        return [name]
    lines = [contact.name, text_in(contact.title, language)]
    if contact.organization and contact.organization != donor:
        lines.append(text_in(contact.organization, language))
    lines.append(name)
    return lines
