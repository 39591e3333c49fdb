"""``hrdd build FILE...``: write the dossier (documents, optional PDFs, manifest)."""

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from hrdd_docs.commands import DAY

if TYPE_CHECKING:  # pragma: no cover
    from hrdd_docs.dossier import BuildResult


@click.command("build")
@click.argument("files", metavar="FILE...", nargs=-1, required=True,
                type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path), default=None,
              help="Folder to write into (default: 'dossier' beside FILE; for several "
              "projects, 'dossiers' in the current folder, one sub-folder per project id).")
@click.option("--only", default=None, metavar="KINDS",
              help="Comma-separated kinds to build, e.g. mou,deed (default: all).")
@click.option("--force", is_flag=True, help="Replace files an earlier build wrote there "
              "(listed in its manifest.json and unchanged since); never anything else.")
@click.option("--pdf", is_flag=True, help="Also convert each Word document to PDF "
              "(needs LibreOffice).")
@click.option("--library", "library_dir", type=click.Path(path_type=Path, file_okay=False),
              default=None, help="Your own clause folder, added to the packaged library.")
@click.option("--as-of", "as_of", type=DAY, default=None,
              help="Day the build is as of: the procedure sheet's status, reassessments and "
              "monitoring periods due (default: today).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Projects built at once when building several (default: one per CPU).")
@click.option("--lang", "lang", default=None, metavar="LANG",
              help="Language of the documents: en, fr or es (default: project.language); "
              "two, e.g. fr,en, for a bilingual MOU and deeds with both texts equally "
              "authentic (the other documents in the first).")
def command(files: tuple[Path, ...], out_dir: Path | None, only: str | None, force: bool,
            pdf: bool, library_dir: Path | None, as_of: date | None,
            jobs: int | None, lang: str | None) -> None:
    """Build the MOU, the deeds of donation and the other documents, with a manifest.

    Everything is written at once or not at all: documents are rendered into a
    temporary folder and moved into DIR only when all succeeded; a build interrupted
    while moving is undone by the next build into DIR. An existing file is replaced only
    with --force, and only if an earlier build wrote it. While an Action 2 precondition
    fails, non-exempt support has no completed assessment, or a high risk has no
    integrated measure, the external
    agreements are refused (exit 3): the IRA workbook and the procedure sheet are still
    written, with the notice to the recipient's authority where a high risk blocks the
    support, and the message lists every reason with the field to complete.

    Several projects: give several files, or a folder holding one folder per project
    (every */project.yaml in it). They are built on all CPUs, each into DIR/<project
    id>; one that fails leaves nothing written for it and does not stop the others.
    Failures are listed at the end; the exit code is 2 if any project is invalid, else
    3 if any is blocked.

    Example: hrdd build examples/darvonia/project.yaml -o dossier --pdf

    Or, to rebuild only the MOU over an earlier build:
    hrdd build project.yaml -o dossier --only mou --force

    Or, for every project of a country office: hrdd build projects/ -o dossiers

    Or, in French, with a French-English MOU and deeds:
    hrdd build project.yaml -o dossier-fr --lang fr,en
    """
    from hrdd_docs.dossier import check_languages

    kinds = None if only is None else {k.strip() for k in only.split(",") if k.strip()}
    today = as_of
    languages = check_languages(lang)
    if len(files) == 1 and not files[0].is_dir():
        _one(files[0], out_dir, kinds, force, pdf, library_dir, today, languages)
    else:
        _many(files, out_dir, kinds, force, pdf, library_dir, today, jobs, languages)


def _one(file: Path, out_dir: Path | None, kinds: set[str] | None, force: bool, pdf: bool,
         library_dir: Path | None, today: date | None,
         languages: tuple[str, ...] | None) -> None:
    from hrdd_docs.dossier import BlockedBuild, build

    target = out_dir if out_dir is not None else file.parent / "dossier"
    try:
        result = build(file, target, only=kinds, force=force, pdf=pdf,
                       library_dir=library_dir, today=today, languages=languages)
    except BlockedBuild as blocked:
        if blocked.result is not None:
            _report(blocked.result)
        raise
    _report(result)


def _report(result: "BuildResult") -> None:
    click.echo(f"Wrote {len(result.files)} files to {result.out_dir}:")
    for path in result.files:
        mark = " (replaced)" if path in result.replaced else ""
        click.echo(f"  {path.name}{mark}")
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)


def _many(paths: tuple[Path, ...], out_dir: Path | None, kinds: set[str] | None, force: bool,
          pdf: bool, library_dir: Path | None, today: date | None,
          jobs: int | None, languages: tuple[str, ...] | None = None) -> None:
    from hrdd_docs.batch import build_many, project_files
    from hrdd_docs.dossier import check_arguments

    files = project_files(list(paths))
    check_arguments(kinds, pdf)  # an argument wrong for every project: say it once
    target = out_dir if out_dir is not None else Path("dossiers")
    with click.progressbar(length=len(files), label=f"Building {len(files)} projects",
                           file=sys.stderr) as bar:
        result = build_many(files, target, jobs=jobs, only=kinds, force=force, pdf=pdf,
                            library_dir=library_dir, today=today,
                            on_done=lambda _file, _ok: bar.update(1), languages=languages)
    if result.built:
        click.echo(f"Built {len(result.built)} of {len(files)} projects into {target}:")
    for file, built in result.built:
        replaced = f", {len(built.replaced)} replaced" if built.replaced else ""
        click.echo(f"  {built.out_dir.name}: {len(built.files)} files{replaced} (from {file})")
        for warning in built.warnings:
            click.echo(f"warning: {file}: {warning}", err=True)
    for failure in result.failures:
        message = failure.message.replace("\n", "\n  ")
        click.echo(f"error: {failure.file} (exit {failure.exit_code}):\n  {message}", err=True)
    if result.failures:
        partial = any(f.wrote for f in result.failures)
        click.echo(f"{len(result.failures)} of {len(files)} projects failed; nothing was "
                   "written for them" + (", except the internal documents of those blocked "
                                         "(as their messages say)" if partial else "") + ".",
                   err=True)
        sys.exit(result.exit_code)
