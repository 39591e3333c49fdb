"""Issue 6 acceptance: the Darvonia procedure sheet and waiver letter open in LibreOffice.

Converted once per module (two conversions), then read back with pdftotext.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from conftest import requires_libreoffice

from hrdd_docs import resources
from hrdd_docs.loading import load_project
from hrdd_docs.office import convert, pdf_text
from hrdd_docs.outputs import BuildInfo
from hrdd_docs.render import sop
from hrdd_docs.render import waiver as render_waiver

pytestmark = [requires_libreoffice, pytest.mark.libreoffice]


@pytest.fixture(scope="module")
def texts(tmp_path_factory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("issue6")
    project = load_project(resources.folder("examples", "darvonia", "project.yaml"))
    found = {}
    as_of = BuildInfo(date(2026, 11, 27), ("sop",))
    for output in [*sop.render(project, build=as_of), *render_waiver.render(project)]:
        source = folder / output.name
        source.write_bytes(output.data)
        # pdftotext -layout spreads table cells over columns; collapse the spacing
        text = pdf_text(convert(source, "pdf", folder / "pdf"))
        found[output.kind] = re.sub(r"\s+", " ", text)
    return found


def test_sop_names_people_and_risk(texts):
    text = texts["sop"]
    assert "Kasheea Atalla" in text
    assert "Commander Itano Selsami" in text
    assert "Medium/High" in text
    assert "Page 1 of 3" in text


def test_sop_checklist_courses_and_results(texts):
    text = texts["sop"]
    assert text.count("☑") == 3 and "☐ Address" in text
    assert "☑ Risk assessment completed Yes" in text
    assert "☑ Mitigation measures integrated Yes" in text
    assert "☑ Due diligence monitoring" in text
    for course in ("strengthening of mitigation measures", "appropriate oversight or",
                   "agreed communication channels with the focal point",
                   "exclusion of specific individuals or units"):
        assert course in text
    assert "Step 4 · Result A" in text and "Step 4 · Result B" in text
    # the two results sit side by side, so their lines interleave in the PDF text
    assert "→ Continue the activities, or resume them if" in text
    assert "→ Suspend the activities, and agree to resume" in text
    assert "If the violations are then addressed: resume the activities." in text
    assert "cease only with the COM's agreement" in text


def test_waiver_names_donor_and_requirements(texts):
    text = texts["visibility_waiver"]
    assert "Ministry of Foreign Affairs of Norland" in text
    assert "NOR-MFA-2025-3318" in text
    for requirement in ("Donor and IOM logos on all vehicles and equipment provided",
                        "Signboard at the construction site naming the donor and IOM",
                        "Public handover ceremony with press coverage"):
        assert requirement in text
    assert "Esse Rapid Intervention Unit" not in text
