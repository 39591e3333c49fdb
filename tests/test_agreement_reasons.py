"""One deed, one list of reasons (issue 13, point 3).

``hrdd explain``, the IRA workbook's clause-rationale sheet and the manifest show one
section per agreement, each deed named by its recipient, with exactly the clauses that
document contains, and nothing for a document that is not built.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from readback import docx_text
from small_projects import (
    BIOMETRIC_KITS,
    BORDER,
    CENTRE_EQUIPMENT,
    COAST_GUARD,
    PATROL_BOAT,
    RECEPTION,
    RECEPTION_CENTRE,
    data,
)

from hrdd_docs import dossier
from hrdd_docs.cli import cli


@pytest.fixture(scope="module")
def project_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import yaml

    path = tmp_path_factory.mktemp("port") / "project.yaml"
    project = data([COAST_GUARD, RECEPTION, BORDER],
                   [PATROL_BOAT, RECEPTION_CENTRE, CENTRE_EQUIPMENT, BIOMETRIC_KITS],
                   rating="medium")
    path.write_text(yaml.safe_dump(project, sort_keys=False), "utf-8")
    return path


@pytest.fixture(scope="module")
def built(project_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dossier")
    dossier.build(project_file, out, force=True)
    return out


def _rationale(path: Path) -> dict[str, list[str]]:
    """Section heading (document title) → the clause ids listed under it."""
    wb = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))
    sections: dict[str, list[str]] = {}
    current = ""
    for row in wb["Clause rationale"].iter_rows(min_row=4, values_only=True):
        if row[1] is None:
            current = str(row[0])
            sections[current] = []
        else:
            assert current.startswith(str(row[0])), (current, row[0])
            sections[current].append(str(row[1]))
    return sections


def _explain(runner: CliRunner, project_file: Path) -> dict[str, list[str]]:
    result = runner.invoke(cli, ["explain", str(project_file)])
    assert result.exit_code == 0, result.output
    sections: dict[str, list[str]] = {}
    current = ""
    for line in result.output.splitlines():
        if line and not line.startswith(" ") and "clause(s)" in line:
            current = line
            sections[current] = []
        elif line.startswith("    ") and ". " in line and not line.strip().startswith(
                "because"):
            sections[current].append(line.split(". ", 1)[1].split(":", 1)[0])
    return sections


def test_explain_the_workbook_and_the_manifest_match_each_built_document(
        runner: CliRunner, project_file: Path, built: Path) -> None:
    manifest = json.loads((built / "manifest.json").read_text("utf-8"))
    agreements = [d for d in manifest["documents"] if d["kind"] in ("mou", "deed")]
    assert [(d["kind"], d.get("recipient")) for d in agreements] == [
        ("mou", None), ("deed", "mcg"), ("deed", "mra"), ("deed", "mbp")]
    rationale = _rationale(built / "marenia-ira.xlsx")
    explained = _explain(runner, project_file)
    titles = ["Memorandum of Understanding",
              "Deed of Donation to the Marenian Coast Guard",
              "Deed of Donation to the Marenian Reception Authority",
              "Deed of Donation to the Marenian Border Police"]
    assert [h.split(" (")[0] for h in rationale] == titles
    assert [h.split(" (")[0] for h in explained] == titles
    library_texts = {}
    for entry, (heading, listed), (_, said) in zip(agreements, rationale.items(),
                                                   explained.items(), strict=True):
        ids = [c["id"] for c in entry["clauses"]]
        assert listed == ids, heading
        assert said == ids, heading
        assert heading.endswith(f"({entry['file']}): {len(ids)} clauses")
        text = " ".join(docx_text((built / entry["file"]).read_bytes()).split())
        for clause in entry["clauses"]:
            assert clause["title"] in text, (entry["file"], clause["id"])
        library_texts[entry["file"]] = (set(ids), text)
    # a clause of one deed that another deed does not hold is absent from its text
    from hrdd_docs.agreements import agreements as planned
    from hrdd_docs.loading import load_project

    texts = {a.recipient: {s.clause.id: s.text for s in a.clauses}
             for a in planned(load_project(project_file)) if a.recipient}
    for recipient, rendered in texts.items():
        own_ids, own_text = library_texts[f"marenia-deed-{recipient}.docx"]
        for other_rendered in texts.values():
            for clause_id, clause_text in other_rendered.items():
                if clause_id not in own_ids:
                    first = " ".join(clause_text.split("\n\n")[0].split())
                    assert first not in own_text, (recipient, clause_id)
        for clause_id, clause_text in rendered.items():
            for paragraph in clause_text.split("\n\n"):
                assert " ".join(paragraph.split()) in own_text, (recipient, clause_id)


def test_the_deeds_hold_different_clauses(built: Path) -> None:
    manifest = json.loads((built / "manifest.json").read_text("utf-8"))
    deeds = {d["recipient"]: {c["id"] for c in d["clauses"]}
             for d in manifest["documents"] if d["kind"] == "deed"}
    assert "border-rescue-at-sea" in deeds["mcg"] - deeds["mra"]
    assert "detention-migrants" in deeds["mra"] - deeds["mcg"]
    assert "data-items" in deeds["mbp"] - deeds["mcg"] - deeds["mra"]


@pytest.mark.parametrize(("only", "sections"), [
    ({"mou", "ira"}, ["Memorandum of Understanding (marenia-mou.docx)"]),
    ({"deed", "ira"}, ["Deed of Donation to the Marenian Coast Guard (marenia-deed-mcg.docx)",
                       "Deed of Donation to the Marenian Reception Authority "
                       "(marenia-deed-mra.docx)",
                       "Deed of Donation to the Marenian Border Police "
                       "(marenia-deed-mbp.docx)"]),
    ({"ira"}, []),
])
def test_a_partial_build_lists_only_the_agreements_it_built(
        project_file: Path, tmp_path: Path, only: set[str], sections: list[str]) -> None:
    out = tmp_path / "out"
    dossier.build(project_file, out, only=only)
    listed = _rationale(out / "marenia-ira.xlsx")
    assert [heading.rsplit(":", 1)[0] for heading in listed] == (
        sections or ["No MOU or deed of donation was built with this workbook, so no clause "
                     "is listed; build them to see their clauses here."])
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert [d["kind"] for d in manifest["documents"]] == [
        kind for kind in ("mou", "deed", "deed", "deed", "ira") if kind in only]


def test_a_blocked_build_lists_no_agreement(project_file: Path, tmp_path: Path) -> None:
    import yaml

    blocked = yaml.safe_load(project_file.read_text("utf-8"))
    blocked["preconditions"]["weapons"]["weapons_or_ammunition"] = True
    path = tmp_path / "blocked.yaml"
    path.write_text(yaml.safe_dump(blocked, sort_keys=False), "utf-8")
    result = dossier.build(path, tmp_path / "out", only={"ira", "sop"})
    assert [d.kind for d in result.documents] == ["ira", "sop"]
    wb = openpyxl.load_workbook(tmp_path / "out" / "marenia-ira.xlsx")
    assert wb["Clause rationale"]["A4"].value.startswith("No MOU or deed of donation was built")


def test_explain_names_no_deed_for_a_recipient_without_items(
        runner: CliRunner, tmp_path: Path) -> None:
    import yaml

    project = data([COAST_GUARD, RECEPTION], [PATROL_BOAT, RECEPTION_CENTRE])
    path = tmp_path / "project.yaml"
    path.write_text(yaml.safe_dump(project, sort_keys=False), "utf-8")
    output = runner.invoke(cli, ["explain", str(path)]).output
    assert "Deed of Donation to the Marenian Coast Guard (deed, recipient mcg)" in output
    assert "Reception Authority (deed" not in output


def test_the_manifest_names_each_deeds_recipient(built: Path) -> None:
    manifest: dict[str, Any] = json.loads((built / "manifest.json").read_text("utf-8"))
    deed = next(d for d in manifest["documents"] if d.get("recipient") == "mcg")
    assert deed["file"] == "marenia-deed-mcg.docx"
    assert "recipient" not in next(d for d in manifest["documents"] if d["kind"] == "mou")


def test_explain_says_when_a_build_refuses_the_agreements(runner: CliRunner,
                                                          project_file: Path,
                                                          tmp_path: Path) -> None:
    import yaml

    blocked = yaml.safe_load(project_file.read_text("utf-8"))
    blocked["preconditions"]["weapons"]["weapons_or_ammunition"] = True
    path = tmp_path / "blocked.yaml"
    path.write_text(yaml.safe_dump(blocked, sort_keys=False), "utf-8")
    lines = runner.invoke(cli, ["explain", str(path)]).output.splitlines()
    assert lines[1:3] == [
        "hrdd build refuses these agreements while these rules block them:",
        "  - Action 2(c): precondition 'No weapons' is not met: the project purchases weapons "
        "or ammunition [preconditions.weapons.weapons_or_ammunition]"]
