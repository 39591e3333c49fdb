"""Issue 11, point 12: the Box 2 border project, a second worked example, and what it prints.

Built as of 15 August 2026 (periods 1 and 2 ended, before the change of context of
October 2026), it has no gap and is not blocked; each document is read back here.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from readback import docx_text

from hrdd_docs import assess, dossier, resources
from hrdd_docs.cli import cli
from hrdd_docs.loading import load_project
from hrdd_docs.workbook_import import import_workbook

AS_OF = date(2026, 8, 15)
ID = "tsr-ne-border"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[object, dict[str, str], Path]:
    folder = tmp_path_factory.mktemp("border")
    source = resources.folder("examples", "border", "project.yaml")
    project_file = folder / "project.yaml"
    project_file.write_text(source.read_text("utf-8"), "utf-8")
    result = dossier.build(project_file, folder / "dossier", today=AS_OF)
    texts = {d.name: docx_text(d.data) for d in result.documents if d.name.endswith(".docx")}
    return result, texts, folder


def test_it_validates_and_builds_every_document(built):
    result, _texts, _ = built
    assert sorted(d.name for d in result.documents) == sorted([
        f"{ID}-mou.docx", f"{ID}-deed-tbp.docx", f"{ID}-deed-tcs.docx", f"{ID}-ira.xlsx",
        f"{ID}-procedure.docx", f"{ID}-visibility-waiver-eastland-dev.docx"])
    assert result.warnings == []


def test_it_has_no_gap_and_no_block_as_of_august_2026():
    project = load_project(resources.folder("examples", "border", "project.yaml"))
    assert assess.blocking(project) == []
    assert assess.gaps(project, AS_OF) == []
    later = [g.code for g in assess.gaps(project, date(2026, 12, 1))]
    assert later == ["reassessment-due", "results-missing"]  # the change of context, P3


def test_the_mou_parties_are_the_two_ministries(built):
    mou = built[1][f"{ID}-mou.docx"]
    assert ("The Ministry of Interior of Tessaria, the national authority responsible for the "
            "command and control of the Tessarian Border Police and the North East Regional "
            "Police;") in mou
    assert ("The Ministry of Finance of Tessaria, the national authority responsible for the "
            "command and control of the Tessarian Customs Service (together “the "
            "Authority”),") in mou
    assert ("with the knowledge of the Government of the Republic of Tessaria;") in mou
    assert ("IOM has assessed, before committing the support, the risk that those receiving "
            "it commit grave violations") in mou
    assert ("The Parties note that in the Republic of Tessaria the HRDDP is applied through a "
            "United Nations country mechanism under the Resident Coordinator") in mou
    assert "Coru" not in mou  # no support there: the internal finding stays internal
    assert "Rapid Response Unit" not in mou


def test_the_deeds_name_each_recipient_and_its_items(built):
    texts = built[1]
    border, customs = texts[f"{ID}-deed-tbp.docx"], texts[f"{ID}-deed-tcs.docx"]
    assert ("The Tessarian Border Police, for its North East Border Directorate, under the "
            "authority of the Ministry of Interior of Tessaria, whose address is Border Police "
            "Headquarters, Varenna (“the Recipient”).") in border
    assert "Hygiene and blanket kit for migrants in transit" in border
    assert "Illuminated batons for directing vehicles at night" in border
    assert ("The Tessarian Customs Service, for its North East Customs Region, under the "
            "authority of the Ministry of Finance of Tessaria (“the Recipient”).") in customs
    assert "plastic signalling wands" not in (border + customs).lower()  # statement is internal
    assert f"{ID}-deed-nerp.docx" not in texts  # the police receive no items


def test_the_procedure_sheet_follows_the_country_sops(built):
    sheet = built[1][f"{ID}-procedure.docx"]
    assert "HRDDP, Action 7 · Status as of 15 August 2026" in sheet
    assert ("the HRDDP country SOPs (RC-TS/HRDDP/SOP/2025) apply, and the Resident Coordinator "
            "formally communicates any cessation of support") in sheet
    assert "The decision on participation was taken by Hana Okafor" in sheet
    assert sheet.count("☑") == 3
    assert "May amount to: acts of refoulement." in sheet


def test_the_donor_letter_shows_medium_and_high_risks_only(built):
    letter = built[1][f"{ID}-visibility-waiver-eastland-dev.docx"]
    assert "Asylum-seekers turned back at the crossings without access to procedures" in letter
    assert "informal payments" not in letter


def test_the_workbook_round_trips(built):
    _result, _, folder = built
    back = import_workbook(folder / "dossier" / f"{ID}-ira.xlsx")
    assert back == load_project(folder / "project.yaml")


def test_init_writes_it(runner, tmp_path):
    result = runner.invoke(cli, ["init", str(tmp_path / "p"), "--example", "border"])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "p" / "project.yaml").read_text("utf-8")
    assert text == resources.read_text("examples", "border", "project.yaml")
    assert "FROM THE SEED" in text and "ILLUSTRATIVE" in text
