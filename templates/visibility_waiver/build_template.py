"""Regenerate ``templates/visibility_waiver/template.docx``, the donor letter (Box 5).

Run from the repository root after changing this script::

    python templates/visibility_waiver/build_template.py

The result is an ordinary Word file with docxtpl tags; it may also be edited in Word,
but a later run of this script overwrites such edits. The context the tags read is
built by :func:`hrdd_docs.render.waiver.context`; what the letter may disclose of the
assessment is decided in :mod:`hrdd_docs.waiver` (``visibility.justification_level``),
and the template only prints what it is given. ``tests/test_waiver_doc.py`` checks
that every tag is supplied.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hrdd_docs.render import docx_layout as lay

HERE = Path(__file__).resolve().parent


def build(path: Path = HERE / "template.docx") -> Path:
    """Write the template to ``path`` (default: ``template.docx`` beside this script)."""
    doc = lay.new_document()
    lay.header(doc, "{{ office }}", "{{ code }} · Visibility waiver request")
    lay.footer_page_x_of_y(doc, "Confidential")

    lay.tag(doc, "{%p for line in addressee %}")
    _tight(doc, "{{ line }}")
    lay.tag(doc, "{%p endfor %}")
    lay.para(doc, "Date: _______________________", align="right")
    subject = doc.add_paragraph(style="Agreement Text")
    subject.add_run("Subject: request to waive visibility requirements, agreement "
                    "{{ donor.agreement }}, “{{ title }}”").bold = True
    lay.para(doc, "{{ salutation }}")
    lay.para(doc, "{{ office }} implements the project “{{ title }}” in {{ country }}, from "
                  "{{ start }} to {{ end }}, with funding from {{ donor.name }} under "
                  "agreement {{ donor.agreement }}. That agreement asks IOM to give the "
                  "donor visibility in the ways listed below. As the project supports "
                  "{{ recipients }}, IOM asks {{ donor.name }} {{ request }} "
                  "these requirements. Because IOM is bound by the agreed visibility "
                  "arrangements, it can depart from them only with the written agreement of "
                  "{{ donor.name }}.")

    lay.heading(doc, "1. Visibility requirements concerned")
    _bullets(doc, "requirements", "{{ item }}")

    lay.heading(doc, "2. Derogation requested")
    lay.tag(doc, "{%p if scope %}")
    lay.para(doc, "The request covers:")
    _bullets(doc, "scope", "{{ item }}")
    lay.tag(doc, "{%p else %}")
    lay.para(doc, "The request covers every item, site and material of the project.")
    lay.tag(doc, "{%p endif %}")
    lay.para(doc, "The derogation would apply {{ period }}.")

    lay.heading(doc, "3. Why IOM makes this request")
    lay.para(doc, "Before supporting a security force that is not part of the United "
                  "Nations, IOM assesses the risk that the force commits grave violations "
                  "of international humanitarian, human rights or refugee law, and puts "
                  "measures in place to reduce that risk, as the UN Human Rights Due "
                  "Diligence Policy (HRDDP) requires. {{ finding }}")
    lay.tag(doc, "{%p if statement %}")
    lay.para(doc, "{{ statement }}")
    lay.tag(doc, "{%p endif %}")
    lay.tag(doc, "{%p if factors %}")
    lay.para(doc, "The parts of the assessment that lead to this rating are:")
    _bullets(doc, "factors", "{{ item.element }}: rated {{ item.rating }}")
    lay.tag(doc, "{%p endif %}")
    lay.tag(doc, "{%p if risks %}")
    lay.para(doc, "The main risks identified for this project are:")
    _bullets(doc, "risks", "{{ item.description }} ({{ item.level }} risk"
                           "{% if item.groups %}; people affected: {{ item.groups }}"
                           "{% endif %})")
    lay.tag(doc, "{%p endif %}")
    lay.tag(doc, "{%p if evidence %}")
    lay.para(doc, "The findings behind the main elements, as recorded in the assessment:")
    lay.tag(doc, "{%p for item in evidence %}")
    entry = doc.add_paragraph(style="Agreement Text")
    entry.add_run("{{ item.element }} (rated {{ item.rating }}). ").bold = True
    entry.add_run("{{ item.findings }}")
    lay.tag(doc, "{%p if item.sources %}")
    sources = doc.add_paragraph(style="Agreement Text")
    sources.add_run("Sources: {{ item.sources }}").italic = True
    lay.tag(doc, "{%p endif %}")
    lay.tag(doc, "{%p endfor %}")
    lay.tag(doc, "{%p endif %}")
    lay.tag(doc, "{%p if confidential %}")
    lay.para(doc, "These details come from an internal IOM assessment. IOM shares them with "
                  "{{ donor.name }} in confidence and solely to explain this request; please "
                  "do not publish them or pass them on.", bold=True)
    lay.tag(doc, "{%p endif %}")

    lay.heading(doc, "4. The risk of branded support being misused")
    lay.para(doc, "Logos of IOM and of {{ donor.name }} on the equipment, vehicles and "
                  "premises of a security force link both, in the eyes of the public, to "
                  "whatever that force later does with them. Should branded support be "
                  "misused, for example in an operation that violates human rights, the "
                  "communities IOM serves could lose trust in it and in the protection it "
                  "offers; IOM could lose access to them and its ability to operate in "
                  "{{ country }}; and both IOM and {{ donor.name }} would suffer serious "
                  "damage to their reputation. The danger is greatest after the project "
                  "has ended, when the logos remain but IOM no longer monitors how the "
                  "support is used. Keeping visibility to a minimum is therefore one of "
                  "the measures IOM has adopted to reduce the risks of this project.")

    lay.heading(doc, "5. Acknowledgement offered instead")
    lay.para(doc, "{{ alternative }}")
    lay.para(doc, "IOM's reporting to {{ donor.name }} under the agreement is not affected by "
                  "this request.")

    # "the written agreement of X", not "X's": donor names are long and may hold commas.
    lay.para(doc, "IOM would be grateful for the written agreement of {{ donor.name }} to "
                  "this request, which may be given by countersigning this letter below, and "
                  "remains at your disposal to discuss it.")
    lay.para(doc, "Yours sincerely,")
    lay.signature_blocks(doc, "s", "signatures")
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
    print(build())
