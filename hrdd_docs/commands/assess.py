"""``hrdd assess FILE``."""

from datetime import date
from pathlib import Path

import click

from hrdd_docs.commands import DAY


@click.command("assess")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--as-of", "as_of", type=DAY, default=None,
              help="Day the report is as of: reassessments and monitoring periods due by "
              "then (default: today).")
def command(file: Path, as_of: date | None) -> None:
    """Print the Action 1–7 decisions, the assessment, the risks and the gaps.

    Exits 3, as hrdd build does, when a rule blocks the external agreements (a failed
    precondition, non-exempt support without a completed assessment, a high risk with
    no integrated measure); the report lists each with the field to complete.

    Example: hrdd assess examples/darvonia/project.yaml --as-of 2026-06-01
    """
    from hrdd_docs import assess
    from hrdd_docs.errors import BlockedError
    from hrdd_docs.loading import load_project
    from hrdd_docs.report import assessment_report

    project = load_project(file)
    click.echo(assessment_report(project, as_of or date.today()))
    blocked = assess.blocking(project)
    if blocked:
        rules = ", ".join(dict.fromkeys(b.rule for b in blocked))
        raise BlockedError(rules, f"the external agreements are blocked ({len(blocked)} "
                           f"reason{'s' if len(blocked) > 1 else ''}, listed above)")
