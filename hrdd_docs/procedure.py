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
  the COM.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hrdd_docs import assess
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


def checklist(project: Project, as_of: date) -> list[Check]:
    """Box 7 checklist: the three ticks, each computed from the project.

    ``as_of`` is the date of the sheet: monitoring results are expected for every
    monitoring period that ended on or before it. Nothing is ticked that has not been
    done: while a rule blocks the support, monitoring is not ongoing.
    """
    return [
        assessment_check(project),
        mitigation_check(project),
        monitoring_check(project, as_of),
    ]


_ASSESSMENT_LABEL = "Risk assessment completed"
_MITIGATION_LABEL = "Mitigation measures integrated"
_NOT_REQUIRED = ("exempt support only: no assessment is required (Action 1), although "
                 "assessing the reputational risks may be prudent")


def assessment_check(project: Project) -> Check:
    """Action 4: the assessment is completed when it is dated, names its assessors, rates
    the eight elements and the final assessment, explains a final rating below the
    highest element, and the Head of Office has endorsed it (:func:`assess.completion`).

    Exempt-only support needs none (Action 1): the line is then not required, unless the
    office has recorded an assessment anyway.
    """
    missing = tuple(f"{g.message} ({g.path})" for g in assess.completion(project))
    if missing and assess.exempt_only(project):
        return Check(_ASSESSMENT_LABEL, False, (_NOT_REQUIRED,), required=False)
    return Check(_ASSESSMENT_LABEL, not missing, missing)


def mitigation_check(project: Project) -> Check:
    """Action 5: every medium or high risk has at least one measure, every measure is
    integrated into the plan of activities, and a project rated medium or high has
    measures at all."""
    missing: list[str] = []
    final = project.assessment.final.rating
    if (assess.exempt_only(project) and not project.mitigations
            and not project.assessment.risks and final is None):
        return Check(_MITIGATION_LABEL, False, (_NOT_REQUIRED,), required=False)
    if not project.mitigations and final is not None and final is not Rating.low:
        missing.append(f"the final rating is {final.value} and no mitigation measure is "
                       "defined (mitigations)")
    for k, risk in enumerate(project.assessment.risks):
        if risk.level is not Rating.low and not project.mitigations_for(risk.id):
            missing.append(f"risk '{risk.id}' is {risk.level.value} and no mitigation "
                           f"addresses it (assessment.risks[{k}])")
    for m, measure in enumerate(project.mitigations):
        if not measure.integrated:
            missing.append(f"measure '{measure.id}' is not integrated into the plan of "
                           f"activities (mitigations[{m}].integrated)")
    return Check(_MITIGATION_LABEL, not missing, tuple(missing))


def monitoring_check(project: Project, as_of: date) -> Check:
    """Action 6 and Box 6: monitoring is ongoing when someone has something to monitor.

    The model always names a responsible person, so "no one is responsible" means the
    person has no monitoring to do: no indicator of violations by the recipients, no
    indicator of the effectiveness of mitigation, or a monitoring period ended by
    ``as_of`` for which some indicator has no result. While a rule blocks the support
    (:func:`assess.blocking`) there is no support to monitor, so the line is not ticked.
    """
    from hrdd_docs import gaps

    missing = [f"{g.message} ({g.path})"
               for g in gaps.monitoring(project, as_of, sources=False)]
    if assess.blocking(project):
        missing.insert(0, "the support is blocked (see the top of this sheet), so there is "
                          "no support to monitor yet")
    return Check("Due diligence monitoring ongoing", not missing, tuple(missing))


def risk_level(project: Project) -> str:
    """The level printed on the sheet: the final rating, followed by the highest element
    rating when that is higher (Box 7 prints "Medium/High"); "Not rated" before the
    final assessment."""
    final = project.assessment.final.rating
    if final is None:
        return "Not rated"
    ratings = [a.rating for _, a in project.assessment.elements.items() if a.rating]
    highest = max(ratings, key=lambda r: r.rank, default=final)
    if highest.rank > final.rank:
        return f"{final.value.capitalize()}/{highest.value.capitalize()}"
    return final.value.capitalize()


def courses_of_action() -> list[str]:
    """Box 7: the four courses of action the COM may agree to."""
    return [course.label for course in CourseOfAction]


