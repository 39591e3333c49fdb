"""The IRA workbook's words in English, French and Spanish (``templates/ira/text/``).

``templates/ira/layout.yaml`` describes the sheets once, in English, and its keys (a
sheet's English name, a column's or field's ``key``, a vocabulary's value) are the
workbook's stable identity. Every text a user sees has a catalog key:

==========================================  ==========================================
``<sheet>.name`` / ``.title`` / ``.note``     a sheet's tab, title row and guidance row
``<sheet>.column.<key>`` (``.note``)          a table's header (and its input prompt)
``<sheet>.field.<key>`` (``.note``)           a form's label (and its guidance)
``<sheet>.section.<n>``, ``<sheet>.step.<n>``  a form's n-th section; a "Start here" step
``value.<List>.<value>``                      the drop-down label of a vocabulary value
``meaning.<List>.<value>``                    what it means (the Lists sheet)
``ui.…``                                      the computed sheets, checks and messages
==========================================  ==========================================

``<sheet>`` is the sheet's English name in lower case with ``_`` for other characters
(``risk_register``). The English of the layout's keys is the layout itself, the English
of the drop-down labels is the value (an English workbook holds ``medium``), the English
of the meanings comes from the model's vocabularies and ``clauses/vocabulary.yaml``, and
the rest is ``templates/ira/text/en.yaml``. ``fr.yaml`` and ``es.yaml`` hold every key,
each entry with the English it was made from; a changed English entry is stale and
refused (:class:`hrdd_docs.catalog.CatalogError`), as for the deed's catalogs.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from hrdd_docs.catalog import CatalogError, _normal, compare
from hrdd_docs.wording import LANGUAGE_NAMES, LANGUAGES

if TYPE_CHECKING:  # pragma: no cover
    from jinja2 import Template

    from hrdd_docs.render.workbook_layout import Layout

WORDED_LISTS = frozenset({
    "Ratings", "YesNo", "Roles", "RecipientCategories", "SupportKinds", "Elements",
    "MitigationTypes", "Timings", "IndicatorKinds", "Units", "CoursesOfAction",
    "IncidentResults", "Brandings", "DisclosureLevels", "DeathPenaltyStatuses",
    "StateRelations", "SourceKinds", "EventKinds"})
"""The drop-downs whose cells hold a word of the workbook's language ("moyen", "oui").

