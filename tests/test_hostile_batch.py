"""Several projects at once (``hrdd build FOLDER -j N``) when processes die.

Each case, and the promise it checks:

- a worker killed while building one project (SIGKILL, as the out-of-memory killer
  does): that project is reported as failed, with the signal, and every other project
  is built; a summary is printed, no traceback; two projects whose workers both die
  are both reported;
- the main process killed (SIGKILL) while its workers build: the workers end too,
  within seconds, instead of staying alive and blocked;
- two projects with one id: each names the other (the run carries on).
"""

from __future__ import annotations

import copy
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import write_project

from hrdd_docs import batch
from hrdd_docs.cli import cli


def _projects(tmp_path: Path, data: dict[str, Any], names: list[str]) -> Path:
    folder = tmp_path / "projects"
    for name in names:
        copy_ = copy.deepcopy(data)
        copy_["project"]["id"] = name
        (folder / name).mkdir(parents=True)
        write_project(folder / name, copy_)
    return folder


def _kill_when_building(victims: set[str], monkeypatch: pytest.MonkeyPatch) -> None:
    real = batch.build_project

    def build_project(project: Any, *args: Any, **kwargs: Any) -> Any:
        if project.project.id in victims:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(project, *args, **kwargs)

    monkeypatch.setattr(batch, "build_project", build_project)


def test_a_worker_that_dies_fails_only_its_project(runner, example_data, tmp_path,
                                                  monkeypatch):
    folder = _projects(tmp_path, example_data, ["drv-a", "drv-b", "drv-c", "drv-d"])
    _kill_when_building({"drv-b"}, monkeypatch)
    out = tmp_path / "out"
    result = runner.invoke(cli, ["build", str(folder), "-o", str(out), "-j", "2", "--only",
                                 "sop", "--as-of", "2026-03-01"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "BrokenProcessPool" not in result.output
    assert result.stdout.startswith(f"Built 3 of 4 projects into {out}:\n")
    assert sorted(p.name for p in out.iterdir()) == ["drv-a", "drv-c", "drv-d"]
    assert (f"error: {folder / 'drv-b' / 'project.yaml'} (exit 1):\n  the process building "
            "this project ended unexpectedly (killed by signal SIGKILL; perhaps out of "
            "memory); nothing of it was kept") in result.stderr
    assert result.stderr.endswith("1 of 4 projects failed; nothing was written for them.\n")


def test_two_workers_that_die_are_both_reported(runner, example_data, tmp_path, monkeypatch):
    folder = _projects(tmp_path, example_data, ["drv-a", "drv-b", "drv-c"])
    _kill_when_building({"drv-a", "drv-c"}, monkeypatch)
    result = runner.invoke(cli, ["build", str(folder), "-o", str(tmp_path / "out"), "-j", "2",
                                 "--only", "sop", "--as-of", "2026-03-01"])
    assert result.exit_code == 1
    assert result.stdout.startswith("Built 1 of 3 projects")
    assert result.stderr.count("ended unexpectedly (killed by signal SIGKILL") == 2


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in {"Z", "X"}  # a zombie has ended; only its parent's record is left


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_end_when_the_main_process_is_killed(example_data, tmp_path):
    folder = _projects(tmp_path, example_data, ["drv-a", "drv-b", "drv-c"])
    pids = tmp_path / "pids"
    pids.mkdir()
    setup = (
        "import os, time\n"
        "from hrdd_docs import batch\n"
        "def build_project(*args, **kwargs):\n"
        f"    open(os.path.join({str(pids)!r}, str(os.getpid())), 'w').close()\n"
        "    time.sleep(120)\n"
        "batch.build_project = build_project\n")
    code = f"{setup}\nfrom hrdd_docs.cli import main\nmain()"
    parent = subprocess.Popen([sys.executable, "-P", "-c", code, "build", str(folder), "-o",
                               str(tmp_path / "out"), "-j", "2", "--only", "sop"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while len(list(pids.iterdir())) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        workers = [int(p.name) for p in pids.iterdir()]
        assert len(workers) == 2, "the workers did not start"
        assert all(_alive(pid) for pid in workers)
        parent.kill()
        parent.wait()
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(pid) for pid in workers), "workers outlived the main process"
    finally:
        parent.kill()
        for pid in [int(p.name) for p in pids.iterdir()]:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_two_projects_with_one_id_name_each_other(runner, example_path, tmp_path):
    folder = tmp_path / "projects"
    for name in ("a", "b"):
        (folder / name).mkdir(parents=True)
        (folder / name / "project.yaml").write_text(example_path.read_text())
    result = runner.invoke(cli, ["build", str(folder), "-o", str(tmp_path / "out"), "--jobs",
                                 "2", "--only", "sop", "--as-of", "2026-03-01"])
    assert result.exit_code == 2
    first, second = sorted(str(folder / n / "project.yaml") for n in ("a", "b"))
    assert (f"'drv-esse-police' is also the id of {first}, built into" in result.stderr
            or f"'drv-esse-police' is also the id of {second}, built into" in result.stderr)
