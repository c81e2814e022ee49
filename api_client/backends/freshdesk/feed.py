"""The Freshdesk change feed: every ticket, never silently truncated.

Freshdesk has no change export. "List All Tickets" (``GET /api/v2/tickets``, see
https://developers.freshdesk.com/api/#list_all_tickets) has two traps for a sync:

* without ``updated_since`` it returns only tickets created in the past 30 days;
* it pages by number, and refuses (HTTP 400, ``page: invalid_value``, "You cannot access
  tickets beyond the 300th page") past page 300: 30,000 tickets per query at
  ``per_page=100``.

So the feed never walks pages of one long query. Every request asks for
``updated_since=T&order_by=updated_at&order_type=asc&per_page=100&page=1``, where ``T``
is the ``updated_at`` of the newest ticket already delivered (a far-past ``T`` for a
full sync). The next request starts again from the last ticket's ``updated_at``, and the
ids already delivered at exactly that second (``updated_since`` is inclusive) are
skipped. A query therefore never goes past page 1 and no cap is ever reached, and a
ticket edited during a long sync (it moves to the end of the order) can never push an
unread one onto a page already read, which offset paging would silently skip.

The one place pages are walked is a block of more than ``per_page`` tickets that share
one ``updated_at`` second (a bulk action): then ``page`` goes up within the block, and
once the block ends its size is checked against the ids seen in it; when some are
missing (the order of equal stamps changed between requests), the block is read again.
A block beyond the page cap cannot be read at all and is an error, never a gap.

Deletions come from two more lanes of the same shape, ``filter=deleted`` and
``filter=spam``, read after the ticket lane has caught up; they start at the time the
full sync began (tickets deleted before that were never in the mirror).

The cursor is this state, as text: for each lane ``(updated_since, page, ids seen at
updated_since, passes)`` and which lane is next.
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import msgspec

from api_client.errors import InvalidRequestError, InvalidResponseError

__all__ = [
    "CURSOR_PREFIX",
    "FULL_SYNC_SINCE",
    "MAX_PASSES",
    "PAGE_CAP",
    "FeedCursor",
    "Lane",
    "LaneState",
    "Row",
    "Step",
    "stamp",
    "step",
]

FULL_SYNC_SINCE = "2000-01-01T00:00:00Z"
"""``updated_since`` of a full sync: before any Freshdesk account existed."""
PAGE_CAP = 300
"""Freshdesk refuses ``page`` beyond 300 on the ticket list."""
MAX_PASSES = 3
"""How often a same-second block is read again before the feed gives up, loudly."""
CURSOR_PREFIX = "fd1:"


class Lane(enum.StrEnum):
    """One ``GET /api/v2/tickets`` query the feed follows."""

    TICKETS = "tickets"
    DELETED = "deleted"
    SPAM = "spam"


LANES = (Lane.TICKETS, Lane.DELETED, Lane.SPAM)


def stamp(moment: datetime) -> str:
    """A time as Freshdesk writes it (``2026-11-02T09:00:00Z``)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _time(value: str, what: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidResponseError(f"Freshdesk sent an unreadable {what}") from None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class LaneState:
    """Where one lane stands: the next query is ``updated_since=since&page=page``."""

    since: str
    page: int = 1
    seen: tuple[int, ...] = ()
    """Ids already delivered whose ``updated_at`` is ``since`` (skipped when they recur)."""
    passes: int = 0
    """How many times the same-second block at ``since`` has been read again."""


class _Wire(msgspec.Struct, array_like=True):
    since: str
    page: int
    seen: list[int]
    passes: int


class _WireCursor(msgspec.Struct):
    lane: Lane
    lanes: dict[Lane, _Wire]


@dataclass(frozen=True, slots=True)
class FeedCursor:
    """The whole feed's position: each lane's state and the lane read next."""

    lane: Lane
    lanes: Mapping[Lane, LaneState] = field(default_factory=dict)

    @classmethod
    def start(cls, *, deletions_since: str, since: str = FULL_SYNC_SINCE) -> FeedCursor:
        """A full sync: tickets from ``since``; deletions from when the sync began."""
        return cls(
            lane=Lane.TICKETS,
            lanes={
                Lane.TICKETS: LaneState(since),
                Lane.DELETED: LaneState(deletions_since),
                Lane.SPAM: LaneState(deletions_since),
            },
        )

    def state(self) -> LaneState:
        return self.lanes[self.lane]

    def moved(self, state: LaneState, *, next_lane: Lane) -> FeedCursor:
        """This cursor with the current lane at ``state`` and ``next_lane`` read next."""
        return FeedCursor(lane=next_lane, lanes={**self.lanes, self.lane: state})

    def encode(self) -> str:
        wire = _WireCursor(
            lane=self.lane,
            lanes={
                lane: _Wire(state.since, state.page, list(state.seen), state.passes)
                for lane, state in self.lanes.items()
            },
        )
        return CURSOR_PREFIX + msgspec.json.encode(wire).decode()

    @classmethod
    def decode(cls, text: str) -> FeedCursor:
        """Read a cursor this module wrote; anything else is :class:`InvalidRequestError`."""
        if not text.startswith(CURSOR_PREFIX):
            raise InvalidRequestError(f"not a Freshdesk feed cursor: {text[:40]!r}")
        try:
            wire = msgspec.json.decode(text.removeprefix(CURSOR_PREFIX), type=_WireCursor)
            lanes = {
                lane: LaneState(w.since, w.page, tuple(w.seen), w.passes)
                for lane, w in wire.lanes.items()
            }
            for state in lanes.values():
                _time(state.since, "cursor time")
                if not 1 <= state.page <= PAGE_CAP or state.passes < 0:
                    raise ValueError(state.page)
        except (msgspec.DecodeError, msgspec.ValidationError, ValueError, InvalidResponseError):
            raise InvalidRequestError(f"not a Freshdesk feed cursor: {text[:40]!r}") from None
        if set(lanes) != set(LANES):
            raise InvalidRequestError(f"not a Freshdesk feed cursor: {text[:40]!r}")
        return cls(lane=wire.lane, lanes=lanes)


@dataclass(frozen=True, slots=True)
class Row:
    """What the feed needs of a listed ticket."""

    id: int
    updated_at: str


@dataclass(frozen=True, slots=True)
class Step:
    """What one page of a lane yields: the ids to deliver and where the lane goes next."""

    fresh: tuple[int, ...]
    state: LaneState
    exhausted: bool
    """The lane has caught up (this page was not full)."""


def step(state: LaneState, rows: Sequence[Row], *, per_page: int, cap: int = PAGE_CAP) -> Step:
    """Advance one lane by the page ``rows`` that ``state``'s query returned.

    ``rows`` must be in ascending ``updated_at`` order (the query asks for it); an answer
    out of order is :class:`InvalidResponseError`, since the feed's safety depends on it.
    """
    since = _time(state.since, "cursor time")
    seen = set(state.seen)
    times = [_time(row.updated_at, f"updated_at for ticket {row.id}") for row in rows]
    if any(later < earlier for earlier, later in itertools.pairwise(times)):
        raise InvalidResponseError(
            "Freshdesk listed tickets out of updated_at order; the sync cannot trust the page"
        )
    fresh = [
        row.id for row, at in zip(rows, times, strict=True) if not (at <= since and row.id in seen)
    ]
    at_since = [row.id for row, at in zip(rows, times, strict=True) if at <= since]
    full = len(rows) >= per_page
    if full and times[-1] <= since:
        # A block of tickets sharing one second fills the page: walk it by page number.
        if state.page + 1 > cap:
            raise InvalidRequestError(
                f"more than {cap * per_page} Freshdesk tickets share updated_at "
                f"{state.since}; the ticket list cannot page past {cap} pages, so they "
                "cannot all be synced"
            )
        grown = tuple(dict.fromkeys([*state.seen, *at_since]))
        return Step(
            tuple(fresh), LaneState(state.since, state.page + 1, grown, state.passes), False
        )
    known = tuple(dict.fromkeys([*state.seen, *at_since]))
    if state.page > 1:
        # A block that took several pages ends here: were all of its tickets seen?
        block = (state.page - 1) * per_page + len(at_since)
        if len(known) < block:
            if state.passes + 1 >= MAX_PASSES:
                raise InvalidResponseError(
                    f"Freshdesk listed {block} tickets updated at {state.since} but "
                    f"{block - len(known)} of them never appeared in {MAX_PASSES} readings; "
                    "try the sync again"
                )
            only_block = [ticket for ticket in fresh if ticket in set(at_since)]
            return Step(
                tuple(only_block), LaneState(state.since, 1, known, state.passes + 1), False
            )
    if rows and times[-1] > since:
        newest = times[-1]
        last = [row.id for row, at in zip(rows, times, strict=True) if at == newest]
        return Step(tuple(fresh), LaneState(rows[-1].updated_at, 1, tuple(last), 0), not full)
    return Step(tuple(fresh), LaneState(state.since, 1, known, 0), not full)
