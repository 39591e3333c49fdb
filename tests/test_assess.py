"""The HRDDP decisions of hrdd_docs.assess, one rule at a time, on the Darvonia example.

Each test changes the fewest facts of the (valid, gap-free) example that make one rule
decide differently, and checks the outcome and the facts or path given for it.
"""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

import pytest

from hrdd_docs import assess
from hrdd_docs.model import Project

TODAY = date(2026, 11, 27)
"""A day within the example's first year, when nothing is due."""


def _project(data: dict[str, Any]) -> Project:
    return Project.model_validate(data)


def _activity(kind: str, n: int = 0) -> dict[str, Any]:
    return {"id": f"a{n}", "kind": kind, "description": "Something", "recipients": ["dpf-esse"]}


# Action 1: applicability ------------------------------------------------------------


def test_no_recipient_means_the_policy_does_not_apply(example_data):
    example_data["recipients"] = []
    example_data["activities"] = []
    decision = assess.applicability(_project(example_data))
    assert (decision.applies, decision.assessment_required) == (False, False)
    assert [(s.answer, s.detail) for s in decision.path] == [("no", "no recipient is listed")]
    assert decision.conclusion == (
        "The HRDDP does not apply: no non-UN security force is engaged."
    )


def test_no_activity_means_no_support(example_data):
    example_data["activities"] = []
    decision = assess.applicability(_project(example_data))
    assert (decision.applies, decision.assessment_required) == (False, False)
    assert [(s.answer, s.detail) for s in decision.path] == [
        ("yes", "Darvonian Police Force, Esse Province Command (police)"),
        ("no", "no activity is listed"),
    ]
    assert decision.conclusion == "The HRDDP does not apply: no support is provided."


def test_exempt_only_support_needs_no_assessment(example_data):
    example_data["activities"] = [_activity("human_rights_training"), _activity("medevac", 1)]
    decision = assess.applicability(_project(example_data))
    assert (decision.applies, decision.assessment_required) == (True, False)
    assert decision.path[-1].answer == "yes"
    assert decision.path[-1].detail == (
        "only exempt activities: training on international humanitarian, human rights and "
        "refugee law; medical and casualty evacuation (MEDEVAC/CASEVAC)"
    )
    assert decision.conclusion == (
        "An HRDD risk assessment is not obligatory for exempt support, but it may be "
        "prudent to assess the reputational risks."
    )


def test_non_exempt_support_needs_an_assessment(example_data):
    example_data["activities"] = [_activity("equipment"), _activity("training", 1)]
    decision = assess.applicability(_project(example_data))
    assert (decision.applies, decision.assessment_required) == (True, True)
    assert [s.answer for s in decision.path] == ["yes", "yes", "no"]
    assert decision.path[1].detail == "training; equipment"
    assert decision.path[2].detail == "none of the activities is exempt"
    assert decision.conclusion == "An HRDD risk assessment is required."


def test_mixed_support_needs_an_assessment(example_data):
    example_data["activities"] = [_activity("mediation"), _activity("construction", 1)]
    decision = assess.applicability(_project(example_data))
    assert (decision.applies, decision.assessment_required) == (True, True)
    assert decision.path[2].detail == (
        "exempt and non-exempt activities are combined: construction, rehabilitation and "
        "repair are not exempt"
    )
    assert decision.conclusion == (
        "An HRDD risk assessment is required: the support combines exempt and non-exempt "
        "activities."
    )


@pytest.mark.parametrize(
    ("kind", "exempt"),
    [("human_rights_training", True), ("standard_setting", True),
     ("compliance_engagement", True), ("mediation", True), ("medevac", True),
     ("training", False), ("digital_identity", False), ("operational", False)],
)
def test_exempt_kinds(kind, exempt):
    from hrdd_docs.vocabulary import SupportKind

    assert SupportKind(kind).exempt is exempt


# Action 2: preconditions, each failing alone -----------------------------------------

