"""Regenerate ``template.docx``, the Word template of the Memorandum of Understanding.

Run from the repository root after changing the wording below:

    python templates/mou/build_template.py

The script is the reviewable source of the template: every fixed sentence of the MOU is
written here, and the docxtpl tags show where the project's values go. The output is
byte-identical for the same script, so a diff of this file is a diff of the template.
A legal officer may also edit ``template.docx`` directly in Word; if you do, copy the
change back here, or this script will overwrite it the next time it runs.

The values the tags use are built by ``hrdd_docs/render/mou.py`` (``context()``);
``hrdd templates lint`` checks that every tag has a value.

Tags used here (docxtpl syntax):
- ``{{ value }}`` prints a value, escaped: project text appears exactly as written;
- ``{%p if … %}`` / ``{%p for … %}`` on a paragraph of its own keeps or repeats the
  paragraphs (and tables) up to the matching ``{%p endif %}`` / ``{%p endfor %}``;
- ``{{ article() }}`` prints the next article number (1, 2, 3… in document order) and
  ``{{ article.sub() }}`` the next section of that article (4.1, 4.2…).

Structure: fixed articles (purpose, HRDDP commitment, conditions of support), then one
article per family of clauses the library selected, then monitoring and reporting and
the consequences of non-compliance (each holding the clauses of its family), focal
points, duration, amendment and termination, disputes, signatures. Where the library
selected clauses on non-compliance, they replace the standard text of that article.
"""

from __future__ import annotations

from pathlib import Path

from hrdd_docs.render import docx_layout as L

HERE = Path(__file__).resolve().parent

# After a clause that only measures aimed at some forces call for (mitigations[].recipients).
SCOPE = "This section concerns only the support to {{ clause.scope }}."
ROLES = (
    "{% for role in authority.roles %}{% if not loop.first %}, and {% endif %}"
    "{% if role.kind == 'commanded' %}responsible for the command and control of "
    "{{ role.forces }}"
    "{% elif role.kind == 'contracted' %}under whose contract {{ role.forces }} "
    "{% if role.several %}operate{% else %}operates{% endif %}"
    "{% elif role.kind == 'directed' %}under whose direction {{ role.forces }} "
    "{% if role.several %}operate{% else %}operates{% endif %}"
    "{% else %}through which the support to {{ role.forces }} is requested and coordinated"
    "{% endif %}{% endfor %}"
)
"""The words after "the national authority": one phrase per relation to its forces."""


