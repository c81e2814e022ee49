"""Rendering a macro: Jinja2's immutable sandbox, strict about everything a customer would see.

Macro files are shared between agents and teams, so a template is untrusted code
that runs on every agent's machine, and its output goes to customers. Hence:

* :class:`jinja2.sandbox.ImmutableSandboxedEnvironment`: no ``_private`` or
  internal attributes, no mutating lists or dicts; on top of it only a short list
  of string methods (``upper()``, ``split()`` ...), and no ``str.format``;
* no operators that build huge values from a short template: ``**`` always,
  ``*`` on text or lists, ``%`` on text (see :attr:`_Sandbox.intercepted_binops`);
  no ``range``, ``lipsum``, ``namespace``, no ``{% macro %}``, ``{% call %}``,
  ``{% block %}``, ``{% include %}``, recursive loops, or loops nested more than
  twice; a reply longer than :data:`MAX_TEXT` characters is an error;
* :class:`jinja2.StrictUndefined`: a variable that does not exist is an error,
  never an empty hole; and every ``{{ … }}`` must print something: an empty
  value, a missing group (no order on record), a raw date or a list is an error
  unless the template says blank is fine (``| optional``, ``{% if %}``,
  ``x or y``, ``| default("…", true)``);
* values are data: Jinja never evaluates a variable's value as a template, so a
  customer named ``{{ 7*7 }}`` is greeted literally.

Every failure is a :class:`~console.core.macros.model.MacroError` naming the file,
the line inside the file (the template's line mapped onto the TOML text), the
macro and the language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from types import TracebackType
from typing import Any

from jinja2 import (
    StrictUndefined,
    Template,
    TemplateSyntaxError,
    Undefined,
    UndefinedError,
    nodes,
)
from jinja2.exceptions import SecurityError
from jinja2.filters import FILTERS
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import pass_context

from api_client.sanitize import sanitize
from console.core.macros.context import Blank, Formatter, MacroContext, NotPrintable, Vars
from console.core.macros.model import (
    FALLBACK_LANGUAGE,
    MacroActionsSpec,
    MacroError,
    MacroSpec,
    resolve_promise,
)

__all__ = [
    "MAX_LOOP_DEPTH",
    "MAX_TEXT",
    "Rendered",
    "check_template",
    "choose_language",
    "promise_for",
    "render",
    "render_for",
]

MAX_TEXT = 10_000
"""Longest reply a macro may render, in characters."""

MAX_LOOP_DEPTH = 2
"""How deeply ``{% for %}`` loops may nest (items of an order, then something of each)."""

EXIT_USAGE = 2

_SAFE_METHODS = frozenset(
    {
        "upper", "lower", "title", "capitalize", "casefold", "strip", "lstrip", "rstrip",
        "split", "startswith", "endswith", "isdigit", "isalpha", "isupper", "islower",
        "get", "keys", "values", "items", "cycle", "changed",
    }
)  # fmt: skip
"""Methods a template may call (no ``format``, ``replace``, ``center``, ``zfill`` ...)."""

_KEPT_FILTERS = (
    "abs", "capitalize", "count", "d", "default", "dictsort", "first", "float", "int",
    "items", "join", "last", "length", "list", "lower", "map", "max", "min", "reject",
    "rejectattr", "reverse", "round", "select", "selectattr", "sort", "string", "sum",
    "title", "trim", "truncate", "unique", "upper", "wordcount",
)  # fmt: skip
"""Jinja's filters that cannot blow a short template up into a huge text."""

_FORBIDDEN_TAGS: tuple[tuple[type[nodes.Node], str], ...] = (
    (nodes.Macro, "{% macro %}"),
    (nodes.CallBlock, "{% call %}"),
    (nodes.Block, "{% block %}"),
    (nodes.Extends, "{% extends %}"),
    (nodes.Include, "{% include %}"),
    (nodes.Import, "{% import %}"),
    (nodes.FromImport, "{% from ... import %}"),
)


