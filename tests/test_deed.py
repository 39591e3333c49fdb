"""Deeds of donation: one per recipient with items, the schedule and its totals, branding."""

from __future__ import annotations

import copy
import io
from pathlib import Path
from typing import Any

import pytest
from conftest import write_project

from hrdd_docs import clauses, localized, resources
from hrdd_docs.loading import load_project
from hrdd_docs.render import deed
from hrdd_docs.render.docx import template_variables


def render(tmp_path: Path, data: dict[str, Any]) -> list[Any]:
    return deed.render(load_project(write_project(tmp_path, data)), clauses.load_library(None))


def read(output: Any) -> Any:
    import docx

    return docx.Document(io.BytesIO(output.data))


def body(document: Any) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def rows(document: Any) -> list[list[str]]:
    """The schedule's cells, a no-break space read as a space."""
    return [[c.text.replace("\u00a0", " ") for c in row.cells]
            for row in document.tables[0].rows]


@pytest.fixture(scope="module")
def darvonia_deed(darvonia: Any) -> Any:
    (output,) = deed.render(darvonia, clauses.load_library(None))
    return output


def test_one_deed_for_the_recipient_with_items(darvonia_deed: Any) -> None:
    assert darvonia_deed.name == "drv-esse-police-deed-dpf-esse.docx"
    assert darvonia_deed.kind == "deed"
    document = read(darvonia_deed)
    assert document.paragraphs[0].text == "Deed of Donation"
    assert ("The Darvonian Police Force, Esse Province Command, for its Natite Community "
            "Policing Unit, under the authority of the Ministry of Interior of Darvonia, whose "
            "address is Provincial Police Headquarters, Esse City (“the Recipient”).") in body(
                document)
    header = document.sections[0].header.paragraphs[0].text
    assert header == "IOM-DV/DD/2026/01\tDeed of Donation · DV-CS-0412"


def test_schedule_rows_and_total(darvonia_deed: Any) -> None:
    assert rows(read(darvonia_deed)) == [
        ["No.", "Description", "Identifiers", "Quantity", "Unit value", "Total value"],
        ["1", "Motorbike, 125 cc, with rear carrier",
         "Chassis LZS-125-88041\nChassis LZS-125-88042", "2", "USD 3,200.00", "USD 6,400.00"],
        ["2", "Motorcycle helmet, certified", "—", "4", "USD 85.00", "USD 340.00"],
        ["3", "First-aid kit for patrol", "—", "2", "USD 40.50", "USD 81.00"],
        ["", "Total value", "", "", "", "USD 6,821.00"],
    ]
    # the currency and the amount are held by a no-break space: an amount never wraps
    assert read(darvonia_deed).tables[0].rows[1].cells[4].text == "USD\u00a03,200.00"


def test_use_misuse_and_prohibited_uses(darvonia_deed: Any) -> None:
    document = read(darvonia_deed)
    text = body(document)
    assert "The Items are donated for the following activities of the Project:" in text
    # The permitted use is the restriction measure m-use-restriction sets
    # (activities[].use_restriction), not the whole of the project's locations.
    use = text[text.index("Permitted use and care"):text.index("No transfer or reassignment")]
    assert ("The Items shall be used only by the personnel of the force or unit to which they "
            "are donated, and only for community policing in the Natite IDP site and its "
            "surroundings.") in use
    assert "Esse Province" not in use
    assert "Two motorbikes and safety equipment for the patrolling unit of the post." in text
    assert "in armed hostilities or for any combat purpose." in text
    sections = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    for selected in darvonia_deed.clauses:
        assert any(s.endswith(selected.clause.title) for s in sections)
    families = {s.clause.family for s in darvonia_deed.clauses}
    assert {"donated_items", "non_compliance", "monitoring"} <= families
    assert "Return on misuse" in text


def test_several_currencies_give_a_total_each(tmp_path: Path,
                                              example_data: dict[str, Any]) -> None:
    items = example_data["activities"][1]["items"]
    items.append({"description": "Radio « Sécurité » & charger", "quantity": 3,
                  "unit_value": "120.10", "currency": "EUR"})
    (output,) = render(tmp_path, example_data)
    table = rows(read(output))
    assert table[4] == ["4", "Radio « Sécurité » & charger", "—", "3", "EUR 120.10",
                        "EUR 360.30"]
    assert table[5:] == [["", "Total value in USD", "", "", "", "USD 6,821.00"],
                         ["", "Total value in EUR", "", "", "", "EUR 360.30"]]


