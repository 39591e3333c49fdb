"""Action 7 and Box 7: the internal procedure for intervention, suspension or cessation.

Pure logic, no Word: what the procedure sheet (``templates/sop/``) says is computed
here from the project, so tests can check it without opening a document.

* :func:`checklist` — the three ticks of Box 7 (risk assessment completed, mitigation
  measures integrated, due-diligence monitoring ongoing), each with what is missing
  when it is not ticked;
* :func:`risk_level` — the level printed at the top, e.g. ``Medium/High``;
* :func:`courses_of_action`, :func:`results` — the four courses and results A and B;
* :func:`mechanism` — whether a UN HRDDP country mechanism governs the procedure
  (Action 3 and Action 7) and who then communicates a cessation;
* :func:`communication` — how a detected violation reaches the programme manager and
  the COM;
* :func:`blocks` — the rules that block the support, as the sheet lists them.

Every sentence is an entry of ``templates/sop/text/<language>.yaml`` (the functions
take the sheet's ``language``, English by default). In English the lines on what the
assessment or the monitoring lacks, and on what blocks the support, are the messages
of ``hrdd assess`` (:mod:`hrdd_docs.assess`, :mod:`hrdd_docs.gaps`); in French and
Spanish :func:`gap_message` and :func:`blocks` write the same reasons from
``templates/reasons/text/`` (:mod:`hrdd_docs.reasons`), as the IRA workbook does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from hrdd_docs import assess, catalog, reasons
from hrdd_docs.localized import as_written
from hrdd_docs.model import Person, Project
from hrdd_docs.vocabulary import CourseOfAction, Rating

# Titles that begin with a rank are also printed before the name, as Box 7 writes
# "Commander Itano Selsami": the project file has no separate field for a rank.
_RANKS = (
    "Admiral", "Brigadier", "Captain", "Chief Inspector", "Colonel", "Commander",
    "Commissioner", "General", "Inspector", "Lieutenant", "Major", "Sergeant",
    "Superintendent",
)

# Ranks a name may already carry, in English or as French- and Spanish-speaking forces
# write them ("Capitaine de frégate Amélie …"): such a name gets no rank in front.
_NAME_RANKS = (
    *_RANKS, "Amiral", "Brigadier-General", "Capitaine", "Capitán", "Chef", "Comandante",
    "Commandant", "Contre-amiral", "Coronel", "Général", "Lieutenant-colonel",
    "Teniente", "Vice-amiral", "Col.", "Capt.", "Cdr", "Gen.", "Lt", "Maj.",
)

# The ranks that may open a title in French or Spanish ("Commandant de la province
# d'Esse"); not "Chef", which opens civilian titles too ("Chef de projet").
_RANKS_FR_ES = (
    "Almirante", "Amiral", "Capitaine", "Capitán", "Colonel", "Comandante", "Commandant",
    "Commissaire", "Comisario", "Coronel", "General", "Général", "Inspecteur", "Inspector",
    "Lieutenant", "Major", "Sargento", "Sergent", "Teniente",
)

KIND = "sop"


def say(key: str, language: str = "en", **values: Any) -> str:
    """The sheet's catalog entry ``key`` in ``language``, completed with ``values``."""
    return catalog.sentence(KIND, key, language, **values)


@dataclass(frozen=True)
class Check:
    """One line of the Box 7 checklist."""

    label: str
    done: bool
    missing: tuple[str, ...] = ()
    """What is missing, one sentence each, with the project-file field to complete."""
    required: bool = True
    """False for a step the project does not need (exempt-only support, Action 1); such a
    line is neither ticked nor missing."""


@dataclass(frozen=True)
class Mechanism:
    """Who governs the procedure: IOM's own internal procedure, or the country SOPs."""

    country_sops: bool
    """A UN HRDDP country mechanism exists and IOM participates in it (Action 3)."""
    who_communicates_cessation: str
    sops: str
    """The country SOPs as the sheet names them (their reference when known)."""
    note: str


def checklist(project: Project, as_of: date, language: str = "en") -> list[Check]:
    """Box 7 checklist: the three ticks, each computed from the project.

    ``as_of`` is the date of the sheet: monitoring results are expected for every
    monitoring period that ended on or before it. Nothing is ticked that has not been
    done: while a rule blocks the support, monitoring is not ongoing.
    """
    return [
        assessment_check(project, language),
        mitigation_check(project, language),
        monitoring_check(project, as_of, language),
    ]


