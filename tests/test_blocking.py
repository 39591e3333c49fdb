"""Issue 11, points 1, 3, 4 and 6: what blocks the external agreements, and what is built.

A blocked build still writes the IRA workbook and the procedure sheet (and, for a high
risk of an endorsed assessment, the notice to the recipient's authority), refuses the
MOU, deeds and waiver letters, and exits 3 with one message listing every reason and
the field to complete. ``hrdd assess`` exits 3 on the same projects.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cases import AS_OF, base, high_risk, load, non_state_group
from conftest import write_project
from readback import all_xml_text, docx_text

from hrdd_docs import assess
from hrdd_docs.cli import cli

ID = "kst-border"
MOU, DEED = f"{ID}-mou.docx", f"{ID}-deed-kbp.docx"
IRA, SOP = f"{ID}-ira.xlsx", f"{ID}-procedure.docx"
NOTICE = f"{ID}-notice-kbp.docx"


def build(runner: Any, tmp_path: Path, data: dict[str, Any], *args: str) -> Any:
    path = write_project(tmp_path, data)
    return runner.invoke(cli, ["build", str(path), "-o", str(tmp_path / "out"),
                               "--as-of", AS_OF, *args])


def files(tmp_path: Path) -> list[str]:
    out = tmp_path / "out"
    return sorted(p.name for p in out.iterdir()) if out.exists() else []


def test_the_base_case_is_not_blocked_and_builds_everything(runner, tmp_path):
    result = build(runner, tmp_path, base())
    assert result.exit_code == 0, result.output
    assert files(tmp_path) == sorted([MOU, DEED, IRA, SOP, "manifest.json"])
    # no gap, no note: only why there is no waiver letter
    assert result.stderr == ("warning: No visibility-waiver letter: visibility.branding is "
                             "'standard', so no donor is asked to waive its visibility "
                             "requirements (Box 5).\n")


# Point 1: no external agreement without a completed assessment ---------------------------

INCOMPLETE = [
    ("final-unrated", lambda a: a["final"].pop("rating"),
     "Action 4(9): the assessment is not completed: the final assessment has no rating "
     "[assessment.final.rating]"),
    ("element-unrated", lambda a: a["elements"]["legal_framework"].pop("rating"),
     "Action 4: the assessment is not completed: element 'Legislative framework and "
     "applicable standards' has no rating [assessment.elements.legal_framework.rating]"),
    ("not-endorsed", lambda a: a.pop("endorsement"),
     "Action 4: the assessment is not completed: the Head of Office has not endorsed the "
     "assessment [assessment.endorsement]"),
    ("undated", lambda a: a.pop("date"),
     "Action 4: the assessment is not completed: the assessment has no date; write the day "
     "it was carried out [assessment.date]"),
    ("no-assessors", lambda a: a.update(assessors=[]),
     "Action 4: the assessment is not completed: the assessment names no assessor; add the "
     "staff who carried it out [assessment.assessors]"),
]


@pytest.mark.parametrize(("name", "change", "line"), INCOMPLETE, ids=[c[0] for c in INCOMPLETE])
def test_an_incomplete_assessment_blocks_the_agreements_and_keeps_the_internal_documents(
        runner, tmp_path, name, change, line):
    data = base()
    change(data["assessment"])
    result = build(runner, tmp_path, data)
    assert result.exit_code == 3, result.output
    assert f"  - {line}\n" in result.stderr
    assert ("So no MOU, deed of donation or visibility-waiver letter was built, and the IRA "
            "workbook and the procedure sheet were written.") in result.stderr
    # the build is atomic: what it may write is written, with the manifest
    assert files(tmp_path) == sorted([IRA, SOP, "manifest.json"])
    assert result.stdout.startswith(f"Wrote 3 files to {tmp_path / 'out'}:\n")
    sheet = docx_text((tmp_path / "out" / SOP).read_bytes())
    assert "Support is blocked: IOM does not engage while these hold" in sheet
    assert line.split(": ", 1)[1].rsplit(" [", 1)[0] in sheet


def test_no_assessment_at_all_is_one_reason_with_its_fix(runner, tmp_path):
    data = base()
    del data["assessment"]
    data["mitigations"] = []
    result = build(runner, tmp_path, data)
    assert result.exit_code == 3
    assert result.stderr.startswith(
        "blocked by Action 4: IOM does not engage while this holds (1 reason, the field to "
        "complete or correct in brackets):\n  - Action 4: the assessment is not completed: no "
        "risk assessment is recorded: carry it out and add its date, assessors, the nine "
        "elements and the Head of Office's endorsement [assessment]\n")


def test_several_reasons_are_one_message(runner, tmp_path):
    data = base()
    data["preconditions"]["death_penalty"]["recipient_enforces"] = True
    del data["assessment"]["endorsement"]
    result = build(runner, tmp_path, data)
    assert result.exit_code == 3
    assert result.stderr.startswith(
        "blocked by Action 2(b), Action 4: IOM does not engage while these hold (2 reasons,")
    assert result.stderr.count("\n  - ") == 2
    assert "Traceback" not in result.output


def test_only_internal_kinds_on_a_blocked_project_builds_them_and_says_why(runner, tmp_path):
    """What the message used to tell users to run: it now builds them and exits 0."""
    data = base()
    del data["assessment"]["endorsement"]
    result = build(runner, tmp_path, data, "--only", "ira,sop")
    assert result.exit_code == 0, result.output
    assert files(tmp_path) == sorted([IRA, SOP, "manifest.json"])
    assert ("warning: blocked by Action 4: the assessment is not completed: the Head of "
            "Office has not endorsed the assessment [assessment.endorsement]\n") in result.stderr


def test_only_external_kinds_on_a_blocked_project_writes_nothing(runner, tmp_path):
    data = base()
    del data["assessment"]["endorsement"]
    result = build(runner, tmp_path, data, "--only", "mou,deed")
    assert result.exit_code == 3
    assert "So no MOU or deed of donation was built, and nothing was written." in result.stderr
    assert not (tmp_path / "out").exists()


def test_documents_of_an_earlier_build_are_named_as_stale(runner, tmp_path):
    assert build(runner, tmp_path, base()).exit_code == 0
    data = base()
    del data["assessment"]["endorsement"]
    result = build(runner, tmp_path, data, "--force")
    assert result.exit_code == 3
    assert (f"The folder still holds {MOU} and {DEED} from an earlier build; they no longer "
            "reflect the project: do not send or sign them.") in result.stderr
    assert (tmp_path / "out" / MOU).exists()  # nothing of the user's is deleted


def test_the_manifest_records_the_block(runner, tmp_path):
    data = base()
    del data["assessment"]["endorsement"]
    build(runner, tmp_path, data)
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text("utf-8"))
    assert manifest["blocked"] == [{
        "rule": "Action 4", "path": "assessment.endorsement", "kind": "assessment",
        "message": "the assessment is not completed: the Head of Office has not endorsed the "
                   "assessment"}]
    assert [d["kind"] for d in manifest["documents"]] == ["ira", "sop"]


# Point 3: mitigation must be integrated ---------------------------------------------------


def test_a_medium_risk_whose_measures_are_not_integrated_is_a_gap_not_a_block(tmp_path):
    data = base()
    data["mitigations"][0]["integrated"] = False
    project = load(tmp_path, data)
    assert assess.blocking(project) == []
    assert [(g.code, g.message, g.path) for g in assess.gaps(project, project.project.start)
            ] == [("risk-not-integrated", "risk 'r-misuse' is medium and none of its measures "
                   "(m-deed) is integrated into the plan of activities; integrate one "
                   "(integrated: true)", "mitigations[0].integrated")]


def test_a_high_risk_whose_measures_are_not_integrated_blocks(runner, tmp_path):
    result = build(runner, tmp_path, high_risk(base(), integrated=False))
    assert result.exit_code == 3
    assert ("  - Action 4: risk 'r-ejk' is high and none of its measures (m-exclude) is "
            "integrated into the plan of activities [mitigations[1].integrated]\n"
            ) in result.stderr
    report = runner.invoke(cli, ["assess", str(tmp_path / "project.yaml"), "--as-of", AS_OF])
    assert report.exit_code == 3
    assert "Gaps: none" not in report.stdout
    assert "(NOT integrated)" in report.stdout


def test_an_integrated_measure_lifts_the_block(runner, tmp_path):
    result = build(runner, tmp_path, high_risk(base(), integrated=True))
    assert result.exit_code == 0, result.output


def test_a_high_final_rating_without_integrated_measures_blocks(tmp_path):
    data = base()
    data["assessment"]["final"]["rating"] = "high"
    data["mitigations"][0]["integrated"] = False
    rules = [(b.rule, b.message) for b in assess.blocking(load(tmp_path, data))]
    assert rules == [("Action 4", "the final rating is high and no mitigation measure is "
                      "integrated into the plan of activities")]


# Point 4: the notice to the recipient's authority ------------------------------------------


def test_a_high_risk_block_writes_the_notice_with_no_finding(runner, tmp_path):
    data = high_risk(base(), integrated=False)
    result = build(runner, tmp_path, data)
    assert result.exit_code == 3
    assert files(tmp_path) == sorted([IRA, SOP, NOTICE, "manifest.json"])
    assert "the notice to the recipient's authority (Action 4) were written" in result.stderr
    notice = (tmp_path / "out" / NOTICE).read_bytes()
    text = docx_text(notice)
    assert text.startswith("The Ministry of Interior of Kestavia\nKestavia\n")
    assert ("Subject: support proposed to the Kestavian Border Police, under the project "
            "“Border management support in Kestavia” (KS-BM-0101)") in text
    assert ("IOM is not in a position to provide the proposed support at this time. The "
            "support will be possible only if and when measures have been taken such that "
            "there no longer remain substantial grounds for believing that there is a real "
            "risk of grave violations occurring.") in text
    assert "KS-BM-0101/NTC/01" in text
    assert "Ines Caro (Director of Borders) for the Government" in text
    # no finding, no risk, no rating, no evidence anywhere in the file
    whole = all_xml_text(notice)
    for internal in ("Killings by the Rapid Unit", "Kits used outside", "Exclude the unit",
                     "r-ejk", "One medium risk", "high risk", "medium", "Not providing"):
        assert internal not in whole, internal
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text("utf-8"))
    entry = next(d for d in manifest["documents"] if d["kind"] == "notice")
    assert entry["audience"] == "external"


def test_the_notice_goes_only_to_the_recipient_the_risk_concerns(tmp_path):
    data = high_risk(non_state_group(base()), integrated=False, recipients=["nfl"])
    project = load(tmp_path, data)
    assert [r.id for r in assess.notice_recipients(project)] == ["nfl"]
    from hrdd_docs.render import notice

    (output,) = notice.render(project)
    text = docx_text(output.data)
    # addressed to the host government's authority, never to the group's own council
    assert text.startswith("The Government of Kestavia\n")
    assert "Supreme Council" not in text
    assert "support proposed to the Northern Front Militia, under the project" in text


def test_a_failed_precondition_gives_no_notice(runner, tmp_path):
    data = high_risk(base(), integrated=False)
    data["preconditions"]["weapons"]["weapons_or_ammunition"] = True
    result = build(runner, tmp_path, data)
    assert result.exit_code == 3
    assert files(tmp_path) == sorted([IRA, SOP, "manifest.json"])
    asked = build(runner, tmp_path, data, "--only", "notice", "--force")
    assert asked.exit_code == 0
    assert ("warning: No notice to the recipient: a precondition of Action 2 fails, and IOM "
            "does not engage whatever measures are taken") in asked.stderr


def test_an_unendorsed_assessment_gives_no_notice(tmp_path):
    data = high_risk(base(), integrated=False)
    del data["assessment"]["endorsement"]
    assert assess.notice_recipients(load(tmp_path, data)) == []
    # exempt support is not blocked for the missing endorsement, only for the high risk:
    # still no notice, since it would communicate an assessment not yet endorsed
    data["activities"] = [{"id": "ihl", "kind": "human_rights_training",
                           "description": "Refugee-law training", "recipients": ["kbp"]}]
    project = load(tmp_path, data, "exempt.yaml")
    assert [b.kind for b in assess.blocking(project)] == ["high_risk"]
    assert assess.notice_recipients(project) == []


def test_a_project_nothing_blocks_gets_no_notice_and_no_word_about_it(runner, tmp_path):
    result = build(runner, tmp_path, base())
    assert NOTICE not in files(tmp_path)
    assert "notice" not in result.output.lower()
    asked = build(runner, tmp_path, base(), "--only", "notice", "--force")
    assert asked.exit_code == 0
    assert "warning: No notice to the recipient: nothing blocks the support" in asked.stderr


# Point 6: hrdd assess exits 3 when it reports a block --------------------------------------


def test_assess_exits_3_exactly_when_the_build_is_blocked(runner, tmp_path):
    good = write_project(tmp_path, base(), "good.yaml")
    result = runner.invoke(cli, ["assess", str(good), "--as-of", AS_OF])
    assert result.exit_code == 0
    assert "External agreements are blocked" not in result.stdout
    data = high_risk(base(), integrated=False)
    blocked = write_project(tmp_path, data, "blocked.yaml")
    result = runner.invoke(cli, ["assess", str(blocked), "--as-of", AS_OF])
    assert result.exit_code == 3
    assert result.stderr == ("blocked by Action 4: the external agreements are blocked "
                             "(1 reason, listed above)\n")
    assert ("  → hrdd build writes the notice that support is not possible until measures "
            "are taken (Action 4)\n    for Kestavian Border Police, with the internal "
            "documents.\n") in result.stdout


def test_a_high_risk_with_no_measure_at_all_gives_the_notice(tmp_path):
    data = high_risk(base(), integrated=False)
    data["mitigations"] = [m for m in data["mitigations"] if m["id"] != "m-exclude"]
    project = load(tmp_path, data)
    assert [(b.kind, b.path) for b in assess.blocking(project)] == [
        ("high_risk", "assessment.risks[1]")]
    assert [r.id for r in assess.notice_recipients(project)] == ["kbp"]


def test_a_high_final_rating_gives_the_notice_to_every_recipient(tmp_path):
    data = non_state_group(base())
    data["assessment"]["final"]["rating"] = "high"
    data["mitigations"][0]["integrated"] = False
    project = load(tmp_path, data)
    assert [(b.kind, b.recipients) for b in assess.blocking(project)] == [
        ("high_risk", ("kbp", "nfl"))]
    assert [r.id for r in assess.notice_recipients(project)] == ["kbp", "nfl"]
