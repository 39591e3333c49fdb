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

from hrdd_docs import resources
from hrdd_docs.model import Item, Project, Recipient
from hrdd_docs.outputs import Audience, Output
from hrdd_docs.render.docx import (
    LINE,
    ArticleCounter,
    clause_families,
    document_date,
    render_template,
)
from hrdd_docs.render.mou import the
from hrdd_docs.wording import join_words, long_date

TEMPLATE = ("deed_of_donation", "template.docx")

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
    outputs = []
    for recipient, items in donations:
        selected = deed_clauses(project, recipient.id, library)
        families, anchored = clause_families(selected, dict(clauses.FAMILY_TITLES), ANCHORED)
        reference = deed_reference(project, recipient)
        title = f"Deed of Donation to {recipient.name}: {project.project.title}"
        data = render_template(
            resources.folder("templates", *TEMPLATE),
            context(project, recipient, items, families, anchored, selected),
            title=title, subject=reference, author=project.project.office,
            when=document_date(project),
        )
        outputs.append(Output(name=f"{project.project.id}-deed-{recipient.id}.docx",
                              data=data, kind="deed", audience=Audience.external,
                              title=title, clauses=tuple(selected), recipient=recipient.id))
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
            selected: list[Any] | None = None) -> dict[str, Any]:
    """Every value the deed template prints, as plain strings, lists and dicts.

    ``selected`` are the deed's clauses: the template says the Items are handed over
    in phases only when the clause that sets out the phases is among them.
    """
    info = project.project
    activities = list(dict.fromkeys(activity.id for activity, _ in items))
    described = [a.description.rstrip(" .") for a in project.activities if a.id in activities]
    place = info.signing_place or LINE
    chief = info.chief_of_mission
    references = info.references
    return {
        "doc": {"reference": deed_reference(project, recipient),
                "project_code": info.references.project_code},
        "project": {"title": info.title, "office": info.office,
                    "locations": join_words(list(info.locations)) or info.country,
                    "end": long_date(info.end)},
        "mou": {"reference": references.mou_reference, "authority": the(recipient.authority),
                "date": long_date(references.mou_date) if references.mou_date else ""},
        "recipient": {"the_name": the(recipient.name), "description": _description(recipient)},
        "schedule": schedule([item for _, item in items]),
        "activities": described,
        "delivery": {"phased": any(s.clause.family == "conditionality"
                                   and "phases" in _variables(s.clause)
                                   for s in selected or [])},
        "families": families,
        "anchored": anchored,
        "branding": {
            "kind": project.visibility.branding.value,
            "donors": _acknowledged_donors(project),
            "agreed": project.visibility.waiver_agreed,
        },
        "signatures": {
            "place": f" at {info.signing_place}" if info.signing_place else "",
            "signatories": [
                {"party": "the International Organization for Migration",
                 "name": chief.name, "title": chief.title, "date": LINE, "place": place},
                {"party": the(recipient.name), "name": recipient.focal_point.name,
                 "title": recipient.focal_point.title, "date": LINE, "place": place},
            ],
        },
        "article": ArticleCounter(),
    }


def _variables(clause: Any) -> set[str]:
    """The context variables a clause text uses (a clause on phases uses ``phases``)."""
    from jinja2 import meta

    from hrdd_docs.environment import make_environment

    return set(meta.find_undeclared_variables(make_environment(xml=False).parse(clause.text)))


def _acknowledged_donors(project: Project) -> str:
    """`` and acknowledge the support of the X and the Y``: donors with visibility
    requirements only (the sentence says the markings follow those requirements).

    Donor names often hold a comma ("European Union, DG INTPA"), so several names are
    separated by semicolons, as a legal list would be.
    """
    names = [the(d.name) for d in project.donors if d.visibility_requirements]
    if not names:
        return ""
    if len(names) > 1 and any("," in name for name in names):
        listed = "; ".join(names[:-1]) + "; and " + names[-1]
    else:
        listed = join_words(names)
    return " and acknowledge the support of " + listed


def _description(recipient: Recipient) -> str:
    """``The X, for its unit, under the authority of Y, whose address is Z``.

    The authority is named by the recipient's relation to the State: a private security
    company is "under contract with" or "under the direction of" it, never under its
    authority as a force is (Action 1, definitions).
    """
    from hrdd_docs.vocabulary import StateRelation

    text = the(recipient.name, capital=True)
    if recipient.unit:
        text += f", for its {recipient.unit}"
    relation = recipient.relation_to_state
    link = ("under contract with" if relation is StateRelation.contracted
            else "under the direction of" if relation is StateRelation.directed
            else "under the authority of")
    text += f", {link} {the(recipient.authority)}"
    if recipient.address:
        text += f", whose address is {recipient.address}"
    return text


def schedule(items: list[Item]) -> dict[str, Any]:
    """Rows of the schedule, and one total row per currency (in order of appearance).

    Amounts are computed with :class:`~decimal.Decimal`, so totals are exact.
    """
    rows = []
    totals: dict[str, Decimal] = {}
    for number, item in enumerate(items, start=1):
        line = item.unit_value * item.quantity
        totals[item.currency] = totals.get(item.currency, Decimal(0)) + line
        rows.append({
            "number": str(number),
            "description": item.description,
            "identifiers": "\n".join(item.identifiers) if item.identifiers else "—",
            "quantity": f"{item.quantity:,}",
            "unit_value": money(item.currency, item.unit_value),
            "total": money(item.currency, line),
        })
    several = len(totals) > 1
    return {
        "rows": rows,
        "totals": [
            {"label": f"Total value in {currency}" if several else "Total value",
             "amount": money(currency, amount)}
            for currency, amount in totals.items()
        ],
    }


def money(currency: str, amount: Decimal) -> str:
    """``USD 6,400.00``, with a no-break space: an amount never wraps in the schedule."""
    return f"{currency}\u00a0{amount:,.2f}"
