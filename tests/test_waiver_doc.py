"""The visibility-waiver letter (Box 5) read back from the .docx with python-docx (issue 6)."""

from __future__ import annotations

import pytest
from conftest import write_project
from readback import paragraphs

from hrdd_docs import resources
from hrdd_docs.loading import load_project
from hrdd_docs.outputs import Audience
from hrdd_docs.render import waiver as render_waiver
from hrdd_docs.render.docx import template_variables

MARK_FINDING = "ZZ-FINDING-7731"
MARK_RISK = "ZZ-RISK-4410"


def letter_text(project) -> str:
    (output,) = render_waiver.render(project)
    return "\n".join(paragraphs(output.data))


@pytest.fixture(scope="module")
def darvonia_text(darvonia) -> str:
    return letter_text(darvonia)


def test_one_donor_facing_letter(darvonia):
    (output,) = render_waiver.render(darvonia)
    assert output.name == "drv-esse-police-visibility-waiver-norland-mfa.docx"
    assert output.kind == "visibility_waiver"
    assert output.audience is Audience.donor
    assert render_waiver.render(darvonia)[0].data == output.data  # byte-stable


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_template_reads_only_what_the_renderer_gives(darvonia, language):
    from hrdd_docs import localized, waiver

    template = resources.folder("templates", "visibility_waiver", f"template.{language}.docx")
    (letter,) = waiver.letters(darvonia)
    with localized.documents_of(darvonia):
        given = set(render_waiver.context(darvonia, letter, language))
    assert template_variables(template) <= given


def test_addressed_to_the_donor_contact(darvonia_text):
    lines = darvonia_text.split("\n")
    assert lines[:4] == ["Liv Aamodt", "Programme Officer", "Stabilization Unit",
                         "Ministry of Foreign Affairs of Norland"]
    assert "Dear Liv Aamodt," in lines
    assert ("Subject: request to waive visibility requirements, agreement NOR-MFA-2025-3318, "
            "“Support to police in Darvonja/Esse Province”") in lines
    assert "with funding from the Ministry of Foreign Affairs of Norland under agreement " \
        "NOR-MFA-2025-3318" in darvonia_text
    assert "asks the Ministry of Foreign Affairs of Norland to reduce to a minimum these " \
        "requirements" in darvonia_text


def test_requirements_scope_and_period(darvonia_text):
    lines = darvonia_text.split("\n")
    for expected in ("Donor and IOM logos on all vehicles and equipment provided",
                     "Signboard at the construction site naming the donor and IOM",
                     "Public handover ceremony with press coverage",
                     "the two motorbikes and safety equipment",
                     "the police post near the Natite IDP site",
                     "the handover of the post",
                     "The derogation would apply until 31 August 2029."):
        assert expected in lines
    assert "Donor named in progress reports and publications" not in darvonia_text


def test_justification_at_factors_level(darvonia_text):
    assert ("IOM's preliminary assessment of 15 January 2026, endorsed by the Head of Office, "
            "rates the risk of this support as medium overall, with some elements of the "
            "assessment rated high.") in darvonia_text
    assert "Record of the recipient on international humanitarian, human rights and refugee " \
        "law: rated high" in darvonia_text
    assert "Visible donor and IOM branding on police equipment" in darvonia_text  # office text
    # neither the risk register nor the findings reach the donor at this level
    assert "Esse Rapid Intervention Unit" not in darvonia_text
    assert "Kerro" not in darvonia_text
    assert "in confidence" not in darvonia_text


def test_misuse_alternative_and_signature(darvonia_text):
    lines = darvonia_text.split("\n")
    assert "4. The risk of branded support being misused" in lines
    assert "when the logos remain but IOM no longer monitors how the support is used" \
        in darvonia_text
    assert ("Norland will be acknowledged in progress reports, in the project's final report, "
            "and in briefings to the Ministry of Interior and the humanitarian coordination "
            "forum.") in lines
    assert "For IOM Darvonia" in lines and "Amara Okonjo" in lines
    assert "For the Ministry of Foreign Affairs of Norland (agreement to the waiver)" in lines


def test_no_letter_without_a_waiver(tmp_path, example_data):
    example_data["visibility"] = {"branding": "standard"}
    assert render_waiver.render(load_project(write_project(tmp_path, example_data))) == []


