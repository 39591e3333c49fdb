"""``hrdd import WORKBOOK.xlsx [-o project.yaml]``."""

from pathlib import Path

import click


@click.command("import")
@click.argument("workbook", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Write the project definition to this file instead of the screen.")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
def command(workbook: Path, output: Path | None, force: bool) -> None:
    """Read a filled IRA workbook back into a project definition (YAML).

    The workbook is checked as untrusted input; every problem is reported with its
    sheet and cell, e.g. `ira.xlsx Risk register!G7: impact 'extreme' is not one of
    low, medium, high`.

    Example: hrdd import drv-esse-police-ira.xlsx -o project.yaml
    """
    from hrdd_docs.files import write_file
    from hrdd_docs.workbook_import import import_workbook, project_yaml

    project = import_workbook(workbook)
    text = project_yaml(project)
    if output is None:
        click.echo(text, nl=False)
        return
    # Written in full under a private name, then put in place in one step: never a
    # half-written project file, never through a link planted under a predictable name.
    write_file(output, text.encode("utf-8"), replace=force,
               fix="choose another -o file, in a folder that exists",
               exists="choose another file, or add --force to replace it")
    click.echo(f"{output}: project definition written from {workbook} ({project.project.id})")
