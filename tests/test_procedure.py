"""Box 7 checklist, risk level, results and the country-mechanism variant (issue 6)."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import write_project

from hrdd_docs import procedure
from hrdd_docs.loading import load_project

SHEET_DATE = date(2026, 11, 27)  # periods 1 and 2 of the example have ended


def _project(tmp_path, data):
    return load_project(write_project(tmp_path, data))


def _check(tmp_path, data, index):
    return procedure.checklist(_project(tmp_path, data), SHEET_DATE)[index]


def test_darvonia_checklist_is_ticked(example_path):
    checks = procedure.checklist(load_project(example_path), SHEET_DATE)
    assert [(c.label, c.done, c.missing) for c in checks] == [
        ("Risk assessment completed", True, ()),
        ("Mitigation measures integrated", True, ()),
        ("Due diligence monitoring ongoing", True, ()),
    ]


def test_darvonia_risk_level_is_medium_high(example_path):
    assert procedure.risk_level(load_project(example_path)) == "Medium/High"


def test_element_unrated_unticks_assessment(tmp_path, example_data):
    del example_data["assessment"]["elements"]["legal_framework"]["rating"]
    check = _check(tmp_path, example_data, 0)
    assert not check.done
    assert check.missing == (
        "element 'Legislative framework and applicable standards' has no rating "
        "(assessment.elements.legal_framework.rating)",
    )


def test_final_unrated_unticks_assessment(tmp_path, example_data):
    del example_data["assessment"]["final"]["rating"]
    project = _project(tmp_path, example_data)
    check = procedure.assessment_check(project)
    assert check.missing == ("the final assessment has no rating (assessment.final.rating)",)
    assert procedure.risk_level(project) == "Not rated"


def test_missing_endorsement_unticks_assessment(tmp_path, example_data):
    del example_data["assessment"]["endorsement"]
    check = _check(tmp_path, example_data, 0)
    assert check.missing == (
        "the Head of Office has not endorsed the assessment (assessment.endorsement)",
    )


def test_unmitigated_risk_unticks_mitigation(tmp_path, example_data):
    example_data["mitigations"] = [
        m for m in example_data["mitigations"] if m["id"] != "m-use-of-force"
    ]
    example_data["mitigations"][4]["addresses"] = ["r-vawg", "r-ejk"]  # m-grievance
    check = _check(tmp_path, example_data, 1)
    assert not check.done
    assert check.missing == (
        "risk 'r-force' is medium and no mitigation addresses it (assessment.risks[4])",
    )


def test_measure_not_integrated_unticks_mitigation(tmp_path, example_data):
    example_data["mitigations"][2]["integrated"] = False
    check = _check(tmp_path, example_data, 1)
    assert check.missing == (
        "measure 'm-female-officer' is not integrated into the plan of activities "
        "(mitigations[2].integrated)",
    )


def test_no_measures_at_all_unticks_mitigation(tmp_path, example_data):
    example_data["mitigations"] = []
    example_data["assessment"]["risks"] = []
    check = _check(tmp_path, example_data, 1)
    assert check.missing == (
        "the final rating is medium and no mitigation measure is defined (mitigations)",
    )


def test_no_indicators_means_no_one_monitors(tmp_path, example_data):
    example_data["monitoring"]["indicators"] = []
    check = _check(tmp_path, example_data, 2)
    assert not check.done
    assert check.missing == (
        "no monitoring indicator is defined, so Kasheea Atalla has nothing to monitor "
        "(monitoring.indicators)",
    )


def test_indicators_of_one_kind_only(tmp_path, example_data):
    indicators = example_data["monitoring"]["indicators"]
    example_data["monitoring"]["indicators"] = [i for i in indicators if i["kind"] == "mitigation"]
    check = _check(tmp_path, example_data, 2)
    assert check.missing == (
        "no indicator counts violations by the recipients "
        "(monitoring.indicators, kind: violations)",
    )


def test_missing_results_for_ended_periods(example_path):
    project = load_project(example_path)
    assert procedure.monitoring_check(project, date(2026, 5, 30)).done  # no period ended yet
    check = procedure.monitoring_check(project, date(2027, 3, 1))
    every = "i-grave, i-complaints, i-training, i-grievance-awareness, i-female-officer"
    assert check.missing == (
        f"no result is recorded for period 3 ({every}) and period 4 ({every}), ended by "
        "2027-03-01; record each indicator's result for every period that has ended "
        "(monitoring.indicators[].results)",
    )


@pytest.mark.parametrize(
    ("final", "elements", "expected"),
    [
        ("medium", {"recipient_record": "high"}, "Medium/High"),
        ("high", {"recipient_record": "high"}, "High"),
        ("low", {"recipient_record": "medium"}, "Low/Medium"),
        ("medium", {}, "Medium"),
    ],
)
def test_risk_level(tmp_path, example_data, final, elements, expected):
    example_data["assessment"]["final"]["rating"] = final
    example_data["assessment"]["elements"] = {
        name: {"rating": rating} for name, rating in elements.items()
    }
    assert procedure.risk_level(_project(tmp_path, example_data)) == expected


def test_four_courses_of_action():
    assert procedure.courses_of_action() == [
        "Address through strengthening of mitigation measures",
        "Address through reporting to the appropriate oversight or accountability body",
        "Address through the agreed communication channels with the focal point",
        "Address through exclusion of specific individuals or units",
    ]


def test_without_mechanism_the_com_agrees_to_cease(example_path):
    project = load_project(example_path)
    authority = procedure.mechanism(project)
    assert not authority.country_sops
    assert authority.who_communicates_cessation == "Amara Okonjo"
    outcome = procedure.results(project)
    assert outcome.a_action == "Continue the activities, or resume them if they were suspended."
    assert "cease only with the COM's agreement" in outcome.b_continuing


def test_country_mechanism_variant(tmp_path, example_data):
    example_data["country_mechanism"] = {
        "exists": True, "iom_participates": True, "gpraf_available": True,
        "senior_un_official": "the Resident Coordinator", "sop_reference": "RC/HRDDP/SOP/2024",
    }
    project = _project(tmp_path, example_data)
    authority = procedure.mechanism(project)
    assert authority.country_sops
    assert authority.who_communicates_cessation == "the Resident Coordinator"
    assert authority.note.startswith(
        "A UN HRDDP country mechanism exists and IOM participates in it: the HRDDP country "
        "SOPs (RC/HRDDP/SOP/2024) apply, and the Resident Coordinator formally communicates"
    )
    assert procedure.results(project).b_continuing == (
        "If the violations continue: the COM raises the case under the HRDDP country SOPs "
        "(RC/HRDDP/SOP/2024); cessation is agreed there and the Resident Coordinator "
        "communicates it."
    )


def test_mechanism_without_iom_keeps_internal_procedure(tmp_path, example_data):
    example_data["country_mechanism"] = {"exists": True, "iom_participates": False}
    authority = procedure.mechanism(_project(tmp_path, example_data))
    assert not authority.country_sops
    assert authority.note.startswith("A UN HRDDP country mechanism exists but IOM does not")


def test_unnamed_official_is_described(tmp_path, example_data):
    example_data["country_mechanism"] = {"exists": True, "iom_participates": True}
    authority = procedure.mechanism(_project(tmp_path, example_data))
    assert authority.who_communicates_cessation == (
        "the most senior United Nations official in the country"
    )


def test_focal_point_rank(example_path):
    focal = load_project(example_path).recipients[0].focal_point
    assert procedure.with_rank(focal) == "Commander Itano Selsami, Commander of Esse Province"


def test_default_communication_names_the_people(tmp_path, example_data):
    del example_data["procedure"]["communication"]
    assert procedure.communication(_project(tmp_path, example_data)) == (
        "Kasheea Atalla informs the Programme Manager (Ilse Varga) in writing as soon as a "
        "violation is detected, and the Programme Manager informs the Chief of Mission "
        "(Amara Okonjo)."
    )


def test_a_name_that_already_carries_a_rank_gets_none_in_front():
    from hrdd_docs.model import Person

    focal = Person(name="Capitaine de frégate Amélie Benchekroun-Faure",
                   title="Commander of the Southern Maritime District")
    assert procedure.with_rank(focal) == (
        "Capitaine de frégate Amélie Benchekroun-Faure, Commander of the Southern Maritime "
        "District")
    assert procedure.with_rank(Person(name="Col. Ana Ruiz", title="Colonel, Border Police")) \
        == "Col. Ana Ruiz, Colonel, Border Police"
