"""Box 5: what a donor is told when IOM asks it to waive or reduce its visibility.

Pure logic, no Word. A waiver of the donor's visibility requirements must be agreed
in writing with each donor concerned, and the preliminary HRDD findings may justify
it (Action 5, visibility paragraphs). The donor is a partner, not the assessment's
audience: the office chooses in ``visibility.justification_level`` how much of the
assessment a letter shows (design.md §2):

=========  ==============================================================
rating     the risk level only (e.g. "Medium/High") and the office's own
           statement (``visibility.justification``)
factors    also the elements of the assessment rated medium or high
summary    also each medium or high risk, as the register describes it
evidence   also the findings and sources of those elements, verbatim
=========  ==============================================================

The raw findings (``assessment.elements.*.findings``) reach a donor only at
``evidence``; nothing below that level reads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hrdd_docs import procedure
from hrdd_docs.errors import InputError, Problem
from hrdd_docs.model import Donor, Project, VisibilityRequirement
from hrdd_docs.vocabulary import Branding, DisclosureLevel, Rating

_ORDER = list(DisclosureLevel)


@dataclass(frozen=True)
class Factor:
    """An element of the assessment rated medium or high (Action 4)."""

    element: str
    rating: str


@dataclass(frozen=True)
class RiskSummary:
    description: str
    level: str
    affected_groups: tuple[str, ...]


@dataclass(frozen=True)
class Evidence:
    element: str
    rating: str
    findings: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Disclosure:
    """The part of the preliminary HRDD findings a donor letter may show."""

    level: DisclosureLevel
    rating: str
    """The risk level as the procedure sheet prints it, e.g. ``Medium/High``."""
    assessed_on: date | None
    endorsed: bool
    statement: str | None
    """The office's own words for the donor; shown at every level, since the office
    wrote them for this letter."""
    factors: tuple[Factor, ...] = ()
    risks: tuple[RiskSummary, ...] = ()
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Letter:
    """One waiver request, addressed to one donor."""

    donor: Donor
    requirements: tuple[VisibilityRequirement, ...]
    scope: tuple[str, ...]
    branding: Branding
    until: date | None
    """End of the derogation; None means the project and its aftermath."""
    disclosure: Disclosure
    alternative: str


def at_least(level: DisclosureLevel, floor: DisclosureLevel) -> bool:
    """Whether ``level`` discloses at least as much as ``floor``."""
    return _ORDER.index(level) >= _ORDER.index(floor)


def disclosure(project: Project) -> Disclosure:
    """What the preliminary findings show a donor at the chosen justification level."""
    level = project.visibility.justification_level
    assessment = project.assessment
    rated = [(e, a) for e, a in assessment.elements.items()
             if a.rating is not None and a.rating is not Rating.low]
    # Highest first, then in the assessment's own order (sorted() is stable).
    rated.sort(key=lambda pair: -pair[1].rating.rank)  # type: ignore[union-attr]
    factors: tuple[Factor, ...] = ()
    risks: tuple[RiskSummary, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    if at_least(level, DisclosureLevel.factors):
        factors = tuple(Factor(e.label, a.rating.value) for e, a in rated)  # type: ignore[union-attr]
    if at_least(level, DisclosureLevel.summary):
        ranked = sorted((r for r in assessment.risks if r.level is not Rating.low),
                        key=lambda r: -r.score)
        risks = tuple(RiskSummary(r.description, r.level.value, tuple(r.affected_groups))
                      for r in ranked)
    if at_least(level, DisclosureLevel.evidence):
        evidence = tuple(
            Evidence(e.label, a.rating.value, a.findings, tuple(a.sources))  # type: ignore[union-attr]
            for e, a in rated if a.findings
        )
    return Disclosure(
        level=level,
        rating=procedure.risk_level(project),
        assessed_on=assessment.date,
        endorsed=assessment.endorsement is not None,
        statement=project.visibility.justification,
        factors=factors,
        risks=risks,
        evidence=evidence,
    )


def letters(project: Project) -> list[Letter]:
    """One letter per donor in ``visibility.donors``; none when branding is standard.

    Raise :class:`InputError` when a donor named there has none of its requirements
    listed in ``visibility.requirements``: a letter must say what it asks to waive.
    """
    visibility = project.visibility
    if not visibility.waiver_requested or not project.assessment.made:
        return []
    donors = {d.id: d for d in project.donors}
    shown = disclosure(project)
    found: list[Letter] = []
    problems: list[Problem] = []
    for n, donor_id in enumerate(visibility.donors):
        donor = donors[donor_id]
        concerned = tuple(r for r in donor.visibility_requirements
                          if r.id in visibility.requirements)
        if not concerned:
            own = ", ".join(r.id for r in donor.visibility_requirements) or "none defined"
            problems.append(Problem(
                "project file", 0, 0, f"visibility.donors[{n}]",
                f"none of visibility.requirements belongs to donor {donor_id!r}, so its "
                f"letter would ask to waive nothing; add one of its requirements ({own}) "
                "or remove the donor from visibility.donors",
            ))
            continue
        found.append(Letter(
            donor=donor,
            requirements=concerned,
            scope=tuple(visibility.scope),
            branding=visibility.branding,
            until=visibility.until,
            disclosure=shown,
            # integrity.check requires it whenever a waiver is requested
            alternative=visibility.alternative_acknowledgement or "",
        ))
    if problems:
        raise InputError(problems)
    return found


def not_requested_note(project: Project) -> str | None:
    """The line ``hrdd build`` prints when no waiver letter is made; None when one is."""
    if project.visibility.waiver_requested and not project.assessment.made:
        return ("No visibility-waiver letter: the letter justifies the request with the HRDD "
                "assessment (Box 5), and the project records none (assessment.date); assess "
                "the risks first, or write to the donor outside the toolkit.")
    if project.visibility.waiver_requested:
        return None
    return ("No visibility-waiver letter: visibility.branding is 'standard', so no donor "
            "is asked to waive its visibility requirements (Box 5).")
