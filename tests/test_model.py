"""The project model (hrdd_docs.model) and its vocabularies (hrdd_docs.vocabulary)."""

from __future__ import annotations

import copy
import pickle
from typing import Any

import pytest
from pydantic_core import ValidationError

from hrdd_docs.model import Activity, Person, Project, Risk, Visibility
from hrdd_docs.records import Record
from hrdd_docs.vocabulary import (
    Element,
    MitigationType,
    Rating,
    RecipientCategory,
    SupportKind,
    risk_tags,
)


def _risk(likelihood: str, impact: str) -> Risk:
    return Risk.model_validate({
        "id": "r", "description": "d", "element": "project_risks",
        "likelihood": likelihood, "impact": impact,
    })


@pytest.mark.parametrize(
    ("likelihood", "impact", "score", "level"),
    [("low", "low", 1, "low"), ("low", "medium", 2, "low"), ("low", "high", 3, "medium"),
     ("medium", "medium", 4, "medium"), ("medium", "high", 6, "high"),
     ("high", "high", 9, "high")],
)
def test_risk_score_and_level(likelihood, impact, score, level):
    risk = _risk(likelihood, impact)
    assert (risk.score, risk.level) == (score, Rating(level))


def test_text_keeps_what_the_user_wrote():
    text = "Appui à la police — « <w:p> » & {{ x }} \u0627\u0644\u0634\u0631\u0637\u0629\t\r\n"
    assert Person(name=text, title="t").name == text


def test_vertical_tab_becomes_a_line_break():
    assert Person(name="a\x0bb", title="t").name == "a\nb"


@pytest.mark.parametrize(("char", "what"), [("\x00", "control character U+0000"),
                                            ("\x0c", "control character U+000C"),
                                            ("\x1f", "control character U+001F"),
                                            ("\uffff", "character U+FFFF")])
def test_text_refuses_what_a_document_cannot_hold(char, what):
    with pytest.raises(ValidationError) as caught:
        Person(name=f"ab{char}", title="t")
    assert caught.value.errors()[0]["loc"] == ("name",)
    assert f"contains the {what} at position 3, which a document cannot hold; delete it" in str(
        caught.value
    )


@pytest.mark.parametrize("value", ["true", "True", "TRUE", "yes", True])
def test_yes_values(value):
    activity = Activity.model_validate({
        "id": "a", "kind": "training", "description": "d", "recipients": ["r"],
        "personal_data": value,
    })
    assert activity.personal_data is True


@pytest.mark.parametrize("value", ["drv-esse", "a", "0-1", "x" * 63])
def test_good_ids(value):
    assert Visibility(donors=[value]).donors == [value]


@pytest.mark.parametrize("value", ["Drv", "a b", "-a", "a_b", "x" * 64, "é"])
def test_bad_ids(value):
    with pytest.raises(ValidationError):
        Visibility(donors=[value])


def test_unknown_keys_are_errors():
    with pytest.raises(ValidationError) as caught:
        Person.model_validate({"name": "n", "title": "t", "phone": "1"})
    assert caught.value.errors()[0]["type"] == "extra_forbidden"


def test_waiver_requested_unless_standard_branding():
    assert not Visibility().waiver_requested
    assert Visibility(branding="minimal").waiver_requested
    assert Visibility(branding="none").waiver_requested


def test_lookups(example_data: dict[str, Any]):
    project = Project.model_validate(example_data)
    assert project.recipient("dpf-esse").focal_point.title == "Commander of Esse Province"
    assert [m.id for m in project.mitigations_for("r-vawg")]
    assert project.mitigations_for("no-such-risk") == []


def test_elements_in_the_order_of_action_4(example_data: dict[str, Any]):
    project = Project.model_validate(example_data)
    assert [e for e, _ in project.assessment.elements.items()] == list(Element)
    assert len(list(Element)) == 8  # the ninth is the final assessment


def test_vocabularies_match_the_toolkit():
    assert len(list(MitigationType)) == 8  # Action 5
    assert len(list(RecipientCategory)) == 13  # Action 1 definitions
    assert {k for k in SupportKind if k.exempt} == {
        SupportKind.human_rights_training, SupportKind.standard_setting,
        SupportKind.compliance_engagement, SupportKind.mediation, SupportKind.medevac,
    }


def test_labels():
    assert RecipientCategory.coast_guard.label == "coast guard and port security"
    assert RecipientCategory.police.label == "police"
    assert MitigationType.project_design.label == "project design"
    assert Element.death_penalty.label == (
        "Death penalty and possible contribution to its enforcement"
    )


def test_risk_tag_vocabulary_is_documented():
    tags = risk_tags()
    assert {"sgbv", "extrajudicial_killing", "misuse_of_items", "death_penalty"} <= set(tags)
    assert all(meaning.strip() for meaning in tags.values())


def test_unknown_risk_tag_suggests_the_closest():
    with pytest.raises(ValidationError) as caught:
        Risk.model_validate({
            "id": "r", "description": "d", "element": "project_risks",
            "likelihood": "low", "impact": "low", "tags": ["sgvb"],
        })
    assert (
        "unknown risk tag 'sgvb'; did you mean 'sgbv'? `hrdd clauses tags` lists the tags you "
        "can use"
    ) in str(caught.value)


def test_json_schema_forbids_unknown_keys():
    schema = Project.model_json_schema()
    assert schema["additionalProperties"] is False
    assert all(d.get("additionalProperties") is False for d in schema["$defs"].values()
               if d.get("type") == "object")


def test_plain_values_are_in_the_projects_language(example_data: dict[str, Any]):
    """The whole project is read with ``project.language`` known first: a value given per
    language is, as text, its project-language text, and only that text is required."""
    data = copy.deepcopy(example_data)
    data["project"]["language"] = "fr"
    data["project"]["title"] = {"es": "Apoyo a la policía", "fr": "Appui à la police"}
    data["recipients"][0]["name"] = "Police de la province d'Esse"
    project = Project.model_validate(data)
    assert str(project.project.title) == "Appui à la police"
    assert project.project.title.variants == {"fr": "Appui à la police",
                                              "es": "Apoyo a la policía"}
    assert project.recipients[0].name.variants == {}  # plain: the project's language

    data["project"]["language"] = "en"
    with pytest.raises(ValidationError, match="has no en text, the project's language"):
        Project.model_validate(data)


def test_sections_compare_copy_and_print_as_models(example_data: dict[str, Any]):
    project = Project.model_validate(example_data)
    again = Project.model_validate(copy.deepcopy(example_data))
    assert project == again and project is not again
    assert project != project.model_copy(update={"recipients": []})
    copied = project.model_copy(deep=True)
    assert copied == project and copied.recipients[0] is not project.recipients[0]
    shallow = project.model_copy()
    assert shallow == project and shallow.recipients is project.recipients
    assert pickle.loads(pickle.dumps(project)) == project  # noqa: S301 (our own bytes)
    assert repr(project.recipients[0]).startswith("Recipient(id=")
    assert project.model_fields_set >= {"project", "recipients"}
    with pytest.raises(TypeError):
        hash(project)


def test_a_section_called_validates_and_model_construct_does_not():
    with pytest.raises(ValidationError, match="at least 1 character"):
        Person(name="", title="Commander")
    made = Person.model_construct(name="")
    assert made.name == "" and made.organization is None
    assert Person(name="A", title="B") == Person.model_validate({"name": "A", "title": "B"})


def test_a_record_is_declared_with_its_annotations_as_text():
    with pytest.raises(TypeError, match="from __future__ import annotations"):
        type("Loose", (Record,), {"__annotations__": {"name": str}})
