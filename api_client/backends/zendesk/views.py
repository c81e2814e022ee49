"""Zendesk views as deskside saved views: a view's conditions in the queue query language.

Only what translates exactly is translated: a view whose conditions deskside's query
language cannot say (an "any" block mixing fields, a condition on a field the mirror
does not hold, an operator with no equivalent) is left out rather than shown with
different tickets than Zendesk would show.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from api_client.backends.zendesk.shapes import ZCondition, ZView

__all__ = ["view_queries"]

_STATUS_ORDER = ("new", "open", "pending", "hold", "solved", "closed")
_PRIORITY_ORDER = ("low", "normal", "high", "urgent")
_OURS = {"hold": "on_hold"}
_SORTS = {
    "updated_at": "updated",
    "updated": "updated",
    "created_at": "created",
    "created": "created",
    "priority": "priority",
    "status": "status",
    "subject": "subject",
    "id": "id",
    "nice_id": "id",
}


class _Untranslatable(Exception):
    """A condition with no exact equivalent in the query language."""


def _quoted(value: str) -> str:
    if '"' in value:
        raise _Untranslatable(value)
    return f'"{value}"' if any(c in value for c in " ,:") else value


def _ordered(order: tuple[str, ...], operator: str, value: str) -> list[str]:
    if value not in order:
        raise _Untranslatable(value)
    index = order.index(value)
    if operator == "is":
        return [value]
    if operator == "less_than":
        return list(order[:index])
    if operator == "greater_than":
        return list(order[index + 1 :])
    raise _Untranslatable(operator)


def _term(
    condition: ZCondition, groups: Mapping[int, str], agents: Mapping[int, str]
) -> tuple[bool, str, list[str]]:
    """(negated, field, values) for one condition."""
    field, operator = condition.field, condition.operator
    value: Any = condition.value
    text = "" if value is None else str(value)
    negated = operator == "is_not"
    plain = "is" if negated else operator
    if field == "status":
        values = _ordered(_STATUS_ORDER, plain, text)
        return negated, "status", [_OURS.get(v, v) for v in values]
    if field == "priority":
        return negated, "priority", _ordered(_PRIORITY_ORDER, plain, text)
    if field == "assignee_id" and plain == "is":
        if text == "current_user":
            return negated, "assignee", ["me"]
        if text == "":
            return negated, "assignee", ["none"]
        if text.isdigit() and int(text) in agents:
            return negated, "assignee", [_quoted(agents[int(text)])]
    if field == "group_id" and plain == "is" and text.isdigit() and int(text) in groups:
        return negated, "group", [_quoted(groups[int(text)])]
    if field == "current_tags" and operator in ("includes", "not_includes"):
        # "includes" is "contains at least one of", "not_includes" "contains none of"
        words = text.split() if isinstance(value, str) else [str(v) for v in value or ()]
        if words:
            return operator == "not_includes", "tag", words
    raise _Untranslatable(field)


def _query(view: ZView, groups: Mapping[int, str], agents: Mapping[int, str]) -> str | None:
    parts: list[str] = []
    try:
        for condition in view.conditions.all:
            negated, field, values = _term(condition, groups, agents)
            if not values:
                raise _Untranslatable(condition.field)
            if len(values) > 1 and any(v.startswith('"') for v in values):
                raise _Untranslatable(condition.field)
            parts.append(f"{'-' if negated else ''}{field}:{','.join(values)}")
        anys = [_term(condition, groups, agents) for condition in view.conditions.any]
    except _Untranslatable:
        return None
    if anys:
        fields = {(negated, field) for negated, field, _ in anys}
        if len(fields) != 1 or next(iter(fields))[0]:
            return None  # "any of" across fields, or of negations: no equivalent
        _, field = next(iter(fields))
        values = [value for _, _, found in anys for value in found]
        if any(value.startswith('"') for value in values):
            return None
        parts.append(f"{field}:{','.join(dict.fromkeys(values))}")
    if not parts:
        return None
    sort = _SORTS.get(view.execution.sort_by or "")
    if sort is not None:
        descending = (view.execution.sort_order or "").lower() == "desc"
        parts.append(f"sort:{'-' if descending else ''}{sort}")
    return " ".join(parts)


def view_queries(
    views: Iterable[ZView],
    *,
    groups: Mapping[int, str] | None = None,
    agents: Mapping[int, str] | None = None,
) -> dict[str, str]:
    """Saved views (title → query) for every active view that translates exactly."""
    found: dict[str, str] = {}
    for view in views:
        if not view.active or not view.title:
            continue
        query = _query(view, groups or {}, agents or {})
        if query is not None:
            found.setdefault(view.title, query)
    return found
