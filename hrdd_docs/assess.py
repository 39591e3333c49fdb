"""The HRDDP decisions: applicability (Action 1), preconditions (Action 2), blocking.

Every rule is a small function whose docstring cites the HRDDP Toolkit section it
implements. Nothing here prints; :mod:`hrdd_docs.report` formats the results. What is
missing before the assessment can support the project (the gaps of Actions 3-7) is in
:mod:`hrdd_docs.gaps`; :func:`gaps` here is the same function.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from hrdd_docs import parties, weapons
from hrdd_docs.model import Project, Recipient
from hrdd_docs.schedule import add_months as add_months  # the dates are part of the API
from hrdd_docs.schedule import assessed_first as assessed_first
from hrdd_docs.schedule import monitoring_periods as monitoring_periods
from hrdd_docs.schedule import reassessment_dates as reassessment_dates
from hrdd_docs.vocabulary import DeathPenaltyStatus, Rating, StateRelation, SupportKind
from hrdd_docs.yamlsource import format_path


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
    those that make the precondition fail (empty when it is met), each with the field
    to change at the same index of ``paths``.
    """

    code: str
    title: str
    met: bool
    facts: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)

    @property
    def rule(self) -> str:
        return f"Action 2({self.code})"


@dataclass(frozen=True)
class Gap:
    code: str
    rule: str
    message: str
    path: str = ""


@dataclass(frozen=True)
class Block:
    """A rule that forbids the external agreements, and the field that would lift it.

    ``kind`` is ``precondition`` (Action 2), ``assessment`` (no completed assessment of
    non-exempt support, Action 4) or ``high_risk`` (a high risk or a high final rating
    without measures integrated into the plan of activities, Action 4).
    """

    rule: str
    message: str
    path: str
    kind: str
    recipients: tuple[str, ...] = ()
    """For ``high_risk``: the ids of the recipients the risk concerns."""


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


def assessment_required(project: Project) -> bool:
    """Action 1: the support includes a non-exempt activity, so it must be assessed."""
    return applicability(project).assessment_required


def preconditions(project: Project) -> list[Precondition]:
    """Action 2: the four preconditions; IOM does not engage unless all are met."""
    return [
        national_ownership(project),
        death_penalty(project),
        no_weapons(project),
        no_combat_capacity(project),
    ]


_OWNERSHIP = "preconditions.national_ownership"


def national_ownership(project: Project) -> Precondition:
    """Action 2(a): request through the national authorities, with the executive's
    knowledge, not from an institution acting independently, and with a government focal
    point and an IOM counterpart defined at the outset.

    Only the host government's national authorities can give national ownership: a
    recipient outside State structures (footnote 8) is supported only through them, so
    the facts say with which authority the MOU is made and that the group signs nothing.
    """
    facts = project.preconditions.national_ownership
    checks = [
        (facts.request_via_national_authority,
         f"requested by {facts.requested_by}, through the national authorities",
         f"requested by {facts.requested_by}, not through the national authorities that "
         "command the force", f"{_OWNERSHIP}.request_via_national_authority"),
        (facts.executive_government_aware, "the executive government is aware",
         "the executive government is not aware of the request",
         f"{_OWNERSHIP}.executive_government_aware"),
        (not facts.operating_independently, "no institution involved acts independently",
         "an institution involved acts independently of the government",
         f"{_OWNERSHIP}.operating_independently"),
        (facts.government_focal_point is not None,
         f"government focal point: {_person(facts.government_focal_point)}",
         "no government focal point is defined", f"{_OWNERSHIP}.government_focal_point"),
        (facts.iom_counterpart is not None,
         f"IOM counterpart: {_person(facts.iom_counterpart)}",
         "no IOM counterpart is defined", f"{_OWNERSHIP}.iom_counterpart"),
    ]
    result = _precondition("a", "National ownership", checks)
    result.facts.extend(_relation_fact(project, r) for r in project.recipients
                        if r.relation_to_state is not StateRelation.commanded)
    return result


def _relation_fact(project: Project, recipient: Recipient) -> str:
    """How a recipient that is not commanded by the State reaches the agreements."""
    relation = recipient.relation_to_state
    if relation is StateRelation.outside_state:
        party = parties.party_authority(project, recipient)
        return (f"{recipient.name} operates outside State structures (footnote 8): national "
                f"ownership goes through the host government only, so the MOU is made with "
                f"{party} and {recipient.name} signs nothing (no MOU acknowledgement, no deed "
                f"of donation); its own leadership ({recipient.authority}) is not a party")
    verb = "under contract with" if relation is StateRelation.contracted else \
        "under the direction of"
    return (f"{recipient.name} operates {verb} {recipient.authority}, which is the party to "
            "the MOU for it (not as its commander)")


