"""Deeds of donation: one per recipient that receives items (design.md §2; Action 5).

A deed names the donor (IOM) and the recipient, lists the donated items in a schedule
(description, identifiers, quantity, unit value, line total, and a total per currency),
the activities the items serve, the prohibited uses, the clauses the library selected
for deeds (use, misuse and misappropriation: return, suspension, effect on future
donations; and every other family that applies), inspection and access, branding
according to ``project.visibility.branding`` (Box 5), and the signatures.

As for the MOU, no finding of the assessment reaches a deed: only names, activities,
items, dates and clause texts.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from hrdd_docs import catalog, resources
from hrdd_docs.localized import document_languages, text_in
from hrdd_docs.model import Item, Project, Recipient
from hrdd_docs.outputs import Audience, Output
from hrdd_docs.render import mou_parties
from hrdd_docs.render.docx import (
    LINE,
    ArticleCounter,
    clause_families,
    document_date,
    family_titles,
    render_template,
)
from hrdd_docs.render.mou import the
from hrdd_docs.terms import de
from hrdd_docs.vocabulary import StateRelation
from hrdd_docs.wording import join_words, long_date, number
from hrdd_docs.wording import money as money_in

KIND = "deed_of_donation"


def template(language: str) -> tuple[str, str]:
    """The packaged Word template of the deed in ``language``."""
    return (KIND, f"template.{language}.docx")

ANCHORED = ("donated_items", "monitoring", "visibility", "non_compliance")
"""Clause families printed inside a fixed article of the template, not one of their own."""


def render(project: Project, library: Any, build: Any = None) -> list[Output]:
    """Return one deed per recipient that receives items; none when nothing is donated.

    Each deed carries the clauses chosen for its recipient alone: a risk that concerns
    another force does not put its clauses into this one's deed.
    """
    from hrdd_docs import clauses, parties
    from hrdd_docs.agreements import deed_clauses

    # No deed with a group outside State structures (hrdd_docs/parties.py): the build
    # says so (dossier.notes), and the MOU with the host government covers its items.
    donations = [(r, i) for r, i in items_by_recipient(project) if not parties.outside_state(r)]
    if not donations:
        return []
    clauses.check(project, library)
    languages = document_languages(project)
    outputs = []
    for recipient, items in donations:
        texts, first = [], None
        for position, language in enumerate(languages):
            selected = deed_clauses(project, recipient.id, library, language)
            families, anchored = clause_families(selected, family_titles(language), ANCHORED)
            values = context(project, recipient, items, families, anchored, selected,
                             language=language, languages=languages, second=position > 0)
            title = (f"Deed of Donation to {recipient.name}: {project.project.title}"
                     if language == "en" else
                     f"{catalog.text(KIND, 'title', language)} – "
                     f"{values['recipient']['the_name']} – {values['project']['title']}")
            texts.append(render_template(
                resources.folder("templates", *template(language)), values,
                title=title,
                subject=deed_reference(project, recipient), author=values["project"]["office"],
                when=document_date(project)))
            first = first or selected
        data = texts[0]
        if len(texts) > 1:
            from hrdd_docs.render.bilingual import combine

            data = combine(texts[0], texts[1])
        outputs.append(Output(name=f"{project.project.id}-deed-{recipient.id}.docx",
                              data=data, kind="deed", audience=Audience.external,
                              title=f"Deed of Donation to {recipient.name}: "
                                    f"{project.project.title}",
                              clauses=tuple(first or ()), recipient=recipient.id))
    return outputs


def items_by_recipient(project: Project) -> list[tuple[Recipient, list[tuple[Any, Item]]]]:
    """Recipients that receive items, in project order, each with (activity, item) pairs.

    An item goes to ``item.recipient``, or to its activity's only recipient (the model
    refuses an item without a recipient when the activity has several).
    """
    received: dict[str, list[tuple[Any, Item]]] = defaultdict(list)
    for activity in project.activities:
        for item in activity.items:
            received[item.recipient or activity.recipients[0]].append((activity, item))
    return [(r, received[r.id]) for r in project.recipients if received.get(r.id)]


def deed_reference(project: Project, recipient: Recipient) -> str:
    """``<references.deed or project_code/DD>/<nn>``, nn the recipient's place in the file."""
    prefix = project.project.references.deed_prefix
    number = [r.id for r in project.recipients].index(recipient.id) + 1
    return f"{prefix}/{number:02d}"


