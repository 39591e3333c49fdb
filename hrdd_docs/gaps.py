"""What is missing before the assessment can support the project (Actions 3-7).

:func:`find` lists the gaps ``hrdd assess`` prints and ``hrdd build`` warns about, each
in words a project manager can act on and with the field to fill. A gap does not stop
the build; what forbids the external agreements is :func:`hrdd_docs.assess.blocking`.

Exempt-only support (Action 1, Exemptions) needs no assessment: it gets none of the
gaps about the assessment itself (its completion, timing, groups, the risk of not
providing support, reassessment), only those about what the project did record.
"""

from __future__ import annotations

from datetime import date

from hrdd_docs import assess, schedule
from hrdd_docs.assess import Gap
from hrdd_docs.model import Project
from hrdd_docs.reasons import Day, Listed, reason
from hrdd_docs.vocabulary import IndicatorKind, Rating, SourceKind
from hrdd_docs.wording import join_words


def find(project: Project, today: date) -> list[Gap]:
    """Every gap of ``project`` as of ``today``, in the order of the Toolkit's actions."""
    exempt = assess.exempt_only(project)
    found: list[Gap] = []
    found += mechanism(project)
    if not exempt:
        found += assess.completion(project)
    if not exempt and project.assessment.made:
        found += timing(project)
        found += groups(project)
        found += non_provision(project)
    found += mitigation(project)
    if not exempt:
        found += reassessment(project, today)
    found += monitoring(project, today)
    found += incidents(project)
    return found


def mechanism(project: Project) -> list[Gap]:
    """Action 3: the Head of Office decides on participation; a participating office
    takes part in the joint assessment (GPRAF) where there is one."""
    facts = project.country_mechanism
    found = []
    if facts.exists and facts.participation_decided_by is None:
        found.append(Gap("mechanism-undecided", "Action 3", "a UN HRDDP country mechanism "
                         "exists, and the file does not say who decided whether IOM takes part "
                         "in it; the IOM Head of Office decides: record who did",
                         "country_mechanism.participation_decided_by"))
    if facts.exists and facts.iom_participates and facts.gpraf_available \
            and not facts.gpraf_used:
        found.append(Gap("gpraf-unused", "Action 3", "IOM takes part in the country mechanism, "
                         "which has a GPRAF, but the assessment does not draw on it; use the "
                         "joint assessment as a source, then say so",
                         "country_mechanism.gpraf_used"))
    return found


def timing(project: Project) -> list[Gap]:
    """Action 4: the assessment is carried out "before a project is fully developed and
    activities begin"; one dated later is a gap, and no agreement says it came first."""
    assessed = project.assessment.date
    if assessed is None or schedule.assessed_first(project):
        return []
    day, activity = schedule.first_activity(project)
    if activity is None:
        when, path = f"the project starts ({day})", "assessment.date"
    else:
        index = [a.id for a in project.activities].index(activity)
        when, path = f"activity '{activity}' begins ({day})", f"activities[{index}].start"
    return [Gap("assessment-late", "Action 4", f"the assessment ({assessed}) is dated after "
                f"{when}, but it must come before the support begins; the agreements do not "
                f"say it came first. If a date is wrong, correct it", path)]


def groups(project: Project) -> list[Gap]:
    """Action 4: the assessment pays attention to the risks for under-represented groups."""
    assessment = project.assessment
    named = [*(g for r in assessment.risks for g in r.groups),
             *(g for r in assessment.non_provision_risks for g in r.groups)]
    if named:
        return []
    if not assessment.risks and not assessment.non_provision_risks:
        return [Gap("groups-none", "Action 4", "the assessment records no specific risk, so it "
                    "names no group that could be harmed; record the risks, and for each the "
                    "groups it affects (women and girls, children, LGBTIQ+ persons, persons "
                    "with disabilities, minorities, migrants, IDPs, refugees...)",
                    "assessment.risks")]
    return [Gap("groups-none", "Action 4", "no risk says which groups it would harm; the "
                "assessment must look at under-represented groups (women and girls, children, "
                "LGBTIQ+ persons, persons with disabilities, minorities, migrants, IDPs, "
                "refugees...): list them under groups: for each risk (`hrdd schema` lists "
                "the values)", "assessment.risks[].groups")]


def non_provision(project: Project) -> list[Gap]:
    """Action 4: with a medium or high rating, the risk of not providing support is weighed
    and the office says what it concluded."""
    final = project.assessment.final.rating
    if final is None or final is Rating.low or project.assessment.non_provision_conclusion:
        return []
    return [Gap("non-provision-unweighed", "Action 4", f"the final rating is {final.value} and "
                "the file does not say how the risk of not providing the support weighs "
                "against it; write the office's conclusion",
                "assessment.non_provision_conclusion")]


