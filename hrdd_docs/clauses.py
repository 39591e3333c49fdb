"""The clause library: load it, choose the clauses a project needs, render their text.

Each clause is one YAML file in ``clauses/`` (format in ``clauses/README.md``). A
user's folder (``--library DIR``) overrides packaged clauses by id or adds new ones.
:func:`select` evaluates every clause's declarative trigger (:mod:`hrdd_docs.triggers`)
against a project, keeps the strongest of mutually exclusive variants, orders the result
by family and article, and renders each text in the one sandboxed Jinja environment.
Every problem is an :class:`~hrdd_docs.errors.InputError` naming the clause file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Template, TemplateError, TemplateSyntaxError, meta

from hrdd_docs import clause_code, environment, resources, triggers, yamlsource
from hrdd_docs.clause_context import CONTEXT_VARIABLES, context
from hrdd_docs.clause_translations import (
    TRANSLATED,
    Translation,
    text_line,
    translation_problem,
    translations,
)
from hrdd_docs.environment import LimitError, NoneValueError, make_environment
from hrdd_docs.errors import InputError, Problem
from hrdd_docs.model import Project
from hrdd_docs.reasons import Listed, reason
from hrdd_docs.wording import join_words

__all__ = ["CONTEXT_VARIABLES", "DOCUMENTS", "FAMILIES", "TRANSLATED", "Clause", "Library",
           "Selected", "Translation", "check", "context", "load_library", "render", "select",
           "selection", "translation_problem"]

DOCUMENTS = ("mou", "deed")
"""Documents a clause may appear in: the MOU with the authority, the deed of donation."""

DOCUMENT_NAMES = {"mou": "Memorandum of Understanding", "deed": "Deed of Donation"}

FAMILIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "conditionality": ("Conditions of support", DOCUMENTS),
    "private_security": ("Private security services under contract", DOCUMENTS),
    "no_weapons": ("No weapons or ammunition", DOCUMENTS),
    "no_combat_use": ("No use in hostilities", DOCUMENTS),
    "death_penalty": ("Death penalty", DOCUMENTS),
    "donated_items": ("Use of donated items, misuse and misappropriation", DOCUMENTS),
    "screening_exclusion": ("Screening and exclusion of personnel and units", DOCUMENTS),
    "training_conduct": ("Human-rights training and code of conduct", DOCUMENTS),
    "gender": ("Gender and non-discrimination", DOCUMENTS),
    "use_of_force": ("Use of force", DOCUMENTS),
    "detention": ("Arrest, detention and treatment of persons in custody", DOCUMENTS),
    "protection": ("Protection of migrants, refugees, displaced persons and children",
                   DOCUMENTS),
    "rescue_border": ("Interception, rescue at sea and border operations", DOCUMENTS),
    "data_protection": ("Personal data", DOCUMENTS),
    "visibility": ("Visibility and branding", DOCUMENTS),
    "monitoring": ("Monitoring, reporting and access", DOCUMENTS),
    "accountability": ("Accountability and cooperation with investigations", DOCUMENTS),
    "non_compliance": ("Intercession, suspension and cessation of support", DOCUMENTS),
}
"""Family id → (heading, documents that must have at least one clause of it), in order.

