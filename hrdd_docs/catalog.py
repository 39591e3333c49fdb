"""The fixed sentences of the documents, one text file per template and language.

``templates/<kind>/text/en.yaml`` holds every fixed sentence of a template as a keyed
entry (Jinja placeholders for the project's values); ``fr.yaml`` and ``es.yaml`` hold
the same keys, each entry with the English text it was made from::

    donation.handover:                 # en.yaml
      Ownership of each Item passes to the Recipient when it is handed over, ...

    donation.handover:                 # fr.yaml
      en: Ownership of each Item passes to the Recipient when it is handed over, ...
      text: La propriété de chaque Bien est transférée au Donataire lors de sa remise, ...

Two kinds of entries, with the same format: those the template builder script places in
the Word template (``template.<lang>.docx``), and the sentences a renderer completes at
build time (:func:`sentence`), where the choice between wordings is logic but the words
are data. ``templates/common/text/`` holds what several documents share (signature
labels, the footer, family headings, the labels of the vocabularies).

An entry whose ``en`` differs from the current English text is **stale**: the builder
refuses it, and the tests report it, as a stale clause translation is reported.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from hrdd_docs import resources
from hrdd_docs.wording import LANGUAGE_NAMES, LANGUAGES

if TYPE_CHECKING:
    from jinja2 import Template


class CatalogError(Exception):
    """A catalog entry is missing, stale or malformed (a defect of the package)."""


def _normal(text: str) -> str:
    """Runs of white space as one space (lines of a folded entry are joined); an entry
    may begin or end with one space on purpose (" at Esse City")."""
    return re.sub(r"[ \t\r\n]+", " ", str(text))  # not \s: it would take no-break spaces


@cache
def entries(kind: str, language: str) -> dict[str, str]:
    """Every entry of ``templates/<kind>/text/<language>.yaml``: key → text.

    Raise :class:`CatalogError` naming each key missing, stale (its ``en`` is not the
    English entry's text) or unknown, so a catalog is always complete and current.
    """
    english = _read(kind, "en")
    texts = {str(k): _normal(v) for k, v in english.items()}
    if language == "en":
        return texts
    if language not in LANGUAGES:
        raise CatalogError(f"unknown language {language!r}")
    translated = _read(kind, language)
    name = f"templates/{kind}/text/{language}.yaml"
    found, problems = compare(texts, translated, language, unknown="not in en.yaml")
    if problems:
        raise CatalogError(f"{name}: " + "; ".join(problems))
    return found


def stale(kind: str, language: str) -> list[str]:
    """The problems of a catalog (missing, stale, unknown keys); empty when it is sound."""
    try:
        entries(kind, language)
    except CatalogError as err:
        return str(err).split("; ")
    return []


def problems(kind: str, language: str) -> list[str]:
    """Each problem of ``kind``'s catalog in ``language`` (a key missing, unknown,
    malformed or stale), whole, without the file's name; empty when it is sound."""
    if language == "en" or language not in LANGUAGES:
        return [] if language == "en" else [f"unknown language {language!r}"]
    english = {str(k): _normal(v) for k, v in _read(kind, "en").items()}
    return compare(english, _read(kind, language), language, unknown="not in en.yaml")[1]


def _read(kind: str, language: str) -> dict[str, Any]:
    name = f"templates/{kind}/text/{language}.yaml"
    return parsed(resources.read_text("templates", kind, "text", f"{language}.yaml"), name,
                  "a catalog is a mapping of keys to sentences")


def parsed(text: str, name: str, shape: str) -> dict[str, Any]:
    """The catalog ``text`` (the file ``name``) as the YAML reader gives it, or
    :class:`CatalogError` saying ``shape`` when it is not a mapping.

    What the reader gives depends only on the text and on the reader, so it is kept by
    their content in the user's cache folder (:func:`hrdd_docs.cache.plain`): the
    catalogs of a build took 15-20 ms to read. A text the reader refuses raises as
    before and is never kept."""
    import sys
    from pathlib import Path

    from hrdd_docs import cache, yamlsource

    def read() -> dict[str, Any]:
        data = yamlsource.parse(text, name).data
        if not isinstance(data, dict):
            raise CatalogError(f"{name}: {shape}")
        return dict(data)

    return cache.plain("catalogs", read, sys.version, text, Path(yamlsource.__file__).read_bytes())


def text(kind: str, key: str, language: str) -> str:
    """The entry ``key`` of ``kind``'s catalog in ``language``, as written."""
    found = entries(kind, language)
    if key not in found:
        raise CatalogError(f"templates/{kind}/text/en.yaml has no entry {key!r}")
    return found[key]


class Texts:
    """The catalog of one template in one language, for its builder script:
    ``t = Texts("deed_of_donation", "fr")`` then ``t("donation.intro")``."""

    def __init__(self, kind: str, language: str) -> None:
        self.kind = kind
        self.language = language
        self.used: set[str] = set()

    def __call__(self, key: str) -> str:
        self.used.add(key)
        if key.startswith("common."):
            return text("common", key.removeprefix("common."), self.language)
        return text(self.kind, key, self.language)


@lru_cache(maxsize=1024)
def _compiled(source: str) -> Template:
    from hrdd_docs import sentence_code

    template: Template = sentence_code.template(source)  # compiled once, kept by content
    return template


def sentence(kind: str, key: str, language: str, **values: Any) -> str:
    """Entry ``key`` completed with ``values``, in the one sandboxed environment (a
    missing value stops the build; a value holding ``{{ }}`` is printed as written).
    The result is plain text, escaped once when the document places it.

    An entry with no braces and no carriage return holds no Jinja syntax: Jinja would
    give it back unchanged, so it is returned as it is, and ``hrdd assess`` imports
    Jinja only for a project whose report needs a placeholder filled."""
    source = text(kind, key, language)
    if "{" not in source and "\r" not in source:
        return source
    rendered: str = _compiled(source).render(language=language, **values)
    return rendered


def compare(texts: dict[str, str], translated: dict[str, Any], language: str, *,
            unknown: str, lines: bool = False) -> tuple[dict[str, str], list[str]]:
    """A translated catalog against the English ``texts``: the texts found, key → text,
    and one problem per key missing, unknown (``unknown`` says so), malformed or stale
    (its ``en`` is not the English text). With ``lines`` (the workbook's catalog), a text
    whose English has line breaks keeps its own, and surrounding space is not compared."""
    problems = [f"{key}: missing; add its {LANGUAGE_NAMES[language]} text"
                for key in texts if key not in translated]
    problems += [f"{key}: {unknown}; remove it" for key in translated if key not in texts]
    found: dict[str, str] = {}
    for key, entry in translated.items():
        if key not in texts:
            continue
        if not isinstance(entry, dict) or set(entry) != {"en", "text"}:
            problems.append(f"{key}: write it as en: <the English text> and text: <the "
                            f"{LANGUAGE_NAMES[language]} text>")
            continue
        recorded, current = _normal(entry["en"]), _normal(texts[key])
        if (recorded.strip() != current.strip()) if lines else (recorded != current):
            problems.append(f"{key}: stale, the English text changed since; translate the "
                            "new English and copy it into en:")
        text = str(entry["text"])
        found[str(key)] = text if lines and "\n" in texts[key] else _normal(text)
    return found, problems
