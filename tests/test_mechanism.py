"""Issue 11, point 8: participation in the UN country mechanism, not its existence.

Where a mechanism exists but IOM does not take part, the MOU says nothing about IOM
communicating through it (neither Article 2 nor clause nc-un-mechanism), and the
procedure sheet keeps IOM's own procedure: the two agree. Who decided (the Head of
Office, Action 3), whether the GPRAF was used, and a mitigation's UN core mark are
recorded and shown.
"""

from __future__ import annotations

from datetime import date

import pytest
from cases import AS_OF, base, load, mechanism_not_joined
from conftest import write_project
from readback import docx_text

from hrdd_docs import assess, clauses, procedure
from hrdd_docs.cli import cli
from hrdd_docs.errors import InputError
from hrdd_docs.outputs import BuildInfo
from hrdd_docs.render import mou, sop

COMMUNICATES = "IOM communicates its decisions on the support in line with that mechanism"
SENIOR = "communicated to the Government by the most senior United Nations official"


def documents(tmp_path, data):
    project = load(tmp_path, data)
    (agreement,) = mou.render(project, clauses.load_library())
    (sheet,) = sop.render(project, build=BuildInfo(date(2026, 5, 15), ("sop",)))
    return project, docx_text(agreement.data), docx_text(sheet.data)


def test_a_mechanism_iom_does_not_join_changes_nothing_in_the_mou(tmp_path):
    project, text, sheet = documents(tmp_path, mechanism_not_joined(base()))
    assert COMMUNICATES not in text
    assert SENIOR not in text
    assert "country mechanism" not in text
    assert "nc-un-mechanism" not in [s.clause.id for s in clauses.select(project, "mou")]
    assert ("A UN HRDDP country mechanism exists but IOM does not participate in it, so this "
            "internal procedure applies; the COM communicates IOM's decisions to the "
            "government. The decision on participation was taken by Mira Solenne, Head of "
            "Office.") in sheet
    assert not procedure.mechanism(project).country_sops


def test_an_existing_file_that_says_exists_but_not_participates(tmp_path):
    """The shape files had before participation_decided_by existed."""
    data = base()
    data["country_mechanism"] = {"exists": True, "iom_participates": False}
    project, text, _ = documents(tmp_path, data)
    assert COMMUNICATES not in text and SENIOR not in text
    gaps = [(g.code, g.path) for g in assess.gaps(project, date(2026, 5, 15))]
    assert gaps == [("mechanism-undecided", "country_mechanism.participation_decided_by")]


def test_participation_puts_the_mechanism_in_the_mou_and_the_sheet(tmp_path):
    data = mechanism_not_joined(base())
    data["country_mechanism"]["iom_participates"] = True
    data["country_mechanism"]["gpraf_used"] = True
    _project, text, sheet = documents(tmp_path, data)
    assert ("The Parties note that in Kestavia the HRDDP is applied through a United Nations "
            "country mechanism under the Resident Coordinator, and that " + COMMUNICATES
            ) in text
    assert SENIOR in text
    assert "the Resident Coordinator formally communicates any cessation of support" in sheet
    assert "The assessment draws on the GPRAF." in sheet


def test_a_participating_office_that_does_not_use_the_gpraf_has_a_gap(tmp_path):
    data = mechanism_not_joined(base())
    data["country_mechanism"]["iom_participates"] = True
    gaps = assess.gaps(load(tmp_path, data), date(2026, 5, 15))
    assert [(g.code, g.rule, g.path) for g in gaps] == [
        ("gpraf-unused", "Action 3", "country_mechanism.gpraf_used")]


def test_assess_has_an_action_3_section(runner, tmp_path):
    data = mechanism_not_joined(base())
    data["mitigations"][0]["un_core_measure"] = True
    path = write_project(tmp_path, data)
    result = runner.invoke(cli, ["assess", str(path), "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    assert (
        "Action 3 — UN HRDDP country mechanism\n"
        "  A country mechanism exists under the Resident Coordinator; IOM does not participate "
        "in it.\n"
        "  Participation decided by: Mira Solenne, Head of Office\n"
        "  GPRAF: available, not used by the assessment\n"
        "  UN core measures from the mechanism: m-deed\n"
        "  → IOM's internal procedure applies (Box 7): the COM communicates IOM's decisions to "
        "the government\n    (Action 7).\n") in result.stdout
    assert "(UN core measure)" in result.stdout


@pytest.mark.parametrize(("change", "where", "message"), [
    (lambda d: d["mitigations"][0].update(un_core_measure=True), "mitigations[0].un_core_measure",
     "is marked as a UN core measure, which the UN country mechanism agrees (Action 5), but "
     "country_mechanism.exists is false"),
    (lambda d: d["country_mechanism"].update(
        participation_decided_by={"name": "A", "title": "B"}),
     "country_mechanism.participation_decided_by", "no country mechanism exists"),
    (lambda d: d["country_mechanism"].update(exists=True, gpraf_used=True),
     "country_mechanism.gpraf_used", "gpraf_used is true but gpraf_available is false"),
])
def test_contradicting_mechanism_facts_are_refused(tmp_path, change, where, message):
    data = base()
    change(data)
    with pytest.raises(InputError) as caught:
        load(tmp_path, data)
    assert f"{where}: " in str(caught.value) and message in str(caught.value)


def test_the_participation_trigger(tmp_path):
    from hrdd_docs import triggers

    problems: list = []
    parsed = triggers.parse({"mechanism_participation": "true"}, ("t",), problems)
    joined = mechanism_not_joined(base())
    outcome = triggers.evaluate(parsed, triggers.Context(load(tmp_path, joined), "x"))
    assert not outcome.fired
    assert outcome.against == ("a UN HRDDP country mechanism exists but IOM does not "
                               "participate in it",)
    joined["country_mechanism"]["iom_participates"] = True
    outcome = triggers.evaluate(parsed, triggers.Context(load(tmp_path, joined, "b.yaml"), "x"))
    assert outcome.reasons == ("IOM participates in the UN HRDDP country mechanism "
                               "(Action 3)",)