class _Problem(Exception):
    """Something a template printed or did that a reply must not contain."""


class _Optional(str):
    """A value the template marked as allowed to be blank (``| optional``)."""


def _is_sequence(value: object) -> bool:
    return isinstance(value, str | list | tuple | bytes)


class _Sandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, minus the operators and methods that build huge values."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            raise SecurityError("the power operator ** is not allowed in macros")
        if operator == "*" and (_is_sequence(left) or _is_sequence(right)):
            raise SecurityError("repeating text or lists with * is not allowed in macros")
        if operator == "%" and isinstance(left, str):
            raise SecurityError("%-formatting is not allowed in macros; join text with ~")
        return super().call_binop(context, operator, left, right)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if not super().is_safe_attribute(obj, attr, value):
            return False
        return not callable(value) or attr in _SAFE_METHODS

    def wrap_str_format(self, value: Any) -> None:
        return None  # str.format is refused by is_safe_attribute instead

    def getattr(self, obj: Any, attribute: str) -> Any:
        if isinstance(obj, Vars):
            return self._field(obj, attribute)
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if isinstance(obj, Vars) and isinstance(argument, str):
            return self._field(obj, argument)
        return super().getitem(obj, argument)

    def _field(self, group: Vars, name: str) -> Any:
        if name in group.fields:
            return group.fields[name]
        if group.open:
            return Blank(f"{group.path}.{name}", group.unknown_hint)
        return self.undefined(hint=group.why_not(name), obj=group, name=name)


def _finalize(value: Any) -> Any:
    """What every ``{{ … }}`` prints: refuse empty values, groups, raw dates and lists."""
    if isinstance(value, _Optional):
        return str(value)
    if isinstance(value, Blank):
        why = f" ({value.why})" if value.why else ""
        raise _Problem(
            f"`{value.path}` is empty{why}; print it only `{{% if {value.path} %}}`, "
            "or mark it `| optional`"
        )
    if isinstance(value, Vars):
        if value.text is not None:
            return value.text
        raise _Problem(value.not_printable())
    if value is None:
        raise _Problem("an empty value (none) is printed here")
    if isinstance(value, datetime | date):
        raise _Problem("a raw date is printed here: use a formatted field or `| date`")
    if isinstance(value, list | tuple | dict | set):
        raise _Problem("a list is printed here: use `| join(', ')`")
    if isinstance(value, str):
        if not value.strip():
            raise _Problem("an empty value is printed here; mark it `| optional` if blank is fine")
        return value
    if isinstance(value, bool | int | float | Decimal):
        return value
    if isinstance(value, Undefined):
        return value  # printing it raises the undefined error with its hint
    raise _Problem(f"a {type(value).__name__} object is printed here, not text")


def _formatter(context: Context) -> Formatter:
    fmt = context.get("_fmt")
    if not isinstance(fmt, Formatter):  # pragma: no cover - every render passes one
        raise _Problem("no formatter in the context")
    return fmt


def _moment(value: Any, name: str) -> datetime:
    if isinstance(value, Blank):
        raise _Problem(f"`{value.path}` is empty, so `| {name}` has nothing to format")
    if isinstance(value, Vars) and isinstance(value.fields.get("at"), datetime):
        return value.fields["at"]  # type: ignore[return-value]
    if not isinstance(value, datetime):
        raise _Problem(f"`| {name}` needs a date-time, got {type(value).__name__}")
    return value


@pass_context
def _date_filter(context: Context, value: Any, format: str = "long") -> str:
    return _formatter(context).date(_moment(value, "date"), str(format))


@pass_context
def _time_filter(context: Context, value: Any, format: str = "HH:mm") -> str:
    return _formatter(context).time(_moment(value, "time"), str(format))


@pass_context
def _datetime_filter(context: Context, value: Any, format: str = "medium") -> str:
    return _formatter(context).date_time(_moment(value, "datetime"), str(format))


