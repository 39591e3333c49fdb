"""The declarative trigger language of the clause library: parse, check, evaluate, describe.

A trigger is YAML data, never code. It is one condition, written as a mapping with a
single key: ``all: [...]``, ``any: [...]``, ``not: {...}``, or a *fact* over the project
(``tag: sgbv``, ``rating_at_least: medium``, ``items_donated: true``...). The facts are
listed in :data:`FACTS`; ``clauses/README.md`` documents each one.

Evaluating a trigger gives whether it fired and the reasons, each naming the project's
own ids and values ("risk r-vawg is tagged sgbv"), so ``hrdd explain`` and the manifest
can say why a clause was chosen. A ``not`` fires with the reasons its condition failed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from hrdd_docs.model import Project
from hrdd_docs.reasons import Listed, Term, reason
from hrdd_docs.vocabulary import (
    AffectedGroup,
    Branding,
    DeathPenaltyStatus,
    GraveViolation,
    Rating,
    RecipientCategory,
    StateRelation,
    SupportKind,
    Vocabulary,
    risk_tags,
)
from hrdd_docs.wording import join_words
from hrdd_docs.yamlsource import Path_

# --------------------------------------------------------------------------- the tree


@dataclass(frozen=True)
class Fact:
    """A leaf: one fact of the project compared with a value from the clause file."""

    name: str
    value: Any  # bool, Rating, or a tuple of vocabulary values / tags


@dataclass(frozen=True)
class All:
    conditions: tuple[Trigger, ...]


@dataclass(frozen=True)
class AnyOf:
    conditions: tuple[Trigger, ...]


@dataclass(frozen=True)
class Not:
    condition: Trigger


Trigger = Fact | All | AnyOf | Not


@dataclass(frozen=True)
class Outcome:
    """Whether a condition holds, why (``reasons``), and why not (``against``)."""

    fired: bool
    reasons: tuple[str, ...]
    against: tuple[str, ...]


@dataclass(frozen=True)
class Context:
    """What facts are evaluated against: the project, and the clause being considered."""

    project: Project
    clause_id: str


# --------------------------------------------------------------------------- the facts


@dataclass(frozen=True)
class FactKind:
    """How a fact's value is written in a clause file and how it is evaluated."""

    takes: str  # "bool", "rating", or "list" (one value or a list of them)
    choices: tuple[str, ...]
    evaluate: Callable[[Context, Any], Outcome]
    meaning: str


def _outcome(reasons: Sequence[str], against: str) -> Outcome:
    return Outcome(bool(reasons), tuple(reasons), () if reasons else (against,))


def _flag(reasons: Sequence[str], wanted: bool, against_true: str, for_false: str) -> Outcome:
    """A yes/no fact: ``reasons`` are the entries where it holds; ``wanted`` may be false."""
    if wanted:
        return _outcome(reasons, against_true)
    return Outcome(not reasons, () if reasons else (for_false,), tuple(reasons))


def _codes(vocabulary: type[Vocabulary], values: tuple[str, ...]) -> Listed:
    """The values a clause file writes ("coast_guard or police"), as codes in English and
    as words in another language."""
    return Listed([Term(vocabulary(v), v) for v in values], "or")


def _tag(ctx: Context, tags: tuple[str, ...]) -> Outcome:
    reasons = [reason("trigger.tag", risk=risk.id, tag=tag)
               for risk in ctx.project.assessment.risks for tag in risk.tags if tag in tags]
    return _outcome(reasons, reason("trigger.tag.none", tags=Listed(tags, "or")))


def _rating_at_least(ctx: Context, least: Rating) -> Outcome:
    final = ctx.project.assessment.final.rating
    if final is None:
        return Outcome(False, (), (reason("trigger.final.unset"),))
    text = reason("trigger.final", rating=Term(final))
    return Outcome(True, (text,), ()) if final.rank >= least.rank else Outcome(False, (), (text,))


def _risk_level_at_least(ctx: Context, least: Rating) -> Outcome:
    reasons = [reason("trigger.risk_level", risk=r.id, level=Term(r.level),
                      likelihood=Term(r.likelihood), impact=Term(r.impact))
               for r in ctx.project.assessment.risks if r.level.rank >= least.rank]
    return _outcome(reasons, reason("trigger.risk_level.none", level=Term(least)))


