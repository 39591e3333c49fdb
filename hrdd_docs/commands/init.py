"""``hrdd init DIR [--example darvonia] [--workbook]``."""

from pathlib import Path

import click


@click.command("init")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
@click.option("--example", type=click.Choice(["darvonia", "border"]), default=None,
              help="Start from a full worked example instead of the blank starter: darvonia "
              "(Box 7: police post near an IDP site) or border (Box 2: three forces at the "
              "border, a UN mechanism IOM joins).")
@click.option("--workbook", is_flag=True,
              help="Write an IRA workbook (ira.xlsx) to fill in Excel or LibreOffice "
              "instead of project.yaml.")
@click.option("--lang", "language", type=click.Choice(["en", "fr", "es"]), default=None,
              help="With --workbook: the language of the workbook's sheets, labels and "
              "drop-downs (default: en).")
@click.option("--force", is_flag=True, help="Replace an existing project.yaml or ira.xlsx.")
def command(directory: Path, example: str | None, workbook: bool, language: str | None,
            force: bool) -> None:
    """Write a commented starter project.yaml, or an IRA workbook, into DIRECTORY.

    Example: hrdd init my-project --example darvonia

    Or, to fill the assessment in Excel or LibreOffice: hrdd init my-project --workbook
    (in French: hrdd init my-project --workbook --lang fr)
    """
    from hrdd_docs.errors import writing
    from hrdd_docs.starter import write_starter, write_workbook

    if language and not workbook:
        raise click.UsageError("--lang is the language of the workbook; give it with "
                               "--workbook (a project.yaml is written in English)")
    with writing(directory, "choose another folder, one you may write to"):
        if workbook:
            target = write_workbook(directory, example, force=force,
                                    language=language or "en")
        else:
            target = write_starter(directory, example or "starter", force=force)
    if workbook:
        from hrdd_docs.render.workbook_layout import layout

        first = layout(language or "en").sheet("Start here").name
        click.echo(f"wrote {target}; fill it in Excel or LibreOffice (start with the "
                   f"'{first}' sheet), then run: hrdd validate {target}")
    else:
        click.echo(f"wrote {target}; edit it, then run: hrdd validate {target}")
