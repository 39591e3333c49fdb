"""The IRA workbook's "Translations" sheet: a value's texts in other languages.

The workbook's own sheets hold each value in the project's language, as they always
have. A value given per language (``title: {en: …, fr: …}``, :mod:`hrdd_docs.localized`)
adds one row per other language to this sheet::

    Field                     Language   Text
    project.title             fr         Appui à la police de la province d'Esse
    recipients[0].name        es         la Policía de Darvonia, Mando de la Provincia de Esse

so ``hrdd import`` rebuilds the same project. The sheet is written only when some
value has a text in another language, and read only when it exists: a workbook without
it imports as before. Additive on purpose: the other sheets and their layout do not
change.
"""

from __future__ import annotations

import re
from typing import Any

from hrdd_docs.errors import Problem
from hrdd_docs.localized import localized_values
from hrdd_docs.wording import LANGUAGES
from hrdd_docs.yamlsource import format_path

SHEET = "Translations"
HEADERS = ("Field", "Language", "Text")
_TOP = 4  # the header row, under the title and its note


def rows(project: Any) -> list[tuple[str, str, str]]:
    """(field path, language, text) for every text of a value in another language."""
    base = project.project.language
    return [(format_path(path), language, text)
            for path, value in localized_values(project)
            for language, text in value.variants.items() if language != base]


def write(wb: Any, project: Any, words: Any = None) -> None:
    """Add the sheet to ``wb`` when the project has texts in other languages; its name,
    title and headers in the language of ``words`` (the workbook's; English by default)."""
    from hrdd_docs.render import workbook_style as style
    from hrdd_docs.render.workbook_text import words as words_in

    found = rows(project)
    if not found:
        return
    w = words or words_in("en")
    ws = wb.create_sheet(w("ui.translations.name"))
    style.title(ws, w("ui.translations.name"), w("ui.translations.note"))
    widths = [40, 12, 90]
    style.header(ws, _TOP, [w(f"ui.translations.{key}") for key in ("field", "language",
                                                                      "text")], widths)
    for row, entry in enumerate(found, start=_TOP + 1):
        for col, value in enumerate(entry, start=1):
            style.put(ws, row, col, value)
    style.page_setup(ws, widths, _TOP + len(found), freeze=f"A{_TOP + 1}",
                     title_rows=f"{_TOP}:{_TOP}", marking=w("marking"))


_STEP = re.compile(r"\.?([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")


def _parse(path: str) -> list[str | int] | None:
    steps: list[str | int] = []
    position = 0
    for match in _STEP.finditer(path):
        if match.start() != position:
            return None
        steps.append(match.group(1) if match.group(1) else int(match.group(2)))
        position = match.end()
    return steps if steps and position == len(path) else None


def apply(wb: Any, data: dict[str, Any], source: str,
          language: str = "en") -> tuple[list[Problem], list[Problem]]:
    """Put the sheet's texts into ``data`` (the values read from the other sheets):
    a value becomes ``{<project language>: <its cell>, <language>: <text>}``.

    Returns the problems found, each at its cell, and apart from them the rows whose
    value is empty in the other sheets: report those only when the project is otherwise
    valid, since a required value left empty is reported by the model at its own cell.
    """
    from hrdd_docs.render.workbook_text import words

    sheet = words(language)("ui.translations.name")  # in the workbook's language
    if sheet not in wb.sheetnames:
        return [], []
    ws = wb[sheet]
    base = str((data.get("project") or {}).get("language") or "en")
    problems: list[Problem] = []
    orphans: list[Problem] = []
    seen: set[tuple[str, str]] = set()

    def problem(row: int, col: str, message: str, found: list[Problem] = problems) -> None:
        found.append(Problem(source, 0, 0, f"{sheet}!{col}{row}", message))

    for row in range(_TOP + 1, ws.max_row + 1):
        field, language, text = (ws.cell(row=row, column=c).value for c in (1, 2, 3))
        if field is None and language is None and text is None:
            continue
        steps = _parse(str(field or ""))
        if steps is None:
            problem(row, "A", f"field {field!r} is not a field path; write it as "
                    "project.title or recipients[0].name")
            continue
        if language not in LANGUAGES or language == base:
            others = " or ".join(code for code in LANGUAGES if code != base)
            problem(row, "B", f"language {language!r}: write {others} (the project's own "
                    f"language, {base}, is in the other sheets)")
            continue
        if not isinstance(text, str) or not text.strip():
            problem(row, "C", "the text is empty; write it or delete the row")
            continue
        if not _printed_text(steps):
            problem(row, "A", f"{field} is not a text of the project that documents print; "
                    "check the field path against the other sheets")
            continue
        if (str(field), language) in seen:
            problem(row, "A", f"{field} has a second {language} row; keep one")
            continue
        seen.add((str(field), language))
        parent: Any = data
        for step in steps[:-1]:
            parent = _child(parent, step)
            if parent is None:
                break
        last = steps[-1]
        current = _child(parent, last) if parent is not None else None
        if isinstance(current, str):
            _set(parent, last, {base: current, language: text})
        elif isinstance(current, dict) and base in current:
            current[language] = text
        elif current is None and isinstance(parent, dict):
            problem(row, "A", f"{field} has no value in the other sheets; give it there, in "
                    f"the project's language ({base}), first", orphans)
        elif parent is None:
            continue  # the row holding the value is missing: reported by the other sheets
        else:
            problem(row, "A", f"{field} is not a text of the project; check the field path "
                    "against the other sheets")
    return problems, orphans


def _printed_text(steps: list[str | int]) -> bool:
    """Whether the path names a field of the model given per language (``LText``)."""
    from hrdd_docs.loading import _item_of, _model_in
    from hrdd_docs.model import Project

    annotation: Any = Project
    for step in steps:
        if isinstance(step, int):
            annotation = _item_of(annotation)
            continue
        model = _model_in(annotation)
        field = model.model_fields.get(step) if model is not None else None
        if field is None:
            return False
        annotation = field.annotation
    return "Localized" in str(annotation)


def _child(node: Any, step: str | int) -> Any:
    if isinstance(step, int):
        return node[step] if isinstance(node, list) and step < len(node) else None
    return node.get(step) if isinstance(node, dict) else None


def _set(node: Any, step: str | int, value: Any) -> None:
    node[step] = value
