"""Regenerate ``templates/notice/template.docx``, the notice to the recipient's authority.

Run from the repository root after changing this script::

    python templates/notice/build_template.py

Action 4: when the assessment shows a high risk of grave violations that no measure
integrated into the plan of activities mitigates, IOM does not engage, and tells the
intended recipient that support is not possible unless and until measures are taken
such that there no longer remain substantial grounds for believing there is a real risk
of grave violations. This letter says that, and nothing more: no finding, no evidence,
no risk, no rating. The conditions are stated in general terms, written here once; the
renderer (:func:`hrdd_docs.render.notice.context`) gives only names, titles, dates and
references. It is addressed to the State authority the MOU would have been made with
(national ownership, Action 2(a): decisions on the support are not made outside that
arrangement), naming the force concerned.

The result is an ordinary Word file with docxtpl tags; a later run of this script
overwrites edits made in Word. ``tests/test_notice.py`` checks that every tag is given.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hrdd_docs.render import docx_layout as lay

HERE = Path(__file__).resolve().parent

CONDITIONS = (
    "the responsible authorities act to prevent violations of international humanitarian, "
    "human rights and refugee law, and investigate and sanction those that occur;",
    "units or individuals whose record would increase the risk are kept out of the "
    "support;",
    "the use of the support is bound by conditions that IOM can monitor, with access for "
    "IOM to the people, places and records concerned;",
    "the personnel concerned are bound by standards, procedures and training on the "
    "conduct expected of them; and",
    "the persons affected can raise complaints safely, and are protected from reprisals.",
)
"""Measures of the kinds Action 5 lists, in general terms: no project's findings."""


def build(path: Path = HERE / "template.docx") -> Path:
    """Write the template to ``path`` (default: ``template.docx`` beside this script)."""
    doc = lay.new_document()
    lay.header(doc, "{{ reference }}", "Notice concerning proposed support · {{ code }}")
    lay.footer_page_x_of_y(doc, "{{ office }}")

    _tight(doc, "{{ authority }}")
    _tight(doc, "{{ country }}")
    lay.para(doc, "Date: _______________________", align="right")
    subject = doc.add_paragraph(style="Agreement Text")
    subject.add_run("Subject: support proposed to {{ force }}, under the project "
                    "“{{ title }}” ({{ code }})").bold = True
    lay.para(doc, "IOM, acting through {{ office }}, has considered the support proposed to "
                  "{{ force }}, under the project “{{ title }}”, as requested by "
                  "{{ requested_by }}.")
    lay.para(doc, "As a related organization of the United Nations, IOM applies the Human "
                  "Rights Due Diligence Policy on United Nations Support to Non-United Nations "
                  "Security Forces (HRDDP). Under that policy, IOM assesses before providing "
                  "support the risk that those who would receive it commit grave violations of "
                  "international humanitarian, human rights or refugee law; where that risk is "
                  "high, IOM may provide support only if measures built into the planned "
                  "activities reduce it.")
    lay.para(doc, "Having completed that assessment, IOM is not in a position to provide the "
                  "proposed support at this time. The support will be possible only if and "
                  "when measures have been taken such that there no longer remain substantial "
                  "grounds for believing that there is a real risk of grave violations "
                  "occurring.", bold=True)
    lay.para(doc, "Measures of that kind include, as the case requires, that:")
    for line in CONDITIONS:
        lay.para(doc, line, style="List Bullet")
    lay.para(doc, "IOM remains ready to discuss with {{ authority_the }} the measures that "
                  "would allow the support to be considered again, through the focal points "
                  "designated at the outset{% if government_focal_point and iom_counterpart %}: "
                  "{{ government_focal_point }} for the Government and {{ iom_counterpart }} "
                  "for IOM{% endif %}. This notice "
                  "does not set out IOM's assessment, which is an internal document of the "
                  "Organization, and it does not affect any other cooperation between IOM and "
                  "{{ authority_the }}.")
    lay.para(doc, "Nothing in or relating to this notice shall be deemed a waiver, express or "
                  "implied, of any of the privileges and immunities of IOM.")
    # The closing stays with the signature block, on one page.
    lay.para(doc, "Yours sincerely,").paragraph_format.keep_with_next = True
    lay.signature_blocks(doc, "s", "signatures")
    lay.save(doc, path, title="Notice concerning proposed support (Action 4)")
    return path


def _tight(doc: Any, text: str) -> None:
    from docx.shared import Pt

    paragraph = doc.add_paragraph(text, style="Normal")
    paragraph.paragraph_format.space_after = Pt(0)


if __name__ == "__main__":
    print(build())
