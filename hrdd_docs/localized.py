"""Project values in each document language.

Every value an external document prints may be given per language in the project file::

    title: {en: Support to police in Esse Province, fr: Appui à la police de la province d'Esse}

A plain string is in ``project.language``. The model holds such a value as a
:class:`Localized`: a ``str`` (the text in the project's language, so every check and
the workbook read it as before) that also carries its variants. A renderer asks for the
text in the document's language with :func:`text_in`; where it is missing, the build
stops with exit 2 listing each field and its place (:func:`gathering`), never printing
the project language's text in a French agreement.

Values that are the same in every language (names of people, references, numbers,
e-mail addresses) stay plain ``Text`` in the model and have no variants.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic_core import ValidationError, core_schema

from hrdd_docs.wording import LANGUAGE_NAMES, LANGUAGES

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler

    from hrdd_docs.records import Record

_PROJECT_LANGUAGE: contextvars.ContextVar[str] = contextvars.ContextVar(
    "project_language", default="en")
"""The ``project.language`` of the project being validated (set by ``Project``)."""


class Localized(str):
    """A text in the project's language, with its texts in other languages.

    ``variants`` maps a language to its text; it is empty for a value written as a plain
    string, and otherwise holds the project's language too. Two values are equal when
    their texts and variants are; against a plain ``str`` only the text is compared.
    """

    variants: Mapping[str, str]

    def __new__(cls, text: str, variants: Mapping[str, str] | None = None) -> Localized:
        value = super().__new__(cls, text)
        value.variants = dict(variants or {})
        return value

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Localized):
            return str.__eq__(self, other) and dict(self.variants) == dict(other.variants)
        return str.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    __hash__ = str.__hash__

    def __reduce__(self) -> tuple[Any, ...]:
        return (Localized, (str(self), dict(self.variants)))

    def __repr__(self) -> str:  # messages quote values with !r: quote the text alone
        return str.__repr__(self)

    def written(self) -> str | dict[str, str]:
        """How a project file writes it: the plain text, or the mapping of languages."""
        return dict(self.variants) if self.variants else str(self)


def project_language() -> str:
    """The language of plain values in the project being validated."""
    return _PROJECT_LANGUAGE.get()


@contextmanager
def validating(language: str) -> Iterator[None]:
    """Validate plain values as being in ``language`` (``Project`` sets it)."""
    token = _PROJECT_LANGUAGE.set(language if language in LANGUAGES else "en")
    try:
        yield
    finally:
        _PROJECT_LANGUAGE.reset(token)


@dataclass(frozen=True)
class LocalizedText:
    """Marks a text type as given per language: ``Annotated[Localized, LocalizedText()]``.

    Each language's text is checked as the plain type (``Text``) checks it.
    """

    def __get_pydantic_core_schema__(self, source: Any,
                                     handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        from hrdd_docs.model import Text

        text_schema = handler.generate_schema(Text)
        return core_schema.no_info_wrap_validator_function(
            _validate, text_schema,
            serialization=core_schema.plain_serializer_function_ser_schema(
                _written, when_used="json"))

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema,
                                     handler: GetJsonSchemaHandler) -> dict[str, Any]:
        text = {"type": "string", "minLength": 1}
        return {"anyOf": [text, {
            "type": "object", "minProperties": 1, "additionalProperties": False,
            "properties": {language: text for language in LANGUAGES},
            "description": "the text in each language (en, fr, es); a plain string is "
                           "in project.language"}]}


def _validate(value: Any, inner: core_schema.ValidatorFunctionWrapHandler) -> Localized:
    # A module's function, not a closure, so the project's schema can be cached
    # (:mod:`hrdd_docs.model_schema`).
    if isinstance(value, Localized):
        return value
    if not isinstance(value, dict):
        return Localized(inner(value))
    return _from_mapping(value, inner)


def _written(value: Any) -> Any:
    return value.written() if isinstance(value, Localized) else value


def _from_mapping(value: dict[Any, Any],
                  inner: core_schema.ValidatorFunctionWrapHandler) -> Localized:
    unknown = [str(k) for k in value if k not in LANGUAGES]
    if len(unknown) == len(value):
        raise ValueError("expected text, got a mapping; write a single value, or one text "
                         f"per language ({', '.join(f'{code}:' for code in LANGUAGES)})")
    if unknown:
        raise ValueError(f"unknown language {unknown[0]!r}; give the text in each language "
                         f"as {', '.join(f'{code}:' for code in LANGUAGES)} or write one "
                         "plain text")
    texts: dict[str, str] = {}
    for language, text in value.items():
        try:
            texts[str(language)] = str(inner(text))
        except ValidationError as err:
            message = err.errors()[0]["msg"]
            raise ValueError(f"the {language} text: {message}") from None
    base = project_language()
    if base not in texts:
        raise ValueError(f"has no {base} text, the project's language (project.language); "
                         f"add {base}: or write the value as plain text in {base}")
    if len(texts) == 1:
        return Localized(texts[base])
    return Localized(texts[base], {k: texts[k] for k in LANGUAGES if k in texts})


# --------------------------------------------------------------------------- documents


class MissingText(Exception):
    """A value has no text in the document's language (outside :func:`gathering`)."""

    def __init__(self, value: Localized, language: str) -> None:
        super().__init__(f"{str(value)!r} has no {LANGUAGE_NAMES[language]} text")
        self.value = value
        self.language = language


