"""A corpus of bad project definitions: each gives its exact, located message and exit 2.

The files live in ``tests/bad_inputs/``, one mistake each, with the message expected for
each in ``tests/bad_inputs/expected.txt``. Inputs that cannot sit in the repository (a
file over 4 MB, a folder, a missing file) are made here. Files named ``valid*.yaml``
look wrong but are valid: they check what the strict YAML reading keeps as written.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hrdd_docs.cli import cli
from hrdd_docs.loading import load_project
from hrdd_docs.yamlsource import MAX_BYTES

CORPUS = Path(__file__).parent / "bad_inputs"


def _expected() -> dict[str, str]:
    """Parse ``expected.txt``: ``== NAME`` starts a block; the lines below are the message."""
    cases: dict[str, str] = {}
    name = None
    for line in (CORPUS / "expected.txt").read_text("utf-8").splitlines():
        if line.startswith("== "):
            name = line[3:].strip()
            cases[name] = ""
        elif name is not None and line:
            cases[name] += line + "\n"
    return cases


EXPECTED = _expected()
VALID = sorted(p.name for p in CORPUS.glob("valid*.yaml"))


def _validate(runner, name: str):
    result = runner.invoke(cli, ["validate", name])
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def in_corpus(monkeypatch):
    """Run inside the corpus folder, so messages name the file as the user typed it."""
    monkeypatch.chdir(CORPUS)


def test_every_file_in_the_corpus_has_an_expected_message():
    files = {p.name for p in CORPUS.glob("*.yaml")}
    assert files - set(VALID) == set(EXPECTED)
    assert len(EXPECTED) >= 25


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_input(runner, in_corpus, name):
    result = _validate(runner, name)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == EXPECTED[name]


@pytest.mark.parametrize("name", VALID)
def test_valid_input(runner, in_corpus, name):
    result = _validate(runner, name)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == f"{name}: valid (corpus-project)\n"


def test_no_stays_text(in_corpus):
    """YAML 1.1 would read the country code of Norway as false."""
    assert load_project("valid-country-no.yaml").project.country == "NO"


def test_leading_zeros_are_decimal(in_corpus):
    """YAML 1.1 would read 0012 as the octal number 10."""
    assert load_project("valid-quantity-0012.yaml").activities[0].items[0].quantity == 12


def test_vertical_tab_becomes_a_line_break(in_corpus):
    raw = Path("valid-vertical-tab.yaml").read_bytes()
    assert b"the\x0bborder" in raw
    assert load_project("valid-vertical-tab.yaml").project.title == "Support to the\nborder police"


def test_oversized_file(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    valid = (CORPUS / "valid.yaml").read_bytes()
    Path("big.yaml").write_bytes(valid + b"#" * MAX_BYTES)
    result = _validate(runner, "big.yaml")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "big.yaml: file is 4.2 MB, more than the 4 MB limit for a project definition; "
        "is this the right file?\n"
    )


def test_file_at_the_limit_is_read(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    valid = (CORPUS / "valid.yaml").read_bytes()
    Path("padded.yaml").write_bytes(valid + b"#" * (MAX_BYTES - len(valid)))
    assert _validate(runner, "padded.yaml").exit_code == 0


def test_directory(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("my-project").mkdir()
    result = _validate(runner, "my-project")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "my-project: is a folder; give the project definition inside it\n"


def test_missing_file(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = _validate(runner, "projet.yaml")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "projet.yaml: no such file; check the path\n"


@pytest.mark.parametrize("command", ["assess"])
def test_other_commands_report_the_same_way(runner, in_corpus, command):
    result = runner.invoke(cli, [command, "unknown-key-top.yaml"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == EXPECTED["unknown-key-top.yaml"]