A family listing ``deed`` binds the recipient of items too (Action 5: deeds of donation
carry the expectations on conduct, use and misappropriation; Action 5(2): conditions
at the unit level): ``hrdd clauses lint`` refuses a library without a deed text for it.
"""

FAMILY_TITLES: dict[str, str] = {family: title for family, (title, _) in FAMILIES.items()}
"""Family id → heading a document may print, in family order."""

@dataclass(frozen=True)
class Clause:
    """One clause of the library, as read from its file."""

    id: str
    family: str
    title: str
    documents: tuple[str, ...]
    trigger: Any  # a parsed triggers.Trigger
    text: str  # Jinja source; paragraphs separated by a blank line
    source: str  # the HRDDP Toolkit section it implements
    version: str
    file: str  # where it came from, for error messages
    article: int = 0  # order within the family
    variant_group: str | None = None  # clauses of one group exclude each other
    strength: int = 0  # within a variant group, the strongest that applies is chosen
    text_line: int = 0  # line of the file where the text's first line is
    requires: Any = None  # a parsed trigger that must hold even when a mitigation names it
    translations: tuple[Translation, ...] = field(default=(), compare=False)

    def translation(self, language: str) -> Translation | None:
        """The clause in ``language`` (fr, es), or None when it has no translation."""
        return next((t for t in self.translations if t.language == language), None)

    def translation_state(self, language: str) -> str:
        """``current`` (English, or a translation made from this version), ``missing``,
        or ``stale`` (made from another version of the English text)."""
        if language == "en":
            return "current"
        found = self.translation(language)
        if found is None:
            return "missing"
        return "current" if found.from_version == self.version else "stale"

    def title_in(self, language: str) -> str:
        """The title in ``language``; the English title when it has no translation."""
        found = self.translation(language) if language != "en" else None
        return found.title if found is not None else self.title

    @property
    def order(self) -> tuple[int, int, str]:
        return (list(FAMILIES).index(self.family), self.article, self.id)


@dataclass(frozen=True)
class Selected:
    """A clause chosen for a document, why, and its rendered plain text."""

    clause: Clause
    reasons: tuple[str, ...]
    text: str  # paragraphs separated by "\n\n"
    scope: tuple[str, ...] = ()  # in the MOU: the only forces it concerns (see select)
    language: str = "en"  # the language of ``text``

    @property
    def title(self) -> str:
        """The clause's title in the language it was rendered in."""
        return self.clause.title_in(self.language)


@dataclass(frozen=True)
class Library:
    """The loaded clauses in family and article order."""

    clauses: tuple[Clause, ...]

    def __iter__(self) -> Iterator[Clause]:
        return iter(self.clauses)

    def __len__(self) -> int:
        return len(self.clauses)

    def get(self, clause_id: str) -> Clause | None:
        return next((c for c in self.clauses if c.id == clause_id), None)

    @property
    def ids(self) -> list[str]:
        return [c.id for c in self.clauses]


# --------------------------------------------------------------------------- loading


_REQUIRED = ("id", "family", "title", "documents", "article", "trigger", "text", "source",
             "version")
_OPTIONAL = ("variant", "requires", "notes", "translations")
def load_library(user_dir: Path | None = None) -> Library:
    """Load the packaged clauses, overridden or extended by id from ``user_dir``.

    Raises InputError listing every problem of every file (with file and line).
    """
    clauses, problems = read_library(user_dir)
    if problems:
        raise InputError(problems)
    return clauses


def read_library(user_dir: Path | None = None) -> tuple[Library, list[Problem]]:
    """Read the library without stopping at the first problem (for lint)."""
    packaged, packaged_problems = _packaged_files()
    problems = list(packaged_problems)  # the packaged result is cached: never extend it
    merged = {c.id: c for c in packaged}
    if user_dir is not None:
        user, user_problems = _user_files(user_dir)
        problems += user_problems
        for clause in user:
            original = merged.get(clause.id)
            if original is not None and original.family != clause.family:
                problems.append(Problem(clause.file, 1, 1, "family", (
                    f"{clause.id!r} replaces the packaged clause of family "
                    f"{original.family!r} but is of family {clause.family!r}; an override "
                    "keeps the family: give your clause its own id to add it instead")))
                continue
            merged[clause.id] = clause
    return Library(tuple(sorted(merged.values(), key=lambda c: c.order))), problems


@cache
def _packaged_files() -> tuple[tuple[Clause, ...], tuple[Problem, ...]]:
    files = sorted((f for f in resources.folder("clauses").iterdir() if _is_clause(f.name)),
                   key=lambda f: f.name)
    found, problems = _read_all([(f"clauses/{f.name}", f.read_text(encoding="utf-8"))
                                 for f in files])
    return tuple(found), tuple(problems)


MAX_CLAUSE_BYTES = 256_000
"""A clause file larger than this is refused unread; a long clause is a few KB."""


