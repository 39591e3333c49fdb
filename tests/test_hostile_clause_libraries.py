"""User clause libraries (``--library DIR``): texts that try to hang, crash or leak.

Each case, and the promise it checks:

- a clause whose text loops, recurses, divides by zero, makes huge numbers, strings or
  lists, calls a method of a value, formats a string to a huge width, or uses a filter
  that multiplies its input: ``hrdd build`` and ``hrdd clauses lint`` end in seconds
  with exit 2 and one message naming the clause file and the line of the text (time
  and memory measured for the cases that used to hang);
- ``include``, ``extends``, ``import``: refused when the library is read (lint and
  build), with the line;
- a document template's own loops are bounded the same way (with limits for documents);
- a clause file that is a link to a file outside the folder (a system password file):
  refused without a word of that file; a link inside the folder is followed;
- a YAML file that is not a clause: named, its content not repeated; a very long
  unknown key is cut short;
- a clause file over the size limit: the limit in the right unit for a clause file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bounded import run_hrdd

from hrdd_docs.cli import cli
from hrdd_docs.environment import LimitError, make_environment

CLAUSE = """\
id: {id}
family: conditionality
title: A clause of my own
documents: [mou]
article: 99
version: "1.0"
source: Action 5(2)
trigger:
  non_exempt_support: true
text: |
  The Authority shall comply with the conditions of {{{{ agreement }}}}.
  {text}
