"""Regenerate ``template.docx``, the Word template of the deed of donation.

Run from the repository root after changing the structure below or a text file:

    python templates/deed_of_donation/build_template.py      # en, fr and es

The script is the reviewable source of the template's structure; every fixed sentence
of the deed is in ``text/<language>.yaml`` (one file per language, keyed, reviewable in
a diff: see templates/README.md), and the docxtpl tags show where the project's values
go. The script writes one ``template.<language>.docx`` per language, byte-identical for
the same script and texts. A legal officer may also edit a template in Word; copy the
change back into the text file, or the next run of this script overwrites it.

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

import sys
from pathlib import Path

from hrdd_docs.catalog import Texts
from hrdd_docs.render import docx_layout as L
from hrdd_docs.wording import LANGUAGES

HERE = Path(__file__).resolve().parent

# Money columns wide enough for "USD 9,999,999.99" on one line at the table's size (the
# amount's space is a no-break space, so an amount never wraps); identifiers such as
# "Chassis LZS-125-88041" fit on one line.
SCHEDULE_WIDTHS = [0.9, 3.3, 3.9, 1.7, 3.1, 3.1]
SCHEDULE_CELL_MARGIN = 0.1  # cm each side, instead of Word's 0.19


def build(path: Path | None = None, language: str = "en") -> Path:
    """Write the template in ``language`` to ``path`` (default: ``template.<language>.docx``
    beside this script), its sentences from ``text/<language>.yaml``."""
    path = path or HERE / f"template.{language}.docx"
    t = Texts("deed_of_donation", language)
    d = L.new_document(language)
    L.page_frame(d, t, "{{ doc.reference }}", "{{ project.office }}")
    L.agreement_opening(d, t)
    L.para(d, t("parties.recipient"))

    L.heading(d, t("donation.heading"))
    L.para(d, t("donation.intro"))
    L.tag(d, "{%p if delivery.phased %}")
    L.para(d, t("donation.phased"))
    L.tag(d, "{%p else %}")
    L.para(d, t("donation.handover"))
    L.tag(d, "{%p endif %}")
    L.para(d, t("donation.mou"))
    L.para(d, t("donation.warranty"))

    L.heading(d, t("schedule.heading"))
    columns = [t(f"schedule.{key}") for key in ("number", "description", "identifiers",
                                                 "quantity", "unit_value", "total_value")]
    table = L.grid_table(d, columns, SCHEDULE_WIDTHS, SCHEDULE_CELL_MARGIN)
    blank = [""] * (len(columns) - 1)
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
    L.para(d, t("schedule.note"), style="Table Text").paragraph_format.space_before = \
        L.points(4)

    L.heading(d, t("use.heading"))
    L.para(d, t("use.activities"))
    L.tag(d, "{%p for activity in activities %}")
    L.para(d, "{{ activity }}.", style="List Bullet")
    L.tag(d, "{%p endfor %}")
    L.clause_sections(d, "anchored.donated_items")

    L.heading(d, t("prohibited.heading"))
    L.para(d, t("prohibited.intro"))
    L.para(d, t("prohibited.violations"), style="List Bullet")
    L.para(d, t("prohibited.combat"), style="List Bullet")
    L.para(d, t("prohibited.further"))

    # One article per family of clauses selected from the library, in library order.
    L.tag(d, "{%p for family in families %}")
    L.heading(d, t("family.heading"))
    L.clause_sections(d, "family.clauses")
    L.tag(d, "{%p endfor %}")

    L.heading(d, t("access.heading"))
    L.tag(d, "{%p if anchored.monitoring %}")
    L.clause_sections(d, "anchored.monitoring")
    L.tag(d, "{%p else %}")
    L.para(d, t("access.standard"))
    L.tag(d, "{%p endif %}")

    L.heading(d, t("branding.heading"))
    L.tag(d, "{%p if anchored.visibility %}")
    L.clause_sections(d, "anchored.visibility")
    L.tag(d, "{%p elif branding.kind == 'standard' %}")
    L.para(d, t("branding.standard"))
    L.tag(d, "{%p elif branding.kind == 'minimal' %}")
    L.para(d, t("branding.minimal"))
    L.tag(d, "{%p else %}")
    L.para(d, t("branding.none"))
    L.tag(d, "{%p endif %}")

    L.heading(d, t("noncompliance.heading"))
    L.tag(d, "{%p if anchored.non_compliance %}")
    L.clause_sections(d, "anchored.non_compliance")
    L.tag(d, "{%p else %}")
    L.para(d, t("noncompliance.intro"))
    for step in ("intercession", "suspension", "cessation"):
        L.para(d, t(f"noncompliance.{step}"), style="List Bullet",
               lead=t(f"noncompliance.{step}.lead"))
    L.tag(d, "{%p endif %}")

    L.heading(d, t("duration.heading"))
    L.para(d, t("duration.text"))

    L.heading(d, t("disputes.heading"))
    L.para(d, t("disputes.settlement"))
    L.para(d, t("disputes.immunities"))

    # A bilingual deed holds both texts and one set of signatures: the second text of
    # it is rendered without this section (hrdd_docs/render/bilingual.py).
    L.tag(d, "{%p if not bilingual.second %}")
    L.heading(d, t("signatures.heading"), bookmark=L.SIGNATURES)
    L.tag(d, "{%p for witness in signatures.witness %}")
    L.para(d, "{{ witness }}").paragraph_format.keep_with_next = True
    L.tag(d, "{%p endfor %}")
    L.tag(d, "{%p for line in signatures.handover %}")
    L.para(d, "{{ line }}").paragraph_format.keep_with_next = True
    L.tag(d, "{%p endfor %}")
    L.signature_blocks(d, "signatory", "signatures.signatories", labels=L.labels(t))
    L.tag(d, "{%p endif %}")
    L.save(d, path, title=f"{t('title')} (template)")
    return path


if __name__ == "__main__":
    for code in sys.argv[1:] or LANGUAGES:
        print(build(language=code))
