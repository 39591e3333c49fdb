"""``hrdd init``: copy a packaged starter or example project definition, or write a workbook."""

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


WORKBOOK = "ira.xlsx"


def write_workbook(directory: Path, example: str | None, *, force: bool = False,
                   language: str = "en") -> Path:
    """Write ``directory/ira.xlsx``: the blank IRA workbook, or that of an example, its
    sheets, labels and drop-downs in ``language`` (en, fr, es).

    An example's values stay as its project file writes them (with their texts in other
    languages on the Translations sheet). An existing file is kept unless ``force`` is true.
    """
    from hrdd_docs.render import workbook

    target = directory / WORKBOOK
    if target.exists() and not force:
        raise InputError(Problem(str(target), 0, 0, "", "already exists; use --force to "
                                 "replace it"))
    if example is None:
        data = workbook.blank(language)
    else:
        from hrdd_docs import yamlsource
        from hrdd_docs.loading import project_from

        text = resources.read_text("examples", example, "project.yaml")
        project = project_from(yamlsource.parse(text, f"examples/{example}/project.yaml"))
        data = workbook.build(project, language=language)[0]
    directory.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    try:
        partial.write_bytes(data)
        partial.replace(target)  # never a half-written workbook where the user looks
    finally:
        partial.unlink(missing_ok=True)
    return target