def death_penalty(project: Project) -> Precondition:
    """Action 2(b): no support to forces or units that directly enforce the death penalty,
    and no support directed at enabling its enforcement (i–iv). In a country that keeps
    the death penalty, agreements carry a clause against later use (v, footnote 15)."""
    facts = project.preconditions.death_penalty
    where = "preconditions.death_penalty"
    checks = [
        (True, f"the country is {facts.country_status.label}", "", ""),
        (not facts.recipient_enforces, "no force supported enforces the death penalty",
         "a force supported directly enforces the death penalty",
         f"{where}.recipient_enforces"),
        (not facts.support_could_enable, "the support is not directed at enabling executions",
         "the support could enable the enforcement of the death penalty",
         f"{where}.support_could_enable"),
    ]
    result = _precondition("b", "Non-enforcement of the death penalty", checks)
    if facts.country_status is not DeathPenaltyStatus.abolitionist:
        result.facts.append("the agreements must bar use of the support in executions, also "
                            "after the project ends (footnote 15)")
    return result


_KIND = {"weapon": "a weapon", "ammunition": "ammunition", "weapon part": "a weapon part",
         "weapon storage": "weapon storage"}


def no_weapons(project: Project) -> Precondition:
    """Action 2(c): no armaments, lethal or less-lethal weapons or ammunition, and no
    support to their manufacture, storage or transport.

    The descriptions are read too (:mod:`hrdd_docs.weapons`): an item or activity that
    names a weapon, ammunition, a weapon part or weapon storage fails the precondition,
    whatever the flags say, until ``not_a_weapon`` states why it is none.
    """
    facts = project.preconditions.weapons
    where = "preconditions.weapons"
    checks = [
        (not facts.weapons_or_ammunition, "no weapons or ammunition are purchased",
         "the project purchases weapons or ammunition", f"{where}.weapons_or_ammunition"),
        (not facts.weapons_related_support, "no support to weapons manufacture, storage or "
         "transport", "the project supports weapons manufacture, storage or transport",
         f"{where}.weapons_related_support"),
    ]
    for found in weapons.named(project):
        path = format_path(found.path)
        checks.append((False, "", f"{found.what} names {_KIND[found.match.kind]} "
                       f"('{found.match.word}'), which IOM does not provide; if it is none, "
                       f"say why in {path}", path))
    stated = [f"{what} is stated not to be a weapon: {why}" for what, why in _statements(project)]
    result = _precondition("c", "No weapons", checks)
    result.facts.extend(stated)
    return result


def _statements(project: Project) -> list[tuple[str, str]]:
    out = []
    for activity in project.activities:
        if activity.not_a_weapon:
            out.append((f"activity '{activity.id}'", activity.not_a_weapon))
        out += [(f"item '{i.description}'", i.not_a_weapon) for i in activity.items
                if i.not_a_weapon]
    return out


def no_combat_capacity(project: Project) -> Precondition:
    """Action 2(d) and Box 1: no request whose explicit aim is immediate combat capacity,
    and no combat-specific support to units in active hostilities."""
    facts = project.preconditions.combat_capacity
    where = "preconditions.combat_capacity"
    checks = [
        (not facts.aim_immediate_combat, "the aim is not to enhance immediate combat capacity",
         "the explicit aim is to enhance capacity for immediate combat",
         f"{where}.aim_immediate_combat"),
        (not facts.combat_support_in_hostilities, "no combat-specific support to units in "
         "active hostilities", "combat-specific support goes to units in active hostilities",
         f"{where}.combat_support_in_hostilities"),
    ]
    return _precondition("d", "No direct enhancement of combat capacity", checks)


def _precondition(code: str, title: str,
                  checks: list[tuple[bool, str, str, str]]) -> Precondition:
    met = all(ok for ok, _, _, _ in checks)
    facts = [yes if ok else no for ok, yes, no, _ in checks]
    return Precondition(code, title, met, facts, [no for ok, _, no, _ in checks if not ok],
                        [path for ok, _, _, path in checks if not ok])


def _person(person: object) -> str:
    return f"{getattr(person, 'name', '')}, {getattr(person, 'title', '')}"


_ASSESSMENT = "assessment"


