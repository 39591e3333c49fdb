"""Each committed Word template is exactly what its builder script makes (no drift).

Regenerate them all with:  for k in mou deed_of_donation sop visibility_waiver notice; do
python templates/$k/build_template.py; done  (each script writes
template.en.docx, template.fr.docx and template.es.docx)
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from hrdd_docs import resources

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


PER_LANGUAGE = ["mou", "deed_of_donation", "visibility_waiver", "notice", "sop"]
"""Templates written once per language from their text files (template.<lang>.docx)."""


@pytest.mark.parametrize("kind", PER_LANGUAGE)
@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_each_language_template_matches_its_builder_and_texts(kind: str, language: str,
                                                              tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location(f"build_{kind}",
                                                  TEMPLATES / kind / "build_template.py")
    assert spec and spec.loader
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    made = builder.build(tmp_path / "template.docx", language).read_bytes()
    shipped = resources.read_bytes("templates", kind, f"template.{language}.docx")
    assert made == shipped, (f"templates/{kind}/template.{language}.docx is not what "
                             "build_template.py makes from text/{language}.yaml; regenerate "
                             "it (see this module's docstring)")


