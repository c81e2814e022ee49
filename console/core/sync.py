"""The sync engine: pulls a helpdesk into its mirror, first in full, then by changes.

Each page of the backend's change feed (with the threads it did not include,
fetched a few at a time) is written with the cursor after it in one transaction,
so an interrupted sync resumes from the last committed page and a crash never
skips data. Before every request it asks the backend's rate budget how long to
wait, so it slows down before the helpdesk answers 429. Listeners hear which
tickets changed, once per ticket per page, and how far the sync has come.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from api_client.backend import Backend, Capability
from api_client.errors import NotFoundError
from api_client.models import ChangePage, Message, native_id
from console.core.mirror import MirrorWriter

__all__ = ["SyncEngine", "SyncProgress", "SyncResult"]

CURSOR = "changes"
FULL_DONE = "full_sync_done"
ME = "me"


@dataclass
class SyncProgress:
    """How far a sync has come (``total`` when the backend says how much there is)."""

    pages: int = 0
    tickets: int = 0
    messages: int = 0
    deleted: int = 0
    requests: int = 0
    total: int | None = None
    started: float = field(default_factory=time.monotonic)

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started


@dataclass(frozen=True)
class SyncResult:
    progress: SyncProgress
    full: bool
    changed: frozenset[int]


class SyncEngine:
    """Keeps one profile's mirror in step with its helpdesk."""

    def __init__(
        self,
        writer: MirrorWriter,
        backend: Backend,
        *,
        concurrency: int = 4,
        on_progress: Callable[[SyncProgress], None] | None = None,
        on_changes: Callable[[set[int]], None] | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.writer = writer
        self.backend = backend
        self.concurrency = max(1, concurrency)
        self.on_progress = on_progress
        self.on_changes = on_changes
        self.sleep = sleep

    async def _pace(self, progress: SyncProgress) -> None:
        """Wait as long as the rate budget asks, then count the request."""
        budget = self.backend.budget
        if budget is not None:
            delay = budget.delay_before_next()
            if delay > 0:
                await self.sleep(delay)
        progress.requests += 1

    async def run(self, *, full: bool = False, max_pages: int | None = None) -> SyncResult:
        """Sync until the feed has nothing more (or ``max_pages``); resumable at any point."""
        cursor = None if full else self.writer.cursor(CURSOR)
        first = cursor is None or self.writer.cursor(FULL_DONE) is None
        if full:
            self.writer.set_state(FULL_DONE, None)
            self.writer.set_state(CURSOR, None)
        progress = SyncProgress()
        if first:
            await self._directory(progress)
        changed_all: set[int] = set()
        pages = 0
        while True:
            await self._pace(progress)
            page = await self.backend.changes(cursor)
            if page.total is not None:
                progress.total = page.total
            threads = [] if page.threads_included else await self._threads(page, progress)
            changed = self.writer.apply_page(page, threads)
            pages += 1
            progress.pages += 1
            progress.tickets += len(page.tickets)
            progress.messages += len(page.messages) + len(threads)
            progress.deleted += len(page.deleted)
            changed_all |= changed
            if changed and self.on_changes is not None:
                self.on_changes(changed)
            if self.on_progress is not None:
                self.on_progress(progress)
            cursor = page.cursor
            if not page.more or (max_pages is not None and pages >= max_pages):
                break
        if not page.more:
            self.writer.set_state(FULL_DONE, "1")
        return SyncResult(progress=progress, full=first, changed=frozenset(changed_all))

    async def _directory(self, progress: SyncProgress) -> None:
        """Agents, groups and who we are: read once on a first sync."""
        await self._pace(progress)
        me = await self.backend.who_am_i()
        await self._pace(progress)
        agents = await self.backend.list_agents()
        groups = []
        if self.backend.supports(Capability.GROUPS):
            await self._pace(progress)
            groups = await self.backend.list_groups()
        if me.id not in {a.id for a in agents}:
            agents.append(me)
        self.writer.agents_and_groups(agents, groups)
        if self.backend.supports(Capability.MACROS):
            await self._pace(progress)
            self.writer.macros(await self.backend.list_macros())
        self.writer.set_state(ME, native_id(me.id))

    async def _threads(self, page: ChangePage, progress: SyncProgress) -> list[Message]:
        """Fetch the threads of a page's tickets, a few requests at a time."""
        gate = asyncio.Semaphore(self.concurrency)

        async def one(ticket_id: str) -> list[Message]:
            async with gate:
                await self._pace(progress)
                try:
                    return await self.backend.get_thread(ticket_id)
                except NotFoundError:
                    return []  # deleted between the listing and now; the feed will say so

        results = await asyncio.gather(*(one(t.id) for t in page.tickets))
        return [message for thread in results for message in thread]
