"""Every command is documented: ``--help`` with an example, and a row in README.md.

Written over ``cli.COMMANDS`` so that a command added later is checked too.
"""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from hrdd_docs.cli import COMMANDS, cli

README = (Path(__file__).parent.parent / "README.md").read_text("utf-8")


def _command(name: str) -> click.Command:
    command = cli.get_command(click.Context(cli), name)
    assert command is not None
    return command


@pytest.mark.parametrize("name", list(COMMANDS))
def test_help_has_a_summary_and_an_example(runner, name):
    result = runner.invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Usage: cli {name} ")
    assert re.search(rf"Example:\s+hrdd {name}\b", result.output), (
        f"`hrdd {name} --help` shows no 'Example: hrdd {name} ...' line"
    )
    assert _command(name).get_short_help_str().strip()


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_option_has_help(name):
    def options(command: click.Command) -> list[click.Option]:
        found = [p for p in command.params if isinstance(p, click.Option)]
        if isinstance(command, click.Group):
            for sub in command.commands.values():
                found += options(sub)
        return found

    undocumented = [o.name for o in options(_command(name)) if not o.help]
    assert undocumented == []


@pytest.mark.parametrize("name", list(COMMANDS))
def test_command_is_in_the_readme(name):
    assert f"`hrdd {name}" in README, f"README.md does not list `hrdd {name}`"


def test_readme_lists_no_command_that_does_not_exist():
    listed = set(re.findall(r"^\| `hrdd ([a-z-]+)", README, flags=re.MULTILINE))
    assert listed <= set(COMMANDS)


def test_readme_opens_with_the_two_commands():
    blocks = re.findall(r"```sh\n(.*?)```", README, flags=re.DOTALL)
    first = blocks[0].strip().splitlines()
    assert first[0].endswith(
        "pip install . && hrdd build examples/darvonia/project.yaml -o dossier")
    assert first[1].endswith('pip install ".[test]" && pytest')
