"""Issue 11, points 1, 2 and 5: every sentence about the assessment is true.

Exempt-only support (Action 1) needs no assessment and gets no warning for the missing
one, only the seed's note; its documents say nothing about an assessment. The MOU
says IOM assessed "before committing the support" only when the assessment is dated on
or before the project start and every activity's start (Action 4), and that measures
are in place only when there are integrated measures.
"""

from __future__ import annotations

from datetime import date

import pytest
from cases import AS_OF, base, exempt_only, load
from conftest import write_project
from readback import docx_text

from hrdd_docs import assess, clauses, dossier
from hrdd_docs.cli import cli
from hrdd_docs.errors import InputError
from hrdd_docs.outputs import BuildInfo
from hrdd_docs.render import mou, sop

ASSESSED = ("IOM provides the support in accordance with the HRDDP. IOM has assessed, before "
            "committing the support, the risk that those receiving it commit grave violations "
            "of international humanitarian, human rights or refugee law, has put in place "
            "measures to reduce that risk, and will keep the assessment under review for the "
            "duration of the Project.")


def article_2(tmp_path, data) -> str:
    (output,) = mou.render(load(tmp_path, data), clauses.load_library())
    text = docx_text(output.data)
    return text.split("Commitment to human rights due diligence\n")[1].split("\n")[0]


def test_a_completed_assessment_before_the_start_is_stated_in_full(tmp_path):
    assert article_2(tmp_path, base()) == ASSESSED


# Point 2: exempt-only support ---------------------------------------------------------------


def test_exempt_support_needs_no_assessment_section(tmp_path):
    project = load(tmp_path, exempt_only(base()))
    assert not project.assessment.made
    assert assess.blocking(project) == []
    assert assess.gaps(project, date(2026, 5, 15)) == []


def test_exempt_support_documents_say_nothing_of_an_assessment(tmp_path):
    data = exempt_only(base())
    assert article_2(tmp_path, data) == "IOM provides the support in accordance with the HRDDP."
    result = dossier.build(write_project(tmp_path, data), tmp_path / "out",
                           today=date(2026, 5, 15))
    assert ("Action 1: the support is exempt only, so no risk assessment is required; it may "
            "still be prudent to assess the reputational risks") in result.warnings
    assert not any("assessment" in w and "Action 1" not in w for w in result.warnings)
    for document in result.documents:
        if document.audience == "external":
            assert "assessed" not in docx_text(document.data), document.name


def test_exempt_support_sheet_marks_the_assessment_not_required(tmp_path):
    project = load(tmp_path, exempt_only(base()))
    (output,) = sop.render(project, build=BuildInfo(date(2026, 5, 15), ("sop",)))
    text = docx_text(output.data)
    assert ("–\nRisk assessment completed\nNot required\n– exempt support only: no assessment "
            "is required (Action 1), although assessing the reputational risks may be "
            "prudent") in text
    assert "No risk assessment is recorded: none is required for exempt support." in text
    assert "Until every line is ticked" not in text


def test_assess_of_exempt_support_prints_the_note_and_no_gap(runner, tmp_path):
    path = write_project(tmp_path, exempt_only(base()))
    result = runner.invoke(cli, ["assess", str(path), "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    flat = " ".join(result.stdout.split())
    assert ("→ An HRDD risk assessment is not obligatory for exempt support, but it may be "
            "prudent to assess the reputational risks.") in flat
    assert "not rated" not in result.stdout
    assert "Action 4 — risk assessment: none recorded (not required for exempt support)" \
        in result.stdout
    assert "Gaps: none" in result.stdout


def test_a_waiver_letter_needs_an_assessment_to_cite(tmp_path):
    data = exempt_only(base())
    data["visibility"] = {"branding": "minimal", "donors": ["donor-a"],
                          "requirements": ["vr-logo"], "alternative_acknowledgement": "Reports"}
    result = dossier.build(write_project(tmp_path, data), tmp_path / "out",
                           today=date(2026, 5, 15))
    assert not [d for d in result.documents if d.kind == "visibility_waiver"]
    assert ("No visibility-waiver letter: the letter justifies the request with the HRDD "
            "assessment (Box 5), and the project records none (assessment.date); assess the "
            "risks first, or write to the donor outside the toolkit.") in result.warnings


def test_exempt_support_with_a_completed_assessment_may_say_so(tmp_path):
    assert article_2(tmp_path, exempt_only(base(), assessment=True)) == ASSESSED


def test_mixed_support_without_an_assessment_is_blocked(tmp_path):
    data = exempt_only(base())
    data["activities"].append({"id": "kits", "kind": "equipment", "description": "Kits",
                               "recipients": ["kbp"]})
    rules = [(b.rule, b.path) for b in assess.blocking(load(tmp_path, data))]
    assert rules == [("Action 4", "assessment")]


# Point 5: the assessment comes first -------------------------------------------------------


def test_an_assessment_after_the_start_is_a_gap_and_not_claimed_first(tmp_path):
    data = base()
    data["assessment"]["date"] = "2026-04-02"
    data["assessment"]["endorsement"]["date"] = "2026-04-03"
    assert article_2(tmp_path, data) == ASSESSED.replace(", before committing the support,", "")
    gaps = assess.gaps(load(tmp_path, data), date(2026, 5, 15))
    assert [(g.code, g.rule, g.message, g.path) for g in gaps] == [(
        "assessment-late", "Action 4",
        "the assessment (2026-04-02) is dated after the project starts "
        "(2026-04-01), but it must come before the support begins; the agreements do not say "
        "it came first. If a date is wrong, correct it", "assessment.date")]


def test_an_assessment_on_the_start_day_comes_first(tmp_path):
    data = base()
    data["assessment"]["date"] = "2026-04-01"
    data["assessment"]["endorsement"]["date"] = "2026-04-01"
    assert article_2(tmp_path, data) == ASSESSED


def test_an_activity_that_begins_before_the_assessment(tmp_path):
    data = base()
    data["activities"][0]["start"] = "2026-01-15"  # an inception phase before the project
    assert "before committing" not in article_2(tmp_path, data)
    gaps = assess.gaps(load(tmp_path, data), date(2026, 5, 15))
    assert [(g.code, g.path) for g in gaps] == [("assessment-late", "activities[0].start")]
    assert "activity 'kits' begins (2026-01-15)" in gaps[0].message


def test_an_activity_starting_after_the_project_ends_is_refused(tmp_path):
    data = base()
    data["activities"][0]["start"] = "2027-06-01"
    with pytest.raises(InputError, match=r"activities\[0\]\.start: the activity starts "
                       r"\(2027-06-01\) after the project ends \(2027-03-31\)"):
        load(tmp_path, data)


def test_no_integrated_measure_no_claim_of_measures(tmp_path):
    data = base()
    data["assessment"]["risks"] = []
    data["mitigations"] = []
    data["assessment"]["final"]["rating"] = "low"
    assert article_2(tmp_path, data) == (
        "IOM provides the support in accordance with the HRDDP. IOM has assessed, before "
        "committing the support, the risk that those receiving it commit grave violations of "
        "international humanitarian, human rights or refugee law and will keep the assessment "
        "under review for the duration of the Project.")


def test_exempt_support_without_an_assessment_round_trips_through_the_workbook(tmp_path):
    from hrdd_docs.render import workbook
    from hrdd_docs.workbook_import import import_workbook

    project = load(tmp_path, exempt_only(base()))
    (output,) = workbook.render(project)
    (tmp_path / "ira.xlsx").write_bytes(output.data)
    back = import_workbook(tmp_path / "ira.xlsx")
    assert back == project
    assert not back.assessment.made
