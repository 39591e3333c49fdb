"""The declarative trigger language: parsing, refusals, evaluation and reasons."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from hrdd_docs import triggers
from hrdd_docs.model import Project
from hrdd_docs.triggers import All, AnyOf, Fact, Not


def parse(text: str) -> tuple[triggers.Trigger | None, list[tuple[Any, str]]]:
    problems: list[tuple[Any, str]] = []
    # the clause loader reads every scalar as a string; do the same here
    data = yaml.load(text, Loader=yaml.BaseLoader)  # noqa: S506 - BaseLoader builds no objects
    return triggers.parse(data, ("trigger",), problems), problems


def outcome(project: Project, text: str, clause_id: str = "c") -> triggers.Outcome:
    trigger, problems = parse(text)
    assert not problems and trigger is not None
    return triggers.evaluate(trigger, triggers.Context(project, clause_id))


@pytest.fixture
def darvonia(example_data: dict[str, Any]) -> Project:
    """A fresh copy: tests here may change it."""
    return Project.model_validate(example_data)


def test_parse_builds_the_tree() -> None:
    trigger, problems = parse("""
all:
  - tag: [sgbv, torture]
  - any:
      - rating_at_least: medium
      - items_donated: true
  - not: {branding: standard}
""")
    assert problems == []
    assert trigger == All((
        Fact("tag", ("sgbv", "torture")),
        AnyOf((Fact("rating_at_least", triggers.Rating.medium), Fact("items_donated", True))),
        Not(Fact("branding", ("standard",))),
    ))


@pytest.mark.parametrize(("text", "path", "message"), [
    ("colour: red", ("trigger", "colour"), "unknown fact 'colour'; use all, any, not or one of: "),
    ("tag: sgvb", ("trigger", "tag"), "unknown tag 'sgvb'; use the tags of "
     "clauses/vocabulary.yaml (`hrdd clauses tags` lists them)"),
    ("rating_at_least: severe", ("trigger", "rating_at_least"),
     "rating_at_least takes one of: low, medium, high"),
    ("items_donated: maybe", ("trigger", "items_donated"),
     "items_donated takes one of: true, false"),
    ("support_kind: [equipment, rockets]", ("trigger", "support_kind"),
     "unknown support kind 'rockets'; use training, "),
    ("any: []", ("trigger", "any"), "any takes a list of one or more conditions"),
    ("{tag: sgbv, items_donated: true}", ("trigger",), "a condition is a mapping with exactly "
     "one key"),
    ("all: [{tag: sgbv}, {any: [{wrong: x}]}]", ("trigger", "all", 1, "any", 0, "wrong"),
     "unknown fact 'wrong'"),
])
def test_parse_refuses_with_the_place(text: str, path: tuple[Any, ...], message: str) -> None:
    trigger, problems = parse(text)
    assert trigger is None
    assert len(problems) == 1
    assert problems[0][0] == path
    assert problems[0][1].startswith(message)


def test_tag_reasons_name_each_risk(darvonia: Project) -> None:
    result = outcome(darvonia, "tag: [misuse_of_items, sgbv]")
    assert result.fired
    assert result.reasons == ("risk r-vawg is tagged sgbv",
                              "risk r-border-detention is tagged misuse_of_items",
                              "risk r-misuse is tagged misuse_of_items")


def test_facts_name_project_ids_and_values(darvonia: Project) -> None:
    assert outcome(darvonia, "rating_at_least: medium").reasons == ("final rating is medium",)
    assert outcome(darvonia, "items_donated: true").reasons == (
        "activity motorbikes donates items",)
    assert outcome(darvonia, "personal_data: true").reasons == (
        "activity community-policing collects personal data",)
    assert outcome(darvonia, "death_penalty_status: abolitionist_in_practice").reasons == (
        "Darvonia is abolitionist in practice on the death penalty",)
    assert outcome(darvonia, "recipient_category: police").reasons == (
        "recipient dpf-esse is police",)
    assert outcome(darvonia, "branding: [minimal, none]").reasons == (
        "visibility.branding is minimal",)
    assert outcome(darvonia, "visibility_waiver: true").reasons == (
        "a visibility waiver is requested from norland-mfa (branding minimal)",)
    assert outcome(darvonia, "support_kind: construction").reasons == (
        "activity post provides construction, rehabilitation and repair",)
    assert outcome(darvonia, "risk_level_at_least: high").reasons == (
        "risk r-ejk is rated high (likelihood medium, impact high)",
        "risk r-vawg is rated high (likelihood medium, impact high)",
    )
    named = outcome(darvonia, "named_by_mitigation: true", clause_id="gender-female-officer")
    assert named.reasons == ("mitigation m-female-officer names this clause",)


def test_facts_that_do_not_hold_say_why(darvonia: Project) -> None:
    result = outcome(darvonia, "rating_at_least: high")
    assert not result.fired and result.against == ("final rating is medium",)
    result = outcome(darvonia, "tag: child_rights")
    assert not result.fired and result.against == ("no risk is tagged child_rights",)
    assert not outcome(darvonia, "country_mechanism: true").fired
    assert not outcome(darvonia, "biometric_data: true").fired


def test_not_fires_with_the_reason_its_condition_failed(darvonia: Project) -> None:
    result = outcome(darvonia, "not: {tag: child_rights}")
    assert result.fired and result.reasons == ("no risk is tagged child_rights",)
    assert not outcome(darvonia, "not: {tag: sgbv}").fired


def test_all_and_any_combine_reasons(darvonia: Project) -> None:
    result = outcome(darvonia, "all: [{items_donated: true}, {rating_at_least: medium}]")
    assert result.reasons == ("activity motorbikes donates items", "final rating is medium")
    assert not outcome(darvonia, "all: [{items_donated: true}, {rating_at_least: high}]").fired
    result = outcome(darvonia, "any: [{rating_at_least: high}, {tag: unit_record}]")
    assert result.fired and result.reasons == ("risk r-ejk is tagged unit_record",)


def test_false_flag_fires_when_nothing_has_it(example_data: dict[str, Any]) -> None:
    for activity in example_data["activities"]:
        activity.pop("items", None)
    project = Project.model_validate(example_data)
    result = outcome(project, "items_donated: false")
    assert result.fired and result.reasons == ("no activity donates items",)


def test_describe_reads_as_text() -> None:
    trigger, _ = parse("any: [{tag: [sgbv, torture]}, {not: {items_donated: true}}]")
    assert trigger is not None
    assert triggers.describe(trigger) == (
        "any of:\n  tag: sgbv or torture\n  not:\n    items_donated: yes")
