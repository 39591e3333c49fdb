"""Build the dossier: every document of a project, written all at once or not at all.

:func:`build` is the pipeline behind ``hrdd build``: load the project → refuse the
external agreements while a domain rule blocks them → load the clause library →
render every requested document in memory → write them, any PDFs and
``manifest.json`` into a temporary folder beside the output folder → move them into
place only when everything succeeded. A failure at any step leaves the output folder
exactly as it was; an existing file is replaced only with ``force``.

The same inputs give byte-identical documents and manifest: document dates come from
the project, zip entries carry a fixed date, the manifest has sorted keys, relative
names and no timestamps. (PDFs made by LibreOffice carry their own creation time, so
they are listed in the manifest without a hash.)
"""

from __future__ import annotations

import gc
import hashlib
import importlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from hrdd_docs import __version__, assess
from hrdd_docs.errors import BlockedError, InputError, Problem
from hrdd_docs.model import Project
from hrdd_docs.outputs import Output

RENDERERS: dict[str, str] = {
    "mou": "hrdd_docs.render.mou:render",
    "deed": "hrdd_docs.render.deed:render",
    "ira": "hrdd_docs.render.workbook:render",
    "sop": "hrdd_docs.render.sop:render",
    "visibility_waiver": "hrdd_docs.render.waiver:render",
}
"""Kind of document → ``"module:function"``; ``function(project, library) -> list[Output]``.

A renderer may return no document (no waiver is requested, no recipient receives items);
its module then says why in ``why_none(project) -> str``, which the build reports.

Imported only when that kind is built. The order is the order of a full build.
"""

