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
    from hrdd_docs.errors import InputError, Problem, writing
    from hrdd_docs.workbook_import import import_workbook, project_yaml

    project = import_workbook(workbook)
    text = project_yaml(project)
    if output is None:
        click.echo(text, nl=False)
        return
    if output.exists() and not force:
        raise InputError(Problem(str(output), 0, 0, "", "already exists; choose another "
                                 "file, or add --force to replace it"))
    partial = output.with_name(f".{output.name}.partial")
    with writing(output, "choose another -o file, in a folder that exists"):
        try:
            partial.write_text(text, encoding="utf-8")
            partial.replace(output)  # never leaves a half-written project file
        finally:
            partial.unlink(missing_ok=True)
    click.echo(f"{output}: project definition written from {workbook} ({project.project.id})")
