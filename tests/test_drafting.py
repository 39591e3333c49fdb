"""The sentences a legal officer sent back from the Darvonia dossier (issue 13, point 8),
each read in the text of the document that carried it."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import write_project
from readback import docx_text

from hrdd_docs import clauses, dossier
from hrdd_docs.loading import load_project
from hrdd_docs.render import deed, mou, waiver


def flat(data: bytes) -> str:
    return " ".join(docx_text(data).split())


def mou_of(tmp_path: Path, data: dict[str, Any], library: Any = None) -> str:
    (output,) = mou.render(load_project(write_project(tmp_path, data)),
                           library or clauses.load_library(None))
    return flat(output.data)


def deed_of(tmp_path: Path, data: dict[str, Any]) -> str:
    (output,) = deed.render(load_project(write_project(tmp_path, data)),
                            clauses.load_library(None))
    return flat(output.data)


@pytest.fixture(scope="module")
def darvonia_mou(darvonia: Any) -> str:
    (output,) = mou.render(darvonia, clauses.load_library(None))
    return flat(output.data)


@pytest.fixture(scope="module")
def darvonia_deed(darvonia: Any) -> str:
    (output,) = deed.render(darvonia, clauses.load_library(None))
    return flat(output.data)


def test_the_mou_allows_the_items_only_the_use_the_measure_sets(darvonia_mou: str) -> None:
    part = darvonia_mou[darvonia_mou.index("Permitted use and care"):]
    part = part[:part.index("No transfer or reassignment")]
    assert ("The donated items shall be used only by the personnel of the force or unit to "
            "which they are donated, and only for community policing in the Natite IDP site "
            "and its surroundings.") in part
    assert "Esse Province" not in part


def test_termination_by_iom_is_what_the_article_on_non_compliance_provides(
        tmp_path: Path, example_data: dict[str, Any], darvonia_mou: str) -> None:
    assert ("IOM may also terminate it with immediate effect, as a last resort, where the "
            "article on the consequences of non-compliance so provides.") in darvonia_mou
    assert "cease the support and terminate this Memorandum by written notice with " \
        "immediate effect" in darvonia_mou
    # the template's own text, used when the library has no such clause, says so too
    library = clauses.load_library(None)
    without = clauses.Library(tuple(c for c in library if c.family != "non_compliance"))
    text = mou_of(tmp_path, example_data, without)
    assert "IOM may cease the support and terminate this Memorandum by written notice" in text


def test_the_phases_and_their_conditions_are_printed_and_the_handover_fits_them(
        darvonia_mou: str, darvonia_deed: str) -> None:
    assert ("(b) Phase 2, which begins once IOM has confirmed that the police post has "
            "operated for three months without a substantiated complaint against its officers: "
            "Two motorbikes and safety equipment for the patrolling unit of the post.") \
        in darvonia_mou
    assert "(a) Phase 1, which begins when this Memorandum enters into force: Construction" \
        in darvonia_mou
    assert ("The Items are handed over in phase 2 of the Project, once IOM has confirmed to "
            "the Recipient in writing that the police post has operated for three months "
            "without a substantiated complaint against its officers.") in darvonia_deed
    assert ("IOM hands over the Items in the phases, and on the conditions, set out in the "
            "article on the conditions of support. Ownership of each Item passes to the "
            "Recipient when that Item is handed over") in darvonia_deed
    assert "trial" not in darvonia_mou and "trial" not in darvonia_deed


def test_without_phases_nothing_speaks_of_phases(tmp_path: Path,
                                                 example_data: dict[str, Any]) -> None:
    example_data.pop("phases")
    example_data["activities"][1].pop("phase")
    example_data["mitigations"][6].pop("clauses")
    text = deed_of(tmp_path, example_data)
    assert "phase" not in text.lower()
    assert ("Ownership of each Item passes to the Recipient when it is handed over, subject "
            "to the conditions of this Deed") in text
    assert "phase" not in mou_of(tmp_path, example_data).lower()


def test_a_trial_phase_is_defined_where_the_trial_is_spoken_of(
        tmp_path: Path, example_data: dict[str, Any]) -> None:
    example_data["phases"][0]["trial"] = True
    text = mou_of(tmp_path, example_data)
    assert ("(a) Phase 1, which begins when this Memorandum enters into force and is "
            "provided on a trial basis:") in text
    assert ("Phase 1 of the support (Construction of a police post") in text
    assert "is provided on a trial basis. Before the next phase begins, IOM and the " \
        "Authority shall review together" in text
    assert "the trial period" not in text


def test_the_waiver_letter_states_the_rating_once(darvonia: Any) -> None:
    (letter,) = waiver.render(darvonia, None)
    text = flat(letter.data)
    why = text[text.index("3. Why IOM makes this request"):text.index("4. The risk")]
    assert why.count("medium overall") == 1
    assert "medium/high" not in why.lower()
    statement = why[why.index("rated high.") + len("rated high."):why.index("The parts")]
    assert not any(word in statement.lower() for word in ("low", "medium", "high"))


@pytest.mark.parametrize("location", ["the Natite IDP site", "Natite"])
def test_places_read_right_with_or_without_their_article(
        tmp_path: Path, example_data: dict[str, Any], location: str) -> None:
    example_data["project"]["locations"] = [location, "Esse Province"]
    example_data["activities"][1].pop("use_restriction")
    text = mou_of(tmp_path, example_data)
    assert f"implemented in {location} and Esse Province." in text
    assert f"only for that activity, in {location} and Esse Province" not in text  # one use
    assert f"in {location} and Esse Province." in deed_of(tmp_path, example_data)
    assert " the the " not in text.lower()


def test_the_mou_subtitle_quotes_the_project_title(darvonia_mou: str) -> None:
    assert ("between the International Organization for Migration and the Ministry of "
            "Interior of Darvonia concerning the project “Support to police in Darvonja/Esse "
            "Province”") in darvonia_mou


def test_a_deed_speaks_of_no_premises_and_of_the_items_by_their_defined_name(
        darvonia_deed: str) -> None:
    assert "premises" not in darvonia_deed.lower()
    assert "facility" not in darvonia_deed.lower()
    body = darvonia_deed[darvonia_deed.index("(the “Items”)"):]
    assert "donated item" not in body and " the items " not in body


def test_a_deed_articles_heading_matches_its_content(darvonia_deed: str) -> None:
    part = darvonia_deed[darvonia_deed.index("Reporting, inspection and access"):]
    part = part[:part.index("Branding and visibility")]
    assert "shall report to IOM in writing every three months" in part
    assert "shall have access on forty-eight hours' notice" in part
    assert "Inspection and access" not in darvonia_deed


def test_the_monitoring_article_does_not_repeat_its_first_section(
        tmp_path: Path, example_data: dict[str, Any], darvonia_mou: str) -> None:
    duty = "inform IOM without delay of any allegation of a grave violation"
    assert darvonia_mou.count(duty) == 1
    # said in the article's own words only when no reporting clause says it
    library = clauses.load_library(None)
    without = clauses.Library(tuple(c for c in library if c.family != "monitoring"))
    assert mou_of(tmp_path, example_data, without).count(duty) == 1


@pytest.mark.parametrize(("signed", "expected"), [
    (None, "(reference IOM-DV/MOU/2026/07), and is to be read together with it."),
    ("2026-03-12", "(reference IOM-DV/MOU/2026/07, signed on 12 March 2026), and is to be "
                   "read together with it."),
])
def test_the_deed_cites_the_mou_it_implements(
        tmp_path: Path, example_data: dict[str, Any], signed: str | None, expected: str) -> None:
    if signed:
        example_data["project"]["references"]["mou_date"] = signed
    text = deed_of(tmp_path, example_data)
    assert ("This Deed is made under the Memorandum of Understanding between the "
            "International Organization for Migration and the Ministry of Interior of "
            "Darvonia concerning the Project " + expected) in text


def test_each_authority_signs_by_its_own_signatory(darvonia_mou: str) -> None:
    block = darvonia_mou[darvonia_mou.index("For the Ministry of Interior of Darvonia"):]
    block = block[:block.index("Place:")]
    assert block.endswith("Signature: _______________________________ Name: Marek Dovani "
                          "Title: Minister of Interior Date: _______________________________ ")


def test_a_missing_signatory_is_a_build_warning_not_a_silent_blank(
        tmp_path: Path, example_data: dict[str, Any]) -> None:
    example_data["recipients"][0].pop("authority_signatory")
    out = tmp_path / "out"
    result = dossier.build(write_project(tmp_path, example_data), out, only={"mou"})
    warning = ("drv-esse-police-mou.docx: the MOU's signature block for the Ministry of "
               "Interior of Darvonia has no name or title, to be completed by hand; give the "
               "signatory as recipients[0].authority_signatory (name, title)")
    assert warning in result.warnings
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert warning in manifest["warnings"]
    assert manifest["documents"][0]["notes"] == [warning.split(": ", 1)[1]]


@pytest.mark.parametrize(("branding", "clause"), [("minimal", "carries only minimal"),
                                                   ("none", "carries a logo, name or emblem")])
def test_branding_clauses_are_subject_to_the_donors_agreement_until_it_is_given(
        tmp_path: Path, example_data: dict[str, Any], branding: str, clause: str) -> None:
    example_data["visibility"]["branding"] = branding
    before = mou_of(tmp_path, example_data)
    subject = "Subject to the written agreement of the donors concerned, "
    assert subject in before and clause in before
    agreed = copy.deepcopy(example_data)
    agreed["visibility"]["waiver_agreed"] = True
    after = mou_of(tmp_path, agreed)
    assert subject not in after and clause in after
    assert subject not in deed_of(tmp_path, agreed)


def test_an_item_can_have_its_own_phase(tmp_path: Path, example_data: dict[str, Any]) -> None:
    """Phases are given per activity or per item: the helmets go with the post."""
    example_data["activities"][1]["items"][1]["phase"] = "post"
    text = deed_of(tmp_path, example_data)
    assert ("(a) Item 2 of the schedule, in phase 1, when this Deed takes effect; (b) Items 1 "
            "and 3 of the schedule, in phase 2, once IOM has confirmed that the police post "
            "has operated for three months") in text
    mou_words = mou_of(tmp_path, example_data)
    phase_one = mou_words[mou_words.index("(a) Phase 1"):mou_words.index("(b) Phase 2")]
    assert "Motorcycle helmet, certified" in phase_one
