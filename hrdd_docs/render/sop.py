"""The internal procedure sheet (Box 7): one Word document per project, for IOM staff.

The sheet is internal (:attr:`Audience.internal`): it may carry the incident log and
the reasons behind the checklist. What it says is computed in
:mod:`hrdd_docs.procedure`; this module only turns that into the template's context
and renders ``templates/sop/template.<lang>.docx``, in the build's first language.

Its sentences are entries of ``templates/sop/text/``. The project's values it prints
are given in the sheet's language where the project file has that text, and otherwise
as the file writes them (:func:`hrdd_docs.localized.as_written`): an internal sheet
prints a finding or an incident written in one language rather than refuse the build;
the build says so (:func:`hrdd_docs.localized.english_note`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from hrdd_docs import assess, procedure, resources, schedule
from hrdd_docs.localized import as_written, document_languages
from hrdd_docs.model import Person, Project
from hrdd_docs.outputs import Audience, Output
from hrdd_docs.procedure import say
from hrdd_docs.render.mou import the


def render(project: Project, library: Any = None, build: Any = None) -> list[Output]:
    """Render the procedure sheet, as of ``build.as_of`` (default today); ``library`` is
    unused (the sheet carries no clauses)."""
    from hrdd_docs.render.docx import render_template

    info = project.project
    when = sheet_date(project, build)
    language = document_languages(project)[0]
    values = context(project, when, language)
    data = render_template(
        resources.folder("templates", "sop", f"template.{language}.docx"),
        values,
        title=say("meta.title", language, title=values["title"]),
        subject=say("meta.subject", language),
        author=values["office"],
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


def sheet_date(project: Project, build: Any = None) -> date:
    """The day the sheet is as of: the build's ``--as-of`` (``build.as_of``), else today.

    The checklist and the monitoring periods are worked out for that day, so a sheet
    built later says what has become due since; ``--as-of`` gives the same bytes again.
    """
    return build.as_of if build is not None else date.today()


def context(project: Project, as_of: date, language: str = "en") -> dict[str, Any]:
    """Everything the template prints, in ``language``; no value is None (absent text is
    "")."""
    from hrdd_docs.terms import without_article
    from hrdd_docs.wording import join_words, long_date

    def text(value: str) -> str:
        return as_written(value, language)

    def day(value: date) -> str:
        return long_date(value, language)

    info = project.project
    authority = procedure.mechanism(project, language)
    outcome = procedure.results(project, language)
    manager = project.procedure.programme_manager
    recipients = {r.id: r.name for r in project.recipients}
    checks = procedure.checklist(project, as_of, language)
    reassessments = [day(d) for d in assess.reassessment_dates(project)]
    english = language == "en"
    return {
        "language": language,
        "blocked": procedure.blocks(project, language),
        "office": text(info.office),
        "code": info.references.project_code,
        "title": text(info.title),
        "country": text(info.country) if english else without_article(text(info.country)),
        "locations": ", ".join(text(place) for place in info.locations),
        "start": day(info.start),
        "end": day(info.end),
        "sheet_date": day(as_of),
        "risk_level": procedure.risk_level(project, language),
        "risk_basis": _risk_basis(project, language),
        "responsible": _person(project.monitoring.responsible, language),
        "focal_points": [
            {"force": the(r.name) if english else text(r.name),
             "person": procedure.with_rank(r.focal_point, language)}
            for r in project.recipients
        ],
        "programme_manager": _person(manager, language) if manager else "",
        "com": _person(info.chief_of_mission, language),
        "mechanism": {
            "country_sops": authority.country_sops,
            "note": authority.note,
            "who": authority.who_communicates_cessation,
            "sops": authority.sops,
        },
        "checks": [
            {"box": "☑" if c.done else "☐" if c.required else "–", "label": c.label,
             "status": say("check.yes" if c.done else "check.not_yet" if c.required
                           else "check.not_required", language),
             "missing": list(c.missing)}
            for c in checks
        ],
        "all_checked": all(c.done or not c.required for c in checks),
        "detection": _detection(project, language),
        "communication": procedure.communication(project, language),
        "courses": procedure.courses_of_action(language),
        "results": {
            "a_condition": outcome.a_condition, "a_action": outcome.a_action,
            "b_condition": outcome.b_condition, "b_action": outcome.b_action,
            "b_addressed": outcome.b_addressed, "b_continuing": outcome.b_continuing,
        },
        "suspend_when": text(project.procedure.suspend_when or ""),
        "cease_when": text(project.procedure.cease_when or ""),
        "period": _months(project.monitoring.period_months, language),
        "periods": _periods(project, as_of, language),
        "reassessments": reassessments,
        # English has always listed the dates with commas alone.
        "reassessments_due": ", ".join(reassessments) if english
        else join_words(reassessments, language=language),
        "events": [{"date": day(e.date), "kind": say(f"event.{e.kind.value}", language),
                    "description": text(e.description).rstrip(" .")}
                   for e in schedule.events_since(project, as_of)],
        "assessed": project.assessment.made,
        "signatures": [
            _signature(say("signature.responsible", language),
                       project.monitoring.responsible, language),
            _signature(say("signature.com", language), info.chief_of_mission, language),
        ],
        "log": [
            {
                "date": day(i.date),
                "detected": text(i.detected),
                "recipient": text(recipients.get(i.recipient, "")) if i.recipient else "",
                "source": text(i.source) if i.source else "",
                "course": say(f"course.{i.course_of_action.value}", language)
                if i.course_of_action else say("incident.no_course", language),
                "action": text(i.action_taken) if i.action_taken
                else say("incident.no_action", language),
                "result": say(f"incident.{i.result.value}", language),
                "result_date": day(i.result_date) if i.result_date else "",
                "classes": _classes(i, language),
            }
            for i in project.procedure.log
        ],
    }


def _classes(incident: Any, language: str = "en") -> str:
    """``acts of refoulement; command responsibility``, or "" (Action 1)."""
    classes = [say(f"grave.{g.value}", language) for g in incident.grave_violations]
    if incident.command_responsibility:
        classes.append(say("incident.command_responsibility", language))
    return ("\u00a0; " if language == "fr" else "; ").join(classes)


def _months(months: int, language: str = "en") -> str:
    """``one month``, ``three months``; ``un mois``, ``trois mois``; ``tres meses``."""
    from hrdd_docs.terms import count_words

    if months == 1:
        return say("months.one", language)
    return say("months.many", language, count=count_words(months, language))


def _person(person: Person, language: str = "en") -> str:
    return f"{person.name}, {as_written(person.title, language)}"


def _signature(party: str, person: Person, language: str = "en") -> dict[str, str]:
    blank = "_______________________________"
    return {"party": party, "name": person.name,
            "title": as_written(person.title, language), "date": blank, "place": blank}


def _risk_basis(project: Project, language: str = "en") -> str:
    """One sentence saying where the risk level comes from (Action 4)."""
    from hrdd_docs.wording import long_date

    assessment = project.assessment
    final = assessment.final.rating
    ratings = [a.rating for _, a in assessment.elements.items() if a.rating]
    highest = max(ratings, key=lambda r: r.rank, default=None)
    if assessment.date is None:
        text = say("risk.none" if not assess.exempt_only(project) else "risk.none_exempt",
                   language)
    elif final is None:
        text = say("risk.unrated", language, date=long_date(assessment.date, language))
    elif highest and highest.rank > final.rank:
        text = say("risk.rated_higher", language, date=long_date(assessment.date, language),
                   final=procedure.rating_word(final, language),
                   highest=procedure.rating_word(highest, language))
    else:
        text = say("risk.rated", language, date=long_date(assessment.date, language),
                   final=procedure.rating_word(final, language))
    endorsement = assessment.endorsement
    if endorsement:
        text += " " + say("risk.endorsed", language, name=endorsement.name,
                          title=as_written(endorsement.title, language),
                          date=long_date(endorsement.date, language))
    else:
        text += " " + say("risk.not_endorsed", language)
    return text


def _detection(project: Project, language: str = "en") -> str:
    """Box 7, first step: how violations come to light (Action 6)."""
    from hrdd_docs.terms import count_words

    count = len(project.monitoring.indicators)
    months = project.monitoring.period_months
    every = (say("every.month", language) if months == 1
             else say("every.months", language, months=_months(months, language)))
    if not count:
        indicators = say("detection.none", language)
    elif count == 1:
        indicators = say("detection.one", language, every=every)
    else:
        indicators = say("detection.many", language, count=count_words(count, language),
                         every=every)
    return say("detection", language, name=project.monitoring.responsible.name,
               indicators=indicators)


def _periods(project: Project, as_of: date, language: str = "en") -> list[dict[str, str]]:
    """Monitoring periods (Action 6): a period that has ended needs a result from every
    indicator; one still missing is named."""
    from hrdd_docs.wording import long_date

    indicators = project.monitoring.indicators
    rows = []
    for n, (first, last) in enumerate(schedule.monitoring_periods(project), start=1):
        absent = [i.id for i in indicators if n not in {r.period for r in i.results}]
        if indicators and not absent:
            status = say("period.recorded", language)
        elif last > as_of:
            status = say("period.not_due" if len(absent) == len(indicators)
                         else "period.some", language)
        elif not indicators:
            status = say("period.no_indicator", language)
        else:
            status = say("period.missing", language, ids=", ".join(absent))
        rows.append({"n": str(n), "from": long_date(first, language),
                     "to": long_date(last, language), "status": status})
    return rows