def test_a_deed_per_recipient_and_none_without_items(tmp_path: Path,
                                                     example_data: dict[str, Any]) -> None:
    second = copy.deepcopy(example_data["recipients"][0])
    second.update(id="bc-kerro", name="Border Command, Kerro", unit=None)
    second.pop("unit")
    example_data["recipients"].append(second)
    example_data["activities"].append({
        "id": "radios", "kind": "equipment", "description": "Radios for the border post",
        "recipients": ["bc-kerro"],
        "items": [{"description": "Handheld radio", "quantity": 5, "unit_value": 150,
                   "currency": "USD"}]})
    outputs = render(tmp_path, example_data)
    assert [o.name for o in outputs] == ["drv-esse-police-deed-dpf-esse.docx",
                                         "drv-esse-police-deed-bc-kerro.docx"]
    kerro = read(outputs[1])
    assert [r[1] for r in rows(kerro)[1:]] == ["Handheld radio", "Total value"]
    assert kerro.sections[0].header.paragraphs[0].text.startswith("IOM-DV/DD/2026/02\t")

    for activity in example_data["activities"]:
        activity.pop("items", None)
        activity.pop("use_restriction", None)
    assert render(tmp_path, example_data) == []


@pytest.mark.parametrize(("branding", "expected"), [
    ("standard", "The Items bear the emblem of IOM and acknowledge the support of the "
                 "Ministry of Foreign Affairs of Norland and the Aldoria Agency for "
                 "International Cooperation"),
    ("minimal", "Subject to the written agreement of the donors concerned, the Items carry "
                "minimal markings only"),
    ("none", "Subject to the written agreement of the donors concerned, the Items carry no "
             "marking that identifies IOM"),
])
def test_branding_follows_the_visibility_decision_without_clauses(
        tmp_path: Path, example_data: dict[str, Any], branding: str, expected: str) -> None:
    if branding == "standard":
        example_data["visibility"] = {"branding": "standard"}
    else:
        example_data["visibility"]["branding"] = branding
    project = load_project(write_project(tmp_path, example_data))
    library = clauses.load_library(None)
    without = clauses.Library(tuple(c for c in library if c.family != "visibility"))
    (output,) = deed.render(project, without)
    text = body(read(output))
    part = text[text.index("Branding and visibility"):]
    assert expected in part


def test_minimal_branding_brings_the_visibility_clauses(darvonia_deed: Any) -> None:
    text = body(read(darvonia_deed))
    visibility = [s for s in darvonia_deed.clauses if s.clause.family == "visibility"]
    assert visibility
    for selected in visibility:
        assert selected.text.split("\n\n")[0] in text


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_template_uses_only_what_the_context_provides(darvonia_deed: Any,
                                                          language: str) -> None:
    from hrdd_docs import localized

    project = load_project(Path(str(resources.folder("examples", "darvonia", "project.yaml"))))
    (recipient, items), = deed.items_by_recipient(project)
    with localized.lenient(), localized.documents_of(project):
        context = deed.context(project, recipient, items, [], {}, language=language)
    used = template_variables(resources.folder("templates", *deed.template(language)))
    assert used == set(context) - {"language"}  # the de and a filters read the language


def test_donors_without_visibility_requirements_are_not_named_on_items(
        tmp_path: Path, example_data: dict[str, Any]) -> None:
    example_data["visibility"] = {"branding": "standard"}
    example_data["donors"][0]["name"] = "European Union, Directorate-General for Partnerships"
    example_data["donors"].append({"id": "us-inl", "name": "United States Bureau of INL",
                                   "agreement_reference": "INL-26-0042"})
    project = load_project(write_project(tmp_path, example_data))
    library = clauses.load_library(None)
    without = clauses.Library(tuple(c for c in library if c.family != "visibility"))
    (output,) = deed.render(project, without)
    text = body(read(output))
    assert ("The Items bear the emblem of IOM and acknowledge the support of the European "
            "Union, Directorate-General for Partnerships; and the Aldoria Agency for "
            "International Cooperation, as the visibility requirements of the Project "
            "provide.") in text
    assert "United States Bureau" not in text


