"""Regenerate ``template.docx``, the Word template of the deed of donation.

Run from the repository root after changing the wording below:

    python templates/deed_of_donation/build_template.py

The script is the reviewable source of the template: every fixed sentence of the deed
is written here, and the docxtpl tags show where the project's values go. The output is
byte-identical for the same script. A legal officer may also edit ``template.docx`` in
Word; copy the change back here, or the next run of this script overwrites it.

The values the tags use are built by ``hrdd_docs/render/deed.py`` (``context()``);
``hrdd templates lint`` checks that every tag has a value. One deed is rendered per
recipient that receives items.

Tags used here (docxtpl syntax):
- ``{{ value }}`` prints a value, escaped: project text appears exactly as written;
- ``{%p if … %}`` / ``{%p for … %}`` on a paragraph of its own keeps or repeats the
  paragraphs up to ``{%p endif %}`` / ``{%p endfor %}``; ``{%tr for … %}`` does the same
  for rows of a table (the schedule of items and its totals);
- ``{{ article() }}`` prints the next article number, ``{{ article.sub() }}`` the next
  section of that article (3.1, 3.2…);
- ``{% if … %}…{% endif %}`` inside a paragraph keeps or drops words of one sentence
  (the MOU's date, the "subject to" of a branding not yet agreed with the donors).

Structure: the parties; the donation (handover in phases where the library's clause on
phases is selected; the MOU the deed implements); the schedule of items with a total per currency;
use of the items (the activities they serve, then the library's clauses on use, misuse
and misappropriation); prohibited uses; one article per other family of clauses the
library selected; inspection and access, branding, and consequences of non-compliance
(the library's clauses of each family where selected, else the standard text written
here); duration of the obligations; disputes and immunities; signatures.
"""

from __future__ import annotations

from pathlib import Path

from hrdd_docs.render import docx_layout as L

HERE = Path(__file__).resolve().parent

SCHEDULE_COLUMNS = ["No.", "Description", "Identifiers", "Quantity", "Unit value",
                    "Total value"]
# Money columns wide enough for "USD 9,999,999.99" on one line at the table's size (the
# amount's space is a no-break space, so an amount never wraps); identifiers such as
# "Chassis LZS-125-88041" fit on one line.
SCHEDULE_WIDTHS = [0.9, 3.3, 3.9, 1.7, 3.1, 3.1]
SCHEDULE_CELL_MARGIN = 0.1  # cm each side, instead of Word's 0.19