def build(path: Path = HERE / "template.docx") -> Path:
    """Write the template to ``path`` (default: ``template.docx`` beside this script)."""
    d = L.new_document()
    L.header(d, "{{ doc.reference }}", "Memorandum of Understanding · {{ doc.project_code }}")
    L.footer_page_x_of_y(d, "{{ project.office }}")

    d.add_paragraph("Memorandum of Understanding", style="Title")
    L.para(d, "between {{ parties.between }} concerning the project “{{ project.title }}”",
           style="Subtitle")
    L.para(d, "Reference: {{ doc.reference }}", align="center")

    L.heading(d, "The Parties")
    L.para(d, "The International Organization for Migration, an intergovernmental "
           "organization, acting through {{ project.office }} (“IOM”),")
    L.para(d, "and")
    # How each authority stands to its forces (hrdd_docs/parties.py): it commands them,
    # has contracted them, directs them, or, for a group outside State structures, is the
    # host government's authority through which support to it is coordinated. A force's
    # own leadership is never a party.
    L.tag(d, "{%p for authority in parties.authorities %}")
    L.para(d, "{{ authority.name }}, the national authority " + ROLES + "{{ authority.term }}")
    L.tag(d, "{%p endfor %}")
    L.para(d, "together referred to as “the Parties”.")
    L.tag(d, "{%p if parties.several_authorities %}")
    L.para(d, "Each obligation that this Memorandum places on the Authority binds each of "
           "the national authorities named above in respect of the forces "
           "{% if parties.all_commanded %}under its command{% else %}named with it{% endif %}.")
    L.tag(d, "{%p endif %}")
    L.para(d, "The support covered by this Memorandum is provided to {{ parties.forces_text }} "
           "({{ parties.force_term_definition }}).")

    L.heading(d, "Preamble")
    L.para(d, "Considering that support from IOM was requested by {{ parties.requested_by }}, "
           "through {% if parties.all_commanded %}the national authorities responsible for the "
           "command and control of {{ parties.force_term }}{% else %}the national authorities "
           "named above{% endif %}, and with the knowledge of the Government of "
           "{{ project.country }};")
    L.para(d, "Considering that IOM, as a related organization of the United Nations, applies "
           "the Human Rights Due Diligence Policy on United Nations Support to Non-United "
           "Nations Security Forces (HRDDP), under which support may be provided only where it "
           "is consistent with international humanitarian, human rights and refugee law;")
    L.para(d, "Sharing the aim that security services in {{ project.locations }} are delivered "
           "with respect for the rights and dignity of every person, including displaced "
           "persons, migrants and host communities;")
    L.para(d, "The Parties have agreed as follows:")

    L.heading(d, "Article {{ article() }}. Purpose and scope")
    L.para(d, "This Memorandum sets out the terms on which IOM supports {{ parties.force_term }} "
           "under the project “{{ project.title }}” (the “Project”), implemented in "
           "{{ project.locations }}.")
    L.para(d, "The support under the Project comprises the following activities:")
    L.tag(d, "{%p for activity in activities %}")
    L.para(d, "{{ activity.description }} ({{ activity.kind }}).", style="List Bullet")
    L.tag(d, "{%p endfor %}")
    L.para(d, "Support not listed above is not covered by this Memorandum and requires an "
           "amendment agreed in writing by the Parties.")
    L.tag(d, "{%p if items.donated %}")
    L.para(d, "Items that IOM donates under the Project become the property of the force "
           "that receives them under a deed of donation between IOM and that force, which "
           "lists them. The obligations of this Memorandum concerning donated items apply "
           "alongside those of the deed.")
    L.tag(d, "{%p endif %}")

    L.heading(d, "Article {{ article() }}. Commitment to human rights due diligence")
    # Each part of this sentence is printed only when it is true (Action 4): an assessment
    # completed and endorsed; made before the project and its activities began; measures
    # integrated into the plan. Exempt support without an assessment says none of it.
    L.para(d, "IOM provides the support in accordance with the HRDDP.{% if assessment.stated %}"
           " IOM has assessed{% if assessment.first %}, before committing the support,"
           "{% endif %} the risk that those receiving it commit grave violations of "
           "international humanitarian, human rights or refugee law{% if assessment.measures %}"
           ", has put in place measures to reduce that risk, and{% else %} and{% endif %} will "
           "keep the assessment under review for the duration of the Project.{% endif %}")
    L.para(d, "{{ parties.authority_term_cap }} shall ensure respect for international "
           "humanitarian, human rights and refugee law by {{ parties.force_term }} in every "
           "operation in which the support is used, and shall take effective measures to "
           "prevent, investigate and sanction any violation committed by personnel who "
           "benefit from the support.")
    # Only where IOM takes part in the mechanism (Action 3): a mechanism IOM does not join
    # changes nothing in how IOM communicates, and the procedure sheet says the same.
    L.tag(d, "{%p if mechanism.participates %}")
    # Only the fact here: how information and decisions pass through the mechanism is
    # the subject of the non-compliance article (clause nc-un-mechanism), said once.
    L.para(d, "The Parties note that in {{ project.country }} the HRDDP is applied through a "
           "United Nations country mechanism under {{ mechanism.lead }}, and that IOM "
           "communicates its decisions on the support in line with that mechanism's "
           "procedures.")
    L.tag(d, "{%p endif %}")

    L.heading(d, "Article {{ article() }}. Conditions of support")
    L.para(d, "IOM provides the support on the following conditions, which apply throughout "
           "the Project:")
    for line in (
        "the support is used only for the purposes set out in this Memorandum, and only by "
        "{{ parties.force_term }};",
        "the support is not used to enhance the capacity of any unit for immediate combat, "
        "nor against civilians;",
        "decisions concerning the support are taken only through the focal points "
        "designated in this Memorandum; and",
        "the further conditions set out in this article and in the articles that follow "
        "are met.",
    ):
        L.para(d, line, style="List Bullet")
    L.clause_sections(d, "anchored.conditionality", SCOPE)

    # One article per family of clauses selected from the library, in library order.
    L.tag(d, "{%p for family in families %}")
    L.heading(d, "Article {{ article() }}. {{ family.title }}")
    L.clause_sections(d, "family.clauses", SCOPE)
    L.tag(d, "{%p endfor %}")

    L.heading(d, "Article {{ article() }}. Monitoring and reporting")
    L.para(d, "IOM will monitor the delivery and use of the support, and the conduct of "
           "{{ parties.force_term }} in relation to it, throughout the Project. IOM will "
           "review the results of its monitoring every {{ monitoring.period }} and share "
           "its conclusions with {{ parties.authority_term }} through the focal points.")
    # The library's reporting clauses carry the Authority's duty to report; said here
    # only when none of them was selected, so that it is never said twice.
    L.tag(d, "{%p if not anchored.monitoring %}")
    L.para(d, "{{ parties.authority_term_cap }} shall inform IOM without delay of any "
           "allegation of a grave violation of international humanitarian, human rights or "
           "refugee law involving personnel or units that benefit from the support, and of "
           "the measures taken in response, including investigations and their outcome.")
    L.tag(d, "{%p endif %}")
    L.clause_sections(d, "anchored.monitoring", SCOPE)

    L.heading(d, "Article {{ article() }}. Consequences of non-compliance")
    # The library's clauses of this family, when selected, replace the standard text.
    L.tag(d, "{%p if anchored.non_compliance %}")
    L.clause_sections(d, "anchored.non_compliance", SCOPE)
    L.tag(d, "{%p else %}")
    L.para(d, "Where IOM receives reliable information that personnel or units benefiting "
           "from the support have committed a grave violation of international humanitarian, "
           "human rights or refugee law, or that a condition of this Memorandum is not met, "
           "the following steps apply in this order:")
    L.para(d, "IOM will first raise the matter with {{ parties.authority_term }} "
           "through the focal points and ask that corrective measures be taken, including "
           "the investigation of the allegations and the accountability of those "
           "responsible. The Parties will agree on the measures and the time for taking them.",
           style="List Bullet", lead="Intercession.")
    L.para(d, "If corrective measures are not taken within the agreed time, or if "
           "the violations continue, IOM may suspend all or part of the support by written "
           "notice. The support resumes once IOM is satisfied that the matter has been "
           "addressed.", style="List Bullet", lead="Suspension.")
    L.para(d, "As a last resort, if violations continue despite intercession and "
           "suspension, IOM may cease the support and terminate this Memorandum by written "
           "notice with immediate effect.", style="List Bullet", lead="Cessation.")
    L.para(d, "Before suspending or ceasing support, IOM will weigh the consequences that "
           "withdrawing it would have for the population the Project serves.")
    L.tag(d, "{%p endif %}")

    L.heading(d, "Article {{ article() }}. Focal points")
    L.tag(d, "{%p if focal_points.parties %}")
    L.para(d, "The Parties designate the following focal points for all matters concerning "
           "this Memorandum and the support. Decisions on the support are not taken outside "
           "this arrangement.")
    L.tag(d, "{%p for point in focal_points.parties %}")
    L.tag(d, "{%p if point.government %}")
    L.para(d, "For {{ point.party }}, as the focal point of {{ point.government }}: "
           "{{ point.person }}.", style="List Bullet")
    L.tag(d, "{%p else %}")
    L.para(d, "For {{ point.party }}: {{ point.person }}.", style="List Bullet")
    L.tag(d, "{%p endif %}")
    L.tag(d, "{%p endfor %}")
    L.tag(d, "{%p else %}")
    L.para(d, "Each Party shall designate in writing, within fourteen days of the entry into "
           "force of this Memorandum, a focal point for all matters concerning this "
           "Memorandum and the support. Decisions on the support are not taken outside "
           "this arrangement.")
    L.tag(d, "{%p endif %}")
    L.tag(d, "{%p if focal_points.several_forces %}")
    L.para(d, "The Authority designates the following officers as the points of contact of "
           "{{ parties.force_term }} for the support, through whom IOM deals with each "
           "force on matters of its conduct:")
    L.tag(d, "{%p else %}")
    L.para(d, "The Authority designates the following officer as the point of contact of "
           "{{ parties.force_term }} for the support, through whom IOM deals with the force "
           "on matters of its conduct:")
    L.tag(d, "{%p endif %}")
    L.tag(d, "{%p for point in focal_points.forces %}")
    L.para(d, "For {{ point.party }}: {{ point.person }}.", style="List Bullet")
    L.tag(d, "{%p endfor %}")
    L.para(d, "A Party that replaces its focal point, or the Authority a point of contact of "
           "{{ parties.force_term }}, shall inform {{ parties.other_party }} in writing "
           "without delay.")

    L.heading(d, "Article {{ article() }}. Duration")
    L.para(d, "The Project runs from {{ project.start }} to {{ project.end }}. This Memorandum "
           "enters into force on the date of its signature by all Parties and remains in "
           "force until {{ project.end }}, unless terminated earlier.")
    L.para(d, "Obligations that by their nature continue after the Project, including those "
           "on the use of infrastructure and equipment provided and on cooperation with "
           "investigations, survive the expiry or termination of this Memorandum.")

    L.heading(d, "Article {{ article() }}. Amendment and termination")
    L.para(d, "This Memorandum may be amended only by written agreement of the Parties.")
    L.para(d, "{{ parties.any_party }} may terminate this Memorandum by thirty days' written "
           "notice to {{ parties.other_party }}. IOM may also terminate it with immediate "
           "effect, as a last resort, where the article on the consequences of "
           "non-compliance so provides.")
    L.para(d, "Termination does not affect the obligations concerning support already "
           "delivered.")

    L.heading(d, "Article {{ article() }}. Settlement of disputes; privileges and immunities")
    L.para(d, "Any dispute concerning the interpretation or application of this Memorandum "
           "shall be settled amicably by consultation between the Parties.")
    L.para(d, "Nothing in or relating to this Memorandum shall be deemed a waiver, express or "
           "implied, of any of the privileges and immunities of IOM.")

    L.heading(d, "Signatures")
    L.para(d, "In witness whereof, the undersigned, duly authorized, have signed this "
           "Memorandum in {{ signatures.copies }} originals in English{{ signatures.place }}."
           ).paragraph_format.keep_with_next = True
    L.signature_blocks(d, "signatory", "signatures.signatories", keep="keep")
    L.save(d, path, title="Memorandum of Understanding (template)")
    return path


if __name__ == "__main__":
    print(build())
