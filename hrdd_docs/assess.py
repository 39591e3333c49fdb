"""The HRDDP decisions: applicability (Action 1), preconditions (Action 2), gaps (Actions 4–6).

Every rule is a small function whose docstring cites the HRDDP Toolkit section it
implements. Nothing here prints; :mod:`hrdd_docs.report` formats the results.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

from hrdd_docs.model import Project
from hrdd_docs.vocabulary import DeathPenaltyStatus, Rating, SupportKind


@dataclass(frozen=True)
class Step:
    question: str
    answer: str
    detail: str


@dataclass(frozen=True)
class Applicability:
    applies: bool
    assessment_required: bool
    path: list[Step]
    conclusion: str


@dataclass(frozen=True)
class Precondition:
    """One Action 2 precondition: its outcome and the facts that decided it.

    ``facts`` lists every fact checked, in the order of the Toolkit; ``failures`` only
    those that make the precondition fail (empty when it is met).
    """

    code: str
    title: str
    met: bool
    facts: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def rule(self) -> str:
        return f"Action 2({self.code})"


@dataclass(frozen=True)
class Gap:
    code: str
    rule: str
    message: str
    path: str = ""


def applicability(project: Project) -> Applicability:
    """Action 1 and Figure 1: does the HRDDP apply, and is an assessment obligatory?

    Three questions in turn: engagement with non-UN security forces, support as defined,
    and exemption. Exempt-only support needs no assessment, although one may be prudent;
    support that mixes exempt and non-exempt activities must be assessed.
    """
    path: list[Step] = []
    # Labels and names contain commas ("construction, rehabilitation and repair"), so
    # lists in the path are separated by semicolons.
    forces = "; ".join(f"{r.name} ({r.category.label})" for r in project.recipients)
    q1 = "Does the project engage with non-UN security forces as the HRDDP defines them?"
    if not project.recipients:
        path.append(Step(q1, "no", "no recipient is listed"))
        return Applicability(False, False, path, "The HRDDP does not apply: no non-UN security "
                             "force is engaged.")
    path.append(Step(q1, "yes", forces))
    q2 = "Will it provide support to them as the HRDDP defines it?"
    if not project.activities:
        path.append(Step(q2, "no", "no activity is listed"))
        return Applicability(False, False, path, "The HRDDP does not apply: no support is "
                             "provided.")
    kinds = sorted({a.kind for a in project.activities}, key=list(SupportKind).index)
    path.append(Step(q2, "yes", "; ".join(k.label for k in kinds)))
    q3 = "Is all of the support exempt (IHL/human-rights training, standard setting, " \
        "compliance engagement, mediation, MEDEVAC/CASEVAC)?"
    exempt = [k for k in kinds if k.exempt]
    other = [k for k in kinds if not k.exempt]
    if not other:
        path.append(Step(q3, "yes", "only exempt activities: "
                         + "; ".join(k.label for k in exempt)))
        return Applicability(True, False, path, "An HRDD risk assessment is not obligatory for "
                             "exempt support, but it may be prudent to assess the reputational "
                             "risks.")
    if exempt:
        path.append(Step(q3, "no", "exempt and non-exempt activities are combined: "
                         + "; ".join(k.label for k in other) + " are not exempt"))
        return Applicability(True, True, path, "An HRDD risk assessment is required: the "
                             "support combines exempt and non-exempt activities.")
    path.append(Step(q3, "no", "none of the activities is exempt"))
    return Applicability(True, True, path, "An HRDD risk assessment is required.")


def preconditions(project: Project) -> list[Precondition]:
    """Action 2: the four preconditions; IOM does not engage unless all are met."""
    return [
        national_ownership(project),
        death_penalty(project),
        no_weapons(project),
        no_combat_capacity(project),
    ]


def national_ownership(project: Project) -> Precondition:
    """Action 2(a): request through the commanding national authorities, with the executive's
    knowledge, not from an institution acting independently, and with a government focal
    point and an IOM counterpart defined at the outset."""
    facts = project.preconditions.national_ownership
    checks = [
        (facts.request_via_national_authority,
         f"requested by {facts.requested_by}, through the national authorities",
         f"requested by {facts.requested_by}, not through the national authorities that "
         "command the force"),
        (facts.executive_government_aware, "the executive government is aware",
         "the executive government is not aware of the request"),
        (not facts.operating_independently, "no institution involved acts independently",
         "an institution involved acts independently of the government"),
        (facts.government_focal_point is not None,
         f"government focal point: {_person(facts.government_focal_point)}",
         "no government focal point is defined"),
        (facts.iom_counterpart is not None,
         f"IOM counterpart: {_person(facts.iom_counterpart)}",
         "no IOM counterpart is defined"),
    ]
    return _precondition("a", "National ownership", checks)


def death_penalty(project: Project) -> Precondition:
    """Action 2(b): no support to forces or units that directly enforce the death penalty,
    and no support directed at enabling its enforcement (i–iv). In a country that keeps
    the death penalty, agreements carry a clause against later use (v, footnote 15)."""
    facts = project.preconditions.death_penalty
    checks = [
        (True, f"the country is {facts.country_status.label}", ""),
        (not facts.recipient_enforces, "no force supported enforces the death penalty",
         "a force supported directly enforces the death penalty"),
        (not facts.support_could_enable, "the support is not directed at enabling executions",
         "the support could enable the enforcement of the death penalty"),
    ]
    result = _precondition("b", "Non-enforcement of the death penalty", checks)
    if facts.country_status is not DeathPenaltyStatus.abolitionist:
        result.facts.append("the agreements must bar use of the support in executions, also "
                            "after the project ends (footnote 15)")
    return result


def no_weapons(project: Project) -> Precondition:
    """Action 2(c): no armaments, lethal or less-lethal weapons or ammunition, and no
    support to their manufacture, storage or transport."""
    facts = project.preconditions.weapons
    checks = [
        (not facts.weapons_or_ammunition, "no weapons or ammunition are purchased",
         "the project purchases weapons or ammunition"),
        (not facts.weapons_related_support, "no support to weapons manufacture, storage or "
         "transport", "the project supports weapons manufacture, storage or transport"),
    ]
    return _precondition("c", "No weapons", checks)


def no_combat_capacity(project: Project) -> Precondition:
    """Action 2(d) and Box 1: no request whose explicit aim is immediate combat capacity,
    and no combat-specific support to units in active hostilities."""
    facts = project.preconditions.combat_capacity
    checks = [
        (not facts.aim_immediate_combat, "the aim is not to enhance immediate combat capacity",
         "the explicit aim is to enhance capacity for immediate combat"),
        (not facts.combat_support_in_hostilities, "no combat-specific support to units in "
         "active hostilities", "combat-specific support goes to units in active hostilities"),
    ]
    return _precondition("d", "No direct enhancement of combat capacity", checks)


def _precondition(code: str, title: str, checks: list[tuple[bool, str, str]]) -> Precondition:
    met = all(ok for ok, _, _ in checks)
    facts = [yes if ok else no for ok, yes, no in checks]
    return Precondition(code, title, met, facts, [no for ok, _, no in checks if not ok])


def _person(person: object) -> str:
    return f"{getattr(person, 'name', '')}, {getattr(person, 'title', '')}"


def gaps(project: Project, today: date) -> list[Gap]:
    """Actions 4–5: what is missing before the assessment can support the project."""
    assessment = project.assessment
    found: list[Gap] = []
    rated = [(e, a.rating) for e, a in assessment.elements.items()]
    for element, rating in rated:
        if rating is None:
            found.append(Gap("element-unrated", "Action 4", f"element '{element.label}' has "
                             "no rating", f"assessment.elements.{element.value}.rating"))
    final = assessment.final.rating
    highest = max((r for _, r in rated if r is not None), key=lambda r: r.rank, default=None)
    if final is None:
        found.append(Gap("final-unrated", "Action 4(9)", "the final assessment has no rating",
                         "assessment.final.rating"))
    elif highest and final.rank < highest.rank and not assessment.final.rationale:
        found.append(Gap("final-below-elements", "Action 4(9)", f"the final rating "
                         f"({final.value}) is lower than the highest element ({highest.value}) "
                         "and no rationale explains why", "assessment.final.rationale"))
    for k, risk in enumerate(assessment.risks):
        if risk.level is not Rating.low and not project.mitigations_for(risk.id):
            found.append(Gap("risk-unmitigated", "Action 5", f"risk '{risk.id}' is "
                             f"{risk.level.value} and no mitigation addresses it",
                             f"assessment.risks[{k}]"))
    if final is Rating.high and not any(m.integrated for m in project.mitigations):
        found.append(Gap("high-not-mitigated", "Action 4", "the final rating is high and no "
                         "mitigation measure is integrated into the plan of activities",
                         "mitigations"))
    if assessment.endorsement is None:
        found.append(Gap("not-endorsed", "Action 4", "the Head of Office has not endorsed the "
                         "assessment", "assessment.endorsement"))
    for due in reassessment_dates(project):
        if due <= today:
            found.append(Gap("reassessment-due", "Action 4", f"a reassessment was due on {due} "
                             f"(last assessment {assessment.date})", "assessment.date"))
            break
    return found


def blocking(project: Project) -> list[tuple[str, str]]:
    """Rules that forbid external agreements: a failed precondition (Action 2) or a high
    risk without mitigation (Action 4: IOM must not engage unless the risk is mitigated)."""
    rules = [(p.rule, f"precondition '{p.title}' is not met: " + "; ".join(p.failures))
             for p in preconditions(project) if not p.met]
    for risk in project.assessment.risks:
        if risk.level is Rating.high and not project.mitigations_for(risk.id):
            rules.append(("Action 4", f"risk '{risk.id}' is high and no mitigation addresses it"))
    if project.assessment.final.rating is Rating.high and not any(
        m.integrated for m in project.mitigations
    ):
        rules.append(("Action 4", "the final rating is high and no mitigation measure is "
                      "integrated into the plan of activities"))
    return rules


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, moved back to the month's last day where needed."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def reassessment_dates(project: Project) -> list[date]:
    """Action 4: reassess every year after the last assessment for projects over a year."""
    start, end = project.project.start, project.project.end
    if add_months(start, 12) >= end:
        return []
    dates = []
    due = add_months(project.assessment.date, 12)
    while due < end:
        dates.append(due)
        due = add_months(due, 12)
    return dates


def monitoring_periods(project: Project) -> list[tuple[date, date]]:
    """Action 6: consecutive monitoring periods from the project's start to its end."""
    months = project.monitoring.period_months
    start, end = project.project.start, project.project.end
    periods = []
    n = 0
    while True:
        first = add_months(start, n * months)
        if first > end:
            break
        last = min(add_months(start, (n + 1) * months) - _ONE_DAY, end)
        periods.append((first, last))
        n += 1
    return periods


_ONE_DAY = timedelta(days=1)