INTERNAL_KINDS = frozenset({"ira", "sop"})
"""Kinds for IOM staff only. They are built even while a domain rule blocks the external
documents (a failed precondition must still be recorded in the workbook); every other
kind is refused then (Action 2: IOM will not engage)."""

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote, for the command line to report."""

    out_dir: Path
    documents: list[Output]
    files: list[Path]
    """Every file written, documents first, then PDFs, then the manifest."""
    replaced: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def build(project_file: Path, out_dir: Path, *, only: set[str] | None = None,
          force: bool = False, pdf: bool = False, library_dir: Path | None = None,
          today: date | None = None) -> BuildResult:
    """Render the dossier of ``project_file`` into ``out_dir``; see the module docstring.

    ``only`` limits the build to some kinds (keys of :data:`RENDERERS`); ``library_dir``
    adds a user's clause folder to the packaged library; ``today`` is the date gaps
    such as a due reassessment are checked against (default: today).

    Raise :class:`InputError` (unknown kind, invalid project, an existing file without
    ``force``), :class:`BlockedError` (a failed precondition or an unmitigated high risk
    while external documents are requested) or :class:`~hrdd_docs.office.OfficeError`
    (``pdf`` without LibreOffice). Nothing is written when any of them is raised.
    """
    from hrdd_docs.loading import load_project

    kinds = check_arguments(only, pdf)
    _check_folder(out_dir)
    return _build_project(load_project(project_file), project_file, out_dir, kinds,
                          force=force, pdf=pdf, library_dir=library_dir, today=today)


def check_arguments(only: set[str] | None, pdf: bool) -> list[str]:
    """The kinds to build; refuse unknown kinds, and ``pdf`` without LibreOffice.

    :func:`build` and :func:`build_many` call it first; a caller may call it earlier,
    e.g. before showing a progress bar.
    """
    from hrdd_docs import office

    kinds = _kinds(only)
    if pdf and office.soffice() is None:
        raise office.OfficeError(
            "--pdf needs LibreOffice, which is not installed, so nothing was built; install "
            "it (Debian: apt-get install libreoffice-writer-nogui) or build without --pdf"
        )
    return kinds


def _check_folder(out_dir: Path) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(Problem(str(out_dir), 0, 0, "", "exists and is not a folder; "
                                 "choose another -o DIR"))


def _build_project(project: Project, project_file: Path, out_dir: Path, kinds: list[str], *,
                   force: bool, pdf: bool, library_dir: Path | None,
                   today: date | None) -> BuildResult:
    """:func:`build` once the project is loaded and the arguments are checked."""
    from hrdd_docs import clauses, office

    _refuse_if_blocked(project, kinds)
    library = clauses.load_library(library_dir)

    documents: list[Output] = []
    warnings: list[str] = []
    for kind in kinds:
        made = _renderer(kind)(project, library)
        if not made:
            warnings.append(_why_none(kind, project))
        documents.extend(made)
    _check_names(documents)

    day = today or date.today()
    warnings = [f"{gap.rule}: {gap.message}" for gap in assess.gaps(project, day)] + warnings
    pdf_names = [_pdf_name(d.name) for d in documents if d.name.endswith(".docx")] if pdf else []
    names = [d.name for d in documents] + pdf_names + [MANIFEST]
    existing = [out_dir / name for name in names if (out_dir / name).exists()]
    if existing and not force:
        raise InputError([Problem(str(path), 0, 0, "", "already exists; nothing was written. "
                                  "Use --force to replace it, or choose another -o DIR")
                          for path in existing])

    manifest = _manifest(project, project_file, library, library_dir, documents, pdf_names,
                         warnings)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    try:
        for document in documents:
            (staging / document.name).write_bytes(document.data)
        for document in documents:
            if pdf and document.name.endswith(".docx"):
                office.convert(staging / document.name, "pdf", staging)
        (staging / MANIFEST).write_bytes(manifest)
        _move_into_place(staging, out_dir, names)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(out_dir, documents, [out_dir / n for n in names], existing, warnings)


def _kinds(only: set[str] | None) -> list[str]:
    if only is None:
        return list(RENDERERS)
    unknown = sorted(set(only) - set(RENDERERS))
    if unknown or not only:
        raise InputError(Problem("--only", 0, 0, "", (
            f"unknown document kind {', '.join(map(repr, unknown))}; use one or more of "
            f"{', '.join(RENDERERS)}" if unknown else
            f"name at least one of {', '.join(RENDERERS)}")))
    return [kind for kind in RENDERERS if kind in only]


def _refuse_if_blocked(project: Project, kinds: list[str]) -> None:
    """Action 2 and Action 4: no external document while a rule forbids engagement."""
    external = [kind for kind in kinds if kind not in INTERNAL_KINDS]
    rules = assess.blocking(project)
    if not rules or not external:
        return
    rule, message = rules[0]
    others = "".join(f"; also {r}: {m}" for r, m in rules[1:])
    internal = [kind for kind in RENDERERS if kind in INTERNAL_KINDS]
    hint = (f", or build only the internal documents with --only {','.join(internal)}"
            if internal else "")
    raise BlockedError(rule, f"{message}{others}. IOM does not engage while this holds, so "
                       f"no {', '.join(external)} was built and nothing was written; correct "
                       f"the project definition{hint}")


def _renderer(kind: str) -> Callable[[Project, Any], list[Output]]:
    module, _, function = RENDERERS[kind].partition(":")
    renderer: Callable[[Project, Any], list[Output]] = getattr(
        importlib.import_module(module), function)
    return renderer


def _why_none(kind: str, project: Project) -> str:
    module = importlib.import_module(RENDERERS[kind].partition(":")[0])
    why: Callable[[Project], str | None] | None = getattr(module, "why_none", None)
    return (why(project) if why else None) or (
        f"no {kind} document: nothing in the project calls for one")


def _check_names(documents: list[Output]) -> None:
    seen: set[str] = set()
    for document in documents:
        name = document.name
        if name in seen or name == MANIFEST or Path(name).name != name or name.startswith("."):
            raise InputError(Problem(name, 0, 0, "", "two documents, or a document and the "
                                     "manifest, would be written under this name"))
        seen.add(name)


def _pdf_name(name: str) -> str:
    return name.rsplit(".", 1)[0] + ".pdf"


def _move_into_place(staging: Path, out_dir: Path, names: list[str]) -> None:
    """Move the staged files into ``out_dir``; on any error, put everything back."""
    created = not out_dir.exists()
    out_dir.mkdir(parents=True, exist_ok=True)
    backup = staging / ".replaced"
    backup.mkdir()
    moved: list[str] = []
    saved: list[str] = []
    try:
        for name in names:
            if (out_dir / name).exists():
                os.replace(out_dir / name, backup / name)
                saved.append(name)
            os.replace(staging / name, out_dir / name)
            moved.append(name)
    except OSError:
        for name in moved:
            (out_dir / name).unlink(missing_ok=True)
        for name in saved:
            os.replace(backup / name, out_dir / name)
        if created:
            shutil.rmtree(out_dir, ignore_errors=True)
        raise


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _manifest(project: Project, project_file: Path, library: Any, library_dir: Path | None,
              documents: list[Output], pdf_names: list[str], warnings: list[str]) -> bytes:
    """The manifest as bytes: sorted keys, relative names, no timestamps."""
    entries = []
    for document in documents:
        entry: dict[str, Any] = {
            "file": document.name,
            "kind": document.kind,
            "title": document.title,
            "audience": str(document.audience),
            "sha256": _sha256(document.data),
            "clauses": [_clause_entry(selected) for selected in document.clauses],
            "notes": list(document.notes),
        }
        if _pdf_name(document.name) in pdf_names:
            entry["pdf"] = _pdf_name(document.name)
        entries.append(entry)
    manifest = {
        "manifest_version": 1,
        "generator": {"name": "hrdd_docs", "version": __version__},
        "input": {"file": project_file.name,
                  "sha256": _sha256(project_file.read_bytes()),
                  "project_id": project.project.id},
        "library": {
            "version": __version__,
            "user_folder": library_dir.name if library_dir is not None else None,
            "clauses": {clause.id: clause.version for clause in library},
        },
        "documents": entries,
        "warnings": warnings,
    }
    text = json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False)
    return (text + "\n").encode("utf-8")


def _clause_entry(selected: Any) -> dict[str, Any]:
    clause = selected.clause
    return {"id": clause.id, "family": clause.family, "title": clause.title,
            "version": clause.version, "source": clause.source,
            "reasons": list(selected.reasons)}


# --------------------------------------------------------------------------- several projects


PROJECT_FILE = "project.yaml"
"""The file :func:`project_files` looks for in each sub-folder of a folder given to build."""


@dataclass(frozen=True)
class Failure:
    """A project of :func:`build_many` that was not built: its file, exit code and message."""

    file: Path
    exit_code: int
    message: str


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
               on_done: Callable[[Path, bool], None] | None = None) -> ManyResult:
    """Build several projects, each into ``out_dir/<project id>``, on ``jobs`` processes.

    Each project is built as :func:`build` builds one: all its documents or none. One
    project failing does not stop the others; every failure is returned with its file.
    Two projects with the same id are refused (the later one to claim it). ``jobs``
    defaults to the number of CPUs; 1 builds in this process. ``on_done(file, ok)`` is
    called as each project finishes, in the order they finish (for a progress bar).
    Raise :class:`InputError` or :class:`~hrdd_docs.office.OfficeError` for arguments
    that fail every project (unknown kind, ``pdf`` without LibreOffice, ``out_dir`` a file).
    """
    from concurrent.futures import ProcessPoolExecutor, as_completed

    kinds = check_arguments(only, pdf)
    _check_folder(out_dir)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(files)))
    _warm_up(kinds)
    claims = Path(tempfile.mkdtemp(prefix="hrdd-ids-"))
    options = {"kinds": kinds, "force": force, "pdf": pdf, "library_dir": library_dir,
               "today": today, "claims": claims}
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
            with ProcessPoolExecutor(jobs, mp_context=_fork_context()) as pool:
                futures = {pool.submit(_build_one, file, out_dir, options): file
                           for file in files}
                for future in as_completed(futures):
                    outcomes[futures[future]] = future.result()
                    if on_done:
                        on_done(futures[future],
                                isinstance(outcomes[futures[future]], BuildResult))
    finally:
        gc.unfreeze()
        shutil.rmtree(claims, ignore_errors=True)
    built = [(f, r) for f in files if isinstance(r := outcomes[f], BuildResult)]
    failures = [r for f in files if isinstance(r := outcomes[f], Failure)]
    return ManyResult(built, failures)


def _build_one(file: Path, out_dir: Path, options: dict[str, Any]) -> BuildResult | Failure:
    """One project of :func:`build_many`; every error becomes a :class:`Failure`."""
    from hrdd_docs.errors import HrddError
    from hrdd_docs.loading import load_project

    try:
        project = load_project(file)
        target = out_dir / project.project.id
        _claim(options["claims"], project.project.id, file, target)
        _check_folder(target)
        return _build_project(project, file, target, options["kinds"], force=options["force"],
                              pdf=options["pdf"], library_dir=options["library_dir"],
                              today=options["today"])
    except HrddError as err:
        return Failure(file, err.exit_code, str(err))
    except Exception as err:  # one project's bug must not hide the others' results
        return Failure(file, 1, f"unexpected error ({type(err).__name__}: {err}); nothing was "
                       "written for this project; please report it")


def _claim(claims: Path, project_id: str, file: Path, target: Path) -> None:
    """Refuse a second project with the same id: both would write into one folder."""
    try:
        fd = os.open(claims / project_id, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        other = (claims / project_id).read_text("utf-8")
        raise InputError(Problem(str(file), 0, 0, "project.id", (
            f"{project_id!r} is also the id of {other}, built into {target}; give each "
            "project its own id"))) from None
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(str(file))


def _warm_up(kinds: list[str]) -> None:
    """Import the renderers and read the packaged clauses once, before the workers fork.

    Forked workers inherit them, so no worker spends its first half second importing.
    """
    from hrdd_docs import clauses, loading  # noqa: F401

    for kind in kinds:
        importlib.import_module(RENDERERS[kind].partition(":")[0])
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