def _death_penalty_status(ctx: Context, statuses: tuple[str, ...]) -> Outcome:
    status = ctx.project.preconditions.death_penalty.country_status
    text = reason("trigger.death_penalty", country=ctx.project.project.country,
                  status=Term(status))
    return Outcome(True, (text,), ()) if status.value in statuses else Outcome(False, (), (text,))


def _support_kind(ctx: Context, kinds: tuple[str, ...]) -> Outcome:
    reasons = [reason("trigger.support_kind", activity=a.id, kind=Term(a.kind))
               for a in ctx.project.activities if a.kind.value in kinds]
    return _outcome(reasons, reason("trigger.support_kind.none",
                                    kinds=_codes(SupportKind, kinds)))


def _activities(attribute: str) -> Callable[[Context, Any], Outcome]:
    """An activity with ``attribute`` set (``trigger.<attribute>`` says it)."""
    def evaluate(ctx: Context, wanted: bool) -> Outcome:
        reasons = [reason(f"trigger.{attribute}", activity=a.id)
                   for a in ctx.project.activities if getattr(a, attribute)]
        against = reason(f"trigger.{attribute}.none")
        return _flag(reasons, wanted, against, against)
    return evaluate


def _items_donated(ctx: Context, wanted: bool) -> Outcome:
    reasons = [reason("trigger.items_donated", activity=a.id)
               for a in ctx.project.activities if a.items]
    against = reason("trigger.items_donated.none")
    return _flag(reasons, wanted, against, against)


def _non_exempt_support(ctx: Context, wanted: bool) -> Outcome:
    ids = [a.id for a in ctx.project.activities if not a.kind.exempt]
    recipients = [reason("trigger.recipient_code", recipient=r.id,
                         category=Term(r.category, r.category.value))
                  for r in ctx.project.recipients]
    key = "trigger.non_exempt.one" if len(ids) == 1 else "trigger.non_exempt.many"
    reasons = [reason(key, activities=Listed(ids), recipients=Listed(recipients))
               ] if ids and recipients else []
    against = reason("trigger.non_exempt.none")
    return _flag(reasons, wanted, against, against)


def _branding(ctx: Context, choices: tuple[str, ...]) -> Outcome:
    branding = ctx.project.visibility.branding
    text = reason("trigger.branding", branding=Term(branding, branding.value))
    return Outcome(True, (text,), ()) if branding.value in choices else Outcome(False, (), (text,))


def _visibility_waiver(ctx: Context, wanted: bool) -> Outcome:
    visibility = ctx.project.visibility
    branding = Term(visibility.branding, visibility.branding.value)
    reasons = ([reason("trigger.waiver", donors=Listed(visibility.donors), branding=branding)
                if visibility.donors else reason("trigger.waiver.donors", branding=branding)]
               if visibility.waiver_requested else [])
    against = reason("trigger.waiver.none")
    return _flag(reasons, wanted, against, against)


def _recipient_category(ctx: Context, categories: tuple[str, ...]) -> Outcome:
    reasons = [reason("trigger.recipient_category", recipient=r.id, category=Term(r.category))
               for r in ctx.project.recipients if r.category.value in categories]
    return _outcome(reasons, reason("trigger.recipient_category.none",
                                    categories=_codes(RecipientCategory, categories)))


def _named_by_mitigation(ctx: Context, wanted: bool) -> Outcome:
    reasons = [reason("trigger.named_for", measure=m.id, recipients=Listed(m.recipients))
               if m.recipients else reason("trigger.named", measure=m.id)
               for m in ctx.project.mitigations if ctx.clause_id in m.clauses]
    against = reason("trigger.named.none")
    return _flag(reasons, wanted, against, against)


def _country_mechanism(ctx: Context, wanted: bool) -> Outcome:
    exists = ctx.project.country_mechanism.exists
    reasons = [reason("trigger.mechanism")] if exists else []
    against = reason("trigger.mechanism.none")
    return _flag(reasons, wanted, against, against)


def _holds_people(ctx: Context, wanted: bool) -> Outcome:
    reasons = [reason("trigger.holds_people", activity=a.id)
               for a in ctx.project.activities if a.holds_people]
    against = reason("trigger.holds_people.none")
    return _flag(reasons, wanted, against, against)


