"""The one exception tree of the toolkit.

Everything the library raises for a user's mistake derives from :class:`HrddError`.
The command line catches that root once and turns it into a message and an exit code:
:class:`InputError` → 2, :class:`BlockedError` → 3, anything else → 1.
"""

from __future__ import annotations

import errno
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


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


_PLACE_ERRORS = frozenset({errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOTDIR, errno.ENOENT,
                           errno.EEXIST, errno.EISDIR, errno.ENAMETOOLONG, errno.ELOOP})
"""Write failures caused by the place the user chose (exit 2); others (a full disk) exit 1."""

_REASONS = {
    errno.ENOTDIR: "part of the path is a file, not a folder",
    errno.EEXIST: "part of the path is a file, not a folder",  # mkdir(parents=True) says so
    errno.ENOENT: "a folder in the path does not exist or cannot be made",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the disk is read-only",
}


@contextmanager
def writing(place: Path | str, fix: str) -> Iterator[None]:
    """Turn an :class:`OSError` raised while writing to ``place`` into a message and a fix.

    ``fix`` is what the user should do instead, e.g. ``"choose another -o DIR"``. A place
    that cannot be written (read-only, not a folder, no permission) is invalid input;
    anything else (a full disk, an I/O error) is an :class:`HrddError` exiting 1.
    """
    try:
        yield
    except OSError as err:
        reason = _REASONS.get(err.errno or 0, err.strerror or str(err) or type(err).__name__)
        problem = Problem(str(place), 0, 0, "", f"cannot be written ({reason.lower()}); "
                          f"nothing was written there. {fix[:1].upper()}{fix[1:]}")
        if err.errno in _PLACE_ERRORS:
            raise InputError(problem) from err
        raise HrddError(str(problem)) from err
