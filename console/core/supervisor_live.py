"""Keeping the supervisor dashboard current: when to look at the change feed, when to recount.

:class:`LiveDashboard` owns a store connection of its own (it runs in a worker
thread, away from the UI) and the change feed: each :meth:`LiveDashboard.step`
polls the feed (one indexed query) and recomputes the dashboard when tickets
changed, when the clock moved the numbers (``periodic``), or when asked. Bursts of
changes are coalesced: a refresh never starts sooner than a few times its own
cost after the last one, so 50 writes a second on a 100k desk cost a refresh
every half second, not fifty.

:func:`poll_interval` adapts how often the feed is polled: fast while changes
arrive, slower when idle, and slower still while the helpdesk's rate budget is
low or paused (a remote profile's mirror only changes when the sync engine can
fetch, so polling it faster shows nothing new). Every interval stays under a
second while changes can arrive, so a write anywhere shows within two seconds.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from console.core.changes import ChangeFeed
from console.core.db import open_store
from console.core.supervisor_model import Dashboard, DashboardSettings
from console.core.supervisor_sql import compute_dashboard

__all__ = [
    "FAST_POLL",
    "IDLE_POLL",
    "PERIODIC_REFRESH",
    "STALE_AFTER",
    "LiveDashboard",
    "poll_interval",
]

FAST_POLL = 0.5
"""Seconds between feed polls while changes keep coming."""
IDLE_POLL = 1.0
"""Seconds between feed polls after :data:`IDLE_AFTER` quiet polls."""
IDLE_AFTER = 6
SLOW_POLL = 5.0
"""The longest wait, while the helpdesk's rate budget is paused."""
PERIODIC_REFRESH = 15.0
"""Seconds after which the numbers are recounted even with no change (time moves them)."""
COST_FACTOR = 3.0
"""A refresh waits at least this many times the last refresh's cost after it."""
STALE_AFTER = 45.0
"""Data older than this (seconds of the workspace clock) is flagged as stale."""


def poll_interval(
    quiet_polls: int,
    *,
    fraction_left: float | None = None,
    paused_for: float = 0.0,
) -> float:
    """Seconds until the next feed poll.

    ``quiet_polls``: polls in a row that found no change. ``fraction_left`` and
    ``paused_for`` come from the helpdesk's rate budget (``None``/0 for the embedded
    desk, which has none).
    """
    interval = FAST_POLL if quiet_polls < IDLE_AFTER else IDLE_POLL
    if paused_for > 0:
        return min(SLOW_POLL, max(interval, paused_for))
    if fraction_left is not None and fraction_left < 0.2:
        return interval * 2
    return interval


class LiveDashboard:
    """The dashboard of one store, recomputed when the change feed says so."""

    def __init__(
        self,
        source: Path | str | sqlite3.Connection,
        settings: DashboardSettings,
        *,
        clock: Callable[[], datetime],
        monotonic: Callable[[], float] = time.monotonic,
        periodic: float = PERIODIC_REFRESH,
    ) -> None:
        self._owns = not isinstance(source, sqlite3.Connection)
        self.conn = open_store(source) if not isinstance(source, sqlite3.Connection) else source
        self.settings = settings
        self.clock = clock
        self.monotonic = monotonic
        self.periodic = periodic
        self.feed = ChangeFeed(self.conn)
        self.dashboard: Dashboard | None = None
        self.quiet_polls = 0
        self.changed: set[int] = set()
        """Tickets changed since the last refresh (what the next one will account for)."""
        self._dirty = True
        self._last_refresh = -1e9

    def step(self, *, force: bool = False) -> Dashboard | None:
        """Poll the feed; recount and return the new dashboard when it is time, else ``None``."""
        changes = self.feed.poll()
        if changes:
            self.quiet_polls = 0
            self._dirty = True
            self.changed |= changes.ticket_ids
        else:
            self.quiet_polls += 1
        now = self.monotonic()
        since = now - self._last_refresh
        if not force:
            if self.dashboard is not None and since < COST_FACTOR * self.dashboard.took:
                return None  # coalesce a burst of changes into the next refresh
            if not self._dirty and since < self.periodic:
                return None
        return self.refresh()

    def refresh(self) -> Dashboard:
        """Recount now, whatever the feed says."""
        self.dashboard = compute_dashboard(self.conn, self.settings, self.clock())
        self._last_refresh = self.monotonic()
        self._dirty = False
        self.changed = set()
        return self.dashboard

    def close(self) -> None:
        if self._owns:
            self.conn.close()
