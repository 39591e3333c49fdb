"""``hrdd init``: copy a packaged starter or example project definition."""

from __future__ import annotations

from pathlib import Path

from hrdd_docs import resources
from hrdd_docs.errors import InputError, Problem


def write_starter(directory: Path, name: str, *, force: bool = False) -> Path:
    """Write ``examples/<name>/project.yaml`` to ``directory/project.yaml``.

    An existing file is kept unless ``force`` is true.
    """
    from hrdd_docs.files import check_names, write_file

    target = directory / "project.yaml"
    fix = "choose another folder, one you may write to"
    check_names(target, fix)
    if target.exists() and not force:
        raise InputError(Problem(str(target), 0, 0, "", "already exists; use --force to "
                                 "replace it"))
    text = resources.read_text("examples", name, "project.yaml")
    directory.mkdir(parents=True, exist_ok=True)
    write_file(target, text.encode("utf-8"), replace=force, fix=fix,
               exists="use --force to replace it")
    return target