def _items_data(attribute: str) -> Callable[[Context, Any], Outcome]:
    """An activity that donates items handles personal (or biometric) data: its items
    collect them, so the deed that donates them carries the data clauses (Action 5(8))."""
    def evaluate(ctx: Context, wanted: bool) -> Outcome:
        reasons = [reason(f"trigger.items_{attribute}", activity=a.id)
                   for a in ctx.project.activities if a.items and getattr(a, attribute)]
        against = reason(f"trigger.items_{attribute}.none")
        return _flag(reasons, wanted, against, against)
    return evaluate


def phase_of(project: Project, activity: Any, item: Any = None) -> Any:
    """The :class:`~hrdd_docs.model.Phase` of an activity or of one of its items; None
    when the project has no phases. An activity naming none is in the first phase."""
    if not project.phases:
        return None
    wanted = (item.phase if item is not None and item.phase else None) or activity.phase
    return next((p for p in project.phases if p.id == wanted), project.phases[0])


def _phased_delivery(ctx: Context, wanted: bool) -> Outcome:
    """Action 5(1): some support waits for the condition of a later phase."""
    project = ctx.project
    reasons = list(dict.fromkeys(
        reason("trigger.phased", activity=a.id, phase=phase.id)
        for a in project.activities
        for phase in [phase_of(project, a), *(phase_of(project, a, i) for i in a.items)]
        if phase is not None and phase.condition))
    against = reason("trigger.phased.none")
    return _flag(reasons, wanted, against, against)


def _items_phased(ctx: Context, wanted: bool) -> Outcome:
    project = ctx.project
    reasons = list(dict.fromkeys(
        reason("trigger.items_phased", activity=a.id, phase=phase.id)
        for a in project.activities for i in a.items
        for phase in [phase_of(project, a, i)] if phase is not None and phase.condition))
    against = reason("trigger.items_phased.none")
    return _flag(reasons, wanted, against, against)


def _trial_phase(ctx: Context, wanted: bool) -> Outcome:
    reasons = [reason("trigger.trial", phase=p.id) for p in ctx.project.phases if p.trial]
    against = reason("trigger.trial.none")
    return _flag(reasons, wanted, against, against)


def _mechanism_participation(ctx: Context, wanted: bool) -> Outcome:
    facts = ctx.project.country_mechanism
    reasons = ([reason("trigger.participation")]
               if facts.exists and facts.iom_participates else [])
    against = reason("trigger.participation.none" if facts.exists
                     else "trigger.mechanism.none")
    return _flag(reasons, wanted, against, against)


def _affected_group(ctx: Context, groups: tuple[str, ...]) -> Outcome:
    assessment = ctx.project.assessment
    reasons = [reason("trigger.group", risk=r.id, group=Term(g)) for r in assessment.risks
               for g in r.groups if g.value in groups]
    reasons += [reason("trigger.group.non_provision", group=Term(g))
                for r in assessment.non_provision_risks for g in r.groups if g.value in groups]
    return _outcome(list(dict.fromkeys(reasons)),
                    reason("trigger.group.none", groups=_codes(AffectedGroup, groups)))


def _grave_violation(ctx: Context, classes: tuple[str, ...]) -> Outcome:
    reasons = [reason("trigger.grave.risk", risk=r.id, violation=Term(g))
               for r in ctx.project.assessment.risks
               for g in r.grave_violations if g.value in classes]
    reasons += [reason("trigger.grave.incident", incident=i.id, violation=Term(g))
                for i in ctx.project.procedure.log
                for g in i.grave_violations if g.value in classes]
    return _outcome(reasons, reason("trigger.grave.none",
                                    classes=_codes(GraveViolation, classes)))


def _command_responsibility(ctx: Context, wanted: bool) -> Outcome:
    reasons = [reason("trigger.command.risk", risk=r.id)
               for r in ctx.project.assessment.risks if r.command_responsibility]
    reasons += [reason("trigger.command.incident", incident=i.id)
                for i in ctx.project.procedure.log if i.command_responsibility]
    against = reason("trigger.command.none")
    return _flag(reasons, wanted, against, against)


def _relation_to_state(ctx: Context, relations: tuple[str, ...]) -> Outcome:
    reasons = [reason("trigger.relation", recipient=r.id, relation=Term(r.relation_to_state))
               for r in ctx.project.recipients if r.relation_to_state.value in relations]
    return _outcome(reasons, reason("trigger.relation.none",
                                    relations=_codes(StateRelation, relations)))


