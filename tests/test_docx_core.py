"""The shared Word core: values are data, errors name the template, bytes are stable."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest
from readback import docx_text

from hrdd_docs.errors import InputError
from hrdd_docs.render.docx import (
    ArticleCounter,
    TemplateError,
    paragraphs,
    render_template,
    template_variables,
)

TRICKY = "Sécurité « Esse » & <w:p> \"quoted\" 'single' — مرحبا بكم {{ 7*7 }} {% if %}"


def make_template(path: Path, lines: list[str], header: str = "") -> Path:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    if header:
        document.sections[0].header.paragraphs[0].text = header
    document.save(path)
    return path


def render(template: Path, context: dict[str, object]) -> bytes:
    return render_template(template, context, title="T", subject="S", author="IOM Test",
                           when=date(2026, 2, 2))


@pytest.fixture
def template(tmp_path: Path) -> Path:
    return make_template(tmp_path / "t.docx", [
        "Title: {{ title }}",
        "{%p for para in paras %}",
        "{{ para }}",
        "{%p endfor %}",
        "After the loop.",
    ], header="Ref {{ ref }}")


def test_values_are_data_and_appear_verbatim(template: Path) -> None:
    data = render(template, {"title": TRICKY, "paras": ["One & two", "Three < four"],
                             "ref": "IOM/«1»"})
    text = docx_text(data)
    assert f"Title: {TRICKY}" in text
    assert "Title: 49" not in text
    assert "One & two\nThree < four\nAfter the loop." in text
    assert "Ref IOM/«1»" in text


def test_a_list_of_paragraphs_becomes_paragraphs(template: Path) -> None:
    import docx

    data = render(template, {"title": "x", "paras": paragraphs("First.\n\n\nSecond.\n\n"),
                             "ref": "r"})
    texts = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert texts == ["Title: x", "First.", "Second.", "After the loop."]


def test_same_inputs_give_the_same_bytes(template: Path) -> None:
    context = {"title": "x", "paras": ["a"], "ref": "r"}
    assert render(template, context) == render(template, context)


def test_core_properties_come_from_the_arguments(template: Path) -> None:
    import docx

    data = render(template, {"title": "x", "paras": [], "ref": "r"})
    props = docx.Document(io.BytesIO(data)).core_properties
    assert (props.title, props.subject, props.author, props.last_modified_by) == (
        "T", "S", "IOM Test", "IOM Test")
    assert props.created.date() == props.modified.date() == date(2026, 2, 2)
    assert props.revision == 1
    assert props.last_printed is None
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_an_undefined_variable_names_the_template(template: Path) -> None:
    with pytest.raises(InputError, match=r"t\.docx: 'ref' is undefined"):
        render(template, {"title": "x", "paras": []})


def test_a_none_value_is_refused(template: Path) -> None:
    with pytest.raises(InputError, match=r"t\.docx: a template printed a value that is empty"):
        render(template, {"title": None, "paras": [], "ref": "r"})


def test_markup_broken_by_a_value_raises_instead_of_dropping_text(tmp_path: Path) -> None:
    # |safe switches escaping off: the value then breaks the XML, which docxtpl would
    # otherwise "recover" by silently deleting the rest of the document.
    broken = make_template(tmp_path / "b.docx", ["{{ value|safe }}", "Text after."])
    with pytest.raises(InputError, match=r"b\.docx: a value broke the document's markup"):
        render(broken, {"value": "</w:t></w:r></w:p><w:p>"})


def test_a_missing_template_is_a_template_error(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="cannot open the Word template"):
        render(tmp_path / "missing.docx", {})


def test_template_variables_lists_body_and_header_names(template: Path) -> None:
    assert template_variables(template) == {"title", "paras", "ref"}


def test_article_counter_numbers_articles_and_sections() -> None:
    article = ArticleCounter()
    assert article() == "1"
    assert [article.sub(), article.sub()] == ["1.1", "1.2"]
    assert article() == "2"
    assert article.sub() == "2.1"
    french = ArticleCounter("fr")
    assert [french(), french.sub(), french()] == ["premier", "1.1", "2"]
