"""Issue 11, point 9: the procedure sheet is as of the build date.

``--as-of`` (default today) dates the sheet; a period that has ended is "results
missing" when any indicator lacks a result for it, which unticks "Due diligence
monitoring ongoing" with the reason and is a gap in ``hrdd assess``.
"""

from __future__ import annotations

from datetime import date

from cases import base, load
from conftest import write_project
from readback import docx_text, paragraphs

from hrdd_docs import assess, dossier, procedure, schedule
from hrdd_docs.outputs import BuildInfo
from hrdd_docs.render import sop


def sheet(project, day: date) -> str:
    (output,) = sop.render(project, build=BuildInfo(day, ("sop",)))
    return docx_text(output.data)


def with_results(data, *periods_by_indicator):
    for indicator, periods in zip(data["monitoring"]["indicators"], periods_by_indicator,
                                  strict=True):
        indicator["results"] = [{"period": p, "value": 0} for p in periods]
    return data


def test_the_build_date_dates_the_sheet(tmp_path):
    project = load(tmp_path, base())
    assert "HRDDP, Action 7 · Status as of 15 May 2026" in sheet(project, date(2026, 5, 15))
    result = dossier.build(write_project(tmp_path, base()), tmp_path / "out",
                           only={"sop"}, today=date(2026, 9, 1))
    assert "Status as of 1 September 2026" in docx_text(result.documents[0].data)


def test_without_as_of_the_sheet_is_as_of_today(tmp_path):
    (output,) = sop.render(load(tmp_path, base()))
    assert f"Status as of {date.today().day} " in docx_text(output.data)


def test_one_indicator_without_a_result_leaves_the_period_missing(tmp_path):
    data = with_results(base(), [1], [])
    project = load(tmp_path, data)
    day = date(2026, 7, 1)  # period 1 (April to June) has ended
    check = procedure.monitoring_check(project, day)
    assert not check.done
    assert check.missing == (
        "no result is recorded for period 1 (i-use), ended by 2026-07-01; record each "
        "indicator's result for every period that has ended (monitoring.indicators[].results)",)
    text = sheet(project, day)
    assert "1\n1 April 2026\n30 June 2026\nResults missing: i-use" in text
    gaps = [g.code for g in assess.gaps(project, day)]
    assert gaps == ["results-missing"]


def test_every_indicator_with_a_result_completes_the_period(tmp_path):
    project = load(tmp_path, with_results(base(), [1], [1]))
    day = date(2026, 7, 1)
    assert procedure.monitoring_check(project, day).done
    text = sheet(project, day)
    assert "1\n1 April 2026\n30 June 2026\nResults recorded" in text
    assert "2\n1 July 2026\n30 September 2026\nNot yet due" in text


def test_a_period_not_yet_ended_is_not_due_even_with_some_results(tmp_path):
    project = load(tmp_path, with_results(base(), [1], []))
    assert "1\n1 April 2026\n30 June 2026\nSome results recorded" in sheet(project,
                                                                            date(2026, 6, 29))


def test_a_period_that_starts_on_the_last_day_lasts_one_day(tmp_path):
    data = base()
    data["project"]["end"] = "2026-07-01"  # periods: April-June, then 1 July alone
    project = load(tmp_path, data)
    assert schedule.monitoring_periods(project) == [
        (date(2026, 4, 1), date(2026, 6, 30)), (date(2026, 7, 1), date(2026, 7, 1))]
    missing = schedule.missing_results(project, date(2026, 7, 1))
    assert [(m.period, m.ended) for m in missing] == [(1, date(2026, 6, 30)),
                                                      (2, date(2026, 7, 1))]


def test_a_blocked_project_says_so_and_ticks_no_monitoring(tmp_path):
    data = with_results(base(), [1], [1])
    data["preconditions"]["combat_capacity"]["aim_immediate_combat"] = True
    project = load(tmp_path, data)
    text = sheet(project, date(2026, 7, 1))
    (output,) = sop.render(project, build=BuildInfo(date(2026, 7, 1), ("sop",)))
    order = paragraphs(output.data)
    top = next(n for n, p in enumerate(order) if p.startswith("Support is blocked"))
    assert top < order.index("1. Project and people")
    assert ("– Action 2(d): precondition 'No direct enhancement of combat capacity' is not "
            "met: the explicit aim is to enhance capacity for immediate combat "
            "(preconditions.combat_capacity.aim_immediate_combat)") in text
    assert ("☐\nDue diligence monitoring ongoing\nNot yet\n– the support is blocked (see the "
            "top of this sheet), so there is no support to monitor yet") in text
    assert text.count("☑") == 2  # the assessment and the measures are done


def test_the_reassessment_sentence_and_a_change_of_context(tmp_path):
    data = base()
    data["project"]["end"] = "2027-09-30"  # over a year: yearly reassessment
    data["assessment"]["events"] = [{"date": "2026-06-01", "kind": "legal_reform",
                                     "description": "A decree extends detention at borders."}]
    project = load(tmp_path, data)
    text = sheet(project, date(2026, 6, 15))
    assert ("The risk assessment is to be reassessed every year while the project lasts, and "
            "sooner if the context or the support changes: due 10 February 2027.") in text
    assert ("An updated assessment is due now: the context changed on 1 June 2026 (a law or "
            "decree changing how security forces may act: A decree extends detention at "
            "borders), after the assessment (Action 4).") in text
    assert "An updated assessment is due now" not in sheet(project, date(2026, 5, 31))
