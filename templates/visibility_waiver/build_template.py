"""Regenerate ``templates/visibility_waiver/template.docx``, the donor letter (Box 5).

Run from the repository root after changing this script or a text file::

    python templates/visibility_waiver/build_template.py      # en, fr and es

Every fixed sentence is in ``text/<language>.yaml`` (templates/README.md); the script
keeps the structure and writes one ``template.<language>.docx`` per language. The result
is an ordinary Word file with docxtpl tags; it may also be edited in Word, but a later
run of this script overwrites such edits. The context the tags read is
built by :func:`hrdd_docs.render.waiver.context`; what the letter may disclose of the
assessment is decided in :mod:`hrdd_docs.waiver` (``visibility.justification_level``),
and the template only prints what it is given. ``tests/test_waiver_doc.py`` checks
that every tag is supplied.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from hrdd_docs.catalog import Texts
from hrdd_docs.render import docx_layout as lay
from hrdd_docs.wording import LANGUAGES

HERE = Path(__file__).resolve().parent


def build(path: Path | None = None, language: str = "en") -> Path:
    """Write the template in ``language`` to ``path`` (default: ``template.<language>.docx``
    beside this script), its sentences from ``text/<language>.yaml``."""
    path = path or HERE / f"template.{language}.docx"
    t = Texts("visibility_waiver", language)
    doc = lay.new_document(language)
    lay.page_frame(doc, t, "{{ office }}", t("footer"))

    lay.tag(doc, "{%p for line in addressee %}")
    _tight(doc, "{{ line }}")
    lay.tag(doc, "{%p endfor %}")
    lay.para(doc, t("date"), align="right")
    subject = doc.add_paragraph(style="Agreement Text")
    subject.add_run("{{ subject }}").bold = True
    lay.para(doc, "{{ salutation }}")
    lay.para(doc, t("intro"))

    lay.heading(doc, t("requirements.heading"))
    _bullets(doc, "requirements", "{{ item }}")

    lay.heading(doc, t("derogation.heading"))
    lay.tag(doc, "{%p if scope %}")
    lay.para(doc, t("scope.intro"))
    _bullets(doc, "scope", "{{ item }}")
    lay.tag(doc, "{%p else %}")
    lay.para(doc, t("scope.all"))
    lay.tag(doc, "{%p endif %}")
    lay.para(doc, t("period"))

    lay.heading(doc, t("why.heading"))
    lay.para(doc, t("why"))
    lay.tag(doc, "{%p if statement %}")
    lay.para(doc, "{{ statement }}")
    lay.tag(doc, "{%p endif %}")
    lay.tag(doc, "{%p if factors %}")
    lay.para(doc, t("factors.intro"))
    _bullets(doc, "factors", t("factor"))
    lay.tag(doc, "{%p endif %}")
    lay.tag(doc, "{%p if risks %}")
    lay.para(doc, t("risks.intro"))
    _bullets(doc, "risks", t("risk"))
    lay.tag(doc, "{%p endif %}")
    lay.tag(doc, "{%p if evidence %}")
    lay.para(doc, t("evidence.intro"))
    lay.tag(doc, "{%p for item in evidence %}")
    entry = doc.add_paragraph(style="Agreement Text")
    entry.add_run(t("evidence.lead")).bold = True
    entry.add_run("{{ item.findings }}")
    lay.tag(doc, "{%p if item.sources %}")
    sources = doc.add_paragraph(style="Agreement Text")
    sources.add_run(t("evidence.sources")).italic = True
    lay.tag(doc, "{%p endif %}")
    lay.tag(doc, "{%p endfor %}")
    lay.tag(doc, "{%p endif %}")
    lay.tag(doc, "{%p if confidential %}")
    lay.para(doc, t("confidential"), bold=True)
    lay.tag(doc, "{%p endif %}")

    lay.heading(doc, t("misuse.heading"))
    lay.para(doc, t("misuse"))

    lay.heading(doc, t("alternative.heading"))
    lay.para(doc, "{{ alternative }}")
    lay.para(doc, t("reporting"))

    # "the written agreement of X", not "X's": donor names are long and may hold commas.
    lay.para(doc, t("closing"))
    lay.para(doc, t("regards"))
    lay.signature_blocks(doc, "s", "signatures", labels=lay.labels(t))
    lay.save(doc, path, title="Visibility waiver justification (Box 5)")
    return path


def _tight(doc: Any, text: str) -> None:
    from docx.shared import Pt

    paragraph = doc.add_paragraph(text, style="Normal")
    paragraph.paragraph_format.space_after = Pt(0)


def _bullets(doc: Any, sequence: str, text: str) -> None:
    lay.tag(doc, f"{{%p for item in {sequence} %}}")
    doc.add_paragraph(text, style="List Bullet")
    lay.tag(doc, "{%p endfor %}")


if __name__ == "__main__":
    for code in sys.argv[1:] or LANGUAGES:
        print(build(language=code))
