"""Regenerate ``templates/notice/template.<lang>.docx``, the notice to the recipient's
authority, in English, French and Spanish.

Run from the repository root after changing this script or a text file::

    python templates/notice/build_template.py       # en, fr and es

Every fixed sentence is in ``text/<language>.yaml`` (templates/README.md); the script
keeps the structure and writes one ``template.<language>.docx`` per language.

Action 4: when the assessment shows a high risk of grave violations that no measure
integrated into the plan of activities mitigates, IOM does not engage, and tells the
intended recipient that support is not possible unless and until measures are taken
such that there no longer remain substantial grounds for believing there is a real risk
of grave violations. This letter says that, and nothing more: no finding, no evidence,
no risk, no rating. The conditions are stated in general terms (``condition.*``); the
renderer (:func:`hrdd_docs.render.notice.context`) gives only names, titles, dates and
references. It is addressed to the State authority the MOU would have been made with
(national ownership, Action 2(a): decisions on the support are not made outside that
arrangement), naming the force concerned.

The result is an ordinary Word file with docxtpl tags; a later run of this script
overwrites edits made in Word. ``tests/test_i18n_sop_notice.py`` checks that every tag is given.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from hrdd_docs.catalog import Texts
from hrdd_docs.render import docx_layout as lay
from hrdd_docs.wording import LANGUAGES

HERE = Path(__file__).resolve().parent

CONDITIONS = ("prevent", "exclude", "monitor", "standards", "complaints")
"""The ``condition.*`` entries, in order: measures of the kinds Action 5 lists, in
general terms (no project's findings)."""


def build(path: Path | None = None, language: str = "en") -> Path:
    """Write the template in ``language`` to ``path`` (default: ``template.<language>.docx``
    beside this script), its sentences from ``text/<language>.yaml``."""
    path = path or HERE / f"template.{language}.docx"
    t = Texts("notice", language)
    doc = lay.new_document(language)
    lay.page_frame(doc, t, "{{ reference }}", "{{ office }}")

    _tight(doc, "{{ authority }}")
    _tight(doc, "{{ country }}")
    lay.para(doc, t("date"), align="right")
    subject = doc.add_paragraph(style="Agreement Text")
    subject.add_run(t("subject")).bold = True
    lay.para(doc, t("considered"))
    lay.para(doc, t("policy"))
    lay.para(doc, t("decision"), bold=True)
    lay.para(doc, t("conditions.intro"))
    for name in CONDITIONS:
        lay.para(doc, t(f"condition.{name}"), style="List Bullet")
    lay.para(doc, t("discussion"))
    lay.para(doc, t("immunities"))
    # The closing stays with the signature block, on one page.
    lay.para(doc, t("closing")).paragraph_format.keep_with_next = True
    lay.signature_blocks(doc, "s", "signatures", labels=lay.labels(t))
    lay.save(doc, path, title="Notice concerning proposed support (Action 4)")
    return path


def _tight(doc: Any, text: str) -> None:
    from docx.shared import Pt

    paragraph = doc.add_paragraph(text, style="Normal")
    paragraph.paragraph_format.space_after = Pt(0)


if __name__ == "__main__":
    for code in sys.argv[1:] or LANGUAGES:
        print(build(language=code))
