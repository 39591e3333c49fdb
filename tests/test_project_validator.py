"""Issue 16, point 4: the project's validator compiled from a cached schema.

Warm, cold, corrupt, truncated, hostile, unwritable and switched-off caches give the
same ``hrdd validate`` and ``hrdd assess`` output; the validator built from the cache
reports every error exactly as pydantic's own validator of the project's declared model,
and makes the same values; and a warm command imports no part of pydantic but
pydantic-core.
"""

from __future__ import annotations

import copy
import io
import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Annotated, Any

import pytest
import yaml
from cases import base, high_risk
from pydantic import TypeAdapter, WrapValidator
from pydantic_core import ValidationError

from hrdd_docs import cache, model_schema, project_validator, resources
from hrdd_docs.model import Project, plain_values_language
from hrdd_docs.records import Record

BAD = sorted((Path(__file__).parent / "bad_inputs").glob("*.yaml"))


def _entry(folder: Path) -> Path:
    return folder / project_validator.KIND / f"{project_validator.key()}.bin"


def _run(folder: Path | None, *args: str) -> tuple[int, str, str]:
    """``hrdd ARGS`` in a fresh process, with the cache in ``folder`` (None: cache off)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HRDD_CACHE")}
    if folder is None:
        env["HRDD_CACHE"] = "off"
    else:
        env["HRDD_CACHE_DIR"] = str(folder)
    done = subprocess.run([sys.executable, "-P", "-c", "from hrdd_docs.cli import main; main()",
                           *args], capture_output=True, text=True, env=env)
    return done.returncode, done.stdout, done.stderr


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The example, a blocked project, and invalid projects of several kinds."""
    folder = tmp_path_factory.mktemp("projects")
    blocked = folder / "blocked.yaml"
    blocked.write_text(yaml.safe_dump(high_risk(base())), "utf-8")
    example = folder / "darvonia.yaml"
    example.write_text(resources.read_text("examples", "darvonia", "project.yaml"), "utf-8")
    chosen = [p for p in BAD if p.stem in {"bad-boolean", "bad-currency", "bad-id",
                                           "control-character", "dangling-mitigation-risk"}]
    assert len(chosen) == 5
    return [example, blocked, *chosen]


def _outputs(folder: Path | None, projects: list[Path]) -> list[tuple[int, str, str]]:
    return [_run(folder, command, str(p), *extra) for p in projects
            for command, *extra in (("validate",), ("assess", "--as-of", "2026-03-01"))]


def test_every_state_of_the_cache_gives_the_same_output(
        tmp_path: Path, projects, monkeypatch: pytest.MonkeyPatch):
    off = _outputs(None, projects)
    assert {code for code, _, _ in off} == {0, 2, 3}

    folder = tmp_path / "cache"
    monkeypatch.setenv("HRDD_CACHE_DIR", str(folder))  # for cache.load and store here
    assert _outputs(folder, projects[:1]) == off[:2]  # cold: writes the entry
    entry = _entry(folder)
    assert entry.is_file()
    assert _outputs(folder, projects) == off  # warm

    whole = entry.read_bytes()
    entry.write_bytes(whole[:-100])  # truncated: the sha256 no longer matches
    assert _outputs(folder, projects[:2]) == off[:4]
    assert cache.load(project_validator.KIND, project_validator.key())  # rewritten whole

    entry.write_bytes(whole[:20] + bytes(12) + whole[32:])  # corrupt digest
    assert _outputs(folder, projects[:2]) == off[:4]

    # A well-formed entry with a matching sha256 that names something a schema never
    # does: refused by the unpickler, the model built as without a cache.
    hostile = pickle.dumps(os.system)
    cache.store(project_validator.KIND, project_validator.key(), hostile)
    assert _outputs(folder, projects[:2]) == off[:4]

    # Entries that unpickle but hold no schema, or one pydantic-core refuses.
    for wrong in ({"type": "x"}, ({"type": "x"}, {})):
        cache.store(project_validator.KIND, project_validator.key(), pickle.dumps(wrong))
        assert _outputs(folder, projects[:2]) == off[:4]
        kept = cache.load(project_validator.KIND, project_validator.key())
        assert kept is not None and pickle.loads(kept) != wrong  # noqa: S301 (made again, kept)


def test_an_unwritable_cache_is_ignored(tmp_path: Path, projects):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert _outputs(blocked, projects[:2]) == _outputs(None, projects[:2])


def _errors(validate: Any, data: Any) -> list[dict[str, Any]]:
    try:
        validate(data)
    except ValidationError as err:
        return [{k: repr(v) if k == "ctx" else v for k, v in e.items() if k != "url"}
                for e in err.errors()]
    return []


def _parsed(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text("utf-8"))
    except (yaml.YAMLError, ValueError, RecursionError):  # refused before validation
        return None


def _pydantics_own() -> Any:
    """pydantic's own validator of the declared project model, making pydantic models."""
    declared = model_schema.declared(Project)
    return TypeAdapter(Annotated[declared, WrapValidator(plain_values_language)]).validate_python


def _values(node: Any) -> Any:
    """A section's values as plain data, whether a record or a pydantic model."""
    if isinstance(node, Record) or hasattr(type(node), "__pydantic_fields__"):
        return (type(node).__name__, {k: _values(v) for k, v in vars(node).items()})
    if isinstance(node, list):
        return [_values(v) for v in node]
    return (type(node), getattr(node, "variants", None), node)


