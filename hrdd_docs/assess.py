"""The HRDDP decisions: applicability (Action 1), preconditions (Action 2), blocking.

Every rule is a small function whose docstring cites the HRDDP Toolkit section it
implements. Nothing here prints; :mod:`hrdd_docs.report` formats the results. What is
missing before the assessment can support the project (the gaps of Actions 3-7) is in
:mod:`hrdd_docs.gaps`; :func:`gaps` here is the same function.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from hrdd_docs import parties, weapons
from hrdd_docs.model import Project, Recipient
from hrdd_docs.reasons import Listed, Term, reason
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
    yes, no = reason("answer.yes"), reason("answer.no")
    # Labels and names contain commas ("construction, rehabilitation and repair"), so
    # lists in the path are separated by semicolons.
    forces = Listed([reason("action1.force", name=r.name, category=Term(r.category))
                     for r in project.recipients], separator="; ")
    q1 = reason("action1.q_forces")
    if not project.recipients:
        path.append(Step(q1, no, reason("action1.no_recipient")))
        return Applicability(False, False, path, reason("action1.not_applicable_forces"))
    path.append(Step(q1, yes, forces))
    q2 = reason("action1.q_support")
    if not project.activities:
        path.append(Step(q2, no, reason("action1.no_activity")))
        return Applicability(False, False, path, reason("action1.not_applicable_support"))
    kinds = sorted({a.kind for a in project.activities}, key=list(SupportKind).index)
    path.append(Step(q2, yes, Listed([Term(k) for k in kinds], separator="; ")))
    q3 = reason("action1.q_exempt")
    exempt = [k for k in kinds if k.exempt]
    other = [k for k in kinds if not k.exempt]
    if not other:
        path.append(Step(q3, yes, reason("action1.only_exempt", kinds=Listed(
            [Term(k) for k in exempt], separator="; "))))
        return Applicability(True, False, path, reason("action1.exempt_conclusion"))
    if exempt:
        path.append(Step(q3, no, reason("action1.combined", kinds=Listed(
            [Term(k) for k in other], separator="; "))))
        return Applicability(True, True, path, reason("action1.required_combined"))
    path.append(Step(q3, no, reason("action1.none_exempt")))
    return Applicability(True, True, path, reason("action1.required"))


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
    by = facts.requested_by
    checks = [
        (facts.request_via_national_authority, reason("ownership.requested", requested_by=by),
         reason("failure.request_via_national_authority", requested_by=by),
         f"{_OWNERSHIP}.request_via_national_authority"),
        (facts.executive_government_aware, reason("ownership.aware"),
         reason("failure.executive_government_aware"),
         f"{_OWNERSHIP}.executive_government_aware"),
        (not facts.operating_independently, reason("ownership.not_independent"),
         reason("failure.operating_independently"), f"{_OWNERSHIP}.operating_independently"),
        (facts.government_focal_point is not None,
         reason("ownership.focal_point", **_person(facts.government_focal_point)),
         reason("failure.government_focal_point"), f"{_OWNERSHIP}.government_focal_point"),
        (facts.iom_counterpart is not None,
         reason("ownership.counterpart", **_person(facts.iom_counterpart)),
         reason("failure.iom_counterpart"), f"{_OWNERSHIP}.iom_counterpart"),
    ]
    result = _precondition("a", checks)
    result.facts.extend(_relation_fact(project, r) for r in project.recipients
                        if r.relation_to_state is not StateRelation.commanded)
    return result


def _relation_fact(project: Project, recipient: Recipient) -> str:
    """How a recipient that is not commanded by the State reaches the agreements."""
    relation = recipient.relation_to_state
    if relation is StateRelation.outside_state:
        party: str = parties.party_authority(project, recipient)
        if not recipient.government_authority:  # "Government of <country>"
            party = reason("ownership.government", government=party,
                           country=project.project.country)
        return reason("ownership.outside_state", name=recipient.name, party=party,
                      authority=recipient.authority)
    key = ("ownership.contracted" if relation is StateRelation.contracted
           else "ownership.directed")
    return reason(key, name=recipient.name, authority=recipient.authority)


def death_penalty(project: Project) -> Precondition:
    """Action 2(b): no support to forces or units that directly enforce the death penalty,
    and no support directed at enabling its enforcement (i–iv). In a country that keeps
    the death penalty, agreements carry a clause against later use (v, footnote 15)."""
    facts = project.preconditions.death_penalty
    where = "preconditions.death_penalty"
    checks: list[tuple[bool, str, str, str]] = [
        (True, reason("death_penalty.status", status=Term(facts.country_status)), "", ""),
        (not facts.recipient_enforces, reason("death_penalty.no_enforcement"),
         reason("failure.recipient_enforces"), f"{where}.recipient_enforces"),
        (not facts.support_could_enable, reason("death_penalty.not_enabling"),
         reason("failure.support_could_enable"), f"{where}.support_could_enable"),
    ]
    result = _precondition("b", checks)
    if facts.country_status is not DeathPenaltyStatus.abolitionist:
        result.facts.append(reason("death_penalty.bar_use"))
    return result


def no_weapons(project: Project) -> Precondition:
    """Action 2(c): no armaments, lethal or less-lethal weapons or ammunition, and no
    support to their manufacture, storage or transport.

    The descriptions are read too (:mod:`hrdd_docs.weapons`): an item or activity that
    names a weapon, ammunition, a weapon part or weapon storage fails the precondition,
    whatever the flags say, until ``not_a_weapon`` states why it is none.
    """
    facts = project.preconditions.weapons
    where = "preconditions.weapons"
    checks: list[tuple[bool, str, str, str]] = [
        (not facts.weapons_or_ammunition, reason("weapons.none_purchased"),
         reason("failure.weapons_or_ammunition"), f"{where}.weapons_or_ammunition"),
        (not facts.weapons_related_support, reason("weapons.no_related_support"),
         reason("failure.weapons_related_support"), f"{where}.weapons_related_support"),
    ]
    for found in weapons.named(project):
        path = format_path(found.path)
        checks.append((False, "", reason(
            "failure.names_weapon", what=_named(project, found.path),
            kind=reason(f"weapons.kind.{found.match.kind.replace(' ', '_')}"),
            word=found.match.word, path=path), path))
    stated = [reason("weapons.stated", what=what, why=why) for what, why in _statements(project)]
    result = _precondition("c", checks)
    result.facts.extend(stated)
    return result


def _named(project: Project, path: tuple[str | int, ...]) -> str:
    """The activity, or the item of an activity, at ``path`` (``weapons.Named.path``)."""
    activity = project.activities[int(path[1])]
    if path[2] == "items":
        return reason("weapons.item_of", item=activity.items[int(path[3])].description,
                      activity=activity.id)
    return reason("weapons.activity", activity=activity.id)


def _statements(project: Project) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for activity in project.activities:
        if activity.not_a_weapon:
            out.append((reason("weapons.activity", activity=activity.id),
                        activity.not_a_weapon))
        out += [(reason("weapons.item", item=i.description), i.not_a_weapon)
                for i in activity.items if i.not_a_weapon]
    return out


def no_combat_capacity(project: Project) -> Precondition:
    """Action 2(d) and Box 1: no request whose explicit aim is immediate combat capacity,
    and no combat-specific support to units in active hostilities."""
    facts = project.preconditions.combat_capacity
    where = "preconditions.combat_capacity"
    checks = [
        (not facts.aim_immediate_combat, reason("combat.not_aim"),
         reason("failure.aim_immediate_combat"), f"{where}.aim_immediate_combat"),
        (not facts.combat_support_in_hostilities, reason("combat.no_hostilities"),
         reason("failure.combat_support_in_hostilities"),
         f"{where}.combat_support_in_hostilities"),
    ]
    return _precondition("d", checks)


def _precondition(code: str, checks: Sequence[tuple[bool, str, str, str]]) -> Precondition:
    met = all(ok for ok, _, _, _ in checks)
    facts = [yes if ok else no for ok, yes, no, _ in checks]
    return Precondition(code, reason(f"precondition.{code}"), met, facts,
                        [no for ok, _, no, _ in checks if not ok],
                        [path for ok, _, _, path in checks if not ok])


def _person(person: object) -> dict[str, str]:
    return {"name": getattr(person, "name", ""), "title": getattr(person, "title", "")}


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
        return [Gap("no-assessment", "Action 4", reason("gap.no-assessment"), _ASSESSMENT)]
    found: list[Gap] = []
    if a.date is None:
        found.append(Gap("assessment-undated", "Action 4", reason("gap.assessment-undated"),
                         "assessment.date"))
    if not a.assessors:
        found.append(Gap("no-assessors", "Action 4", reason("gap.no-assessors"),
                         "assessment.assessors"))
    unrated = [(n, e) for n, (e, rating) in enumerate(rated, start=1) if rating is None]
    if len(unrated) == 1:
        element = unrated[0][1]
        found.append(Gap("element-unrated", "Action 4", reason(
            "gap.element-unrated.one", element=Term(element)),
            f"assessment.elements.{element.value}.rating"))
    elif unrated:
        listed = Listed([reason("gap.element-numbered", n=n, element=Term(e))
                         for n, e in unrated], separator="; ")
        key = ("gap.element-unrated.all" if len(unrated) == len(rated)
               else "gap.element-unrated.some")
        found.append(Gap("element-unrated", "Action 4", reason(
            key, count=len(unrated), listed=listed), "assessment.elements"))
    final = a.final.rating
    highest = max((r for _, r in rated if r is not None), key=lambda r: r.rank, default=None)
    if final is None:
        found.append(Gap("final-unrated", "Action 4(9)", reason("gap.final-unrated"),
                         "assessment.final.rating"))
    elif highest and final.rank < highest.rank and not a.final.rationale:
        found.append(Gap("final-below-elements", "Action 4(9)", reason(
            "gap.final-below-elements", final=Term(final), highest=Term(highest)),
            "assessment.final.rationale"))
    if a.endorsement is None:
        found.append(Gap("not-endorsed", "Action 4", reason("gap.not-endorsed"),
                         "assessment.endorsement"))
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
    rules = [Block(p.rule, reason("block.precondition", title=p.title, failure=failure), path,
                   "precondition")
             for p in preconditions(project) if not p.met
             for failure, path in zip(p.failures, p.paths, strict=True)]
    if assessment_required(project):
        rules += [Block(g.rule, reason("block.assessment", gap=g.message), g.path,
                        "assessment")
                  for g in completion(project)]
    everyone = tuple(r.id for r in project.recipients)
    for k, risk in enumerate(project.assessment.risks):
        if risk.level is not Rating.high:
            continue
        concerned = tuple(risk.recipients) or everyone
        measures = project.mitigations_for(risk.id)
        if not measures:
            rules.append(Block("Action 4", reason("block.unmitigated", risk=risk.id),
                               f"assessment.risks[{k}]", "high_risk", concerned))
        elif not any(m.integrated for m in measures):
            first = project.mitigations.index(measures[0])
            rules.append(Block("Action 4", reason(
                "block.not_integrated", risk=risk.id,
                measures=Listed([m.id for m in measures], separator=", ")),
                f"mitigations[{first}].integrated", "high_risk", concerned))
    if project.assessment.final.rating is Rating.high and not any(
        m.integrated for m in project.mitigations
    ):
        rules.append(Block("Action 4", reason("block.final_high"), "mitigations",
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
