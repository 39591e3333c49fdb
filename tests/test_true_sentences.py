"""Sentences of the agreements that state a fact are printed only where the project holds
that fact: a review of the clause texts on projects unlike the example."""

from __future__ import annotations

from pathlib import Path

from cases import base, load, retentionist_sea_and_detention
from readback import docx_text

from hrdd_docs import clauses
from hrdd_docs.render import mou


def mou_text(tmp_path: Path, data: dict) -> str:
    (output,) = mou.render(load(tmp_path, data), clauses.load_library())
    return docx_text(output.data)


def medium(data: dict) -> dict:
    data["assessment"]["final"]["rating"] = "medium"
    return data


def test_the_complaints_clause_commits_iom_and_claims_no_mechanism_exists(tmp_path):
    """Action 5(4): a medium rating calls for a complaints mechanism; the project file
    records none, so the MOU cannot say one "established for the project" exists. It
    commits IOM to make one available and the Authority to cooperate with it."""
    data = medium(retentionist_sea_and_detention(base()))
    assert not [m for m in data["mitigations"] if "grievance" in m.get("type", "")]
    text = mou_text(tmp_path, data)
    assert "IOM shall make available for the Project a complaints mechanism" in text
    assert "cooperate with that mechanism" in text
    assert "established for the project" not in text


def test_reduced_branding_claims_no_request_the_toolkit_did_not_make(tmp_path):
    """Box 5: with exempt-only support and no assessment no waiver letter is made, so no
    agreement may say that IOM "has requested" the donors' agreement; the condition of
    their written agreement stands in every case."""
    from cases import exempt_only

    from hrdd_docs import waiver
    from hrdd_docs.render import deed

    data = exempt_only(base())
    data["activities"][0]["items"] = [{"description": "Refugee-law handbook", "quantity": 40,
                                       "unit_value": "12.00", "currency": "USD"}]
    data["visibility"] = {"branding": "minimal", "donors": ["donor-a"],
                          "requirements": ["vr-logo"], "justification": "A low profile",
                          "alternative_acknowledgement": "In the donor's annual report"}
    project = load(tmp_path, data)
    assert waiver.letters(project) == []
    (output,) = deed.render(project, clauses.load_library())
    text = docx_text(output.data)
    assert "Subject to the written agreement of the donors concerned, anything" in text
    assert "requested" not in text


def test_financial_support_binds_the_use_accounts_and_refund_of_the_funds(tmp_path):
    """Action 1 counts financial support (salaries, bursaries, allowances, expenses) as
    support: an MOU for it binds the funds as it binds donated items; one without it
    says nothing of funds."""
    data = base()
    plain = mou_text(tmp_path, data)
    assert "Funds that IOM provides" not in plain
    data["activities"].append({
        "id": "allowances", "kind": "financial", "recipients": ["kbp"],
        "description": "Daily allowances of border officers during the training cycle"})
    text = mou_text(tmp_path, data)
    assert ("Funds that IOM provides under this Memorandum, including any payment of "
            "salaries, bursaries, allowances or expenses, shall be used only for the "
            "purposes and the persons that the Project provides for") in text
    assert ("The Authority shall keep separate and complete accounts of those funds" in text)
    assert "any amount not used as this Memorandum provides" in text


def test_operational_support_to_a_police_force_brings_the_no_combat_clause(tmp_path):
    """Action 1: operational support (fire support, strategic or tactical planning) is the
    support nearest to combat; it binds the no-hostilities clause whatever the force."""
    data = base()
    assert "not intended to enhance capacity for combat" not in mou_text(tmp_path, data)
    data["activities"].append({
        "id": "planning", "kind": "operational", "recipients": ["kbp"],
        "description": "Planning support for joint patrols at the Orvel crossing"})
    assert "The support is not intended to enhance capacity for combat." in mou_text(
        tmp_path, data)
