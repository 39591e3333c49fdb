"""Hostile or careless project definitions (YAML), through the real CLI.

Each case, and the promise it checks:

- a FIFO, a symlink to /dev/zero: refused at once as not a regular file (no hang, no
  memory);
- a file saved as UTF-16: the encoding is named, with the fix;
- a lone surrogate escape (``"\\ud800"``): a located message with the fix, not "unable
  to parse raw data"; a surrogate pair written as two escapes is the character it
  stands for;
- a text over 32,767 characters: refused at validation with its place and the limit; at
  the limit it is written whole and read back whole;
- list entries sharing one cell, or texts joined into one cell, over the limit: refused
  (at validation, or by the workbook writer), never cut;
- ``start: 0`` (a number for a date): refused with the place and the fix, never
  1 January 1970;
- ``end: 9999-12-31`` (an "open-ended" project): every command exits 2 naming the range,
  no traceback; a date before 1900 is refused (Excel holds no earlier date);
- the whole date range with monthly periods: builds, within Excel's 16,384 columns;
- every date field of the model uses the one bounded ``Date`` type;
- ``--as-of 2025-13-01``: a plain-words message.
"""

from __future__ import annotations

import os
import typing
from datetime import date

import pytest
from conftest import write_project

from hrdd_docs import model
from hrdd_docs.cli import cli
from hrdd_docs.records import Record

# --- files that are not project files ---------------------------------------------------


def test_a_fifo_is_refused_instead_of_waiting_for_ever(runner, tmp_path):
    fifo = tmp_path / "project.yaml"
    os.mkfifo(fifo)
    result = runner.invoke(cli, ["validate", str(fifo)])
    assert result.exit_code == 2
    assert result.stderr == (f"{fifo}: is not a regular file (a device, a pipe or a socket); "
                             "give the project definition itself\n")


def test_a_symlink_to_dev_zero_is_refused(runner, tmp_path):
    link = tmp_path / "project.yaml"
    link.symlink_to("/dev/zero")
    result = runner.invoke(cli, ["assess", str(link)])
    assert result.exit_code == 2
    assert "is not a regular file (a device, a pipe or a socket)" in result.stderr


def test_utf16_file_gets_named_encoding(runner, example_path):
    example_path.write_bytes(example_path.read_text("utf-8").encode("utf-16"))
    result = runner.invoke(cli, ["validate", str(example_path)])
    assert result.exit_code == 2
    assert result.stderr == (f"{example_path}: the file is saved as UTF-16 (\"Unicode\" in "
                             "some editors); save it with the UTF-8 encoding\n")


# --- characters -------------------------------------------------------------------------


def _with_title(example_path, title_yaml: str):
    text = example_path.read_text("utf-8")
    old = ("  title:\n    en: Support to police in Darvonja/Esse Province\n"
           "    fr: Appui à la police de la province de Darvonja/Esse\n"
           "    es: Apoyo a la policía de la provincia de Darvonja/Esse\n")
    assert old in text
    example_path.write_text(text.replace(old, f"  title: {title_yaml}\n"), "utf-8")
    return example_path


def _title_line(example_path) -> int:
    return next(n for n, row in enumerate(example_path.read_text("utf-8").splitlines(), 1)
                if row.startswith("  title: "))


