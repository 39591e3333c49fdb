"""The parts that grew faster than the project (issue 16) give the same answers, linearly.

Nothing here times anything (``benchmarks/run.py`` does): these tests hold the
behaviour of the indexed ``Project.mitigations_for`` and of the YAML reader with the
garbage collector paused.
"""

from __future__ import annotations

import gc
from typing import Any

import pytest

from hrdd_docs.errors import InputError
from hrdd_docs.loading import load_project
from hrdd_docs.yamlsource import parse


def _scan(project: Any, risk_id: str) -> list[Any]:
    """What mitigations_for returned before it was indexed."""
    return [m for m in project.mitigations if risk_id in m.addresses]


def test_mitigations_for_answers_as_the_scan_did(darvonia: Any) -> None:
    risks = [r.id for r in darvonia.assessment.risks] + ["r-nothing-addresses-this"]
    for risk in risks:
        assert darvonia.mitigations_for(risk) == _scan(darvonia, risk)
    assert any(darvonia.mitigations_for(r) for r in risks)
    assert darvonia.mitigations_for("r-nothing-addresses-this") == []


def test_mitigations_for_lists_a_measure_once_in_plan_order(darvonia: Any) -> None:
    risk = darvonia.assessment.risks[0].id
    first, *rest = darvonia.mitigations
    twice = first.model_copy(update={"addresses": [risk, risk]})
    project = darvonia.model_copy(update={"mitigations": [*rest, twice]})
    assert project.mitigations_for(risk) == _scan(project, risk)
    assert project.mitigations_for(risk)[-1] is twice
    assert project.mitigations_for(risk).count(twice) == 1


def test_mitigations_for_follows_a_new_or_longer_plan(darvonia: Any) -> None:
    risk = darvonia.assessment.risks[0].id
    project = darvonia.model_copy(deep=True)
    before = project.mitigations_for(risk)
    without = project.model_copy(update={"mitigations": []})
    assert without.mitigations_for(risk) == []
    assert project.mitigations_for(risk) == before
    extra = project.mitigations[0].model_copy(update={"id": "m-extra", "addresses": [risk]})
    project.mitigations.append(extra)
    assert project.mitigations_for(risk) == [*before, extra]
    # Returned lists are the caller's: changing one does not change the next answer.
    project.mitigations_for(risk).clear()
    assert project.mitigations_for(risk) == [*before, extra]


def test_the_index_does_not_change_equality(example_path: Any) -> None:
    asked, fresh = load_project(example_path), load_project(example_path)
    asked.mitigations_for(asked.assessment.risks[0].id)
    assert asked == fresh


@pytest.mark.parametrize("was_enabled", [True, False])
def test_yaml_parsing_restores_the_garbage_collector(was_enabled: bool) -> None:
    (gc.enable if was_enabled else gc.disable)()
    try:
        assert parse("a: 1\nb: [x, y]\n", "t.yaml").data == {"a": "1", "b": ["x", "y"]}
        assert gc.isenabled() is was_enabled
        with pytest.raises(InputError):
            parse("a: [1, 2\n", "t.yaml")
        assert gc.isenabled() is was_enabled
    finally:
        gc.enable()
