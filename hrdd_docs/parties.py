"""Who the agreements are made with: each recipient's relation to the State (Action 2(a)).

A recipient stands to the State in one of four ways (``Recipient.relation_to_state``,
Action 1 definitions and footnote 8): it is *commanded* by a State authority (national
and regional forces), *contracted* or *directed* by one (a private security company),
or it operates *outside* formal State structures (a non-State armed group).

National ownership (Action 2(a)) is met only through the host government: requests
are made in coordination with its national authorities and decisions on the support
are not made outside that arrangement. So:

* the MOU is made with the State authorities: the one that commands, contracts or
  directs each force, and, for a group outside State structures, the host government's
  authority that coordinates the support to it (``government_authority``, else the
  Government of the country). The group's own leadership is never a party and never
  called a national authority;
* a group outside State structures signs nothing: no acknowledgement of the MOU and no
  deed of donation (a deed transfers ownership to its signatory, which would make the
  group a party to an agreement outside the host government's arrangement).
"""

from __future__ import annotations

from hrdd_docs.model import Project, Recipient
from hrdd_docs.vocabulary import StateRelation


def outside_state(recipient: Recipient) -> bool:
    """The recipient operates outside formal State structures (footnote 8)."""
    return recipient.relation_to_state is StateRelation.outside_state


def party_authority(project: Project, recipient: Recipient) -> str:
    """The State authority the MOU is made with for ``recipient``.

    ``recipient.authority`` for a force commanded, contracted or directed by the State;
    for a group outside State structures, ``government_authority``, else "Government of
    <country>" (with "the" where the country's name takes it).
    """
    if not outside_state(recipient):
        return recipient.authority
    if recipient.government_authority:
        return recipient.government_authority
    from hrdd_docs.render.mou import country_name

    return f"Government of {country_name(project.project.country)}"


def signatories(project: Project) -> list[Recipient]:
    """Recipients that may sign an agreement of their own (MOU acknowledgement, deed)."""
    return [r for r in project.recipients if not outside_state(r)]
