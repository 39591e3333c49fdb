"""``hrdd schema``."""

import click


@click.command("schema")
def command() -> None:
    """Print the JSON Schema of a project definition, for editors to autocomplete.

    Example: hrdd schema > project.schema.json
    """
    import json

    from hrdd_docs.model_schema import json_schema

    click.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))
