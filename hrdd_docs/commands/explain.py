"""``hrdd explain FILE``: each agreement a build makes, its clauses, and why each was chosen."""

from pathlib import Path

import click


@click.command("explain")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--library", "library_dir", type=click.Path(path_type=Path, file_okay=False),
              default=None, help="Folder of your own clause files (override or add by id).")
@click.option("--text", "show_text", is_flag=True, help="Also print each clause as rendered.")
@click.option("--lang", "lang", default=None, metavar="LANG",
              help="Show the clause titles and texts in this language (en, fr or es; "
              "default: project.language), with the reasons in that language.")
def command(file: Path, library_dir: Path | None, show_text: bool, lang: str | None) -> None:
    """For each agreement, list the clauses chosen and the risks and facts behind each.

    One section for the MOU, then one per deed of donation, named by its recipient: each
    deed carries the clauses chosen for that recipient alone, exactly as the build
    renders it. A recipient that receives no item has no deed.

    With --lang fr, the titles and texts are the French ones the build prints, and the
    reasons are written in French as the IRA workbook writes them; a clause without a
    current French text is refused as the build refuses it.

    Example: hrdd explain examples/darvonia/project.yaml --text --lang fr
    """
    from hrdd_docs import assess
    from hrdd_docs.agreements import agreements
    from hrdd_docs.clause_translations import source_in
    from hrdd_docs.clauses import FAMILY_TITLES, load_library, reference_problems
    from hrdd_docs.errors import InputError
    from hrdd_docs.loading import load_source, project_from
    from hrdd_docs.reasons import checked, rule, say

    located = load_source(file)
    project = project_from(located)
    library = load_library(library_dir)
    problems = reference_problems(project, library)
    if problems:
        raise InputError([located.problem(path, message) for path, message in problems])
    from hrdd_docs import localized
    from hrdd_docs.dossier import check_languages

    language = (check_languages(lang) or (project.project.language,))[0]
    checked(language)
    with localized.gathering(project, file):
        found = agreements(project, library, language)
    source = f"packaged library + {library_dir}" if library_dir else "packaged library"
    click.echo(f"Clauses for {project.project.id} ({source}, {len(library)} clauses)")
    blocking = assess.blocking(project)
    if blocking:
        click.echo("hrdd build refuses these agreements while these rules block them:")
        for block in blocking:
            click.echo(f"  - {rule(block.rule, language)}: {say(block.message, language)} "
                       f"[{block.path}]")
    from hrdd_docs.render.docx import family_titles

    titles = FAMILY_TITLES if language == "en" else family_titles(language)
    for agreement in found:
        click.echo("")
        where = f"deed, recipient {agreement.recipient}" if agreement.recipient else "mou"
        click.echo(f"{say(agreement.title, language)} ({where}): {len(agreement.clauses)} "
                   "clause(s)")
        family = None
        for number, entry in enumerate(agreement.clauses, 1):
            clause = entry.clause
            if clause.family != family:
                family = clause.family
                click.echo(f"  {titles[family]}")
            click.echo(f"  {number:>4}. {clause.id}: {entry.title}  "
                       f"[{source_in(clause, entry.language)}]")
            for reason in entry.reasons:
                click.echo(f"         because {say(reason, language)}")
            if entry.scope:
                click.echo(f"         concerns only {', '.join(entry.scope)}")
            if show_text:
                for paragraph in entry.text.split("\n\n"):
                    click.echo(click.wrap_text(paragraph, 88, initial_indent=" " * 9,
                                               subsequent_indent=" " * 9))
    if len(found) == 1:
        click.echo("")
        click.echo("No deed of donation: no recipient receives items.")
