"""The sync engine: pulls a helpdesk into its mirror, first in full, then by changes.

Each page of the backend's change feed is written with the cursor after it in one
transaction, so an interrupted sync resumes from the last committed page and a crash
never skips data. Threads come from the backend's message feed where it has one
(:mod:`console.core.sync_messages`: tickets first, then the messages of many tickets
per request), else each changed ticket's thread is read, a few at a time, and written
with its page. Writes run in a worker thread (:mod:`console.core.sync_writes`) while
the next page is already being read, so neither the UI's loop nor the network waits
on SQLite; a first sync asks for a small first page so the queue fills at once, and
reads the directory (agents, groups, macros) alongside. Before every request it asks
the backend's rate budget how long to wait, so it slows down before the helpdesk
answers 429. Listeners hear which tickets changed, once per ticket per page, and how
far the sync has come.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import msgspec

from api_client.backend import Backend, Capability
from api_client.errors import NotFoundError
from api_client.models import ChangePage, Message, native_id
from console.core.mirror import MirrorWriter
from console.core.sync_messages import FEED_REFUSED, MESSAGES, MessageFeed
from console.core.sync_writes import SerialWrites

__all__ = ["SyncEngine", "SyncProgress", "SyncResult"]

CURSOR = "changes"
FULL_DONE = "full_sync_done"
ME = "me"
FIRST_PAGE = 100
"""The size of a full listing's first page: enough for a screenful, quick to write."""


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
        writes: SerialWrites | None = None,
    ) -> None:
        """``writes`` is shared by every engine writing through the same connection
        (the accounts of a combined profile), so their transactions never interleave."""
        self.writer = writer
        self.backend = backend
        self.concurrency = max(1, concurrency)
        self.on_progress = on_progress
        self.on_changes = on_changes
        self.sleep = sleep
        self._write = writes if writes is not None else SerialWrites()

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
            for name in (FULL_DONE, CURSOR, MESSAGES, FEED_REFUSED):
                await self._write(self.writer.set_state, name, None)
        progress = SyncProgress()
        feed = MessageFeed(
            self.writer,
            self.backend,
            write=self._write,
            pace=self._pace,
            concurrency=self.concurrency,
        )
        directory = asyncio.create_task(self._directory(progress)) if first else None
        deleted: set[str] = set()
        try:
            changed_all, done = await self._tickets(
                cursor, progress, feed, deleted, first_sync=first, max_pages=max_pages
            )
            if directory is not None:
                await directory
            if done and feed.task is not None:
                await feed.task
                if feed.first is not None:  # not refused
                    changed_all |= await feed.drain(
                        progress, deleted, self._notify, self.on_progress
                    )
        finally:
            for task in (directory, feed.task):
                if task is not None:  # stopped early: end it, and never leave its error unread
                    task.cancel()
                    await asyncio.gather(task, return_exceptions=True)
        if done:
            await self._write(self.writer.set_state, FULL_DONE, "1")
        return SyncResult(progress=progress, full=first, changed=frozenset(changed_all))

    def _notify(self, changed: set[int]) -> None:
        if changed and self.on_changes is not None:
            self.on_changes(changed)

    async def _page(
        self, cursor: str | None, progress: SyncProgress, limit: int | None
    ) -> ChangePage:
        await self._pace(progress)
        page = await self.backend.changes(cursor, limit=limit)
        if page.total is not None:
            progress.total = page.total
        return page

    async def _tickets(
        self,
        cursor: str | None,
        progress: SyncProgress,
        feed: MessageFeed,
        deleted: set[str],
        *,
        first_sync: bool,
        max_pages: int | None,
    ) -> tuple[set[int], bool]:
        """Write the change feed's pages, reading each next page while one is written.
        Returns the changed tickets and whether the feed reached its end.

        Where the message feed should bring the threads, the first page is written
        without them and the feed is asked only then (its first answer is large; the
        queue should not wait for it). Should the feed be refused, the threads of the
        tickets already written are read one by one, like every later page's."""
        limit = min(FIRST_PAGE, self.backend.page_size) if cursor is None else None
        upcoming: asyncio.Task[ChangePage] | None = asyncio.create_task(
            self._page(cursor, progress, limit)
        )
        per_ticket = not feed.expected(first_sync=first_sync)
        unthreaded: list[ChangePage] = []
        changed_all: set[int] = set()
        pages = 0
        try:
            while upcoming is not None:
                page = await upcoming
                pages += 1
                last = not page.more or (max_pages is not None and pages >= max_pages)
                upcoming = (
                    None if last else asyncio.create_task(self._page(page.cursor, progress, None))
                )
                if unthreaded:
                    per_ticket = not await feed.covers()
                    changed_all |= await self._unthreaded(unthreaded, progress, per_ticket)
                wanted = per_ticket and not page.threads_included
                threads = await self._threads(page, progress) if wanted else []
                hoping = not per_ticket and not page.threads_included and not feed.checked
                # Until the feed answers, a page's cursor waits: a crash re-reads the page.
                stored = msgspec.structs.replace(page, cursor=cursor) if hoping else page
                changed = await self._write(self.writer.apply_page, stored, threads)
                if hoping:
                    unthreaded.append(page)
                cursor = page.cursor
                await feed.open(progress, first_sync=first_sync)
                deleted.update(page.deleted)
                progress.pages += 1
                progress.tickets += len(page.tickets)
                progress.messages += len(page.messages) + len(threads)
                progress.deleted += len(page.deleted)
                changed_all |= changed
                self._notify(changed)
                if self.on_progress is not None:
                    self.on_progress(progress)
                if last:
                    if unthreaded:
                        per_ticket = not await feed.covers()
                        changed_all |= await self._unthreaded(unthreaded, progress, per_ticket)
                    return changed_all, not page.more
        finally:
            if upcoming is not None:
                upcoming.cancel()
                await asyncio.gather(upcoming, return_exceptions=True)
        return changed_all, False

    async def _unthreaded(
        self, pages: list[ChangePage], progress: SyncProgress, refused: bool
    ) -> set[int]:
        """Settle pages written in the hope the feed would bring their threads: read the
        threads if it was refused, and store the cursor the pages held back."""
        changed: set[int] = set()
        for page in pages:
            threads = await self._threads(page, progress) if refused else []
            progress.messages += len(threads)
            quiet = ChangePage(cursor=page.cursor)  # its tickets are stored already
            done = await self._write(self.writer.apply_page, quiet, threads)
            changed |= done
            self._notify(done)
        pages.clear()
        return changed

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
        await self._write(self.writer.agents_and_groups, agents, groups)
        if self.backend.supports(Capability.MACROS):
            await self._pace(progress)
            await self._write(self.writer.macros, await self.backend.list_macros())
        await self._write(self.writer.set_state, ME, native_id(me.id))

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
