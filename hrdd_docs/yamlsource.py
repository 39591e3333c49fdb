"""Read YAML strictly: every scalar stays a string, and every value keeps its place.

PyYAML's ``safe_load`` guesses types (``NO`` becomes false, ``0012`` becomes 10,
``12:30`` becomes 750) and keeps the last of two duplicate keys. Here the document is
*composed* with a resolver that knows no implicit types, so the models decide every
type, and the tree is walked by hand so that duplicate keys, explicit tags and alias
expansion bombs are refused with the line and column where they occur.
"""

from __future__ import annotations

import codecs
import gc
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from hrdd_docs.errors import InputError, Problem
from hrdd_docs.files import read_regular

MAX_BYTES = 4 * 1024 * 1024
"""A project definition larger than this is refused before it is parsed."""

MAX_NODES = 200_000
"""Values after alias expansion; a real project has a few thousand."""

MAX_DEPTH = 64
"""Levels of nesting; a real project uses fewer than ten."""

_TOO_DEEP = (f"values are nested more than {MAX_DEPTH} levels deep; a project definition "
             "needs fewer than ten: check the brackets and the indentation")

Path_ = tuple[str | int, ...]

_NULLS = {"", "~", "null", "Null", "NULL"}
_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


# Characters PyYAML refuses to read at all (C0 and C1 controls, DEL, U+FFFE, U+FFFF).
# Before parsing they are swapped for stand-ins from the last private-use plane, and
# swapped back inside each value, so that the model refuses them naming the field they
# are in, and maps a vertical tab pasted from Word to a line break.
_UNREADABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
_STAND_INS = re.compile("[\U0010ff00-\U0010ffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _paired(text: str, at: int) -> bool:
    """Whether the surrogate at ``at`` is half of a high-low pair."""
    code = ord(text[at])
    if code < 0xDC00:
        return at + 1 < len(text) and 0xDC00 <= ord(text[at + 1]) <= 0xDFFF
    return at > 0 and 0xD800 <= ord(text[at - 1]) < 0xDC00


def _stand_in(match: re.Match[str]) -> str:
    return chr(0x10FF00 + (ord(match.group()) & 0xFF))


def _restore(match: re.Match[str]) -> str:
    offset = ord(match.group()) - 0x10FF00
    return chr(offset if offset < 0xFE else 0xFF00 + offset)


class _StringsOnlyLoader(yaml.SafeLoader):  # type: ignore[misc,unused-ignore]
    """A loader that resolves no implicit types: plain scalars are all strings."""


_StringsOnlyLoader.yaml_implicit_resolvers = {}


def _fast_loader() -> type | None:
    """libyaml's scanner and parser under PyYAML's own composer, or None without libyaml.

    Reading a project is mostly scanning; libyaml scans about seven times faster than
    pure-Python PyYAML (a 1,000-risk project: 0.75 s down to 0.11 s). Composing stays in
    Python on purpose: libyaml's own composer recurses in C, and a few thousand nested
    brackets crash the interpreter instead of raising RecursionError.
    """
    try:
        from yaml._yaml import CParser
    except ImportError:  # pragma: no cover - PyYAML built without libyaml
        return None

    bases = (yaml.composer.Composer, CParser, yaml.resolver.BaseResolver)

    class _FastStringsOnlyLoader(*bases):  # type: ignore[misc]
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.resolver.BaseResolver.__init__(self)

        def compose_scalar_node(self, anchor: Any) -> yaml.ScalarNode:
            node: yaml.ScalarNode = super().compose_scalar_node(anchor)
            if node.style == "":  # libyaml marks a plain scalar "", PyYAML None
                node.style = None
            return node

    _FastStringsOnlyLoader.yaml_implicit_resolvers = {}
    return _FastStringsOnlyLoader


_FAST_LOADER = _fast_loader()


_LIBYAML_DIFFERS = re.compile("[\t\ufeff]")
"""Where libyaml and PyYAML disagree (found by fuzzing the example against both):
libyaml accepts a tab where PyYAML refuses it, and does not count a byte-order mark
inside a line as a column. Texts holding one go to PyYAML. (A '?' inside brackets is
the third difference, see :func:`_question_in_brackets`.)"""


def _question_in_brackets(node: yaml.Node, text: str) -> bool:
    """Whether a '?' stands inside a flow collection (``[...]``, ``{...}``) of ``node``.

    There PyYAML ends a plain value at the '?' (and usually refuses the document)
    while libyaml reads on; elsewhere, e.g. in a title ending with '?', both agree.
    """
    # The line breaks splitlines() knows beyond YAML's are swapped out before parsing.
    questions = [(n, col) for n, line in enumerate(text.splitlines()) if "?" in line
                 for col, char in enumerate(line) if char == "?"]
    spans, stack, seen = [], [node], set()
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, yaml.CollectionNode):
            if current.flow_style:
                spans.append(((current.start_mark.line, current.start_mark.column),
                              (current.end_mark.line, current.end_mark.column)))
            for item in current.value:
                stack.extend(item if isinstance(item, tuple) else (item,))
    return any(start <= question < end for question in questions for start, end in spans)