PRECONDITION_FAILURES = [
    ("a", "national_ownership", "request_via_national_authority", False,
     "requested by Ministry of Interior of Darvonia, at the request of IDP women's groups, "
     "not through the national authorities that command the force"),
    ("a", "national_ownership", "executive_government_aware", False,
     "the executive government is not aware of the request"),
    ("a", "national_ownership", "operating_independently", True,
     "an institution involved acts independently of the government"),
    ("a", "national_ownership", "government_focal_point", None,
     "no government focal point is defined"),
    ("a", "national_ownership", "iom_counterpart", None, "no IOM counterpart is defined"),
    ("b", "death_penalty", "recipient_enforces", True,
     "a force supported directly enforces the death penalty"),
    ("b", "death_penalty", "support_could_enable", True,
     "the support could enable the enforcement of the death penalty"),
    ("c", "weapons", "weapons_or_ammunition", True,
     "the project purchases weapons or ammunition"),
    ("c", "weapons", "weapons_related_support", True,
     "the project supports weapons manufacture, storage or transport"),
    ("d", "combat_capacity", "aim_immediate_combat", True,
     "the explicit aim is to enhance capacity for immediate combat"),
    ("d", "combat_capacity", "combat_support_in_hostilities", True,
     "combat-specific support goes to units in active hostilities"),
]


@pytest.mark.parametrize(
    ("code", "section", "fact", "value", "reason"),
    PRECONDITION_FAILURES,
    ids=[f"{c}-{f}" for c, _, f, _, _ in PRECONDITION_FAILURES],
)
def test_each_precondition_fails_alone(example_data, code, section, fact, value, reason):
    example_data["preconditions"][section][fact] = value
    project = _project(example_data)
    results = {p.code: p for p in assess.preconditions(project)}
    assert [c for c, p in results.items() if not p.met] == [code]
    assert reason in results[code].facts
    assert results[code].failures == [reason]
    assert _blocks(project) == [
        (f"Action 2({code})", f"precondition '{results[code].title}' is not met: {reason}",
         f"preconditions.{section}.{fact}"),
    ]


def test_all_preconditions_met_with_their_facts(example_data):
    results = assess.preconditions(_project(example_data))
    assert [(p.rule, p.title, p.met) for p in results] == [
        ("Action 2(a)", "National ownership", True),
        ("Action 2(b)", "Non-enforcement of the death penalty", True),
        ("Action 2(c)", "No weapons", True),
        ("Action 2(d)", "No direct enhancement of combat capacity", True),
    ]
    assert results[0].facts[3] == (
        "government focal point: Dario Venn, Director of Community Policing"
    )
    # Abolitionist in practice: the agreements must bar later use (footnote 15).
    assert results[1].facts[0] == "the country is abolitionist in practice"
    assert results[1].facts[-1] == (
        "the agreements must bar use of the support in executions, also after the project "
        "ends (footnote 15)"
    )


def test_abolitionist_country_needs_no_post_project_clause(example_data):
    example_data["preconditions"]["death_penalty"]["country_status"] = "abolitionist"
    death_penalty = assess.preconditions(_project(example_data))[1]
    assert death_penalty.met
    assert not any("footnote 15" in fact for fact in death_penalty.facts)


# Actions 4-5: gaps ---------------------------------------------------------------------


def _gaps(data: dict[str, Any], today: date = TODAY) -> list[tuple[str, str, str, str]]:
    """The gaps as tuples, less the monitoring results that a later ``today`` expects
    (the example records results for periods 1 and 2 only)."""
    return [(g.code, g.rule, g.message, g.path) for g in assess.gaps(_project(data), today)
            if g.code != "results-missing" or today <= TODAY]


def test_the_example_has_no_gap(example_data):
    assert _gaps(example_data) == []


