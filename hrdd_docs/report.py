"""The terminal report of ``hrdd assess``: decisions, elements, risks, gaps."""

from __future__ import annotations

import textwrap
from datetime import date

from hrdd_docs import assess
from hrdd_docs.model import Project

WIDTH = 100
"""Lines of the report are wrapped to this width, continuation lines indented."""


def assessment_report(project: Project, today: date) -> str:
    """Return the readable report of Actions 1, 2, 4 and 5 for one project."""
    lines: list[str] = []

    def add(line: str) -> None:
        """Add a line, wrapped at 100 columns under its own indentation."""
        indent = " " * (len(line) - len(line.lstrip()) + 2)
        lines.extend(textwrap.wrap(line, WIDTH, subsequent_indent=indent, break_long_words=False,
                                   break_on_hyphens=False) or [""])

    info = project.project
    add(f"{info.title} ({info.id}), {info.country}, {info.start} to {info.end}")
    add("")
    decision = assess.applicability(project)
    add("Action 1 — does the HRDDP apply?")
    for step in decision.path:
        add(f"  {step.question}")
        add(f"    {step.answer}: {step.detail}")
    add(f"  → {decision.conclusion}")
    add("")
    add("Action 2 — preconditions")
    for p in assess.preconditions(project):
        add(f"  ({p.code}) {p.title}: {'met' if p.met else 'NOT MET'}")
        for fact in p.facts:
            add(f"      {'✗' if fact in p.failures else '-'} {fact}")
    add("")
    assessment = project.assessment
    add(f"Action 4 — risk assessment of {assessment.date}")
    for n, (element, result) in enumerate(assessment.elements.items(), start=1):
        rating = result.rating.value if result.rating else "not rated"
        add(f"  {n}. {element.label}: {rating}")
    final = assessment.final
    add(f"  9. Final assessment: {final.rating.value if final.rating else 'not rated'}")
    if final.rationale:
        add(f"     {final.rationale}")
    endorsement = assessment.endorsement
    add(
        f"  Endorsed by {endorsement.name}, {endorsement.title}, on {endorsement.date}"
        if endorsement else "  Not endorsed by the Head of Office"
    )
    due = assess.reassessment_dates(project)
    add(f"  Reassessment due: {', '.join(map(str, due))}" if due else
        "  Reassessment: none scheduled (project of a year or less)")
    add("")
    add("Risks and mitigations (Action 5)")
    if not assessment.risks:
        add("  no specific risk recorded")
    for risk in assessment.risks:
        add(f"  {risk.id} [{risk.level.value}, {risk.likelihood.value} × {risk.impact.value} = "
            f"{risk.score}] {risk.description}")
        mitigations = project.mitigations_for(risk.id)
        for m in mitigations:
            add(f"      ↳ {m.id} ({m.type.label}): {m.description}")
        if not mitigations:
            add("      ↳ no mitigation")
    add("")
    found = assess.gaps(project, today)
    add(f"Gaps ({len(found)})" if found else "Gaps: none")
    for gap in found:
        add(f"  - {gap.rule}: {gap.message} [{gap.path}]")
    blocked = assess.blocking(project)
    if blocked:
        add("")
        add("External agreements are blocked:")
        for rule, message in blocked:
            add(f"  - {rule}: {message}")
    return "\n".join(lines)
