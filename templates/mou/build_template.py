"""Regenerate ``template.<language>.docx``, the Word templates of the Memorandum of Understanding.

Run from the repository root after changing the structure below or a text file:

    python templates/mou/build_template.py          # en, fr and es (give fr to write one)

The script is the reviewable source of the template's structure; every fixed sentence
of the MOU is in ``text/<language>.yaml`` (one file per language, keyed, reviewable in a
diff: see templates/README.md), and the docxtpl tags show where the project's values
go. The output is byte-identical for the same script and texts. A legal officer may also
edit a template in Word; copy the change back into the text file, or the next run of
this script overwrites it.

The values the tags use are built by ``hrdd_docs/render/mou.py`` (``context()``);
``hrdd templates lint`` checks that every tag has a value.

Tags used here (docxtpl syntax):
- ``{{ value }}`` prints a value, escaped: project text appears exactly as written;
- ``{%p if … %}`` / ``{%p for … %}`` on a paragraph of its own keeps or repeats the
  paragraphs (and tables) up to the matching ``{%p endif %}`` / ``{%p endfor %}``;
- ``{{ article() }}`` prints the next article number (1, 2, 3… in document order; in
  French "premier" for the first) and ``{{ article.sub() }}`` the next section of that
  article (4.1, 4.2…).

Structure: fixed articles (purpose, HRDDP commitment, conditions of support), then one
article per family of clauses the library selected, then monitoring and reporting and
the consequences of non-compliance (each holding the clauses of its family), focal
points, duration, amendment and termination, disputes, signatures. Where the library
selected clauses on non-compliance, they replace the standard text of that article.
A bilingual MOU holds both texts and one set of signatures: its second text is rendered
without the "Signatures" section (hrdd_docs/render/bilingual.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

from hrdd_docs.catalog import Texts
from hrdd_docs.render import docx_layout as L
from hrdd_docs.wording import LANGUAGES

HERE = Path(__file__).resolve().parent


def build(path: Path | None = None, language: str = "en") -> Path:
    """Write the template in ``language`` to ``path`` (default: ``template.<language>.docx``
    beside this script), its sentences from ``text/<language>.yaml``."""
    path = path or HERE / f"template.{language}.docx"
    t = Texts("mou", language)
    d = L.new_document(language)
    L.page_frame(d, t, "{{ doc.reference }}", "{{ project.office }}")
    L.agreement_opening(d, t)
    # How each authority stands to its forces (hrdd_docs/parties.py): it commands them,
    # has contracted them, directs them, or, for a group outside State structures, is the
    # host government's authority through which support to it is coordinated. A force's
    # own leadership is never a party.
    L.tag(d, "{%p for authority in parties.authorities %}")
    L.para(d, t("parties.authority"))
    L.tag(d, "{%p endfor %}")
    L.para(d, t("parties.together"))
    L.tag(d, "{%p if parties.several_authorities %}")
    L.para(d, t("parties.several"))
    L.tag(d, "{%p endif %}")
    L.para(d, t("parties.support"))

    L.heading(d, t("preamble.heading"))
    for key in ("preamble.request", "preamble.hrddp", "preamble.aim", "preamble.agreed"):
        L.para(d, t(key))

    L.heading(d, t("purpose.heading"))
    L.para(d, t("purpose.terms"))
    L.para(d, t("purpose.activities"))
    L.tag(d, "{%p for activity in activities %}")
    L.para(d, t("purpose.activity"), style="List Bullet")
    L.tag(d, "{%p endfor %}")
    L.para(d, t("purpose.not_listed"))
    L.tag(d, "{%p if items.donated %}")
    L.para(d, t("purpose.items"))
    L.tag(d, "{%p endif %}")
    # Items for a group outside State structures: no deed is made with it (parties.py).
    L.tag(d, "{%p if items.coordinated %}")
    L.para(d, t("purpose.items_coordinated"))
    L.tag(d, "{%p endif %}")

    L.heading(d, t("commitment.heading"))
    # Each part of this sentence is printed only when it is true (Action 4): an assessment
    # completed and endorsed; made before the project and its activities began; measures
    # integrated into the plan. Exempt support without an assessment says none of it.
    L.para(d, t("commitment.assessment"))
    # What the Authority undertakes, by its relation to the forces: it commands, contracts
    # or directs them, or coordinates support to a group it does not command.
    L.tag(d, "{%p for duty in commitment.duties %}")
    L.para(d, "{{ duty }}")
    L.tag(d, "{%p endfor %}")
    # Only where IOM takes part in the mechanism (Action 3): a mechanism IOM does not join
    # changes nothing in how IOM communicates, and the procedure sheet says the same.
    L.tag(d, "{%p if mechanism.participates %}")
    # Only the fact here: how information and decisions pass through the mechanism is
    # the subject of the non-compliance article (clause nc-un-mechanism), said once.
    L.para(d, t("mechanism.text"))
    L.tag(d, "{%p endif %}")

    L.heading(d, t("conditions.heading"))
    L.para(d, t("conditions.intro"))
    for key in ("conditions.purposes", "conditions.combat", "conditions.focal_points",
                "conditions.further"):
        L.para(d, t(key), style="List Bullet")
    L.clause_sections(d, "anchored.conditionality", t("scope"))

    # One article per family of clauses selected from the library, in library order.
    L.tag(d, "{%p for family in families %}")
    L.heading(d, t("family.heading"))
    L.clause_sections(d, "family.clauses", t("scope"))
    L.tag(d, "{%p endfor %}")

    L.heading(d, t("monitoring.heading"))
    L.para(d, t("monitoring.review"))
    # The library's reporting clauses carry the Authority's duty to report; said here
    # only when none of them was selected, so that it is never said twice.
    L.tag(d, "{%p if not anchored.monitoring %}")
    L.para(d, t("monitoring.report"))
    L.tag(d, "{%p endif %}")
    L.clause_sections(d, "anchored.monitoring", t("scope"))

    L.heading(d, t("noncompliance.heading"))
    # The library's clauses of this family, when selected, replace the standard text.
    L.tag(d, "{%p if anchored.non_compliance %}")
    L.clause_sections(d, "anchored.non_compliance", t("scope"))
    L.tag(d, "{%p else %}")
    L.para(d, t("noncompliance.intro"))
    for step in ("intercession", "suspension", "cessation"):
        L.para(d, t(f"noncompliance.{step}"), style="List Bullet",
               lead=t(f"noncompliance.{step}.lead"))
    L.para(d, t("noncompliance.weigh"))
    L.tag(d, "{%p endif %}")

    L.heading(d, t("focal.heading"))
    L.tag(d, "{%p if focal_points.parties %}")
    L.para(d, t("focal.designated"))
    L.tag(d, "{%p for point in focal_points.parties %}")
    L.tag(d, "{%p if point.government %}")
    L.para(d, t("focal.government"), style="List Bullet")
    L.tag(d, "{%p else %}")
    L.para(d, t("focal.party"), style="List Bullet")
    L.tag(d, "{%p endif %}")
    L.tag(d, "{%p endfor %}")
    L.tag(d, "{%p else %}")
    L.para(d, t("focal.to_designate"))
    L.tag(d, "{%p endif %}")
    # Points of contact only for the forces that may sign (a group outside State
    # structures has none in the MOU: parties.signatories).
    L.tag(d, "{%p if focal_points.forces %}")
    L.para(d, t("focal.contacts"))
    L.tag(d, "{%p for point in focal_points.forces %}")
    L.para(d, t("focal.contact"), style="List Bullet")
    L.tag(d, "{%p endfor %}")
    L.tag(d, "{%p endif %}")
    L.para(d, t("focal.replace"))

    L.heading(d, t("duration.heading"))
    L.para(d, t("duration.term"))
    L.para(d, t("duration.survival"))

    L.heading(d, t("amendment.heading"))
    for key in ("amendment.written", "amendment.notice", "amendment.delivered"):
        L.para(d, t(key))

    L.heading(d, t("disputes.heading"))
    L.para(d, t("disputes.settlement"))
    L.para(d, t("disputes.immunities"))

    # A bilingual MOU holds both texts and one set of signatures: the second text of it
    # is rendered without this section (hrdd_docs/render/bilingual.py).
    L.tag(d, "{%p if not bilingual.second %}")
    L.heading(d, t("signatures.heading"), bookmark=L.SIGNATURES)
    L.tag(d, "{%p for witness in signatures.witness %}")
    L.para(d, "{{ witness }}").paragraph_format.keep_with_next = True
    L.tag(d, "{%p endfor %}")
    L.signature_blocks(d, "signatory", "signatures.signatories", keep="keep",
                       labels=L.labels(t))
    L.tag(d, "{%p endif %}")
    L.save(d, path, title=f"{t('title')} (template)")
    return path


if __name__ == "__main__":
    for code in sys.argv[1:] or LANGUAGES:
        print(build(language=code))
