"""Internal findings never reach the MOU or the deed (design.md §2).

Every free-text field of the assessment, and of the other internal sections
(mitigation descriptions, monitoring indicators, the internal procedure and its log,
the donor-level waiver justification), gets a unique marker; no marker may appear
anywhere in the external documents: body, tables, headers, footers, properties.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from conftest import write_project
from readback import all_xml_text

from hrdd_docs import dossier

_counter = itertools.count(1)


def mark(value: Any) -> Any:
    """Replace text, or each text of a list, by ``LEAK<n>X`` markers."""
    if isinstance(value, list):
        return [mark(v) for v in value]
    return f"LEAK{next(_counter):03d}X"


def plant_markers(data: dict[str, Any]) -> int:
    """Mark every internal free-text field of the Darvonia data; return how many."""
    start = next(_counter)
    assessment = data["assessment"]
    for element in assessment["elements"].values():
        element["findings"] = mark(element["findings"])
        element["sources"] = mark(element["sources"])
    assessment["final"]["rationale"] = mark(None)
    for risk in assessment["non_provision_risks"]:
        risk["description"] = mark(None)
        risk["affected_groups"] = mark(risk["affected_groups"])
    for risk in assessment["risks"]:
        risk["description"] = mark(None)
        risk["affected_groups"] = mark(risk.get("affected_groups", ["x"]))
    for mitigation in data["mitigations"]:
        mitigation["description"] = mark(None)
        mitigation["owner"] = mark(None)
    for indicator in data["monitoring"]["indicators"]:
        indicator["text"] = mark(None)
        indicator["source"] = mark(None)
        for result in indicator.get("results", []):
            result["note"] = mark(None)
    procedure = data["procedure"]
    for key in ("communication", "suspend_when", "cease_when"):
        procedure[key] = mark(None)
    for incident in procedure["log"]:
        for key in ("detected", "source", "action_taken"):
            incident[key] = mark(None)
    visibility = data["visibility"]
    visibility["justification"] = mark(None)
    visibility["alternative_acknowledgement"] = mark(None)
    data["preconditions"]["death_penalty"]["notes"] = mark(None)
    return next(_counter) - start - 1


def test_no_internal_text_reaches_the_mou_or_the_deed(
        tmp_path: Path, example_data: dict[str, Any]) -> None:
    planted = plant_markers(example_data)
    assert planted > 60
    project_file = write_project(tmp_path, example_data)
    result = dossier.build(project_file, tmp_path / "out", only={"mou", "deed"})
    external = [d for d in result.documents if d.kind in ("mou", "deed")]
    assert sorted(d.kind for d in external) == ["deed", "mou"]
    for document in external:
        text = all_xml_text(document.data)
        assert "Memorandum" in text or "Deed" in text
        assert "LEAK" not in text, f"{document.name} carries internal text"
    # The markers are really in the project: the internal manifest may name risk ids,
    # but the planted free text never appears in it either.
    assert "LEAK" in project_file.read_text("utf-8")
    assert "LEAK" not in (tmp_path / "out" / "manifest.json").read_text("utf-8")


def test_no_internal_text_reaches_the_notice(tmp_path: Path, example_data: dict[str, Any]) -> None:
    """The notice of a high-risk block (Action 4) carries no finding either."""
    from hrdd_docs.dossier import BlockedBuild

    plant_markers(example_data)
    for mitigation in example_data["mitigations"]:
        mitigation["integrated"] = False
    project_file = write_project(tmp_path, example_data)
    try:
        dossier.build(project_file, tmp_path / "out")
    except BlockedBuild as blocked:
        result = blocked.result
    else:  # pragma: no cover - the example must be blocked here
        raise AssertionError("the build was not blocked")
    assert result is not None
    (notice,) = [d for d in result.documents if d.kind == "notice"]
    text = all_xml_text(notice.data)
    assert "IOM is not in a position to provide the proposed support" in text
    assert "LEAK" not in text
