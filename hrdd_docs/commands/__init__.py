"""One module per ``hrdd`` command; each defines ``command``. See :mod:`hrdd_docs.cli`.

Option types shared by several commands live here.
"""

from datetime import date
from typing import Any

import click


class _Day(click.ParamType):  # type: ignore[type-arg,unused-ignore]
    """A calendar day written YYYY-MM-DD, refused in the words the project file uses."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            day = date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"{value!r} is not a date; write it as YYYY-MM-DD (e.g. 2026-03-01)",
                      param, ctx)
        from hrdd_docs.model import DATE_MAX, DATE_MIN  # the project file's bounds

        if not DATE_MIN <= day <= DATE_MAX:
            self.fail(f"{value!r} is outside {DATE_MIN.year} to {DATE_MAX.year}, the years a "
                      "project file may use; give a day within them", param, ctx)
        return day


DAY = _Day()
"""``--as-of``: a day such as 2026-03-01."""