def _user_files(folder: Path) -> tuple[list[Clause], list[Problem]]:
    """The clauses of a user's folder: its ``*.yaml`` files, read one by one.

    A link is followed only to a file inside the folder: a link out of it (to a system
    file, say) is refused unread, so nothing of that file is ever shown.
    """
    if not folder.is_dir():
        return [], [Problem(str(folder), 0, 0, "", "is not a folder; give the folder that "
                            "holds your clause files (--library DIR)")]
    root = folder.resolve()
    files = sorted(f for f in folder.iterdir() if _is_clause(f.name))
    if not files:
        return [], [Problem(str(folder), 0, 0, "", "holds no clause file (*.yaml)")]
    texts: list[tuple[str, str]] = []
    problems: list[Problem] = []
    for file in files:
        try:
            inside = file.resolve().is_relative_to(root)
        except (OSError, RuntimeError):  # a loop of links
            inside = False
        if not inside:
            problems.append(Problem(str(file), 0, 0, "", (
                "is a link to a file outside the library folder, which is not read; copy "
                "the clause file into the folder instead")))
            continue
        try:
            texts.append((str(file), yamlsource.read_text(file, max_bytes=MAX_CLAUSE_BYTES,
                                                          what="clause file")))
        except InputError as err:
            problems += err.problems
    clauses, found = _read_all(texts)
    return clauses, problems + found


def _is_clause(name: str) -> bool:
    return name.endswith(".yaml") and name != "vocabulary.yaml"


def _read_all(files: list[tuple[str, str]]) -> tuple[list[Clause], list[Problem]]:
    clauses: list[Clause] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for name, text in files:
        try:
            clause = _read_clause(name, text)
        except InputError as err:
            problems += err.problems
            continue
        if clause.id in seen:
            problems.append(Problem(name, 1, 1, "id", f"duplicate clause id {clause.id!r} "
                                    f"(also in {seen[clause.id]}); give each clause its own id"))
            continue
        seen[clause.id] = name
        clauses.append(clause)
    return clauses, problems


def _read_clause(name: str, text: str) -> Clause:
    """Parse and check one clause file; raise InputError listing its problems."""
    located = yamlsource.parse(text, name)
    data = located.data
    if not isinstance(data, dict) or not set(data) & {"id", "family", "trigger", "text"}:
        # Not a clause at all: say so without repeating anything the file holds.
        raise InputError(Problem(name, 0, 0, "", "is not a clause file (it has none of the "
                                 f"keys {', '.join(_REQUIRED)}); remove it from the library "
                                 "folder, or start from a packaged clause (hrdd clauses show)"))
    found: list[tuple[yamlsource.Path_, str]] = []
    unknown: list[Problem] = []
    for key in data:
        if key not in _REQUIRED and key not in _OPTIONAL:
            shown = key if len(key) <= 40 else f"{key[:37]}..."
            line, col = located.place((key,))
            unknown.append(Problem(name, line, col, shown, f"unknown key {shown!r}; allowed: "
                                   f"{', '.join(_REQUIRED + _OPTIONAL)}"))
    for key in _REQUIRED:
        if not data.get(key):
            found.append(((key,), f"required key {key!r} is missing or empty; add it"))
    if found or unknown:
        raise InputError(unknown + [located.problem(path, message) for path, message in found])
    clause_id, family = str(data["id"]), str(data["family"])
    stem = name.rsplit("/", 1)[-1].removesuffix(".yaml")
    if clause_id != stem:
        found.append((("id",), f"the id {clause_id!r} differs from the file name; name the "
                      f"file {clause_id}.yaml"))
    if family not in FAMILIES:
        found.append((("family",), f"unknown family {family!r}; use one of: "
                      f"{', '.join(FAMILIES)}"))
    documents = data["documents"] if isinstance(data["documents"], list) else [data["documents"]]
    for doc in documents:
        if doc not in DOCUMENTS:
            found.append((("documents",), f"unknown document {doc!r}; use "
                          f"{' or '.join(DOCUMENTS)}"))
    article = _integer(data["article"], ("article",), found)
    group, strength = None, 0
    if "variant" in data:
        variant = data["variant"]
        if not isinstance(variant, dict) or set(variant) != {"group", "strength"}:
            found.append((("variant",), "variant takes group: <name> and strength: <number>"))
        else:
            group, strength = str(variant["group"]), _integer(variant["strength"],
                                                              ("variant", "strength"), found)
    trigger = triggers.parse(data["trigger"], ("trigger",), found)
    requires = triggers.parse(data["requires"], ("requires",), found) \
        if "requires" in data else None
    source_text = str(data["text"])
    first_line = text_line(located, text, ("text",))
    translated = translations(data.get("translations"), located, text, found)
    if found:
        raise InputError([located.problem(path, message) for path, message in found])
    clause = Clause(
        id=clause_id, family=family, title=str(data["title"]), documents=tuple(documents),
        trigger=trigger, text=source_text, source=str(data["source"]),
        version=str(data["version"]), file=name, article=article, variant_group=group,
        strength=strength, text_line=first_line, requires=requires,
        translations=translated,
    )
    _check_template(clause)
    for translation in translated:
        _check_template(clause, translation)
    return clause


