"""Box 5: which donors get a letter, and how much of the findings each letter shows."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import write_project

from hrdd_docs import waiver
from hrdd_docs.errors import InputError
from hrdd_docs.loading import load_project
from hrdd_docs.vocabulary import DisclosureLevel

MARK_FINDING = "ZZ-FINDING-7731"
MARK_RISK = "ZZ-RISK-4410"


def _marked(tmp_path, data, level):
    data["visibility"]["justification_level"] = level
    record = data["assessment"]["elements"]["recipient_record"]
    record["findings"] += f" {MARK_FINDING}"
    data["assessment"]["risks"][0]["description"] += f" {MARK_RISK}"
    return load_project(write_project(tmp_path, data))


def test_darvonia_has_one_letter_for_norland(example_path):
    (letter,) = waiver.letters(load_project(example_path))
    assert letter.donor.name == "Ministry of Foreign Affairs of Norland"
    assert [r.description for r in letter.requirements] == [
        "Donor and IOM logos on all vehicles and equipment provided",
        "Signboard at the construction site naming the donor and IOM",
        "Public handover ceremony with press coverage",
    ]
    assert letter.until == date(2029, 8, 31)
    assert letter.alternative.startswith("Norland will be acknowledged in progress reports")


def test_darvonia_discloses_factors(example_path):
    shown = waiver.disclosure(load_project(example_path))
    assert shown.level is DisclosureLevel.factors
    assert shown.rating == "Medium/High"
    assert [(f.element, f.rating) for f in shown.factors] == [
        ("Record of the recipient on international humanitarian, human rights and refugee law",
         "high"),
        ("Legislative framework and applicable standards", "high"),
        ("General human rights situation and rule of law in the country", "medium"),
        ("Accountability of individual perpetrators", "medium"),
        ("Corrective measures, institutions and procedures", "medium"),
        ("Risks inherent to the project activities", "medium"),
    ]
    assert shown.risks == () and shown.evidence == ()


def test_no_letter_when_branding_is_standard(tmp_path, example_data):
    example_data["visibility"] = {"branding": "standard"}
    project = load_project(write_project(tmp_path, example_data))
    assert waiver.letters(project) == []
    assert waiver.not_requested_note(project) == (
        "No visibility-waiver letter: visibility.branding is 'standard', so no donor is "
        "asked to waive its visibility requirements (Box 5)."
    )


def test_no_note_when_a_waiver_is_requested(example_path):
    assert waiver.not_requested_note(load_project(example_path)) is None


@pytest.mark.parametrize(
    ("level", "risk_shown", "finding_shown"),
    [
        ("rating", False, False),
        ("factors", False, False),
        ("summary", True, False),
        ("evidence", True, True),
    ],
)
def test_level_controls_what_the_donor_sees(tmp_path, example_data, level, risk_shown,
                                            finding_shown):
    shown = waiver.disclosure(_marked(tmp_path, example_data, level))
    text = repr(shown)
    assert (MARK_RISK in text) is risk_shown
    assert (MARK_FINDING in text) is finding_shown
    assert bool(shown.factors) is (level != "rating")


def test_evidence_keeps_findings_and_sources(tmp_path, example_data):
    shown = waiver.disclosure(_marked(tmp_path, example_data, "evidence"))
    first = shown.evidence[0]
    assert first.rating == "high"
    assert first.findings.endswith(MARK_FINDING)
    assert first.sources == ("Human-rights organization report on Esse Province",
                             "IOM protection monitoring 2025")


def test_summary_lists_medium_and_high_risks_highest_first(tmp_path, example_data):
    shown = waiver.disclosure(_marked(tmp_path, example_data, "summary"))
    assert [r.level for r in shown.risks] == ["high"] * 2 + ["medium"] * 4
    assert shown.risks[2].description.startswith("Motorbikes used outside community policing")
    assert "r-misuse" not in repr(shown)  # risk ids are internal


def test_donor_without_a_listed_requirement_is_refused(tmp_path, example_data):
    example_data["visibility"]["donors"] = ["norland-mfa", "aldoria-aic"]
    project = load_project(write_project(tmp_path, example_data))
    with pytest.raises(InputError) as caught:
        waiver.letters(project)
    assert str(caught.value) == (
        "project file visibility.donors[1]: none of visibility.requirements belongs to donor "
        "'aldoria-aic', so its letter would ask to waive nothing; add one of its requirements "
        "(vr-reports) or remove the donor from visibility.donors"
    )