_GATHERED: contextvars.ContextVar[list[tuple[Localized, str]] | None] = \
    contextvars.ContextVar("gathered_missing_texts", default=None)


_DOCUMENT_LANGUAGES: contextvars.ContextVar[tuple[str, ...] | None] = contextvars.ContextVar(
    "document_languages", default=None)


@contextmanager
def rendering(languages: tuple[str, ...] | None) -> Iterator[None]:
    """Render documents in ``languages``: one language, or two for bilingual agreements
    (``hrdd build --lang fr,en``); None means the project's own language."""
    token = _DOCUMENT_LANGUAGES.set(tuple(languages) if languages else None)
    try:
        yield
    finally:
        _DOCUMENT_LANGUAGES.reset(token)


def document_languages(project: Any) -> tuple[str, ...]:
    """The languages the documents of this build are written in: those given to
    :func:`rendering`, else ``project.language``. An agreement holds every one of them
    (a bilingual MOU or deed); another document is written in the first."""
    return _DOCUMENT_LANGUAGES.get() or (str(project.project.language),)


PARTLY_ENGLISH: dict[str, str] = {}
"""Internal documents written in the build's language except for the parts named, each
with the note the build prints. None today: the IRA workbook, the last, is wholly in
the build's language, its clause rationale citing the Toolkit as each clause file's
translation does (``translations: fr: source:``); its cells hold the project's values
as the project file writes them, the workbook being the form the project is edited in."""

INTERNAL_AS_WRITTEN = {"sop": "procedure sheet"}
"""Internal documents written in the build's language whose project values fall back to
the project file's text where a value has none in that language (:func:`as_written`)."""


def english_note(kinds: list[str], languages: tuple[str, ...] | None) -> str | None:
    """The build's warning when it writes internal documents with parts in English, or
    prints in them values that have no text in the build's language, for a French or
    Spanish build; None otherwise."""
    if not languages or all(code == "en" for code in languages):
        return None
    notes = [note for kind, note in PARTLY_ENGLISH.items() if kind in kinds]
    language = LANGUAGE_NAMES[languages[0]]
    notes += [f"the {name} is written in {language}; the project's values it prints that "
              f"have no {language} text (findings, incidents, people's titles) are printed "
              "as the project file writes them, and the checklist names the fields of the "
              "project file in English" for kind, name in INTERNAL_AS_WRITTEN.items()
              if kind in kinds]
    return "; ".join(notes) or None


def as_written(value: str, language: str) -> str:
    """``value`` in ``language`` when the project file gives that text, else as the file
    writes it: for an internal document (the procedure sheet), where a finding or an
    incident written in one language is better printed than refused. Never for an
    external document, which uses :func:`text_in`."""
    if isinstance(value, Localized) and value.variants:
        return value.variants.get(language, str(value))
    return str(value)


