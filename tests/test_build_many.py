"""``hrdd build`` of several projects: one sub-folder each, all cores, failures at the end."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import write_project

from hrdd_docs import batch, dossier
from hrdd_docs.cli import cli

DOCUMENTS = ["{id}-deed-dpf-esse.docx", "{id}-mou.docx", "manifest.json"]


def build(runner: CliRunner, *args: str) -> Any:
    return runner.invoke(cli, ["build", *args, "--as-of", "2026-03-01", "--only", "mou,deed"])


def project(tmp_path: Path, data: dict[str, Any], project_id: str,
            folder: str = "projects") -> Path:
    """Write ``data`` with ``project_id`` as ``<folder>/<project_id>/project.yaml``."""
    data = copy.deepcopy(data)
    data["project"]["id"] = project_id
    target = tmp_path / folder / project_id
    target.mkdir(parents=True)
    return write_project(target, data)


def files_in(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_a_folder_builds_each_project_into_its_own_sub_folder(
        runner: CliRunner, example_data: dict[str, Any], tmp_path: Path) -> None:
    for name in ("drv-a", "drv-b", "drv-c"):
        project(tmp_path, example_data, name)
    out = tmp_path / "out"
    result = build(runner, str(tmp_path / "projects"), "-o", str(out), "--jobs", "2")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"Built 3 of 3 projects into {out}:\n" + "".join(
            f"  {name}: 3 files (from {tmp_path / 'projects' / name / 'project.yaml'})\n"
            for name in ("drv-a", "drv-b", "drv-c")))
    assert result.stderr == "Building 3 projects\n"  # the progress bar, on stderr
    assert sorted(p.name for p in out.iterdir()) == ["drv-a", "drv-b", "drv-c"]
    for name in ("drv-a", "drv-b", "drv-c"):
        assert sorted(files_in(out / name)) == [d.format(id=name) for d in DOCUMENTS]
        manifest = json.loads((out / name / "manifest.json").read_text("utf-8"))
        assert manifest["input"]["project_id"] == name


def test_several_processes_write_what_one_process_writes(
        runner: CliRunner, example_data: dict[str, Any], tmp_path: Path) -> None:
    files = [str(project(tmp_path, example_data, name)) for name in ("drv-a", "drv-b")]
    assert build(runner, *files, "-o", str(tmp_path / "one"), "-j", "1").exit_code == 0
    assert build(runner, *files, "-o", str(tmp_path / "two"), "-j", "2").exit_code == 0
    for name in ("drv-a", "drv-b"):
        assert files_in(tmp_path / "one" / name) == files_in(tmp_path / "two" / name)


def test_one_project_alone_is_built_as_before(
        runner: CliRunner, example_data: dict[str, Any], tmp_path: Path) -> None:
    file = project(tmp_path, example_data, "drv-a")
    one = build(runner, str(file), "-o", str(tmp_path / "single"))
    assert one.stdout.startswith(f"Wrote 3 files to {tmp_path / 'single'}:\n")
    many = build(runner, str(tmp_path / "projects"), "-o", str(tmp_path / "many"))
    assert many.exit_code == 0, many.output
    assert files_in(tmp_path / "single") == files_in(tmp_path / "many" / "drv-a")


def test_failures_are_reported_at_the_end_and_the_others_are_built(
        runner: CliRunner, example_data: dict[str, Any], tmp_path: Path) -> None:
    good = project(tmp_path, example_data, "drv-good")
    blocked_data = copy.deepcopy(example_data)
    blocked_data["preconditions"]["weapons"]["weapons_or_ammunition"] = True
    blocked = project(tmp_path, blocked_data, "drv-blocked")
    invalid_data = copy.deepcopy(example_data)
    invalid_data["project"]["titel"] = invalid_data["project"].pop("title")
    invalid = project(tmp_path, invalid_data, "drv-invalid")
    out = tmp_path / "out"

    result = build(runner, str(tmp_path / "projects"), "-o", str(out), "-j", "2")
    assert result.exit_code == 2  # invalid input outranks a blocked project
    assert result.stdout == (f"Built 1 of 3 projects into {out}:\n"
                             f"  drv-good: 3 files (from {good})\n")
    errors = result.stderr.split("error: ")
    assert errors[0] == "Building 3 projects\n"
    assert errors[1].startswith(f"{blocked} (exit 3):\n  blocked by Action 2(c): ")
    assert errors[2].startswith(f"{invalid} (exit 2):\n  {invalid}:")
    assert "project.titel: unknown key 'titel'" in errors[2]
    assert errors[2].endswith("\n2 of 3 projects failed; nothing was written for them.\n")
    assert [p.name for p in out.iterdir()] == ["drv-good"]  # no staging folder left behind

    invalid.unlink()
    result = build(runner, str(good), str(blocked), "-o", str(tmp_path / "again"))
    assert result.exit_code == 3


def test_two_projects_with_the_same_id_are_refused(
        runner: CliRunner, example_data: dict[str, Any], tmp_path: Path) -> None:
    first = project(tmp_path, example_data, "drv-a", folder="one")
    second = project(tmp_path, example_data, "drv-a", folder="two")
    out = tmp_path / "out"
    result = build(runner, str(first), str(second), "-o", str(out), "-j", "1")
    assert result.exit_code == 2
    assert (f"error: {second} (exit 2):\n  {second} project.id: 'drv-a' is also the id of "
            f"{first}, built into {out / 'drv-a'}; give each project its own id\n"
            in result.stderr)
    assert json.loads((out / "drv-a" / "manifest.json").read_text("utf-8"))["input"]["file"]


def test_an_existing_dossier_is_kept_without_force(
        runner: CliRunner, example_data: dict[str, Any], tmp_path: Path) -> None:
    project(tmp_path, example_data, "drv-a")
    out = tmp_path / "out"
    assert build(runner, str(tmp_path / "projects"), "-o", str(out)).exit_code == 0
    before = files_in(out / "drv-a")
    result = build(runner, str(tmp_path / "projects"), "-o", str(out))
    assert result.exit_code == 2
    assert "already exists; nothing was written. Use --force" in result.stderr
    assert files_in(out / "drv-a") == before
    result = build(runner, str(tmp_path / "projects"), "-o", str(out), "--force")
    assert result.exit_code == 0, result.output
    assert "  drv-a: 3 files, 3 replaced (from " in result.stdout


def test_a_folder_without_projects_is_an_input_error(runner: CliRunner, tmp_path: Path) -> None:
    result = build(runner, str(tmp_path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert result.stderr == (f"{tmp_path}: holds no */project.yaml; give project files, or a "
                             "folder with one folder per project\n")


def test_an_argument_wrong_for_every_project_is_reported_once(
        runner: CliRunner, example_data: dict[str, Any], tmp_path: Path) -> None:
    files = [str(project(tmp_path, example_data, name)) for name in ("drv-a", "drv-b")]
    result = runner.invoke(cli, ["build", *files, "-o", str(tmp_path / "out"), "--only", "mo"])
    assert result.exit_code == 2
    assert result.stderr == ("--only: unknown document kind 'mo'; use one or more of "
                             f"{', '.join(dossier.RENDERERS)}\n")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("codes", "expected"), [
    ([], 0), ([3, 1], 3), ([1, 3, 2], 2), ([1], 1), ([3, 3], 3)])
def test_the_exit_code_is_the_most_telling_failure(codes: list[int], expected: int) -> None:
    failures = [batch.Failure(Path(f"p{n}.yaml"), code, "") for n, code in enumerate(codes)]
    assert batch.ManyResult([], failures).exit_code == expected