def test_unrated_element(example_data):
    example_data["assessment"]["elements"]["legal_framework"]["rating"] = None
    # Only that gap: the final rating stays below the high recipient_record element and
    # its rationale still explains why.
    assert _gaps(example_data) == [
        ("element-unrated", "Action 4",
         "element 'Legislative framework and applicable standards' has no rating",
         "assessment.elements.legal_framework.rating"),
    ]


def test_element_left_out_is_unrated(example_data):
    del example_data["assessment"]["elements"]["past_partnerships"]
    assert [g[0] for g in _gaps(example_data)] == ["element-unrated"]


def test_unrated_final(example_data):
    example_data["assessment"]["final"] = {"rationale": "To be decided"}
    assert _gaps(example_data) == [
        ("final-unrated", "Action 4(9)", "the final assessment has no rating",
         "assessment.final.rating"),
    ]


def test_final_below_highest_element_without_rationale(example_data):
    example_data["assessment"]["final"] = {"rating": "medium"}
    assert _gaps(example_data) == [
        ("final-below-elements", "Action 4(9)",
         "the final rating (medium) is lower than the highest element (high) and no "
         "rationale explains why", "assessment.final.rationale"),
    ]


def test_final_below_highest_element_with_rationale_is_no_gap(example_data):
    assert example_data["assessment"]["final"]["rating"] == "medium"
    assert example_data["assessment"]["elements"]["recipient_record"]["rating"] == "high"
    assert example_data["assessment"]["final"]["rationale"]
    assert _gaps(example_data) == []


def test_final_at_highest_element_needs_no_rationale(example_data):
    example_data["assessment"]["final"] = {"rating": "high"}
    assert _gaps(example_data) == []


@pytest.mark.parametrize(("risk_id", "level"), [("r-vawg", "high"), ("r-misuse", "medium")])
def test_medium_or_high_risk_without_mitigation(example_data, risk_id, level):
    _drop_mitigations_of(example_data, risk_id)
    k = [r["id"] for r in example_data["assessment"]["risks"]].index(risk_id)
    assert _gaps(example_data) == [
        ("risk-unmitigated", "Action 5",
         f"risk '{risk_id}' is {level} and no mitigation addresses it",
         f"assessment.risks[{k}]"),
    ]


def test_low_risk_without_mitigation_is_no_gap(example_data):
    example_data["assessment"]["risks"].append(
        {"id": "r-low", "description": "Minor", "element": "project_risks",
         "likelihood": "low", "impact": "medium"}
    )
    assert _gaps(example_data) == []


def test_high_final_without_integrated_mitigation(example_data):
    example_data["assessment"]["final"] = {"rating": "high"}
    for mitigation in example_data["mitigations"]:
        mitigation["integrated"] = False
    gaps = _gaps(example_data)
    assert gaps[-1] == (
        "high-not-mitigated", "Action 4",
        "the final rating is high and no mitigation measure is integrated into the plan "
        "of activities", "mitigations")
    # and each medium or high risk says that none of its measures is integrated
    assert [g[0] for g in gaps[:-1]] == ["risk-not-integrated"] * 6


def test_missing_endorsement(example_data):
    del example_data["assessment"]["endorsement"]
    assert _gaps(example_data) == [
        ("not-endorsed", "Action 4",
         "the Head of Office has not endorsed the assessment", "assessment.endorsement"),
    ]


def test_reassessment_due_for_a_project_over_a_year(example_data):
    project = _project(example_data)
    assert (project.project.start, project.project.end) == (date(2026, 3, 1), date(2027, 8, 31))
    assert assess.reassessment_dates(project) == [date(2027, 1, 15)]
    assert _gaps(example_data, date(2027, 1, 14)) == []
    assert _gaps(example_data, date(2027, 1, 15)) == [
        ("reassessment-due", "Action 4",
         "a reassessment was due on 2027-01-15 (last assessment 2026-01-15)",
         "assessment.date"),
    ]


def test_yearly_reassessments_for_a_long_project(example_data):
    example_data["project"]["end"] = date(2029, 2, 28)
    assert assess.reassessment_dates(_project(example_data)) == [
        date(2027, 1, 15), date(2028, 1, 15), date(2029, 1, 15),
    ]