def completion(project: Project) -> list[Gap]:
    """Action 4: what the assessment lacks to be completed, each with its field.

    Completed means: dated, with its assessors, the eight elements and the final
    assessment rated, a final rating below the highest element explained (element 9 is
    "based on the factors above"), and the results endorsed by the Head of Office.
    A project that records no assessment at all gets one line for it.
    """
    a = project.assessment
    rated = [(e, x.rating) for e, x in a.elements.items()]
    if (a.date is None and not a.assessors and a.endorsement is None
            and a.final.rating is None and all(r is None for _, r in rated)):
        return [Gap("no-assessment", "Action 4", "no risk assessment is recorded: carry it out "
                    "and add its date, assessors, the nine elements and the Head of Office's "
                    "endorsement", _ASSESSMENT)]
    found: list[Gap] = []
    if a.date is None:
        found.append(Gap("assessment-undated", "Action 4", "the assessment has no date; write "
                         "the day it was carried out", "assessment.date"))
    if not a.assessors:
        found.append(Gap("no-assessors", "Action 4", "the assessment names no assessor; add "
                         "the staff who carried it out", "assessment.assessors"))
    unrated = [(n, e) for n, (e, rating) in enumerate(rated, start=1) if rating is None]
    if len(unrated) == 1:
        element = unrated[0][1]
        found.append(Gap("element-unrated", "Action 4", f"element '{element.label}' has "
                         "no rating", f"assessment.elements.{element.value}.rating"))
    elif unrated:
        listed = "; ".join(f"{n}. {e.label}" for n, e in unrated)
        count = ("none of the 8 elements is rated" if len(unrated) == len(rated)
                 else f"{len(unrated)} of the 8 elements have no rating")
        found.append(Gap("element-unrated", "Action 4", f"{count} ({listed}); rate each low, "
                         "medium or high", "assessment.elements"))
    final = a.final.rating
    highest = max((r for _, r in rated if r is not None), key=lambda r: r.rank, default=None)
    if final is None:
        found.append(Gap("final-unrated", "Action 4(9)", "the final assessment has no rating",
                         "assessment.final.rating"))
    elif highest and final.rank < highest.rank and not a.final.rationale:
        found.append(Gap("final-below-elements", "Action 4(9)", f"the final rating "
                         f"({final.value}) is lower than the highest element ({highest.value}) "
                         "and no rationale explains why", "assessment.final.rationale"))
    if a.endorsement is None:
        found.append(Gap("not-endorsed", "Action 4", "the Head of Office has not endorsed the "
                         "assessment", "assessment.endorsement"))
    return found


def completed(project: Project) -> bool:
    """Action 4: the assessment is completed and endorsed (see :func:`completion`)."""
    return not completion(project)


def blocking(project: Project) -> list[Block]:
    """Rules that forbid the external agreements, in the order of the Toolkit.

    * a failed precondition (Action 2: IOM does not engage);
    * non-exempt support without a completed assessment (Actions 1 and 4: every
      agreement follows from the endorsed assessment);
    * a high risk, or a high final rating, without a measure integrated into the plan
      of activities (Action 4: no support "unless it is possible to mitigate the risk
      with measures integrated into the proposed plan of activities").
    """
    rules = [Block(p.rule, f"precondition '{p.title}' is not met: {failure}", path,
                   "precondition")
             for p in preconditions(project) if not p.met
             for failure, path in zip(p.failures, p.paths, strict=True)]
    if assessment_required(project):
        rules += [Block(g.rule, f"the assessment is not completed: {g.message}", g.path,
                        "assessment")
                  for g in completion(project)]
    everyone = tuple(r.id for r in project.recipients)
    for k, risk in enumerate(project.assessment.risks):
        if risk.level is not Rating.high:
            continue
        concerned = tuple(risk.recipients) or everyone
        measures = project.mitigations_for(risk.id)
        if not measures:
            rules.append(Block("Action 4", f"risk '{risk.id}' is high and no mitigation "
                               "addresses it", f"assessment.risks[{k}]", "high_risk", concerned))
        elif not any(m.integrated for m in measures):
            first = project.mitigations.index(measures[0])
            rules.append(Block("Action 4", f"risk '{risk.id}' is high and none of its measures "
                               f"({', '.join(m.id for m in measures)}) is integrated into the "
                               "plan of activities", f"mitigations[{first}].integrated",
                               "high_risk", concerned))
    if project.assessment.final.rating is Rating.high and not any(
        m.integrated for m in project.mitigations
    ):
        rules.append(Block("Action 4", "the final rating is high and no mitigation measure is "
                           "integrated into the plan of activities", "mitigations",
                           "high_risk", everyone))
    return rules


def notice_recipients(project: Project) -> list[Recipient]:
    """Action 4: the recipients IOM must tell that support is not possible until measures
    are taken, in project order.

    Only for a block by a high risk (or a high final rating) of a completed, endorsed
    assessment: the notice communicates IOM's decision on that assessment. A failed
    precondition gives no notice: IOM does not engage whatever measures are taken, and
    the notice would promise what no measure can bring (Action 2).
    """
    rules = blocking(project)
    if any(b.kind != "high_risk" for b in rules) or not completed(project):
        return []
    concerned = {rid for b in rules for rid in b.recipients}
    return [r for r in project.recipients if r.id in concerned]


def exempt_only(project: Project) -> bool:
    """Action 1: the HRDDP applies but only to exempt support (no assessment required)."""
    decision = applicability(project)
    return decision.applies and not decision.assessment_required


def gaps(project: Project, today: date) -> list[Gap]:
    """Actions 3-7: what is missing, each with its field (see :mod:`hrdd_docs.gaps`)."""
    from hrdd_docs.gaps import find

    return find(project, today)