def build(path: Path = HERE / "template.docx") -> Path:
    """Write the template to ``path`` (default: ``template.docx`` beside this script)."""
    d = L.new_document()
    L.header(d, "{{ doc.reference }}", "Deed of Donation · {{ doc.project_code }}")
    L.footer_page_x_of_y(d, "{{ project.office }}")

    d.add_paragraph("Deed of Donation", style="Title")
    L.para(d, "from the International Organization for Migration to {{ recipient.the_name }}",
           style="Subtitle")
    L.para(d, "Reference: {{ doc.reference }}", align="center")

    L.heading(d, "The Parties")
    L.para(d, "This Deed of Donation is made between the International Organization for "
           "Migration, an intergovernmental organization, acting through {{ project.office }} "
           "(“IOM”),")
    L.para(d, "and")
    L.para(d, "{{ recipient.description }} (“the Recipient”).")

    L.heading(d, "Article {{ article() }}. Donation")
    L.para(d, "IOM donates to the Recipient, and the Recipient accepts, the items listed in "
           "the schedule below (the “Items”), provided under the project “{{ project.title }}” "
           "(the “Project”).")
    L.tag(d, "{%p if delivery.phased %}")
    L.para(d, "IOM hands over the Items in the phases, and on the conditions, set out in the "
           "article on the conditions of support. Ownership of each Item passes to the "
           "Recipient when that Item is handed over, subject to the conditions of this Deed, "
           "which continue to apply after the handover.")
    L.tag(d, "{%p else %}")
    L.para(d, "Ownership of each Item passes to the Recipient when it is handed over, subject "
           "to the conditions of this Deed, which continue to apply after the handover.")
    L.tag(d, "{%p endif %}")
    L.para(d, "This Deed is made under the Memorandum of Understanding between the "
           "International Organization for Migration and {{ mou.authority }} concerning the "
           "Project (reference {{ mou.reference }}{% if mou.date %}, signed on "
           "{{ mou.date }}{% endif %}), and is to be read together with it.")
    L.para(d, "The Items are donated in the condition in which they are handed over. IOM "
           "will pass on to the Recipient any manufacturer's warranty it holds, but gives no "
           "warranty of its own.")

    L.heading(d, "Article {{ article() }}. Schedule of the Items")
    table = L.grid_table(d, SCHEDULE_COLUMNS, SCHEDULE_WIDTHS, SCHEDULE_CELL_MARGIN)
    blank = [""] * (len(SCHEDULE_COLUMNS) - 1)
    L.add_row(table, ["{%tr for item in schedule.rows %}", *blank], SCHEDULE_WIDTHS)
    L.add_row(table, ["{{ item.number }}", "{{ item.description }}", "{{ item.identifiers }}",
                      "{{ item.quantity }}", "{{ item.unit_value }}", "{{ item.total }}"],
              SCHEDULE_WIDTHS, right=(3, 4, 5))
    L.add_row(table, ["{%tr endfor %}", *blank], SCHEDULE_WIDTHS)
    L.add_row(table, ["{%tr for total in schedule.totals %}", *blank], SCHEDULE_WIDTHS)
    # No total of quantities: motorbikes and helmets do not add up.
    L.add_row(table, ["", "{{ total.label }}", "", "", "", "{{ total.amount }}"],
              SCHEDULE_WIDTHS, bold=True, right=(3, 5))
    L.add_row(table, ["{%tr endfor %}", *blank], SCHEDULE_WIDTHS)
    L.para(d, "Values are those paid by IOM, stated for inventory and insurance purposes.",
           style="Table Text").paragraph_format.space_before = L.points(4)

    L.heading(d, "Article {{ article() }}. Use of the Items, misuse and misappropriation")
    L.para(d, "The Items are donated for the following activities of the Project:")
    L.tag(d, "{%p for activity in activities %}")
    L.para(d, "{{ activity }}.", style="List Bullet")
    L.tag(d, "{%p endfor %}")
    L.clause_sections(d, "anchored.donated_items")

    L.heading(d, "Article {{ article() }}. Prohibited uses")
    L.para(d, "The Recipient shall not use the Items, nor allow them to be used:")
    L.para(d, "to commit, assist or facilitate any violation of international human rights, "
           "humanitarian or refugee law, including arbitrary arrest or detention, torture or "
           "other ill-treatment, and excessive use of force; or", style="List Bullet")
    L.para(d, "in armed hostilities or for any combat purpose.", style="List Bullet")
    L.para(d, "The articles that follow set out further conditions on the use of the Items.")

    # One article per family of clauses selected from the library, in library order.
    L.tag(d, "{%p for family in families %}")
    L.heading(d, "Article {{ article() }}. {{ family.title }}")
    L.clause_sections(d, "family.clauses")
    L.tag(d, "{%p endfor %}")

    L.heading(d, "Article {{ article() }}. Reporting, inspection and access")
    L.tag(d, "{%p if anchored.monitoring %}")
    L.clause_sections(d, "anchored.monitoring")
    L.tag(d, "{%p else %}")
    L.para(d, "During the Project and for as long as the Items remain in service, the "
           "Recipient shall allow IOM staff, and persons whom IOM designates, to inspect the "
           "Items and the records of their assignment and use, at reasonable notice, and "
           "shall answer IOM's questions about their use. The Recipient shall inform IOM "
           "without delay of the loss, theft or serious damage of any Item.")
    L.tag(d, "{%p endif %}")

    L.heading(d, "Article {{ article() }}. Branding and visibility")
    L.tag(d, "{%p if anchored.visibility %}")
    L.clause_sections(d, "anchored.visibility")
    L.tag(d, "{%p elif branding.kind == 'standard' %}")
    L.para(d, "The Items bear the emblem of IOM{{ branding.donors }}, as the visibility "
           "requirements of the Project provide. The Recipient shall not remove or cover "
           "these markings.")
    L.tag(d, "{%p elif branding.kind == 'minimal' %}")
    L.para(d, "{% if not branding.agreed %}Subject to the written agreement of the donors "
           "concerned, which IOM has requested, the{% else %}The{% endif %} Items carry "
           "minimal markings only: an inventory mark applied by IOM, without the emblems of "
           "IOM or of the Project's donors. The Recipient shall not add such emblems, nor "
           "present the Items in public as provided by IOM or by a donor, without the prior "
           "written consent of IOM.")
    L.tag(d, "{%p else %}")
    L.para(d, "{% if not branding.agreed %}Subject to the written agreement of the donors "
           "concerned, which IOM has requested, the{% else %}The{% endif %} Items carry no "
           "marking that identifies IOM or the Project's donors. The Recipient shall not add "
           "any, nor present the Items in public as provided by IOM or by a donor, without "
           "the prior written consent of IOM.")
    L.tag(d, "{%p endif %}")

    L.heading(d, "Article {{ article() }}. Consequences of non-compliance")
    L.tag(d, "{%p if anchored.non_compliance %}")
    L.clause_sections(d, "anchored.non_compliance")
    L.tag(d, "{%p else %}")
    L.para(d, "If the Recipient does not comply with this Deed, the following steps apply in "
           "this order:")
    L.para(d, "IOM will first raise the matter with the Recipient in writing and ask that it "
           "be corrected within an agreed time.", style="List Bullet", lead="Intercession.")
    L.para(d, "If it is not corrected in that time, IOM may suspend any delivery still due "
           "under this Deed and require the return of the Items concerned.",
           style="List Bullet", lead="Suspension and return.")
    L.para(d, "As a last resort, IOM may end the donation of any Item not yet handed over. "
           "IOM will take the misuse into account in deciding on any future donation to the "
           "Recipient.", style="List Bullet", lead="Cessation.")
    L.tag(d, "{%p endif %}")

    L.heading(d, "Article {{ article() }}. Duration of the obligations")
    L.para(d, "This Deed takes effect on signature by both Parties. The Project ends on "
           "{{ project.end }}; the obligations of the Recipient concerning the use of the "
           "Items continue after that date for as long as the Items remain in service.")

    L.heading(d, "Article {{ article() }}. Settlement of disputes; privileges and immunities")
    L.para(d, "Any dispute concerning the interpretation or application of this Deed shall be "
           "settled amicably by consultation between the Parties.")
    L.para(d, "Nothing in or relating to this Deed shall be deemed a waiver, express or "
           "implied, of any of the privileges and immunities of IOM.")

    L.heading(d, "Signatures")
    L.para(d, "In witness whereof, the undersigned, duly authorized, have signed this Deed in "
           "two originals in English{{ signatures.place }}. The handover of the Items is "
           "recorded in handover notes signed by both Parties."
           ).paragraph_format.keep_with_next = True
    L.signature_blocks(d, "signatory", "signatures.signatories")
    L.save(d, path, title="Deed of Donation (template)")
    return path


if __name__ == "__main__":
    print(build())
