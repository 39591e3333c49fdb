"""Capture the data the toolkit puts into its documents, for the bare-library floor.

Run once before timing (``run.py`` does it): it builds the Darvonia dossier in process,
records every context handed to docxtpl (template path and values) and reads the cells,
styles, widths, validations and print set-up back from the IRA workbook. The result is
a JSON file that :mod:`floor_build` renders with docxtpl and openpyxl alone, so the
floor does the same rendering work as ``hrdd build`` with none of the toolkit's
loading, validation, assessment, clause selection or checks.

It also records the libraries ``hrdd build`` imports (every top-level package outside
the standard library that a fresh ``hrdd build`` process loads, found by running one),
because the issue's floor "imports the same libraries": importing click, PyYAML or
pydantic is a cost of the libraries, not of the toolkit's code.

Usage: python benchmarks/floor_data.py PROJECT.yaml OUT.json
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any


def capture(project_file: Path) -> dict[str, Any]:
    """Build ``project_file`` in process and return the floor's input as plain data."""
    import openpyxl

    from hrdd_docs import dossier
    from hrdd_docs.render import deed, docx, mou

    documents: list[dict[str, Any]] = []
    original = docx.render_template

    def recording(template: Any, context: dict[str, Any], **kwargs: Any) -> bytes:
        documents.append({"template": str(template), "context": _plain(context),
                          "properties": _plain(kwargs)})
        return original(template, context, **kwargs)

    # mou and deed import render_template by name; sop and waiver import it when called.
    saved = (docx.render_template, mou.render_template, deed.render_template)
    docx.render_template = mou.render_template = deed.render_template = recording
    try:
        with tempfile.TemporaryDirectory() as tmp:
            result = dossier.build(project_file, Path(tmp) / "out", today=date(2026, 3, 1))
            workbook = next(p for p in result.files if p.suffix == ".xlsx")
            sheets = _workbook(openpyxl.load_workbook(workbook))
            names = {n: d.attr_text for n, d in
                     openpyxl.load_workbook(workbook).defined_names.items()}
    finally:
        docx.render_template, mou.render_template, deed.render_template = saved
    return {"documents": documents, "workbook": {"sheets": sheets, "names": names},
            "libraries": libraries(project_file)}


_LIBRARIES = """
import json, sys
before = set(sys.modules)
from hrdd_docs.cli import main
sys.argv = ["hrdd", "build", sys.argv[1], "-o", sys.argv[2], "--as-of", "2026-03-01"]
try:
    main()
except SystemExit as exit:
    assert not exit.code, exit.code
tops = {name.partition(".")[0] for name in set(sys.modules) - before}
print(json.dumps(sorted(name for name in tops if not name.startswith("_")
                        and getattr(sys.modules.get(name), "__file__", None)
                        and name not in sys.stdlib_module_names and name != "hrdd_docs")),
      file=sys.stderr)
"""


def libraries(project_file: Path) -> list[str]:
    """The top-level packages outside the standard library that ``hrdd build`` imports."""
    with tempfile.TemporaryDirectory() as tmp:
        # A build with the toolkit's cache filled, as every build after a user's first:
        # the first run fills a cache of its own, the second is the one listed.
        env = {**os.environ, "HRDD_CACHE_DIR": str(Path(tmp) / "cache")}
        env.pop("HRDD_CACHE", None)
        for run in ("fill", "list"):
            # -P: the installed hrdd_docs, not a source folder in the current directory.
            done = subprocess.run([sys.executable, "-P", "-c", _LIBRARIES, str(project_file),
                                   str(Path(tmp) / run)], capture_output=True, text=True,
                                  env=env)
    if done.returncode != 0:
        raise SystemExit(f"hrdd build failed while listing its libraries:\n{done.stderr}")
    found: list[str] = json.loads(done.stderr.strip().splitlines()[-1])
    return found


def _plain(value: Any) -> Any:
    """JSON-safe copy; the article counter becomes a marker the floor replaces."""
    from hrdd_docs.render.docx import ArticleCounter

    if isinstance(value, ArticleCounter):
        return {"__counter__": True}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, datetime | date):
        return {"__date__": value.isoformat()[:10]}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"context value of type {type(value).__name__} is not plain data")


def _workbook(wb: Any) -> list[dict[str, Any]]:
    styles: dict[str, int] = {}
    sheets = []
    for ws in wb.worksheets:
        cells = []
        for row in ws.iter_rows():
            for cell in row:
                style = _style(cell)
                if cell.value is None and style is None:
                    continue
                key = json.dumps(style, sort_keys=True)
                value = cell.value
                if isinstance(value, datetime | date):
                    value = {"__date__": value.isoformat()[:10]}
                cells.append([cell.row, cell.column, value, cell.data_type,
                              styles.setdefault(key, len(styles))])
        sheets.append({
            "title": ws.title,
            "cells": cells,
            "widths": {k: d.width for k, d in ws.column_dimensions.items() if d.width},
            "heights": {r: d.height for r, d in ws.row_dimensions.items() if d.height},
            "freeze": ws.freeze_panes,
            "title_rows": ws.print_title_rows,
            "print_area": ws.print_area,
            "validations": [[str(dv.formula1), str(dv.sqref)]
                            for dv in ws.data_validations.dataValidation],
            "rating_ranges": [str(cf.sqref) for cf in ws.conditional_formatting],
        })
    table = [json.loads(key) for key in styles]
    return [{"styles": table}, *sheets]


def _style(cell: Any) -> dict[str, Any] | None:
    if not cell.has_style:
        return None
    font, fill = cell.font, cell.fill
    return {
        "bold": bool(font.b), "italic": bool(font.i), "size": font.sz,
        "color": font.color.rgb if font.color is not None and font.color.type == "rgb" else None,
        "fill": fill.fgColor.rgb if fill.fill_type == "solid" else None,
        "border": cell.border.left.style is not None,
        "wrap": bool(cell.alignment.wrap_text), "vertical": cell.alignment.vertical,
        "number_format": cell.number_format,
    }


if __name__ == "__main__":
    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    target.write_text(json.dumps(capture(source), ensure_ascii=False), "utf-8")
