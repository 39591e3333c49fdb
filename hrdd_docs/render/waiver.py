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

from hrdd_docs import procedure, resources, waiver
from hrdd_docs.model import Person, Project
from hrdd_docs.outputs import Audience, Output
from hrdd_docs.render.mou import country_name, the
from hrdd_docs.vocabulary import Branding, DisclosureLevel
from hrdd_docs.wording import join_words

why_none = waiver.not_requested_note
"""Why no letter was made (the build reports it)."""


def render(project: Project, library: Any = None, build: Any = None) -> list[Output]:
    """Render one letter per donor in ``visibility.donors``; ``library`` is unused."""
    from hrdd_docs.render.docx import render_template

    info = project.project
    when = letter_date(project)
    outputs = []
    for letter in waiver.letters(project):
        donor = letter.donor
        data = render_template(
            resources.folder("templates", "visibility_waiver", "template.docx"),
            context(project, letter),
            title=f"Request for a waiver of visibility requirements: {donor.name}",
            subject=f"{info.title}; agreement {donor.agreement_reference}",
            author=info.office,
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


def context(project: Project, letter: waiver.Letter) -> dict[str, Any]:
    """Everything the letter prints; no value is None (absent text is "")."""
    from hrdd_docs.wording import long_date

    info = project.project
    donor = letter.donor
    shown = letter.disclosure
    contact = donor.contact
    com = info.chief_of_mission
    blank = "_______________________________"
    return {
        "office": info.office,
        "code": info.references.project_code,
        "title": info.title,
        "country": country_name(info.country),
        "start": long_date(info.start),
        "end": long_date(info.end),
        "donor": {
            "name": with_article(donor.name),
            "agreement": donor.agreement_reference,
        },
        "addressee": _address_lines(contact, donor.name),
        "salutation": f"Dear {contact.name}," if contact else "Dear Sir or Madam,",
        "recipients": (("security forces, " if len(project.recipients) > 1 else
                        "a security force, ")
                       + join_words([the(r.name) for r in project.recipients])),
        "requirements": [r.description for r in letter.requirements],
        "request": ("to waive" if letter.branding is Branding.none else "to reduce to a "
                    "minimum"),
        "scope": list(letter.scope),
        "period": (f"until {long_date(letter.until)}" if letter.until else
                   f"for the duration of the project, which ends on {long_date(info.end)}, "
                   "and afterwards for as long as the support remains in use"),
        "finding": _rating_sentence(project, shown),
        "statement": shown.statement or "",
        "level": shown.level.value,
        "factors": [{"element": f.element, "rating": f.rating} for f in shown.factors],
        "risks": [{"description": r.description, "level": r.level,
                   "groups": ", ".join(r.affected_groups)} for r in shown.risks],
        "evidence": [{"element": e.element, "rating": e.rating, "findings": e.findings,
                      "sources": "; ".join(e.sources)} for e in shown.evidence],
        "confidential": waiver.at_least(shown.level, DisclosureLevel.summary),
        "alternative": letter.alternative,
        "com": {"name": com.name, "title": com.title},
        "signatures": [
            {"party": info.office, "name": com.name, "title": com.title, "date": blank,
             "place": blank},
            {"party": f"{with_article(donor.name)} (agreement to the waiver)",
             "name": contact.name if contact else blank,
             "title": contact.title if contact else blank, "date": blank, "place": blank},
        ],
    }


def _rating_sentence(project: Project, shown: waiver.Disclosure) -> str:
    """The overall finding in words for a reader outside IOM: "medium overall, with some
    elements of the assessment rated high" rather than "Medium/High"."""
    from hrdd_docs.wording import long_date

    assert shown.assessed_on is not None  # waiver.letters: no letter without an assessment
    opening = f"IOM's preliminary assessment of {long_date(shown.assessed_on)}"
    if shown.endorsed:
        opening += ", endorsed by the Head of Office,"
    level = procedure.risk_level(project)
    if level == "Not rated":
        return f"{opening} has not yet reached a final rating."
    if "/" in level:
        final, highest = level.lower().split("/")
        words = f"{final} overall, with some elements of the assessment rated {highest}"
    else:
        words = level.lower()
    return f"{opening} rates the risk of this support as {words}."


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


def _address_lines(contact: Person | None, donor: str) -> list[str]:
    if contact is None:
        return [donor]
    lines = [contact.name, contact.title]
    if contact.organization and contact.organization != donor:
        lines.append(contact.organization)
    lines.append(donor)
    return lines
