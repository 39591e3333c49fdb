"""``hrdd build FILE``: write the dossier (documents, optional PDFs, manifest)."""

from datetime import datetime
from pathlib import Path

import click


@click.command("build")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path), default=None,
              help="Folder to write into (default: 'dossier' beside FILE).")
@click.option("--only", default=None, metavar="KINDS",
              help="Comma-separated kinds to build, e.g. mou,deed (default: all).")
@click.option("--force", is_flag=True, help="Replace files that already exist.")
@click.option("--pdf", is_flag=True, help="Also convert each Word document to PDF "
              "(needs LibreOffice).")
@click.option("--library", "library_dir", type=click.Path(path_type=Path, file_okay=False),
              default=None, help="Your own clause folder, added to the packaged library.")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Date to check reassessments against (default: today).")
def command(file: Path, out_dir: Path | None, only: str | None, force: bool, pdf: bool,
            library_dir: Path | None, as_of: datetime | None) -> None:
    """Build the MOU, the deeds of donation and the other documents, with a manifest.

    Everything is written at once or not at all: documents are rendered into a
    temporary folder and moved into DIR only when all succeeded. An existing file is
    replaced only with --force. While an Action 2 precondition fails, or a high risk has
    no mitigation, the external agreements are refused (exit 3).

    Example: hrdd build examples/darvonia/project.yaml -o dossier --pdf

    Or, to rebuild only the MOU over an earlier build:
    hrdd build project.yaml -o dossier --only mou --force
    """
    from hrdd_docs.dossier import build

    kinds = None if only is None else {k.strip() for k in only.split(",") if k.strip()}
    target = out_dir if out_dir is not None else file.parent / "dossier"
    result = build(file, target, only=kinds, force=force, pdf=pdf, library_dir=library_dir,
                   today=as_of.date() if as_of else None)
    click.echo(f"Wrote {len(result.files)} files to {result.out_dir}:")
    for path in result.files:
        mark = " (replaced)" if path in result.replaced else ""
        click.echo(f"  {path.name}{mark}")
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