def test_two_forces_each_get_their_schedule_with_a_total_per_currency(
        tmp_path: Path) -> None:
    import docx
    from qalmaria import qalmaria_project

    project = qalmaria_project(tmp_path)
    outputs = deed.render(project, clauses.load_library(None))
    assert [o.name for o in outputs] == ["drv-esse-police-deed-dpf-esse.docx",
                                         "drv-esse-police-deed-qcg.docx"]
    coast_guard = docx.Document(io.BytesIO(outputs[1].data))
    assert rows(coast_guard)[1:] == [
        ["1", "Rigid inflatable rescue boat, 7.5 m", "—", "1", "USD 68,400.00",
         "USD 68,400.00"],
        ["2", "Handheld marine VHF radio", "—", "12", "EUR 389.90", "EUR 4,678.80"],
        ["", "Total value in USD", "", "", "", "USD 68,400.00"],
        ["", "Total value in EUR", "", "", "", "EUR 4,678.80"],
    ]
    assert ("The Qalmarian Coast Guard, for its Southern Maritime District, under the authority "
            "of the Ministry of Defence of Qalmaria (“the Recipient”).") in body(coast_guard)


def test_each_deed_carries_the_clauses_of_its_own_recipient(tmp_path: Path,
                                                            example_data: dict[str, Any]) -> None:
    """A risk limited to one force puts its clauses into that force's deed only."""
    example_data["recipients"].append({
        "id": "qcg", "name": "Qalmarian Coast Guard", "category": "coast_guard",
        "authority": "Ministry of Defence", "focal_point": {"name": "A. Benchekroun",
                                                           "title": "District Commander"}})
    example_data["activities"].append({
        "id": "radios", "kind": "equipment", "description": "Radios", "recipients": ["qcg"],
        "items": [{"description": "Handheld radio", "quantity": 4, "unit_value": 300,
                   "currency": "USD"}]})
    force = next(r for r in example_data["assessment"]["risks"] if r["id"] == "r-force")
    force["recipients"] = ["dpf-esse"]
    project = load_project(write_project(tmp_path, example_data))
    police, coast_guard = deed.render(project, clauses.load_library())
    police_ids = {s.clause.id for s in police.clauses}
    coast_guard_ids = {s.clause.id for s in coast_guard.clauses}
    assert "detention-treatment" in police_ids
    assert "detention-treatment" not in coast_guard_ids
    # Risks that name no recipient concern both: the misuse clauses are in both deeds.
    assert "items-return-on-misuse" in police_ids & coast_guard_ids


@pytest.mark.parametrize(("language", "cited"), [
    ("en", "Memorandum of Understanding between the International Organization for "
           "Migration, the Ministry of Defence of Kestavia and the Ministry of Interior of "
           "Kestavia concerning the Project"),
    ("fr", "Mémorandum d'accord entre l'Organisation internationale pour les migrations, "
           "le Ministère de la Défense de Kestavie et le Ministère de l'Intérieur de Kestavie "
           "relatif au Projet"),
])
def test_each_deed_cites_the_mou_by_all_its_parties(tmp_path: Path, language: str, cited: str):
    """A coast guard under one ministry and a detention authority under another: the MOU
    is made with both, so each deed cites it between IOM and both, as its title does."""
    from cases import base, retentionist_sea_and_detention

    data = retentionist_sea_and_detention(base())
    data["project"]["language"] = language
    if language == "fr":
        data["recipients"][0]["authority"] = "le Ministère de la Défense de Kestavie"
        data["recipients"][1]["authority"] = "le Ministère de l'Intérieur de Kestavie"
    project = load_project(write_project(tmp_path, data))
    with localized.gathering(project):
        deeds = deed.render(project, clauses.load_library())
    assert len(deeds) == 2
    for output in deeds:
        assert cited in " ".join(body(read(output)).split())
