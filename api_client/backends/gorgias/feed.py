"""The changes feed over Gorgias's ticket list, and the cursor that resumes it.

Gorgias lists tickets by cursor, ordered by ``updated_datetime`` either way, but has no
"changed since" filter, and its cursors are short-lived ("don't store them for a long
period of time, they could expire"). So the feed keeps its own position, a *watermark*:
the ``(updated_datetime, id)`` of the newest ticket it has delivered.

* The first, full listing walks the list oldest first (``updated_datetime:asc``). Each
  page moves the watermark forward and is committed with the cursor after it, so an
  interrupted sync resumes from the last page it stored, with the API's cursor.
* Once the listing has reached the end (and whenever a stored API cursor is refused),
  the feed walks newest first (``updated_datetime:desc``) from the top until it meets the
  watermark: only the tickets changed since are read. The walk's first ticket becomes
  the new watermark when the walk ends; a ticket changed during the walk is newer than
  that and comes with the next one.

The cursor deskside stores is this state as compact JSON (``{"v": 1, ...}``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from api_client.backends.gorgias.convert import maybe_time
from api_client.backends.gorgias.shapes import GTicket
from api_client.errors import InvalidRequestError

__all__ = ["ASC", "DESC", "Mark", "Position", "mark_of"]

ASC = "updated_datetime:asc"
DESC = "updated_datetime:desc"
_VERSION = 1


@dataclass(frozen=True, slots=True)
class Mark:
    """Where a ticket stands in the list: its last update, then its id."""

    when: datetime
    id: int
    raw: str = ""
    """``updated_datetime`` exactly as Gorgias wrote it (kept in the cursor)."""

    @property
    def key(self) -> tuple[datetime, int]:
        """What the list is ordered by."""
        return (self.when, self.id)

    def after(self, other: Mark | None) -> bool:
        """Whether this ticket comes after ``other`` in the list (``None``: the start)."""
        return other is None or self.key > other.key


def mark_of(raw: GTicket) -> Mark | None:
    """A ticket's place in the list (``None`` without a readable ``updated_datetime``)."""
    stamp = raw.updated_datetime or raw.created_datetime
    when = maybe_time(stamp)
    return None if when is None or stamp is None else Mark(when, raw.id, stamp)


@dataclass(frozen=True, slots=True)
class Position:
    """How far the feed has come (what :attr:`encode` stores as the sync cursor)."""

    watermark: Mark | None = None
    """Every ticket at or before this mark has been delivered."""
    api_cursor: str | None = None
    """Gorgias's cursor for the next page of the walk under way."""
    descending: bool = False
    """The walk under way goes newest first (catching up) rather than oldest first."""
    top: Mark | None = None
    """A catching-up walk's first ticket: the watermark once that walk ends."""

    def encode(self) -> str:
        state: dict[str, object] = {"v": _VERSION}
        if self.watermark is not None:
            state["w"] = [self.watermark.raw, self.watermark.id]
        if self.api_cursor is not None:
            state["c"] = self.api_cursor
        if self.descending:
            state["d"] = True
        if self.top is not None:
            state["t"] = [self.top.raw, self.top.id]
        return json.dumps(state, separators=(",", ":"), sort_keys=True)

    @classmethod
    def decode(cls, cursor: str | None) -> Position:
        """The position a stored cursor names (``None``: the very start)."""
        if cursor is None:
            return cls()
        try:
            state = json.loads(cursor)
            if not isinstance(state, dict) or state.get("v") != _VERSION:
                raise ValueError("not a deskside Gorgias cursor")
            api = state.get("c")
            if api is not None and not isinstance(api, str):
                raise ValueError("bad API cursor")
            return cls(
                watermark=_mark(state.get("w")),
                api_cursor=api,
                descending=bool(state.get("d", False)),
                top=_mark(state.get("t")),
            )
        except (ValueError, TypeError):
            raise InvalidRequestError(f"not a Gorgias changes cursor: {cursor!r}") from None


def _mark(value: object) -> Mark | None:
    if value is None:
        return None
    if not (isinstance(value, list) and len(value) == 2):
        raise ValueError("bad mark")
    stamp, ticket_id = value
    when = maybe_time(stamp) if isinstance(stamp, str) else None
    if when is None or not isinstance(ticket_id, int) or isinstance(ticket_id, bool):
        raise ValueError("bad mark")
    return Mark(when, ticket_id, stamp)
