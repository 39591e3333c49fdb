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


@dataclass(frozen=True)
class BuildInfo:
    """What a renderer may know of the build it is part of (``hrdd build`` passes it).

    Renderers take it as ``build`` and must work without it (``None``), as tests and
    library callers render one document alone.
    """

    as_of: Any
    """The day the build is as of (``--as-of``, default today): a ``datetime.date``."""
    kinds: tuple[str, ...]
    """The kinds of document this build writes, after blocking: while a rule blocks the
    external agreements this holds only the internal kinds (and a notice)."""
    blocked: tuple[Any, ...] = ()
    """The :class:`hrdd_docs.assess.Block` rules that block the external agreements."""
    documents: tuple[Any, ...] = ()
    """The :class:`Output` documents rendered before this one in the same build: given only
    to the kinds of :data:`hrdd_docs.dossier.TAKES_BUILT` (the workbook's clause
    rationale lists exactly the agreements among them), empty for the others."""