def text_in(value: str, language: str) -> str:
    """``value`` in ``language``: its variant, or the plain text when ``language`` is the
    project's. Missing: recorded for :func:`gathering` (the text returned stands in until
    the build stops), or :class:`MissingText` raised outside it."""
    if not isinstance(value, Localized):
        return str(value)
    if value.variants:
        found = value.variants.get(language)
    else:
        found = str(value) if language == _base_language.get() else None
    if found is not None:
        return found
    gathered = _GATHERED.get()
    if gathered is None:
        raise MissingText(value, language)
    gathered.append((value, language))
    return str(value)


_base_language: contextvars.ContextVar[str] = contextvars.ContextVar(
    "document_project_language", default="en")


@contextmanager
def documents_of(project: Any) -> Iterator[None]:
    """Render documents of ``project``: plain values are in its ``project.language``."""
    token = _base_language.set(project.project.language)
    try:
        yield
    finally:
        _base_language.reset(token)


@contextmanager
def gathering(project: Any, source: Path | None = None) -> Iterator[None]:
    """Render documents of ``project``, then refuse every value left without a text.

    Raises :class:`~hrdd_docs.errors.InputError` with one problem per field and
    language, at its place in ``source`` (the project file) when it can be found.
    """
    token = _GATHERED.set([])
    base = _base_language.set(project.project.language)
    try:
        yield
        missing = _GATHERED.get() or []
    finally:
        _GATHERED.reset(token)
        _base_language.reset(base)
    if missing:
        raise missing_error(project, missing, source)


@contextmanager
def lenient() -> Iterator[None]:
    """Render sample texts where a missing value may stand in its project language (the
    checks of ``hrdd clauses lint`` and ``show``); never for a document."""
    token = _GATHERED.set([])
    try:
        yield
    finally:
        _GATHERED.reset(token)


def missing_error(project: Any, missing: list[tuple[Localized, str]],
                  source: Path | None) -> Exception:
    """One problem per field and language without a text, at the field's place."""
    from hrdd_docs.errors import InputError, Problem
    from hrdd_docs.yamlsource import format_path

    places = paths(project)
    located = _located(source)
    seen: set[tuple[tuple[str | int, ...], str]] = set()
    problems = []
    base = project.project.language
    for value, language in missing:
        for path in places.get(id(value), [()]):
            if (path, language) in seen:
                continue
            seen.add((path, language))
            written = ", ".join(f"{k}: …" for k in value.variants) or f"{base}: <as now>"
            what = (f"it as {path[-1]}: " if path and isinstance(path[-1], str)
                    else "this entry as ")
            message = (f"has no {LANGUAGE_NAMES[language]} text, which the {language} "
                       f"documents print; write {what}{{{written}, {language}: …}}")
            if located is not None and path:
                problems.append(located.problem(path, message))
            else:
                problems.append(Problem(str(source or "project definition"), 0, 0,
                                        format_path(path), message))
    return InputError(problems)


def _located(source: Path | None) -> Any:
    if source is None or source.suffix.lower() not in (".yaml", ".yml"):
        return None
    from hrdd_docs import yamlsource

    try:
        return yamlsource.load(source)
    except Exception:  # the file read at the start of the build: reading it again may fail
        return None


def paths(model: Record) -> dict[int, list[tuple[str | int, ...]]]:
    """Where each :class:`Localized` value of ``model`` sits: ``id`` → its paths."""
    found: dict[int, list[tuple[str | int, ...]]] = {}
    for path, value in localized_values(model):
        found.setdefault(id(value), []).append(path)
    return found


def localized_values(model: Record) -> list[tuple[tuple[str | int, ...], Localized]]:
    """Every :class:`Localized` value of ``model`` with its path, in model order."""
    from hrdd_docs.records import Record

    found: list[tuple[tuple[str | int, ...], Localized]] = []

    def walk(node: Any, path: tuple[str | int, ...]) -> None:
        if isinstance(node, Localized):
            found.append((path, node))
        elif isinstance(node, Record):
            for name in type(node).model_fields:
                walk(getattr(node, name), (*path, name))
        elif isinstance(node, list | tuple):
            for index, entry in enumerate(node):
                walk(entry, (*path, index))

    walk(model, ())
    return found