def context(project: Project, recipient: Recipient, items: list[tuple[Any, Item]],
            families: list[dict[str, Any]], anchored: dict[str, Any],
            selected: list[Any] | None = None, *, language: str = "en",
            languages: tuple[str, ...] = ("en",), second: bool = False) -> dict[str, Any]:
    """Every value the deed template prints, as plain strings, lists and dicts.

    ``selected`` are the deed's clauses: the template says the Items are handed over
    in phases only when the clause that sets out the phases is among them. ``language``
    is the text's; ``languages`` are the deed's texts (two for a bilingual deed, whose
    ``second`` text carries no signatures: :mod:`hrdd_docs.render.bilingual`).
    """
    info = project.project
    activities = list(dict.fromkeys(activity.id for activity, _ in items))
    described = [text_in(a.description, language).rstrip(" .")
                 for a in project.activities if a.id in activities]
    place = text_in(info.signing_place, language) if info.signing_place else LINE
    chief = info.chief_of_mission
    references = info.references

    def name(value: str, *, capital: bool = False) -> str:
        """A name in running text: in English with "the"; in French and Spanish as the
        project file gives it, with its article."""
        if language == "en":
            return the(value, capital=capital)
        text = text_in(value, language)
        return text[:1].upper() + text[1:] if capital else text

    return {
        "language": language,
        "bilingual": {"second": second},
        "doc": {"reference": deed_reference(project, recipient),
                "project_code": info.references.project_code},
        "project": {"title": text_in(info.title, language),
                    "office": text_in(info.office, language),
                    "locations": join_words([text_in(p, language) for p in info.locations],
                                            language=language)
                    or text_in(info.country, language),
                    "end": long_date(info.end, language)},
        "mou": {"reference": references.mou_reference,
                "between": mou_parties.between(mou_parties.Words(project, language)),
                "date": long_date(references.mou_date, language) if references.mou_date
                else ""},
        "recipient": {"the_name": name(recipient.name),
                      "description": _description(recipient, language)},
        "schedule": schedule([item for _, item in items], language),
        "activities": described,
        "delivery": {"phased": any(s.clause.family == "conditionality"
                                   and "phases" in _variables(s.clause)
                                   for s in selected or [])},
        "families": families,
        "anchored": anchored,
        "branding": {
            "kind": project.visibility.branding.value,
            "donors": _acknowledged_donors(project, language),
            "agreed": project.visibility.waiver_agreed,
        },
        "signatures": {
            "witness": _witness(info, language, languages),
            # the handover notes, in each language of the deed
            "handover": [catalog.text(KIND, "signatures.handover", own)
                         for own in (languages if len(languages) > 1 else (language,))],
            "signatories": [
                {"party": catalog.text("common", "iom", language),
                 "name": chief.name, "title": text_in(chief.title, language), "date": LINE,
                 "place": place},
                {"party": name(recipient.name), "name": recipient.focal_point.name,
                 "title": text_in(recipient.focal_point.title, language), "date": LINE,
                 "place": place},
            ],
        },
        "article": ArticleCounter(language),
    }


def _witness(info: Any, language: str, languages: tuple[str, ...]) -> list[str]:
    """The testimonium, in each language of the deed: "In witness whereof … in two
    originals in English at Esse City"; a bilingual deed states both texts equally
    authentic, once in each language."""
    sentences = []
    for own in (languages if len(languages) > 1 else (language,)):
        place = (catalog.sentence(KIND, "signatures.place", own,
                                  place=text_in(info.signing_place, own))
                 if info.signing_place else "")
        names = [catalog.text("common", f"language.{code}", own) for code in languages]
        if len(languages) > 1:
            sentences.append(catalog.sentence(KIND, "signatures.authentic", own, place=place,
                                              first=names[0], second=names[1]))
        else:
            sentences.append(catalog.sentence(KIND, "signatures.witness", own, place=place,
                                              languages=names[0]))
    return sentences


