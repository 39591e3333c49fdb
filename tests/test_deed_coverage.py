"""Every deed carries what its items and recipient call for (issue 13, points 1, 2, 5-7).

Each family that reaches the deed is read in the text of a deed whose items or
recipient call for it, and found absent from one that does not call for it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from readback import docx_text
from small_projects import (
    BIOMETRIC_KITS,
    BORDER,
    CENTRE_EQUIPMENT,
    COAST_GUARD,
    GUARD_RADIOS,
    PATROL_BOAT,
    RECEPTION,
    RECEPTION_CENTRE,
    SECURITY_COMPANY,
    data,
    load,
)

from hrdd_docs import clauses
from hrdd_docs.model import Project
from hrdd_docs.render import deed, mou


def deeds(project: Project) -> dict[str, tuple[list[str], str]]:
    """Recipient id → (the clause ids of its deed, the deed's text)."""
    library = clauses.load_library(None)
    return {output.recipient or "": ([s.clause.id for s in output.clauses],
                                     " ".join(docx_text(output.data).split()))
            for output in deed.render(project, library)}


def mou_text(project: Project) -> str:
    (output,) = mou.render(project, clauses.load_library(None))
    return " ".join(docx_text(output.data).split())


@pytest.fixture(scope="module")
def port(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """A coast guard with patrol boats, a reception authority that holds migrants, a
    border police with a biometric registration system: one project, three deeds."""
    return load(tmp_path_factory.mktemp("port"), data(
        [COAST_GUARD, RECEPTION, BORDER],
        [PATROL_BOAT, RECEPTION_CENTRE, CENTRE_EQUIPMENT, BIOMETRIC_KITS]))


@pytest.fixture(scope="module")
def port_deeds(port: Project) -> dict[str, tuple[list[str], str]]:
    return deeds(port)


def test_the_coast_guard_deed_binds_it_on_refoulement_rescue_and_force(
        port_deeds: dict[str, Any]) -> None:
    ids, text = port_deeds["mcg"]
    for expected in ("protect-non-refoulement", "border-rescue-at-sea", "border-no-pushback",
                     "border-asylum-access", "border-identification-referral",
                     "force-principles", "weapons-items-unarmed"):
        assert expected in ids, expected
    assert "The Recipient shall respect the principle of non-refoulement." in text
    assert ("disembark them, as soon as reasonably practicable, in a place of safety" in text)
    assert "to push back, tow back or escort away persons" in text
    assert "shall have access to the asylum procedure of Marenia" in text
    assert "unaccompanied and separated children, victims of trafficking in persons" in text
    assert "United Nations Basic Principles on the Use of Force and Firearms" in text
    # nothing its boats do not call for
    for absent in ("data-items", "detention-migrants", "detention-treatment", "psc-contractor",
                   "force-private-security"):
        assert absent not in ids, absent
    assert "personal data" not in text.lower()
    assert "private security" not in text.lower()


def test_the_reception_authority_deed_binds_it_on_custody_and_immigration_detention(
        port_deeds: dict[str, Any]) -> None:
    ids, text = port_deeds["mra"]
    for expected in ("detention-treatment", "detention-migrants", "protect-non-refoulement",
                     "border-asylum-access", "border-identification-referral",
                     "force-principles"):
        assert expected in ids, expected
    # Action 5(5): the standards it names, and alternatives to detention
    for standard in ("the Nelson Mandela Rules", "the Bangkok Rules",
                     "UNHCR Guidelines on the Applicable Criteria and Standards relating to "
                     "the Detention of Asylum-Seekers and Alternatives to Detention",
                     "IOM guidelines on border management and detention procedures involving "
                     "migrants", "after alternatives to detention"):
        assert standard in text, standard
    # administrative detention is not worded as criminal procedure
    assert "Such detention is an administrative measure, never a punishment." in text
    assert "apart from persons charged with or convicted of a criminal offence" in text
    assert "tell each person the reasons for the arrest" not in text
    # a reception authority is neither at sea nor at a border crossing
    for absent in ("border-rescue-at-sea", "border-no-pushback", "data-items"):
        assert absent not in ids, absent


def test_the_registration_deed_carries_the_data_facts_and_their_retention(
        port_deeds: dict[str, Any]) -> None:
    ids, text = port_deeds["mbp"]
    assert "data-items" in ids
    assert "in accordance with the IOM Data Protection Principles" in text
    assert "collection, processing, storage, analysis, sharing and disposal" in text
    assert ("the data are names, dates of birth, fingerprints and facial images; they are "
            "handled for the registration of persons arriving by sea at Port Lerin, on the "
            "legal basis of the Aliens Act 2021, section 8, and kept for ten years from "
            "registration. They may be received only by IOM and the Recipient, and by the "
            "Ministry of Interior of Marenia.") in text
    assert "data-sharing agreement MAR/DSA/2027/03" in text
    assert "Biometric data shall be collected only where strictly necessary" in text
    # the system outlives the project: retention is the stated period, not the project's end
    start = text.index("Personal data collected with the Items")
    part = text[start:text.index("Article", start)]
    assert "ten years from registration" in part
    assert "30 June 2028" not in part and "project ends" not in part


def test_each_deed_carries_only_its_own_recipients_facts(port: Project,
                                                         port_deeds: dict[str, Any]) -> None:
    assert set(port_deeds) == {"mcg", "mra", "mbp"}
    assert "Patrol boat" not in port_deeds["mra"][1]
    assert "Bunk bed" not in port_deeds["mcg"][1]
    # the MOU binds the authorities on all of it
    text = mou_text(port)
    for words in ("place of safety", "Such detention is an administrative measure",
                  "ten years from registration", "non-refoulement"):
        assert words in text, words


def test_custody_clauses_follow_premises_that_hold_people_whoever_the_recipient(
        tmp_path: Path) -> None:
    cell = {**RECEPTION_CENTRE, "recipients": ["mbp"], "id": "cell",
            "description": "A holding room at the Port Lerin border post"}
    desks = {**GUARD_RADIOS, "recipients": ["mbp"], "id": "desks"}
    holding = deeds(load(tmp_path, data([BORDER], [cell, desks])))["mbp"]
    assert "detention-treatment" in holding[0]
    assert "Every person deprived of liberty with the help of the support" in holding[1]
    cell["holds_people"] = False
    plain = deeds(load(tmp_path, data([BORDER], [cell, desks])))["mbp"]
    assert "detention-treatment" not in plain[0]
    assert "deprived of liberty" not in plain[1]


def test_a_private_security_company_is_bound_as_the_state_authoritys_contractor(
        tmp_path: Path) -> None:
    project = load(tmp_path, data([SECURITY_COMPANY], [GUARD_RADIOS]))
    ids, text = deeds(project)["guards"]
    for expected in ("psc-contractor", "psc-vetting", "force-private-security"):
        assert expected in ids, expected
    assert ("The Recipient receives the Items as a private security company that provides "
            "security services under its contract with the Ministry of Ports of Marenia, "
            "and only for the performance of that contract.") in text
    assert "International Code of Conduct for Private Security Service Providers" in text
    assert "Montreux Document" in text
    assert "minimum necessary and proportionate to the threat" in text
    assert "has been vetted before being so assigned" in text
    # the law-enforcement principles are for State forces; the company has its own
    assert "force-principles" not in ids
    mou_words = mou_text(project)
    assert "exercise over the company the responsibilities of a contracting State" in mou_words
    assert "Montreux Document on pertinent international legal obligations" in mou_words
    # a State force's deed says nothing of it
    other = deeds(load(tmp_path, data([BORDER], [{**GUARD_RADIOS, "recipients": ["mbp"]}])))
    assert not {"psc-contractor", "psc-vetting", "force-private-security"} & set(
        other["mbp"][0])
    assert "Montreux" not in other["mbp"][1]


@pytest.mark.parametrize(("family", "clause_id", "change", "words"), [
    ("training_conduct", "train-items-users",
     lambda d: d["activities"].append({"id": "course", "kind": "training",
                                       "description": "Rescue training",
                                       "recipients": ["mcg"]}),
     "The Recipient shall entrust the Items only to personnel who have been trained"),
    ("training_conduct", "conduct-items-code",
     lambda d: d["assessment"]["final"].update(rating="medium"),
     "bound by a written code of conduct"),
    ("training_conduct", "conduct-items-no-extortion", lambda d: _risk(d, "corruption"),
     "to ask for or obtain money, gifts or favours"),
    ("gender", "gender-items-sgbv", lambda d: _risk(d, "sgbv"),
     "It shall withdraw the Items from any person under investigation for such conduct"),
    ("gender", "gender-non-discrimination", lambda d: _risk(d, "discrimination"),
     "sex, gender identity, sexual orientation, race, colour"),
    ("accountability", "acc-cooperate-investigations",
     lambda d: d["assessment"]["final"].update(rating="medium"),
     "The Recipient shall cooperate fully with any investigation"),
    ("accountability", "acc-corrective-measures", lambda d: _risk(d, "impunity"),
     "refer any conduct that may constitute a criminal offence to the competent authorities"),
    ("protection", "protect-children", lambda d: _risk(d, "child_rights"),
     "the best interests of the child shall be a primary consideration"),
    ("rescue_border", "border-rescue-at-sea", None,
     "render assistance without delay to every person found in distress at sea"),
    ("use_of_force", "force-principles", None, "use force only when strictly necessary"),
])
def test_a_family_reaches_the_deed_when_called_for_and_not_otherwise(
        tmp_path: Path, family: str, clause_id: str, change: Any, words: str) -> None:
    """The coast guard's deed, first without the fact, then with it."""
    calm = data([{**COAST_GUARD, "category": "civilian_authority"}], [PATROL_BOAT])
    ids, text = deeds(load(tmp_path, calm))["mcg"]
    assert clause_id not in ids and words not in text
    called = data([COAST_GUARD], [PATROL_BOAT])
    if change is not None:
        change(called)
    ids, text = deeds(load(tmp_path, called))["mcg"]
    assert clause_id in ids and words in text
    assert clauses.load_library().get(clause_id).family == family  # type: ignore[union-attr]


def _risk(project: dict[str, Any], tag: str) -> None:
    project["assessment"]["risks"].append({
        "id": f"r-{tag.replace('_', '-')}", "description": "A risk", "element": "project_risks",
        "likelihood": "low", "impact": "low", "tags": [tag]})


def test_a_measure_aimed_at_the_coast_guard_does_not_bind_the_reception_authority(
        tmp_path: Path) -> None:
    """Point 4: mitigations[].recipients puts the clause it names into those deeds only;
    the MOU carries it, saying which force it concerns."""
    project = data([COAST_GUARD, RECEPTION], [PATROL_BOAT, CENTRE_EQUIPMENT], rating="medium",
                   risks=[{"id": "r-sea", "description": "Push-backs at sea",
                           "element": "project_risks", "likelihood": "medium",
                           "impact": "high", "tags": ["pushback"]}],
                   mitigations=[{"id": "m-monthly", "type": "communications_agreement",
                                 "description": "Monthly reporting by the coast guard",
                                 "addresses": ["r-sea"], "owner": "Project Manager",
                                 "budgeted": False, "clauses": ["mon-reporting-monthly"],
                                 "recipients": ["mcg"]}])
    loaded = load(tmp_path, project)
    found = deeds(loaded)
    assert "mon-reporting-monthly" in found["mcg"][0]
    assert "every month" in found["mcg"][1]
    assert "mon-reporting-monthly" not in found["mra"][0]
    assert "mon-reporting-quarterly" in found["mra"][0]
    assert "every month" not in found["mra"][1]
    text = mou_text(loaded)
    assert "report to IOM in writing every three months" in text  # the general obligation
    monthly = text.index("report to IOM in writing every month")
    assert text.index("This section concerns only the support to the Marenian Coast Guard.",
                      monthly) > monthly
    selected = {s.clause.id: s for s in clauses.select(loaded, "mou")}
    assert selected["mon-reporting-monthly"].scope == ("Marenian Coast Guard",)
    assert selected["mon-reporting-monthly"].reasons == (
        "mitigation m-monthly names this clause (for mcg)",)
    assert selected["mon-reporting-quarterly"].scope == ()
    # aimed at every recipient, the measure is no longer limited: no scope sentence
    project["mitigations"][0]["recipients"] = ["mcg", "mra"]
    assert "This section concerns only" not in mou_text(load(tmp_path, project))


def test_no_deed_speaks_of_premises_it_does_not_give(port_deeds: dict[str, Any]) -> None:
    for recipient, (_, text) in port_deeds.items():
        assert "premises" not in text.lower(), recipient