def _integer(value: Any, path: yamlsource.Path_, found: list[tuple[yamlsource.Path_, str]]) -> int:
    if isinstance(value, str) and value.isdigit():
        return int(value)
    found.append((path, f"{value!r} is not a whole number; write digits, e.g. 10"))
    return 0


def _check_template(clause: Clause, translation: Translation | None = None) -> None:
    """Refuse a text that does not compile or names a variable the context lacks."""
    env = make_environment(xml=False)
    source = translation.text if translation is not None else clause.text
    try:
        used = clause_code.variables(env, source)  # kept by content (issue 16)
    except TemplateSyntaxError as err:
        raise _text_error(clause, f"template syntax error: {err.message}", err.lineno,
                          translation) from err
    unknown = sorted(used - set(CONTEXT_VARIABLES))
    if unknown:
        lineno = next((n for n, row in enumerate(source.splitlines(), 1)
                       if unknown[0] in row), 1)
        raise _text_error(clause, f"uses {', '.join(repr(v) for v in unknown)}, which the "
                          f"clause context does not provide; use only: "
                          f"{', '.join(CONTEXT_VARIABLES)} (clauses/README.md)", lineno,
                          translation)


def text_variables(source: str) -> set[str]:
    """The context variables a clause text uses."""
    names: set[str] = meta.find_undeclared_variables(make_environment(xml=False).parse(source))
    return names


def _text_error(clause: Clause, message: str, lineno: int | None,
                translation: Translation | None = None) -> InputError:
    first = translation.text_line if translation is not None else clause.text_line
    line = first + (lineno or 1) - 1 if first else 0
    where = f"translations.{translation.language}.text" if translation is not None else "text"
    what = f"clause {clause.id!r} ({translation.language})" if translation is not None \
        else f"clause {clause.id!r}"
    return InputError(Problem(clause.file, line, 1 if line else 0, where, f"{what}: {message}"))


def _template_line(err: BaseException) -> int | None:
    """The line of the template where rendering failed (Jinja maps its frames to it)."""
    tb, line = err.__traceback__, None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


@lru_cache(maxsize=512)
def _compiled(text: str) -> Template:
    """A clause text compiled once per process: a build renders each clause for the MOU,
    the deed and the workbook, and compiling costs more than rendering. A text that does
    not compile raises every time (exceptions are not cached)."""
    template: Template = clause_code.template(make_environment(xml=False), text)
    return template