def _variables(clause: Any) -> set[str]:
    """The context variables a clause text uses (a clause on phases uses ``phases``)."""
    from jinja2 import meta

    from hrdd_docs.environment import make_environment

    return set(meta.find_undeclared_variables(make_environment(xml=False).parse(clause.text)))


def _acknowledged_donors(project: Project, language: str = "en") -> str:
    """`` and acknowledge the support of the X and the Y``: donors with visibility
    requirements only (the sentence says the markings follow those requirements).

    Donor names often hold a comma ("European Union, DG INTPA"), so several names are
    separated by semicolons, as a legal list would be. French and Spanish put the
    preposition before each name (``donors_de``: "du Ministère … et de l'Agence …").
    """
    donors = [d for d in project.donors if d.visibility_requirements]
    if not donors:
        return ""
    if language == "en":
        names = [the(d.name) for d in donors]
    else:
        names = [text_in(d.name, language) for d in donors]
    prefixed = names if language == "en" else [de(n, language) for n in names]

    def listed(words: list[str]) -> str:
        if len(words) > 1 and any("," in name for name in names):
            conjunction = join_words(["x", "y"], language=language)[2:-2]  # "and", "et"
            return "; ".join(words[:-1]) + f"; {conjunction} " + words[-1]
        return join_words(words, language=language)

    return catalog.sentence(KIND, "branding.donors", language, donors=listed(names),
                            donors_de=listed(prefixed))


def _description(recipient: Recipient, language: str = "en") -> str:
    """``The X, for its unit, under the authority of Y, whose address is Z``.

    The authority is named by the recipient's relation to the State: a private security
    company is "under contract with" or "under the direction of" it, never under its
    authority as a force is (Action 1, definitions).
    """
    if language == "en":
        name, authority = the(recipient.name, capital=True), the(recipient.authority)
    else:
        name = text_in(recipient.name, language)
        name, authority = name[:1].upper() + name[1:], text_in(recipient.authority, language)
    relation = recipient.relation_to_state
    key = ("recipient.contracted" if relation is StateRelation.contracted
           else "recipient.directed" if relation is StateRelation.directed
           else "recipient.commanded")
    link = catalog.sentence(KIND, key, language, authority=authority)
    return catalog.sentence(
        KIND, "recipient.description", language, name=name, link=link,
        unit=text_in(recipient.unit, language) if recipient.unit else "",
        address=text_in(recipient.address, language) if recipient.address else "")


def schedule(items: list[Item], language: str = "en") -> dict[str, Any]:
    """Rows of the schedule, and one total row per currency (in order of appearance).

    Amounts are computed with :class:`~decimal.Decimal`, so totals are exact, and
    written as the document's language writes them (:func:`hrdd_docs.wording.money`).
    """
    rows = []
    totals: dict[str, Decimal] = {}
    for index, item in enumerate(items, start=1):
        line = item.unit_value * item.quantity
        totals[item.currency] = totals.get(item.currency, Decimal(0)) + line
        rows.append({
            "number": str(index),
            "description": text_in(item.description, language),
            "identifiers": "\n".join(item.identifiers) if item.identifiers else "—",
            "quantity": number(item.quantity, language),
            "unit_value": money_in(item.currency, item.unit_value, language),
            "total": money_in(item.currency, line, language),
        })
    several = len(totals) > 1
    return {
        "rows": rows,
        "totals": [
            {"label": catalog.sentence(KIND, "total.in", language, currency=currency)
             if several else catalog.sentence(KIND, "total.one", language),
             "amount": money_in(currency, amount, language)}
            for currency, amount in totals.items()
        ],
    }


def money(currency: str, amount: Decimal) -> str:
    """``USD 6,400.00``, with a no-break space: an amount never wraps in the schedule."""
    return money_in(currency, amount, "en")