def assessment_check(project: Project, language: str = "en") -> Check:
    """Action 4: the assessment is completed when it is dated, names its assessors, rates
    the eight elements and the final assessment, explains a final rating below the
    highest element, and the Head of Office has endorsed it (:func:`assess.completion`).

    Exempt-only support needs none (Action 1): the line is then not required, unless the
    office has recorded an assessment anyway.
    """
    label = say("check.assessment", language)
    missing = tuple(f"{gap_message(project, g, language)} ({g.path})"
                    for g in assess.completion(project))
    if missing and assess.exempt_only(project):
        return Check(label, False, (say("check.exempt", language),), required=False)
    return Check(label, not missing, missing)


def mitigation_check(project: Project, language: str = "en") -> Check:
    """Action 5: every medium or high risk has at least one measure, every measure is
    integrated into the plan of activities, and a project rated medium or high has
    measures at all."""
    label = say("check.mitigation", language)
    missing: list[str] = []
    final = project.assessment.final.rating
    if (assess.exempt_only(project) and not project.mitigations
            and not project.assessment.risks and final is None):
        return Check(label, False, (say("check.exempt", language),), required=False)
    if not project.mitigations and final is not None and final is not Rating.low:
        missing.append(say("check.final_unmitigated", language,
                           final=rating_word(final, language)))
    for k, risk in enumerate(project.assessment.risks):
        if risk.level is not Rating.low and not project.mitigations_for(risk.id):
            missing.append(say("check.risk_unmitigated", language, risk=risk.id,
                               level=rating_word(risk.level, language), k=k))
    for m, measure in enumerate(project.mitigations):
        if not measure.integrated:
            missing.append(say("check.not_integrated", language, measure=measure.id, m=m))
    return Check(label, not missing, tuple(missing))


def rating_word(rating: Rating, language: str = "en") -> str:
    """``medium``, ``moyen``, ``medio``: a rating in running text."""
    return say(f"rating.{rating.value}", language)


def monitoring_check(project: Project, as_of: date, language: str = "en") -> Check:
    """Action 6 and Box 6: monitoring is ongoing when someone has something to monitor.

    The model always names a responsible person, so "no one is responsible" means the
    person has no monitoring to do: no indicator of violations by the recipients, no
    indicator of the effectiveness of mitigation, or a monitoring period ended by
    ``as_of`` for which some indicator has no result. While a rule blocks the support
    (:func:`assess.blocking`) there is no support to monitor, so the line is not ticked.
    """
    from hrdd_docs import gaps

    missing = [f"{gap_message(project, g, language, as_of)} ({g.path})"
               for g in gaps.monitoring(project, as_of, sources=False)]
    if assess.blocking(project):
        missing.insert(0, say("check.blocked", language))
    return Check(say("check.monitoring", language), not missing, tuple(missing))


def risk_level(project: Project, language: str = "en") -> str:
    """The level printed on the sheet: the final rating, followed by the highest element
    rating when that is higher (Box 7 prints "Medium/High"); "Not rated" before the
    final assessment."""
    final = project.assessment.final.rating
    if final is None:
        return say("level.none", language)
    ratings = [a.rating for _, a in project.assessment.elements.items() if a.rating]
    highest = max(ratings, key=lambda r: r.rank, default=final)
    if highest.rank > final.rank:
        return f"{say(f'level.{final.value}', language)}/{say(f'level.{highest.value}', language)}"
    return say(f"level.{final.value}", language)


def courses_of_action(language: str = "en") -> list[str]:
    """Box 7: the four courses of action the COM may agree to."""
    return [say(f"course.{course.value}", language) for course in CourseOfAction]


@dataclass(frozen=True)
class Results:
    """Box 7: the two results and the branches of Result B."""

    a_condition: str
    a_action: str
    b_condition: str
    b_action: str
    b_addressed: str
    b_continuing: str


