"""Shared fixtures: the Darvonia example, a minimal valid project, and the CLI runner."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from hrdd_docs import resources

EXAMPLE = "examples/darvonia/project.yaml"

requires_libreoffice = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) and poppler-utils (pdftotext) are not installed; "
    "install them to run the real-client tests (see README)",
)


@pytest.fixture(scope="session")
def _template_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hrdd-cache")


@pytest.fixture(autouse=True)
def template_cache(_template_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The toolkit's template cache (:mod:`hrdd_docs.cache`) in a temporary folder, one
    for the whole session: tests never write to the user's real cache folder."""
    monkeypatch.setenv("HRDD_CACHE_DIR", str(_template_cache))
    monkeypatch.delenv("HRDD_CACHE", raising=False)
    return _template_cache


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def example_path(tmp_path: Path) -> Path:
    """A copy of the packaged Darvonia example, in a temporary folder."""
    target = tmp_path / "project.yaml"
    target.write_text(resources.read_text("examples", "darvonia", "project.yaml"), "utf-8")
    return target


@pytest.fixture(scope="session")
def darvonia() -> Any:
    """The packaged Darvonia example, loaded once (a Project: treat it as read-only)."""
    from hrdd_docs.loading import load_project

    return load_project(resources.folder("examples", "darvonia", "project.yaml"))


@pytest.fixture
def example_data() -> dict[str, Any]:
    """The Darvonia example as plain data, to change in a test and write back."""
    data = yaml.safe_load(resources.read_text("examples", "darvonia", "project.yaml"))
    return copy.deepcopy(data)


def write_project(tmp_path: Path, data: dict[str, Any], name: str = "project.yaml") -> Path:
    """Write project data as YAML (dates and booleans as YAML writes them)."""
    target = tmp_path / name
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return target
