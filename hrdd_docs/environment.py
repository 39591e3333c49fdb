"""The one Jinja environment of the toolkit: sandboxed, strict, refusing None, bounded.

Clause texts and document templates may come from a user's folder (``--library``), so
they are rendered in an :class:`~jinja2.sandbox.ImmutableSandboxedEnvironment`. An
undefined variable raises (``StrictUndefined``) and a ``None`` value raises too: an
agreement must never carry a blank or the word "None" where a value belongs.

Autoescaping depends on what is rendered: Word and Excel XML is escaped, so a value
holding ``&`` or ``<w:p>`` appears literally; plain clause text is not escaped here
because it is escaped once, when it is placed into a document.

The sandbox keeps a template from reaching Python; the limits here keep it from
exhausting the machine. Each render has a budget (:class:`Limits`): loop iterations,
calls (macros included, so recursion is bounded too), characters produced anywhere
(printed, collected by ``{% set %}`` blocks or macros, joined with ``~``), and the size
of numbers, strings and lists that ``*``, ``**``, ``+`` make. Loading another template
(``include``, ``extends``, ``import``) and recursive loops are refused when the template
is parsed; filters that multiply their input (``center``, ``indent``, ``format``…),
methods of values (``'x'.center(10**9)``, ``str.format``) and ``lipsum`` are not
available. Going past a limit raises :class:`LimitError`, a ``TemplateRuntimeError``.
"""

from __future__ import annotations

import contextvars
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from jinja2 import StrictUndefined, nodes, pass_context
from jinja2.exceptions import TemplateRuntimeError, TemplateSyntaxError
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment


class NoneValueError(ValueError):
    """A template printed a value that is None."""


class LimitError(TemplateRuntimeError):
    """A template went past one of the limits of its render (or uses what is refused)."""


@dataclass(frozen=True)
class Limits:
    """What one render may do."""

    iterations: int
    """Loop iterations, all loops together."""
    calls: int
    """Calls of macros, ``caller()``, ``range()`` and the like."""
    characters: int
    """Characters produced anywhere in the render; also the longest string or list."""
    digits: int = 1000
    """Decimal digits of the largest whole number ``*`` or ``**`` may make."""


CLAUSE_LIMITS = Limits(iterations=10_000, calls=10_000, characters=1_000_000)
"""A clause is a few sentences: generous for any real text, tiny for a machine."""

DOCUMENT_LIMITS = Limits(iterations=2_000_000, calls=1_000_000, characters=500_000_000)
"""A document's XML: its tables may list thousands of items, each a few KB of markup."""

SAFE_FILTERS = frozenset({
    "abs", "attr", "capitalize", "count", "d", "default", "dictsort", "e", "escape",
    "first", "float", "forceescape", "groupby", "int", "items", "join", "last", "length",
    "list", "lower", "map", "max", "min", "reject", "rejectattr", "replace", "reverse",
    "round", "select", "selectattr", "sort", "string", "striptags", "sum", "title",
    "tojson", "trim", "truncate", "unique", "upper", "urlencode", "wordcount",
})
"""Filters whose result grows at most with their input. Left out: ``center``,
``indent``, ``wordwrap``, ``format``, ``batch``, ``slice`` (they take a size),
``random`` (not deterministic), ``pprint``, ``urlize``, ``xmlattr``, ``filesizeformat``;
and ``safe`` from clause texts (a document template may mark its own markup safe).
``replace`` is checked before it runs."""

_BUILTIN_TYPES = (str, bytes, int, float, complex, list, tuple, dict, set, frozenset)

_budget: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar("hrdd_budget",
                                                                         default=None)


class _Budget:
    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.iterations = limits.iterations
        self.calls = limits.calls
        self.characters = limits.characters

    def iterate(self) -> None:
        self.iterations -= 1
        if self.iterations < 0:
            raise LimitError(f"the loops run more than {self.limits.iterations:,} times in "
                             "all; loop over fewer values, or write the text out")

    def call(self) -> None:
        self.calls -= 1
        if self.calls < 0:
            raise LimitError(f"it makes more than {self.limits.calls:,} calls (of macros, "
                             "perhaps calling themselves); simplify it")

    def produce(self, size: int) -> None:
        self.characters -= size
        if self.characters < 0:
            raise LimitError(f"it produces more than {self.limits.characters:,} characters; "
                             "a text this long is a mistake: shorten the loops or the text")

    def size(self, size: int) -> None:
        if size > self.limits.characters:
            raise LimitError(f"it makes a string or list of {size:,} items, more than "
                             f"{self.limits.characters:,}; make it shorter")


