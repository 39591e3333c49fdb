"""``hrdd validate FILE``."""

from pathlib import Path

import click


@click.command("validate")
@click.argument("file", type=click.Path(path_type=Path))
def command(file: Path) -> None:
    """Check a project definition; print every problem with its place.

    Example: hrdd validate examples/darvonia/project.yaml
    """
    from hrdd_docs.loading import load_project

    project = load_project(file)
    click.echo(f"{file}: valid ({project.project.id})")
