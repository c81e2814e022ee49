"""Gorgias views as deskside saved views: a view's filters in the queue query language.

A Gorgias view filters tickets with a small JavaScript-like expression, such as
``eq(ticket.assignee_user.id, '{{current_user.id}}') && eq(ticket.status, 'open')``.
Only what translates exactly is translated: a view with an ``||``, a text ``search``, a
condition on a field the mirror does not hold, or a function with no equivalent is left
out rather than shown with different tickets than Gorgias would show.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from api_client.backends.gorgias.convert import CUSTOMER_CHANNELS, channel_of, status_of
from api_client.backends.gorgias.shapes import GView

__all__ = ["parse_filters", "view_queries"]

_TOKEN = re.compile(
    r"\s*(?:(?P<and>&&)|(?P<or>\|\|)|(?P<punct>[(),\[\]])"
    r"|'(?P<single>(?:[^'\\]|\\.)*)'|\"(?P<double>(?:[^\"\\]|\\.)*)\""
    r"|(?P<number>-?\d+(?:\.\d+)?)|(?P<name>[A-Za-z_][A-Za-z0-9_.]*))"
)
_ME = "{{current_user.id}}"
_SORTS = {"updated_datetime": "updated", "created_datetime": "created"}


class _Untranslatable(Exception):
    """A filter with no exact equivalent in the query language."""


@dataclass(frozen=True)
class Call:
    """One condition: ``name(field, value)`` (``value`` a string, number or list)."""

    name: str
    field: str
    value: str | tuple[str, ...] | None


def _tokens(text: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    position = 0
    text = text.strip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            raise _Untranslatable(text[position:])
        position = match.end()
        kind = match.lastgroup or ""
        value = match.group(kind)
        if kind == "double":
            kind = "single"
        found.append((kind, value.replace("\\'", "'").replace('\\"', '"')))
    return found


def _value(tokens: list[tuple[str, str]], at: int) -> tuple[str | tuple[str, ...], int]:
    kind, value = tokens[at]
    if kind in ("single", "number"):
        return value, at + 1
    if kind == "punct" and value == "[":
        items: list[str] = []
        at += 1
        while tokens[at] != ("punct", "]"):
            item, at = _value(tokens, at)
            if not isinstance(item, str):
                raise _Untranslatable("nested list")
            items.append(item)
            if tokens[at] == ("punct", ","):
                at += 1
        return tuple(items), at + 1
    raise _Untranslatable(value)


def parse_filters(text: str) -> list[Call]:
    """The conditions of a filter made only of calls joined by ``&&`` (else ``ValueError``)."""
    try:
        tokens = _tokens(text)
        calls: list[Call] = []
        at = 0
        while at < len(tokens):
            kind, name = tokens[at]
            if kind != "name" or tokens[at + 1] != ("punct", "("):
                raise _Untranslatable(name)
            kind, field = tokens[at + 2]
            if kind != "name":
                raise _Untranslatable(field)
            at += 3
            value: str | tuple[str, ...] | None = None
            if tokens[at] == ("punct", ","):
                value, at = _value(tokens, at + 1)
            if tokens[at] != ("punct", ")"):
                raise _Untranslatable(tokens[at][1])
            calls.append(Call(name, field, value))
            at += 1
            if at < len(tokens):
                if tokens[at][0] != "and":
                    raise _Untranslatable(tokens[at][1])
                at += 1
                if at == len(tokens):
                    raise _Untranslatable("&&")
        return calls
    except (IndexError, _Untranslatable) as error:
        raise ValueError(f"not a conjunction of conditions: {error}") from None


def _quoted(value: str) -> str:
    if '"' in value or "," in value:
        raise _Untranslatable(value)
    return f'"{value}"' if any(c in value for c in " :") else value


def _one(value: str | tuple[str, ...] | None) -> str:
    if not isinstance(value, str):
        raise _Untranslatable(str(value))
    return value


def _term(call: Call, agents: Mapping[int, str], teams: Mapping[int, str]) -> list[str]:
    """The query terms for one condition."""
    name, field, value = call.name, call.field, call.value
    negated = "-" if name == "neq" else ""
    if name in ("eq", "neq"):
        text = _one(value)
        if field == "ticket.status" and text in ("open", "closed"):
            return [f"{negated}status:{status_of(text, None).value}"]
        if field == "ticket.assignee_user.id":
            if text == _ME:
                return [f"{negated}assignee:me"]
            if text.isdigit() and int(text) in agents:
                return [f"{negated}assignee:{_quoted(agents[int(text)])}"]
        if field == "ticket.assignee_team.id" and text.isdigit() and int(text) in teams:
            return [f"{negated}group:{_quoted(teams[int(text)])}"]
        if field == "ticket.channel" and text in CUSTOMER_CHANNELS:
            return [f"{negated}channel:{channel_of(text).value}"]
        if field == "ticket.language" and text.isalpha():
            return [f"{negated}lang:{text.lower()}"]
    if name in ("isEmpty", "isNotEmpty") and value is None:
        sign = "-" if name == "isNotEmpty" else ""
        if field in ("ticket.assignee_user", "ticket.assignee_user.id"):
            return [f"{sign}assignee:none"]
    if field == "ticket.tags.name" and isinstance(value, tuple) and value:
        words = [_quoted(tag) for tag in value]
        if any(word.startswith('"') for word in words):
            raise _Untranslatable(field)
        if name == "containsAny":
            return [f"tag:{','.join(words)}"]
        if name == "containsAll":
            return [f"tag:{word}" for word in words]
        if name == "notContainsAny":
            return [f"-tag:{','.join(words)}"]
    raise _Untranslatable(f"{name}({field})")


def _query(view: GView, agents: Mapping[int, str], teams: Mapping[int, str]) -> str | None:
    if (view.search or "").strip() or not (view.filters or "").strip():
        return None
    try:
        calls = parse_filters(view.filters or "")
        parts = [term for call in calls for term in _term(call, agents, teams)]
    except (ValueError, _Untranslatable):
        return None
    sort = _SORTS.get(view.order_by or "")
    if sort is not None:
        descending = (view.order_dir or "desc").lower() == "desc"
        parts.append(f"sort:{'-' if descending else ''}{sort}")
    return " ".join(parts) or None


def view_queries(
    views: Iterable[GView],
    *,
    agents: Mapping[int, str] | None = None,
    teams: Mapping[int, str] | None = None,
) -> dict[str, str]:
    """Saved views (name → query) for every active ticket view that translates exactly."""
    found: dict[str, str] = {}
    for view in views:
        if view.deactivated_datetime or not view.name:
            continue
        if view.type not in (None, "ticket-list"):
            continue
        query = _query(view, agents or {}, teams or {})
        if query is not None:
            found.setdefault(view.name, query)
    return found
