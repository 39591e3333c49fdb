"""Build the dossier: every document of a project, written all at once or not at all.

:func:`build` is the pipeline behind ``hrdd build``: load the project → refuse the
external agreements while a domain rule blocks them → load the clause library →
render every requested document in memory → write them, any PDFs and
``manifest.json`` into a private staging folder → move them into place only when
everything succeeded (:mod:`hrdd_docs.placing`: under a lock on the output folder,
journalled, so a build killed while moving is undone by the next). A failure at any
step leaves the output folder exactly as it was. ``force`` replaces only files the
toolkit wrote and that are unchanged since; never a folder, a link or another file.

The same inputs give byte-identical documents and manifest: document dates come from
the project, zip entries carry a fixed date, the manifest has sorted keys, relative
names and no clock time (each build records its as-of date, the day gaps were checked
against: pass ``--as-of`` to rebuild byte for byte on another day). PDFs made by
LibreOffice carry their own creation time, so they are listed in the manifest without
a hash.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from hrdd_docs import __version__, assess, placing
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

TAKES_BUILT = frozenset({"ira"})
"""Kinds whose renderer is given, in ``build.documents``, the documents rendered before it
in this build (the IRA's clause-rationale sheet lists the agreements actually built, each
with its own clauses). Their renderers run after every other kind, whatever the order;
every renderer takes ``build=`` (a :class:`~hrdd_docs.outputs.BuildInfo`)."""

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
          today: date | None = None, languages: tuple[str, ...] | None = None) -> BuildResult:
    """Render the dossier of ``project_file`` into ``out_dir``; see the module docstring.

    ``only`` limits the build to some kinds (keys of :data:`RENDERERS`); ``library_dir``
    adds a user's clause folder to the packaged library; ``today`` is the date gaps
    such as a due reassessment are checked against (default: today); ``languages``
    the documents' language, or two for bilingual agreements (default:
    ``project.language``; :func:`check_languages`).

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
                          force=force, pdf=pdf, library_dir=library_dir, today=today,
                          languages=languages)


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


def check_languages(value: str | None) -> tuple[str, ...] | None:
    """``--lang``: ``fr`` (one language) or ``fr,en`` (bilingual agreements; the other
    documents in the first). None when not given (the project's own language)."""
    from hrdd_docs.wording import LANGUAGES

    if value is None:
        return None
    found = tuple(part.strip() for part in value.split(","))
    unknown = [part for part in found if part not in LANGUAGES]
    if unknown or not 1 <= len(found) <= 2 or len(set(found)) != len(found):
        raise InputError(Problem("--lang", 0, 0, "", (
            f"{value!r} is not a document language; give one of {', '.join(LANGUAGES)}, or "
            "two different ones separated by a comma for bilingual agreements (fr,en)")))
    return found


def check_folder(out_dir: Path) -> None:
    """Refuse an output path that exists and is not a folder, or a name too long."""
    from hrdd_docs.files import check_names

    check_names(out_dir, "choose another -o DIR")
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(Problem(str(out_dir), 0, 0, "", "exists and is not a folder; "
                                 "choose another -o DIR"))