def test_the_cached_validator_reports_what_pydantics_own_reports(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("HRDD_CACHE_DIR", str(tmp_path))
    project_validator._schema.cache_clear()
    project_validator.validator.cache_clear()
    project_validator.validator()  # cold: writes the schema
    project_validator._schema.cache_clear()
    project_validator.validator.cache_clear()
    warm = project_validator.validator()
    assert _entry(tmp_path).is_file()
    own_validate = _pydantics_own()
    samples = [_parsed(p) for p in BAD]
    data = base()
    broken = copy.deepcopy(data)
    broken["project"]["start"] = 0
    broken["recipients"][0]["category"] = "polise"
    broken["assessment"] = {"risks": [{"id": "R 1", "likelihood": "hgh", "tags": ["sgbvv"]}]}
    broken["visibility"] = {"branding": 3, "unknown": True}
    french = copy.deepcopy(data)
    french["project"]["language"] = "fr"
    french["project"]["title"] = {"fr": "Appui", "en": "Support"}
    example = yaml.safe_load(resources.read_text("examples", "darvonia", "project.yaml"))
    samples += [data, broken, french, example, None, [], "text", {"project": {"language": "fr"}}]
    compared = valid = 0
    for sample in samples:
        own = _errors(own_validate, sample)
        assert _errors(warm.validate_python, sample) == own
        compared += len(own)
        if not own:
            made = warm.validate_python(sample)
            assert type(made) is Project
            assert _values(made) == _values(own_validate(sample))
            valid += 1
    assert compared > 40 and valid >= 3
    project_validator._schema.cache_clear()
    project_validator.validator.cache_clear()


def test_a_warm_command_imports_no_pydantic_but_pydantic_core(tmp_path: Path):
    example = str(resources.folder("examples", "darvonia", "project.yaml"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("HRDD_CACHE")}
    env["HRDD_CACHE_DIR"] = str(tmp_path)
    code = ("import sys; from hrdd_docs.cli import main\n"
            "try: main()\n"
            "finally: print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "{'pydantic', 'annotated_types', 'typing_inspection'}), file=sys.stderr)")
    commands = [["validate", example], ["assess", example, "--as-of", "2026-03-01"]]
    for run, command in [("cold", commands[0]), ("warm", commands[0]), ("warm", commands[1])]:
        done = subprocess.run([sys.executable, "-P", "-c", code, *command],
                              capture_output=True, text=True, env=env)
        assert done.returncode == 0, done.stderr
        imported = done.stderr.strip().splitlines()[-1]
        assert (imported == "[]") == (run == "warm"), (run, command, imported)


def test_the_unpickler_builds_only_what_a_schema_names():
    for hostile in (os.system, eval, getattr, subprocess.run, Path):
        with pytest.raises(pickle.UnpicklingError):
            project_validator._Unpickler(io.BytesIO(pickle.dumps(hostile))).load()
    payload = cache.load(project_validator.KIND, project_validator.key())
    if payload is not None:
        schema, config = project_validator._Unpickler(io.BytesIO(payload)).load()
        assert isinstance(schema, dict) and isinstance(config, dict)


def test_the_key_changes_with_the_toolkits_code(monkeypatch: pytest.MonkeyPatch):
    before = project_validator.key()
    real = Path.read_bytes

    def changed(path: Path) -> bytes:
        data = real(path)
        return data + b"\n# changed" if path.name == "model.py" else data

    monkeypatch.setattr(Path, "read_bytes", changed)
    assert project_validator.key() != before


PLUGIN = '''
import sys


class Handler:
    def on_enter(self, *args, **kwargs):
        print("plugin saw a validation", file=sys.stderr)


class Plugin:
    def new_schema_validator(self, schema, schema_type, path, kind, config, settings):
        return Handler(), None, None


plugin = Plugin()
'''


def test_a_pydantic_plugin_installed_is_applied_with_a_warm_cache_too(tmp_path: Path):
    site = tmp_path / "site"
    info = site / "fakeplugin-1.0.dist-info"
    info.mkdir(parents=True)
    (site / "fakeplugin.py").write_text(PLUGIN, "utf-8")
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: fakeplugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[pydantic]\nfake = fakeplugin:plugin\n")
    example = str(resources.folder("examples", "darvonia", "project.yaml"))
    folder = tmp_path / "cache"

    def run(cache_folder: Path | None, *, plugin: bool) -> tuple[int, str, str]:
        env = {**os.environ, "PYTHONPATH": str(site)} if plugin else dict(os.environ)
        env = {k: v for k, v in env.items() if not k.startswith("HRDD_CACHE")}
        env.update({"HRDD_CACHE": "off"} if cache_folder is None
                   else {"HRDD_CACHE_DIR": str(cache_folder)})
        code = ("from hrdd_docs import project_validator as p; import sys; "
                "print(p.no_plugins(), file=sys.stderr); "
                "from hrdd_docs.cli import main; main()")
        done = subprocess.run([sys.executable, "-P", "-c", code, "validate", example],
                              capture_output=True, text=True, env=env)
        return done.returncode, done.stdout, done.stderr

    off = run(None, plugin=True)
    assert off[0] == 0 and off[2] == "False\nplugin saw a validation\n"
    assert run(folder, plugin=True) == off  # cold
    assert _entry(folder).is_file()
    assert run(folder, plugin=True) == off  # warm: the plugin still sees it
    assert run(folder, plugin=False) == (0, off[1], "True\n")  # warm, no plugin
