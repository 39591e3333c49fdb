"""``hrdd init DIR [--example darvonia] [--workbook]``."""

from pathlib import Path

import click


@click.command("init")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
@click.option("--example", type=click.Choice(["darvonia"]), default=None,
              help="Start from the full Darvonia example instead of the blank starter.")
@click.option("--workbook", is_flag=True,
              help="Write an IRA workbook (ira.xlsx) to fill in Excel or LibreOffice "
              "instead of project.yaml.")
@click.option("--force", is_flag=True, help="Replace an existing project.yaml or ira.xlsx.")
def command(directory: Path, example: str | None, workbook: bool, force: bool) -> None:
    """Write a commented starter project.yaml, or an IRA workbook, into DIRECTORY.

    Example: hrdd init my-project --example darvonia

    Or, to fill the assessment in Excel or LibreOffice: hrdd init my-project --workbook
    """
    from hrdd_docs.errors import writing
    from hrdd_docs.starter import write_starter, write_workbook

    with writing(directory, "choose another folder, one you may write to"):
        if workbook:
            target = write_workbook(directory, example, force=force)
        else:
            target = write_starter(directory, example or "starter", force=force)
    if workbook:
        click.echo(f"wrote {target}; fill it in Excel or LibreOffice (start with the "
                   f"'Start here' sheet), then run: hrdd validate {target}")
    else:
        click.echo(f"wrote {target}; edit it, then run: hrdd validate {target}")