@pytest.mark.parametrize(
    ("level", "risk_shown", "finding_shown"),
    [("rating", False, False), ("factors", False, False), ("summary", True, False),
     ("evidence", True, True)],
)
def test_level_controls_what_the_donor_reads(tmp_path, example_data, level, risk_shown,
                                             finding_shown):
    example_data["visibility"]["justification_level"] = level
    example_data["assessment"]["elements"]["recipient_record"]["findings"] += f" {MARK_FINDING}"
    example_data["assessment"]["risks"][0]["description"] += f" {MARK_RISK}"
    text = letter_text(load_project(write_project(tmp_path, example_data)))
    assert (MARK_RISK in text) is risk_shown
    assert (MARK_FINDING in text) is finding_shown
    assert ("Legislative framework and applicable standards: rated high" in text) is (
        level != "rating")
    assert ("in confidence" in text) is risk_shown
    if finding_shown:
        assert "Sources: Border Security (Amendment) Act 2025" in text


def test_without_contact_or_end_date(tmp_path, example_data):
    del example_data["donors"][0]["contact"]
    del example_data["visibility"]["until"]
    example_data["visibility"]["branding"] = "none"
    text = letter_text(load_project(write_project(tmp_path, example_data)))
    lines = text.split("\n")
    assert lines[0] == "Ministry of Foreign Affairs of Norland"
    assert "Dear Sir or Madam," in lines
    assert "asks the Ministry of Foreign Affairs of Norland to waive these requirements" in text
    assert ("The derogation would apply for the duration of the project, which ends on 31 "
            "August 2027, and afterwards for as long as the support remains in use.") in lines


@pytest.mark.parametrize(("name", "expected"), [
    ("Ministry of Foreign Affairs of Norland", "the Ministry of Foreign Affairs of Norland"),
    ("Norland", "Norland"),
    ("The Aldoria Fund", "The Aldoria Fund"),
])
def test_article_before_donor_names(name, expected):
    assert render_waiver.with_article(name) == expected


def test_build_says_when_no_letter_is_made(runner, tmp_path, example_data):
    from hrdd_docs.cli import cli

    example_data["visibility"] = {"branding": "standard"}
    source = write_project(tmp_path, example_data)
    out = tmp_path / "dossier"
    result = runner.invoke(cli, ["build", str(source), "-o", str(out),
                                 "--only", "sop,visibility_waiver"])
    assert result.exit_code == 0, result.output
    assert ("No visibility-waiver letter: visibility.branding is 'standard', so no donor is "
            "asked to waive its visibility requirements (Box 5).") in result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "drv-esse-police-procedure.docx", "manifest.json"]


def test_build_writes_both_documents(runner, tmp_path, example_path):
    import json

    from hrdd_docs.cli import cli

    out = tmp_path / "dossier"
    result = runner.invoke(cli, ["build", str(example_path), "-o", str(out),
                                 "--only", "sop,visibility_waiver"])
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert [(d["file"], d["kind"], d["audience"]) for d in manifest["documents"]] == [
        ("drv-esse-police-procedure.docx", "sop", "internal"),
        ("drv-esse-police-visibility-waiver-norland-mfa.docx", "visibility_waiver", "donor"),
    ]


def test_two_forces_a_republic_and_a_donor_name_with_a_comma(tmp_path):
    """The second project (tests/qalmaria.py), with a waiver asked of a donor whose name
    holds a comma: no "Republic of X" without "the", no "X, Y's" possessive."""
    import yaml
    from conftest import write_project
    from qalmaria import qalmaria
    from readback import paragraphs

    from hrdd_docs import resources
    from hrdd_docs.loading import load_project
    from hrdd_docs.render import waiver as waiver_doc

    data = qalmaria(yaml.safe_load(resources.read_text("examples", "darvonia",
                                                       "project.yaml")))
    data["donors"][0]["name"] = "European Union, Directorate-General for Partnerships"
    (output,) = waiver_doc.render(load_project(write_project(tmp_path, data)))
    text = "\n".join(paragraphs(output.data))
    assert "implements the project “Support to police in Darvonja/Esse Province” in the " \
           "Republic of Qalmaria, from" in text
    assert ("As the project supports security forces, the Darvonian Police Force, Esse Province "
            "Command and the Qalmarian Coast Guard, IOM asks") in text
    assert ("only with the written agreement of the European Union, Directorate-General for "
            "Partnerships.") in text
    assert "'s written agreement" not in text
