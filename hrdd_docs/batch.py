"""Build several projects at once, on all cores: ``hrdd build FILE... | FOLDER``.

Each project is built by :func:`hrdd_docs.dossier.build_project` into its own folder,
all of its documents or none; one failing project does not stop the others, not even
one whose worker process dies (:class:`_Pool`).
"""

from __future__ import annotations

import gc
import importlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from hrdd_docs.dossier import RENDERERS, BuildResult, build_project, check_arguments, check_folder
from hrdd_docs.errors import InputError, Problem

PROJECT_FILE = "project.yaml"
"""The file :func:`project_files` looks for in each sub-folder of a folder given to build."""


@dataclass(frozen=True)
class Failure:
    """A project of :func:`build_many` that was not built: its file, exit code and message."""

    file: Path
    exit_code: int
    message: str
    wrote: bool = False
    """Something was written all the same: the internal documents of a blocked project."""


@dataclass(frozen=True)
class ManyResult:
    """What :func:`build_many` did, in the order the project files were given."""

    built: list[tuple[Path, BuildResult]]
    failures: list[Failure]

    @property
    def exit_code(self) -> int:
        """0 when all were built; else invalid input (2) before blocked (3) before other (1)."""
        codes = {failure.exit_code for failure in self.failures}
        return next((code for code in (2, 3, 1) if code in codes), max(codes, default=0))


def project_files(paths: list[Path]) -> list[Path]:
    """Expand ``hrdd build`` arguments: a file stays; a folder gives its ``*/project.yaml``.

    A folder is read one level deep, as ``hrdd init DIR`` lays projects out: one folder
    per project, each holding a ``project.yaml``. Sorted by path; duplicates dropped.
    """
    files: list[Path] = []
    problems = []
    for path in paths:
        if path.is_dir():
            found = sorted(path.glob(f"*/{PROJECT_FILE}"))
            if not found:
                problems.append(Problem(str(path), 0, 0, "", f"holds no */{PROJECT_FILE}; give "
                                        "project files, or a folder with one folder per project"))
            files += found
        else:
            files.append(path)
    if problems:
        raise InputError(problems)
    return list(dict.fromkeys(files))


def build_many(files: list[Path], out_dir: Path, *, jobs: int | None = None,
               only: set[str] | None = None, force: bool = False, pdf: bool = False,
               library_dir: Path | None = None, today: date | None = None,
               on_done: Callable[[Path, bool], None] | None = None,
               languages: tuple[str, ...] | None = None) -> ManyResult:
    """Build several projects, each into ``out_dir/<project id>``, on ``jobs`` processes.

    Each project is built as :func:`build` builds one: all its documents or none. One
    project failing does not stop the others; every failure is returned with its file.
    Two projects with the same id are refused (the later one to claim it). ``jobs``
    defaults to the number of CPUs; 1 builds in this process. ``on_done(file, ok)`` is
    called as each project finishes, in the order they finish (for a progress bar).
    Raise :class:`InputError` or :class:`~hrdd_docs.office.OfficeError` for arguments
    that fail every project (unknown kind, ``pdf`` without LibreOffice, ``out_dir`` a file).
    """
    kinds = check_arguments(only, pdf)
    check_folder(out_dir)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(files)))
    _warm_up(kinds)
    claims = Path(tempfile.mkdtemp(prefix="hrdd-ids-"))
    options = {"kinds": kinds, "force": force, "pdf": pdf, "library_dir": library_dir,
               "today": today, "claims": claims, "languages": languages}
    outcomes: dict[Path, BuildResult | Failure] = {}
    try:
        if jobs == 1:
            for file in files:
                outcomes[file] = _build_one(file, out_dir, options)
                if on_done:
                    on_done(file, isinstance(outcomes[file], BuildResult))
        else:
            # Frozen objects are left alone by the collector, so the workers do not
            # copy the pages of the modules they inherit just to scan them.
            gc.freeze()
            for file, outcome in _Pool(jobs, out_dir, options).run(files):
                outcomes[file] = outcome
                if on_done:
                    on_done(file, isinstance(outcome, BuildResult))
    finally:
        gc.unfreeze()
        shutil.rmtree(claims, ignore_errors=True)
    built = [(f, r) for f in files if isinstance(r := outcomes[f], BuildResult)]
    failures = [r for f in files if isinstance(r := outcomes[f], Failure)]
    return ManyResult(built, failures)


