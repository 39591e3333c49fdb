"""Output folders under attack or accident: races, kills, folders in the way, rebuilds.

Each case, and the promise it checks:

- two builds into one folder at the same time, without --force: the second waits for the
  first's lock, then is refused naming the file (exit 2); nothing is silently replaced
  (threads, with the first held inside its lock; and four real processes at once);
- a build killed at every step of the move (a fresh folder, a --force rebuild, a
  partial rebuild): at no moment does a manifest list a file that is not there; the
  next build restores the old dossier byte for byte and leaves no hidden leftovers; a
  staging folder of a build killed before moving is removed;
- --force where a document's name is a folder (holding a signed scan), a link, a file
  the toolkit did not write, or a document edited since it was built: refused with
  the fix, and nothing touched;
- --only mou --force: the manifest keeps the other documents' entries (hashes, clauses,
  reasons) and says which build made each, and when; the same partial build gives the
  same bytes;
- -o with a 300-character name, a path under a file (build or init): exit 2 with the
  fix, nothing written; a full disk is not called invalid input (exit 1); an
  unforeseen system error is a message, not a traceback.
"""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from bounded import run_hrdd
from conftest import write_project

from hrdd_docs import dossier, placing
from hrdd_docs.cli import cli
from hrdd_docs.errors import InputError, writing

MOU = "drv-esse-police-mou.docx"
DEED = "drv-esse-police-deed-dpf-esse.docx"
DAY = "2026-03-01"


@pytest.fixture
def only_agreements(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dossier, "RENDERERS", {k: dossier.RENDERERS[k] for k in ("mou", "deed")})


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every entry of ``folder``, hidden ones included (a folder maps to its listing)."""
    out: dict[str, Any] = {}
    for path in sorted(folder.iterdir()) if folder.exists() else []:
        out[path.name] = (sorted(p.name for p in path.iterdir()) if path.is_dir()
                          else path.read_bytes())
    return out


def _build(project: Path, out: Path, **options: Any) -> dossier.BuildResult:
    from datetime import date

    return dossier.build(project, out, today=date(2026, 3, 1), **options)


def _manifest_is_true(out: Path) -> None:
    """The promise: a manifest in the folder lists only files that are there."""
    path = out / "manifest.json"
    if not path.exists():
        return
    for entry in json.loads(path.read_text("utf-8"))["documents"]:
        assert (out / entry["file"]).is_file(), entry["file"]
        if "pdf" in entry:
            assert (out / entry["pdf"]).is_file()


# --- two builds at once -------------------------------------------------------------------


def test_a_second_build_waits_for_the_first_and_is_refused(example_path, tmp_path,
                                                          only_agreements, monkeypatch):
    out = tmp_path / "out"
    inside, release = threading.Event(), threading.Event()

    def hold_the_first(step: str) -> None:
        if step == "locked" and threading.current_thread().name == "first":
            inside.set()
            release.wait(20)

    monkeypatch.setattr(placing, "_step", hold_the_first)
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome[threading.current_thread().name] = _build(example_path, out)
        except InputError as err:
            outcome[threading.current_thread().name] = err

    first = threading.Thread(target=run, name="first")
    first.start()
    assert inside.wait(20)
    second = threading.Thread(target=run, name="second")
    second.start()
    time.sleep(1.0)
    assert second.is_alive(), "the second build did not wait for the first one's lock"
    assert all(name.startswith(".hrdd-staging-") for name in snapshot(out))
    release.set()
    first.join(20)
    second.join(20)
    assert isinstance(outcome["first"], dossier.BuildResult)
    assert isinstance(outcome["second"], InputError)
    assert str(outcome["second"]).splitlines()[0] == (
        f"{out / DEED}: already exists; nothing was written. Use --force to replace it, or "
        "choose another -o DIR")
    assert sorted(snapshot(out)) == sorted([MOU, DEED, "manifest.json"])


def test_four_real_builds_at_once_leave_one_winner(example_path, tmp_path):
    out = tmp_path / "out"
    args = ("build", str(example_path), "-o", str(out), "--only", "sop,ira", "--as-of", DAY)
    outcomes: list[Any] = [None] * 4

    def run(n: int) -> None:
        outcomes[n] = run_hrdd(*args, seconds=120)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    codes = sorted(outcome.exit_code for outcome in outcomes)
    assert codes == [0, 2, 2, 2], [o.stderr for o in outcomes]
    for outcome in outcomes:
        if outcome.exit_code == 2:
            assert "already exists; nothing was written. Use --force" in outcome.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted([
        "drv-esse-police-ira.xlsx", "drv-esse-police-procedure.docx", "manifest.json"])
    _manifest_is_true(out)


# --- killed while moving -------------------------------------------------------------------


def _steps(example_path: Path, out: Path, monkeypatch, **options: Any):
    """The steps a build goes through, and the folder it leaves: a dry run on a copy."""
    import shutil

    copy = out.parent / f"{out.name}-dry"
    if out.exists():
        shutil.copytree(out, copy)
    seen: list[str] = []
    monkeypatch.setattr(placing, "_step", seen.append)
    _build(example_path, copy, **options)
    monkeypatch.setattr(placing, "_step", lambda step: None)
    after = snapshot(copy)
    shutil.rmtree(copy)
    return seen, after


def _killed_at(step: str, example_path: Path, out: Path, **options: Any) -> None:
    """Build in a forked child that dies (no clean-up at all) on reaching ``step``."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 0
        try:
            def die(reached: str) -> None:
                if reached == step:
                    os._exit(137)

            placing._step = die  # type: ignore[assignment]
            _build(example_path, out, **options)
        except BaseException:
            code = 1
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 137, f"the build did not reach {step}"