@pass_context
def _money_filter(context: Context, value: Any, currency: str) -> str:
    if not isinstance(value, Decimal | int | float) or isinstance(value, bool):
        raise _Problem(f"`| money` needs an amount, got {type(value).__name__}")
    return _formatter(context).money(value, str(currency))


def _optional_filter(value: Any) -> Any:
    if value is None or isinstance(value, Blank):
        return _Optional("")
    if isinstance(value, Vars) and value.missing:
        return _Optional("")
    if isinstance(value, str) and not value.strip():
        return _Optional(value)
    return value


def _environment() -> _Sandbox:
    env = _Sandbox(
        undefined=StrictUndefined,
        autoescape=False,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.globals.clear()
    env.filters = {name: FILTERS[name] for name in _KEPT_FILTERS}
    env.filters.update(
        date=_date_filter,
        time=_time_filter,
        datetime=_datetime_filter,
        money=_money_filter,
        optional=_optional_filter,
    )
    return env


_ENV = _environment()


class _Refused(Exception):
    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


def check_template(source: str) -> None:
    """Refuse the tags a macro may not use; raises :class:`TemplateSyntaxError` or ``_Refused``."""
    tree = _ENV.parse(source)
    _check_tree(tree)


def _check_tree(tree: nodes.Template) -> None:
    for kind, tag in _FORBIDDEN_TAGS:
        for node in tree.find_all(kind):
            raise _Refused(f"{tag} is not allowed in macros", node.lineno)
    for loop in tree.find_all(nodes.For):
        if loop.recursive:
            raise _Refused("recursive loops are not allowed in macros", loop.lineno)

    def walk(node: nodes.Node, depth: int) -> None:
        for child in node.iter_child_nodes():
            inner = depth + isinstance(child, nodes.For)
            if inner > MAX_LOOP_DEPTH:
                raise _Refused(
                    f"loops nested more than {MAX_LOOP_DEPTH} deep are not allowed in macros",
                    child.lineno,
                )
            walk(child, inner)

    walk(tree, 0)


@lru_cache(maxsize=4096)
def _template(source: str, filename: str) -> Template:
    tree = _ENV.parse(source, filename=filename)
    _check_tree(tree)
    code = _ENV.compile(tree, filename=filename)
    return _ENV.template_class.from_code(_ENV, code, _ENV.make_globals(None))


def _template_line(error: BaseException, filename: str) -> int | None:
    if isinstance(error, TemplateSyntaxError):
        return error.lineno
    if isinstance(error, _Refused):
        return error.line
    line = None
    tb: TracebackType | None = error.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


_UNDEFINED = re.compile(r"^'([^']+)' is undefined$")


def _describe(error: BaseException) -> str:
    if isinstance(error, TemplateSyntaxError):
        return f"template syntax: {error.message}"
    if isinstance(error, SecurityError):
        return f"not allowed: {error}"
    if isinstance(error, UndefinedError):
        message = str(error)
        if found := _UNDEFINED.match(message):
            return f"`{found.group(1)}` is not a macro variable (docs/macros.md lists them)"
        return message
    if isinstance(error, _Problem | _Refused | NotPrintable):
        return str(error)
    if isinstance(error, RecursionError):
        return "the template recurses too deeply"
    return f"{type(error).__name__}: {error}"


_BLANK_LINES = re.compile(r"\n{3,}")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")


def _tidy(text: str) -> str:
    """Trailing spaces off, at most one blank line in a row (a skipped ``{% if %}``), trimmed."""
    text = _TRAILING_SPACE.sub("\n", text.replace("\r\n", "\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()


def _run(macro: MacroSpec, part: str, label: str, source: str, variables: dict[str, object]) -> str:
    filename = f"<macro {macro.id} {part}>"
    try:
        template = _template(source, filename)
        chunks: list[str] = []
        size = 0
        for chunk in template.generate(variables):
            size += len(chunk)
            if size > MAX_TEXT:
                raise _Problem(f"the text is longer than {MAX_TEXT} characters")
            chunks.append(chunk)
    except Exception as error:  # templates can raise anything; each becomes one located line
        base = macro.line_of(part)
        inner = _template_line(error, filename)
        line = base + inner - 1 if base is not None and inner is not None else base
        raise MacroError(
            _describe(error), path=macro.path, line=line, macro_id=macro.id, lang=label
        ) from None
    text = _tidy("".join(chunks))
    if not text:
        raise MacroError(
            "the text is empty once rendered",
            path=macro.path,
            line=macro.line_of(part),
            macro_id=macro.id,
            lang=label,
        )
    return sanitize(text)


# -- the public API ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rendered:
    """A macro rendered for one ticket: the reply, the note, and the changes to make."""

    macro_id: str
    lang: str
    """The language the text is in."""
    text: str
    short: bool
    """Whether the short (chat-length) variant was used."""
    actions: MacroActionsSpec
    promised_by: datetime | None
    """The promise the text states and ``actions.promised_by`` sets (aware, customer's zone)."""
    note: str | None = None
    """The internal note (rendered ``actions.note``), if the macro has one."""
    wanted_lang: str | None = None
    """The language asked for (the ticket's), when it differs from ``lang``."""

    @property
    def fell_back(self) -> bool:
        """The macro had no body in the wanted language, so another one was used."""
        return self.wanted_lang is not None and self.wanted_lang != self.lang


def choose_language(macro: MacroSpec, wanted: str | None) -> str:
    """``wanted`` if the macro has it, else English, else its first language."""
    if wanted and wanted in macro.bodies:
        return wanted
    if FALLBACK_LANGUAGE in macro.bodies:
        return FALLBACK_LANGUAGE
    return macro.languages[0]


def promise_for(macro: MacroSpec, context: MacroContext) -> datetime | None:
    """The promise the macro makes (its ``promised_by`` rule from now), else the ticket's."""
    rule = macro.actions.promised_by
    if rule:
        return resolve_promise(rule, context.now, context.zone)
    return context.ticket.promised_by


def render(
    macro: MacroSpec,
    lang: str,
    context: MacroContext,
    *,
    short: bool = False,
    wanted_lang: str | None = None,
) -> Rendered:
    """Render ``macro`` in ``lang`` for ``context`` (``short``: its chat-length variant,
    when it has one in ``lang``; else the body). Raises :class:`MacroError`."""
    if lang not in macro.bodies:
        raise macro.error(
            f"has no text in {lang!r} (it has: {', '.join(macro.languages)})", lang=lang
        )
    promised = promise_for(macro, context)
    variables = context.variables(
        lang,
        promised_by=promised,
        promise_missing=(
            "the macro sets no promised_by in [macro.actions] and the ticket has no promise yet"
        ),
    )
    use_short = short and lang in macro.short
    part, label = (f"short.{lang}", f"{lang}, short") if use_short else (f"body.{lang}", lang)
    source = macro.short[lang] if use_short else macro.bodies[lang]
    text = _run(macro, part, label, source, variables)
    note = None
    if macro.actions.note:
        note = _run(macro, "actions.note", f"{lang}, note", macro.actions.note, variables)
    return Rendered(
        macro_id=macro.id,
        lang=lang,
        text=text,
        short=use_short,
        actions=macro.actions,
        promised_by=promised if macro.actions.promised_by else None,
        note=note,
        wanted_lang=wanted_lang if wanted_lang and wanted_lang != lang else None,
    )


def render_for(
    macro: MacroSpec,
    context: MacroContext,
    *,
    lang: str | None = None,
    short: bool | None = None,
) -> Rendered:
    """Render for a ticket as the console does: the ticket's language (see
    :func:`choose_language`) and, unless ``short`` says otherwise, the short variant on
    chat, messaging and social channels."""
    wanted = lang or context.language or FALLBACK_LANGUAGE
    chosen = choose_language(macro, wanted)
    use_short = context.short_form if short is None else short
    return render(macro, chosen, context, short=use_short, wanted_lang=wanted)
