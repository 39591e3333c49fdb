"""The terminal report of ``hrdd assess``: decisions, elements, risks, gaps, blocks."""

from __future__ import annotations

import textwrap
from datetime import date

from hrdd_docs import assess, procedure, schedule
from hrdd_docs.model import Project
from hrdd_docs.wording import join_words

WIDTH = 100
"""Lines of the report are wrapped to this width, continuation lines indented."""


class _Lines(list[str]):
    def add(self, line: str) -> None:
        """Add a line, wrapped at 100 columns under its own indentation."""
        indent = " " * (len(line) - len(line.lstrip()) + 2)
        self.extend(textwrap.wrap(line, WIDTH, subsequent_indent=indent, break_long_words=False,
                                  break_on_hyphens=False) or [""])


def assessment_report(project: Project, today: date) -> str:
    """Return the readable report of Actions 1 to 7 for one project, as of ``today``."""
    out = _Lines()
    info = project.project
    out.add(f"{info.title} ({info.id}), {info.country}, {info.start} to {info.end}")
    out.add("")
    decision = assess.applicability(project)
    out.add("Action 1 — does the HRDDP apply?")
    for step in decision.path:
        out.add(f"  {step.question}")
        out.add(f"    {step.answer}: {step.detail}")
    out.add(f"  → {decision.conclusion}")
    out.add("")
    out.add("Action 2 — preconditions")
    for p in assess.preconditions(project):
        out.add(f"  ({p.code}) {p.title}: {'met' if p.met else 'NOT MET'}")
        for fact in p.facts:
            out.add(f"      {'✗' if fact in p.failures else '-'} {fact}")
    out.add("")
    _mechanism(project, out)
    out.add("")
    _assessment(project, today, out)
    out.add("")
    _risks(project, out)
    out.add("")
    found = assess.gaps(project, today)
    out.add(f"Gaps ({len(found)})" if found else "Gaps: none")
    for gap in found:
        out.add(f"  - {gap.rule}: {gap.message} [{gap.path}]")
    blocked = assess.blocking(project)
    if blocked:
        out.add("")
        out.add("External agreements are blocked (MOU, deeds, donor letters); complete or "
                "correct the field in brackets:")
        for block in blocked:
            out.add(f"  - {block.rule}: {block.message} [{block.path}]")
        notified = assess.notice_recipients(project)
        if notified:
            out.add(f"  → hrdd build writes the notice that support is not possible until "
                    f"measures are taken (Action 4) for {join_words([r.name for r in notified])}"
                    ", with the internal documents.")
        else:
            out.add("  → hrdd build writes the internal documents only (IRA workbook, "
                    "procedure sheet).")
    return "\n".join(out)


def _mechanism(project: Project, out: _Lines) -> None:
    """Action 3: the mechanism, IOM's participation, who decided, the GPRAF."""
    facts = project.country_mechanism
    authority = procedure.mechanism(project)
    out.add("Action 3 — UN HRDDP country mechanism")
    if not facts.exists:
        out.add("  No UN HRDDP country mechanism in the country.")
    else:
        lead = (procedure.the_title(facts.senior_un_official) if facts.senior_un_official
                else "the most senior UN official in the country")
        joins = "participates" if facts.iom_participates else "does not participate"
        out.add(f"  A country mechanism exists under {lead}; IOM {joins} in it.")
        decided = facts.participation_decided_by
        out.add("  Participation decided by: "
                + (f"{decided.name}, {decided.title}" if decided else "not recorded"))
        gpraf = ("available, and used by the assessment" if facts.gpraf_used else
                 "available, not used by the assessment" if facts.gpraf_available else "none")
        out.add(f"  GPRAF: {gpraf}")
        core = [m.id for m in project.mitigations if m.un_core_measure]
        if core:
            out.add(f"  UN core measures from the mechanism: {', '.join(core)}")
    if authority.country_sops:
        out.add(f"  → the {authority.sops} apply: {authority.who_communicates_cessation} "
                "communicates any cessation of support (Action 7).")
    else:
        out.add("  → IOM's internal procedure applies (Box 7): the COM communicates IOM's "
                "decisions to the government (Action 7).")


def _assessment(project: Project, today: date, out: _Lines) -> None:
    """Action 4: when, the nine elements, the endorsement, the weighing, reassessment."""
    assessment = project.assessment
    if not assessment.made:
        out.add("Action 4 — risk assessment: none recorded"
                + (" (not required for exempt support)" if assess.exempt_only(project)
                   else " (required: the external agreements wait for it)"))
        if not any(e.rating for _, e in assessment.elements.items()) and not (
                assessment.final.rating or assessment.endorsement):
            return
    else:
        first = " (before the project and its activities begin)" if \
            schedule.assessed_first(project) else " (AFTER the support began)"
        out.add(f"Action 4 — risk assessment of {assessment.date}{first}")
    for n, (element, result) in enumerate(assessment.elements.items(), start=1):
        rating = result.rating.value if result.rating else "not rated"
        out.add(f"  {n}. {element.label}: {rating}")
    final = assessment.final
    out.add(f"  9. Final assessment: {final.rating.value if final.rating else 'not rated'}")
    if final.rationale:
        out.add(f"     {final.rationale}")
    endorsement = assessment.endorsement
    out.add(f"  Endorsed by {endorsement.name}, {endorsement.title}, on {endorsement.date}"
            if endorsement else "  Not endorsed by the Head of Office")
    if assessment.non_provision_conclusion:
        out.add(f"  Risk of not providing support: {assessment.non_provision_conclusion}")
    due = assess.reassessment_dates(project)
    out.add(f"  Reassessment due: {', '.join(map(str, due))}" if due else
            "  Reassessment: none scheduled (project of a year or less, or no assessment)")
    for event in assessment.events:
        late = " → an updated assessment is due" if event in schedule.events_since(
            project, today) else ""
        out.add(f"  Change of context on {event.date}: {event.kind.label}: "
                f"{event.description}{late}")


def _risks(project: Project, out: _Lines) -> None:
    """Action 5: each risk with its groups, classes and measures."""
    assessment = project.assessment
    out.add("Risks and mitigations (Action 5)")
    if not assessment.risks:
        out.add("  no specific risk recorded")
    for risk in assessment.risks:
        out.add(f"  {risk.id} [{risk.level.value}, {risk.likelihood.value} × "
                f"{risk.impact.value} = {risk.score}] {risk.description}")
        if risk.groups:
            out.add(f"      groups: {', '.join(g.label for g in risk.groups)}")
        classes = [g.label for g in risk.grave_violations]
        if risk.command_responsibility:
            classes.append("through command responsibility")
        if classes:
            out.add(f"      could amount to: {', '.join(classes)}")
        mitigations = project.mitigations_for(risk.id)
        for m in mitigations:
            marks = [word for flag, word in ((not m.integrated, "NOT integrated"),
                                             (not m.budgeted, "not budgeted"),
                                             (m.un_core_measure, "UN core measure")) if flag]
            extra = f" ({'; '.join(marks)})" if marks else ""
            out.add(f"      ↳ {m.id} ({m.type.label}){extra}: {m.description}")
        if not mitigations:
            out.add("      ↳ no mitigation")