def _no_leftovers(out: Path) -> None:
    assert not [p.name for p in out.iterdir() if p.name.startswith(".hrdd")]


@pytest.mark.parametrize("scenario", ["fresh", "force", "partial"])
def test_a_build_killed_at_every_step_is_undone_by_the_next(
        scenario, runner, example_data, tmp_path, only_agreements, monkeypatch):
    first = write_project(tmp_path, example_data, "first.yaml")
    example_data["project"]["title"] = "Support to police, second edition"
    second = write_project(tmp_path, example_data, "second.yaml")
    out = tmp_path / "out"
    options: dict[str, Any] = {}
    if scenario != "fresh":
        _build(first, out)
        (out / "notes.txt").write_text("mine", "utf-8")
        options = {"force": True} if scenario == "force" else {"force": True,
                                                             "only": {"mou"}}
    before = snapshot(out)
    steps, after = _steps(second, out, monkeypatch, **options)
    assert steps[:2] == ["locked", "journal"] and steps[-2:] == ["done", "cleaned"]
    assert len(steps) == {"fresh": 7, "force": 10, "partial": 8}[scenario], steps
    for step in steps:
        _killed_at(step, second, out, **options)
        _manifest_is_true(out)
        placing.recover(out)  # what the next build does first
        finished = step in {"done", "cleaned"}  # the new dossier was complete
        assert snapshot(out) == (after if finished else before), f"killed at {step}"
        if finished:  # back to the start for the next step
            for name in set(after) - set(before):
                (out / name).unlink()
            for name, data in before.items():
                (out / name).write_bytes(data)
    _build(second, out, **options)
    assert snapshot(out) == after


def test_the_next_build_recovers_on_its_own_even_when_it_is_refused(
        example_path, tmp_path, only_agreements):
    out = tmp_path / "out"
    _build(example_path, out)
    before = snapshot(out)
    _killed_at(f"placed:{MOU}", example_path, out, force=True)
    assert not (out / "manifest.json").exists()  # set aside first: it lists nothing absent
    with pytest.raises(InputError, match="already exists"):
        _build(example_path, out)  # no --force: refused, after restoring the old dossier
    assert snapshot(out) == before


def test_a_staging_folder_of_a_build_killed_before_moving_is_removed(
        example_path, tmp_path, only_agreements):
    out = tmp_path / "out"
    _killed_at("locked", example_path, out)
    assert next(p.name for p in out.iterdir()).startswith(".hrdd-staging-")
    result = _build(example_path, out)
    assert sorted(p.name for p in out.iterdir()) == sorted([MOU, DEED, "manifest.json"])
    assert result.warnings == []


def test_a_damaged_journal_is_named_with_the_fix(example_path, tmp_path, only_agreements):
    out = tmp_path / "out"
    _build(example_path, out)
    (out / placing.JOURNAL).write_text("{not json", "utf-8")
    with pytest.raises(InputError) as caught:
        _build(example_path, out, force=True)
    assert str(caught.value) == (
        f"{out / placing.JOURNAL}: is damaged, so hrdd build cannot tell what an interrupted "
        "build left here; check the folder's files against manifest.json, delete the "
        "journal, then build again")


# --- --force and what is in the way --------------------------------------------------------