def _compose(text: str) -> yaml.Node | None:
    """Compose with libyaml when it can; on any trouble, with pure-Python PyYAML.

    Only a document libyaml reads without complaint is taken from it. Anything else is
    read again by PyYAML, so every error (and its wording, line and column, which the
    messages below rely on) is exactly PyYAML's; so is every place, as texts where the
    two readers differ (:data:`_LIBYAML_DIFFERS`) go to PyYAML directly.
    """
    if _FAST_LOADER is not None and not _LIBYAML_DIFFERS.search(text):
        try:
            node: yaml.Node | None = yaml.compose(text, Loader=_FAST_LOADER)
        except Exception:  # noqa: S110 - the reference reader below reports it
            pass
        else:
            if node is None or "?" not in text or not _question_in_brackets(node, text):
                return node
    reference: yaml.Node | None = yaml.compose(text, Loader=_StringsOnlyLoader)
    return reference


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


def read_text(path: Path, *, max_bytes: int = MAX_BYTES, what: str = "project definition") -> str:
    """Read a UTF-8 text file, refusing what is missing, not a regular file, too big or
    not UTF-8; ``what`` names the kind of file in messages (``"clause file"``)."""
    name = str(path)
    raw = read_regular(path, max_bytes=max_bytes, what=what)
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(Problem(name, 0, 0, "", "the file is saved as UTF-16 (\"Unicode\" "
                                 "in some editors); save it with the UTF-8 encoding"))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        line_start = raw.rfind(b"\n", 0, err.start) + 1
        col = len(raw[line_start : err.start].decode("utf-8", "replace")) + 1
        raise InputError(
            Problem(name, line, col, "", f"the byte 0x{raw[err.start]:02X} is not UTF-8 text; "
                    "save the file with the UTF-8 encoding")
        ) from err


def parse(text: str, source: str) -> Located:
    """Parse one YAML document into strings, lists and dicts, with every value's place.

    The garbage collector is paused while it runs (and restored after, as it was): a
    large project makes millions of short-lived nodes and none of them forms a cycle,
    yet each collection walks every one still alive, so its cost grew with the square
    of the file (a second at 20,000 items).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _parse(text, source)
    finally:
        if enabled:
            gc.enable()


def _parse(text: str, source: str) -> Located:
    swapped = bool(_UNREADABLE.search(text)) and not _STAND_INS.search(text)
    try:
        # Composing runs no constructor: nothing is instantiated.
        node = _compose(_UNREADABLE.sub(_stand_in, text) if swapped else text)
    except yaml.MarkedYAMLError as err:
        raise InputError(_syntax_problem(err, source)) from err
    except yaml.reader.ReaderError as err:
        line = text.count("\n", 0, err.position) + 1
        col = err.position - (text.rfind("\n", 0, err.position) + 1) + 1
        raise InputError(
            Problem(source, line, col, "", f"the character U+{_code_point(err.character):04X} "
                    "cannot be read; delete it")
        ) from err
    except yaml.YAMLError as err:
        raise InputError(Problem(source, 0, 0, "", f"YAML syntax error: {err}")) from err
    except RecursionError as err:
        # PyYAML composes nested values recursively: thousands of '[' exhaust the stack.
        raise InputError(Problem(source, 0, 0, "", _TOO_DEEP)) from err
    if node is None:
        what = "file is empty" if not text.strip() else "file holds only comments"
        raise InputError(Problem(source, 0, 0, "", f"{what}; start from `hrdd init`"))
    located = Located(source, None)
    walker = _Walker(located, restore=swapped)
    located.data = walker.walk(node, ())
    if walker.problems:
        raise InputError(walker.problems)
    return located


def _code_point(character: int | str) -> int:
    """PyYAML's ReaderError gives the character as a code point, or as a str or byte."""
    return character if isinstance(character, int) else ord(character)


_CLOSERS = {"while parsing a flow sequence": ("list", "[", "]"),
            "while parsing a flow mapping": ("mapping", "{", "}")}


