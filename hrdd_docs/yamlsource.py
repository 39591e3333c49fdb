"""Read YAML strictly: every scalar stays a string, and every value keeps its place.

PyYAML's ``safe_load`` guesses types (``NO`` becomes false, ``0012`` becomes 10,
``12:30`` becomes 750) and keeps the last of two duplicate keys. Here the document is
*composed* with a resolver that knows no implicit types, so the models decide every
type, and the tree is walked by hand so that duplicate keys, explicit tags and alias
expansion bombs are refused with the line and column where they occur.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from hrdd_docs.errors import InputError, Problem

MAX_BYTES = 4 * 1024 * 1024
"""A project definition larger than this is refused before it is parsed."""

MAX_NODES = 200_000
"""Values after alias expansion; a real project has a few thousand."""

Path_ = tuple[str | int, ...]

_NULLS = {"", "~", "null", "Null", "NULL"}
_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


class _StringsOnlyLoader(yaml.SafeLoader):
    """A loader that resolves no implicit types: plain scalars are all strings."""


_StringsOnlyLoader.yaml_implicit_resolvers = {}


@dataclass
class Located:
    """A parsed document: plain data, and the 1-based line and column of every path."""

    source: str
    data: Any
    places: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def place(self, path: Path_) -> tuple[int, int]:
        """Return the place of ``path``, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.places:
                return self.places[path[:end]]
        return (1, 1)

    def problem(self, path: Path_, message: str) -> Problem:
        line, col = self.place(path)
        return Problem(self.source, line, col, format_path(path), message)


def format_path(path: Path_) -> str:
    """Write a field path the way a reader of the YAML file sees it: ``risks[2].tags``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def read_text(path: Path, *, max_bytes: int = MAX_BYTES) -> str:
    """Read a UTF-8 text file, refusing what is missing, a folder, too big or not UTF-8."""
    name = str(path)
    if not path.exists():
        raise InputError(Problem(name, 0, 0, "", "no such file; check the path"))
    if path.is_dir():
        raise InputError(Problem(name, 0, 0, "", "is a folder; give the project file inside it"))
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(
            Problem(
                name, 0, 0, "",
                f"file is {size / 1e6:.1f} MB, more than the {max_bytes / 1e6:.0f} MB limit "
                "for a project definition; is this the right file?",
            )
        )
    try:
        with path.open("rb") as fh:
            raw = fh.read(max_bytes + 1)
    except OSError as err:
        raise InputError(Problem(name, 0, 0, "", f"cannot be read ({err.strerror})")) from err
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        col = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        raise InputError(
            Problem(name, line, col, "", "is not UTF-8 text; save the file as UTF-8")
        ) from err


def parse(text: str, source: str) -> Located:
    """Parse one YAML document into strings, lists and dicts, with every value's place."""
    try:
        node = yaml.compose(text, Loader=_StringsOnlyLoader)  # noqa: S506 - no constructor runs
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        what = err.problem or "invalid YAML"
        if err.context and err.context not in what:
            what = f"{err.context}, {what}"
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        raise InputError(
            Problem(source, line, col, "", f"YAML syntax error: {what}; check the indentation "
                    "and quote values that contain ': ' or start with a special character")
        ) from err
    except yaml.YAMLError as err:
        raise InputError(Problem(source, 0, 0, "", f"YAML syntax error: {err}")) from err
    if node is None:
        raise InputError(Problem(source, 0, 0, "", "file is empty; start from `hrdd init`"))
    located = Located(source, None)
    walker = _Walker(located)
    located.data = walker.walk(node, ())
    if walker.problems:
        raise InputError(walker.problems)
    return located


def load(path: Path | str, *, max_bytes: int = MAX_BYTES) -> Located:
    """Read and parse a YAML file (see :func:`read_text` and :func:`parse`)."""
    path = Path(path)
    return parse(read_text(path, max_bytes=max_bytes), os.fspath(path))


class _Walker:
    def __init__(self, located: Located) -> None:
        self.located = located
        self.count = 0
        self.problems: list[Problem] = []

    def _problem(self, node: yaml.Node, path: Path_, message: str) -> None:
        self.problems.append(
            Problem(self.located.source, node.start_mark.line + 1, node.start_mark.column + 1,
                    format_path(path), message)
        )

    def walk(self, node: yaml.Node, path: Path_) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise InputError(
                Problem(self.located.source, node.start_mark.line + 1, node.start_mark.column + 1,
                        format_path(path),
                        f"the document expands to more than {MAX_NODES:,} values (through "
                        "aliases); write the values out instead of nesting aliases")
            )
        self.located.places.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.ScalarNode):
            if node.tag != _STR:
                self._problem(node, path, f"YAML tag {node.tag!r} is not allowed; remove it")
                return None
            if node.style is None and node.value in _NULLS:
                return None
            return node.value
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                self._problem(node, path, f"YAML tag {node.tag!r} is not allowed; remove it")
            return [self.walk(item, (*path, i)) for i, item in enumerate(node.value)]
        if node.tag != _MAP:
            self._problem(node, path, f"YAML tag {node.tag!r} is not allowed; remove it")
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _STR:
                self._problem(key_node, path, "a key must be plain text; remove the tag or "
                              "the nested key")
                continue
            key = key_node.value
            if key in out:
                first = self.located.places.get((*path, key), (0, 0))[0]
                self._problem(key_node, (*path, key),
                              f"duplicate key {key!r} (first given on line {first}); "
                              "keep only one")
                continue
            self.located.places[(*path, key)] = (
                key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = self.walk(value_node, (*path, key))
        return out
