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

import contextlib
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
from hrdd_docs.errors import BlockedError, InputError, Problem, writing
from hrdd_docs.model import Project
from hrdd_docs.outputs import BuildInfo, Output

RENDERERS: dict[str, str] = {
    "mou": "hrdd_docs.render.mou:render",
    "deed": "hrdd_docs.render.deed:render",
    "ira": "hrdd_docs.render.workbook:render",
    "sop": "hrdd_docs.render.sop:render",
    "visibility_waiver": "hrdd_docs.render.waiver:render",
    "notice": "hrdd_docs.render.notice:render",
}
"""Kind of document → ``"module:function"``;
``function(project, library, build=BuildInfo) -> list[Output]``.

A renderer may return no document (no waiver is requested, no recipient receives items);
its module then says why in ``why_none(project) -> str``, which the build reports.

Imported only when that kind is built. The order is the order of a full build.
"""

INTERNAL_KINDS = frozenset({"ira", "sop"})
"""Kinds for IOM staff only. They are built even while a domain rule blocks the external
documents (the workbook and the procedure sheet are where the assessment is done and
the block recorded); the agreements and letters are refused then (Action 2: IOM does
not engage; Action 4: not without a completed assessment, nor with a high risk that
no integrated measure mitigates)."""

BLOCKED_ONLY = frozenset({"notice"})
"""Kinds built only while a rule blocks the support: the notice that tells the recipient's
authority support is not possible until measures are taken (Action 4). A full build of
a project that nothing blocks leaves them out without a word; asked for by ``--only``,
the build says why there is none."""

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

    While a domain rule blocks the support (:func:`hrdd_docs.assess.blocking`) the
    internal documents asked for are still built and written, with the notice to the
    recipient's authority where a high risk blocks it; then :class:`BlockedBuild` is
    raised, naming every rule, the field that lifts it, and what was written.

    Raise :class:`InputError` (unknown kind, invalid project, an existing file without
    ``force``), :class:`BlockedBuild` (external documents asked for while a rule blocks
    them) or :class:`~hrdd_docs.office.OfficeError` (``pdf`` without LibreOffice).
    Nothing is written when InputError or OfficeError is raised.
    """
    from hrdd_docs.loading import load_project

    kinds = check_arguments(only, pdf)
    check_folder(out_dir)
    return build_project(load_project(project_file), project_file, out_dir, kinds,
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


def check_folder(out_dir: Path) -> None:
    """Refuse an output path that exists and is not a folder."""
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(Problem(str(out_dir), 0, 0, "", "exists and is not a folder; "
                                 "choose another -o DIR"))


def build_project(project: Project, project_file: Path, out_dir: Path, kinds: list[str], *,
                  force: bool, pdf: bool, library_dir: Path | None,
                  today: date | None) -> BuildResult:
    """:func:`build` once the project is loaded and the arguments are checked."""
    from hrdd_docs import clauses, office

    blocks = assess.blocking(project)
    built, refused = plan(project, kinds, blocks)
    if refused and not built:
        raise BlockedBuild(blocks, refused, None, _stale(project, out_dir, refused))
    library = clauses.load_library(library_dir)

    day = today or date.today()
    info = BuildInfo(day, tuple(built), tuple(blocks))
    documents: list[Output] = []
    warnings: list[str] = []
    for kind in built:
        made = _renderer(kind)(project, library, build=info)
        if not made:
            warnings.append(_why_none(kind, project))
        documents.extend(made)
    _check_names(documents)

    # A gap that is also a block is said once, in the block's message.
    warnings = ([f"{gap.rule}: {gap.message}" for gap in assess.gaps(project, day)
                 if not any(gap.path == b.path and gap.message in b.message for b in blocks)]
                + notes(project) + warnings)
    if blocks and not refused:
        warnings += [f"blocked by {b.rule}: {b.message} [{b.path}]" for b in blocks]
    pdf_names = [_pdf_name(d.name) for d in documents if d.name.endswith(".docx")] if pdf else []
    names = [d.name for d in documents] + pdf_names + [MANIFEST]
    existing = [out_dir / name for name in names if (out_dir / name).exists()]
    if existing and not force:
        raise InputError([Problem(str(path), 0, 0, "", "already exists; nothing was written. "
                                  "Use --force to replace it, or choose another -o DIR")
                          for path in existing])

    manifest = _manifest(project, project_file, library, library_dir, documents, pdf_names,
                         warnings, blocks)
    # Folders above out_dir that this build creates, removed again if it fails.
    new_folders = [p for p in reversed(out_dir.parents) if not p.exists()]
    with writing(out_dir, "choose another -o DIR, or one you may write to"):
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
        done = False
        try:
            for document in documents:
                (staging / document.name).write_bytes(document.data)
            for document in documents:
                if pdf and document.name.endswith(".docx"):
                    office.convert(staging / document.name, "pdf", staging)
            (staging / MANIFEST).write_bytes(manifest)
            _move_into_place(staging, out_dir, names)
            done = True
        finally:
            shutil.rmtree(staging, ignore_errors=True)
            for folder in reversed(new_folders if not done else []):
                with contextlib.suppress(OSError):
                    folder.rmdir()  # only if still empty
    result = BuildResult(out_dir, documents, [out_dir / n for n in names], existing, warnings)
    if refused:
        raise BlockedBuild(blocks, refused, result, _stale(project, out_dir, refused))
    return result


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


def plan(project: Project, kinds: list[str], blocks: list[Any]) -> tuple[list[str], list[str]]:
    """The kinds this build renders, and those it refuses, in :data:`RENDERERS` order.

    Nothing blocks: every kind asked for, less the notice unless it was asked for alone
    or by name (``--only``). A rule blocks: the internal kinds asked for, and the notice
    when it applies (:func:`hrdd_docs.assess.notice_recipients`); every other kind asked
    for is refused.
    """
    everything = set(kinds) == set(RENDERERS)
    if not blocks:
        return [k for k in kinds if k not in BLOCKED_ONLY or not everything], []
    notice = bool(assess.notice_recipients(project))
    built = [k for k in kinds
             if k in INTERNAL_KINDS or (k in BLOCKED_ONLY and (notice or not everything))]
    refused = [k for k in kinds if k not in INTERNAL_KINDS and k not in BLOCKED_ONLY]
    return built, refused


def notes(project: Project) -> list[str]:
    """Decisions the build made that its user should know, as warnings.

    Exempt-only support: no assessment is required, though one may be prudent (Action 1).
    A recipient outside State structures receives items: no deed is made with it.
    """
    from hrdd_docs import parties

    out = []
    if assess.exempt_only(project):
        out.append("Action 1: the support is exempt only, so no risk assessment is required; "
                   "it may still be prudent to assess the reputational risks")
    for recipient in project.recipients:
        gets = any((i.recipient or a.recipients[0]) == recipient.id
                   for a in project.activities for i in a.items)
        if parties.outside_state(recipient) and gets:
            out.append(f"Action 2(a): no deed of donation to {recipient.name}: it operates "
                       "outside State structures, and IOM makes no agreement with it outside "
                       f"the host government's arrangement; the MOU with "
                       f"{parties.party_authority(project, recipient)} covers the items. To "
                       "pass ownership, donate them to a State recipient instead")
    return out


class BlockedBuild(BlockedError):
    """A build whose external documents were refused by a domain rule (exit 3).

    ``result`` is what was written all the same (the internal documents, and the notice
    where it applies), or None when nothing was.
    """

    def __init__(self, blocks: list[Any], refused: list[str], result: BuildResult | None,
                 stale: list[str]) -> None:
        self.blocks = blocks
        self.refused = refused
        self.result = result
        first = blocks[0].rule
        rules = list(dict.fromkeys(b.rule for b in blocks))
        lines = [f"  - {b.rule}: {b.message} [{b.path}]" for b in blocks]
        kinds = {d.kind for d in result.documents} if result is not None else set()
        written = [words for kind, words in _WRITTEN if kind in kinds]
        wrote = ("nothing was written" if result is None else
                 f"{_words_and(written) if written else 'only the manifest'} "
                 f"{'was' if len(written) < 2 else 'were'} written")
        text = (f"IOM does not engage while {'this holds' if len(blocks) == 1 else 'these hold'}"
                f" ({len(blocks)} reason{'s' if len(blocks) > 1 else ''}, the field to "
                "complete or correct in brackets):\n" + "\n".join(lines)
                + f"\nSo no {_words(refused)} was built, and {wrote}. Complete the project "
                "definition and build again; `hrdd assess` lists the same reasons.")
        if stale:
            text += (f"\nThe folder still holds {_words_and(stale)} from an earlier build; "
                     "they no longer reflect the project: do not send or sign them.")
        super().__init__(first if len(rules) == 1 else ", ".join(rules), text)


_WRITTEN = (("ira", "the IRA workbook"), ("sop", "the procedure sheet"),
            ("notice", "the notice to the recipient's authority (Action 4)"))


def _stale(project: Project, out_dir: Path, refused: list[str]) -> list[str]:
    """Files an earlier build wrote in ``out_dir`` for the kinds now refused."""
    patterns = {"mou": "{id}-mou.docx", "deed": "{id}-deed-*.docx",
                "visibility_waiver": "{id}-visibility-waiver-*.docx"}
    if not out_dir.is_dir():
        return []
    found: list[str] = []
    for kind in refused:
        pattern = patterns.get(kind)
        if pattern:
            found += sorted(p.name for p in out_dir.glob(pattern.format(id=project.project.id)))
    return found


def _words_and(names: list[str]) -> str:
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]


def _words(kinds: list[str]) -> str:
    names = {"mou": "MOU", "deed": "deed of donation", "visibility_waiver": "visibility-waiver "
             "letter", "notice": "notice"}
    listed = [names.get(k, k) for k in kinds]
    return ", ".join(listed[:-1]) + " or " + listed[-1] if len(listed) > 1 else listed[0]


def _renderer(kind: str) -> Callable[..., list[Output]]:
    module, _, function = RENDERERS[kind].partition(":")
    renderer: Callable[..., list[Output]] = getattr(
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
              documents: list[Output], pdf_names: list[str], warnings: list[str],
              blocks: list[Any]) -> bytes:
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
        # The rules that refused the external documents of this build (Actions 2 and 4).
        "blocked": [{"rule": b.rule, "message": b.message, "path": b.path, "kind": b.kind}
                    for b in blocks],
    }
    text = json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False)
    return (text + "\n").encode("utf-8")


def _clause_entry(selected: Any) -> dict[str, Any]:
    clause = selected.clause
    return {"id": clause.id, "family": clause.family, "title": clause.title,
            "version": clause.version, "source": clause.source,
            "reasons": list(selected.reasons)}
