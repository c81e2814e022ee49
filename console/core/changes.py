"""Following the store's change feed, so screens redraw what other writers changed.

Every ticket write (this process, another console on the same embedded desk, or
the sync engine filling a mirror) appends to the ``changes`` table by trigger. A
screen polls :meth:`ChangeFeed.poll` a few times a second — one indexed query —
and redraws only the tickets it returns. The feed is trimmed now and then; a
reader that fell behind the trim is told to reload everything.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable

__all__ = ["ChangeFeed", "Changes"]

TRIM_EVERY = 900.0
KEEP_ROWS = 100_000


class Changes:
    """Tickets changed since the last poll; ``everything`` when the reader fell behind."""

    def __init__(self, ticket_ids: set[int], *, everything: bool = False) -> None:
        self.ticket_ids = ticket_ids
        self.everything = everything

    def __bool__(self) -> bool:
        return self.everything or bool(self.ticket_ids)


class ChangeFeed:
    def __init__(self, conn: sqlite3.Connection, *, clock: Callable[[], float] = time.time) -> None:
        self.conn = conn
        self.clock = clock
        self.seq = self._high()
        self._last_trim = clock()

    def _high(self) -> int:
        return int(self.conn.execute("SELECT coalesce(max(seq), 0) FROM changes").fetchone()[0])

    def poll(self, limit: int = 10_000) -> Changes:
        rows = self.conn.execute(
            "SELECT seq, ticket_id FROM changes WHERE seq > ? ORDER BY seq LIMIT ?",
            (self.seq, limit),
        ).fetchall()
        if not rows:
            return Changes(set())
        oldest = int(self.conn.execute("SELECT min(seq) FROM changes").fetchone()[0])
        behind = rows[0][0] != self.seq + 1 and oldest > self.seq + 1
        self.seq = int(rows[-1][0])
        if len(rows) == limit:
            self.seq = self._high()
            return Changes(set(), everything=True)
        return Changes({int(r[1]) for r in rows}, everything=behind)

    def trim(self, *, keep: int = KEEP_ROWS, force: bool = False) -> int:
        """Keep only the newest ``keep`` feed rows (at most every ``TRIM_EVERY`` seconds)."""
        now = self.clock()
        if not force and now - self._last_trim < TRIM_EVERY:
            return 0
        self._last_trim = now
        cutoff = self._high() - keep
        if cutoff <= 0:
            return 0
        return self.conn.execute("DELETE FROM changes WHERE seq < ?", (cutoff,)).rowcount