def test_force_never_replaces_a_folder(runner, example_path, tmp_path, only_agreements):
    out = tmp_path / "out"
    (out / MOU).mkdir(parents=True)
    (out / MOU / "signed-scan.pdf").write_bytes(b"%PDF signed")
    result = runner.invoke(cli, ["build", str(example_path), "-o", str(out), "--force",
                                 "--as-of", DAY])
    assert result.exit_code == 2
    assert result.stderr == (f"{out / MOU}: is a folder, which hrdd build never replaces, even "
                             "with --force; nothing was written. Move it away, or choose "
                             "another -o DIR\n")
    assert (out / MOU / "signed-scan.pdf").read_bytes() == b"%PDF signed"
    assert sorted(p.name for p in out.iterdir()) == [MOU]


def test_force_never_replaces_a_link(runner, example_path, tmp_path, only_agreements):
    out = tmp_path / "out"
    assert runner.invoke(cli, ["build", str(example_path), "-o", str(out), "--as-of", DAY]
                         ).exit_code == 0
    mine = tmp_path / "mine.docx"
    mine.write_bytes(b"my own")
    (out / MOU).unlink()
    (out / MOU).symlink_to(mine)
    result = runner.invoke(cli, ["build", str(example_path), "-o", str(out), "--force",
                                 "--as-of", DAY])
    assert result.exit_code == 2
    assert f"{out / MOU}: is a link, which hrdd build never replaces" in result.stderr
    assert mine.read_bytes() == b"my own" and (out / MOU).is_symlink()


def test_force_keeps_a_document_edited_since_it_was_built(runner, example_path, tmp_path,
                                                          only_agreements):
    out = tmp_path / "out"
    assert runner.invoke(cli, ["build", str(example_path), "-o", str(out), "--as-of", DAY]
                         ).exit_code == 0
    (out / DEED).write_bytes((out / DEED).read_bytes() + b"signed")
    before = snapshot(out)
    result = runner.invoke(cli, ["build", str(example_path), "-o", str(out), "--force",
                                 "--as-of", DAY])
    assert result.exit_code == 2
    assert result.stderr == (
        f"{out / DEED}: was changed since hrdd build wrote it (it no longer matches "
        "manifest.json), so --force does not replace it; nothing was written. Move it away "
        "to keep the changes, or delete it, then build again\n")
    assert snapshot(out) == before


def test_force_does_not_replace_a_manifest_it_did_not_write(runner, example_path, tmp_path,
                                                           only_agreements):
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.json").write_text('{"mine": true}', "utf-8")
    result = runner.invoke(cli, ["build", str(example_path), "-o", str(out), "--force",
                                 "--as-of", DAY])
    assert result.exit_code == 2
    assert "manifest.json: is not a manifest hrdd build wrote, so --force does not replace " \
        "it" in result.stderr
    assert (out / "manifest.json").read_text("utf-8") == '{"mine": true}'


# --- partial builds -------------------------------------------------------------------------


