"""``hrdd build``: atomic, deterministic, refusing blocked agreements, with a manifest."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import write_project
from readback import docx_text

from hrdd_docs import __version__, dossier, placing
from hrdd_docs.cli import cli
from hrdd_docs.errors import HrddError

MOU = "drv-esse-police-mou.docx"
DEED = "drv-esse-police-deed-dpf-esse.docx"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.exists() else {}


def build(runner: CliRunner, *args: str) -> Any:
    return runner.invoke(cli, ["build", *args, "--as-of", "2026-03-01"])


@pytest.fixture
def only_agreements(monkeypatch: pytest.MonkeyPatch) -> None:
    """Build the two agreements only, whatever other renderers are registered."""
    monkeypatch.setattr(dossier, "RENDERERS", {k: dossier.RENDERERS[k] for k in ("mou", "deed")})


def test_build_writes_the_agreements_and_the_manifest(
        runner: CliRunner, example_path: Path, tmp_path: Path, only_agreements: None) -> None:
    out = tmp_path / "out"
    result = build(runner, str(example_path), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == (f"Wrote 3 files to {out}:\n  {MOU}\n  {DEED}\n  manifest.json\n")
    assert sorted(p.name for p in out.iterdir()) == sorted([MOU, DEED, "manifest.json"])
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out-")]

    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["input"] == {
        "file": "project.yaml", "project_id": "drv-esse-police",
        "sha256": hashlib.sha256(example_path.read_bytes()).hexdigest()}
    assert manifest["library"]["version"] == __version__
    assert manifest["library"]["clauses"]["cond-general"] == "1.1"
    documents = {d["file"]: d for d in manifest["documents"]}
    assert documents[MOU]["audience"] == "external"
    assert documents[MOU]["sha256"] == hashlib.sha256((out / MOU).read_bytes()).hexdigest()
    female = next(c for c in documents[MOU]["clauses"] if c["family"] == "gender")
    assert female["reasons"] and female["version"] and female["source"]
    assert any(c["family"] == "donated_items" for c in documents[DEED]["clauses"])


def test_manifest_records_the_gaps_as_warnings(
        runner: CliRunner, example_data: dict[str, Any], tmp_path: Path,
        only_agreements: None) -> None:
    del example_data["assessment"]["endorsement"]
    out = tmp_path / "out"
    result = build(runner, str(write_project(tmp_path, example_data)), "-o", str(out))
    assert result.exit_code == 0, result.output
    warning = "Action 4: the Head of Office has not endorsed the assessment"
    assert f"warning: {warning}\n" in result.stderr
    assert warning in json.loads((out / "manifest.json").read_text("utf-8"))["warnings"]


def test_same_inputs_give_byte_identical_files(
        runner: CliRunner, example_path: Path, tmp_path: Path, only_agreements: None) -> None:
    assert build(runner, str(example_path), "-o", str(tmp_path / "a")).exit_code == 0
    assert build(runner, str(example_path), "-o", str(tmp_path / "b")).exit_code == 0
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")


def test_an_existing_file_is_kept_without_force(
        runner: CliRunner, example_path: Path, tmp_path: Path, only_agreements: None) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / MOU).write_bytes(b"signed copy")
    (out / "notes.txt").write_text("mine", "utf-8")
    before = snapshot(out)
    result = build(runner, str(example_path), "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr == (f"{out / MOU}: already exists; nothing was written. Use --force "
                             "to replace it, or choose another -o DIR\n")
    assert snapshot(out) == before

    # Not written by hrdd build (no manifest lists it): --force does not replace it either.
    result = build(runner, str(example_path), "-o", str(out), "--force")
    assert result.exit_code == 2
    assert result.stderr == (f"{out / MOU}: was not written by hrdd build (manifest.json here "
                             "does not list it), so --force does not replace it; nothing was "
                             "written. Move it away, or choose another -o DIR\n")
    assert snapshot(out) == before

    (out / MOU).unlink()
    assert build(runner, str(example_path), "-o", str(out)).exit_code == 0
    result = build(runner, str(example_path), "-o", str(out), "--force")
    assert result.exit_code == 0, result.output
    assert f"  {MOU} (replaced)\n" in result.stdout
    assert (out / "notes.txt").read_text("utf-8") == "mine"


def test_a_failing_renderer_leaves_the_folder_as_it_was(
        runner: CliRunner, example_path: Path, tmp_path: Path, only_agreements: None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    assert build(runner, str(example_path), "-o", str(out)).exit_code == 0
    before = snapshot(out)

    def broken(project: Any, library: Any) -> list[Any]:
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr("hrdd_docs.render.deed.render", broken)
    result = build(runner, str(example_path), "-o", str(out), "--force")
    assert result.exit_code == 1
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "project.yaml"]


def test_a_failure_while_moving_puts_everything_back(
        example_path: Path, tmp_path: Path, only_agreements: None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    dossier.build(example_path, out)
    before = snapshot(out)
    real = placing.os.replace
    calls = []

    def failing(source: Any, target: Any) -> None:
        calls.append(target)
        if len(calls) == 4:  # after the first document was replaced
            raise OSError("disk full")
        real(source, target)

    monkeypatch.setattr(placing.os, "replace", failing)
    with pytest.raises(HrddError, match=r"cannot be written \(disk full\)") as caught:
        dossier.build(example_path, out, force=True)
    assert caught.value.exit_code == 1
    assert isinstance(caught.value.__cause__, OSError)
    monkeypatch.setattr(placing.os, "replace", real)
    assert snapshot(out) == before


def test_a_failed_precondition_blocks_the_agreements(
        runner: CliRunner, example_data: dict[str, Any], tmp_path: Path) -> None:
    example_data["preconditions"]["death_penalty"]["recipient_enforces"] = True
    out = tmp_path / "out"
    result = build(runner, str(write_project(tmp_path, example_data)), "-o", str(out),
                   "--only", "mou,deed")
    assert result.exit_code == 3
    assert result.stderr.startswith(
        "blocked by Action 2(b): precondition 'Non-enforcement of the death penalty' is not "
        "met: a force supported directly enforces the death penalty")
    assert "no mou, deed was built and nothing was written" in result.stderr
    assert not out.exists()


def test_an_unmitigated_high_risk_blocks_the_agreements(
        runner: CliRunner, example_data: dict[str, Any], tmp_path: Path) -> None:
    example_data["assessment"]["risks"][0]["likelihood"] = "high"
    example_data["mitigations"] = [m for m in example_data["mitigations"]
                                   if "r-ejk" not in m["addresses"]]
    result = build(runner, str(write_project(tmp_path, example_data)), "-o",
                   str(tmp_path / "out"), "--only", "mou")
    assert result.exit_code == 3
    assert result.stderr.startswith(
        "blocked by Action 4: risk 'r-ejk' is high and no mitigation addresses it")


def test_unknown_kind_is_an_input_error(runner: CliRunner, example_path: Path,
                                        tmp_path: Path) -> None:
    result = build(runner, str(example_path), "-o", str(tmp_path / "out"), "--only", "mou,dead")
    assert result.exit_code == 2
    assert result.stderr == ("--only: unknown document kind 'dead'; use one or more of "
                             f"{', '.join(dossier.RENDERERS)}\n")


def test_only_builds_the_kinds_asked_for(runner: CliRunner, example_path: Path,
                                         tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = build(runner, str(example_path), "-o", str(out), "--only", "deed")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [DEED, "manifest.json"]


def test_pdf_without_libreoffice_says_so_and_writes_nothing(
        runner: CliRunner, example_path: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("hrdd_docs.office.soffice", lambda: None)
    out = tmp_path / "out"
    result = build(runner, str(example_path), "-o", str(out), "--pdf")
    assert result.exit_code == 1
    assert result.stderr.startswith("--pdf needs LibreOffice, which is not installed, so "
                                    "nothing was built")
    assert not out.exists()


def test_default_output_folder_is_beside_the_project(
        runner: CliRunner, example_path: Path, only_agreements: None) -> None:
    result = build(runner, str(example_path))
    assert result.exit_code == 0, result.output
    assert (example_path.parent / "dossier" / MOU).exists()


def test_special_text_reaches_the_documents_verbatim(
        runner: CliRunner, example_data: dict[str, Any], tmp_path: Path,
        only_agreements: None) -> None:
    title = "Soutien « Sécurité » & <w:p> \"Esse\" {{ 7*7 }} — دعم الشرطة"
    example_data["project"]["title"] = title
    example_data["activities"][1]["items"][0]["description"] = "Moto <125 cc> & « casque »"
    out = tmp_path / "out"
    result = build(runner, str(write_project(tmp_path, example_data)), "-o", str(out))
    assert result.exit_code == 0, result.output
    mou, deed = docx_text((out / MOU).read_bytes()), docx_text((out / DEED).read_bytes())
    assert f"concerning the project “{title}”" in mou
    assert f"under the project “{title}” (the “Project”)" in mou
    assert f"provided under the project “{title}”" in deed
    assert "Moto <125 cc> & « casque »" in deed
    assert "49" not in mou.replace("2026", "")


def test_a_very_long_title_is_kept_whole_in_the_text(tmp_path, example_data):
    """Word allows 255 characters in a document property; the text keeps the whole title."""
    import docx

    title = "Support to police " + "and community safety " * 20 + "in Esse Province"
    example_data["project"]["title"] = title
    out = tmp_path / "out"
    dossier.build(write_project(tmp_path, example_data), out)
    document = docx.Document(str(out / "drv-esse-police-mou.docx"))
    assert title in "\n".join(p.text for p in document.paragraphs)
    assert len(document.core_properties.title) == 255
    assert document.core_properties.title.endswith("…")
