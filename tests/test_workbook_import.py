"""``hrdd import``: round trips, and hostile or broken workbooks refused at their place."""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from hrdd_docs import resources, yamlsource
from hrdd_docs.cli import cli
from hrdd_docs.errors import InputError
from hrdd_docs.loading import load_project, project_from
from hrdd_docs.model import Project
from hrdd_docs.render import workbook
from hrdd_docs.workbook_import import import_workbook, project_yaml


def _project(data: dict[str, Any]) -> Project:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return project_from(yamlsource.parse(text, "project.yaml"))


@pytest.fixture(scope="module")
def example() -> Project:
    return _project(yaml.safe_load(resources.read_text("examples", "darvonia", "project.yaml")))


@pytest.fixture(scope="module")
def example_xlsx(example: Project) -> bytes:
    return workbook.render(example)[0].data


def _write(tmp_path: Path, data: bytes, name: str = "ira.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _edited(tmp_path: Path, data: bytes, edit: Any) -> Path:
    """Open the workbook with openpyxl, let ``edit`` change it, save it as staff would."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    edit(wb)
    path = tmp_path / "ira.xlsx"
    wb.save(path)
    return path


def _import_fails(runner, path: Path) -> str:
    result = runner.invoke(cli, ["import", str(path)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return result.stderr


# round trips ---------------------------------------------------------------------------

def test_openpyxl_parses_with_defusedxml():
    assert openpyxl.DEFUSEDXML is True


def test_round_trip_of_the_example(tmp_path, example, example_xlsx):
    back = import_workbook(_write(tmp_path, example_xlsx))
    assert back == example
    # build → import → build: the same workbook, byte for byte
    assert workbook.render(back)[0].data == example_xlsx
    # and the YAML written by import reads back as the same project
    (tmp_path / "back.yaml").write_text(project_yaml(back), "utf-8")
    assert load_project(tmp_path / "back.yaml") == example


def test_build_import_build_gives_the_same_documents(tmp_path, example_path):
    """The issue's round trip: build the dossier, import its workbook, build again."""
    from datetime import date

    from hrdd_docs import dossier

    first = dossier.build(example_path, tmp_path / "first", today=date(2026, 3, 1))
    ira = _write(tmp_path, workbook.render(load_project(example_path))[0].data)
    rebuilt = tmp_path / "rebuilt.yaml"
    rebuilt.write_text(project_yaml(import_workbook(ira)), "utf-8")
    second = dossier.build(rebuilt, tmp_path / "second", today=date(2026, 3, 1))
    assert [d.name for d in second.documents] == [d.name for d in first.documents]
    assert {d.kind for d in first.documents} >= {"mou", "deed"}
    for before, after in zip(first.documents, second.documents, strict=True):
        assert before.data == after.data, before.name


def _made_here(example_data: dict[str, Any]) -> dict[str, Any]:
    """A project unlike the example: two recipients, five tags, Unicode, no endorsement."""
    data = copy.deepcopy(example_data)
    data["project"]["title"] = "Appui à la police — دعم الشرطة & <partners> \"quoted\""
    data["project"]["locations"] = ["Kerro, north", "Esse"]
    data["recipients"].append({
        "id": "dbg-kerro", "name": "Darvonian Border Guard, Kerro", "category": "border_control",
        "authority": "Ministry of Interior", "focal_point": {"name": "Ana Ruiz",
                                                             "title": "Sector commander",
                                                             "email": "ana@example.org"}})
    data["activities"][1]["recipients"] = ["dpf-esse", "dbg-kerro"]
    for item in data["activities"][1]["items"]:
        item["recipient"] = "dbg-kerro"
    data["activities"][1]["items"][0]["unit_value"] = "12.5"
    data["activities"][1]["biometric_data"] = True
    data["assessment"]["risks"][0]["tags"] = ["extrajudicial_killing", "unit_record",
                                              "impunity", "torture", "corruption"]
    data["assessment"]["risks"][0]["recipients"] = ["dpf-esse", "dbg-kerro"]
    data["assessment"]["risks"][1]["description"] = "=1+1 looks like a formula\nsecond line"
    data["mitigations"][0]["owner"] = "@owner -5 +3"
    data["mitigations"][0]["integrated"] = False
    del data["assessment"]["endorsement"]
    data["assessment"]["final"] = {"rating": "high"}
    data["assessment"]["elements"]["past_partnerships"] = {}
    data["visibility"] = {"branding": "standard"}
    data["monitoring"]["period_months"] = 6
    data["monitoring"]["indicators"][1]["results"] = [
        {"period": 1, "value": "2.5", "note": "two: see log"}, {"period": 3, "value": 0}]
    data["procedure"] = {"log": []}
    data["country_mechanism"] = {"exists": True, "iom_participates": True,
                                 "senior_un_official": "Resident Coordinator"}
    return data


def test_round_trip_of_a_project_made_here(tmp_path, example_data):
    project = _project(_made_here(example_data))
    data = workbook.render(project)[0].data
    assert [c.value for c in openpyxl.load_workbook(io.BytesIO(data))["Risk register"][3]][9:14] \
        == ["Tag 1", "Tag 2", "Tag 3", "Tag 4", "Tag 5"]
    back = import_workbook(_write(tmp_path, data))
    assert back == project
    assert workbook.render(back)[0].data == data


def test_import_command_writes_a_project_file(runner, tmp_path, example, example_xlsx):
    source = _write(tmp_path, example_xlsx)
    target = tmp_path / "project.yaml"
    result = runner.invoke(cli, ["import", str(source), "-o", str(target)])
    assert (result.exit_code, result.output) == (
        0, f"{target}: project definition written from {source} (drv-esse-police)\n")
    assert load_project(target) == example
    again = runner.invoke(cli, ["import", str(source), "-o", str(target)])
    assert (again.exit_code, again.stderr) == (
        2, f"{target}: already exists; choose another file, or add --force to replace it\n")
    assert runner.invoke(cli, ["import", str(source), "-o", str(target), "--force"]).exit_code == 0


def test_import_command_prints_yaml_without_output(runner, tmp_path, example_xlsx):
    result = runner.invoke(cli, ["import", str(_write(tmp_path, example_xlsx))])
    assert result.exit_code == 0
    assert result.stdout.startswith("# Project definition rebuilt from an IRA workbook")
    assert "  id: drv-esse-police\n" in result.stdout


# hostile and broken workbooks ------------------------------------------------------------

def test_not_a_zip(runner, tmp_path):
    path = _write(tmp_path, b"id,description\nr-1,=cmd|' /C calc'!A0\n", "ira.xlsx")
    assert _import_fails(runner, path) == (
        f"{path}: is not an Excel workbook (.xlsx): it is not a zip archive; save it from "
        "Excel or LibreOffice as 'Excel Workbook (.xlsx)', or start again from the workbook "
        "that hrdd build made\n")


def test_a_zip_that_is_not_a_workbook(runner, tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    path = _write(tmp_path, buffer.getvalue())
    assert _import_fails(runner, path) == (
        f"{path}: is a zip archive but not an Excel workbook (it has no xl/workbook.xml); "
        "save it from Excel or LibreOffice as 'Excel Workbook (.xlsx)', or start again from "
        "the workbook that hrdd build made\n")


def _replace_part(data: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(
            out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, content if info.filename == name
                            else source.read(info))
    return out.getvalue()


BOMB = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n')


def test_an_xml_entity_bomb(runner, tmp_path, example_xlsx):
    with zipfile.ZipFile(io.BytesIO(example_xlsx)) as archive:
        original = archive.read("xl/workbook.xml")
    body = original.split(b"?>", 1)[1] if original.startswith(b"<?xml") else original
    assert body.startswith(b"<workbook")
    bomb = BOMB + body.replace(b"</workbook>", b"<x>&lol3;</x></workbook>")
    path = _write(tmp_path, _replace_part(example_xlsx, "xl/workbook.xml", bomb))
    assert _import_fails(runner, path) == (
        f"{path}: part xl/workbook.xml declares a DOCTYPE or XML entities, which a workbook "
        "never needs (an entity-expansion attack looks like this); it is refused\n")


def test_defusedxml_refuses_entities_even_past_our_check(tmp_path, example_xlsx):
    """The second line of defence: openpyxl reads worksheets through defusedxml (and the
    workbook part through lxml with entity resolution off)."""
    from defusedxml import DefusedXmlException

    part = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(io.BytesIO(example_xlsx)) as archive:
        original = archive.read(part)
    data = _replace_part(example_xlsx, part, BOMB + original)
    with pytest.raises(ValueError) as caught:
        openpyxl.load_workbook(io.BytesIO(data))
    assert isinstance(caught.value.__context__, DefusedXmlException)


def test_an_oversized_archive(runner, tmp_path, example_xlsx):
    big = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(example_xlsx)) as source, zipfile.ZipFile(
            big, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
        target.writestr("xl/media/padding.bin", b"\0" * (51 * 1024 * 1024))
    path = _write(tmp_path, big.getvalue())
    assert path.stat().st_size < 1024 * 1024  # small on disk, huge once expanded
    with zipfile.ZipFile(path) as archive:
        declared = sum(info.file_size for info in archive.infolist()) / (1024 * 1024)
    assert _import_fails(runner, path) == (
        f"{path}: the archive declares {declared:.0f} MB once uncompressed, more than the 50 MB "
        "limit; it is refused unread\n")


def test_a_compression_bomb_part(runner, tmp_path, example_xlsx):
    bomb = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(example_xlsx)) as source, zipfile.ZipFile(
            bomb, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
        target.writestr("xl/media/image1.bin", b"\0" * (8 * 1024 * 1024))
    path = _write(tmp_path, bomb.getvalue())
    assert _import_fails(runner, path).endswith(
        "(more than 100), as a compression bomb does; it is refused unread\n")


def test_a_formula_in_a_data_cell(runner, tmp_path, example_xlsx):
    def edit(wb):
        wb["Risk register"]["B5"] = "=B4&\" again\""
        wb["Project"]["B6"] = "=1+1"

    path = _edited(tmp_path, example_xlsx, edit)
    assert _import_fails(runner, path) == (
        f"{path} Project!B6: title holds a formula (=1+1); type the value itself: formulas "
        "are not read back\n"
        f"{path} Risk register!B5: description holds a formula (=B4&\" again\"); type the "
        "value itself: formulas are not read back\n2 problems found.\n")


def test_merged_cells_are_named_with_the_fix(runner, tmp_path, example_xlsx):
    def edit(wb):
        wb["Risk register"].merge_cells("B4:B5")

    path = _edited(tmp_path, example_xlsx, edit)
    assert _import_fails(runner, path).startswith(
        f"{path} Risk register!B4:B5: these cells are merged; unmerge them so that each value "
        "has its own cell\n")


def test_a_missing_sheet(runner, tmp_path, example_xlsx):
    def edit(wb):
        del wb["Risk register"]
        wb["Mitigation plan"].title = "Mitigations"

    path = _edited(tmp_path, example_xlsx, edit)
    assert _import_fails(runner, path) == (
        f"{path}: sheet 'Mitigation plan' is missing; was it renamed to 'Mitigations'? give it "
        "back its name\n"
        f"{path}: sheet 'Risk register' is missing; restore it from the workbook hrdd build "
        "made\n2 problems found.\n")


def test_a_renamed_header(runner, tmp_path, example_xlsx):
    def edit(wb):
        wb["Risk register"]["G3"] = "Impakt"

    path = _edited(tmp_path, example_xlsx, edit)
    assert _import_fails(runner, path) == (
        f"{path} Risk register!G3: expected the header 'Impact', found 'Impakt'; restore it: "
        "hrdd import finds columns by their headers\n")


def test_a_bad_rating(runner, tmp_path, example_xlsx):
    def edit(wb):
        wb["Risk register"]["F7"] = "extreme"
        wb["Action 4 elements"]["C5"] = "very high"

    path = _edited(tmp_path, example_xlsx, edit)
    assert _import_fails(runner, path) == (
        f"{path} Action 4 elements!C5: rating of 'Record of the recipient on international "
        "humanitarian, human rights and refugee law' 'very high' is not one of low, medium "
        "or high\n"
        f"{path} Risk register!F7: likelihood 'extreme' is not one of low, medium or high\n"
        "2 problems found.\n")


def test_values_checked_by_the_model_point_at_their_cells(runner, tmp_path, example_xlsx):
    def edit(wb):
        wb["Mitigation plan"]["D4"] = "r-ejk, r-typo"
        wb["Donated items"]["A5"] = "bikes"
        wb["Project"]["B6"] = None
        wb["People"].delete_rows(4)  # the Chief of Mission
        wb["Monitoring"]["H4"] = "none"

    path = _edited(tmp_path, example_xlsx, edit)
    assert _import_fails(runner, path) == (
        f"{path} Donated items!A5: activity 'bikes' is not the ID of a row of the Activities "
        "sheet (known: post, motorbikes, vawg-training, hr-sensitization, community-policing)\n"
    )
    # once the structure is right, the model's checks are all reported together
    def fix(wb):
        wb["Donated items"]["A5"] = "motorbikes"

    path = _edited(tmp_path, path.read_bytes(), fix)
    message = _import_fails(runner, path)
    assert message == (
        f"{path} Monitoring!H4: the result for P1 'none' is not a number; write digits with a "
        "decimal point and no thousands separator, e.g. 3200.50\n"
        f"{path} People!A3: no row has role chief_of_mission; add one\n"
        f"{path} Project!B6: title is empty; fill it in\n"
        "3 problems found.\n")


def test_a_dangling_risk_id_names_its_cell(tmp_path, example_xlsx):
    def edit(wb):
        wb["Mitigation plan"]["D4"] = "r-ejk, r-typo"

    with pytest.raises(InputError) as caught:
        import_workbook(_edited(tmp_path, example_xlsx, edit))
    [problem] = caught.value.problems
    assert problem.path == "Mitigation plan!D4"
    assert problem.message.startswith("risks addressed: unknown risk 'r-typo' (known: ")


def test_notes_need_a_period(runner, tmp_path, example_xlsx):
    def edit(wb):
        wb["Monitoring"]["N5"] = "escort payment\nP5: no result that period"

    path = _edited(tmp_path, example_xlsx, edit)
    assert _import_fails(runner, path) == (
        f"{path} Monitoring!N5: notes by period: 'escort payment' does not start with a period "
        "such as 'P2: '; write one note per line\n"
        f"{path} Monitoring!N5: notes by period: there is a note for P5 but no result in that "
        "period's column; write the result, or remove the note\n2 problems found.\n")


def test_a_missing_file(runner, tmp_path):
    path = tmp_path / "nothing.xlsx"
    assert _import_fails(runner, path) == f"{path}: no such file; check the path\n"
