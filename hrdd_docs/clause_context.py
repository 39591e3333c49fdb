"""The variables a clause text may use, computed from a project for one document.

A clause is rendered once for the MOU (the whole project) and once per deed (the
project as that recipient's deed sees it, :meth:`~hrdd_docs.model.Project.for_recipient`).
The same variable reads right in both: ``party`` is "the Authority" or "the Recipient",
``items`` "the donated items" or "the Items" (the deed's defined term), and the lists
(``item_uses``, ``personal_data``, ``phases``) hold what that document covers: in a
deed, only the activities whose items it donates, numbered as its schedule numbers
them. Only facts fit for the other party reach a clause: never a finding, a risk or a
mitigation's text.
"""

from __future__ import annotations

from typing import Any

from hrdd_docs.model import Activity, Item, Project
from hrdd_docs.triggers import phase_of
from hrdd_docs.wording import join_words, long_date

CONTEXT_VARIABLES: dict[str, str] = {
    "project_title": "the project's title (project.title)",
    "project_code": "IOM project code (project.references.project_code)",
    "mou_reference": "reference of the MOU (project.references.mou, else <project_code>/MOU)",
    "country": "the host country as it reads after 'of' or 'in' (project.country): "
               "'Darvonia', 'the Republic of Qalmaria'",
    "locations": "the project's locations joined in a phrase, else the country",
    "office": "the IOM office (project.office), e.g. 'IOM Darvonia'",
    "start_date": "start of the project, written '1 March 2026'",
    "end_date": "end of the project, written '31 August 2027'",
    "authority": "the national authorities commanding (or contracting) the recipients, "
                 "joined in a phrase, each with 'the': 'the Ministry of Interior of Darvonia'",
    "recipient": "the names of the recipients, joined in a phrase",
    "party": "the other party as defined in the document: 'the Authority' (MOU) or "
             "'the Recipient' (deed)",
    "Party": "the same, capitalised to begin a sentence",
    "agreement": "'this Memorandum' (MOU) or 'this Deed' (deed)",
    "Agreement": "the same, capitalised to begin a sentence",
    "reporting_period": "the monitoring period in words, to follow 'every': 'month', "
                        "'three months'",
    "items": "the donated items as the document names them: 'the donated items' (MOU) "
             "or 'the Items' (deed, its defined term)",
    "Items": "the same, capitalised to begin a sentence",
    "item_uses": "one entry per activity that donates items: letter, activity, "
                 "restriction (activities[].use_restriction, or ''), numbers (in a deed, "
                 "the schedule numbers: '1, 2 and 3'; '' in the MOU), count",
    "personal_data": "one entry per activity that handles personal data (in a deed, whose "
                     "items collect it): letter, activity, described (activities[].data is "
                     "given), categories, purpose, legal_basis, retention, receivers, "
                     "sharing_agreement ('' when not given), biometric, shared_with_recipient",
    "phases": "the phases of delivery the document covers (project.phases): number, letter, "
              "condition ('' for none), trial, support (activity descriptions), numbers "
              "and count (in a deed, the schedule numbers of its items in that phase)",
    "waiver_agreed": "true when the donors have agreed the visibility derogation in writing "
                     "(visibility.waiver_agreed)",
}
"""The variables a clause text may use; nothing else, and never assessment findings."""

_PERIODS = ("", "month", "two months", "three months", "four months", "five months",
            "six months", "seven months", "eight months", "nine months", "ten months",
            "eleven months", "twelve months")


def context(project: Project, document: str) -> dict[str, Any]:
    """The variables a clause text may use (:data:`CONTEXT_VARIABLES`), for one document.

    ``document`` is ``"mou"`` or ``"deed"``; for a deed, pass the project as the deed
    sees it (:meth:`~hrdd_docs.model.Project.for_recipient`).
    """
    from hrdd_docs.render.mou import country_name, the

    info = project.project
    authorities = list(dict.fromkeys(the(r.authority) for r in project.recipients))
    deed = document == "deed"
    party = "the Recipient" if deed else "the Authority"
    agreement = "this Deed" if deed else "this Memorandum"
    items = "the Items" if deed else "the donated items"
    return {
        "project_title": info.title,
        "project_code": info.references.project_code,
        "mou_reference": info.references.mou_reference,
        "country": country_name(info.country),
        "locations": join_words(info.locations) or info.country,
        "office": info.office,
        "start_date": long_date(info.start),
        "end_date": long_date(info.end),
        "authority": join_words(authorities) or "the national authorities",
        "recipient": join_words([r.name for r in project.recipients]) or "the recipient",
        "party": party,
        "Party": _capital(party),
        "agreement": agreement,
        "Agreement": _capital(agreement),
        "reporting_period": _PERIODS[project.monitoring.period_months],
        "items": items,
        "Items": _capital(items),
        "item_uses": item_uses(project, deed),
        "personal_data": personal_data(project, deed),
        "phases": phases(project, deed),
        "waiver_agreed": project.visibility.waiver_agreed,
    }


