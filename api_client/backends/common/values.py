"""Small readings of vendor JSON that every helpdesk backend makes the same way.

Times are ISO 8601 (no offset means UTC), bodies come as HTML when there is no text
version, languages as locale codes, custom field values as whatever JSON the agent's
admin allowed. Only the helpdesk's name in an error message differs, so it is an
argument.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from html import unescape
from typing import Any

from api_client.errors import InvalidResponseError

__all__ = [
    "Qualify",
    "field_text",
    "html_to_text",
    "language_of",
    "maybe_time",
    "parse_time",
    "same_version",
]

Qualify = Callable[[int | str], str]
"""The backend's ``qid``: a native id to a profile-qualified one."""

_TAG_HTML = re.compile(r"<[^>]*>")
_BREAKS = re.compile(r"<\s*(?:br|/p|/div|/li)\s*/?\s*>", re.IGNORECASE)


def parse_time(value: str | None, what: str, *, vendor: str) -> datetime:
    """An ISO 8601 time from ``vendor``, always timezone-aware (no offset means UTC)."""
    if not value:
        raise InvalidResponseError(f"{vendor} sent no {what}")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidResponseError(f"{vendor} sent an unreadable {what}") from None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def maybe_time(value: str | None) -> datetime | None:
    """``parse_time`` that gives ``None`` for a missing or unreadable value."""
    try:
        return parse_time(value, "time", vendor="the helpdesk") if value else None
    except InvalidResponseError:
        return None


def same_version(current: str, expected: str) -> bool:
    """Whether two ``updated_at`` stamps name the same moment (however they are written)."""
    if current == expected:
        return True
    first, second = maybe_time(current), maybe_time(expected)
    return first is not None and first == second


def html_to_text(html: str) -> str:
    """Plain text from a helpdesk's HTML (line breaks kept, tags dropped, entities read)."""
    return unescape(_TAG_HTML.sub("", _BREAKS.sub("\n", html))).strip()


def language_of(code: str | None) -> str | None:
    """``"pt"`` for ``"pt"`` or ``"pt-BR"``: the primary language subtag, lower case."""
    if not code:
        return None
    primary = code.replace("_", "-").split("-", 1)[0].strip().lower()
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else None


def field_text(value: Any, options: Mapping[str, str] | None = None) -> str | None:
    """How a custom field value reads (option values by their names); ``None`` if unset."""
    names = options or {}
    if value is None or value is False or value == "" or value == []:
        return None
    if value is True:
        return "yes"
    if isinstance(value, list):
        shown = [names.get(str(item), str(item)) for item in value if item not in (None, "")]
        return ", ".join(shown) or None
    return names.get(str(value), str(value))
