"""``hrdd clauses lint``: check a clause library beyond what loading refuses."""

from __future__ import annotations

from pathlib import Path

from hrdd_docs import resources, triggers, yamlsource
from hrdd_docs.clauses import (
    DOCUMENT_NAMES,
    FAMILIES,
    Clause,
    Library,
    context,
    read_library,
    render,
)
from hrdd_docs.errors import InputError, Problem


def lint(user_dir: Path | None = None) -> tuple[Library, list[Problem]]:
    """Check the library (packaged, plus ``user_dir``) and return every problem found.

    Beyond what loading refuses (bad YAML, unknown keys, families, facts or tags, template
    syntax, undocumented variables, duplicate ids): every clause is rendered for the
    Darvonia example, so a sandbox violation or a missing value shows here; each
    vocabulary tag must be used by a clause; each family must have a clause for each of
    its documents; variants of one group must differ in strength.
    """
    from hrdd_docs.loading import project_from
    from hrdd_docs.vocabulary import risk_tags

    library, problems = read_library(user_dir)
    example = project_from(yamlsource.parse(
        resources.read_text("examples", "darvonia", "project.yaml"), "examples/darvonia"))
    for clause in library:
        for document in clause.documents:
            try:
                render(clause, context(example, document))
            except InputError as err:
                problems += err.problems
    used = {tag for clause in library for fact in triggers.facts_used(clause.trigger)
            if fact.name == "tag" for tag in fact.value}
    vocabulary = yamlsource.parse(resources.read_text("clauses", "vocabulary.yaml"),
                                  "clauses/vocabulary.yaml")
    for tag in risk_tags():
        if tag not in used:
            problems.append(vocabulary.problem(("tags", tag), f"tag {tag!r} is used by no "
                                               "clause; key a clause on it or remove it"))
    for family, (_, documents) in FAMILIES.items():
        for document in documents:
            if not any(c.family == family and document in c.documents for c in library):
                problems.append(Problem("clauses", 0, 0, "", f"family {family!r} has no clause "
                                        f"for the {DOCUMENT_NAMES[document]} ({document})"))
    groups: dict[str, list[Clause]] = {}
    for clause in library:
        if clause.variant_group:
            groups.setdefault(clause.variant_group, []).append(clause)
    for group, members in groups.items():
        strengths = [c.strength for c in members]
        if len(set(strengths)) != len(strengths) or len(members) < 2:
            problems.append(Problem(members[0].file, 0, 0, "variant", f"variant group "
                                    f"{group!r} needs two or more clauses of different "
                                    f"strengths ({', '.join(c.id for c in members)})"))
    return library, sorted(set(problems))
