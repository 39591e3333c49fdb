"""The agreements of a project and the clauses each one carries (design.md §2, §4).

A build makes one MOU and one deed of donation per recipient that receives items. Each
deed carries the clauses chosen for its recipient alone, so the reasons for a deed are
that deed's own. ``hrdd explain`` lists :func:`agreements` (what a full build makes);
the IRA workbook's clause-rationale sheet and the manifest list :func:`built`, the
agreements actually built in this build, each exactly as it was rendered.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from hrdd_docs.clauses import DOCUMENT_NAMES, Library, Selected, check, select
from hrdd_docs.model import Project, Recipient
from hrdd_docs.outputs import Output
from hrdd_docs.reasons import reason


@dataclass(frozen=True)
class Agreement:
    """One agreement and the clauses it carries, in the order it prints them."""

    kind: str
    """``mou`` or ``deed``."""
    title: str
    """How explain, the workbook and the manifest name it: "Memorandum of Understanding",
    "Deed of Donation to the Qalmarian Coast Guard"."""
    recipient: str | None
    """The recipient's id, for a deed."""
    clauses: tuple[Selected, ...]
    file: str | None = None
    """The file it was written to, for an agreement of a build."""


def deed_title(recipient: Recipient) -> str:
    """``Deed of Donation to the Qalmarian Coast Guard``: a deed named by its recipient."""
    from hrdd_docs.render.mou import the

    return reason("document.deed", document=DOCUMENT_NAMES["deed"],
                  the_recipient=the(recipient.name), recipient=recipient.name)


def document_title(kind: str) -> str:
    """``Memorandum of Understanding``, as explain and the workbook name the agreement."""
    return reason(f"document.{kind}", document=DOCUMENT_NAMES[kind])


def deed_clauses(project: Project, recipient_id: str, library: Library | None = None,
                 language: str = "en") -> list[Selected]:
    """The clauses of the deed of donation to one recipient, chosen for that recipient
    alone (:meth:`~hrdd_docs.model.Project.for_recipient`), rendered in ``language``."""
    return select(project.for_recipient(recipient_id), "deed", library, language)


def agreements(project: Project, library: Library | None = None,
               language: str = "en") -> list[Agreement]:
    """The agreements a full build of ``project`` makes, each with exactly its clauses.

    The MOU, then one deed per recipient that receives items, in the order of the
    recipients. A recipient that receives no item has no deed, so nothing is listed for
    it. Raise :class:`~hrdd_docs.errors.InputError` when a mitigation names a clause the
    library lacks or one the project cannot carry (:func:`~hrdd_docs.clauses.check`).
    ``language`` is the agreements' (their clauses rendered in it, or refused when a
    clause has no current translation in it).
    """
    from hrdd_docs.render.deed import items_by_recipient

    check(project, library)
    found = [Agreement("mou", document_title("mou"), None,
                       tuple(select(project, "mou", library, language)))]
    for recipient, _ in items_by_recipient(project):
        found.append(Agreement("deed", deed_title(recipient), recipient.id,
                               tuple(deed_clauses(project, recipient.id, library, language))))
    return found


def built(project: Project, documents: Sequence[Output]) -> list[Agreement]:
    """The agreements among the documents of a build, in the order they were built.

    ``documents`` are the outputs rendered in this build (a partial build with
    ``--only``, or a blocked one, holds fewer or none). Each agreement lists the clauses
    its document was rendered with, so what this says is what the document contains.
    """
    found = []
    for document in documents:
        if document.kind not in DOCUMENT_NAMES:
            continue
        title = (deed_title(project.recipient(document.recipient))
                 if document.kind == "deed" and document.recipient else
                 document_title(document.kind))
        found.append(Agreement(document.kind, title, document.recipient,
                               tuple(document.clauses), document.name))
    return found
