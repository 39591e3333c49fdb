"""The MOU of the Darvonia example, read back with python-docx."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import write_project
from readback import docx_text

from hrdd_docs import clauses, resources
from hrdd_docs.loading import load_project
from hrdd_docs.outputs import Audience
from hrdd_docs.render import mou
from hrdd_docs.render.docx import template_variables


@pytest.fixture(scope="module")
def built() -> tuple[Any, Any]:
    project = load_project(Path(str(resources.folder("examples", "darvonia", "project.yaml"))))
    (output,) = mou.render(project, clauses.load_library(None))
    return project, output


@pytest.fixture(scope="module")
def document(built: tuple[Any, Any]) -> Any:
    import docx

    return docx.Document(io.BytesIO(built[1].data))


def headings(document: Any, level: int) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def test_output_is_named_from_the_project_id(built: tuple[Any, Any]) -> None:
    _, output = built
    assert output.name == "drv-esse-police-mou.docx"
    assert output.kind == "mou"
    assert output.audience is Audience.external
    assert [s.clause.id for s in output.clauses] == [
        s.clause.id for s in clauses.select(built[0], "mou")]


def test_parties_are_iom_and_the_commanding_authority(document: Any) -> None:
    text = "\n".join(p.text for p in document.paragraphs)
    assert document.paragraphs[0].text == "Memorandum of Understanding"
    assert document.paragraphs[0].style.name == "Title"
    assert ("The International Organization for Migration, an intergovernmental "
            "organization, acting through IOM Darvonia (“IOM”),") in text
    assert ("The Ministry of Interior of Darvonia, the national authority responsible for "
            "the command and control of the Darvonian Police Force, Esse Province Command "
            "(“the Authority”),") in text
    assert ("provided to the Darvonian Police Force, Esse Province Command, and in particular "
            "its Natite Community Policing Unit (“the Supported Force”)") in text


def test_purpose_lists_every_activity(built: tuple[Any, Any], document: Any) -> None:
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    for activity in built[0].activities:
        assert f"{activity.description.rstrip('.')} ({activity.kind.label})." in bullets


def test_articles_are_numbered_consecutively_from_one(document: Any) -> None:
    numbers = [int(m.group(1)) for h in headings(document, 1)
               if (m := re.match(r"Article (\d+)\. ", h))]
    assert numbers == list(range(1, len(numbers) + 1))
    assert len(numbers) >= 12


def test_every_selected_clause_is_a_numbered_section_under_its_family(
        built: tuple[Any, Any], document: Any) -> None:
    sections = headings(document, 2)
    titles = [re.sub(r"^\d+\.\d+\s+", "", s) for s in sections]
    # Monitoring and non-compliance clauses sit in their own fixed articles near the end.
    assert sorted(titles) == sorted(s.clause.title for s in built[1].clauses)
    assert all(re.match(r"^\d+\.\d+\s", s) for s in sections)
    body = [p.text for p in document.paragraphs]
    for selected in built[1].clauses:
        for paragraph in selected.text.split("\n\n"):
            assert paragraph in body
    level1 = headings(document, 1)
    for family in {s.clause.family for s in built[1].clauses} - set(mou.ANCHORED):
        assert any(h.endswith(f". {clauses.FAMILY_TITLES[family]}") for h in level1)


def test_fixed_articles_come_in_order(document: Any) -> None:
    titles = [re.sub(r"^Article \d+\. ", "", h) for h in headings(document, 1)]
    order = ["Purpose and scope", "Commitment to human rights due diligence",
             "Conditions of support", "Monitoring and reporting",
             "Consequences of non-compliance", "Focal points", "Duration",
             "Amendment and termination", "Settlement of disputes; privileges and immunities",
             "Signatures"]
    assert [t for t in titles if t in order] == order


def test_non_compliance_runs_intercession_suspension_cessation(document: Any) -> None:
    text = "\n".join(p.text for p in document.paragraphs)
    part = text[text.index("Consequences of non-compliance"):text.index("Focal points")]
    positions = [part.index(word) for word in ("Intercession", "Suspension", "Cessation")]
    assert positions == sorted(positions)
    assert "last resort" in part


def test_the_standard_non_compliance_text_is_used_without_clauses(
        tmp_path: Path, example_data: dict[str, Any]) -> None:
    import docx

    project = load_project(write_project(tmp_path, example_data))
    library = clauses.load_library(None)
    kept = clauses.Library(tuple(c for c in library if c.family != "non_compliance"))
    (output,) = mou.render(project, kept)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(output.data)).paragraphs)
    part = text[text.index("Consequences of non-compliance"):text.index("Focal points")]
    assert [part.index(w) for w in ("Intercession.", "Suspension.", "Cessation.")] == sorted(
        part.index(w) for w in ("Intercession.", "Suspension.", "Cessation."))
    assert "As a last resort" in part


def test_focal_points_and_duration(document: Any) -> None:
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert ("For the Authority, as the focal point of the Government of Darvonia: Dario Venn, "
            "Director of Community Policing, Ministry of Interior.") in bullets
    assert "For IOM: Kasheea Atalla, Project Manager, Community Stabilization." in bullets
    assert ("For the Darvonian Police Force, Esse Province Command: Itano Selsami, Commander "
            "of Esse Province.") in bullets
    text = "\n".join(p.text for p in document.paragraphs)
    # The force is no Party: its point of contact is designated by the Authority, after
    # the Parties' own focal points.
    parties = text.index("The Parties designate the following focal points")
    force = text.index("The Authority designates the following officer as the point of "
                       "contact of the Supported Force for the support")
    assert parties < text.index("For IOM: Kasheea") < force < text.index("For the Darvonian")
    assert "The Project runs from 1 March 2026 to 31 August 2027." in text
    assert "every three months" in text


def test_signature_blocks_for_each_party(document: Any) -> None:
    blocks = [[c.text for c in (row.cells[0], row.cells[-1])] for t in document.tables
              for row in t.rows]
    flat = [cell for row in blocks for cell in row]
    for party in ("For the International Organization for Migration",
                  "For the Ministry of Interior of Darvonia",
                  "For the Darvonian Police Force, Esse Province Command (in acknowledgement)"):
        assert party in flat
    assert ["Name:", "Amara Okonjo"] in blocks
    assert ["Title:", "Commander of Esse Province"] in blocks
    assert sum(1 for row in blocks if row[0] == "Date:") == 3
    assert sum(1 for row in blocks if row == ["Place:", "Esse City"]) == 3
    text = "\n".join(p.text for p in document.paragraphs)
    assert "signed this Memorandum in three originals in English at Esse City." in text


def test_header_has_the_reference_and_footer_page_x_of_y(built: tuple[Any, Any],
                                                         document: Any) -> None:
    header = document.sections[0].header.paragraphs[0].text
    assert header == "IOM-DV/MOU/2026/07\tMemorandum of Understanding · DV-CS-0412"
    footer = document.sections[0].footer.paragraphs[0]
    assert footer.text.startswith("IOM Darvonia\tPage ")
    instructions = [node.text.strip() for node in footer._p.iter(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}instrText")]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert "IOM-DV/MOU/2026/07" in docx_text(built[1].data)


def test_mou_reference_defaults_to_the_project_code(tmp_path: Path,
                                                    example_data: dict[str, Any]) -> None:
    del example_data["project"]["references"]["mou"]
    project = load_project(write_project(tmp_path, example_data))
    assert mou.mou_reference(project) == "DV-CS-0412/MOU"


def test_the_template_uses_only_what_the_context_provides(built: tuple[Any, Any]) -> None:
    project, output = built
    # ``language`` is read by the de and a filters, not by a tag
    provided = set(mou.context(project, list(output.clauses))) - {"language"}
    for language in ("en", "fr", "es"):
        used = template_variables(resources.folder("templates", *mou.template(language)))
        assert used == provided, language


@pytest.fixture(scope="module")
def two_forces(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The MOU of a project with two forces under two ministries (tests/qalmaria.py)."""
    import docx
    from qalmaria import qalmaria_project

    project = qalmaria_project(tmp_path_factory.mktemp("qalmaria"))
    (output,) = mou.render(project, clauses.load_library(None))
    return "\n".join(p.text for p in docx.Document(io.BytesIO(output.data)).paragraphs)


