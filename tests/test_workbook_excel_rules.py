"""The workbook keeps within what Excel opens without repair (issue 14, point 6).

Excel is not available here, so its documented limits are checked on the files
themselves: sheet names, defined names, data-validation formulas and lists, the
functions used, the grid's size and the length of a cell's text.
"""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl
import pytest
import yaml
from qalmaria import qalmaria

from hrdd_docs import resources, yamlsource
from hrdd_docs.loading import project_from
from hrdd_docs.render import workbook

EXCEL_FUNCTIONS = {"IF", "OR", "AND", "NOT", "MATCH", "INDEX", "COUNTA", "COUNTIF", "SUMIF",
                   "SUM", "MAX", "MIN", "DATE"}
"""Functions Excel has (all of them since Excel 2007) that the workbook may use."""

_CELL_REF = re.compile(r"^(?:[A-Za-z]{1,3}\d+|[Rr]\d*[Cc]\d*|[Rr]|[Cc])$")
_NAME = re.compile(r"^[A-Za-z_\\][A-Za-z0-9_.]*$")


def _example() -> dict:
    return yaml.safe_load(resources.read_text("examples", "darvonia", "project.yaml"))


def _workbooks() -> dict[str, bytes]:
    darvonia = project_from(yamlsource.parse(yaml.safe_dump(_example()), "p.yaml"))
    qal = project_from(yamlsource.parse(yaml.safe_dump(qalmaria(_example())), "p.yaml"))
    books = {"blank": workbook.blank(), "darvonia": workbook.render(darvonia)[0].data,
             "qalmaria": workbook.render(qal)[0].data}
    for language in ("fr", "es"):  # their names, messages and labels are longer
        books[f"blank-{language}"] = workbook.blank(language)
        books[f"darvonia-{language}"] = workbook.build(darvonia, language=language)[0]
    return books


WORKBOOKS = _workbooks()


@pytest.fixture(params=list(WORKBOOKS), scope="module")
def book(request) -> tuple[bytes, openpyxl.Workbook]:
    data = WORKBOOKS[request.param]
    return data, openpyxl.load_workbook(io.BytesIO(data))


def test_sheet_names(book):
    _, wb = book
    names = wb.sheetnames
    assert len({n.lower() for n in names}) == len(names)
    for name in names:
        assert 1 <= len(name) <= 31, name
        assert not set(name) & set("[]:*?/\\"), name
        assert not name.startswith("'") and not name.endswith("'"), name
        assert name.lower() != "history", name  # reserved by Excel


def test_defined_names(book):
    _, wb = book
    assert wb.defined_names
    for name, entry in wb.defined_names.items():
        assert _NAME.match(name) and len(name) <= 255, name
        assert not _CELL_REF.match(name), name  # "A1" or "R1C1" would be a reference
        assert len(entry.attr_text) <= 8192, name
    for ws in wb.worksheets:  # print areas and titles are names of their sheet
        quoted = ws.title.replace("'", "''")  # a quote inside a sheet name is doubled
        assert ws.print_area and ws.print_area.startswith(f"'{quoted}'!")


def test_data_validations(book):
    _, wb = book
    count = 0
    for ws in wb.worksheets:
        for rule in ws.data_validations.dataValidation:
            count += 1
            for formula in (rule.formula1, rule.formula2):
                if formula is None:
                    continue
                assert len(formula) <= 255, (ws.title, formula)
                if formula.startswith('"'):  # an explicit list: Excel's limit is 255
                    assert len(formula) - 2 <= 255
            for text in (rule.error, rule.prompt):
                assert text is None or len(text) <= 255  # Excel refuses longer messages
            assert rule.errorTitle is None or len(rule.errorTitle) <= 32
            assert rule.promptTitle is None or len(rule.promptTitle) <= 32
    assert count > 50


def test_only_functions_excel_has(book):
    data, _ = book
    used = set()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = b"".join(archive.read(n) for n in archive.namelist() if n.endswith(".xml"))
    for text in re.findall(rb"<(?:f|formula1|formula2|definedName[^>]*)>([^<]*)<", xml):
        used |= {f.decode() for f in re.findall(rb"([A-Z][A-Z0-9.]*)\(", text)}
    assert used and used <= EXCEL_FUNCTIONS, used - EXCEL_FUNCTIONS
    assert b"_xlfn." not in xml  # no function that needs a newer Excel


def test_grid_and_text_limits(book):
    _, wb = book
    for ws in wb.worksheets:
        assert ws.max_column <= 16_384 and ws.max_row <= 1_048_576
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    limit = 8_192 if cell.data_type == "f" else 32_767
                    assert len(cell.value) <= limit, f"{ws.title}!{cell.coordinate}"
        for part in (ws.oddHeader.left, ws.oddHeader.right, ws.oddFooter.center):
            assert part.text is None or len(part.text) <= 255
