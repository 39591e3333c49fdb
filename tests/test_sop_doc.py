"""The procedure sheet (Box 7) read back from the .docx with python-docx (issue 6)."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import write_project
from readback import paragraphs

from hrdd_docs import resources
from hrdd_docs.loading import load_project
from hrdd_docs.outputs import Audience, BuildInfo
from hrdd_docs.render import sop
from hrdd_docs.render.docx import template_variables

AS_OF = BuildInfo(date(2026, 11, 27), ("sop",))
"""Periods 1 and 2 of the example have ended; the sheet is dated by the build."""


def sheet(project, build=AS_OF) -> str:
    (output,) = sop.render(project, build=build)
    return "\n".join(paragraphs(output.data))


@pytest.fixture(scope="module")
def darvonia_text(darvonia) -> str:
    return sheet(darvonia)


def test_output_is_internal(darvonia):
    (output,) = sop.render(darvonia, build=AS_OF)
    assert output.name == "drv-esse-police-procedure.docx"
    assert output.kind == "sop"
    assert output.audience is Audience.internal
    assert output.notes == ()


def test_rebuild_is_byte_identical(darvonia):
    assert sop.render(darvonia, build=AS_OF)[0].data == sop.render(darvonia, build=AS_OF)[0].data


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_template_reads_only_what_the_renderer_gives(darvonia, language):
    template = resources.folder("templates", "sop", f"template.{language}.docx")
    given = set(sop.context(darvonia, sop.sheet_date(darvonia, AS_OF), language))
    assert template_variables(template) <= given


def test_header_block(darvonia_text):
    lines = darvonia_text.split("\n")
    assert "Support to police in Darvonja/Esse Province" in lines
    assert "Medium/High" in lines
    assert "Kasheea Atalla, Project Manager, Community Stabilization" in lines
    assert "Focal point in the Darvonian Police Force, Esse Province Command" in lines
    assert "Commander Itano Selsami, Commander of Esse Province" in lines
    assert "Amara Okonjo, Chief of Mission" in lines
    assert ("Final rating medium in the assessment of 15 January 2026; the highest element "
            "is rated high. Endorsed by Amara Okonjo, Chief of Mission and Head of Office, on "
            "2 February 2026.") in lines
    assert "HRDDP, Action 7 · Status as of 27 November 2026" in lines


def test_checklist_is_ticked(darvonia_text):
    assert darvonia_text.count("☑") == 3
    assert "☐  Address" in darvonia_text  # only the courses of action are open boxes
    assert "Until every line is ticked" not in darvonia_text


def test_procedure_flow(darvonia_text):
    lines = darvonia_text.split("\n")
    for step in ("Step 1 · Violations detected through due diligence monitoring",
                 "Step 2 · The responsible person informs the Programme Manager and the COM",
                 "Step 3 · Course of action agreed with the COM (one or more)",
                 "Step 4 · Result A", "Step 4 · Result B"):
        assert step in lines
    for course in ("Address through strengthening of mitigation measures",
                   "Address through reporting to the appropriate oversight or accountability "
                   "body",
                   "Address through the agreed communication channels with the focal point",
                   "Address through exclusion of specific individuals or units"):
        assert f"☐  {course}" in lines
    assert "→ Continue the activities, or resume them if they were suspended." in lines
    assert ("→ Suspend the activities, and agree to resume them only once the violations are "
            "addressed.") in lines
    assert "• If the violations are then addressed: resume the activities." in lines
    assert ("• If the violations continue: the responsible person informs the COM, and "
            "activities cease only with the COM's agreement; the COM communicates the decision "
            "to the government.") in lines
    assert darvonia_text.count("↓") == 4
    assert ("The Project Manager informs the Programme Manager in writing within 48 hours of a "
            "detected violation; the Programme Manager briefs the Chief of Mission within a "
            "week.") in lines
    assert ("Suspend when: The violation is not addressed within 30 days of the agreed course "
            "of action, or it continues.") in lines


def test_monitoring_and_reassessment(darvonia_text):
    assert "Due diligence monitoring runs in periods of three months" in darvonia_text
    assert "through the five monitoring indicators measured every three months" in darvonia_text
    assert "1\n1 March 2026\n31 May 2026\nResults recorded" in darvonia_text
    assert "6\n1 June 2027\n31 August 2027\nNot yet due" in darvonia_text
    assert "due 15 January 2027." in darvonia_text


def test_incident_log(darvonia_text):
    assert ("14 July 2026\nAn officer at the post was reported to have asked IDP women for "
            "payment for an escort to the market.\nRecipient: Darvonian Police Force, Esse "
            "Province Command. Source: Grievance mechanism.\nAddress through the agreed "
            "communication channels with the focal point\n") in darvonia_text
    assert "Result A: addressed; activities continue\nOn 5 August 2026" in darvonia_text


def test_unticked_checklist_says_what_is_missing(tmp_path, example_data):
    del example_data["assessment"]["endorsement"]
    example_data["monitoring"]["indicators"] = []
    text = sheet(load_project(write_project(tmp_path, example_data)))
    assert text.count("☑") == 1
    assert "☐\nRisk assessment completed\nNot yet\n– the Head of Office has not endorsed the " \
        "assessment (assessment.endorsement)" in text
    assert "– no monitoring indicator is defined, so Kasheea Atalla has nothing to monitor " \
        "(monitoring.indicators)" in text
    assert "Until every line is ticked" in text
    assert "Not yet endorsed by the Head of Office." in text


def test_notes_report_unticked_lines(tmp_path, example_data):
    example_data["monitoring"]["indicators"] = []
    (output,) = sop.render(load_project(write_project(tmp_path, example_data)), build=AS_OF)
    assert output.notes == (
        "procedure sheet: 'Due diligence monitoring ongoing' is not ticked: no monitoring "
        "indicator is defined, so Kasheea Atalla has nothing to monitor "
        "(monitoring.indicators)",
    )


def test_country_mechanism_variant(tmp_path, example_data):
    example_data["country_mechanism"] = {
        "exists": True, "iom_participates": True,
        "senior_un_official": "the Resident Coordinator", "sop_reference": "RC/HRDDP/SOP/2024",
    }
    text = sheet(load_project(write_project(tmp_path, example_data)))
    assert ("A UN HRDDP country mechanism exists and IOM participates in it: the HRDDP country "
            "SOPs (RC/HRDDP/SOP/2024) apply, and the Resident Coordinator formally communicates "
            "any cessation of support") in text
    assert ("Under the HRDDP country SOPs (RC/HRDDP/SOP/2024), the course of action is "
            "coordinated with the UN HRDDP country mechanism.") in text
    assert "cessation is agreed there and the Resident Coordinator communicates it." in text
    assert "the COM communicates the decision to the government" not in text


def test_without_log_programme_manager_or_thresholds(tmp_path, example_data):
    example_data["procedure"] = {}
    text = sheet(load_project(write_project(tmp_path, example_data)))
    assert "No incident has been recorded." in text
    assert "Programme Manager\n" not in text
    assert "When to suspend or cease" not in text
    assert ("Kasheea Atalla informs the Programme Manager in writing as soon as a violation is "
            "detected") in text


def test_user_text_is_data(tmp_path, example_data):
    example_data["project"]["title"] = "Police & <w:p> {{ 7*7 }} «Ésse»"
    text = sheet(load_project(write_project(tmp_path, example_data)))
    assert "Police & <w:p> {{ 7*7 }} «Ésse»" in text.split("\n")


def test_two_forces_and_a_country_mechanism(tmp_path):
    """The second project (tests/qalmaria.py): a focal point whose name carries a French
    rank, the mechanism's official with its article, a pending incident not left blank."""
    from qalmaria import qalmaria_project

    text = sheet(qalmaria_project(tmp_path))
    lines = text.split("\n")
    assert "Focal point in the Qalmarian Coast Guard" in lines
    assert ("Capitaine de frégate Amélie Benchekroun-Faure, Commander of the Southern Maritime "
            "District") in lines
    assert "Commander Capitaine" not in text
    assert "and the Resident Coordinator formally communicates any cessation" in text
    assert "cessation is agreed there and the Resident Coordinator communicates it." in text
    pending = lines.index("Biometric records reportedly shared with a third country")
    assert lines[pending + 2:pending + 5] == [
        "Address through the agreed communication channels with the focal point",
        "Not yet recorded", "Pending"]
