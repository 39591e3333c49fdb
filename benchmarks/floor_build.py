"""The bare-library floor of ``hrdd build``: the same templates and data, no toolkit.

Reads the JSON written by :mod:`floor_data` and does only what a competent script
producing these documents must do, the fastest straightforward way: import docxtpl and
openpyxl (and what they bring; nothing the rendering does not need), render the four
Word templates with docxtpl (autoescaped, as the toolkit does) and save them, write the
IRA workbook's cells through named styles registered once (openpyxl's advice for many
cells alike), with its widths, drop-downs, rating colours and print set-up, and hash
everything into a small manifest. No YAML parsing, no model classes or validation, no
assessment, no clause selection, no strict XML checks, no byte-stable zips.

With ``--old`` it is issue 7's floor, kept for one comparison (issue 16): it also
imports every library ``hrdd build`` imports (click, PyYAML, pydantic…) and styles each
cell attribute by attribute, which made every ratio look better than it was.

Usage: python benchmarks/floor_build.py DATA.json OUT_DIR [--old]
"""

from __future__ import annotations

import hashlib
import importlib
import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate
from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation


class Counter:
    """``{{ article() }}`` and ``{{ article.sub() }}``, as the templates expect."""

    def __init__(self) -> None:
        self.number = self.section = 0

    def __call__(self) -> int:
        self.number += 1
        self.section = 0
        return self.number

    def sub(self) -> str:
        self.section += 1
        return f"{self.number}.{self.section}"


def restore(value: Any) -> Any:
    if isinstance(value, dict):
        if value.get("__counter__"):
            return Counter()
        if "__date__" in value:
            return date.fromisoformat(value["__date__"])
        return {k: restore(v) for k, v in value.items()}
    if isinstance(value, list):
        return [restore(v) for v in value]
    return value


def word(document: dict[str, Any], out: Path, n: int) -> Path:
    template = DocxTemplate(document["template"])
    template.render(restore(document["context"]), autoescape=True)
    props = restore(document["properties"])
    core = template.docx.core_properties
    core.title, core.subject, core.author = props["title"], props["subject"], props["author"]
    core.created = core.modified = datetime.combine(props["when"], datetime.min.time())
    path = out / f"document-{n}.docx"
    template.save(path)
    return path


def workbook(data: dict[str, Any], out: Path, named: bool = True) -> Path:
    """Write the IRA workbook's cells, styles and sheet set-up with openpyxl.

    With ``named`` (the floor) every distinct style of the workbook is registered once
    as a :class:`~openpyxl.styles.NamedStyle` and each cell takes it by name, as
    openpyxl's documentation advises for many cells styled alike. Without it (the
    issue-7 floor, kept for the comparison) each cell gets its font, fill, border,
    alignment and number format one attribute at a time.
    """
    styles_table, *sheets = data["sheets"]
    thin = Side(style="thin", color="B7BEC8")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    styles = []
    for s in styles_table["styles"]:
        styles.append((
            Font(bold=s["bold"], italic=s["italic"], size=s["size"], color=s["color"]),
            PatternFill(fill_type="solid", start_color=s["fill"], end_color=s["fill"])
            if s["fill"] else None,
            border if s["border"] else None,
            Alignment(wrap_text=s["wrap"], vertical=s["vertical"]),
            s["number_format"],
        ))
    wb = Workbook()
    wb.remove(wb.active)
    names: list[str] = []
    if named:
        for n, (font, fill, edge, align, number_format) in enumerate(styles):
            style = NamedStyle(name=f"s{n}", font=font, alignment=align,
                               number_format=number_format)
            if fill is not None:
                style.fill = fill
            if edge is not None:
                style.border = edge
            wb.add_named_style(style)
            names.append(style.name)
    for sheet in sheets:
        ws = wb.create_sheet(sheet["title"])
        for row, col, value, kind, style_number in sheet["cells"]:
            cell = ws.cell(row=row, column=col)
            if value is not None:
                cell.value = restore(value)
                if kind in {"s", "f"}:
                    cell.data_type = kind
            if named:
                cell.style = names[style_number]
                continue
            font, fill, edge, align, number_format = styles[style_number]
            cell.font, cell.alignment, cell.number_format = font, align, number_format
            if fill is not None:
                cell.fill = fill
            if edge is not None:
                cell.border = edge
        for letter, width in sheet["widths"].items():
            ws.column_dimensions[letter].width = width
        for row, height in sheet["heights"].items():
            ws.row_dimensions[int(row)].height = height
        for formula, ranges in sheet["validations"]:
            validation = DataValidation(type="list", formula1=formula, allow_blank=True)
            validation.add(ranges)
            ws.add_data_validation(validation)
        for ranges in sheet["rating_ranges"]:
            for value, fill in (("low", "C6EFCE"), ("medium", "FFEB9C"), ("high", "FFC7CE")):
                ws.conditional_formatting.add(ranges, CellIsRule(
                    operator="equal", formula=[f'"{value}"'],
                    fill=PatternFill(fill_type="solid", start_color=fill, end_color=fill)))
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        if sheet["freeze"]:
            ws.freeze_panes = sheet["freeze"]
        if sheet["title_rows"]:
            ws.print_title_rows = sheet["title_rows"]
        if sheet["print_area"]:
            ws.print_area = sheet["print_area"]
    for name, ref in data["names"].items():
        wb.defined_names[name] = DefinedName(name, attr_text=ref)
    path = out / "workbook.xlsx"
    wb.save(path)
    return path


def main(data_file: Path, out: Path, old: bool = False) -> None:
    data = json.loads(data_file.read_text("utf-8"))
    if old:
        for library in data["libraries"]:
            importlib.import_module(library)
    out.mkdir(parents=True, exist_ok=True)
    paths = [word(d, out, n) for n, d in enumerate(data["documents"])]
    paths.append(workbook(data["workbook"], out, named=not old))
    manifest = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), old="--old" in sys.argv[3:])