The others hold codes in every language: language codes, risk tags (the clause
library's keys), and the groups and grave violations a cell lists separated by commas."""


def sheet_key(name: str) -> str:
    """``Risk register`` → ``risk_register``: a sheet's part of its catalog keys."""
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def _layout_texts(base: Layout) -> dict[str, str]:
    from hrdd_docs.render.workbook_layout import Field, Section

    out: dict[str, str] = {"marking": base.marking}
    for sheet in base.sheets:
        key = sheet_key(sheet.id)
        for part in ("name", "title", "note", "blank"):
            value = sheet.id if part == "name" else getattr(sheet, part)
            if value:
                out[f"{key}.{part}"] = value
        for column in sheet.columns:
            out[f"{key}.column.{column.key}"] = column.header
            if column.note:
                out[f"{key}.column.{column.key}.note"] = column.note
        sections = 0
        for entry in sheet.fields:
            if isinstance(entry, Section):
                sections += 1
                out[f"{key}.section.{sections}"] = entry.title
            elif isinstance(entry, Field):
                out[f"{key}.field.{entry.key}"] = entry.label
                if entry.note:
                    out[f"{key}.field.{entry.key}.note"] = entry.note
        for n, step in enumerate(sheet.steps, start=1):
            out[f"{key}.step.{n}.step"] = step.step
            out[f"{key}.step.{n}.what"] = step.what
    return out


def _read(language: str) -> dict[str, Any]:
    from hrdd_docs import resources
    from hrdd_docs.catalog import parsed

    name = f"templates/ira/text/{language}.yaml"
    return parsed(resources.read_text("templates", "ira", "text", f"{language}.yaml"), name,
                  "a catalog is a mapping of keys to texts")


@cache
def english() -> dict[str, str]:
    """Every text of the workbook in English, by catalog key."""
    from hrdd_docs.render.workbook_layout import english_layout, lists

    out = _layout_texts(english_layout())
    for name, values in lists().items():
        for value, meaning in values:
            if name in WORDED_LISTS:
                out[f"value.{name}.{value}"] = value
            out[f"meaning.{name}.{value}"] = meaning
    for key, text in _read("en").items():
        if key in out:
            raise CatalogError(f"templates/ira/text/en.yaml: {key} is a text of layout.yaml "
                               "or of a vocabulary; remove it here")
        out[str(key)] = str(text)
    return {key: _normal(text) if "\n" not in str(text) else str(text)
            for key, text in out.items()}


@cache
def entries(language: str) -> dict[str, str]:
    """Every text of the workbook in ``language``, by catalog key.

    Raise :class:`CatalogError` naming each key missing, stale (its ``en`` is not the
    current English) or unknown, so a French or Spanish workbook is complete and current.
    """
    found, problems = _checked(language)
    if problems:
        raise CatalogError(f"templates/ira/text/{language}.yaml: " + "; ".join(problems))
    return found


def stale(language: str) -> list[str]:
    """The problems of a language's catalog, one per key; empty when it is complete and
    current."""
    return _checked(language)[1]


def _checked(language: str) -> tuple[dict[str, str], list[str]]:
    texts = english()
    if language == "en":
        return texts, []
    if language not in LANGUAGES:
        return {}, [f"unknown language {language!r}"]
    return compare(texts, _read(language), language,
                   unknown="not an English text of the workbook", lines=True)


@lru_cache(maxsize=512)
def _compiled(source: str) -> Template:
    from hrdd_docs import sentence_code

    template: Template = sentence_code.template(source)  # compiled once, kept by content
    return template


class Words:
    """The workbook's texts in one language: ``words("ui.form.value")``, with values
    for the placeholders (``words("ui.summary.duration", start=…, end=…)``), and the
    drop-down labels of each list in both directions."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.texts = entries(language)
        self._values: dict[str, dict[str, str]] = {}

    def __call__(self, key: str, **values: Any) -> str:
        text = self.texts[key]
        if "{{" not in text:
            return text
        rendered: str = _compiled(text).render(**values)
        return rendered

    def label(self, name: str | None, value: str) -> str:
        """The drop-down label of ``value`` in the list ``name`` (the value itself for a
        list of codes)."""
        if name in WORDED_LISTS:
            return self.texts.get(f"value.{name}.{value}", value)
        return value

    def meaning(self, name: str, value: str) -> str:
        return self.texts[f"meaning.{name}.{value}"]

    def values(self, name: str) -> dict[str, str]:
        """Label → value of a worded list (empty for a list of codes)."""
        from hrdd_docs.render.workbook_layout import lists

        if name not in WORDED_LISTS:
            return {}
        if name not in self._values:
            self._values[name] = {_fold(self.label(name, value)): value
                                  for value, _ in lists()[name]}
        return self._values[name]

    def labels(self, name: str) -> list[str]:
        from hrdd_docs.render.workbook_layout import lists

        return [self.label(name, value) for value, _ in lists()[name]]


def _fold(text: str) -> str:
    """Labels are matched whatever their case and spacing ("Moyen", " moyen ")."""
    return " ".join(text.split()).casefold()


def match(words: Words, name: str, text: str) -> str | None:
    """The value whose label is ``text`` in the list ``name``, or None."""
    return words.values(name).get(_fold(text))


@cache
def words(language: str) -> Words:
    """The workbook's texts in ``language`` (checked complete and current)."""
    return Words(language)


def translate_layout(base: Layout, language: str) -> Layout:
    """The layout with every text in ``language``; keys, types and ids unchanged."""
    from hrdd_docs.render.workbook_layout import Field, Section, Step

    t = entries(language)

    def get(key: str, default: str | None) -> str | None:
        return t[key] if default is not None else None

    names = {s.id: t[f"{sheet_key(s.id)}.name"] for s in base.sheets}
    sheets = []
    for sheet in base.sheets:
        key = sheet_key(sheet.id)
        columns = tuple(replace(c, header=t[f"{key}.column.{c.key}"],
                                note=get(f"{key}.column.{c.key}.note", c.note))
                        for c in sheet.columns)
        fields: list[Field | Section] = []
        sections = 0
        for entry in sheet.fields:
            if isinstance(entry, Section):
                sections += 1
                fields.append(Section(t[f"{key}.section.{sections}"]))
            else:
                fields.append(replace(entry, label=t[f"{key}.field.{entry.key}"],
                                      note=get(f"{key}.field.{entry.key}.note", entry.note)))
        steps = tuple(Step(t[f"{key}.step.{n}.step"], _sheets(step.sheets, names),
                           t[f"{key}.step.{n}.what"])
                      for n, step in enumerate(sheet.steps, start=1))
        sheets.append(replace(sheet, name=t[f"{key}.name"], title=t[f"{key}.title"],
                              note=get(f"{key}.note", sheet.note),
                              blank=get(f"{key}.blank", sheet.blank), columns=columns,
                              fields=tuple(fields), steps=steps))
    id_lists = tuple(replace(i, sheet=names[i.sheet]) for i in base.id_lists)
    return replace(base, sheets=tuple(sheets), id_lists=id_lists, marking=t["marking"],
                   language=language)


def _sheets(listed: str, names: dict[str, str]) -> str:
    """A step's "Project, People" with each sheet under its name in the language."""
    return ", ".join(names.get(n.strip(), n.strip()) for n in listed.split(",")) if listed else ""


def sheet_names(language: str) -> dict[str, str]:
    """English name (the sheet's id) → its name in ``language``."""
    from hrdd_docs.render.workbook_layout import layout

    return {s.id: s.name for s in layout(language).sheets}


def detect(sheetnames: list[str]) -> str:
    """The language of a workbook, from the names of its sheets (English on a tie).

    A workbook records its language in the defined name ``WorkbookLanguage``; a suite
    that drops it still leaves the sheet names, which say the same.
    """
    best, score = "en", -1
    present = set(sheetnames)
    for language in LANGUAGES:
        found = len(present & set(sheet_names(language).values()))
        if found > score:
            best, score = language, found
    return best


LANGUAGE_NAME = "WorkbookLanguage"
"""The defined name that records the workbook's language (``"fr"``) for ``hrdd import``."""


def workbook_language(wb: Any) -> str:
    """The language of a workbook's sheets and labels (an openpyxl workbook): the one its
    defined name ``WorkbookLanguage`` records, else the one its sheet names are in."""
    defined = wb.defined_names.get(LANGUAGE_NAME)
    recorded = str(getattr(defined, "attr_text", "") or "").strip('"')
    if recorded in LANGUAGES:
        return recorded
    return detect(list(wb.sheetnames))


def read_label(words: Words, choices: str, text: str) -> tuple[str | None, str | None]:
    """``(value, None)`` for a drop-down label of the list ``choices`` in the workbook's
    language ("moyen" → "medium"), or ``(None, why)`` for a label of another language or
    misspelt. In an English workbook, and for a list of codes, the text is the value and
    the model checks it."""
    if words.language == "en" or choices not in WORDED_LISTS:
        return text, None
    found = match(words, choices, text)
    if found is not None:
        return found, None
    allowed = ", ".join(repr(label) for label in words.labels(choices))
    return None, (f"{text!r} is not a label of this {LANGUAGE_NAMES[words.language]} "
                  f"workbook's list {choices}; choose one of {allowed}")
