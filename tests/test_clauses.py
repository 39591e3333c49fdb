"""Clause selection and rendering: each family fires when it should and not otherwise."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from hrdd_docs import clauses
from hrdd_docs.clauses import DOCUMENTS, FAMILIES, select, selection
from hrdd_docs.errors import InputError
from hrdd_docs.model import Project

Data = dict[str, Any]


def quiet(example_data: Data) -> Data:
    """Darvonia with nothing that triggers a clause: exempt support only, no tags, no items,
    no phases, low rating, abolitionist country, standard branding, no clause named, and a
    recipient that uses no force itself (the authority commanding a force)."""
    data = copy.deepcopy(example_data)
    data["activities"] = [a for a in data["activities"] if a["id"] == "hr-sensitization"]
    data["phases"] = []
    data["recipients"][0]["category"] = "civilian_authority"
    for risk in data["assessment"]["risks"]:
        risk["tags"] = []
    data["assessment"]["final"]["rating"] = "low"
    data["preconditions"]["death_penalty"]["country_status"] = "abolitionist"
    data["visibility"]["branding"] = "standard"
    for mitigation in data["mitigations"]:
        mitigation.pop("clauses", None)
    return data


def ids(project: Project, document: str) -> list[str]:
    return [s.clause.id for s in select(project, document)]


def tag(data: Data, *tags: str) -> None:
    data["assessment"]["risks"][0]["tags"] = list(tags)


def support(kind: str = "training", items: bool = False) -> Callable[[Data], None]:
    def change(data: Data) -> None:
        activity: Data = {"id": "extra", "kind": kind, "description": "Extra support",
                          "recipients": ["dpf-esse"]}
        if items:
            activity["items"] = [{"description": "Pick-up truck", "quantity": 1,
                                  "unit_value": "30000", "currency": "USD"}]
        data["activities"].append(activity)
    return change


def name_clause(clause_id: str) -> Callable[[Data], None]:
    def change(data: Data) -> None:
        data["mitigations"][0]["clauses"] = [clause_id]
    return change


def setting(*path: Any, value: Any) -> Callable[[Data], None]:
    def change(data: Data) -> None:
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return change


def phased(trial: bool = False) -> Callable[[Data], None]:
    """Items handed over in a second phase, on a condition (the first may be a trial)."""
    def change(data: Data) -> None:
        support("equipment", items=True)(data)
        data["activities"][-1]["phase"] = "later"
        data["phases"] = [{"id": "first", "trial": trial},
                          {"id": "later", "condition": "the first phase went well"}]
    return change


def data_items(data: Data) -> None:
    support("digital_identity", items=True)(data)
    data["activities"][-1].update(personal_data=True, biometric_data=True)


def category(value: str) -> Callable[[Data], None]:
    return setting("recipients", 0, "category", value=value)


def both(*changes: Callable[[Data], None]) -> Callable[[Data], None]:
    def change(data: Data) -> None:
        for one in changes:
            one(data)
    return change


# family, clause, the change that triggers it
CASES: list[tuple[str, str, Callable[[Data], None]]] = [
    ("conditionality", "cond-general", support()),
    ("conditionality", "cond-unit-level", lambda d: tag(d, "unit_record")),
    ("conditionality", "cond-phased-delivery", phased()),
    ("conditionality", "cond-phased-items", phased()),
    ("conditionality", "cond-pilot", phased(trial=True)),
    ("private_security", "psc-contracting-authority", category("private_security")),
    ("private_security", "psc-contractor", category("private_security")),
    ("no_weapons", "weapons-none", support("equipment")),
    ("no_weapons", "weapons-items-unarmed", support("transport", items=True)),
    ("no_combat_use", "combat-no-hostilities",
     setting("recipients", 0, "category", value="military")),
    ("no_combat_use", "combat-no-hostilities", lambda d: tag(d, "combat_use")),
    ("death_penalty", "dp-non-use",
     setting("preconditions", "death_penalty", "country_status", value="retentionist")),
    ("death_penalty", "dp-after-project", lambda d: tag(d, "death_penalty")),
    ("death_penalty", "dp-facilities",
     both(support("construction"), lambda d: tag(d, "death_penalty"))),
    ("donated_items", "items-permitted-use", support("equipment", items=True)),
    ("donated_items", "items-return-on-misuse", support("equipment", items=True)),
    ("donated_items", "items-future-donations", support("equipment", items=True)),
    ("donated_items", "items-no-transfer",
     both(support("equipment", items=True), lambda d: tag(d, "misuse_of_items"))),
    ("donated_items", "items-after-project",
     both(support("equipment", items=True), lambda d: tag(d, "post_project_use"))),
    ("screening_exclusion", "screen-individuals", lambda d: tag(d, "extrajudicial_killing")),
    ("screening_exclusion", "screen-units", lambda d: tag(d, "unit_record")),
    ("screening_exclusion", "screen-commanders", lambda d: tag(d, "impunity")),
    ("screening_exclusion", "psc-vetting", category("private_security")),
    ("training_conduct", "train-human-rights", support("mentoring")),
    ("training_conduct", "conduct-code",
     setting("assessment", "final", "rating", value="medium")),
    ("training_conduct", "conduct-no-extortion", lambda d: tag(d, "corruption")),
    ("training_conduct", "train-items-users", support("mentoring")),
    ("training_conduct", "conduct-items-code",
     setting("assessment", "final", "rating", value="medium")),
    ("training_conduct", "conduct-items-no-extortion", lambda d: tag(d, "corruption")),
    ("gender", "gender-female-officer", name_clause("gender-female-officer")),
    ("gender", "gender-sgbv", lambda d: tag(d, "sgbv")),
    ("gender", "gender-non-discrimination", lambda d: tag(d, "discrimination")),
    ("gender", "gender-items-sgbv", lambda d: tag(d, "sgbv")),
    ("use_of_force", "force-principles", lambda d: tag(d, "excessive_force")),
    ("use_of_force", "force-principles", category("police")),
    ("use_of_force", "force-private-security", category("private_security")),
    ("use_of_force", "force-reporting", both(lambda d: tag(d, "excessive_force"), setting(
        "assessment", "final", "rating", value="high"))),
    ("detention", "detention-treatment", lambda d: tag(d, "torture")),
    ("detention", "detention-treatment",
     setting("recipients", 0, "category", value="detention_authority")),
    ("detention", "detention-treatment", both(support("construction"), setting(
        "activities", -1, "holds_people", value=True))),
    ("detention", "detention-migrants", category("detention_authority")),
    ("detention", "detention-migrants", lambda d: tag(d, "immigration_detention")),
    ("detention", "detention-no-arbitrary", lambda d: tag(d, "arbitrary_detention")),
    ("detention", "detention-register-access",
     both(support("construction"), lambda d: tag(d, "detention_conditions"))),
    ("protection", "protect-non-refoulement", lambda d: tag(d, "refoulement")),
    ("protection", "protect-children", lambda d: tag(d, "child_rights")),
    ("protection", "protect-non-refoulement", category("coast_guard")),
    ("rescue_border", "border-rescue-at-sea", category("coast_guard")),
    ("rescue_border", "border-rescue-at-sea", lambda d: tag(d, "sea_rescue")),
    ("rescue_border", "border-no-pushback", category("border_control")),
    ("rescue_border", "border-no-pushback", lambda d: tag(d, "pushback")),
    ("rescue_border", "border-asylum-access", category("detention_authority")),
    ("rescue_border", "border-identification-referral", category("border_control")),
    ("data_protection", "data-collection-processing",
     setting("activities", 0, "personal_data", value=True)),
    ("data_protection", "data-storage-analysis", lambda d: tag(d, "personal_data")),
    ("data_protection", "data-sharing-disposal",
     setting("activities", 0, "data_shared_with_recipient", value=True)),
    ("data_protection", "data-biometric-surveillance",
     setting("activities", 0, "biometric_data", value=True)),
    ("data_protection", "data-items", data_items),
    ("visibility", "vis-minimal-branding", setting("visibility", "branding", value="minimal")),
    ("visibility", "vis-no-branding", setting("visibility", "branding", value="none")),
    ("visibility", "vis-no-use-of-name", lambda d: tag(d, "reputational")),
    ("monitoring", "mon-reporting-periodic", support()),
    ("monitoring", "mon-access-notice", support()),
    ("monitoring", "mon-grievance", name_clause("mon-grievance")),
    ("accountability", "acc-cooperate-investigations", lambda d: tag(d, "impunity")),
    ("accountability", "acc-corrective-measures",
     setting("assessment", "final", "rating", value="high")),
    ("non_compliance", "nc-intercession", support()),
    ("non_compliance", "nc-suspension", support()),
    ("non_compliance", "nc-cessation", support()),
    ("non_compliance", "nc-un-mechanism",
     both(setting("country_mechanism", "exists", value=True),
          setting("country_mechanism", "iom_participates", value=True))),
]


def test_the_quiet_project_selects_nothing(example_data: Data) -> None:
    project = Project.model_validate(quiet(example_data))
    assert selection(project) == {"mou": [], "deed": []}


@pytest.mark.parametrize(("family", "clause_id", "change"), CASES,
                         ids=[f"{f}:{c}:{i}" for i, (f, c, _) in enumerate(CASES)])
def test_each_family_fires_on_its_facts(example_data: Data, family: str, clause_id: str,
                                        change: Callable[[Data], None]) -> None:
    data = quiet(example_data)
    change(data)
    project = Project.model_validate(data)
    clause = clauses.load_library().get(clause_id)
    assert clause is not None and clause.family == family
    for document in clause.documents:
        chosen = {s.clause.id: s for s in select(project, document)}
        assert clause_id in chosen, document
        assert chosen[clause_id].reasons, "every chosen clause says why"


def test_every_family_is_covered_by_the_cases() -> None:
    assert {family for family, _, _ in CASES} == set(FAMILIES)


def test_library_has_enough_clauses_for_every_document() -> None:
    library = clauses.load_library()
    assert len(library) >= 30
    for family, (_, documents) in FAMILIES.items():
        for document in documents:
            assert any(c.family == family and document in c.documents for c in library)


def test_darvonia_selects_the_expected_clauses(example_data: Data) -> None:
    project = Project.model_validate(example_data)
    mou, deed = ids(project, "mou"), ids(project, "deed")
    for expected in ("gender-female-officer", "cond-unit-level", "screen-units",
                     "dp-non-use", "dp-after-project", "items-return-on-misuse",
                     "items-future-donations", "data-collection-processing",
                     "data-sharing-disposal", "vis-minimal-branding", "mon-reporting-quarterly",
                     "force-principles", "detention-treatment", "acc-cooperate-investigations",
                     "nc-intercession", "nc-suspension", "nc-cessation"):
        assert expected in mou, expected
    for expected in ("items-permitted-use", "items-return-on-misuse", "dp-after-project",
                     "vis-minimal-branding", "screen-units"):
        assert expected in deed, expected
    for absent in ("mon-reporting-monthly", "mon-reporting-periodic", "vis-no-branding",
                   "combat-no-hostilities", "cond-pilot", "nc-un-mechanism"):
        assert absent not in mou + deed, absent


@pytest.mark.parametrize(("rating", "reporting", "access"), [
    ("low", "mon-reporting-periodic", "mon-access-notice"),
    ("medium", "mon-reporting-quarterly", "mon-access-notice"),
    ("high", "mon-reporting-monthly", "mon-access-unannounced"),
])
def test_variants_follow_the_rating_and_exclude_each_other(
    example_data: Data, rating: str, reporting: str, access: str
) -> None:
    example_data["assessment"]["final"]["rating"] = rating
    project = Project.model_validate(example_data)
    library = clauses.load_library()
    for document in DOCUMENTS:
        chosen = select(project, document)
        groups = [s.clause.variant_group for s in chosen if s.clause.variant_group]
        assert len(groups) == len(set(groups)), f"two variants of one group in {document}"
        chosen_ids = [s.clause.id for s in chosen]
        assert reporting in chosen_ids and access in chosen_ids
        others = [c.id for c in library if c.variant_group in {"reporting", "access"}
                  and c.id not in (reporting, access)]
        assert not set(others) & set(chosen_ids)


def test_stronger_variant_says_which_it_replaced(example_data: Data) -> None:
    project = Project.model_validate(example_data)
    chosen = {s.clause.id: s for s in select(project, "mou")}
    assert chosen["mon-reporting-quarterly"].reasons == (
        "final rating is medium",
        "stronger variant, chosen instead of mon-reporting-periodic",
    )


def test_order_is_by_family_then_article_and_stable(example_data: Data) -> None:
    project = Project.model_validate(example_data)
    first = select(project, "mou")
    assert [s.clause.order for s in first] == sorted(s.clause.order for s in first)
    families = [s.clause.family for s in first]
    assert families == sorted(families, key=list(FAMILIES).index)
    assert select(project, "mou") == first
    assert list(clauses.FAMILY_TITLES) == list(FAMILIES)


def test_mitigation_naming_a_clause_selects_it_with_the_reason(example_data: Data) -> None:
    project = Project.model_validate(example_data)
    chosen = {s.clause.id: s for s in select(project, "mou")}
    assert chosen["gender-female-officer"].reasons == (
        "mitigation m-female-officer names this clause",)


def test_mitigation_naming_an_unknown_clause_is_an_input_error(example_data: Data) -> None:
    example_data["mitigations"][2]["clauses"] = ["gender-female-oficer"]
    project = Project.model_validate(example_data)
    with pytest.raises(InputError) as caught:
        select(project, "mou")
    assert str(caught.value) == (
        "project definition mitigations[2].clauses[0]: mitigation 'm-female-officer' names "
        "unknown clause 'gender-female-oficer'; `hrdd clauses list` shows the clause ids")


def test_rendered_text_fills_variables_and_keeps_paragraphs(example_data: Data) -> None:
    project = Project.model_validate(example_data)
    mou = {s.clause.id: s for s in select(project, "mou")}
    deed = {s.clause.id: s for s in select(project, "deed")}
    after = mou["dp-after-project"].text
    assert after.startswith("The Authority shall ensure that nothing provided under this "
                            "Memorandum, whether material or structural support, is ever used")
    assert "after the project ends on 31 August 2027" in after
    assert after.endswith("\n\nThis obligation survives the expiry or termination of this "
                          "Memorandum.")
    assert deed["dp-after-project"].text.startswith("The Recipient shall ensure")
    assert "{{" not in after and "\n\n\n" not in after
    assert "every three months" in mou["cond-unit-level"].text
    assert deed["items-permitted-use"].text.startswith(
        "The Items shall be used only by the personnel of the force or unit to which they are "
        "donated, and only for community policing in the Natite IDP site and its "
        "surroundings.\n\n")
    assert mou["items-permitted-use"].text.startswith("The donated items shall be used only")
    paragraphs = mou["detention-treatment"].text.split("\n\n")
    assert [p[:3] for p in paragraphs[1:]] == ["(a)", "(b)", "(c)", "(d)", "(e)"]


def test_project_values_are_data_never_rendered(example_data: Data) -> None:
    example_data["project"]["locations"] = ["{{ 7*7 }} <w:p> & « Sécurité »"]
    example_data["activities"][1].pop("use_restriction")
    project = Project.model_validate(example_data)
    text = {s.clause.id: s.text for s in select(project, "deed")}["items-permitted-use"]
    assert "in {{ 7*7 }} <w:p> & « Sécurité »." in text
    assert "49" not in text


def test_no_finding_or_risk_text_reaches_a_clause(example_data: Data) -> None:
    """Clause texts use only the documented context: findings never leak."""
    marker = "LEAK-MARKER"
    for element in example_data["assessment"]["elements"].values():
        element["findings"] = marker
    for risk in example_data["assessment"]["risks"]:
        risk["description"] = marker
        risk["affected_groups"] = [marker]
    example_data["assessment"]["final"]["rationale"] = marker
    for mitigation in example_data["mitigations"]:
        mitigation["description"] = marker
    project = Project.model_validate(example_data)
    for chosen in selection(project).values():
        for entry in chosen:
            assert marker not in entry.text
    assert set(clauses.context(project, "mou")) == set(clauses.CONTEXT_VARIABLES)


def test_unknown_document_is_refused(example_data: Data) -> None:
    with pytest.raises(InputError, match="document: unknown document 'sop'; use mou or deed"):
        select(Project.model_validate(example_data), "sop")


def test_no_clause_title_repeats_its_family_heading() -> None:
    """A document prints the family heading above the clause titles: they must differ."""
    for clause in clauses.load_library():
        assert clause.title != clauses.FAMILY_TITLES[clause.family], clause.id


def test_every_clause_names_the_seed_section_it_rests_on() -> None:
    """Issue 13: each clause's source cites the HRDDP Toolkit by Action, Box or footnote."""
    import re

    for clause in clauses.load_library():
        assert re.search(r"\b(Action [1-7]|Box [1-7]|footnote \d+)", clause.source), clause.id
