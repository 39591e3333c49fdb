"""docxtpl, with its per-template work done once per template content (issue 16).

Before docxtpl renders a part of a Word template (the body, a header, a footer, a core
property) it joins the runs its tags were split into with a dozen regular expressions
over the XML (``patch_xml``), then Jinja parses and compiles the result into Python
code. Both depend only on the template's bytes, so :class:`StrictTemplate` keeps the
compiled code of every part, keyed by the sha256 of the template's bytes and of what
the code depends on (docxtpl, Jinja2 and Python versions, the toolkit's environment and
this module), in memory for the process and in the user's cache folder
(:mod:`hrdd_docs.cache`) for the next process. Rendering then runs that code in the
environment of the render, the one sandboxed, strict, autoescaping environment of
:func:`hrdd_docs.environment.make_environment`: the sandbox's checks are calls the
compiled code makes to that environment at run time, so they apply as before.

The documents are the same bytes with a cold cache, a warm one, a corrupt one or none.
A template whose tags do not compile is never cached: it goes through docxtpl's own path,
which raises the error docxtpl raises. With a docxtpl version other than the one this
module follows (:data:`FOLLOWS`), nothing is cached and docxtpl does all the work.
"""

from __future__ import annotations

import io
import marshal
import re
import sys
from collections.abc import Callable, Iterator
from importlib.util import MAGIC_NUMBER
from pathlib import Path
from types import CodeType
from typing import Any

import docxtpl
from docx.oxml.parser import element_class_lookup
from docxtpl import DocxTemplate
from jinja2 import TemplateError as JinjaError
from lxml import etree

from hrdd_docs import cache

FOLLOWS = {"0.20.2"}
"""docxtpl versions whose ``render_xml_part`` and ``render_properties`` the methods below
follow step for step."""

_PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")
"""The core properties docxtpl renders (``DocxTemplate.render_properties``)."""

_STRICT = etree.XMLParser(recover=False, resolve_entities=False, no_network=True)

_OXML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
"""python-docx's element classes, keeping blank text as docxtpl's parse of the body does."""
_OXML.set_element_class_lookup(element_class_lookup)

_NAMESPACE = re.compile(r'\sxmlns(?::([\w.-]+))?="([^"]*)"')

Parts = dict[str, tuple[str, CodeType]]
"""Part id (``body``, a header's or footer's part name, ``property:title``…) → the
part's encoding and its compiled template code."""

_MEMO: dict[str, Parts] = {}
"""Compiled parts by template key, for the rest of the process (a batch build)."""

_fingerprint: str | None = None


def fingerprint() -> str:
    """What the cached code depends on besides the template: versions and our code."""
    global _fingerprint
    if _fingerprint is None:
        import jinja2

        from hrdd_docs import environment

        _fingerprint = cache.key(
            MAGIC_NUMBER, sys.version, docxtpl.__version__, jinja2.__version__,
            Path(environment.__file__).read_bytes(), Path(__file__).read_bytes())
    return _fingerprint


def _load(key: str) -> Parts:
    if key in _MEMO:
        return dict(_MEMO[key])
    payload = cache.load("docxtpl", key)
    if payload is None:
        return {}
    try:
        parts = marshal.loads(payload)  # noqa: S302 (our own entry, its sha256 checked)
    except (ValueError, EOFError, TypeError):
        return {}
    if not isinstance(parts, dict) or not all(
            isinstance(k, str) and isinstance(v, tuple) and len(v) == 2
            and isinstance(v[0], str) and isinstance(v[1], CodeType)
            for k, v in parts.items()):
        return {}
    _MEMO[key] = parts
    return dict(parts)


