"""The change feed for credentials that may not use the incremental export (agents).

Zendesk's incremental exports are for admins: an agent's token gets 403. Such a
profile still syncs through ``GET /api/v2/search/export`` (agents allowed) with
``filter[type]=ticket`` and the query ``updated>{time}``. Its semantics differ:

* results come in ``created_at`` order, not in order of change, so the only way to
  resume inside a pass is Zendesk's ``after_cursor``, which expires after an hour;
  an expired one (400/422) restarts the pass from its start time;
* a pass ends when ``meta.has_more`` is false; the next pass asks for tickets updated
  after the moment this pass began, less :data:`OVERLAP` (the search index lags
  "a few minutes"), so a ticket changed during a pass is read again, never missed;
* pages hold at most 1,000 results (``page[size]``); unlike ``/search`` (1,000 results
  per query in all) the export has no cap on the whole result set;
* deleted tickets are not in search results: an agent's mirror keeps them until a
  full resync by an admin.

Our cursor is ``search:{since}:{began}:{after_cursor}`` (Unix times).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

__all__ = ["OVERLAP", "PAGE_SIZE", "PREFIX", "SearchCursor"]

PREFIX = "search:"
OVERLAP = 300
"""Seconds each pass reaches back before the previous one began."""
PAGE_SIZE = 1000
"""The largest ``page[size]`` the search export accepts."""


@dataclass(frozen=True, slots=True)
class SearchCursor:
    """Where a search-export sync stands: the pass's start time, and inside it."""

    since: int
    """Tickets updated after this Unix time."""
    began: int
    """When this pass began (the next pass starts from here, less the overlap)."""
    after: str | None = None
    """Zendesk's cursor inside the pass; ``None`` at its start."""

    def encode(self) -> str:
        return f"{PREFIX}{self.since}:{self.began}:{self.after or ''}"

    @classmethod
    def parse(cls, text: str) -> SearchCursor | None:
        """A cursor we wrote, or ``None`` if ``text`` is not one."""
        if not text.startswith(PREFIX):
            return None
        since, _, rest = text.removeprefix(PREFIX).partition(":")
        began, _, after = rest.partition(":")
        if not (since.isdigit() and began.isdigit()):
            return None
        return cls(since=int(since), began=int(began), after=after or None)

    @classmethod
    def start(cls, since: int, now: int) -> SearchCursor:
        return cls(since=since, began=now)

    def restarted(self, now: int) -> SearchCursor:
        """This pass again from its start (its Zendesk cursor expired)."""
        return replace(self, began=now, after=None)

    def next_pass(self, now: int) -> SearchCursor:
        """The pass after this one ended."""
        return SearchCursor(since=max(self.since, self.began - OVERLAP), began=now)

    def query(self) -> str:
        moment = datetime.fromtimestamp(self.since, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return f"updated>{moment}"
