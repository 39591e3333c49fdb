"""``hrdd clauses list / show / lint / tags``: browse and check the clause library."""

from pathlib import Path

import click

_LIBRARY = click.option(
    "--library", "library_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
    help="Folder of your own clause files: they override packaged clauses by id or add new ones.",
)


def _languages(value: str | None, *, translated: bool) -> tuple[str, ...]:
    """``fr,es`` → ("fr", "es"), refusing an unknown language."""
    from hrdd_docs.clauses import TRANSLATED
    from hrdd_docs.errors import InputError, Problem
    from hrdd_docs.wording import LANGUAGES

    if not value:
        return ()
    allowed = TRANSLATED if translated else LANGUAGES
    found = tuple(dict.fromkeys(v.strip() for v in value.split(",") if v.strip()))
    unknown = [v for v in found if v not in allowed]
    if unknown or not found:
        raise InputError(Problem("--lang", 0, 0, "", f"unknown language {unknown[0]!r}; use "
                                 f"{', '.join(allowed)}" if unknown else
                                 f"name a language: {', '.join(allowed)}"))
    return found


@click.group("clauses")
def command() -> None:
    """Browse and check the clause library (clauses/README.md describes it).

    Example: hrdd clauses list --document deed

    Also: hrdd clauses show dp-after-project, hrdd clauses lint --library my-clauses,
    hrdd clauses tags
    """


@command.command("list")
@click.option("--family", default=None, help="Only this family, e.g. death_penalty.")
@click.option("--document", type=click.Choice(["mou", "deed"]), default=None,
              help="Only clauses that may appear in this document.")
@_LIBRARY
def list_clauses(family: str | None, document: str | None, library_dir: Path | None) -> None:
    """List the clauses family by family, in article order, with their documents.

    Each family's line says whether it reaches the deed of donation, that is whether
    some clause of it binds the recipient of items (Action 5, Action 5(2)).

    Example: hrdd clauses list --family monitoring
    """
    from hrdd_docs.clauses import FAMILIES, FAMILY_TITLES, load_library
    from hrdd_docs.errors import InputError, Problem

    if family is not None and family not in FAMILIES:
        raise InputError(Problem("--family", 0, 0, "", f"unknown family {family!r}; use one of: "
                                 f"{', '.join(FAMILIES)}"))
    library = load_library(library_dir)
    shown = [c for c in library if (family is None or c.family == family)
             and (document is None or document in c.documents)]
    current = None
    for clause in shown:
        if clause.family != current:
            current = clause.family
            reaches = any(c.family == current and "deed" in c.documents for c in library)
            click.echo(f"{current} ({FAMILY_TITLES[current]}): "
                       f"{'MOU and deed' if reaches else 'MOU only, not in the deed'}")
        click.echo(f"  {clause.id:<32} {','.join(clause.documents):<9} {clause.title}")
    click.echo(f"{len(shown)} clause(s)")


@command.command("show")
@click.argument("clause_id")
@_LIBRARY
@click.option("--lang", "lang", default=None, metavar="LANG",
              help="Also show the translation in this language (fr or es), rendered.")