class StrictTemplate(DocxTemplate):  # type: ignore[misc]
    """docxtpl's template, checked strictly and with its per-template work cached.

    ``broken`` builds the error raised when a value broke the body's markup.
    """

    def __init__(self, data: bytes, broken: Callable[[str], Exception]) -> None:
        super().__init__(io.BytesIO(data))
        self._broken = broken
        self._key = cache.key(fingerprint(), data) if docxtpl.__version__ in FOLLOWS else None
        self._parts: Parts = _load(self._key) if self._key else {}
        self._new = False

    # --- strict checking --------------------------------------------------------------

    def fix_tables(self, xml: str) -> Any:
        # docxtpl parses the rendered body in recovery mode, which drops whatever
        # follows a break in the markup without a word: parse strictly first.
        try:
            etree.fromstring(xml.encode("utf-8"), parser=_STRICT)
        except etree.XMLSyntaxError as err:
            raise self._broken(f"a value broke the document's markup ({err}); check "
                               "the text for stray control characters") from err
        return super().fix_tables(xml)

    def map_tree(self, tree: Any) -> None:
        """Put the rendered body into the document, in time linear in its size.

        docxtpl replaces the body element with the rendered tree, which lxml moves from
        its own document into the template's, fixing namespaces node by node: that grows
        quadratically (4 s for a 20,000-item schedule). Instead the document is written
        out around an empty body, the rendered body spliced in (less the namespace
        declarations the document's root already makes, which is what the move drops)
        and the whole parsed once: the same tree, so the same bytes.
        """
        body = etree.tostring(tree, encoding="unicode")
        open_end, close_start = body.find(">") + 1, body.rfind("</")
        document = self.docx
        root = document._element
        declared = root.nsmap
        start_tag = _NAMESPACE.sub(
            lambda m: "" if declared.get(m.group(1) or None) == m.group(2) else m.group(0),
            body[:open_end])
        if (self._key is None or start_tag != f"<{tree.prefix}:body>"
                or body.endswith("/>") or tree.tag != root.body.tag):
            # a declaration or attribute the document lacks, or an empty body: docxtpl's way
            super().map_tree(tree)
            return
        token = f"hrdd-body-{id(tree)}"
        empty = root.makeelement(tree.tag)
        empty.append(etree.Comment(token))
        root.replace(root.body, empty)
        before, _, after = etree.tostring(root, encoding="unicode").partition(f"<!--{token}-->")
        # The rendered tree is text now and docxtpl does not read it again: emptied, its
        # elements are freed before the document is parsed, so the two are never held
        # at once (a 20,000-item schedule's body is about 300 MB as a tree).
        tree.clear()
        new_root = etree.fromstring(before + body[open_end:close_start] + after, parser=_OXML)
        document._element = document._part._element = new_root
        document._Document__body = None

    # --- cached parts -------------------------------------------------------------------

    def render(self, context: dict[str, Any], jinja_env: Any = None,
               autoescape: bool = False) -> None:
        try:
            super().render(context, jinja_env=jinja_env, autoescape=autoescape)
        finally:
            # The code compiled is good whatever the values did (a value may be refused).
            if self._new and self._key:
                _MEMO[self._key] = dict(self._parts)
                cache.store("docxtpl", self._key, marshal.dumps(self._parts))

    def _compiled(self, part: str, source: Callable[[], tuple[str, str]],
                  env: Any, xml: bool = True) -> tuple[str, Any]:
        """The encoding and the Jinja template of ``part``, compiled now or taken from
        the cache; raise Jinja's error when the part's tags do not compile. ``xml``:
        the part is XML, which docxtpl splits before each paragraph to compile it."""
        entry = self._parts.get(part)
        if entry is None:
            encoding, text = source()
            code = env.compile(re.sub(r"<w:p([ >])", r"\n<w:p\1", text) if xml else text)
            entry = self._parts[part] = (encoding, code)
            self._new = True
        return entry[0], env.template_class.from_code(env, entry[1], env.make_globals(None))

    def _render_part(self, template: Any, part: Any, context: dict[str, Any]) -> str:
        """docxtpl's ``render_xml_part`` after its compile step."""
        self.current_rendering_part = part
        xml = template.render(context)
        xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
        xml = (xml.replace("{_{", "{{").replace("}_}", "}}")
               .replace("{_%", "{%").replace("%_}", "%}"))
        return str(self.resolve_listing(xml))

    def build_xml(self, context: dict[str, Any], jinja_env: Any = None) -> str:
        if self._key is None or jinja_env is None:
            return str(super().build_xml(context, jinja_env))
        try:
            _, template = self._compiled(
                "body", lambda: ("utf-8", self.patch_xml(self.get_xml())), jinja_env)
        except JinjaError:
            return str(super().build_xml(context, jinja_env))  # raises docxtpl's error
        return self._render_part(template, self.docx._part, context)

    def build_headers_footers_xml(self, context: dict[str, Any], uri: str,
                                  jinja_env: Any = None) -> Iterator[tuple[str, bytes]]:
        if self._key is None or jinja_env is None:
            yield from super().build_headers_footers_xml(context, uri, jinja_env)
            return
        for rel_key, part in self.get_headers_footers(uri):
            def source(part: Any = part) -> tuple[str, str]:
                xml = self.get_part_xml(part)
                return self.get_headers_footers_encoding(xml), self.patch_xml(xml)

            try:
                encoding, template = self._compiled(str(part.partname), source, jinja_env)
            except JinjaError:
                encoding, xml = source()
                yield rel_key, self.render_xml_part(xml, part, context,
                                                    jinja_env).encode(encoding)
                continue
            yield rel_key, self._render_part(template, part, context).encode(encoding)

    def render_properties(self, context: dict[str, Any], jinja_env: Any = None) -> None:
        if self._key is None or jinja_env is None:
            super().render_properties(context, jinja_env)
            return
        props = self.docx.core_properties
        for name in _PROPERTIES:
            initial: str = getattr(props, name)

            def source(initial: str = initial) -> tuple[str, str]:
                return "", initial

            _, template = self._compiled(f"property:{name}", source, jinja_env, xml=False)
            setattr(props, name, template.render(context))