def test_a_lone_surrogate_is_located_with_the_fix(runner, example_path):
    _with_title(example_path, '"Support \\ud800 to police"')
    result = runner.invoke(cli, ["validate", str(example_path)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"{example_path}:{_title_line(example_path)}:10 project.title: contains U+D800 at "
        "position 9, half of a character written as an escape (\\u...) without its other "
        "half; write the character itself, or both halves of the pair\n")


def test_a_surrogate_pair_becomes_its_character(example_path):
    from hrdd_docs.loading import load_project

    _with_title(example_path, '"Support \\ud83d\\udee1 to police"')
    assert load_project(example_path).project.title == "Support \U0001f6e1 to police"


# --- texts longer than a workbook cell ----------------------------------------------------


def test_a_text_longer_than_a_cell_is_refused_with_its_place(runner, tmp_path, example_data):
    example_data["assessment"]["risks"][0]["description"] = "x" * 32_768
    path = write_project(tmp_path, example_data)
    result = runner.invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2
    line = next(n for n, row in enumerate(path.read_text().splitlines(), 1)
                if "description: xxx" in row)
    assert result.stderr.startswith(
        f"{path}:{line}:5 assessment.risks[0].description: is 32,768 characters long, more "
        "than the 32,767 an Excel cell holds (the IRA workbook keeps each value in one cell, "
        "and no document may hold less than the project says); shorten it")


def test_a_text_at_the_cell_limit_is_written_and_read_back_whole(tmp_path, example_data):
    from hrdd_docs.loading import load_project
    from hrdd_docs.render import workbook
    from hrdd_docs.workbook_import import import_workbook

    text = ("Findings. " * 3277)[:32_767]
    example_data["assessment"]["risks"][0]["description"] = text
    project = load_project(write_project(tmp_path, example_data))
    [output] = workbook.render(project, None)
    book = tmp_path / "ira.xlsx"
    book.write_bytes(output.data)
    assert import_workbook(book).assessment.risks[0].description == text


def test_list_entries_sharing_a_cell_are_bounded_together(runner, tmp_path, example_data):
    example_data["assessment"]["elements"]["general_context"]["sources"] = ["y" * 20_000] * 2
    path = write_project(tmp_path, example_data)
    result = runner.invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2
    assert ("assessment.elements.general_context.sources: these 2 entries take 40,002 "
            "characters together, more than the 32,767 an Excel cell holds (the IRA workbook "
            "keeps them in one cell); shorten them") in result.stderr


def test_a_cell_joined_from_several_texts_is_refused_not_cut(tmp_path, example_data):
    """Notes by period share the notes cell: the writer refuses what the model cannot see."""
    from hrdd_docs.errors import InputError
    from hrdd_docs.loading import load_project
    from hrdd_docs.render import workbook

    indicator = example_data["monitoring"]["indicators"][0]
    indicator["results"] = [{"period": n, "value": 1, "note": "z" * 20_000} for n in (1, 2)]
    project = load_project(write_project(tmp_path, example_data))
    with pytest.raises(InputError) as caught:
        workbook.render(project, None)
    assert str(caught.value) == (
        "Monitoring!N4: the IRA workbook would hold 40,009 characters in this cell, more than "
        "the 32,767 an Excel cell holds, so it was not built; shorten the texts that fill it")


# --- dates --------------------------------------------------------------------------------


def _with_date(example_path, key: str, value: str):
    text = example_path.read_text("utf-8")
    lines = text.splitlines(keepends=True)
    n = next(i for i, line in enumerate(lines) if line.startswith(f"  {key}: "))
    lines[n] = f"  {key}: {value}\n"
    example_path.write_text("".join(lines), "utf-8")
    return n + 1


def test_a_number_where_a_date_belongs_is_refused(runner, example_path):
    line = _with_date(example_path, "start", "0")
    result = runner.invoke(cli, ["validate", str(example_path)])
    assert result.exit_code == 2
    assert result.stderr == (f"{example_path}:{line}:3 project.start: '0' is not a valid date; "
                             "write it as YYYY-MM-DD (e.g. 2025-03-01)\n")


def test_a_number_is_no_date_in_python_either():
    with pytest.raises(ValueError, match="a number is not a date"):
        model.Endorsement.model_validate({"name": "A", "title": "B", "date": 1_700_000_000})


@pytest.mark.parametrize("command", ["validate", "assess", "explain", "build"])
def test_an_open_ended_project_is_refused_by_every_command(runner, example_path, command):
    line = _with_date(example_path, "end", "9999-12-31")
    args = [command, str(example_path)]
    if command == "build":
        args += ["-o", str(example_path.parent / "out")]
    result = runner.invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr == (
        f"{example_path}:{line}:3 project.end: 9999-12-31 is after 2100-12-31, the last date a "
        "project definition may hold; write the planned date (for a project with no fixed "
        "end, the end of its current funding or agreement)\n")
    assert not (example_path.parent / "out").exists()


def test_a_date_before_excel_can_hold_it_is_refused(runner, example_path):
    line = _with_date(example_path, "start", "1899-12-31")
    result = runner.invoke(cli, ["validate", str(example_path)])
    assert result.exit_code == 2
    assert result.stderr == (f"{example_path}:{line}:3 project.start: 1899-12-31 is before "
                             "1900-01-01, the first date Excel (and so the IRA workbook) can "
                             "hold; check the year\n")


def test_the_widest_date_range_builds_within_excel(tmp_path, example_data):
    """1900 to 2100 with monthly periods: every derived date and column fits."""
    import io

    import openpyxl

    from hrdd_docs.assess import monitoring_periods, reassessment_dates
    from hrdd_docs.loading import load_project
    from hrdd_docs.render import workbook

    example_data["project"]["start"] = date(1900, 1, 1)
    example_data["project"]["end"] = date(2100, 12, 31)
    example_data["assessment"]["date"] = date(1900, 1, 1)
    example_data["assessment"]["endorsement"]["date"] = date(1900, 1, 2)
    example_data["monitoring"]["period_months"] = 1
    project = load_project(write_project(tmp_path, example_data))
    periods = monitoring_periods(project)
    assert len(periods) == 2412 and periods[-1][1] == date(2100, 12, 31)
    assert reassessment_dates(project)[-1] < date(2101, 1, 1)
    [output] = workbook.render(project, None)
    sheet = openpyxl.load_workbook(io.BytesIO(output.data))["Monitoring"]
    assert 2412 < sheet.max_column <= 16_384


def _date_fields(cls: type[Record], seen: set[type]) -> list[str]:
    """Fields of ``cls`` (and the models it holds) typed with a date that is not ``Date``."""
    found = []
    for name, info in cls.model_fields.items():
        for leaf, checked in _leaves(info.declared, False):
            if isinstance(leaf, type) and issubclass(leaf, Record):
                if leaf not in seen:
                    seen.add(leaf)
                    found += _date_fields(leaf, seen)
            elif leaf is date and not checked:
                found.append(f"{cls.__name__}.{name}")
    return found


def _leaves(annotation, bounded: bool):
    """The types inside ``annotation``, each with whether a ``Date`` bound applies to it."""
    if typing.get_origin(annotation) is typing.Annotated:
        base, *metadata = typing.get_args(annotation)
        bounded = bounded or any(getattr(m, "after", None) is model._date_in_range
                                 for m in metadata)
        return _leaves(base, bounded)
    args = typing.get_args(annotation)
    if not args:
        return [(annotation, bounded)]
    return [leaf for arg in args for leaf in _leaves(arg, bounded)]


def test_every_date_of_the_model_is_bounded():
    """A date field added later must use ``Date``, or it escapes the range and the format."""
    assert _date_fields(model.Project, set()) == []


def test_bad_as_of_date_is_explained_in_plain_words(runner, example_path):
    result = runner.invoke(cli, ["build", str(example_path), "--as-of", "2025-13-01"])
    assert result.exit_code == 2
    assert ("Error: Invalid value for '--as-of': '2025-13-01' is not a date; write it as "
            "YYYY-MM-DD (e.g. 2026-03-01)") in result.stderr


def test_a_project_path_with_a_name_too_long_is_invalid_input(runner, tmp_path):
    path = tmp_path / ("y" * 300) / "project.yaml"
    result = runner.invoke(cli, ["validate", str(path)])
    assert (result.exit_code, result.stderr) == (
        2, f"{path}: the name is too long for this system; check the path\n")


def test_any_other_name_too_long_is_invalid_input_too(runner, example_path, monkeypatch):
    import errno

    def refuse(*args, **kwargs):
        raise OSError(errno.ENAMETOOLONG, "File name too long", "x" * 300)

    monkeypatch.setattr("hrdd_docs.loading.load_project", refuse)
    result = runner.invoke(cli, ["validate", str(example_path)])
    assert (result.exit_code, result.stderr) == (
        2, f"{'x' * 300}: a name in this path is too long for this system; nothing more was "
        "done. Choose a shorter name\n")