@dataclass(frozen=True)
class Results:
    """Box 7: the two results and the branches of Result B."""

    a_condition: str
    a_action: str
    b_condition: str
    b_action: str
    b_addressed: str
    b_continuing: str


def results(project: Project) -> Results:
    """Box 7: Result A (continue or resume) and Result B (suspend; resume; cease).

    The office's own thresholds (``procedure.suspend_when`` and ``cease_when``) are
    printed beside the results by the template; who agrees to cease follows
    :func:`mechanism`.
    """
    authority = mechanism(project)
    if authority.country_sops:
        cease = (f"If the violations continue: the COM raises the case under the "
                 f"{authority.sops}; cessation is agreed there and "
                 f"{authority.who_communicates_cessation} communicates it.")
    else:
        cease = ("If the violations continue: the responsible person informs the COM, and "
                 "activities cease only with the COM's agreement; the COM communicates the "
                 "decision to the government.")
    return Results(
        a_condition="The violations have been adequately addressed.",
        a_action="Continue the activities, or resume them if they were suspended.",
        b_condition="The violations have not been addressed, are at risk of continuing, or "
                    "are continuing.",
        b_action="Suspend the activities, and agree to resume them only once the violations "
                 "are addressed.",
        b_addressed="If the violations are then addressed: resume the activities.",
        b_continuing=cease,
    )


def mechanism(project: Project) -> Mechanism:
    """Actions 3 and 7: with a UN HRDDP country mechanism in which IOM participates,
    the country SOPs apply and the most senior UN official in the country formally
    communicates a cessation of support; otherwise IOM's own procedure applies and
    the COM communicates decisions to the government."""
    facts = project.country_mechanism
    official = (the_title(facts.senior_un_official) if facts.senior_un_official
                else "the most senior United Nations official in the country")
    sops = (f"HRDDP country SOPs ({facts.sop_reference})" if facts.sop_reference
            else "HRDDP country SOPs")
    decider = facts.participation_decided_by
    decided = (f" The decision on participation was taken by {_person(decider)}."
               if facts.exists and decider else "")
    if facts.exists and facts.iom_participates:
        gpraf = (" The assessment draws on the GPRAF." if facts.gpraf_used else "")
        return Mechanism(
            True, official, sops,
            f"A UN HRDDP country mechanism exists and IOM participates in it: the {sops} "
            f"apply, and {official} formally communicates any cessation of support, after "
            "consulting the UN entities concerned. This sheet records how IOM detects, "
            f"reports and follows up violations within that procedure.{decided}{gpraf}",
        )
    if facts.exists:
        note = ("A UN HRDDP country mechanism exists but IOM does not participate in it, "
                "so this internal procedure applies; the COM communicates IOM's decisions "
                f"to the government.{decided}")
    else:
        note = ("There is no UN HRDDP country mechanism in the country, so this internal "
                "procedure applies; the COM communicates IOM's decisions to the government.")
    return Mechanism(False, project.project.chief_of_mission.name, sops, note)


def _person(person: Person) -> str:
    return f"{person.name}, {person.title}"


def the_title(title: str) -> str:
    """``the Resident Coordinator``: the field holds a title, which the sheet's
    sentences need with its article."""
    return title if title.lower().startswith("the ") else f"the {title}"


def with_rank(person: Person) -> str:
    """The person's name, preceded by a rank that opens their title, then the title:
    ``Commander Itano Selsami, Commander of Esse Province``."""
    rank = next((r for r in _RANKS if person.title == r or person.title.startswith(r + " ")),
                None)
    ranked = person.name.startswith(tuple(r + " " for r in _NAME_RANKS))
    name = f"{rank} {person.name}" if rank and not ranked else person.name
    return f"{name}, {person.title}"


def communication(project: Project) -> str:
    """Box 7: how detected violations reach the programme manager and the COM."""
    if project.procedure.communication:
        return project.procedure.communication
    manager = project.procedure.programme_manager
    via = f"the Programme Manager ({manager.name})" if manager else "the Programme Manager"
    return (f"{project.monitoring.responsible.name} informs {via} in writing as soon as a "
            "violation is detected, and the Programme Manager informs the Chief of Mission "
            f"({project.project.chief_of_mission.name}).")