def test_two_authorities_are_listed_not_chained_with_and(two_forces: str) -> None:
    assert ("between the International Organization for Migration, the Ministry of Interior "
            "of Darvonia and the Ministry of Defence of Qalmaria concerning") in two_forces
    assert ("Each obligation that this Memorandum places on the Authority binds each of the "
            "national authorities named above in respect of the forces under its "
            "command.") in two_forces


def test_two_forces_are_separated_and_defined_in_the_plural(two_forces: str) -> None:
    assert ("provided to the Darvonian Police Force, Esse Province Command, in particular its "
            "Natite Community Policing Unit; and the Qalmarian Coast Guard, in particular its "
            "Southern Maritime District (together “the Supported Forces”).") in two_forces
    assert "the Supported Force " not in two_forces.replace("Forces", "")
    assert "only by the Supported Forces;" in two_forces


def test_three_parties_terminate_with_notice_to_the_other_parties(two_forces: str) -> None:
    assert ("Any Party may terminate this Memorandum by thirty days' written notice to the "
            "other Parties.") in two_forces
    assert "shall inform the other Parties in writing without delay." in two_forces
    assert "Either Party" not in two_forces


def test_a_country_named_republic_of_takes_the(two_forces: str) -> None:
    assert "with the knowledge of the Government of the Republic of Qalmaria;" in two_forces
    assert "as the focal point of the Government of the Republic of Qalmaria: Dario Venn" \
        in two_forces
    assert " of Republic of" not in two_forces and " in Republic of" not in two_forces
    assert mou.country_name("Darvonia") == "Darvonia"
    assert mou.country_name("Gambia") == "the Gambia"
    assert mou.country_name("The Bahamas") == "The Bahamas"


def test_the_country_mechanism_is_described_once(two_forces: str) -> None:
    assert ("in the Republic of Qalmaria the HRDDP is applied through a United Nations "
            "country mechanism under the Resident Coordinator") in two_forces
    assert two_forces.count("may share information") == 1
    assert "most senior United Nations official in the host country" in two_forces
