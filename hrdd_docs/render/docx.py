"""Render a Word template into finished, checked, byte-stable ``.docx`` bytes.

Every Word document of the toolkit goes through :func:`render_template`:

1. docxtpl renders the template with the one sandboxed, strict, autoescaping
   environment (:func:`hrdd_docs.environment.make_environment`), so a value is data:
   ``{{ 7*7 }}`` or ``<w:p>`` in a project title appears literally, ``&``, ``<`` and
   quotes are escaped, French and Arabic pass through unchanged;
2. the rendered body is parsed **strictly** before docxtpl re-parses it in recovery
   mode (which would silently drop everything after a break in the markup);
3. the core properties are set from the arguments (no clock, no user name from the
   machine);
4. every XML part is checked again and the zip is rewritten with fixed entry dates
   (:func:`hrdd_docs.ooxml.finish`).

Multi-paragraph text
--------------------
Never put raw WordprocessingML into a context value: it is escaped and printed as text.
Pass a list of paragraphs instead (:func:`paragraphs` splits text on blank lines) and
loop over it in the template with a paragraph-level tag, one paragraph of the template
per paragraph of text::

    {%p for para in clause.paragraphs %}
    {{ para }}
    {%p endfor %}

A single line break inside a value (``"\\n"``) becomes a line break in the paragraph.

Article numbers
---------------
Templates number their articles with :class:`ArticleCounter`, a callable passed in the
context as ``article``: ``Article {{ article() }}`` prints 1, 2, 3… in document order,
and ``{{ article.sub() }}`` numbers the sections of an article (3.1, 3.2…).
The numbers are plain text, not Word list numbering, so Word and LibreOffice show the
same numbers, and an article added to a template in Word is numbered like the others.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from lxml import etree

from hrdd_docs import ooxml
from hrdd_docs.environment import NoneValueError, make_environment
from hrdd_docs.errors import HrddError, InputError, Problem


class TemplateError(HrddError):
    """A Word template is missing, unreadable, or its tags are wrong (exit 1)."""


class ArticleCounter:
    """Number articles, and sections within them, in document order.

    In a template, ``{{ article() }}`` prints the next article number (1, 2, …) and
    ``{{ article.sub() }}`` the next section of the current article (``3.1``, ``3.2``…).
    One counter per rendering.
    """

    def __init__(self, language: str = "en") -> None:
        self.number = 0
        self.section = 0
        self.language = language

    def __call__(self) -> str:
        from hrdd_docs.wording import article_number

        self.number += 1
        self.section = 0
        return article_number(self.number, self.language)

    def sub(self) -> str:
        self.section += 1
        return f"{self.number}.{self.section}"


def paragraphs(text: str) -> list[str]:
    """Split text into paragraphs on blank lines, dropping empty ones and outer spaces."""
    return [part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]



def render_template(template: Traversable | Path, context: dict[str, Any], *, title: str,
                    subject: str, author: str, when: date) -> bytes:
    """Render ``template`` with ``context`` and return the bytes of the finished document.

    ``title``, ``subject`` and ``author`` become the document's core properties; ``when``
    is both its created and modified date (take it from the project, never the clock).
    Raise :class:`InputError` when a value cannot be placed (undefined variable, a
    value that is None, markup broken by a value) and :class:`TemplateError` when the
    template itself is unusable; both name the template.
    """
    from jinja2 import TemplateError as JinjaError

    from hrdd_docs.render.docx_engine import StrictTemplate

    name = _template_name(template)
    try:
        document = StrictTemplate(template.read_bytes(), lambda message: _input(name, message))
        document.init_docx()
    except (OSError, ValueError, KeyError) as err:
        raise TemplateError(f"{name}: cannot open the Word template ({err})") from err
    try:
        document.render(context, jinja_env=make_environment(xml=True), autoescape=True)
    except NoneValueError as err:
        raise _input(name, str(err)) from err
    except JinjaError as err:
        raise _input(name, _jinja_message(err)) from err
    except etree.XMLSyntaxError as err:  # a header or footer broken by a value
        raise _input(name, f"a value broke the document's markup ({err})") from err
    except (TypeError, AttributeError, ValueError) as err:  # e.g. a loop over a non-list
        raise TemplateError(f"{name}: the template cannot be rendered ({err}); check its "
                            "tags against the values the renderer provides") from err
    _set_properties(document.docx.core_properties, title=title, subject=subject,
                    author=author, when=when)
    try:
        # One zip write: python-docx's parts go straight into the byte-stable package.
        return ooxml.write_opc(document.docx.part.package)
    except ooxml.PackageError as err:
        raise _input(name, f"the rendered document is not well-formed ({err})") from err


def template_variables(template: Traversable | Path) -> set[str]:
    """Return the names a template reads from its context (body, headers and footers).

    Used by the tests to check that a renderer provides every variable its template
    uses.
    """
    from docxtpl import DocxTemplate
    from jinja2 import TemplateSyntaxError

    document = DocxTemplate(io.BytesIO(template.read_bytes()))
    try:
        names: set[str] = document.get_undeclared_template_variables(
            jinja_env=make_environment(xml=True)
        )
    except TemplateSyntaxError as err:
        raise TemplateError(f"{_template_name(template)}: {_jinja_message(err)}") from err
    return names


def _set_properties(props: Any, *, title: str, subject: str, author: str, when: date) -> None:
    """Fix every core property that could carry the machine, the user or the clock."""
    moment = datetime(when.year, when.month, when.day)
    props.title = _property(title)
    props.subject = _property(subject)
    props.author = _property(author)
    props.last_modified_by = _property(author)
    props.created = moment
    props.modified = moment
    props.revision = 1
    props.keywords = ""
    props.comments = ""
    props.category = ""
    props.content_status = ""
    props.identifier = ""
    props.language = ""
    props.version = ""
    # python-docx has no way to delete a property; remove lastPrinted from the XML.
    element = props._element
    for node in element.findall(
        "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}lastPrinted"
    ):
        element.remove(node)


def _property(text: str, limit: int = 255) -> str:
    """Fit a document property to the 255 characters Word (and python-docx) allow.

    The document's text keeps the value whole; only the file's metadata is shortened.
    """
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _input(template: str, message: str) -> InputError:
    return InputError(Problem(template, 0, 0, "", message))


def _template_name(template: Traversable | Path) -> str:
    parts = Path(str(template)).parts
    return "/".join(parts[-3:]) if len(parts) >= 3 else str(template)


def _jinja_message(err: Exception) -> str:
    """A template error in words, with the template text near the error when docxtpl has it."""
    message = getattr(err, "message", None) or str(err)
    if type(err).__name__ == "UndefinedError":
        message = (f"{message}; the template uses a value the renderer does not provide "
                   "(rebuild the template with its build_template.py and run the tests)")
    near = [line.strip() for line in getattr(err, "docx_context", []) if line.strip()]
    if near:
        message += " (near: " + " / ".join(near)[:200] + ")"
    return message


# --- Context helpers shared by the agreements (MOU, deed of donation) -----------------

LINE = "_______________________________"
"""What a signature block shows where a value is completed by hand at signature."""


def person_text(person: Any) -> str:
    """``Name, Title, Organization`` of a :class:`~hrdd_docs.model.Person`."""
    parts = [person.name, person.title]
    if person.organization:
        parts.append(person.organization)
    return ", ".join(parts)



def clause_entries(selected: list[Any]) -> list[dict[str, Any]]:
    """The selected clauses as templates loop over them: id, family, title, paragraphs.

    ``selected`` holds :class:`hrdd_docs.clauses.Selected`; only the rendered clause
    text reaches the document, never the reasons (those go to the manifest). Titles
    and the forces a clause concerns are in the language it was rendered in.
    """
    from hrdd_docs.localized import text_in
    from hrdd_docs.render.mou import the
    from hrdd_docs.wording import join_words

    def force(name: str, language: str) -> str:
        return the(name) if language == "en" else text_in(name, language)

    return [
        {"id": s.clause.id, "family": s.clause.family, "title": s.title,
         "paragraphs": paragraphs(s.text),
         # the forces a clause concerns when only measures aimed at them chose it
         "scope": join_words([force(name, s.language) for name in getattr(s, "scope", ())],
                             language=s.language)}
        for s in selected
    ]


def family_titles(language: str) -> dict[str, str]:
    """Family id → the heading an agreement prints for it, in ``language``."""
    from hrdd_docs import catalog
    from hrdd_docs.clauses import FAMILIES

    return {family: catalog.text("common", f"family.{family}", language)
            for family in FAMILIES}


def clause_families(selected: list[Any], titles: dict[str, str],
                    anchored: tuple[str, ...]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Group the selected clauses by family, in the order of the selection.

    Families in ``anchored`` have an article of their own in the template (e.g.
    monitoring, non-compliance): they are returned in the second value, keyed by
    family, an empty list when none was selected. The others come as the first value,
    one entry per family with its printed ``title`` and its ``clauses``.
    """
    families: list[dict[str, Any]] = []
    fixed: dict[str, Any] = {family: [] for family in anchored}
    for entry in clause_entries(selected):
        family = entry["family"]
        if family in fixed:
            fixed[family].append(entry)
        elif families and families[-1]["key"] == family:
            families[-1]["clauses"].append(entry)
        else:
            families.append({"key": family, "title": titles.get(family, entry["title"]),
                             "clauses": [entry]})
    return families, fixed


def document_date(project: Any) -> date:
    """The date a generated agreement carries in its properties: taken from the project.

    The endorsement of the assessment when there is one (the agreements follow it),
    else the assessment date, else (no assessment: exempt support) the project's start;
    never the clock, so rebuilding gives the same bytes.
    """
    endorsement = project.assessment.endorsement
    day: date = (endorsement.date if endorsement is not None
                 else project.assessment.date or project.project.start)
    return day