"""


def _library(tmp_path: Path, text: str, clause_id: str = "my-clause") -> tuple[Path, Path]:
    folder = tmp_path / "lib"
    folder.mkdir(exist_ok=True)
    target = folder / f"{clause_id}.yaml"
    target.write_text(CLAUSE.format(id=clause_id, text=text), "utf-8")
    return folder, target


HOSTILE = {
    "nested loops over a long string":
        ("{% for a in agreement * 300 %}{% for b in agreement * 300 %}{% endfor %}{% endfor %}",
         "the loops run more than 10,000 times in all; loop over fewer values, or write the "
         "text out"),
    "a loop that prints nothing": (
        "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
        "the loops run more than 10,000 times in all"),
    "range(10**9)": ("{{ range(10**9)|list|length }}",
                     "(OverflowError: Range too big. The sandbox blocks ranges larger than "
                     "MAX_RANGE (100000)); correct the expression"),
    "1/0": ("{{ 1/0 }}", "(ZeroDivisionError: division by zero); correct the expression"),
    "10**5000": ("{{ 10**5000 }}", "it makes a number of more than 1,000 digits"),
    "a float too large": ("{{ 10.0**5000 }}", "(OverflowError:"),
    "a recursive macro": ("{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}",
                          "the text cannot be rendered: its macros call themselves without "
                          "end; remove the recursion"),
    "a macro that doubles": (
        "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}"
        "{{ f(60) }}", "calls (of macros, perhaps calling themselves); simplify it"),
    "a huge string": ("{{ 'x' * 10**9 }}", "it makes a string or list of 1,000,000,000 items"),
    "a huge list": ("{{ ([1] * 10**9)|length }}", "it makes a string or list of 1,000,000,000"),
    "a string doubled in a loop": (
        "{% set ns = namespace(s='x') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}"
        "{% endfor %}{{ ns.s|length }}", "it produces more than 1,000,000 characters"),
    "static text repeated in a set block": (
        "{% set x %}{% for i in range(9000) %}" + "padding " * 200 + "{% endfor %}{% endset %}",
        "it produces more than 1,000,000 characters"),
    "a method of a value": ("{{ agreement.center(10**9) }}",
                            "it calls center() on a value; templates here do not call methods"),
    "str.format": ("{{ '{:>999999999}'.format(1) }}", "it formats a string with format()"),
    "% formatting": ("{{ '%0999999999d' % 1 }}", "it formats a string with %"),
    "replace that multiplies": ("{{ (agreement * 1000)|replace('', agreement * 1000) }}",
                                "it makes a string or list of"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_clause_text_is_a_located_message(runner, tmp_path, example_path, case):
    text, expected = HOSTILE[case]
    folder, target = _library(tmp_path, text)
    result = runner.invoke(cli, ["build", str(example_path), "-o", str(tmp_path / "out"),
                                 "--only", "mou", "--library", str(folder),
                                 "--as-of", "2026-03-01"])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr.startswith(f"{target}:12:1 text: clause 'my-clause': "), result.stderr
    assert expected in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("command", ["build", "lint"])
def test_a_clause_that_used_to_hang_ends_quickly(tmp_path, example_path, command):
    text = ("{% for a in agreement * 2000 %}{% for b in agreement * 2000 %}{% for c in "
            "agreement * 2000 %}{% endfor %}{% endfor %}{% endfor %}")
    folder, target = _library(tmp_path, text)
    args = (["clauses", "lint", "--library", str(folder)] if command == "lint" else
            ["build", str(example_path), "-o", str(tmp_path / "out"), "--only", "mou",
             "--library", str(folder), "--as-of", "2026-03-01"])
    outcome = run_hrdd(*args, seconds=30)
    assert not outcome.killed and outcome.exit_code == 2, outcome
    assert outcome.seconds < 30 and outcome.peak_mb < 400
    assert f"{target}:12:1 text: clause 'my-clause': the text cannot be rendered: the loops " \
        "run more than 10,000 times in all" in outcome.stderr


@pytest.mark.parametrize("tag", ["{% include 'other.yaml' %}", "{% extends 'base' %}",
                                 "{% import 'macros' as m %}",
                                 "{% from 'macros' import f %}"])
@pytest.mark.parametrize("command", ["build", "lint"])
def test_loading_another_template_is_refused_where_it_is(runner, tmp_path, example_path,
                                                        tag, command):
    folder, target = _library(tmp_path, tag)
    args = (["clauses", "lint", "--library", str(folder)] if command == "lint" else
            ["build", str(example_path), "-o", str(tmp_path / "out"), "--library", str(folder),
             "--as-of", "2026-03-01"])
    result = runner.invoke(cli, args)
    assert result.exit_code == 2
    word = tag.split()[1]
    assert (f"{target}:12:1 text: clause 'my-clause': template syntax error: "
            f"{{% {word if word != 'from' else 'from ... import'} %}} loads another template, "
            "which is not allowed here: write the text itself") in result.stderr


def test_an_unknown_or_multiplying_filter_is_refused_when_read(runner, tmp_path):
    folder, target = _library(tmp_path, "{{ agreement|center(1000000000) }}")
    result = runner.invoke(cli, ["clauses", "lint", "--library", str(folder)])
    assert result.exit_code == 2
    assert f"{target}:12:1 text: clause 'my-clause': template syntax error: there is no " \
        "filter 'center' here; use one of a, abs, attr" in result.stderr


def test_document_templates_are_bounded_too():
    env = make_environment(xml=True)
    template = env.from_string("{% for a in range(100000) %}{% for b in range(100000) %}"
                               "{% endfor %}{% endfor %}")
    with pytest.raises(LimitError, match="the loops run more than 2,000,000 times in all"):
        template.render()


# --- what a library folder holds -------------------------------------------------------


def test_a_link_to_a_system_file_is_refused_unread(runner, tmp_path):
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\nsecret-user:x:1000:1000::/home:/bin/sh\n")
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "passwd.yaml").symlink_to(secret)
    result = runner.invoke(cli, ["clauses", "lint", "--library", str(folder)])
    assert result.exit_code == 2
    assert result.output == (f"{folder / 'passwd.yaml'}: is a link to a file outside the "
                             "library folder, which is not read; copy the clause file into "
                             "the folder instead\n")


def test_a_link_to_etc_passwd_shows_nothing_of_it(runner, tmp_path):
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "users.yaml").symlink_to("/etc/passwd")
    result = runner.invoke(cli, ["clauses", "list", "--library", str(folder)])
    assert result.exit_code == 2
    assert "root:" not in result.output and "is a link to a file outside" in result.output


def test_a_link_inside_the_folder_is_followed(runner, tmp_path):
    folder, target = _library(tmp_path, "Nothing else.")
    (folder / "kept").mkdir()
    moved = folder / "kept" / "my-clause.yaml"
    target.rename(moved)
    target.symlink_to(moved)
    result = runner.invoke(cli, ["clauses", "list", "--library", str(folder)])
    assert result.exit_code == 0, result.output
    assert "my-clause" in result.output


def test_a_file_that_is_not_a_clause_is_named_without_its_content(runner, tmp_path):
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "settings.yaml").write_text("database_password: hunter2\nuser: admin\n")
    result = runner.invoke(cli, ["clauses", "lint", "--library", str(folder)])
    assert result.exit_code == 2
    assert "hunter2" not in result.output and "database_password" not in result.output
    assert result.output == (
        f"{folder / 'settings.yaml'}: is not a clause file (it has none of the keys id, "
        "family, title, documents, article, trigger, text, source, version); remove it from "
        "the library folder, or start from a packaged clause (hrdd clauses show)\n")


def test_a_long_unknown_key_is_cut_short(runner, tmp_path):
    folder, target = _library(tmp_path, "Nothing else.")
    target.write_text(target.read_text() + "k" * 500 + ": value\n")
    result = runner.invoke(cli, ["clauses", "lint", "--library", str(folder)])
    assert result.exit_code == 2
    assert f"{target}:13:1 {'k' * 37}...: unknown key '{'k' * 37}...'" in result.output
    assert "k" * 41 not in result.output


def test_an_oversized_clause_file_gives_the_limit_for_a_clause(runner, tmp_path):
    folder, target = _library(tmp_path, "Nothing else.")
    target.write_text(target.read_text() + "#" * 300_000)
    result = runner.invoke(cli, ["clauses", "lint", "--library", str(folder)])
    assert result.exit_code == 2
    assert result.output == (f"{target}: file is 300.3 KB, more than the 256 KB limit for a "
                             "clause file; is this the right file?\n")
