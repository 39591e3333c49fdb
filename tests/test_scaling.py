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


# --- the IRA workbook's fast paths write the bytes of openpyxl's plain ones ---------


def _plain_fit_rows(ws: Any, first_row: int) -> None:
    """What ``workbook_style.fit_rows`` did before it read only the cells written."""
    widths = {key: dim.width for key, dim in ws.column_dimensions.items()}
    for row in ws.iter_rows(min_row=first_row):
        lines = 1
        for cell in row:
            if cell.value is None or cell.data_type == "f":
                continue
            width = widths.get(cell.column_letter) or 8.43
            per_line = max(1, int(width * 1.0))
            text = str(cell.value)
            lines = max(lines, sum(-(-len(part) // per_line) or 1 for part in text.split("\n")))
        if lines > 1:
            ws.row_dimensions[row[0].row].height = min(409, 15 * lines)


def _plain(monkeypatch: pytest.MonkeyPatch) -> None:
    """Switch the workbook's fast paths off: openpyxl's own style look-ups, every row
    read through ``iter_rows``, every check's text rendered again, every sheet written
    through a temporary file by openpyxl's own writer."""
    from hrdd_docs import ooxml
    from hrdd_docs.render import workbook, workbook_style

    monkeypatch.setattr(ooxml, "OPENPYXL_FOLLOWS", set())
    monkeypatch.setattr(workbook_style, "fast_style_tables", lambda wb: None)
    monkeypatch.setattr(workbook_style, "fit_rows", _plain_fit_rows)
    monkeypatch.setattr(workbook._Builder, "said", lambda self, key, name=None: (
        self.words(key) if name is None else self.words(key, name=name)))


def _large(tmp_path: Any, items: int, risks: int) -> Any:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    import generate

    return load_project(generate.write(generate.large(items, risks), tmp_path / "large.yaml"))


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_workbook_fast_paths_give_the_same_bytes(darvonia: Any, language: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from hrdd_docs.render import workbook

    fast = workbook.build(darvonia, language=language)[0]
    blank = workbook.blank(language)
    _plain(monkeypatch)
    assert workbook.build(darvonia, language=language)[0] == fast
    assert workbook.blank(language) == blank


def test_the_workbook_fast_paths_give_the_same_bytes_for_many_rows(
        tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from hrdd_docs.render import workbook

    project = _large(tmp_path, 300, 120)
    fast = workbook.build(project)[0]
    _plain(monkeypatch)
    assert workbook.build(project)[0] == fast


def test_a_style_table_finds_a_known_object_at_its_own_index() -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from hrdd_docs.render import workbook_style

    wb = Workbook()
    workbook_style.fast_style_tables(wb)
    bold, italic = Font(bold=True), Font(italic=True)
    assert [wb._fonts.add(f) for f in (bold, italic, bold, Font(bold=True), italic)] == [
        1, 2, 1, 1, 2]
    assert list(wb._fonts)[1:] == [bold, italic]
