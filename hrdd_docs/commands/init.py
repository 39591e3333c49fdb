"""``hrdd init DIR``."""

from pathlib import Path

import click


@click.command("init")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
@click.option("--example", type=click.Choice(["darvonia", "border"]), default=None,
              help="Start from a full worked example instead of the blank starter: darvonia "
              "(Box 7: police post near an IDP site) or border (Box 2: three forces at the "
              "border, a UN mechanism IOM joins).")
@click.option("--force", is_flag=True, help="Replace an existing project.yaml.")
def command(directory: Path, example: str | None, force: bool) -> None:
    """Write a commented starter project.yaml into DIRECTORY.

    Example: hrdd init my-project --example darvonia
    """
    from hrdd_docs.errors import writing
    from hrdd_docs.starter import write_starter

    with writing(directory, "choose another folder, one you may write to"):
        target = write_starter(directory, example or "starter", force=force)
    click.echo(f"wrote {target}; edit it, then run: hrdd validate {target}")