def show(clause_id: str, library_dir: Path | None, lang: str | None) -> None:
    """Show one clause: its metadata, trigger, text as written, and text as rendered.

    The text is rendered for each document the clause is written for (the MOU, the
    deed), with sample values: the Darvonia example with a coast guard, a biometric
    kit and phases added (a deed's values are those of the coast guard's deed).

    With --lang fr, also the French translation: its state (current, stale, missing),
    its text as written, and as rendered with the sample values in French.

    Example: hrdd clauses show mon-reporting-quarterly --lang fr
    """
    import difflib

    from hrdd_docs.clause_lint import sample_context
    from hrdd_docs.clauses import DOCUMENT_NAMES, FAMILY_TITLES, load_library, render
    from hrdd_docs.errors import InputError, Problem
    from hrdd_docs.triggers import describe

    library = load_library(library_dir)
    clause = library.get(clause_id)
    if clause is None:
        close = difflib.get_close_matches(clause_id, library.ids, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise InputError(Problem("clauses show", 0, 0, "", f"unknown clause {clause_id!r}; "
                                 f"{hint}`hrdd clauses list` shows the ids"))
    click.echo(f"{clause.id} (version {clause.version})")
    click.echo(f"title:     {clause.title}")
    click.echo(f"family:    {clause.family} ({FAMILY_TITLES[clause.family]}), "
               f"article {clause.article}")
    click.echo(f"documents: {', '.join(clause.documents)}")
    click.echo(f"source:    {clause.source}")
    click.echo(f"file:      {clause.file}")
    if clause.variant_group:
        click.echo(f"variant:   group {clause.variant_group}, strength {clause.strength} "
                   "(the strongest variant that applies is chosen)")
    if clause.requires is not None:
        click.echo("requires (even when a mitigation names it):")
        click.echo(describe(clause.requires, "  "))
    click.echo("trigger:")
    click.echo(describe(clause.trigger, "  "))
    click.echo("text:")
    for line in clause.text.rstrip().splitlines():
        click.echo(f"  {line}" if line.strip() else "")
    for document in clause.documents:
        click.echo(f"rendered for the {DOCUMENT_NAMES[document]} (sample values):")
        for paragraph in render(clause, sample_context(document)).split("\n\n"):
            click.echo(click.wrap_text(paragraph, 88, initial_indent="  ",
                                       subsequent_indent="  "))
    for language in _languages(lang, translated=True):
        translation = clause.translation(language)
        state = clause.translation_state(language)
        if translation is None:
            click.echo(f"{language}: missing (no translations: {language}: block)")
            continue
        click.echo(f"{language}: {state} (made from version {translation.from_version})")
        click.echo(f"title:     {translation.title}")
        click.echo(f"source:    {translation.source or '(missing: the build refuses it)'}")
        click.echo("text:")
        for line in translation.text.rstrip().splitlines():
            click.echo(f"  {line}" if line.strip() else "")
        for document in clause.documents:
            click.echo(f"rendered for the {DOCUMENT_NAMES[document]} in {language} "
                       "(sample values):")
            for paragraph in render(clause, sample_context(document, language)).split("\n\n"):
                click.echo(click.wrap_text(paragraph, 88, initial_indent="  ",
                                           subsequent_indent="  "))


@command.command("lint")
@_LIBRARY
@click.option("--lang", "lang", default=None, metavar="LANGS",
              help="Languages the library must be complete in, e.g. fr,es: a clause missing "
              "or stale in one of them is a problem (exit 2).")
def lint(library_dir: Path | None, lang: str | None) -> None:
    """Check the library: ids, families, facts, tags, templates, variables, coverage.

    Renders every clause, and every translation in its language, for the Darvonia
    example, so a sandbox violation or an undefined variable is reported here. Then
    lists, per language, the clauses with no translation (missing), those whose English
    text changed since (stale: from_version differs from version) and the translations
    without their citation of the Toolkit (source). Exit 2 lists every problem found.

    Example: hrdd clauses lint --library my-clauses --lang fr,es
    """
    import textwrap

    from hrdd_docs import clause_lint
    from hrdd_docs.clauses import FAMILIES
    from hrdd_docs.errors import InputError
    from hrdd_docs.wording import LANGUAGE_NAMES

    languages = _languages(lang, translated=True)
    library, problems = clause_lint.lint(library_dir, languages)
    if problems:
        raise InputError(problems)
    families = len({c.family for c in library})
    click.echo(f"{len(library)} clauses in {families} of {len(FAMILIES)} families: "
               "no problems found")
    for language, states in clause_lint.translations(library).items():
        missing, stale = states["missing"], states["stale"]
        done = len(library) - len(missing) - len(stale)
        click.echo(f"{LANGUAGE_NAMES[language]} ({language}): {done} of {len(library)} "
                   f"clauses translated and current; missing {len(missing)}, stale "
                   f"{len(stale)}")
        for state, ids in (("missing", missing), ("stale", stale)):
            if ids:
                click.echo(textwrap.fill(f"{state}: {', '.join(ids)}", 88,
                                         initial_indent="  ", subsequent_indent="    ",
                                         break_on_hyphens=False))


@command.command("tags")
def tags() -> None:
    """List the risk-tag vocabulary: the tags a project's risks may carry.

    Example: hrdd clauses tags
    """
    from hrdd_docs.clauses import load_library
    from hrdd_docs.triggers import facts_used
    from hrdd_docs.vocabulary import risk_tags

    library = load_library(None)
    for tag, meaning in risk_tags().items():
        users = [c.id for c in library for fact in facts_used(c.trigger)
                 if fact.name == "tag" and tag in fact.value]
        click.echo(f"{tag:<22} {meaning}")
        click.echo(f"{'':<22} clauses: {', '.join(dict.fromkeys(users)) or '(none)'}")
