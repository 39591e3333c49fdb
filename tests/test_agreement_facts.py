"""The facts the agreements print, as the model holds them (issue 13): their checks, their
round trip through the IRA workbook, and the errors that name both places."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from conftest import write_project

from hrdd_docs import clauses
from hrdd_docs.errors import InputError
from hrdd_docs.loading import load_project
from hrdd_docs.render import workbook
from hrdd_docs.workbook_import import import_workbook


def fails(tmp_path: Path, data: dict[str, Any]) -> str:
    with pytest.raises(InputError) as caught:
        load_project(write_project(tmp_path, data))
    return str(caught.value)


def test_two_items_with_one_identifier_are_refused_naming_both(
        tmp_path: Path, example_data: dict[str, Any]) -> None:
    items = example_data["activities"][1]["items"]
    items[1]["identifiers"] = ["chassis  lzs-125-88041"]  # spacing and case do not matter
    message = fails(tmp_path, example_data)
    assert message.endswith(
        "activities[1].items[1].identifiers[0]: identifier 'chassis  lzs-125-88041' is also "
        "given at activities[1].items[0].identifiers[0]; an identifier (hull, chassis or "
        "serial number) belongs to one item: correct one of them")
    assert ":" in message.split(" ")[0]  # located at its line and column in the file


def test_the_identifiers_of_the_example_are_each_given_once(darvonia: Any) -> None:
    given = [i for a in darvonia.activities for item in a.items for i in item.identifiers]
    assert len(given) == len(set(given)) == 2


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["phases"].pop(), "phases: a single phase is not a phased delivery; define "
     "two or more phases, or remove phases"),
    (lambda d: d["phases"][1].pop("condition"), "phases[1].condition: phase 'motorbikes' "
     "follows another phase, so it needs the condition IOM confirms before it begins; add "
     "condition:"),
    (lambda d: d["activities"][1].update(phase="later"), "activities[1].phase: unknown phase "
     "'later' (known: motorbikes, post)"),
    (lambda d: d["phases"].append({"id": "spare", "condition": "never"}),
     "phases[2]: no activity or item is delivered in phase 'spare'; give it to an activity "
     "or item (phase: spare), or remove it"),
    (lambda d: d["phases"][1].update(trial=True), "phases[1].trial: phase 'motorbikes' is a "
     "trial but no phase follows it; a trial is reviewed before the next phase begins"),
    (lambda d: d["activities"][0].update(use_restriction="patrols only"),
     "activities[0].use_restriction: restricts the use of donated items but this activity "
     "donates none; remove it, or add the items"),
    (lambda d: d["activities"][4].update(personal_data=False), "activities[4].data: "
     "describes the handling of personal data but personal_data is false; set "
     "personal_data: true, or remove data"),
    (lambda d: d["mitigations"][0].update(recipients=["dpf-essse"]),
     "mitigations[0].recipients[0]: unknown recipient 'dpf-essse' (known: dpf-esse)"),
])
def test_the_new_facts_are_checked_at_their_place(
        tmp_path: Path, example_data: dict[str, Any], change: Any, message: str) -> None:
    change(example_data)
    assert message in fails(tmp_path, example_data)


def test_one_authority_has_one_signatory(tmp_path: Path, example_data: dict[str, Any]) -> None:
    second = copy.deepcopy(example_data["recipients"][0])
    second.update(id="dbg", name="Darvonian Border Guard", category="border_control",
                  authority_signatory={"name": "Someone Else", "title": "Deputy Minister"})
    second.pop("unit")
    example_data["recipients"].append(second)
    assert ("recipients[1].authority_signatory: 'Ministry of Interior of Darvonia' already "
            "has the signatory Marek Dovani, Minister of Interior (recipients[0]); one person "
            "signs the MOU for an authority") in fails(tmp_path, example_data)
    second.pop("authority_signatory")  # given once is enough
    load_project(write_project(tmp_path, example_data))


def test_a_measure_aimed_at_a_recipient_its_risks_do_not_concern_is_refused(
        tmp_path: Path, example_data: dict[str, Any]) -> None:
    second = copy.deepcopy(example_data["recipients"][0])
    second.update(id="dbg", name="Darvonian Border Guard")
    example_data["recipients"].append(second)
    example_data["assessment"]["risks"][0]["recipients"] = ["dpf-esse"]
    example_data["mitigations"][0]["recipients"] = ["dbg"]
    assert ("mitigations[0].recipients[0]: 'dbg' is concerned by none of the risks this "
            "measure addresses (r-ejk)") in fails(tmp_path, example_data)


def test_a_clause_needing_phases_named_without_phases_is_an_input_error(
        tmp_path: Path, example_data: dict[str, Any]) -> None:
    example_data.pop("phases")
    example_data["activities"][1].pop("phase")
    project = load_project(write_project(tmp_path, example_data))
    with pytest.raises(InputError) as caught:
        clauses.check(project)
    assert str(caught.value) == (
        "project definition mitigations[6].clauses[0]: mitigation 'm-phased' names clause "
        "'cond-phased-delivery', which needs phased_delivery: yes, but no support waits for "
        "the condition of a phase; give the project that fact, or remove the clause from "
        "this measure")


def test_every_new_fact_round_trips_through_the_workbook(
        tmp_path: Path, example_data: dict[str, Any]) -> None:
    data = copy.deepcopy(example_data)
    data["project"]["references"]["mou_date"] = "2026-03-12"
    data["visibility"]["waiver_agreed"] = True
    data["phases"][0]["trial"] = True
    data["activities"][1]["items"][1]["phase"] = "post"
    data["mitigations"][5]["recipients"] = ["dpf-esse"]
    data["activities"][4]["data"].pop("sharing_agreement")
    project = load_project(write_project(tmp_path, data))
    path = tmp_path / "ira.xlsx"
    path.write_bytes(workbook.render(project)[0].data)
    assert import_workbook(path) == project
