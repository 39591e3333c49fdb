"""The internal procedure sheet (Box 7): one Word document per project, for IOM staff.

The sheet is internal (:attr:`Audience.internal`): it may carry the incident log and
the reasons behind the checklist. What it says is computed in
:mod:`hrdd_docs.procedure`; this module only turns that into the template's context
and renders ``templates/sop/template.docx``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from hrdd_docs import assess, procedure, resources
from hrdd_docs.model import Person, Project
from hrdd_docs.outputs import Audience, Output
from hrdd_docs.render.mou import the
from hrdd_docs.vocabulary import IncidentResult

_RESULTS = {
    IncidentResult.pending: "Pending",
    IncidentResult.addressed: "Result A: addressed; activities continue",
    IncidentResult.suspended: "Result B: activities suspended",
    IncidentResult.resumed: "Result B, then addressed; activities resumed",
    IncidentResult.ceased: "Result B, violations continued; activities ceased",
}


def render(project: Project, library: Any = None) -> list[Output]:
    """Render the procedure sheet; ``library`` is unused (the sheet carries no clauses)."""
    from hrdd_docs.render.docx import render_template

    info = project.project
    when = sheet_date(project)
    data = render_template(
        resources.folder("templates", "sop", "template.docx"),
        context(project, when),
        title=f"Internal procedure (Box 7): {info.title}",
        subject="HRDDP internal procedure for intervention, suspension or cessation of support",
        author=info.office,
        when=when,
    )
    return [Output(
        name=f"{info.id}-procedure.docx",
        data=data,
        kind="sop",
        audience=Audience.internal,
        title="Internal procedure for intervention, suspension or cessation (Box 7)",
        notes=tuple(f"procedure sheet: '{c.label}' is not ticked: {m}"
                    for c in procedure.checklist(project, when) for m in c.missing),
    )]


def sheet_date(project: Project) -> date:
    """The date of the sheet: the latest date the project records (assessment,
    endorsement, incidents and their results), so a rebuild gives the same document."""
    assessment = project.assessment
    dates = [assessment.date]
    if assessment.endorsement:
        dates.append(assessment.endorsement.date)
    for incident in project.procedure.log:
        dates.append(incident.date)
        if incident.result_date:
            dates.append(incident.result_date)
    return max(dates)


def context(project: Project, as_of: date) -> dict[str, Any]:
    """Everything the template prints; no value is None (absent text is "")."""
    from hrdd_docs.wording import long_date

    info = project.project
    authority = procedure.mechanism(project)
    outcome = procedure.results(project)
    manager = project.procedure.programme_manager
    recipients = {r.id: r.name for r in project.recipients}
    checks = procedure.checklist(project, as_of)
    return {
        "office": info.office,
        "code": info.references.project_code,
        "title": info.title,
        "country": info.country,
        "locations": ", ".join(info.locations),
        "start": long_date(info.start),
        "end": long_date(info.end),
        "sheet_date": long_date(as_of),
        "risk_level": procedure.risk_level(project),
        "risk_basis": _risk_basis(project),
        "responsible": _person(project.monitoring.responsible),
        "focal_points": [
            {"force": the(r.name), "person": procedure.with_rank(r.focal_point)}
            for r in project.recipients
        ],
        "programme_manager": _person(manager) if manager else "",
        "com": _person(info.chief_of_mission),
        "mechanism": {
            "country_sops": authority.country_sops,
            "note": authority.note,
            "who": authority.who_communicates_cessation,
            "sops": authority.sops,
        },
        "checks": [
            {"box": "☑" if c.done else "☐", "label": c.label,
             "status": "Yes" if c.done else "Not yet", "missing": list(c.missing)}
            for c in checks
        ],
        "all_checked": all(c.done for c in checks),
        "detection": _detection(project),
        "communication": procedure.communication(project),
        "courses": procedure.courses_of_action(),
        "results": {
            "a_condition": outcome.a_condition, "a_action": outcome.a_action,
            "b_condition": outcome.b_condition, "b_action": outcome.b_action,
            "b_addressed": outcome.b_addressed, "b_continuing": outcome.b_continuing,
        },
        "suspend_when": project.procedure.suspend_when or "",
        "cease_when": project.procedure.cease_when or "",
        "period": _months(project.monitoring.period_months),
        "periods": _periods(project, as_of),
        "reassessments": [long_date(d) for d in assess.reassessment_dates(project)],
        "signatures": [
            _signature("IOM: responsible for due diligence monitoring",
                       project.monitoring.responsible),
            _signature("IOM: Chief of Mission", info.chief_of_mission),
        ],
        "log": [
            {
                "date": long_date(i.date),
                "detected": i.detected,
                "recipient": recipients.get(i.recipient, "") if i.recipient else "",
                "source": i.source or "",
                "course": i.course_of_action.label if i.course_of_action else "Not yet agreed",
                "action": i.action_taken or "Not yet recorded",
                "result": _RESULTS[i.result],
                "result_date": long_date(i.result_date) if i.result_date else "",
            }
            for i in project.procedure.log
        ],
    }


_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
          "ten", "eleven", "twelve")


def _count(number: int) -> str:
    """Small numbers in words, as running text writes them: ``two``, ``12`` → ``twelve``."""
    return _WORDS[number] if number < len(_WORDS) else str(number)


def _months(months: int) -> str:
    """``one month``, ``three months``."""
    return f"{_count(months)} month{'s' if months != 1 else ''}"


def _person(person: Person) -> str:
    return f"{person.name}, {person.title}"


def _signature(party: str, person: Person) -> dict[str, str]:
    blank = "_______________________________"
    return {"party": party, "name": person.name, "title": person.title, "date": blank,
            "place": blank}


def _risk_basis(project: Project) -> str:
    """One sentence saying where the risk level comes from (Action 4)."""
    from hrdd_docs.wording import long_date

    assessment = project.assessment
    final = assessment.final.rating
    ratings = [a.rating for _, a in assessment.elements.items() if a.rating]
    highest = max(ratings, key=lambda r: r.rank, default=None)
    if final is None:
        text = f"The assessment of {long_date(assessment.date)} has no final rating yet."
    else:
        text = f"Final rating {final.value} in the assessment of {long_date(assessment.date)}"
        text += (f"; the highest element is rated {highest.value}." if highest and
                 highest.rank > final.rank else ".")
    endorsement = assessment.endorsement
    if endorsement:
        text += (f" Endorsed by {endorsement.name}, {endorsement.title}, on "
                 f"{long_date(endorsement.date)}.")
    else:
        text += " Not yet endorsed by the Head of Office."
    return text


def _detection(project: Project) -> str:
    """Box 7, first step: how violations come to light (Action 6)."""
    count = len(project.monitoring.indicators)
    months = project.monitoring.period_months
    every = "every month" if months == 1 else f"every {_months(months)}"
    indicators = (f"the {_count(count)} monitoring indicator{'s' if count != 1 else ''} measured "
                  f"{every}" if count else "the monitoring indicators (none defined yet)")
    return (f"{project.monitoring.responsible.name} watches for violations by the recipients "
            f"through {indicators}, complaints from the community and public or IOM "
            "protection sources. Monitoring means staying alert and gathering preliminary "
            "information; it is not an investigation (Action 6).")


def _periods(project: Project, as_of: date) -> list[dict[str, str]]:
    """Monitoring periods (Action 6) and whether results are recorded for each."""
    from hrdd_docs.wording import long_date

    recorded = {r.period for i in project.monitoring.indicators for r in i.results}
    rows = []
    for n, (first, last) in enumerate(assess.monitoring_periods(project), start=1):
        if n in recorded:
            status = "Results recorded"
        elif last <= as_of:
            status = "No results recorded"
        else:
            status = "Not yet due"
        rows.append({"n": str(n), "from": long_date(first), "to": long_date(last),
                     "status": status})
    return rows
