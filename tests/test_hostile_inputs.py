"""Hostile or careless input through the real CLI: one message naming the place and the
fix, the right exit code, no traceback and nothing half-written."""

from __future__ import annotations

from pathlib import Path

import pytest

from hrdd_docs.cli import cli
from hrdd_docs.errors import InputError, writing


def test_build_into_a_path_under_a_file(runner, example_path, tmp_path):
    blocker = tmp_path / "notes.txt"
    blocker.write_text("a file, not a folder")
    target = blocker / "dossier"
    result = runner.invoke(cli, ["build", str(example_path), "-o", str(target), "--only", "sop",
                                 "--as-of", "2026-03-01"])
    assert result.exit_code == 2
    assert result.stderr == (f"{target}: cannot be written (part of the path is a file, not a "
                             "folder); nothing was written there. Choose another -o DIR, or "
                             "one you may write to\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "project.yaml"]


def test_init_into_a_path_under_a_file(runner, tmp_path):
    (tmp_path / "notes.txt").write_text("x")
    target = tmp_path / "notes.txt" / "project"
    result = runner.invoke(cli, ["init", str(target)])
    assert result.exit_code == 2
    assert result.stderr == (f"{target}: cannot be written (part of the path is a file, not a "
                             "folder); nothing was written there. Choose another folder, one "
                             "you may write to\n")


def test_import_into_a_missing_folder(runner, tmp_path):
    from hrdd_docs import resources
    from hrdd_docs.loading import load_project
    from hrdd_docs.render import workbook

    project_file = tmp_path / "p.yaml"
    project_file.write_text(resources.read_text("examples", "darvonia", "project.yaml"))
    [output] = workbook.render(load_project(project_file), None)
    book = tmp_path / "ira.xlsx"
    book.write_bytes(output.data)
    target = tmp_path / "nowhere" / "project.yaml"
    result = runner.invoke(cli, ["import", str(book), "-o", str(target)])
    assert result.exit_code == 2
    assert result.stderr == (f"{target}: cannot be written (a folder in the path does not exist "
                             "or cannot be made); nothing was written there. Choose another -o "
                             "file, in a folder that exists\n")
    assert not (tmp_path / "nowhere").exists()


def test_a_full_disk_is_not_called_invalid_input(tmp_path):
    import errno

    from hrdd_docs.errors import HrddError

    with pytest.raises(HrddError) as caught, writing(tmp_path / "out", "choose another -o DIR"):
        raise OSError(errno.ENOSPC, "No space left on device")
    assert not isinstance(caught.value, InputError)
    assert caught.value.exit_code == 1
    assert str(caught.value) == (f"{tmp_path / 'out'}: cannot be written (no space left on "
                                 "device); nothing was written there. Choose another -o DIR")


def test_an_unforeseen_os_error_is_a_message_not_a_traceback(runner, example_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(example_path))

    monkeypatch.setattr("hrdd_docs.loading.load_project", refuse)
    result = runner.invoke(cli, ["validate", str(example_path)])
    assert result.exit_code == 1
    assert result.stderr == (f"{example_path}: Permission denied; nothing more was done. Check "
                             "the path and that you may read and write there\n")


def _darvonia_workbook(tmp_path: Path) -> Path:
    from hrdd_docs import resources
    from hrdd_docs.loading import load_project
    from hrdd_docs.render import workbook

    project_file = tmp_path / "p.yaml"
    project_file.write_text(resources.read_text("examples", "darvonia", "project.yaml"))
    [output] = workbook.render(load_project(project_file), None)
    book = tmp_path / "ira.xlsx"
    book.write_bytes(output.data)
    return book


def test_a_utf16_part_cannot_hide_a_doctype(runner, tmp_path):
    import zipfile

    book = _darvonia_workbook(tmp_path)
    with zipfile.ZipFile(book) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    xml = parts["xl/workbook.xml"].decode()
    parts["xl/workbook.xml"] = ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x '
                                '[<!ENTITY a "aaaa">]>' + xml).encode("utf-16")
    hostile = tmp_path / "hostile.xlsx"
    with zipfile.ZipFile(hostile, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    result = runner.invoke(cli, ["import", str(hostile)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{hostile}: part xl/workbook.xml is not UTF-8 XML, as "
                                    "every workbook saved by Excel or LibreOffice is; it is "
                                    "refused; save it from Excel")


def test_an_item_row_without_its_activity_says_the_cell_is_empty(runner, tmp_path):
    import openpyxl

    book = _darvonia_workbook(tmp_path)
    workbook = openpyxl.load_workbook(book)
    workbook["Donated items"]["A5"].value = None
    workbook.save(book)
    result = runner.invoke(cli, ["import", str(book)])
    assert result.exit_code == 2
    assert result.stderr == (f"{book} Donated items!A5: activity is empty; write the ID of a "
                             "row of the Activities sheet (known: post, motorbikes, "
                             "vawg-training, hr-sensitization, community-policing)\n")
