"""The one exception tree of the toolkit.

Everything the library raises for a user's mistake derives from :class:`HrddError`.
The command line catches that root once and turns it into a message and an exit code:
:class:`InputError` → 2, :class:`BlockedError` → 3, anything else → 1.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input, and where it is.

    ``line`` and ``col`` are 1-based; 0 means the place is the whole file. ``path`` is
    the field path inside the document (``activities[1].recipients[0]``), empty for
    problems about the file itself. ``message`` says what is wrong and how to fix it.
    """

    source: str
    line: int
    col: int
    path: str
    message: str

    def __str__(self) -> str:
        where = self.source if not self.line else f"{self.source}:{self.line}:{self.col}"
        if self.path:
            where = f"{where} {self.path}" if where else self.path
        return f"{where}: {self.message}" if where else self.message


class HrddError(Exception):
    """Root of every error the toolkit raises on purpose."""

    exit_code = 1


class InputError(HrddError):
    """The input is invalid: a message for each problem, all reported together (exit 2)."""

    exit_code = 2

    def __init__(self, problems: list[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            problems = [Problem("", 0, 0, "", problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class BlockedError(HrddError):
    """A domain rule forbids the operation, e.g. a failed Action 2 precondition (exit 3)."""

    exit_code = 3

    def __init__(self, rule: str, message: str) -> None:
        self.rule = rule
        super().__init__(f"blocked by {rule}: {message}")
