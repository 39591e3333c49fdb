"""The packaged Darvonia example is valid and its assessment reads as Box 7 says."""

from datetime import date

from hrdd_docs.assess import applicability, gaps, preconditions
from hrdd_docs.cli import cli
from hrdd_docs.loading import load_project


def test_example_validates(runner, example_path):
    result = runner.invoke(cli, ["validate", str(example_path)])
    assert result.exit_code == 0, result.output
    assert result.output == f"{example_path}: valid (drv-esse-police)\n"


def test_example_assessment(example_path):
    project = load_project(example_path)
    decision = applicability(project)
    assert decision.applies and decision.assessment_required
    assert "combines exempt and non-exempt" in decision.conclusion
    assert all(p.met for p in preconditions(project))
    assert gaps(project, date(2026, 11, 27)) == []
    assert project.monitoring.responsible.name == "Kasheea Atalla"
    assert project.recipients[0].focal_point.name == "Itano Selsami"


def test_assess_prints_every_section(runner, example_path):
    result = runner.invoke(cli, ["assess", str(example_path), "--as-of", "2026-11-27"])
    assert result.exit_code == 0, result.output
    out = result.output
    for expected in [
        "Action 1 — does the HRDDP apply?",
        "→ An HRDD risk assessment is required: the support combines exempt and non-exempt",
        "(a) National ownership: met",
        "(d) No direct enhancement of combat capacity: met",
        "9. Final assessment: medium",
        "r-vawg [high, medium × high = 6]",
        "↳ m-female-officer (communications and agreements)",
        "Gaps: none",
    ]:
        assert expected in out
