"""Issue 11, point 7: how each recipient stands to the State, and who the parties are.

A private security company is contracted (or directed) by the authority, never
commanded; a non-State armed group's own leadership is never called a national
authority nor made a party, and the group signs nothing: the MOU is made with the host
government's authority, and no deed is made with the group (hrdd_docs/parties.py).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from cases import base, load, non_state_group, private_security, retentionist_sea_and_detention
from conftest import write_project
from readback import docx_text

from hrdd_docs import assess, clauses, dossier, triggers
from hrdd_docs.cli import cli
from hrdd_docs.errors import InputError
from hrdd_docs.render import deed, mou
from hrdd_docs.vocabulary import RecipientCategory, StateRelation


def mou_text(tmp_path: Path, data: dict) -> str:
    (output,) = mou.render(load(tmp_path, data), clauses.load_library())
    return docx_text(output.data)


@pytest.mark.parametrize(("category", "relation"), [
    ("police", "commanded"), ("coast_guard", "commanded"), ("detention_authority", "commanded"),
    ("private_security", "contracted"), ("non_state_armed_group", "outside_state"),
])
def test_the_relation_defaults_from_the_category(category, relation):
    assert StateRelation.default_for(RecipientCategory(category)) is StateRelation(relation)


def test_a_relation_given_overrides_the_default(tmp_path):
    data = private_security(base())
    data["recipients"][0]["relation"] = "directed"
    text = mou_text(tmp_path, data)
    assert ("The Ministry of Interior of Kestavia, the national authority under whose "
            "direction Sentinel Guarding Ltd operates (“the Authority”),") in text


# A private security company -----------------------------------------------------------------


def test_a_private_security_company_is_contracted_never_commanded(tmp_path):
    data = private_security(base())
    text = mou_text(tmp_path, data)
    assert ("The Ministry of Interior of Kestavia, the national authority under whose "
            "contract Sentinel Guarding Ltd operates (“the Authority”),") in text
    assert "command and control" not in text
    assert "forces under its command" not in text
    # a company's registered name takes no article
    assert "the Sentinel Guarding Ltd" not in text
    assert ("requested by the Ministry of Interior of Kestavia, through the national "
            "authorities named above, and with the knowledge of the Government") in text
    project = load(tmp_path, data)
    (output,) = deed.render(project, clauses.load_library())
    deed_text = docx_text(output.data)
    assert ("Sentinel Guarding Ltd, under contract with the Ministry of Interior of Kestavia "
            "(“the Recipient”).") in deed_text
    assert "under the authority of" not in deed_text
    facts = assess.national_ownership(project).facts
    assert ("Sentinel Guarding Ltd operates under contract with Ministry of Interior of "
            "Kestavia, which is the party to the MOU for it (not as its commander)") in facts


def test_an_authority_with_a_force_and_a_company_names_both_relations(tmp_path):
    data = base()
    data["recipients"].append({
        "id": "sentinel", "name": "Sentinel Guarding Ltd", "category": "private_security",
        "authority": "Ministry of Interior of Kestavia",
        "focal_point": {"name": "Rui Vale", "title": "Operations Manager"}})
    data["activities"][0]["recipients"] = ["kbp", "sentinel"]
    data["activities"][0]["items"][0]["recipient"] = "sentinel"
    text = mou_text(tmp_path, data)
    assert ("The Ministry of Interior of Kestavia, the national authority responsible for the "
            "command and control of the Kestavian Border Police, and under whose contract "
            "Sentinel Guarding Ltd operates (“the Authority”),") in text


# A non-State armed group ------------------------------------------------------------------


def test_a_non_state_group_is_no_party_and_its_council_no_national_authority(tmp_path):
    text = mou_text(tmp_path, non_state_group(base()))
    assert "Supreme Council" not in text
    assert ("The Government of Kestavia, the national authority through which the support to "
            "the Northern Front Militia is requested and coordinated (together “the "
            "Authority”),") in text
    assert ("between the International Organization for Migration, the Ministry of Interior "
            "of Kestavia and the Government of Kestavia concerning") in text
    # the group signs nothing and designates no focal point in the government's MOU
    assert "Northern Front Militia (in acknowledgement)" not in text
    assert "Adem Kor" not in text
    # it is still named as a force the support goes to
    assert "the Northern Front Militia (together “the Supported Forces”)" in text.replace(
        "; and ", " ").split("provided to the Kestavian Border Police ")[1]


def test_the_host_government_authority_can_be_named(tmp_path):
    data = non_state_group(base(), government_authority="Ministry of Defence of Kestavia")
    text = mou_text(tmp_path, data)
    assert ("The Ministry of Defence of Kestavia, the national authority through which the "
            "support to the Northern Front Militia is requested and coordinated") in text
    assert "Government of Kestavia, the national authority" not in text


def test_a_government_authority_for_a_commanded_force_is_refused(tmp_path):
    data = base()
    data["recipients"][0]["government_authority"] = "Ministry of Defence"
    with pytest.raises(InputError) as caught:
        load(tmp_path, data)
    assert ("recipients[0].government_authority: only a recipient outside State structures "
            "takes a government_authority; 'kbp' is under the command and control of a State "
            "authority, so its authority is the party: remove this key, or set relation: "
            "outside_state") in str(caught.value)


def test_no_deed_is_made_with_a_non_state_group_and_the_build_says_why(tmp_path):
    data = non_state_group(base())
    path = write_project(tmp_path, data)
    result = dossier.build(path, tmp_path / "out", today=date(2026, 5, 15))
    names = sorted(d.name for d in result.documents if d.kind == "deed")
    assert names == ["kst-border-deed-kbp.docx"]
    assert ("Action 2(a): no deed of donation to Northern Front Militia: it operates outside "
            "State structures, and IOM makes no agreement with it outside the host "
            "government's arrangement; the MOU with Government of Kestavia covers the items. "
            "To pass ownership, donate them to a State recipient instead") in result.warnings


def test_assess_explains_what_is_made_for_a_non_state_group(runner, tmp_path):
    path = write_project(tmp_path, non_state_group(base()))
    result = runner.invoke(cli, ["assess", str(path), "--as-of", "2026-05-15"])
    assert result.exit_code == 0, result.output
    flat = " ".join(result.stdout.split())
    assert ("- Northern Front Militia operates outside State structures (footnote 8): national "
            "ownership goes through the host government only, so the MOU is made with "
            "Government of Kestavia and Northern Front Militia signs nothing (no MOU "
            "acknowledgement, no deed of donation); its own leadership (Supreme Council of the "
            "Northern Front) is not a party") in flat


def test_a_group_directed_by_the_state_is_a_party_like_a_contractor(tmp_path):
    """Footnote 8: a non-State actor operating on behalf of the State."""
    data = non_state_group(base())
    data["recipients"][1]["relation"] = "directed"
    data["recipients"][1]["authority"] = "Ministry of Interior of Kestavia"
    text = mou_text(tmp_path, data)
    assert ("the national authority responsible for the command and control of the Kestavian "
            "Border Police, and under whose direction the Northern Front Militia operates"
            ) in text
    assert "Northern Front Militia (in acknowledgement)" in text


# Two forces of a retentionist country ------------------------------------------------------


def test_a_coast_guard_and_a_detention_authority_each_under_its_ministry(tmp_path):
    data = retentionist_sea_and_detention(base())
    text = mou_text(tmp_path, data)
    assert ("The Ministry of Defence of Kestavia, the national authority responsible for the "
            "command and control of the Kestavian Coast Guard;") in text
    assert ("The Ministry of Interior of Kestavia, the national authority responsible for the "
            "command and control of the Migrant Reception and Detention Directorate (together "
            "“the Authority”),") in text
    assert "in respect of the forces under its command." in text
    assert "after the project ends" in text  # footnote 15 in a retentionist country
    project = load(tmp_path, data)
    deeds = {o.name: docx_text(o.data) for o in deed.render(project, clauses.load_library())}
    assert ("The Kestavian Coast Guard, under the authority of the Ministry of Defence of "
            "Kestavia (“the Recipient”).") in deeds["kst-sea-deed-kcg.docx"]
    assert ("The Migrant Reception and Detention Directorate, under the authority of the "
            "Ministry of Interior of Kestavia (“the Recipient”).") in deeds["kst-sea-deed-kmd.docx"]


# Trigger facts ---------------------------------------------------------------------------


def test_clauses_can_key_on_the_relation(tmp_path):
    project = load(tmp_path, private_security(base()))
    problems: list = []
    parsed = triggers.parse({"relation_to_state": ["contracted", "directed"]}, ("t",), problems)
    assert problems == [] and parsed is not None
    outcome = triggers.evaluate(parsed, triggers.Context(project, "x"))
    assert outcome.reasons == ("recipient sentinel operates under contract with a State "
                               "authority",)
    assert not triggers.evaluate(parsed, triggers.Context(load(tmp_path, base(), "b.yaml"),
                                                          "x")).fired


def test_relations_round_trip_through_the_workbook(tmp_path):
    from hrdd_docs.render import workbook
    from hrdd_docs.workbook_import import import_workbook

    data = non_state_group(private_security(base()),
                           government_authority="Ministry of Defence of Kestavia")
    data["recipients"][0]["relation"] = "directed"
    project = load(tmp_path, data)
    (output,) = workbook.render(project)
    (tmp_path / "ira.xlsx").write_bytes(output.data)
    back = import_workbook(tmp_path / "ira.xlsx")
    assert back == project
    assert [r.relation_to_state.value for r in back.recipients] == ["directed", "outside_state"]
    assert back.recipients[1].government_authority == "Ministry of Defence of Kestavia"
