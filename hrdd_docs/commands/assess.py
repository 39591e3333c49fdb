"""``hrdd assess FILE``."""

from datetime import date
from pathlib import Path

import click

from hrdd_docs.commands import DAY


@click.command("assess")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--as-of", "as_of", type=DAY, default=None,
              help="Date to check reassessments against (default: today).")
def command(file: Path, as_of: date | None) -> None:
    """Print the Action 1–2 decisions, the assessment, the risks and the gaps.

    Example: hrdd assess examples/darvonia/project.yaml --as-of 2026-06-01
    """
    from hrdd_docs.loading import load_project
    from hrdd_docs.report import assessment_report

    project = load_project(file)
    click.echo(assessment_report(project, as_of or date.today()))