def render(clause: Clause, variables: dict[str, Any]) -> str:
    """Render a clause's text; paragraphs joined by one blank line, lines within one joined.

    Values are data: a title holding ``{{ 7*7 }}`` is printed as written, never rendered.
    """
    language = variables.get("language", "en")
    translation = clause.translation(language) if language != "en" else None
    if language != "en" and translation is None:
        raise InputError(Problem(clause.file, 1, 1, f"translations.{language}", (
            f"clause {clause.id!r} has no {language} text; add translations: {language}: "
            "to its file (clauses/README.md)")))
    source = translation.text if translation is not None else clause.text
    try:
        rendered = environment.render(_compiled(source), variables)
    except TemplateSyntaxError as err:
        raise _text_error(clause, f"template syntax error: {err.message}", err.lineno,
                          translation) from err
    except NoneValueError as err:
        raise _text_error(clause, str(err), _template_line(err), translation) from err
    except LimitError as err:
        raise _text_error(clause, f"the text cannot be rendered: {err.message}",
                          _template_line(err), translation) from err
    except TemplateError as err:
        kind = type(err).__name__
        hint = ("a clause may not reach Python internals; remove it" if kind == "SecurityError"
                else f"use only the documented variables: {', '.join(CONTEXT_VARIABLES)}")
        message = (err.message or str(err)).rstrip(".")
        raise _text_error(clause, f"{message} ({kind}); {hint}", _template_line(err),
                          translation) from err
    except RecursionError as err:
        raise _text_error(clause, "the text cannot be rendered: its macros call themselves "
                          "without end; remove the recursion", _template_line(err),
                          translation) from err
    except Exception as err:  # 1/0, range(10**9), 10.0**999: the text's mistake, not ours
        message = str(err).rstrip(".") or "no message"
        raise _text_error(clause, f"the text cannot be rendered ({type(err).__name__}: "
                          f"{message}); correct the expression", _template_line(err),
                          translation) from err
    paragraphs = [" ".join(line.strip(" \t\r") for line in block.splitlines() if line.strip())
                  for block in rendered.split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p)


# --------------------------------------------------------------------------- selection


@cache
def _packaged_library() -> Library:
    return load_library(None)


def select(project: Project, document: str, library: Library | None = None,
           language: str = "en") -> list[Selected]:
    """The clauses ``document`` needs for ``project``, in family and article order.

    A clause is chosen when its trigger fires or a mitigation names it, and its
    ``requires`` (if any) holds. Of the clauses of one variant group only the strongest
    that applies is kept. For a deed, pass the project as that deed sees it
    (:func:`hrdd_docs.agreements.deed_clauses`). In the MOU, a clause there only because
    measures aimed at some recipients name it (``mitigations[].recipients``) carries
    their names as its ``scope``. Deterministic: the same project and library always give
    the same list.

    ``language`` is the document's: the clauses are rendered in it, with the context
    computed in it; a chosen clause without a current translation in it stops the build
    (:func:`translation_problem`), every such clause named at once.
    """
    if document not in DOCUMENTS:
        raise InputError(Problem("document", 0, 0, "", f"unknown document {document!r}; "
                                 f"use {' or '.join(DOCUMENTS)}"))
    library = library if library is not None else _packaged_library()
    problems = _unknown_clauses(project, library)
    if problems:
        raise InputError([Problem("project definition", 0, 0, yamlsource.format_path(path),
                                  message) for path, message in problems])
    chosen: list[tuple[Clause, tuple[str, ...]]] = []
    scopes: dict[str, tuple[str, ...]] = {}
    for clause in library:
        if document not in clause.documents:
            continue
        ctx = triggers.Context(project, clause.id)
        if clause.requires is not None and not triggers.evaluate(clause.requires, ctx).fired:
            continue
        outcome = triggers.evaluate(clause.trigger, ctx)
        named = triggers.FACTS["named_by_mitigation"].evaluate(ctx, True).reasons
        if outcome.fired or named:
            reasons = outcome.reasons if outcome.fired else ()
            chosen.append((clause, tuple(dict.fromkeys(reasons + named))))
            if not outcome.fired and _scope(project, clause.id):
                scopes[clause.id] = _scope(project, clause.id)
    chosen = _strongest_variants(chosen, set(scopes))
    untranslated = [p for p in (translation_problem(c, language, document) for c, _ in chosen)
                    if p is not None]
    if untranslated:
        raise InputError(untranslated)
    variables = context(project, document, language)
    return [Selected(clause, reasons, render(clause, variables), scopes.get(clause.id, ()),
                     language)
            for clause, reasons in chosen]