def test_a_partial_build_keeps_the_other_documents_in_the_manifest(
        runner, example_data, tmp_path, only_agreements):
    out = tmp_path / "out"
    first = write_project(tmp_path, example_data, "first.yaml")
    assert runner.invoke(cli, ["build", str(first), "-o", str(out), "--as-of", DAY]
                         ).exit_code == 0
    before = json.loads((out / "manifest.json").read_text("utf-8"))
    example_data["project"]["title"] = "Support to police, amended"
    second = write_project(tmp_path, example_data, "second.yaml")
    args = ["build", str(second), "-o", str(out), "--only", "mou", "--force",
            "--as-of", "2026-04-01"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    after = json.loads((out / "manifest.json").read_text("utf-8"))
    deed_before = next(d for d in before["documents"] if d["file"] == DEED)
    deed_after = next(d for d in after["documents"] if d["file"] == DEED)
    assert deed_after == deed_before and deed_after["build"] == 1
    assert deed_after["clauses"] and deed_after["clauses"][0]["reasons"]
    mou = next(d for d in after["documents"] if d["file"] == MOU)
    assert mou["build"] == 2
    assert [d["file"] for d in after["documents"]] == [MOU, DEED]
    assert [(b["build"], b.get("as_of"), b["kinds"], b["input"]["file"])
            for b in after["builds"]] == [(1, DAY, ["mou", "deed"], "first.yaml"),
                                          (2, "2026-04-01", ["mou"], "second.yaml")]
    again = (out / "manifest.json").read_bytes()
    assert runner.invoke(cli, args).exit_code == 0
    assert (out / "manifest.json").read_bytes() == again  # deterministic, no clock time
    assert runner.invoke(cli, ["build", str(second), "-o", str(out), "--force",
                               "--as-of", DAY]).exit_code == 0
    full = json.loads((out / "manifest.json").read_text("utf-8"))
    assert [b["build"] for b in full["builds"]] == [1]


def test_a_document_no_longer_made_leaves_the_manifest_with_a_warning(
        runner, example_data, tmp_path):
    out = tmp_path / "out"
    project = write_project(tmp_path, example_data)
    assert runner.invoke(cli, ["build", str(project), "-o", str(out), "--only", "deed",
                               "--as-of", DAY]).exit_code == 0
    recipient = example_data["recipients"][0]
    recipient["id"] = "dpf-esse-2"
    for activity in example_data["activities"]:
        activity["recipients"] = ["dpf-esse-2"]
    for risk in example_data["assessment"]["risks"]:
        if risk.get("recipients"):
            risk["recipients"] = ["dpf-esse-2"]
    for incident in example_data["procedure"]["log"]:
        if incident.get("recipient"):
            incident["recipient"] = "dpf-esse-2"
    project = write_project(tmp_path, example_data)
    result = runner.invoke(cli, ["build", str(project), "-o", str(out), "--only", "deed",
                                 "--force", "--as-of", DAY])
    assert result.exit_code == 0, result.output
    assert (f"warning: {DEED} is left from an earlier build but is no longer part of the "
            "dossier (the project no longer calls for it); delete it") in result.stderr
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert [d["file"] for d in manifest["documents"]] == [
        "drv-esse-police-deed-dpf-esse-2.docx"]
    assert (out / DEED).exists()


# --- names ------------------------------------------------------------------------------


def test_an_output_folder_name_too_long_for_the_system(runner, example_path, tmp_path):
    target = tmp_path / ("x" * 300)
    result = runner.invoke(cli, ["build", str(example_path), "-o", str(target), "--as-of", DAY])
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "is 300 bytes long, more than the 255 this system allows for a file or folder name; "
        "nothing was written. Choose another -o DIR, with a shorter name\n")


# --- places that cannot be written ------------------------------------------------


def test_build_into_a_path_under_a_file(runner, example_path, tmp_path):
    blocker = tmp_path / "notes.txt"
    blocker.write_text("a file, not a folder")
    target = blocker / "dossier"
    result = runner.invoke(cli, ["build", str(example_path), "-o", str(target), "--only", "sop",
                                 "--as-of", "2026-03-01"])
    assert result.exit_code == 2
    assert result.stderr == (f"{target}: cannot be written (part of the path is a file, not a "
                             "folder); nothing was written there. Choose another -o DIR, or "
                             "one you may write to\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "project.yaml"]


def test_init_into_a_path_under_a_file(runner, tmp_path):
    (tmp_path / "notes.txt").write_text("x")
    target = tmp_path / "notes.txt" / "project"
    result = runner.invoke(cli, ["init", str(target)])
    assert result.exit_code == 2
    assert result.stderr == (f"{target}: cannot be written (part of the path is a file, not a "
                             "folder); nothing was written there. Choose another folder, one "
                             "you may write to\n")


def test_a_full_disk_is_not_called_invalid_input(tmp_path):
    import errno

    from hrdd_docs.errors import HrddError

    with pytest.raises(HrddError) as caught, writing(tmp_path / "out", "choose another -o DIR"):
        raise OSError(errno.ENOSPC, "No space left on device")
    assert not isinstance(caught.value, InputError)
    assert caught.value.exit_code == 1
    assert str(caught.value) == (f"{tmp_path / 'out'}: cannot be written (no space left on "
                                 "device); nothing was written there. Choose another -o DIR")


def test_an_unforeseen_os_error_is_a_message_not_a_traceback(runner, example_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(example_path))

    monkeypatch.setattr("hrdd_docs.loading.load_project", refuse)
    result = runner.invoke(cli, ["validate", str(example_path)])
    assert result.exit_code == 1
    assert result.stderr == (f"{example_path}: Permission denied; nothing more was done. Check "
                             "the path and that you may read and write there\n")


def test_a_system_without_flock_is_refused_with_a_message(monkeypatch, tmp_path):
    """Windows has no fcntl: the build says what it needs instead of a traceback."""
    import builtins

    from hrdd_docs import placing
    from hrdd_docs.errors import HrddError

    real_import = builtins.__import__

    def no_fcntl(name, *args, **kwargs):
        if name == "fcntl":
            raise ImportError("No module named 'fcntl'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_fcntl)
    with pytest.raises(HrddError) as refused:
        placing._lock_folder(tmp_path)
    assert str(refused.value).endswith(
        "POSIX file lock (flock), which this system lacks; run it on Linux or macOS, or on "
        "Windows under WSL")
