"""Issue 11, point 11: the seed's Action 4-6 facts, each with an effect.

Affected groups from a vocabulary (a gap when none is named, a trigger fact), the
grave-violation classes and command responsibility (trigger facts, shown, and an
incident so classed needs a course of action), the conclusion on the risk of not
providing support, budgeted measures, internal and external indicator sources, and
changes of context that make a reassessment due now.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from cases import base, load
from conftest import write_project

from hrdd_docs import assess, clauses, schedule, triggers
from hrdd_docs.cli import cli
from hrdd_docs.errors import InputError

DAY = date(2026, 5, 15)


def codes(tmp_path: Path, data: dict, day: date = DAY) -> list[tuple[str, str]]:
    return [(g.code, g.path) for g in assess.gaps(load(tmp_path, data), day)]


def fires(tmp_path: Path, data: dict, trigger: dict) -> triggers.Outcome:
    problems: list = []
    parsed = triggers.parse(trigger, ("trigger",), problems)
    assert problems == [] and parsed is not None
    return triggers.evaluate(parsed, triggers.Context(load(tmp_path, data, "t.yaml"), "x"))


# Affected groups ----------------------------------------------------------------------


def test_an_assessment_that_names_no_group_is_a_gap(tmp_path):
    data = base()
    data["assessment"]["risks"][0]["groups"] = []
    gaps = assess.gaps(load(tmp_path, data), DAY)
    assert [(g.code, g.rule, g.path) for g in gaps] == [
        ("groups-none", "Action 4", "assessment.risks[].groups")]
    assert "women and girls, children, LGBTIQ+ persons, persons with disabilities" in \
        gaps[0].message


def test_an_assessment_with_no_risk_at_all_is_a_gap_naming_the_register(tmp_path):
    data = base()
    data["assessment"]["risks"] = []
    data["mitigations"] = []
    gaps = assess.gaps(load(tmp_path, data), DAY)
    assert [(g.code, g.rule, g.message, g.path) for g in gaps if g.code == "groups-none"] == [
        ("groups-none", "Action 4", "the assessment records no specific risk, so it names no "
         "group that could be harmed; record the risks, and for each the groups it affects "
         "(women and girls, children, LGBTIQ+ persons, persons with disabilities, minorities, "
         "migrants, IDPs, refugees...)", "assessment.risks")]


def test_a_group_named_on_the_risk_of_not_providing_support_counts(tmp_path):
    data = base()
    data["assessment"]["risks"][0]["groups"] = []
    data["assessment"]["non_provision_risks"] = [
        {"description": "No screening", "groups": ["children"]}]
    assert codes(tmp_path, data) == []


def test_an_unknown_group_is_refused_with_the_list(tmp_path):
    data = base()
    data["assessment"]["risks"][0]["groups"] = ["women"]
    with pytest.raises(InputError, match=r"assessment\.risks\[0\]\.groups\[0\]: 'women' is not "
                       r"one of women_and_girls, children, youth"):
        load(tmp_path, data)


def test_the_free_text_groups_stay_valid(tmp_path):
    data = base()
    data["assessment"]["risks"][0]["affected_groups"] = ["Traders at the Orvel crossing"]
    assert load(tmp_path, data).assessment.risks[0].affected_groups == [
        "Traders at the Orvel crossing"]


def test_clauses_key_on_affected_groups(tmp_path):
    data = base()
    outcome = fires(tmp_path, data, {"affected_group": ["migrants", "children"]})
    assert outcome.reasons == ("risk r-misuse affects migrants",)
    assert not fires(tmp_path, data, {"affected_group": "lgbtiq_persons"}).fired


def test_a_user_clause_keyed_on_a_group_is_chosen(tmp_path):
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "my-children.yaml").write_text(
        "id: my-children\nfamily: protection\ntitle: Children at the crossing\n"
        "documents: [mou]\narticle: 90\nversion: '1.0'\nsource: Action 4\n"
        "trigger:\n  affected_group: children\n"
        "text: |\n  The Authority shall refer unaccompanied children.\n", "utf-8")
    data = base()
    data["assessment"]["risks"][0]["groups"] = ["children"]
    chosen = {s.clause.id: s for s in clauses.select(load(tmp_path, data), "mou",
                                                       clauses.load_library(folder))}
    assert chosen["my-children"].reasons == ("risk r-misuse affects children",)


# Grave violations and command responsibility ------------------------------------------


def test_grave_violation_classes_and_command_responsibility_are_trigger_facts(tmp_path):
    data = base()
    data["assessment"]["risks"][0]["grave_violations"] = ["refoulement"]
    data["assessment"]["risks"][0]["command_responsibility"] = True
    assert fires(tmp_path, data, {"grave_violation": "refoulement"}).reasons == (
        "risk r-misuse could amount to acts of refoulement",)
    assert fires(tmp_path, data, {"command_responsibility": "true"}).reasons == (
        "risk r-misuse arises through command responsibility",)
    assert not fires(tmp_path, base(), {"grave_violation": ["war_crimes"]}).fired


def test_an_incident_classed_as_grave_needs_a_course_of_action(tmp_path):
    data = base()
    data["procedure"] = {"log": [{"id": "inc-1", "date": "2026-05-01", "detected": "Push-back",
                                  "grave_violations": ["refoulement"],
                                  "command_responsibility": True}]}
    gaps = assess.gaps(load(tmp_path, data), DAY)
    assert [(g.code, g.message, g.path) for g in gaps] == [(
        "incident-unaddressed", "incident 'inc-1' may amount to acts of refoulement and no "
        "course of action is agreed with the COM; record the one chosen",
        "procedure.log[0].course_of_action")]
    assert fires(tmp_path, data, {"grave_violation": "refoulement"}).reasons == (
        "incident inc-1 may amount to acts of refoulement",)
    data["procedure"]["log"][0]["course_of_action"] = "report_to_oversight"
    assert codes(tmp_path, data) == []


def test_assess_shows_the_classes(runner, tmp_path):
    data = base()
    data["assessment"]["risks"][0]["grave_violations"] = ["gross_violations",
                                                          "pattern_of_violations"]
    data["assessment"]["risks"][0]["command_responsibility"] = True
    result = runner.invoke(cli, ["assess", str(write_project(tmp_path, data)), "--as-of",
                                 "2026-05-15"])
    assert ("      could amount to: gross violations of human rights, a pattern of repeated "
            "violations, through\n        command responsibility\n") in result.stdout
    assert "      groups: migrants\n" in result.stdout


# The risk of not providing support ---------------------------------------------------


@pytest.mark.parametrize(("rating", "gap"), [("low", False), ("medium", True), ("high", True)])
def test_the_conclusion_on_not_providing_support(tmp_path, rating, gap):
    data = base()
    del data["assessment"]["non_provision_conclusion"]
    data["assessment"]["final"]["rating"] = rating
    data["assessment"]["elements"]["recipient_record"]["rating"] = rating
    found = [c for c, _ in codes(tmp_path, data)]
    assert ("non-provision-unweighed" in found) is gap


# Budgeted measures ---------------------------------------------------------------------


def test_a_medium_risk_whose_measures_are_not_budgeted_is_a_gap(tmp_path):
    data = base()
    data["mitigations"][0]["budgeted"] = False
    assert codes(tmp_path, data) == [("risk-not-budgeted", "mitigations[0].budgeted")]
    data["assessment"]["risks"][0]["likelihood"] = "low"  # low × medium: a low risk
    assert codes(tmp_path, data) == []


# Source kinds --------------------------------------------------------------------------


@pytest.mark.parametrize(("kinds", "says"), [
    (["internal", "internal"], "no indicator drawn from external sources"),
    (["external", "external"], "no indicator drawn from IOM's own sources"),
    ([None, "internal"], "i-viol does not say which kind of source it uses"),
])
def test_the_monitoring_plan_needs_both_kinds_of_source(tmp_path, kinds, says):
    data = base()
    for indicator, kind in zip(data["monitoring"]["indicators"], kinds, strict=True):
        indicator["source_kind"] = kind
        if kind is None:
            del indicator["source_kind"]
    gaps = assess.gaps(load(tmp_path, data), DAY)
    assert [(g.code, g.rule) for g in gaps] == [("sources-one-kind", "Action 6")]
    assert says in gaps[0].message


# Reassessment ---------------------------------------------------------------------------


def test_a_change_of_context_after_the_assessment_makes_it_due_now(tmp_path):
    data = base()
    data["assessment"]["events"] = [
        {"date": "2026-01-20", "kind": "conflict", "description": "Clashes on the border"},
        {"date": "2026-05-01", "kind": "violations_increase", "description": "More reports"}]
    gaps = assess.gaps(load(tmp_path, data), DAY)
    assert [(g.code, g.message) for g in gaps] == [(
        "reassessment-due", "the context changed on 2026-05-01 (a noted increase in human "
        "rights violations: More reports), after the assessment of 2026-02-10, so an updated "
        "assessment is due now")]
    # an event before the assessment was part of it; one after today is not yet
    assert codes(tmp_path, data, date(2026, 4, 30)) == []


def test_several_overdue_years_give_one_gap(tmp_path):
    data = base()
    data["project"]["end"] = "2030-03-31"
    gaps = [g for g in assess.gaps(load(tmp_path, data), date(2029, 6, 1))
            if g.code == "reassessment-due"]
    assert [g.message for g in gaps] == [
        "reassessments were due on 2027-02-10, 2028-02-10 and 2029-02-10 (last assessment "
        "2026-02-10); one new assessment answers them"]


def test_a_reassessment_due_on_the_last_day_is_not_scheduled(tmp_path):
    data = base()
    data["project"]["start"] = "2026-02-01"
    data["project"]["end"] = "2027-02-10"  # over a year, and the yearly date is this day
    project = load(tmp_path, data)
    assert schedule.reassessment_dates(project) == []
    data["project"]["end"] = "2027-02-11"
    assert schedule.reassessment_dates(load(tmp_path, data, "b.yaml")) == [date(2027, 2, 10)]
