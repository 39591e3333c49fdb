"""``hrdd assess FILE``."""

from datetime import date, datetime
from pathlib import Path

import click


@click.command("assess")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Date to check reassessments against (default: today).")
def command(file: Path, as_of: datetime | None) -> None:
    """Print the Action 1–2 decisions, the assessment, the risks and the gaps.

    Example: hrdd assess examples/darvonia/project.yaml --as-of 2026-06-01
    """
    from hrdd_docs.loading import load_project
    from hrdd_docs.report import assessment_report

    project = load_project(file)
    click.echo(assessment_report(project, as_of.date() if as_of else date.today()))
