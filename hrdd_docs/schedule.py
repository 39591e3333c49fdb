"""The dates of the due-diligence cycle: reassessments (Action 4) and monitoring (Action 6).

Pure date arithmetic on the project, shared by :mod:`hrdd_docs.assess` (gaps), the
procedure sheet and the IRA workbook.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from hrdd_docs.model import ContextEvent, Project

_ONE_DAY = timedelta(days=1)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, moved back to the month's last day where needed."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def reassessment_dates(project: Project) -> list[date]:
    """Action 4: reassess every year after the last assessment for projects over a year.

    A date that falls on the project's last day or later is not scheduled: no support
    is left to assess then. No assessment recorded: no date.
    """
    start, end = project.project.start, project.project.end
    assessed = project.assessment.date
    if assessed is None or add_months(start, 12) >= end:
        return []
    dates = []
    due = add_months(assessed, 12)
    while due < end:
        dates.append(due)
        due = add_months(due, 12)
    return dates


def events_since(project: Project, today: date) -> list[ContextEvent]:
    """Action 4: recorded changes of context after the assessment, up to ``today``.

    Each makes an updated assessment due at once (a rise in violations, conflict, a new
    law or decree...). Events on or before the assessment's date were part of it.
    """
    assessed = project.assessment.date
    if assessed is None:
        return []
    return sorted((e for e in project.assessment.events if assessed < e.date <= today),
                  key=lambda e: e.date)


def first_activity(project: Project) -> tuple[date, str | None]:
    """The day support begins: the earliest activity start, else the project start.

    Returns the day and the id of the activity that begins then (None: the project).
    """
    starts = [(a.start, a.id) for a in project.activities if a.start is not None]
    earliest = min(starts, default=None)
    start = project.project.start
    if earliest is None or earliest[0] >= start:
        return start, None
    return earliest[0], earliest[1]


def assessed_first(project: Project) -> bool:
    """Action 4: the assessment is dated on or before the project start and every
    activity's start ("before a project is fully developed and activities begin")."""
    assessed = project.assessment.date
    if assessed is None:
        return False
    starts = [project.project.start, *(a.start for a in project.activities if a.start)]
    return all(assessed <= day for day in starts)


def monitoring_periods(project: Project) -> list[tuple[date, date]]:
    """Action 6: consecutive monitoring periods from the project's start to its end.

    The last period may be shorter, down to one day when it starts on the end day.
    """
    months = project.monitoring.period_months
    start, end = project.project.start, project.project.end
    periods = []
    n = 0
    while True:
        first = add_months(start, n * months)
        if first > end:
            break
        last = min(add_months(start, (n + 1) * months) - _ONE_DAY, end)
        periods.append((first, last))
        n += 1
    return periods


@dataclass(frozen=True)
class MissingResults:
    """A monitoring period that has ended with some indicator's result not recorded."""

    period: int
    ended: date
    indicators: tuple[str, ...]
    """Ids of the indicators with no result for the period."""


def missing_results(project: Project, as_of: date) -> list[MissingResults]:
    """Action 6: every period ended by ``as_of`` needs a result from every indicator."""
    indicators = project.monitoring.indicators
    out = []
    for n, (_, last) in enumerate(monitoring_periods(project), start=1):
        if last > as_of:
            break
        absent = tuple(i.id for i in indicators if n not in {r.period for r in i.results})
        if absent:
            out.append(MissingResults(n, last, absent))
    return out
