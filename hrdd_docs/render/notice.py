"""The notice to the recipient's authority that support is not possible (Action 4).

Built only while a high risk (or a high final rating) of a completed, endorsed
assessment blocks the support because no measure integrated into the plan of
activities mitigates it (:func:`hrdd_docs.assess.notice_recipients`): one notice per
recipient concerned, addressed to the State authority the MOU would be made with
(:func:`hrdd_docs.parties.party_authority`). External (:attr:`Audience.external`): the
context holds names, titles, references and the request, never a finding, a risk, a
rating or a source; the conditions are the template's own general text.

Written in the build's first language (``templates/notice/template.<lang>.docx``, its
sentences in ``templates/notice/text/``): the notice is external, so each value it
prints must have a text in that language (:func:`hrdd_docs.localized.text_in`).
"""

from __future__ import annotations

from typing import Any

from hrdd_docs import assess, catalog, parties, resources
from hrdd_docs.localized import document_languages, text_in
from hrdd_docs.model import Person, Project, Recipient
from hrdd_docs.outputs import Audience, Output
from hrdd_docs.render.mou import the
from hrdd_docs.terms import without_article

KIND = "notice"


def render(project: Project, library: Any = None, build: Any = None) -> list[Output]:
    """One notice per recipient :func:`assess.notice_recipients` names; ``library`` and
    ``build`` are unused."""
    from hrdd_docs.render.docx import document_date, render_template

    info = project.project
    language = document_languages(project)[0]  # a letter has one language: the first
    outputs = []
    for recipient in assess.notice_recipients(project):
        values = context(project, recipient, language)
        title = f"Notice concerning the support proposed to {recipient.name}"
        data = render_template(
            resources.folder("templates", KIND, f"template.{language}.docx"), values,
            title=catalog.sentence(KIND, "meta.title", language, name=recipient.name,
                                   force=values["force"]),
            subject=f"{values['title']}; {values['reference']}",
            author=values["office"], when=document_date(project),
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


def context(project: Project, recipient: Recipient, language: str = "en") -> dict[str, Any]:
    """Everything the notice prints, in ``language``: names, titles and references only.

    In English the names take "the" (:func:`~hrdd_docs.render.mou.the`); in French and
    Spanish each carries its own article, as the project file writes it ("le Ministère
    de l'intérieur"), and loses it in the address ("Ministère de l'intérieur").
    """
    info = project.project
    authority = _authority(project, recipient, language)
    ownership = project.preconditions.national_ownership
    # Action 2(a) holds whenever a notice is made, so both focal points are defined.
    government, counterpart = ownership.government_focal_point, ownership.iom_counterpart
    chief = info.chief_of_mission
    blank = "_______________________________"

    def text(value: str) -> str:
        return text_in(value, language)

    def named(value: str) -> str:
        """A body's name in running text: "the Ministry …", "le Ministère …"."""
        return the(value) if language == "en" else text(value)

    def focal(person: Person | None) -> str:
        if person is None:
            return ""
        return catalog.sentence(KIND, "focal_point", language, name=person.name,
                                title=text(person.title))

    return {
        "language": language,
        "reference": reference(project, recipient),
        "code": info.references.project_code,
        "office": text(info.office),
        "title": text(info.title),
        "country": info.country if language == "en" else without_article(text(info.country)),
        "authority": the(authority, capital=True) if language == "en"
        else without_article(authority),
        "authority_the": authority if language != "en" else the(authority),
        "force": named(recipient.name),
        "requested_by": named(ownership.requested_by),
        "government_focal_point": focal(government),
        "iom_counterpart": focal(counterpart),
        "signatures": [{"party": text(info.office), "name": chief.name,
                        "title": text(chief.title), "date": blank,
                        "place": text(info.signing_place) if info.signing_place else blank}],
    }


def _authority(project: Project, recipient: Recipient, language: str) -> str:
    """The addressee (:func:`parties.party_authority`) in ``language``; the host
    government, for a group outside State structures, in that language's words."""
    if language == "en":
        return parties.party_authority(project, recipient)
    if parties.outside_state(recipient) and not recipient.government_authority:
        return catalog.sentence(KIND, "government", language,
                                country=text_in(project.project.country, language))
    return text_in(parties.party_authority(project, recipient), language)