def _values(vocabulary: type[Vocabulary]) -> tuple[str, ...]:
    return tuple(member.value for member in vocabulary)


_BOOL = ("true", "false")

FACTS: dict[str, FactKind] = {
    "tag": FactKind("list", (), _tag, "a specific risk carries one of these tags"),
    "rating_at_least": FactKind("rating", _values(Rating), _rating_at_least,
                                "the final rating (Action 4, element 9) is at least this"),
    "risk_level_at_least": FactKind("rating", _values(Rating), _risk_level_at_least,
                                    "a specific risk's level (likelihood × impact) is at "
                                    "least this"),
    "death_penalty_status": FactKind("list", _values(DeathPenaltyStatus), _death_penalty_status,
                                     "the country's death-penalty status is one of these"),
    "support_kind": FactKind("list", _values(SupportKind), _support_kind,
                             "an activity provides one of these kinds of support"),
    "items_donated": FactKind("bool", _BOOL, _items_donated, "an activity donates items"),
    "personal_data": FactKind("bool", _BOOL, _activities("personal_data"),
                              "an activity collects, processes or shares personal data"),
    "biometric_data": FactKind("bool", _BOOL, _activities("biometric_data"),
                               "an activity collects biometric data"),
    "data_shared_with_recipient": FactKind(
        "bool", _BOOL, _activities("data_shared_with_recipient"),
        "an activity shares data with the recipient"),
    "non_exempt_support": FactKind("bool", _BOOL, _non_exempt_support,
                                   "an activity gives support that is not exempt (Action 1)"),
    "branding": FactKind("list", _values(Branding), _branding,
                         "the branding decision (visibility.branding) is one of these"),
    "visibility_waiver": FactKind("bool", _BOOL, _visibility_waiver,
                                  "donors are asked to waive or reduce visibility (Box 5)"),
    "recipient_category": FactKind("list", _values(RecipientCategory), _recipient_category,
                                   "a recipient is of one of these categories"),
    "named_by_mitigation": FactKind("bool", _BOOL, _named_by_mitigation,
                                    "a mitigation lists this clause's id under clauses:"),
    "country_mechanism": FactKind("bool", _BOOL, _country_mechanism,
                                  "a UN HRDDP country mechanism exists (Action 3)"),
    "holds_people": FactKind("bool", _BOOL, _holds_people,
                             "an activity concerns premises that hold people "
                             "(activities[].holds_people)"),
    "items_personal_data": FactKind("bool", _BOOL, _items_data("personal_data"),
                                    "an activity that donates items collects personal data"),
    "items_biometric_data": FactKind("bool", _BOOL, _items_data("biometric_data"),
                                     "an activity that donates items collects biometric data"),
    "phased_delivery": FactKind("bool", _BOOL, _phased_delivery,
                                "some support is delivered in a phase that begins on a "
                                "condition (phases)"),
    "items_phased": FactKind("bool", _BOOL, _items_phased,
                             "a donated item is handed over in a phase that begins on a "
                             "condition"),
    "trial_phase": FactKind("bool", _BOOL, _trial_phase,
                            "a phase of delivery is provided on a trial basis"),
    "mechanism_participation": FactKind("bool", _BOOL, _mechanism_participation,
                                        "IOM participates in a UN HRDDP country mechanism "
                                        "(Action 3)"),
    "affected_group": FactKind("list", _values(AffectedGroup), _affected_group,
                               "a risk names one of these affected groups (Action 4)"),
    "grave_violation": FactKind("list", _values(GraveViolation), _grave_violation,
                                "a risk or logged incident is classed as one of these grave "
                                "violations (Action 1)"),
    "command_responsibility": FactKind("bool", _BOOL, _command_responsibility,
                                       "a risk or logged incident involves command "
                                       "responsibility (Action 1)"),
    "relation_to_state": FactKind("list", _values(StateRelation), _relation_to_state,
                                  "a recipient stands to the State in one of these ways "
                                  "(commanded, contracted, directed, outside_state)"),
}
"""Fact name → how it is written and evaluated. Tags come from ``clauses/vocabulary.yaml``."""


# --------------------------------------------------------------------------- parsing