def build_project(project: Project, project_file: Path, out_dir: Path, kinds: list[str], *,
                  force: bool, pdf: bool, library_dir: Path | None,
                  today: date | None, languages: tuple[str, ...] | None = None) -> BuildResult:
    """:func:`build` once the project is loaded and the arguments are checked."""
    from hrdd_docs import clauses, localized, office

    blocks = assess.blocking(project)
    built, refused = plan(project, kinds, blocks)
    if refused and not built:
        raise BlockedBuild(blocks, refused, None, _stale(project, out_dir, refused))
    library = clauses.load_library(library_dir)

    day = today or date.today()
    info = BuildInfo(day, tuple(built), tuple(blocks))
    documents: list[Output] = []
    warnings: list[str] = []
    made_by: dict[str, list[Output]] = {}
    # Every document in the build's language(s); a value without a text in one of them
    # stops the build once all are rendered, each such field listed with its place.
    # Kinds that describe the build (the workbook's clause rationale) come last and are
    # given the documents rendered before them; the outputs keep RENDERERS' order.
    with localized.rendering(languages), localized.gathering(project, project_file):
        for kind in sorted(built, key=lambda k: k in TAKES_BUILT):
            given = replace(info, documents=tuple(documents)) if kind in TAKES_BUILT else info
            made_by[kind] = _renderer(kind)(project, library, build=given)
            documents.extend(made_by[kind])
    documents = [document for kind in built for document in made_by[kind]]
    english = localized.english_note([k for k in built if made_by[k]],
                                     languages or localized.document_languages(project))
    if english:
        warnings.append(english)
    for kind in built:
        if not made_by[kind]:
            warnings.append(_why_none(kind, project))
        # The agreements' own warnings (a signature block left to complete by hand).
        warnings += [f"{d.name}: {note}" for d in made_by[kind] if d.kind in ("mou", "deed")
                     for note in d.notes]
    documents.extend(_input_copy(project, project_file))
    _check_names(documents)

    # A gap that is also a block is said once, in the block's message.
    warnings = ([f"{gap.rule}: {gap.message}" for gap in assess.gaps(project, day)
                 if not any(gap.path == b.path and gap.message in b.message for b in blocks)]
                + notes(project) + warnings)
    if blocks and not refused:
        warnings += [f"blocked by {b.rule}: {b.message} [{b.path}]" for b in blocks]
    pdf_names = [_pdf_name(d.name) for d in documents if d.name.endswith(".docx")] if pdf else []
    names = [d.name for d in documents] + pdf_names + [MANIFEST]
    # Checked here, before anything is written, and again under the folder's lock.
    recovered = placing.recover(out_dir)
    _refuse_existing(out_dir, names, placing.read_manifest(out_dir / MANIFEST), force)

    def manifest(old: dict[str, Any] | None) -> bytes:
        _refuse_existing(out_dir, names, old, force)
        return _manifest(project, project_file, library, library_dir, documents, pdf_names,
                         warnings, _Build(built, day, old, out_dir, languages), blocks)

    # Folders above out_dir that this build creates, removed again if it fails.
    new_folders = [p for p in reversed(out_dir.parents) if not p.exists()]
    done = False
    with writing(out_dir, "choose another -o DIR, or one you may write to"):
        try:
            out_dir.parent.mkdir(parents=True, exist_ok=True)
            with placing.staging(out_dir) as staged:
                staging = staged.path
                for document in documents:
                    (staging / document.name).write_bytes(document.data)
                for document in documents:
                    if pdf and document.name.endswith(".docx"):
                        office.convert(staging / document.name, "pdf", staging)
                replaced = placing.place(staged, names, MANIFEST, manifest)
            done = True
        finally:
            for folder in reversed(new_folders if not done else []):
                with contextlib.suppress(OSError):
                    folder.rmdir()  # only if still empty
    warnings += [f"recovered: {note}" for note in recovered + staged.recovered]
    result = BuildResult(out_dir, documents, [out_dir / n for n in names],
                         [out_dir / n for n in replaced], warnings)
    if refused:
        raise BlockedBuild(blocks, refused, result, _stale(project, out_dir, refused))
    return result


def _refuse_existing(out_dir: Path, names: list[str], old: dict[str, Any] | None,
                     force: bool) -> None:
    problems = placing.check_existing(out_dir, names, MANIFEST, old, force=force)
    if problems:
        raise InputError(problems)


PROJECT_COPY = "project.yaml"
"""Beside the documents of a build from a workbook: the project definition it read."""


def _input_copy(project: Project, project_file: Path) -> list[Output]:
    """A build from an IRA workbook keeps the project definition it read, as YAML.

    The office then holds the exact input of the documents in the reviewable form,
    listed and hashed in the manifest like every document.
    """
    from hrdd_docs.loading import is_workbook

    if not is_workbook(project_file):
        return []
    from hrdd_docs.outputs import Audience
    from hrdd_docs.workbook_import import project_yaml

    return [Output(name=PROJECT_COPY, data=project_yaml(project).encode("utf-8"),
                   kind="project", audience=Audience.internal,
                   title=f"Project definition read from {project_file.name}")]


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


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class _Build:
    """What the manifest records about this build, and the manifest it replaces."""

    kinds: list[str]
    day: date
    old: dict[str, Any] | None
    out_dir: Path
    languages: tuple[str, ...] | None = None
    """The documents' languages (``--lang``); None: the project's own."""