def mitigation(project: Project) -> list[Gap]:
    """Action 5 and the key elements: every medium or high risk has a measure that is
    integrated into the plan of activities and budgeted for; a high final rating needs
    integrated measures at all."""
    found: list[Gap] = []
    for k, risk in enumerate(project.assessment.risks):
        if risk.level is Rating.low:
            continue
        measures = project.mitigations_for(risk.id)
        level = risk.level.value
        if not measures:
            found.append(Gap("risk-unmitigated", "Action 5", f"risk '{risk.id}' is {level} "
                             "and no mitigation addresses it", f"assessment.risks[{k}]"))
            continue
        ids = ", ".join(m.id for m in measures)
        first = project.mitigations.index(measures[0])
        if not any(m.integrated for m in measures):
            found.append(Gap("risk-not-integrated", "Action 5", f"risk '{risk.id}' is {level} "
                             f"and none of its measures ({ids}) is integrated into the plan "
                             "of activities; integrate one (integrated: true)",
                             f"mitigations[{first}].integrated"))
        if not any(m.budgeted for m in measures):
            found.append(Gap("risk-not-budgeted", "Action 5", f"risk '{risk.id}' is {level} "
                             f"and none of its measures ({ids}) is budgeted for; budget one "
                             "(budgeted: true)", f"mitigations[{first}].budgeted"))
    if project.assessment.final.rating is Rating.high and not any(
        m.integrated for m in project.mitigations
    ):
        found.append(Gap("high-not-mitigated", "Action 4", "the final rating is high and no "
                         "mitigation measure is integrated into the plan of activities",
                         "mitigations"))
    return found


def reassessment(project: Project, today: date) -> list[Gap]:
    """Action 4: yearly for projects over a year, and at once after a change of context
    recorded in ``assessment.events``. However many are overdue, one gap: one new
    assessment answers them all."""
    assessed = project.assessment.date
    overdue = [d for d in schedule.reassessment_dates(project) if d <= today]
    events = schedule.events_since(project, today)
    parts = []
    if len(overdue) == 1:
        parts.append(f"a reassessment was due on {overdue[0]} (last assessment {assessed})")
    elif overdue:
        parts.append(f"reassessments were due on {join_words([str(d) for d in overdue])} "
                     f"(last assessment {assessed}); one new assessment answers them")
    for event in events:
        parts.append(f"the context changed on {event.date} ({event.kind.label}: "
                     f"{event.description.rstrip('.')}), after the assessment of {assessed}, "
                     "so an updated assessment is due now")
    if not parts:
        return []
    return [Gap("reassessment-due", "Action 4", "; ".join(parts), "assessment.date")]


def monitoring(project: Project, as_of: date, *, sources: bool = True) -> list[Gap]:
    """Action 6 and Box 6: indicators of both kinds, from sources of both kinds, and a
    result from every indicator for every period that has ended by ``as_of``.

    ``sources=False`` leaves out the source kinds (the procedure sheet's checklist asks
    only whether monitoring is going on).
    """
    indicators = project.monitoring.indicators
    who = project.monitoring.responsible.name
    if not indicators:
        return [Gap("no-indicators", "Action 6", reason("gap.no-indicators", who=who),
                    "monitoring.indicators")]
    found = []
    kinds = {i.kind for i in indicators}
    if IndicatorKind.violations not in kinds:
        found.append(Gap("no-violations-indicator", "Action 6",
                         reason("gap.no-violations-indicator"),
                         "monitoring.indicators, kind: violations"))
    if IndicatorKind.mitigation not in kinds:
        found.append(Gap("no-mitigation-indicator", "Action 6",
                         reason("gap.no-mitigation-indicator"),
                         "monitoring.indicators, kind: mitigation"))
    missing = schedule.missing_results(project, as_of)
    if missing:
        listed = Listed([reason("gap.results-missing.period", n=m.period,
                                indicators=Listed(m.indicators, separator=", "))
                         for m in missing])
        found.append(Gap("results-missing", "Action 6", reason(
            "gap.results-missing", listed=listed, as_of=Day(as_of)),
            "monitoring.indicators[].results"))
    if sources:
        found += source_kinds(project)
    return found


def source_kinds(project: Project) -> list[Gap]:
    """Action 6: indicators draw on external sources and on IOM's own."""
    indicators = project.monitoring.indicators
    kinds = {i.source_kind for i in indicators}
    lacking = [k for k in SourceKind if k not in kinds]
    if not indicators or not lacking:
        return []
    unsaid = [i.id for i in indicators if i.source_kind is None]
    words = {SourceKind.internal: "IOM's own sources (protection monitoring, the grievance "
             "mechanism)", SourceKind.external: "external sources (public reports, UN or "
             "other monitoring)"}
    message = ("the monitoring plan uses no indicator drawn from "
               + " nor from ".join(words[k] for k in lacking))
    if unsaid:
        verb = ("does not say which kind of source it uses" if len(unsaid) == 1
                else "do not say which kind of source they use")
        message += f"; {join_words(unsaid)} {verb}"
    return [Gap("sources-one-kind", "Action 6", message + "; add one, or set source_kind: "
                "internal or external", "monitoring.indicators[].source_kind")]


def incidents(project: Project) -> list[Gap]:
    """Action 7: a detected grave violation calls for a course of action agreed with the
    COM; the log records it."""
    found = []
    for n, incident in enumerate(project.procedure.log):
        if incident.grave_violations and incident.course_of_action is None:
            classes = join_words([g.label for g in incident.grave_violations])
            found.append(Gap("incident-unaddressed", "Action 7", f"incident '{incident.id}' may "
                             f"amount to {classes} and no course of action is agreed with the "
                             "COM; record the one chosen",
                             f"procedure.log[{n}].course_of_action"))
    return found