def _scope(project: Project, clause_id: str) -> tuple[str, ...]:
    """The recipients a clause concerns when only measures aimed at them name it.

    Empty when a measure naming it is aimed at no one in particular, or when the aimed
    recipients are all the project's recipients (then it concerns everyone).
    """
    naming = [m for m in project.mitigations if clause_id in m.clauses]
    if not naming or any(not m.recipients for m in naming):
        return ()
    aimed = {r for m in naming for r in m.recipients}
    if aimed >= {r.id for r in project.recipients}:
        return ()
    return tuple(r.name for r in project.recipients if r.id in aimed)


def selection(project: Project, library: Library | None = None,
              language: str = "en") -> dict[str, list[Selected]]:
    """``{"mou": [...], "deed": [...]}``: :func:`select` for every document on the whole
    project, as if one deed held every item (the library's view, for checks; a build
    makes one deed per recipient: :func:`hrdd_docs.agreements.agreements`)."""
    return {document: select(project, document, library, language) for document in DOCUMENTS}


def _strongest_variants(chosen: list[tuple[Clause, tuple[str, ...]]],
                        scoped: frozenset[str] | set[str] = frozenset(),
                        ) -> list[tuple[Clause, tuple[str, ...]]]:
    """Keep the strongest variant of each group that applies.

    A clause in ``scoped`` concerns some forces only (measures aimed at them named it):
    it is kept when it is stronger than the variant that applies to everyone, and never
    displaces it, so the other forces keep their own obligation.
    """
    best: dict[str, Clause] = {}
    for clause, _ in chosen:
        group = clause.variant_group
        if group and clause.id not in scoped and (
                group not in best or clause.strength > best[group].strength):
            best[group] = clause
    kept = []
    for clause, reasons in chosen:
        group = clause.variant_group
        if group:
            general = best.get(group)
            if clause.id in scoped:
                if general is not None and general.strength >= clause.strength:
                    continue
            elif general is not clause:
                continue
            else:
                weaker = [c.id for c, _ in chosen if c.variant_group == group
                          and c is not clause and c.id not in scoped]
                if weaker:
                    reasons += (reason("clause.stronger",
                                       weaker=Listed(weaker, separator=", ")),)
        kept.append((clause, reasons))
    return kept


def _unknown_clauses(project: Project,
                     library: Library) -> list[tuple[yamlsource.Path_, str]]:
    known = set(library.ids)
    return [(("mitigations", m, "clauses", c),
             f"mitigation {mitigation.id!r} names unknown clause {clause_id!r}; "
             "`hrdd clauses list` shows the clause ids")
            for m, mitigation in enumerate(project.mitigations)
            for c, clause_id in enumerate(mitigation.clauses) if clause_id not in known]


def reference_problems(project: Project, library: Library) -> list[tuple[yamlsource.Path_, str]]:
    """A mitigation naming a clause the library does not hold, or one whose ``requires``
    the project does not meet (a phased-delivery clause without phases): ``(path, message)``."""
    problems = _unknown_clauses(project, library)
    for m, mitigation in enumerate(project.mitigations):
        for c, clause_id in enumerate(mitigation.clauses):
            clause = library.get(clause_id)
            if clause is None or clause.requires is None:
                continue
            outcome = triggers.evaluate(clause.requires, triggers.Context(project, clause_id))
            if not outcome.fired:
                needs = " ".join(triggers.describe(clause.requires).split())
                problems.append((("mitigations", m, "clauses", c), (
                    f"mitigation {mitigation.id!r} names clause {clause_id!r}, which needs "
                    f"{needs}, but {join_words(outcome.against, 'and')}; give the project "
                    "that fact, or remove the clause from this measure")))
    return problems


def check(project: Project, library: Library | None = None) -> None:
    """Raise :class:`InputError` for every :func:`reference_problems` of the project."""
    problems = reference_problems(project, library if library is not None
                                  else _packaged_library())
    if problems:
        raise InputError([Problem("project definition", 0, 0, yamlsource.format_path(path),
                                  message) for path, message in problems])
