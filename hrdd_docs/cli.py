"""The ``hrdd`` command: a thin shell over the library.

Each command lives in its own module under :mod:`hrdd_docs.commands`, imported only
when it runs (or when ``--help`` needs its summary), so ``hrdd --help`` stays fast.
A command parses its arguments, calls one library function and prints the result.
Library errors derive from :class:`~hrdd_docs.errors.HrddError`; they are caught once,
here, and become a message on stderr and an exit code (2 invalid input, 3 blocked by
a domain rule, 1 anything else).
"""

from __future__ import annotations

import errno
import importlib
import sys
from typing import Any

import click

from hrdd_docs import __version__
from hrdd_docs.errors import HrddError, InputError

COMMANDS = {
    "init": "hrdd_docs.commands.init",
    "validate": "hrdd_docs.commands.validate",
    "assess": "hrdd_docs.commands.assess",
    "schema": "hrdd_docs.commands.schema",
    "clauses": "hrdd_docs.commands.clauses",
    "explain": "hrdd_docs.commands.explain",
    "import": "hrdd_docs.commands.import_",
    "build": "hrdd_docs.commands.build",
}
"""Command name → module; each module defines a click command named ``command``."""


class _LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = COMMANDS.get(cmd_name)
        if module is None:
            return None
        command: click.Command = importlib.import_module(module).command
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except HrddError as err:
            click.echo(error_text(err), err=True)
            sys.exit(err.exit_code)
        except OSError as err:
            # The library names the place and the fix where it writes; this is the last
            # resort for a disk or file the system refused, so the user never sees a
            # traceback for it.
            where = f"{err.filename}: " if err.filename else ""
            if err.errno == errno.ENAMETOOLONG:  # the user's path: invalid input
                click.echo(f"{where}a name in this path is too long for this system; "
                           "nothing more was done. Choose a shorter name", err=True)
                sys.exit(2)
            click.echo(f"{where}{err.strerror or err}; nothing more was done. Check the "
                       "path and that you may read and write there", err=True)
            sys.exit(1)


def error_text(err: HrddError) -> str:
    """The message printed for a library error."""
    if isinstance(err, InputError) and len(err.problems) > 1:
        return f"{err}\n{len(err.problems)} problems found."
    return str(err)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="hrdd")
def cli() -> None:
    """Human-rights due-diligence (HRDDP) documents from one project definition.

    Start with `hrdd init my-project --example darvonia`, edit project.yaml, then
    run `hrdd validate`, `hrdd assess` and `hrdd build` on it.
    """


def main() -> None:
    cli(prog_name="hrdd")