def _manifest(project: Project, project_file: Path, library: Any, library_dir: Path | None,
              documents: list[Output], pdf_names: list[str], warnings: list[str],
              build: _Build, blocks: list[Any]) -> bytes:
    """The manifest as bytes: sorted keys, relative names, no timestamps.

    A build of some kinds only (``--only mou``) keeps the entries of the other kinds'
    documents that are still in the folder; each entry says which build wrote it, and
    ``builds`` says when (the date gaps were checked against, ``--as-of``) and from what.
    An entry of a kind this build made but a document it no longer makes is dropped,
    with a warning: the file stays, but it is no longer part of the dossier.
    """
    kept = _kept_entries(build, {d.name for d in documents}, warnings)
    number = 1 + max((entry["build"] for entry in kept), default=0)
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
            "build": number,
        }
        if document.recipient is not None:
            entry["recipient"] = document.recipient
        if _pdf_name(document.name) in pdf_names:
            entry["pdf"] = _pdf_name(document.name)
        entries.append(entry)
    order = {kind: n for n, kind in enumerate(RENDERERS)}
    entries = sorted(kept + entries, key=lambda e: order.get(e["kind"], len(order)))
    source = {"file": project_file.name, "sha256": _sha256(project_file.read_bytes()),
              "project_id": project.project.id}
    still = {entry["build"] for entry in kept}
    builds = [b for b in _old_builds(build.old) if b["build"] in still]
    builds.append({"build": number, "as_of": build.day.isoformat(), "kinds": build.kinds,
                   "input": source, "generator_version": __version__,
                   "languages": list(build.languages or (project.project.language,))})
    manifest = {
        "manifest_version": 2,
        "generator": {"name": "hrdd_docs", "version": __version__},
        "input": source,
        "library": {
            "version": __version__,
            "user_folder": library_dir.name if library_dir is not None else None,
            "clauses": {clause.id: clause.version for clause in library},
        },
        "builds": builds,
        "documents": entries,
        "warnings": warnings,
        # The rules that refused the external documents of this build (Actions 2 and 4).
        "blocked": [{"rule": b.rule, "message": b.message, "path": b.path, "kind": b.kind}
                    for b in blocks],
    }
    text = json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False)
    return (text + "\n").encode("utf-8")


def _kept_entries(build: _Build, made: set[str], warnings: list[str]) -> list[dict[str, Any]]:
    """Entries of the old manifest for documents this build did not rebuild (see above)."""
    kept = []
    for old in (build.old or {}).get("documents", []):
        if not isinstance(old, dict) or not isinstance(old.get("file"), str):
            continue
        name = old["file"]
        present = (build.out_dir / name).is_file()
        if old.get("kind") in build.kinds:
            if present and name not in made:
                warnings.append(f"{name} is left from an earlier build but is no longer part "
                                "of the dossier (the project no longer calls for it); delete it")
            continue
        if not present:  # the manifest never lists a file that is not there
            continue
        entry = {**old, "build": old.get("build", 1)}
        if entry.get("pdf") and not (build.out_dir / entry["pdf"]).is_file():
            del entry["pdf"]
        kept.append(entry)
    return kept


def _old_builds(old: dict[str, Any] | None) -> list[dict[str, Any]]:
    if old is None:
        return []
    if "builds" in old:
        return [b for b in old["builds"] if isinstance(b, dict) and "build" in b]
    return [{"build": 1, "input": old.get("input")}]  # a manifest of version 1


def _clause_entry(selected: Any) -> dict[str, Any]:
    clause = selected.clause
    entry = {"id": clause.id, "family": clause.family, "title": clause.title,
             "version": clause.version, "source": clause.source,
             "reasons": list(selected.reasons)}
    if selected.scope:
        entry["scope"] = list(selected.scope)
    return entry
