"""The message-feed half of a sync: threads of many tickets per request.

Where the backend has a bulk feed of new messages (``Capability.MESSAGE_FEED``, for
Zendesk the ticket events export), a sync does not read each changed ticket's thread:
the ticket pages go to the mirror first (the queue fills at once), then the feed's
pages, each stored with the feed's own cursor in one transaction. A crash resumes the
feed from its last stored page; a message read twice is upserted by its id, so
nothing is lost or doubled.

* The feed's first page is asked for once the first ticket page is written (the queue
  must not wait for a large answer), alongside the next ticket pages: its answer says
  whether the feed can be used at all. Refused (403, an agent's credentials), the
  refusal is remembered and threads are read per ticket, those of the pages already
  written included.
* A mirror filled before the feed existed has no feed cursor: that sync still reads
  the changed tickets' threads, and the feed starts from that moment.
* A message of a ticket the mirror lacks (created after its ticket page was read) is
  placed by reading that ticket; one deleted meanwhile is skipped.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING

from api_client.backend import Backend, Capability
from api_client.errors import NotFoundError, PermissionDeniedError
from api_client.models import MessagePage, Ticket
from console.core.mirror import MirrorWriter
from console.core.sync_writes import SerialWrites

if TYPE_CHECKING:
    from console.core.sync import SyncProgress

__all__ = ["FEED_REFUSED", "MESSAGES", "MessageFeed"]

MESSAGES = "messages"
"""The sync-state name of the message feed's cursor."""
FEED_REFUSED = "message_feed_refused"
"""Set when the helpdesk refused these credentials the feed (cleared by a full resync)."""


class MessageFeed:
    """Reads a backend's message feed into the mirror for one sync run."""

    def __init__(
        self,
        writer: MirrorWriter,
        backend: Backend,
        *,
        write: SerialWrites,
        pace: Callable[[SyncProgress], Awaitable[None]],
        concurrency: int,
    ) -> None:
        self.writer = writer
        self.backend = backend
        self.write = write
        self.pace = pace
        self.concurrency = concurrency
        self.first: MessagePage | None = None
        self.task: asyncio.Task[bool] | None = None

    def expected(self, *, first_sync: bool) -> bool:
        """Whether the feed should bring the threads of this run's tickets (to be
        confirmed by :meth:`covers`): the backend has one, these credentials were not
        refused it, and it has been followed since the mirror's last sync. Called before
        the run's first write, on the loop's thread."""
        return (
            self.backend.supports(Capability.MESSAGE_FEED)
            and self.writer.cursor(FEED_REFUSED) is None
            and (first_sync or self.writer.cursor(MESSAGES) is not None)
        )

    async def open(self, progress: SyncProgress, *, first_sync: bool) -> None:
        """Ask for the feed's first page (once, and only if the backend has a feed that
        was not refused): :attr:`task` says whether it brings this run's threads. The
        state is read through the writes' thread: another write may be under way."""
        if self.task is not None or not self.backend.supports(Capability.MESSAGE_FEED):
            return
        if await self.write(self.writer.cursor, FEED_REFUSED) is not None:
            return
        cursor = await self.write(self.writer.cursor, MESSAGES)
        started_late = cursor is None and not first_sync
        if started_late:
            cursor = self.backend.message_cursor_now()
        self.task = asyncio.create_task(self._first_page(progress, cursor, started_late))

    @property
    def checked(self) -> bool:
        """Whether the feed's first answer is in."""
        return self.task is not None and self.task.done()

    async def covers(self) -> bool:
        """Whether the feed brings this run's threads (waits for its first answer)."""
        return self.task is not None and await self.task

    async def _first_page(self, progress: SyncProgress, cursor: str | None, late: bool) -> bool:
        await self.pace(progress)
        try:
            self.first = await self.backend.message_changes(cursor)
        except PermissionDeniedError:
            await self.write(self.writer.set_state, FEED_REFUSED, "1")
            return False
        return not late

    async def _page(self, progress: SyncProgress, cursor: str) -> MessagePage:
        await self.pace(progress)
        return await self.backend.message_changes(cursor)

    async def drain(
        self,
        progress: SyncProgress,
        deleted: set[str],
        notify: Callable[[set[int]], None],
        report: Callable[[SyncProgress], None] | None = None,
    ) -> set[int]:
        """Store the first page and every one after it; the next is read while one is
        stored. Returns the local ids of the tickets whose threads changed."""
        page = self.first
        changed_all: set[int] = set()
        while page is not None:
            upcoming = asyncio.create_task(self._page(progress, page.cursor)) if page.more else None
            try:
                changed = await self._store(progress, page, deleted)
            except BaseException:
                if upcoming is not None:
                    upcoming.cancel()
                    await asyncio.gather(upcoming, return_exceptions=True)
                raise
            progress.messages += len(page.messages)
            changed_all |= changed
            notify(changed)
            if report is not None:
                report(progress)
            previous = page.cursor
            page = await upcoming if upcoming is not None else None
            if page is not None and page.cursor == previous and not page.messages:
                break  # the feed stands still: nothing more to read now
        return changed_all

    async def _store(
        self, progress: SyncProgress, page: MessagePage, deleted: set[str]
    ) -> set[int]:
        unknown = await self.write(self.writer.unknown_tickets, page.ticket_ids)
        tickets = await self._read_tickets(progress, [t for t in unknown if t not in deleted])
        return await self.write(self.writer.apply_messages, page, tickets, cursor_name=MESSAGES)

    async def _read_tickets(self, progress: SyncProgress, ids: Sequence[str]) -> list[Ticket]:
        gate = asyncio.Semaphore(self.concurrency)

        async def one(ticket_id: str) -> Ticket | None:
            async with gate:
                await self.pace(progress)
                try:
                    return await self.backend.get_ticket(ticket_id)
                except NotFoundError:
                    return None  # deleted since: its messages have nowhere to go

        found = await asyncio.gather(*(one(t) for t in ids))
        return [ticket for ticket in found if ticket is not None]
