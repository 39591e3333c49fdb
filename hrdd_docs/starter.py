"""``hrdd init``: copy a packaged starter or example project definition."""

from __future__ import annotations

from pathlib import Path

from hrdd_docs import resources
from hrdd_docs.errors import InputError, Problem


def write_starter(directory: Path, name: str, *, force: bool = False) -> Path:
    """Write ``examples/<name>/project.yaml`` to ``directory/project.yaml``.

    An existing file is kept unless ``force`` is true.
    """
    target = directory / "project.yaml"
    if target.exists() and not force:
        raise InputError(Problem(str(target), 0, 0, "", "already exists; use --force to "
                                 "replace it"))
    text = resources.read_text("examples", name, "project.yaml")
    directory.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target