def _syntax_problem(err: yaml.MarkedYAMLError, source: str) -> Problem:
    """Turn a PyYAML syntax error into a located message that says how to fix it.

    The three mistakes people make most (a tab used to indent, an unclosed quote, an
    unclosed bracket) get their own message, placed where the mistake starts rather
    than where the parser gave up; anything else keeps PyYAML's wording with a hint.
    """
    problem, context = err.problem or "invalid YAML", err.context or ""
    start, stop = err.context_mark, err.problem_mark or err.context_mark

    def at(mark: yaml.Mark | None, message: str) -> Problem:
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        return Problem(source, line, col, "", f"YAML syntax error: {message}")

    if "'\\t'" in problem:
        return at(stop, "a tab is used for indentation; YAML indents with spaces only: "
                  "replace the tab with spaces")
    if context == "while scanning a quoted scalar" and start is not None:
        quote = start.buffer[start.pointer] if start.buffer else "'"
        return at(start, f"the quoted value that starts here is never closed; add the "
                  f"closing {quote} (or remove the opening one)")
    if context in _CLOSERS and start is not None and stop is not None:
        kind, opener, closer = _CLOSERS[context]
        return at(start, f"the {kind} opened with '{opener}' here is not closed; add "
                  f"'{closer}' after its last entry (reading stopped at line {stop.line + 1}, "
                  f"column {stop.column + 1})")
    if problem.startswith("found undefined alias"):
        name = problem.removeprefix("found undefined alias").strip(" '")
        return at(stop, f"*{name} refers to no anchor: no value above is marked &{name}; "
                  "mark one, or write the value out")
    if context == "expected a single document in the stream":
        return at(stop, "a second document starts here ('---'); keep one project definition "
                  "per file")
    if problem == "mapping values are not allowed here":
        return at(stop, "unexpected ':' here; indent this line like the keys around it, or "
                  "put the value in quotes if it contains ': '")
    if context and context not in problem:
        problem = f"{context}, {problem}"
    return at(stop, f"{problem}; check the indentation and quote values that contain ': ' "
              "or start with a special character")


def load(path: Path | str, *, max_bytes: int = MAX_BYTES,
         what: str = "project definition") -> Located:
    """Read and parse a YAML file (see :func:`read_text` and :func:`parse`)."""
    path = Path(path)
    return parse(read_text(path, max_bytes=max_bytes, what=what), os.fspath(path))


def _tag_message(tag: str) -> str:
    short = tag.removeprefix("tag:yaml.org,2002:")
    shown = f"!!{short}" if short != tag else tag
    return (f"the YAML tag {shown} is not allowed; remove it (the project model gives "
            "every value its type)")


class _Walker:
    def __init__(self, located: Located, *, restore: bool = False) -> None:
        self.located = located
        self.restore = restore
        self.count = 0
        self.problems: list[Problem] = []

    def _problem(self, node: yaml.Node, path: Path_, message: str) -> None:
        self.problems.append(
            Problem(self.located.source, node.start_mark.line + 1, node.start_mark.column + 1,
                    format_path(path), message)
        )

    def text(self, value: str, node: yaml.Node | None = None, path: Path_ = ()) -> str:
        """A scalar as written, with the characters PyYAML cannot read put back.

        A surrogate pair written as two escapes (``"\\ud83d\\ude00"``, as JSON writes
        characters beyond U+FFFF) becomes the character it stands for; a lone surrogate
        is refused here, where its place is known (the model could not even read it).
        """
        value = _STAND_INS.sub(_restore, value) if self.restore else value
        if not _SURROGATE.search(value):
            return value
        try:
            return value.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
        except UnicodeDecodeError:
            lone = next(m for m in _SURROGATE.finditer(value) if not _paired(value, m.start()))
            if node is not None:
                self._problem(node, path, f"contains U+{ord(lone.group()):04X} at position "
                              f"{lone.start() + 1}, half of a character written as an escape "
                              "(\\u...) without its other half; write the character itself, "
                              "or both halves of the pair")
            return value

    def walk(self, node: yaml.Node, path: Path_) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            # Name the top-level key being read: the full path inside an alias bomb is a
            # meaningless string of indexes.
            line, col = self.located.places.get(path[:1], (1, 1))
            raise InputError(
                Problem(self.located.source, line, col, format_path(path[:1]),
                        f"the document expands to more than {MAX_NODES:,} values (through "
                        "aliases); write the values out instead of nesting aliases")
            )
        if len(path) > MAX_DEPTH:
            raise InputError(
                Problem(self.located.source, node.start_mark.line + 1,
                        node.start_mark.column + 1, format_path(path[:1]), _TOO_DEEP)
            )
        self.located.places.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.ScalarNode):
            if node.tag != _STR:
                self._problem(node, path, _tag_message(node.tag))
                return None
            if node.style is None and node.value in _NULLS:
                return None
            return self.text(node.value, node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                self._problem(node, path, _tag_message(node.tag))
            return [self.walk(item, (*path, i)) for i, item in enumerate(node.value)]
        if node.tag != _MAP:
            self._problem(node, path, _tag_message(node.tag))
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _STR:
                self._problem(key_node, path, "a key must be plain text; remove the tag or "
                              "the nested key")
                continue
            key = self.text(key_node.value, key_node, path)
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