def _current(context: Context) -> _Budget:
    budget = _budget.get()
    if budget is None:  # rendered outside render(): one budget per environment
        environment: Any = context.environment
        budget = environment.hrdd_budget
    return budget


class _BoundedEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox, with the limits of the module docstring."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, limits: Limits, **options: Any) -> None:
        super().__init__(**options)
        self.limits = limits
        self.hrdd_budget = _Budget(limits)
        allowed = SAFE_FILTERS | ({"safe"} if self.autoescape else set())
        self.filters = {name: f for name, f in self.filters.items() if name in allowed}
        self.filters["replace"] = _replace
        self.filters["hrdd_loop"] = _loop
        self.filters["hrdd_out"] = _out
        self.filters["hrdd_charge"] = _charge
        self.globals = {name: self.globals[name] for name in ("range", "dict", "namespace")}

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        _Bounder(self.filters, name, filename).walk(tree)
        return tree

    def call(__self, __context: Context, __obj: Any, *args: Any,
             **kwargs: Any) -> Any:
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, _BUILTIN_TYPES) and not isinstance(__obj, type):
            name = getattr(__obj, "__name__", "a method")
            raise LimitError(f"it calls {name}() on a value; templates here do not call "
                             "methods of values: use the values and filters as they are")
        _current(__context).call()
        return super().call(__context, __obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Any:
        if super().wrap_str_format(value) is None:
            return None

        def refused(*args: Any, **kwargs: Any) -> str:
            raise LimitError("it formats a string with format(); write the text and the "
                             "variables as they are")

        return refused

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        budget = _current(context)
        if operator == "%" and isinstance(left, str):
            raise LimitError("it formats a string with %; write the text and the variables "
                             "as they are")
        if operator in {"*", "**"} and _whole(left) and _whole(right):
            bits = (abs(left).bit_length() + abs(right).bit_length() if operator == "*"
                    else abs(left).bit_length() * max(right, 0))
            if bits > self.limits.digits * math.log2(10):
                raise LimitError(f"it makes a number of more than {self.limits.digits:,} "
                                 "digits; use smaller numbers")
        if operator == "*" and _sized(left) and _whole(right):
            budget.size(len(left) * max(right, 0))
        if operator == "*" and _whole(left) and _sized(right):
            budget.size(len(right) * max(left, 0))
        if operator == "+" and _sized(left) and _sized(right):
            budget.size(len(left) + len(right))
        return super().call_binop(context, operator, left, right)


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _sized(value: Any) -> bool:
    return isinstance(value, (str, list, tuple))


_REFUSED: dict[type[nodes.Node], str] = {
    nodes.Include: "include", nodes.Extends: "extends", nodes.Import: "import",
    nodes.FromImport: "from ... import"}


_LOOPS_AND_CALLS = (nodes.For, nodes.Macro, nodes.CallBlock)


class _Bounder:
    """One pass over a parsed template: refuse what is not allowed, and count the rest.

    Loops count their iterations (``hrdd_loop`` around the iterable); the static text of
    a loop body is charged on each iteration, that of a macro or call block on each call
    (an output at the start of the body), so text repeated by a loop or a macro counts
    without touching each piece of it. Expressions are counted as they print (in
    ``finalize``), and each part of a ``~`` as it is joined.
    """

    def __init__(self, filters: Any, name: str | None, filename: str | None) -> None:
        self.filters = filters
        self.name = name
        self.filename = filename

    def refuse(self, message: str, node: nodes.Node) -> TemplateSyntaxError:
        return TemplateSyntaxError(message, node.lineno, self.name, self.filename)

    def walk(self, node: nodes.Node) -> int:
        """Check and rewrite ``node``; return the static text it prints when run once
        that no loop or macro inside it charges already."""
        if isinstance(node, nodes.TemplateData):
            return len(node.data)
        if type(node) in _REFUSED:
            raise self.refuse(f"{{% {_REFUSED[type(node)]} %}} loads another template, "
                              "which is not allowed here: write the text itself", node)
        if isinstance(node, nodes.Filter) and node.name not in self.filters:
            shown = ", ".join(sorted(f for f in self.filters if not f.startswith("hrdd_")))
            raise self.refuse(f"there is no filter {node.name!r} here; use one of {shown}",
                              node)
        if isinstance(node, _LOOPS_AND_CALLS):
            return self.repeated(node)
        weight = sum(self.walk(child) for child in node.iter_child_nodes())
        if isinstance(node, nodes.Concat):
            node.nodes = [nodes.Filter(child, "hrdd_out", [], [], None, None,
                                       lineno=child.lineno) for child in node.nodes]
        return weight

    def repeated(self, node: Any) -> int:
        body: int = sum(self.walk(child) for child in node.body)
        if isinstance(node, nodes.For):
            if node.recursive:
                raise self.refuse("a recursive loop is not allowed here; loop over the "
                                  "values once", node)
            once = sum(self.walk(child) for child in (node.target, node.iter, node.test,
                                                      *node.else_) if child is not None)
            node.iter = nodes.Filter(node.iter, "hrdd_loop", [nodes.Const(body)], [], None,
                                     None, lineno=node.lineno)
            return once
        for child in node.iter_child_nodes(exclude=("body",)):
            self.walk(child)
        charge = nodes.Filter(nodes.Const(""), "hrdd_charge", [nodes.Const(body)], [], None,
                              None, lineno=node.lineno)
        node.body.insert(0, nodes.Output([charge], lineno=node.lineno))
        return 0


@pass_context
def _loop(context: Context, values: Iterable[Any], static: int = 0) -> Iterator[Any]:
    budget = _current(context)
    for value in values:
        budget.iterate()
        budget.produce(static)
        yield value


@pass_context
def _charge(context: Context, value: str, static: int) -> str:
    budget = _current(context)
    budget.call()
    budget.produce(static)
    return value


@pass_context
def _out(context: Context, value: Any) -> Any:
    if value is not None:
        size = len(value) if isinstance(value, str) else 32
        budget = _current(context)
        budget.size(size)
        budget.produce(size)
    return value


@pass_context
def _replace(context: Context, value: Any, old: Any, new: Any, count: int | None = None) -> Any:
    from jinja2.filters import do_replace

    text, old_text, new_text = str(value), str(old), str(new)
    times = (len(text) + 1 if not old_text else text.count(old_text))
    if count is not None and count >= 0:
        times = min(times, count)
    _current(context).size(len(text) + times * max(len(new_text) - len(old_text), 0))
    return do_replace(context.eval_ctx, value, old, new, count)


@pass_context
def _finalize(context: Context, value: Any) -> Any:
    """Refuse None; count what an expression prints."""
    if value is None:
        raise NoneValueError(
            "a template printed a value that is empty (None); give the value in the "
            "project file, or write the template so it leaves the sentence out"
        )
    if isinstance(value, str):
        _current(context).produce(len(value))
    return value


def make_environment(*, xml: bool) -> ImmutableSandboxedEnvironment:
    """Return a new strict, sandboxed, bounded environment; ``xml=True`` escapes every value.

    A new environment per use, because docxtpl sets attributes on the environment it
    is given; both kinds are built here and nowhere else. ``xml=True`` is for document
    templates (:data:`DOCUMENT_LIMITS`), ``xml=False`` for clause texts
    (:data:`CLAUSE_LIMITS`).
    """
    env = _BoundedEnvironment(
        DOCUMENT_LIMITS if xml else CLAUSE_LIMITS,
        undefined=StrictUndefined,
        autoescape=xml,
        finalize=_finalize,
        keep_trailing_newline=True,
    )
    env.filters["money"] = money
    env.filters["de"] = _de
    env.filters["a"] = _a
    return env


@pass_context
def _de(context: Context, value: Any) -> str:
    """``{{ party|de }}``: "du Donataire", "de la Autoridad" (:func:`hrdd_docs.terms.de`)."""
    from hrdd_docs import terms

    return terms.de(value, _language(context))


@pass_context
def _a(context: Context, value: Any) -> str:
    """``{{ party|a }}``: "au Donataire", "a la Autoridad" (:func:`hrdd_docs.terms.a`)."""
    from hrdd_docs import terms

    return terms.a(value, _language(context))


def _language(context: Context) -> str:
    """The document language, which every rendering context carries as ``language``."""
    language = context.get("language")
    if language not in ("en", "fr", "es"):
        raise ValueError("the de and a filters need the document language: the renderer "
                         "gives every text a 'language' of en, fr or es")
    return str(language)


def render(template: Any, variables: dict[str, Any]) -> str:
    """Render ``template`` with a fresh budget of its environment's limits."""
    token = _budget.set(_Budget(template.environment.limits))
    try:
        rendered: str = template.render(variables)
        return rendered
    finally:
        _budget.reset(token)


def money(value: Any) -> str:
    """Format an amount with thousands separators and two decimals: ``6,400.00``."""
    return f"{value:,.2f}"