class _Pool:
    """Worker processes that build one project at a time, each over its own pipe.

    Unlike a ``ProcessPoolExecutor``, a worker that dies (killed, out of memory, a crash
    in a library) fails only the project it was building: it is reported as that
    project's failure and replaced, and the run goes on. Workers end with this process:
    on Linux the kernel kills them when it dies (``PR_SET_PDEATHSIG``), and everywhere a
    worker waiting for work sees its pipe close and exits.
    """

    def __init__(self, jobs: int, out_dir: Path, options: dict[str, Any]) -> None:
        self.jobs = jobs
        self.out_dir = out_dir
        self.options = options
        self.context = _fork_context()
        self.workers: dict[Any, tuple[Any, Path | None]] = {}
        """Parent's end of each worker's pipe → (process, project it is building)."""

    def run(self, files: list[Path]) -> Iterator[tuple[Path, BuildResult | Failure]]:
        from multiprocessing.connection import wait

        pending = list(reversed(files))
        try:
            for _ in range(min(self.jobs, len(files))):
                self._give(self._start(), pending)
            while self.workers:
                by_sentinel = {process.sentinel: conn
                               for conn, (process, _) in self.workers.items()}
                ready_list: list[Any] = wait([*self.workers, *by_sentinel])
                for ready in ready_list:
                    pipe = ready in self.workers
                    conn: Any = ready if pipe else by_sentinel[ready]
                    if conn not in self.workers:
                        continue  # already handled through its other end
                    process, file = self.workers[conn]
                    outcome = self._receive(conn) if pipe or conn.poll() else None
                    if pipe:
                        if outcome is not None and file is not None:
                            yield file, outcome
                            self._give(conn, pending)
                        continue  # (an end of file: its sentinel says it is gone)
                    # The worker is gone: what it was building is that project's failure.
                    process.join()
                    conn.close()
                    del self.workers[conn]
                    if file is not None:
                        yield file, outcome or _died(file, process.exitcode)
                        if pending:
                            self._give(self._start(), pending)
        finally:
            for conn, (process, _) in list(self.workers.items()):
                process.kill()
                process.join()
                conn.close()

    @staticmethod
    def _receive(conn: Any) -> BuildResult | Failure | None:
        try:
            outcome: BuildResult | Failure = conn.recv()
        except (EOFError, OSError):
            return None
        return outcome

    def _start(self) -> Any:
        mine, theirs = self.context.Pipe()
        others = list(self.workers)
        process = self.context.Process(target=_worker, daemon=True,
                                       args=(theirs, [mine, *others], os.getpid(),
                                             self.out_dir, self.options))
        process.start()
        theirs.close()
        self.workers[mine] = (process, None)
        return mine

    def _give(self, conn: Any, pending: list[Path]) -> None:
        process, _ = self.workers[conn]
        file = pending.pop() if pending else None
        self.workers[conn] = (process, file)
        try:
            conn.send(file)  # None: no more work, the worker exits
        except OSError:  # it died meanwhile; its sentinel reports it
            pass


def _died(file: Path, exit_code: int | None) -> Failure:
    import signal

    how = (f"killed by signal {signal.Signals(-exit_code).name}" if exit_code and exit_code < 0
           and -exit_code in signal.valid_signals() else f"exit code {exit_code}")
    return Failure(file, 1, f"the process building this project ended unexpectedly ({how}; "
                   "perhaps out of memory); nothing of it was kept, and an interrupted move is "
                   "undone by the next build into its folder; build it again, alone, to see why")


def _worker(conn: Any, inherited: list[Any], parent: int, out_dir: Path,
            options: dict[str, Any]) -> None:
    """Build the projects the parent sends until it sends None or goes away."""
    _die_with_parent()
    for other in inherited:  # the parent's ends: only the parent may hold them
        other.close()
    if os.getppid() != parent:  # the parent died before the line above
        return
    while True:
        try:
            file = conn.recv()
        except (EOFError, OSError):
            return
        if file is None:
            return
        outcome = _build_one(file, out_dir, options)
        try:
            conn.send(outcome)
        except OSError:
            return


def _die_with_parent() -> None:
    """Linux: have the kernel kill this process when its parent dies (best effort)."""
    import signal
    import sys

    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - no prctl
        pass


def _build_one(file: Path, out_dir: Path, options: dict[str, Any]) -> BuildResult | Failure:
    """One project of :func:`build_many`; every error becomes a :class:`Failure`."""
    from hrdd_docs.errors import HrddError
    from hrdd_docs.loading import load_project

    try:
        project = load_project(file)
        target = out_dir / project.project.id
        _claim(options["claims"], project.project.id, file, target)
        check_folder(target)
        return build_project(project, file, target, options["kinds"], force=options["force"],
                              pdf=options["pdf"], library_dir=options["library_dir"],
                              today=options["today"], languages=options["languages"])
    except HrddError as err:
        return Failure(file, err.exit_code, str(err),
                       wrote=getattr(err, "result", None) is not None)
    except Exception as err:  # one project's bug must not hide the others' results
        return Failure(file, 1, f"unexpected error ({type(err).__name__}: {err}); nothing was "
                       "written for this project; please report it")


def _claim(claims: Path, project_id: str, file: Path, target: Path) -> None:
    """Refuse a second project with the same id: both would write into one folder."""
    # The claim is written in full under a private name, then linked to the id: another
    # worker either finds no claim or a complete one, never an empty file.
    mine = claims / f".{os.getpid()}-{project_id}"
    mine.write_text(str(file), "utf-8")
    try:
        os.link(mine, claims / project_id)
    except FileExistsError:
        other = (claims / project_id).read_text("utf-8")
        raise InputError(Problem(str(file), 0, 0, "project.id", (
            f"{project_id!r} is also the id of {other}, built into {target}; give each "
            "project its own id"))) from None
    finally:
        mine.unlink()


def _warm_up(kinds: list[str]) -> None:
    """Import the renderers and read the packaged clauses once, before the workers fork.

    Forked workers inherit them, so no worker spends its first half second importing.
    """
    from hrdd_docs import clauses, loading  # noqa: F401

    for kind in kinds:
        importlib.import_module(RENDERERS[kind].partition(":")[0])
    # The renderers import these when they first render (so `hrdd --help` stays fast);
    # imported here, the workers share them instead of each importing its own copy.
    import docxtpl  # noqa: F401
    import openpyxl.writer.excel  # noqa: F401
    if "ira" in kinds:
        from hrdd_docs.render.workbook_layout import layout

        layout()  # cached: the sheets' description, read once for every worker
    try:
        clauses.load_library(None)
    except InputError:  # reported by each project's build, with its file
        pass


def _fork_context() -> Any:
    """Fork where it exists (Linux): workers start at once, with the warmed-up modules."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)
