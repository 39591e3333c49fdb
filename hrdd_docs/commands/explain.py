"""``hrdd explain FILE``: each clause chosen for each document, and why."""

from pathlib import Path

import click


@click.command("explain")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--library", "library_dir", type=click.Path(path_type=Path, file_okay=False),
              default=None, help="Folder of your own clause files (override or add by id).")
@click.option("--text", "show_text", is_flag=True, help="Also print each clause as rendered.")
def command(file: Path, library_dir: Path | None, show_text: bool) -> None:
    """For each document, list the clauses chosen and the risks and facts behind each.

    Example: hrdd explain examples/darvonia/project.yaml --text
    """
    from hrdd_docs.clauses import DOCUMENT_NAMES, FAMILY_TITLES, load_library, reference_problems
    from hrdd_docs.clauses import selection as select_all
    from hrdd_docs.errors import InputError
    from hrdd_docs.loading import load_source, project_from

    located = load_source(file)
    project = project_from(located)
    library = load_library(library_dir)
    problems = reference_problems(project, library)
    if problems:
        raise InputError([located.problem(path, message) for path, message in problems])
    chosen = select_all(project, library)
    source = f"packaged library + {library_dir}" if library_dir else "packaged library"
    click.echo(f"Clauses for {project.project.id} ({source}, {len(library)} clauses)")
    for document, selected in chosen.items():
        click.echo("")
        click.echo(f"{DOCUMENT_NAMES[document]} ({document}): {len(selected)} clause(s)")
        family = None
        for number, entry in enumerate(selected, 1):
            clause = entry.clause
            if clause.family != family:
                family = clause.family
                click.echo(f"  {FAMILY_TITLES[family]}")
            click.echo(f"  {number:>4}. {clause.id}: {clause.title}  [{clause.source}]")
            for reason in entry.reasons:
                click.echo(f"         because {reason}")
            if show_text:
                for paragraph in entry.text.split("\n\n"):
                    click.echo(click.wrap_text(paragraph, 88, initial_indent=" " * 9,
                                               subsequent_indent=" " * 9))