def results(project: Project, language: str = "en") -> Results:
    """Box 7: Result A (continue or resume) and Result B (suspend; resume; cease).

    The office's own thresholds (``procedure.suspend_when`` and ``cease_when``) are
    printed beside the results by the template; who agrees to cease follows
    :func:`mechanism`.
    """
    authority = mechanism(project, language)
    if authority.country_sops:
        cease = say("results.cease_sops", language, sops=authority.sops,
                    official=authority.who_communicates_cessation)
    else:
        cease = say("results.cease_own", language)
    return Results(
        a_condition=say("results.a_condition", language),
        a_action=say("results.a_action", language),
        b_condition=say("results.b_condition", language),
        b_action=say("results.b_action", language),
        b_addressed=say("results.b_addressed", language),
        b_continuing=cease,
    )


def mechanism(project: Project, language: str = "en") -> Mechanism:
    """Actions 3 and 7: with a UN HRDDP country mechanism in which IOM participates,
    the country SOPs apply and the most senior UN official in the country formally
    communicates a cessation of support; otherwise IOM's own procedure applies and
    the COM communicates decisions to the government."""
    facts = project.country_mechanism
    if not facts.senior_un_official:
        official = say("mechanism.official", language)
    elif language == "en":
        official = the_title(facts.senior_un_official)
    else:
        official = say("mechanism.official_named", language,
                       title=as_written(facts.senior_un_official, language))
    sops = (say("mechanism.sops_named", language, reference=facts.sop_reference)
            if facts.sop_reference else say("mechanism.sops", language))
    decider = facts.participation_decided_by
    decided = (" " + say("mechanism.decided", language, person=_person(decider, language))
               if facts.exists and decider else "")
    if facts.exists and facts.iom_participates:
        gpraf = (" " + say("mechanism.gpraf", language) if facts.gpraf_used else "")
        return Mechanism(
            True, official, sops,
            say("mechanism.joined", language, sops=sops, official=official) + decided + gpraf,
        )
    if facts.exists:
        note = say("mechanism.not_joined", language) + decided
    else:
        note = say("mechanism.none", language)
    return Mechanism(False, project.project.chief_of_mission.name, sops, note)


def _person(person: Person, language: str = "en") -> str:
    return f"{person.name}, {as_written(person.title, language)}"


def the_title(title: str) -> str:
    """``the Resident Coordinator``: the field holds a title, which the sheet's
    sentences need with its article."""
    return title if title.lower().startswith("the ") else f"the {title}"


def with_rank(person: Person, language: str = "en") -> str:
    """The person's name, preceded by a rank that opens their title, then the title:
    ``Commander Itano Selsami, Commander of Esse Province``; in French or Spanish, the
    title in that language when the project gives it ("Commandant Itano Selsami,
    Commandant de la province d'Esse")."""
    title = as_written(person.title, language)
    ranks = _RANKS if language == "en" else _RANKS_FR_ES
    rank = next((r for r in ranks if title == r or title.startswith(r + " ")), None)
    ranked = person.name.startswith(tuple(r + " " for r in _NAME_RANKS))
    name = f"{rank} {person.name}" if rank and not ranked else person.name
    return f"{name}, {title}"


def communication(project: Project, language: str = "en") -> str:
    """Box 7: how detected violations reach the programme manager and the COM."""
    if project.procedure.communication:
        return as_written(project.procedure.communication, language)
    manager = project.procedure.programme_manager
    via = (say("communication.via_named", language, name=manager.name) if manager
           else say("communication.via", language))
    return say("communication", language, name=project.monitoring.responsible.name, via=via,
               com=project.project.chief_of_mission.name)


def gap_message(project: Project, gap: assess.Gap, language: str = "en",
                as_of: date | None = None) -> str:
    """What ``gap`` says, in ``language``, without its field: the message of ``hrdd
    assess``, which :mod:`hrdd_docs.assess` and :mod:`hrdd_docs.gaps` build as a
    :class:`~hrdd_docs.reasons.Reason`, written from ``templates/reasons/text/`` in
    French and Spanish (a gap without a catalog entry points to ``hrdd assess``).
    ``project`` and ``as_of`` are those the gap was found for."""
    if language == "en":
        return gap.message
    if isinstance(gap.message, reasons.Reason):
        return reasons.say(gap.message, language)
    return say("gap.other", language)


def blocks(project: Project, language: str = "en") -> list[dict[str, str]]:
    """Each rule that blocks the support (:func:`assess.blocking`), as the sheet lists it:
    ``rule``, ``message`` and the ``path`` of the field to complete, in ``language``."""
    return [{"rule": reasons.rule(block.rule, language),
             "message": reasons.say(block.message, language), "path": block.path}
            for block in assess.blocking(project)]