@pytest.mark.parametrize("end", [date(2027, 2, 28), date(2027, 3, 1)])
def test_no_reassessment_for_a_project_of_a_year(example_data, end):
    example_data["project"]["end"] = end
    project = _project(example_data)
    assert assess.reassessment_dates(project) == []
    assert _gaps(example_data, date(2030, 1, 1)) == []


def test_gaps_are_reported_together(example_data):
    del example_data["assessment"]["endorsement"]
    example_data["assessment"]["final"] = {}
    codes = [g[0] for g in _gaps(example_data, date(2027, 6, 1))]
    assert codes == ["final-unrated", "not-endorsed", "reassessment-due"]


# Blocking ------------------------------------------------------------------------------


def _blocks(project: Project) -> list[tuple[str, str, str]]:
    return [(b.rule, b.message, b.path) for b in assess.blocking(project)]


def test_the_example_is_not_blocked(example_data):
    assert assess.blocking(_project(example_data)) == []


def test_high_risk_without_mitigation_blocks(example_data):
    _drop_mitigations_of(example_data, "r-vawg")
    assert _blocks(_project(example_data)) == [
        ("Action 4", "risk 'r-vawg' is high and no mitigation addresses it",
         "assessment.risks[1]"),
    ]


def test_medium_risk_without_mitigation_does_not_block(example_data):
    _drop_mitigations_of(example_data, "r-misuse")
    assert assess.blocking(_project(example_data)) == []


def test_high_final_without_integrated_mitigation_blocks(example_data):
    example_data["assessment"]["final"] = {"rating": "high"}
    for mitigation in example_data["mitigations"]:
        mitigation["integrated"] = False
    assert _blocks(_project(example_data)) == [
        ("Action 4", "risk 'r-ejk' is high and none of its measures (m-exclude-unit, "
         "m-mou-conditions, m-grievance) is integrated into the plan of activities",
         "mitigations[0].integrated"),
        ("Action 4", "risk 'r-vawg' is high and none of its measures (m-mou-conditions, "
         "m-female-officer, m-vawg-training, m-grievance) is integrated into the plan of "
         "activities", "mitigations[1].integrated"),
        ("Action 4", "the final rating is high and no mitigation measure is integrated into "
         "the plan of activities", "mitigations"),
    ]


def test_several_blocking_rules_together(example_data):
    example_data["preconditions"]["weapons"]["weapons_or_ammunition"] = True
    example_data["preconditions"]["combat_capacity"]["aim_immediate_combat"] = True
    rules = [b.rule for b in assess.blocking(_project(example_data))]
    assert rules == ["Action 2(c)", "Action 2(d)"]


# Dates and scores -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [(date(2026, 1, 31), 1, date(2026, 2, 28)), (date(2024, 1, 31), 1, date(2024, 2, 29)),
     (date(2026, 11, 15), 3, date(2027, 2, 15)), (date(2026, 3, 1), 12, date(2027, 3, 1))],
)
def test_add_months(day, months, expected):
    assert assess.add_months(day, months) == expected


def test_monitoring_periods_cover_the_project(example_data):
    periods = assess.monitoring_periods(_project(example_data))
    assert periods[0] == (date(2026, 3, 1), date(2026, 5, 31))
    assert periods[-1] == (date(2027, 6, 1), date(2027, 8, 31))
    assert len(periods) == 6
    for (_, last), (first, _) in itertools.pairwise(periods):
        assert (first - last).days == 1


def _drop_mitigations_of(data: dict[str, Any], risk_id: str) -> None:
    """Remove ``risk_id`` from every mitigation, dropping those left with no risk."""
    kept = []
    for mitigation in data["mitigations"]:
        mitigation["addresses"] = [r for r in mitigation["addresses"] if r != risk_id]
        if mitigation["addresses"]:
            kept.append(mitigation)
    data["mitigations"] = kept