def _capital(text: str) -> str:
    return text[0].upper() + text[1:]


def letter(index: int) -> str:
    """``a`` … ``z``, then ``aa``, ``ab`` …: the letters of a list inside a clause."""
    alphabet = "abcdefghijklmnopqrstuvwxyz"
    return alphabet[index] if index < 26 else alphabet[index // 26 - 1] + alphabet[index % 26]


def _described(activity: Activity) -> str:
    return activity.description.rstrip(" .")


def _schedule(project: Project) -> list[tuple[Activity, Item, int]]:
    """Each donated item with its activity and its number in the deed's schedule."""
    rows = [(a, i) for a in project.activities for i in a.items]
    return [(a, i, n) for n, (a, i) in enumerate(rows, start=1)]


def _numbers(numbers: list[int]) -> str:
    return join_words([str(n) for n in numbers])


def item_uses(project: Project, deed: bool) -> list[dict[str, Any]]:
    """Action 5, use of materials: what the items of each activity may be used for."""
    uses: list[dict[str, Any]] = []
    schedule = _schedule(project)
    for activity in (a for a in project.activities if a.items):
        numbers = [n for a, _, n in schedule if a is activity] if deed else []
        uses.append({"letter": letter(len(uses)), "activity": _described(activity),
                     "restriction": activity.use_restriction or "",
                     "numbers": _numbers(numbers), "count": len(numbers)})
    return uses


def personal_data(project: Project, deed: bool) -> list[dict[str, Any]]:
    """Action 5(8): the data each activity handles, as its data-sharing agreement says."""
    entries: list[dict[str, Any]] = []
    for activity in project.activities:
        if not activity.personal_data or (deed and not activity.items):
            continue
        data = activity.data
        entries.append({
            "letter": letter(len(entries)),
            "activity": _described(activity),
            "described": data is not None,
            "categories": join_words(data.categories) if data else "",
            "purpose": data.purpose if data else "",
            "legal_basis": data.legal_basis if data else "",
            "retention": data.retention if data else "",
            "receivers": join_words(data.receivers) if data else "",
            "sharing_agreement": (data.sharing_agreement or "") if data else "",
            "biometric": activity.biometric_data,
            "shared_with_recipient": activity.data_shared_with_recipient,
        })
    return entries


def phases(project: Project, deed: bool) -> list[dict[str, Any]]:
    """Action 5(1): each phase with what it delivers and its condition.

    In the MOU, a phase lists the activities delivered in it (and the items handed over
    in it apart from their activity); in a deed, the schedule numbers of its items, and
    only the phases that hold some of them.
    """
    if not project.phases:
        return []
    support: dict[str, list[str]] = {p.id: [] for p in project.phases}
    numbers: dict[str, list[int]] = {p.id: [] for p in project.phases}
    for activity in project.activities:
        home = phase_of(project, activity)
        support[home.id].append(_described(activity))
        for item in activity.items:
            own = phase_of(project, activity, item)
            if own is not home:
                support[own.id].append(item.description.rstrip(" ."))
    for activity, item, n in _schedule(project):
        numbers[phase_of(project, activity, item).id].append(n)
    entries: list[dict[str, Any]] = []
    for number, phase in enumerate(project.phases, start=1):
        if deed and not numbers[phase.id]:
            continue
        entries.append({"number": number, "letter": letter(len(entries)),
                        "condition": phase.condition or "", "trial": phase.trial,
                        "support": list(dict.fromkeys(support[phase.id])),
                        "numbers": _numbers(numbers[phase.id]),
                        "count": len(numbers[phase.id])})
    return entries