def parse(data: Any, path: Path_, problems: list[tuple[Path_, str]]) -> Trigger | None:
    """Parse trigger data found at ``path`` of a clause file; append ``(path, message)``
    for every problem and return None if there were any inside this condition."""
    if not isinstance(data, dict) or len(data) != 1:
        problems.append((path, "a condition is a mapping with exactly one key: all, any, not, "
                         f"or a fact ({', '.join(FACTS)}); combine several with all: [...]"))
        return None
    (key, value), = data.items()
    where = (*path, key)
    if key in ("all", "any"):
        if not isinstance(value, list) or not value:
            problems.append((where, f"{key} takes a list of one or more conditions"))
            return None
        parts = [parse(item, (*where, i), problems) for i, item in enumerate(value)]
        if any(part is None for part in parts):
            return None
        conditions = tuple(p for p in parts if p is not None)
        return All(conditions) if key == "all" else AnyOf(conditions)
    if key == "not":
        inner = parse(value, where, problems)
        return Not(inner) if inner is not None else None
    kind = FACTS.get(key)
    if kind is None:
        problems.append((where, f"unknown fact {key!r}; use all, any, not or one of: "
                         f"{', '.join(FACTS)} (see clauses/README.md)"))
        return None
    parsed = _fact_value(key, kind, value, where, problems)
    return None if parsed is None else Fact(key, parsed)


def _fact_value(name: str, kind: FactKind, value: Any, where: Path_,
                problems: list[tuple[Path_, str]]) -> Any:
    choices = tuple(risk_tags()) if name == "tag" else kind.choices
    if kind.takes in ("bool", "rating"):
        if not isinstance(value, str) or value.lower() not in choices:
            problems.append((where, f"{name} takes one of: {', '.join(choices)}"))
            return None
        return value.lower() == "true" if kind.takes == "bool" else Rating(value.lower())
    values = value if isinstance(value, list) else [value]
    if not values:
        problems.append((where, f"{name} takes one value or a list of values"))
        return None
    bad = [v for v in values if not isinstance(v, str) or v not in choices]
    if bad:
        known = ("the tags of clauses/vocabulary.yaml (`hrdd clauses tags` lists them)"
                 if name == "tag" else ", ".join(choices))
        problems.append((where, f"unknown {name.replace('_', ' ')} {bad[0]!r}; use {known}"))
        return None
    return tuple(values)


# --------------------------------------------------------------------------- evaluation


def evaluate(trigger: Trigger, ctx: Context) -> Outcome:
    """Evaluate a parsed trigger against a project; reasons name the project's ids."""
    if isinstance(trigger, Fact):
        return FACTS[trigger.name].evaluate(ctx, trigger.value)
    if isinstance(trigger, Not):
        inner = evaluate(trigger.condition, ctx)
        return Outcome(not inner.fired, inner.against, inner.reasons)
    outcomes = [evaluate(c, ctx) for c in trigger.conditions]
    if isinstance(trigger, All):
        fired = all(o.fired for o in outcomes)
        return Outcome(fired, _flat(o.reasons for o in outcomes) if fired else (),
                       _flat(o.against for o in outcomes if not o.fired))
    fired = any(o.fired for o in outcomes)
    return Outcome(fired, _flat(o.reasons for o in outcomes if o.fired),
                   () if fired else _flat(o.against for o in outcomes))


def _flat(groups: Any) -> tuple[str, ...]:
    """Concatenate reason groups, dropping repeats but keeping the first order."""
    return tuple(dict.fromkeys(reason for group in groups for reason in group))


# --------------------------------------------------------------------------- reading


def facts_used(trigger: Trigger) -> list[Fact]:
    """Every fact of a trigger, in order (for lint: which tags the library uses)."""
    if isinstance(trigger, Fact):
        return [trigger]
    if isinstance(trigger, Not):
        return facts_used(trigger.condition)
    return [fact for c in trigger.conditions for fact in facts_used(c)]


def describe(trigger: Trigger, indent: str = "") -> str:
    """The trigger as indented readable lines, for ``hrdd clauses show``."""
    if isinstance(trigger, Fact):
        value = trigger.value
        shown = (("yes" if value else "no") if isinstance(value, bool)
                 else value.value if isinstance(value, Rating) else join_words(value, "or"))
        return f"{indent}{trigger.name}: {shown}"
    if isinstance(trigger, Not):
        return f"{indent}not:\n{describe(trigger.condition, indent + '  ')}"
    head = "all of:" if isinstance(trigger, All) else "any of:"
    return "\n".join([f"{indent}{head}", *(describe(c, indent + "  ")
                                           for c in trigger.conditions)])

