"""The notice to the recipient's authority that support is not possible (Action 4).

Built only while a high risk (or a high final rating) of a completed, endorsed
assessment blocks the support because no measure integrated into the plan of
activities mitigates it (:func:`hrdd_docs.assess.notice_recipients`): one notice per
recipient concerned, addressed to the State authority the MOU would be made with
(:func:`hrdd_docs.parties.party_authority`). External (:attr:`Audience.external`): the
context holds names, titles, references and the request, never a finding, a risk, a
rating or a source; the conditions are the template's own general text.
"""

from __future__ import annotations

from typing import Any

from hrdd_docs import assess, parties, resources
from hrdd_docs.model import Project, Recipient
from hrdd_docs.outputs import Audience, Output
from hrdd_docs.render.mou import the

TEMPLATE = ("notice", "template.docx")


def render(project: Project, library: Any = None, build: Any = None) -> list[Output]:
    """One notice per recipient :func:`assess.notice_recipients` names; ``library`` and
    ``build`` are unused."""
    from hrdd_docs.render.docx import document_date, render_template

    info = project.project
    outputs = []
    for recipient in assess.notice_recipients(project):
        title = f"Notice concerning the support proposed to {recipient.name}"
        data = render_template(
            resources.folder("templates", *TEMPLATE), context(project, recipient),
            title=title, subject=f"{info.title}; {reference(project, recipient)}",
            author=info.office, when=document_date(project),
        )
        outputs.append(Output(name=f"{info.id}-notice-{recipient.id}.docx", data=data,
                              kind="notice", audience=Audience.external, title=title))
    return outputs


def why_none(project: Project) -> str:
    """Why no notice was made (printed when ``--only`` asked for one)."""
    rules = assess.blocking(project)
    if not rules:
        return ("No notice to the recipient: nothing blocks the support, so there is nothing "
                "to notify (Action 4).")
    if any(b.kind == "precondition" for b in rules):
        return ("No notice to the recipient: a precondition of Action 2 fails, and IOM does "
                "not engage whatever measures are taken; the notice is for a high risk that "
                "measures could bring down (Action 4).")
    return ("No notice to the recipient: the assessment is not completed and endorsed, and "
            "the notice communicates its result (Action 4); complete it first.")


def reference(project: Project, recipient: Recipient) -> str:
    """``<project code>/NTC/<nn>``, nn the recipient's place in the file."""
    number = [r.id for r in project.recipients].index(recipient.id) + 1
    return f"{project.project.references.project_code}/NTC/{number:02d}"


def context(project: Project, recipient: Recipient) -> dict[str, Any]:
    """Everything the notice prints: names, titles and references only."""
    info = project.project
    authority = parties.party_authority(project, recipient)
    ownership = project.preconditions.national_ownership
    # Action 2(a) holds whenever a notice is made, so both focal points are defined.
    government, counterpart = ownership.government_focal_point, ownership.iom_counterpart
    chief = info.chief_of_mission
    blank = "_______________________________"
    return {
        "reference": reference(project, recipient),
        "code": info.references.project_code,
        "office": info.office,
        "title": info.title,
        "country": info.country,
        "authority": the(authority, capital=True),
        "authority_the": the(authority),
        "force": the(recipient.name),
        "requested_by": the(ownership.requested_by),
        "government_focal_point": f"{government.name} ({government.title})" if government
        else "",
        "iom_counterpart": f"{counterpart.name} ({counterpart.title})" if counterpart else "",
        "signatures": [{"party": info.office, "name": chief.name, "title": chief.title,
                        "date": blank, "place": info.signing_place or blank}],
    }
