"""What a renderer returns: finished documents in memory, ready for the dossier.

Renderers (``hrdd_docs.render.*``) never write files; :mod:`hrdd_docs.dossier` writes
all of a build's outputs at once, or none of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Audience(StrEnum):
    """Who reads a document; internal findings never reach an external one."""

    external = "external"  # signed with the host government or the recipient
    donor = "donor"
    internal = "internal"  # IOM staff only


@dataclass(frozen=True)
class Output:
    """One generated document."""

    name: str
    """File name inside the dossier, built from safe ids: ``drv-esse-police-mou.docx``."""
    data: bytes
    kind: str
    """``mou``, ``deed``, ``ira``, ``sop`` or ``visibility_waiver``."""
    audience: Audience
    title: str
    clauses: tuple[Any, ...] = ()
    """The :class:`hrdd_docs.clauses.Selected` clauses the document carries."""
    notes: tuple[str, ...] = field(default=())
    """Warnings for the manifest (a build also prints them)."""
    recipient: str | None = None
    """For a deed of donation: the id of the recipient it is made to."""
