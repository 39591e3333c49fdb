"""Checks across sections that a single field cannot make: ids, references, date order.

Each check yields ``(path, message)``; :mod:`hrdd_docs.loading` attaches the place in
the file. A dangling reference names both ends: where it is used and what is known.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from hrdd_docs.model import Project
from hrdd_docs.yamlsource import Path_

Finding = tuple[Path_, str]


def check(project: Project) -> list[Finding]:
    """Return every cross-section problem of a validated project, in file order."""
    return [
        *_unique_ids(project),
        *_references(project),
        *_dates(project),
        *_visibility(project),
        *_agreement_facts(project),
        *_relations(project),
        *_mechanism(project),
    ]


def _unique_ids(project: Project) -> Iterator[Finding]:
    sections: list[tuple[str, list[Any]]] = [
        ("donors", project.donors),
        ("recipients", project.recipients),
        ("activities", project.activities),
        ("mitigations", project.mitigations),
        ("phases", project.phases),
        ("monitoring.indicators", project.monitoring.indicators),
        ("procedure.log", project.procedure.log),
    ]
    risks = project.assessment.risks
    sections.append(("assessment.risks", risks))
    for section, entries in sections:
        seen: dict[str, int] = {}
        for index, entry in enumerate(entries):
            if entry.id in seen:
                yield (
                    (*_split(section), index, "id"),
                    f"id {entry.id!r} is used twice (also {section}[{seen[entry.id]}]); "
                    "give each entry its own id",
                )
            seen.setdefault(entry.id, index)


def _split(section: str) -> tuple[str, ...]:
    return tuple(section.split("."))


def _dangling(path: Path_, what: str, value: str, known: Iterable[str], section: str) -> Finding:
    """An unknown id, naming both ends: the id used here and the ids ``section`` defines."""
    names = sorted(known)
    listed = f"known: {', '.join(names)}" if names else f"none is defined; add one under {section}"
    return (path, f"unknown {what} {value!r} ({listed})")


def _references(project: Project) -> Iterator[Finding]:
    recipients = {r.id for r in project.recipients}
    risks = {r.id for r in project.assessment.risks}
    for a, activity in enumerate(project.activities):
        for r, ref in enumerate(activity.recipients):
            if ref not in recipients:
                yield _dangling(
                    ("activities", a, "recipients", r), "recipient", ref, recipients, "recipients"
                )
        for i, item in enumerate(activity.items):
            where = ("activities", a, "items", i)
            if item.recipient is None and len(activity.recipients) > 1:
                yield (
                    (*where, "recipient"),
                    "this activity has several recipients; say which one receives the item "
                    f"(recipient: one of {', '.join(activity.recipients)})",
                )
            elif item.recipient is not None and item.recipient not in activity.recipients:
                yield (
                    (*where, "recipient"),
                    f"{item.recipient!r} is not a recipient of this activity (its recipients: "
                    f"{', '.join(activity.recipients)}); use one of them, or add it to "
                    f"activities[{a}].recipients",
                )
    for k, risk in enumerate(project.assessment.risks):
        for r, ref in enumerate(risk.recipients):
            if ref not in recipients:
                yield _dangling(
                    ("assessment", "risks", k, "recipients", r), "recipient", ref, recipients,
                    "recipients",
                )
    for m, mitigation in enumerate(project.mitigations):
        for r, ref in enumerate(mitigation.addresses):
            if ref not in risks:
                yield _dangling(
                    ("mitigations", m, "addresses", r), "risk", ref, risks, "assessment.risks"
                )
    for n, incident in enumerate(project.procedure.log):
        if incident.recipient is not None and incident.recipient not in recipients:
            yield _dangling(
                ("procedure", "log", n, "recipient"), "recipient", incident.recipient, recipients,
                "recipients",
            )


def _dates(project: Project) -> Iterator[Finding]:
    info = project.project
    if info.end < info.start:
        yield (
            ("project", "end"),
            f"the project ends ({info.end}) before it starts ({info.start}); check both dates",
        )
    for a, activity in enumerate(project.activities):
        if activity.start is not None and activity.start > info.end:
            yield (
                ("activities", a, "start"),
                f"the activity starts ({activity.start}) after the project ends ({info.end}); "
                "check both dates",
            )
    assessment = project.assessment
    if (assessment.endorsement and assessment.date
            and assessment.endorsement.date < assessment.date):
        yield (
            ("assessment", "endorsement", "date"),
            f"endorsed on {assessment.endorsement.date}, before the assessment of "
            f"{assessment.date}; check both dates",
        )
    for n, incident in enumerate(project.procedure.log):
        if incident.result_date is not None and incident.result_date < incident.date:
            yield (
                ("procedure", "log", n, "result_date"),
                f"the result ({incident.result_date}) comes before the incident "
                f"({incident.date}); check both dates",
            )
    periods = _monitoring_periods(project)
    for i, indicator in enumerate(project.monitoring.indicators):
        for j, result in enumerate(indicator.results):
            if result.period > periods:
                yield (
                    ("monitoring", "indicators", i, "results", j, "period"),
                    f"period {result.period} is after the project ends: it has {periods} "
                    f"monitoring period(s) of {project.monitoring.period_months} month(s)",
                )


def _monitoring_periods(project: Project) -> int:
    from hrdd_docs.schedule import monitoring_periods

    return len(monitoring_periods(project))


def _visibility(project: Project) -> Iterator[Finding]:
    visibility = project.visibility
    donors = {d.id: d for d in project.donors}
    for d, ref in enumerate(visibility.donors):
        if ref not in donors:
            yield _dangling(("visibility", "donors", d), "donor", ref, donors, "donors")
    owner = {req.id: donor.id for donor in project.donors for req in donor.visibility_requirements}
    for r, ref in enumerate(visibility.requirements):
        where = ("visibility", "requirements", r)
        if ref not in owner:
            yield _dangling(
                where, "visibility requirement", ref, owner,
                "donors[].visibility_requirements",
            )
        elif owner[ref] not in visibility.donors:
            yield (
                where,
                f"requirement {ref!r} belongs to donor {owner[ref]!r}, which is not in "
                f"visibility.donors; add {owner[ref]!r} there, or remove this requirement",
            )
    if visibility.waiver_requested:
        for key in ("donors", "requirements", "alternative_acknowledgement"):
            if not getattr(visibility, key):
                yield (
                    ("visibility", key),
                    f"branding is {visibility.branding.value!r}, so the waiver request "
                    f"needs visibility.{key}; add it, or set branding: standard",
                )


def _agreement_facts(project: Project) -> Iterator[Finding]:
    """Facts the agreements print: who a measure aims at, phases, data, signatories, items."""
    yield from _aimed_mitigations(project)
    yield from _phases(project)
    yield from _activity_facts(project)
    yield from _signatories(project)
    yield from _identifiers(project)


def _aimed_mitigations(project: Project) -> Iterator[Finding]:
    """``mitigations[].recipients``: known recipients, concerned by the risks addressed."""
    recipients = {r.id for r in project.recipients}
    risks = {r.id: r for r in project.assessment.risks}
    for m, mitigation in enumerate(project.mitigations):
        for r, ref in enumerate(mitigation.recipients):
            where = ("mitigations", m, "recipients", r)
            if ref not in recipients:
                yield _dangling(where, "recipient", ref, recipients, "recipients")
                continue
            concerned = [risks[x] for x in mitigation.addresses if x in risks]
            if concerned and not any(not k.recipients or ref in k.recipients
                                     for k in concerned):
                yield (where, f"{ref!r} is concerned by none of the risks this measure "
                       f"addresses ({', '.join(k.id for k in concerned)}); aim it at a "
                       "recipient those risks concern, or add the recipient to a risk")


def _phases(project: Project) -> Iterator[Finding]:
    """Action 5(1): two or more phases, each delivering something, each later one on a
    condition; activities and items name known phases."""
    phases = project.phases
    known = [p.id for p in phases]
    if len(phases) == 1:
        yield (("phases",), "a single phase is not a phased delivery; define two or more "
               "phases, or remove phases")
    used: set[str] = set()
    for a, activity in enumerate(project.activities):
        if activity.phase is not None:
            if activity.phase not in known:
                yield _dangling(("activities", a, "phase"), "phase", activity.phase, known,
                                "phases")
            used.add(activity.phase)
        elif phases:
            used.add(phases[0].id)
        for i, item in enumerate(activity.items):
            if item.phase is not None:
                if item.phase not in known:
                    yield _dangling(("activities", a, "items", i, "phase"), "phase", item.phase,
                                    known, "phases")
                used.add(item.phase)
    for n, phase in enumerate(phases):
        if n and phase.condition is None:
            yield (("phases", n, "condition"), f"phase {phase.id!r} follows another phase, "
                   "so it needs the condition IOM confirms before it begins; add condition:")
        if phase.trial and n == len(phases) - 1:
            yield (("phases", n, "trial"), f"phase {phase.id!r} is a trial but no phase "
                   "follows it; a trial is reviewed before the next phase begins")
        if len(phases) > 1 and phase.id not in used:
            yield (("phases", n), f"no activity or item is delivered in phase {phase.id!r}; "
                   "give it to an activity or item (phase: " + phase.id + "), or remove it")


def _activity_facts(project: Project) -> Iterator[Finding]:
    for a, activity in enumerate(project.activities):
        if activity.data is not None and not activity.personal_data:
            yield (("activities", a, "data"), "describes the handling of personal data but "
                   "personal_data is false; set personal_data: true, or remove data")
        if activity.use_restriction is not None and not activity.items:
            yield (("activities", a, "use_restriction"), "restricts the use of donated items "
                   "but this activity donates none; remove it, or add the items")


def _signatories(project: Project) -> Iterator[Finding]:
    """One MOU signatory per authority: recipients under one authority may not differ."""
    given: dict[str, tuple[int, Any]] = {}
    for r, recipient in enumerate(project.recipients):
        person = recipient.authority_signatory
        if person is None:
            continue
        first = given.get(recipient.authority)
        if first is None:
            given[recipient.authority] = (r, person)
        elif (first[1].name, first[1].title) != (person.name, person.title):
            yield (("recipients", r, "authority_signatory"), f"{recipient.authority!r} "
                   f"already has the signatory {first[1].name}, {first[1].title} (recipients"
                   f"[{first[0]}]); one person signs the MOU for an authority: give the same "
                   "name and title, or leave this one out")


def _identifiers(project: Project) -> Iterator[Finding]:
    """A hull, chassis or serial number identifies one item: refuse it twice, naming both."""
    seen: dict[str, Path_] = {}
    for a, activity in enumerate(project.activities):
        for i, item in enumerate(activity.items):
            for k, identifier in enumerate(item.identifiers):
                key = " ".join(identifier.split()).casefold()
                where: Path_ = ("activities", a, "items", i, "identifiers", k)
                if key in seen:
                    yield (where, f"identifier {identifier!r} is also given at "
                           f"{_format(seen[key])}; an identifier (hull, chassis or serial "
                           "number) belongs to one item: correct one of them")
                else:
                    seen[key] = where


def _format(path: Path_) -> str:
    from hrdd_docs.yamlsource import format_path

    return format_path(path)
def _relations(project: Project) -> Iterator[Finding]:
    """``government_authority`` names the host government's authority for a recipient
    outside State structures; for any other recipient it would contradict ``authority``."""
    from hrdd_docs.vocabulary import StateRelation

    for r, recipient in enumerate(project.recipients):
        relation = recipient.relation_to_state
        if recipient.government_authority and relation is not StateRelation.outside_state:
            yield (
                ("recipients", r, "government_authority"),
                f"only a recipient outside State structures takes a government_authority; "
                f"{recipient.id!r} is {relation.label}, so its authority is the party: remove "
                "this key, or set relation: outside_state",
            )


def _mechanism(project: Project) -> Iterator[Finding]:
    """Action 3 facts that contradict each other (checked for the newer fields only, so a
    file valid before they existed stays valid)."""
    facts = project.country_mechanism
    if not facts.exists:
        if facts.gpraf_used:
            yield (("country_mechanism", "gpraf_used"),
                   "gpraf_used is true but country_mechanism.exists is false; set exists: "
                   "true, or gpraf_used: false")
        if facts.participation_decided_by is not None:
            yield (("country_mechanism", "participation_decided_by"),
                   "no country mechanism exists (country_mechanism.exists: false), so there "
                   "is no participation to decide; remove this key or set exists: true")
    elif facts.gpraf_used and not facts.gpraf_available:
        yield (("country_mechanism", "gpraf_used"),
               "gpraf_used is true but gpraf_available is false; a GPRAF used must exist: "
               "set gpraf_available: true")
    for m, mitigation in enumerate(project.mitigations):
        if mitigation.un_core_measure and not facts.exists:
            yield (("mitigations", m, "un_core_measure"),
                   f"measure {mitigation.id!r} is marked as a UN core measure, which the UN "
                   "country mechanism agrees (Action 5), but country_mechanism.exists is "
                   "false; set un_core_measure: false, or describe the mechanism")
