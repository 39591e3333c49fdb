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

from hrdd_docs.localized import text_in
from hrdd_docs.model import Activity, Item, Project
from hrdd_docs.terms import capital, period_words, term
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
    "language": "the document's language: en, fr or es (the de and a filters read it)",
}
"""The variables a clause text may use; nothing else, and never assessment findings."""

def context(project: Project, document: str, language: str = "en") -> dict[str, Any]:
    """The variables a clause text may use (:data:`CONTEXT_VARIABLES`), for one document.

    ``document`` is ``"mou"`` or ``"deed"``; for a deed, pass the project as the deed
    sees it (:meth:`~hrdd_docs.model.Project.for_recipient`). ``language`` is the
    document's: dates, lists and the defined terms are written in it and the project's
    values are taken in it (:func:`~hrdd_docs.localized.text_in`). In English a name
    takes "the" as the toolkit's English rule says; in French and Spanish the project
    file gives names with their article ("la Darvonie", "el Ministerio del Interior").
    """
    from hrdd_docs.render.mou import country_name, the

    info = project.project
    deed = document == "deed"

    def text(value: str) -> str:
        return text_in(value, language)

    # A group outside State structures has no authority of the State: its own leadership
    # is never named as one (hrdd_docs/parties.py).
    from hrdd_docs.parties import outside_state

    state = [r for r in project.recipients if not outside_state(r)]
    if language == "en":
        authorities = [the(r.authority) for r in state]
        country = country_name(info.country)
    else:
        authorities = [text(r.authority) for r in state]
        country = text(info.country)
    party = term("recipient" if deed else "authority", language)
    agreement = term("deed_this" if deed else "mou_this", language)
    items = term("items_deed" if deed else "items_mou", language)
    return {
        "project_title": text(info.title),
        "project_code": info.references.project_code,
        "mou_reference": info.references.mou_reference,
        "country": country,
        "locations": join_words([text(p) for p in info.locations], language=language)
        or (text(info.country) if language != "en" else info.country),
        "office": text(info.office),
        "start_date": long_date(info.start, language),
        "end_date": long_date(info.end, language),
        "authority": join_words(list(dict.fromkeys(authorities)), language=language)
        or term("national_authorities", language),
        "recipient": join_words([text(r.name) for r in project.recipients], language=language)
        or ("the recipient" if language == "en" else term("recipient", language)),
        "party": party,
        "Party": capital(party),
        "agreement": agreement,
        "Agreement": capital(agreement),
        "reporting_period": period_words(project.monitoring.period_months, language),
        "items": items,
        "Items": capital(items),
        "item_uses": item_uses(project, deed, language),
        "personal_data": personal_data(project, deed, language),
        "phases": phases(project, deed, language),
        "waiver_agreed": project.visibility.waiver_agreed,
        "language": language,
    }


def letter(index: int) -> str:
    """``a`` … ``z``, then ``aa``, ``ab`` …: the letters of a list inside a clause."""
    alphabet = "abcdefghijklmnopqrstuvwxyz"
    return alphabet[index] if index < 26 else alphabet[index // 26 - 1] + alphabet[index % 26]


def _described(activity: Activity, language: str = "en") -> str:
    return text_in(activity.description, language).rstrip(" .")


def _schedule(project: Project) -> list[tuple[Activity, Item, int]]:
    """Each donated item with its activity and its number in the deed's schedule."""
    rows = [(a, i) for a in project.activities for i in a.items]
    return [(a, i, n) for n, (a, i) in enumerate(rows, start=1)]


def _numbers(numbers: list[int], language: str = "en") -> str:
    return join_words([str(n) for n in numbers], language=language)


def item_uses(project: Project, deed: bool, language: str = "en") -> list[dict[str, Any]]:
    """Action 5, use of materials: what the items of each activity may be used for."""
    uses: list[dict[str, Any]] = []
    schedule = _schedule(project)
    for activity in (a for a in project.activities if a.items):
        numbers = [n for a, _, n in schedule if a is activity] if deed else []
        restriction = activity.use_restriction
        uses.append({"letter": letter(len(uses)), "activity": _described(activity, language),
                     "restriction": text_in(restriction, language) if restriction else "",
                     "numbers": _numbers(numbers, language), "count": len(numbers)})
    return uses


def personal_data(project: Project, deed: bool, language: str = "en") -> list[dict[str, Any]]:
    """Action 5(8): the data each activity handles, as its data-sharing agreement says."""
    entries: list[dict[str, Any]] = []
    for activity in project.activities:
        if not activity.personal_data or (deed and not activity.items):
            continue
        data = activity.data

        def text(value: str) -> str:
            return text_in(value, language)

        entries.append({
            "letter": letter(len(entries)),
            "activity": _described(activity, language),
            "described": data is not None,
            "categories": join_words([text(c) for c in data.categories], language=language)
            if data else "",
            "purpose": text(data.purpose) if data else "",
            "legal_basis": text(data.legal_basis) if data else "",
            "retention": text(data.retention) if data else "",
            "receivers": join_words([text(r) for r in data.receivers], language=language)
            if data else "",
            "sharing_agreement": (data.sharing_agreement or "") if data else "",
            "biometric": activity.biometric_data,
            "shared_with_recipient": activity.data_shared_with_recipient,
        })
    return entries


def phases(project: Project, deed: bool, language: str = "en") -> list[dict[str, Any]]:
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
        support[home.id].append(_described(activity, language))
        for item in activity.items:
            own = phase_of(project, activity, item)
            if own is not home:
                support[own.id].append(text_in(item.description, language).rstrip(" ."))
    for activity, item, n in _schedule(project):
        numbers[phase_of(project, activity, item).id].append(n)
    entries: list[dict[str, Any]] = []
    for number, phase in enumerate(project.phases, start=1):
        if deed and not numbers[phase.id]:
            continue
        entries.append({"number": number, "letter": letter(len(entries)),
                        "condition": text_in(phase.condition, language)
                        if phase.condition else "", "trial": phase.trial,
                        "support": list(dict.fromkeys(support[phase.id])),
                        "numbers": _numbers(numbers[phase.id], language),
                        "count": len(numbers[phase.id])})
    return entries
