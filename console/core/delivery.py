"""Delivering the outbox: never lose a write, never send one twice.

One :class:`Deliverer` per profile and process claims outbox rows and hands them
to the backend. What happens next depends on what is *known*:

* the helpdesk answered: ``sent`` (or ``conflict`` on 409 / a newer version,
  ``failed`` when it refused the request);
* the request provably never left (connection refused, DNS, connect timeout) or
  the helpdesk said "slow down": back to the queue with backoff, resent as is;
* it may have arrived (read timeout, reset after sending, a deliverer killed
  mid-send): the row is *uncertain*, and before anything is resent the remote
  thread is read for our idempotency key (or, where the helpdesk cannot store
  one, the same body from an agent after the row was created).

A combined profile (several accounts in one queue) gives the deliverer one
:class:`Route` per account: each row goes to the backend of the account its ticket
belongs to (``OutboxEntry.account``), a row naming an agent or group of another
account fails, and so does a write to a read-only account. Nothing falls back to
another account's helpdesk.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

import msgspec

from api_client.backend import Backend, Capability, Outgoing
from api_client.errors import (
    BackendError,
    ConflictError,
    NotFoundError,
    RateLimitedError,
    UnavailableError,
)
from api_client.models import AuthorRole, Message, Ticket, TicketUpdate, native_id
from console.core.outbox import Outbox, OutboxEntry, OutboxKind, OutboxState

__all__ = ["Deliverer", "MirrorSink", "Route", "deliver_forever"]

MAX_ATTEMPTS = 8
BASE_DELAY = 2.0
MAX_DELAY = 300.0
CLOCK_SKEW = 300  # seconds a helpdesk's clock may differ from ours when matching bodies


class MirrorSink:
    """Where delivered results go so the UI shows them before the next sync.

    The embedded desk needs none (the backend wrote into the same database); a
    remote profile's mirror writer implements these.
    """

    def message_sent(self, ticket_id: int, message: Message) -> None:
        """Store the helpdesk's copy of a message we posted."""

    def ticket_changed(self, ticket: Ticket) -> None:
        """Store the helpdesk's copy of a ticket we changed."""


@dataclass(frozen=True)
class Route:
    """Where the writes of one account of a combined profile go."""

    backend: Backend
    sink: MirrorSink
    read_only: bool = False


def _foreign_reference(entry: OutboxEntry) -> str | None:
    """An agent or group of another account named by a row's changes, if any."""
    for name in ("assignee_id", "group_id"):
        value = getattr(entry.changes, name)
        if isinstance(value, str) and ":" in value:
            owner = value.partition(":")[0]
            if owner != entry.account:
                return f"{name.removesuffix('_id')} {native_id(value)} of account {owner!r}"
    return None


_T = TypeVar("_T")


class _WriteOutcomeUnknown(Exception):
    """A write left and no answer came back (the backend's UnavailableError inside)."""

    def __init__(self, error: UnavailableError) -> None:
        super().__init__(str(error))
        self.error = error


def _normalised(text: str) -> str:
    return " ".join(text.split())


def _reflected(ticket: Ticket, changes: TicketUpdate) -> bool:
    """True when every change is already visible on the ticket."""
    for name in ("status", "priority", "assignee_id", "group_id", "stage", "promised_by"):
        wanted = getattr(changes, name)
        if wanted is not msgspec.UNSET and getattr(ticket, name) != wanted:
            return False
    tags = set(ticket.tags)
    return set(changes.tags_add) <= tags and not (set(changes.tags_remove) & tags)


class Deliverer:
    """Claims and delivers outbox rows for one backend."""

    def __init__(
        self,
        outbox: Outbox,
        backend: Backend,
        *,
        sink: MirrorSink | None = None,
        on_change: Callable[[OutboxEntry], None] | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        rng: random.Random | None = None,
        max_attempts: int = MAX_ATTEMPTS,
        accounts: Mapping[str, Route] | None = None,
    ) -> None:
        """``accounts``: a combined profile's routes; then ``backend`` and ``sink`` are unused."""
        self.outbox = outbox
        self.accounts = accounts
        self.backend = backend
        self.sink = sink or MirrorSink()
        self.on_change = on_change
        self.sleep = sleep
        self.rng = rng or random.Random()
        self.max_attempts = max_attempts

    def _changed(self, entry: OutboxEntry) -> OutboxEntry:
        if self.on_change is not None:
            self.on_change(entry)
        return entry

    def _backoff(self, attempts: int) -> float:
        delay: float = min(MAX_DELAY, BASE_DELAY * 2.0 ** max(0, attempts - 1))
        return delay * (0.75 + 0.5 * self.rng.random())

    async def drain(self, *, limit: int = 1000) -> list[OutboxEntry]:
        """Deliver every row that is due now (bounded); returns the rows it finished."""
        done: list[OutboxEntry] = []
        for _ in range(limit):
            entry = await self.deliver_one()
            if entry is None:
                break
            done.append(entry)
        return done

    async def deliver_one(self) -> OutboxEntry | None:
        entry = self.outbox.claim()
        if entry is None:
            return None
        self._changed(entry)
        if self.accounts is None:
            return self._changed(await self._deliver(entry))
        return self._changed(await self._deliver_routed(entry, self.accounts))

    async def _deliver_routed(self, entry: OutboxEntry, routes: Mapping[str, Route]) -> OutboxEntry:
        """A combined profile's row, delivered by its account's backend or not at all."""
        route = routes.get(entry.account)
        if route is None:
            known = ", ".join(routes) or "none"
            return self.outbox.mark_failed(
                entry.id, f"the ticket's account {entry.account!r} is not one of: {known}"
            )
        if route.read_only:
            return self.outbox.mark_failed(
                entry.id, f"account {entry.account!r} is read-only (read_only = true)"
            )
        foreign = _foreign_reference(entry)
        if foreign is not None:
            return self.outbox.mark_failed(
                entry.id, f"a ticket of {entry.account!r} cannot take the {foreign}"
            )
        one = Deliverer(
            self.outbox,
            route.backend,
            sink=route.sink,
            sleep=self.sleep,
            rng=self.rng,
            max_attempts=self.max_attempts,
        )
        return await one._deliver(entry)

    async def _deliver(self, entry: OutboxEntry) -> OutboxEntry:
        try:
            if entry.uncertain:
                found = await self._reconcile(entry)
                if found is not None:
                    return found
            return await self._send(entry)
        except ConflictError as error:
            return self.outbox.mark_conflict(entry.id, f"the ticket changed meanwhile: {error}")
        except RateLimitedError as error:
            return self.outbox.mark_retry(
                entry.id, delay=error.retry_after, error=str(error), uncertain=entry.uncertain
            )
        except _WriteOutcomeUnknown as unknown:
            return self._retry_later(entry, unknown.error, uncertain=True)
        except UnavailableError as error:
            return self._retry_later(entry, error, uncertain=entry.uncertain)
        except BackendError as error:
            return self.outbox.mark_failed(entry.id, f"{type(error).__name__}: {error}")

    def _retry_later(
        self, entry: OutboxEntry, error: UnavailableError, *, uncertain: bool
    ) -> OutboxEntry:
        if entry.attempts >= self.max_attempts and not uncertain:
            return self.outbox.mark_failed(
                entry.id, f"gave up after {entry.attempts} attempts: {error}"
            )
        if entry.attempts >= self.max_attempts:
            # Never give up on a write that may have arrived without reconciling it:
            # keep it queued (uncertain) at the longest backoff.
            return self.outbox.mark_retry(
                entry.id, delay=MAX_DELAY, error=str(error), uncertain=True
            )
        return self.outbox.mark_retry(
            entry.id, delay=self._backoff(entry.attempts), error=str(error), uncertain=uncertain
        )

    async def _write(self, call: Awaitable[_T]) -> _T:
        """Run a write; a failure after the request left becomes an unknown outcome."""
        try:
            return await call
        except UnavailableError as error:
            if error.sent:
                raise _WriteOutcomeUnknown(error) from error
            raise

    async def _send(self, entry: OutboxEntry) -> OutboxEntry:
        expected = entry.expected_version
        if expected is not None and entry.uncertain and not entry.changes.is_empty():
            # An earlier attempt may have applied our own changes (helpdesks that update
            # and post in two requests): that moved the version, and is not a conflict.
            current = await self.backend.get_ticket(entry.ticket_ref)
            if current.version != expected and _reflected(current, entry.changes):
                expected = None
        if expected is not None and not self.backend.supports(Capability.VERSIONED_UPDATES):
            current = await self.backend.get_ticket(entry.ticket_ref)
            if current.version != expected:
                raise ConflictError(
                    f"version {current.version} is newer than {expected}",
                    current_version=current.version,
                )
        if entry.kind is OutboxKind.MESSAGE:
            message = await self._write(
                self.backend.post_message(
                    entry.ticket_ref,
                    Outgoing(
                        body=entry.body or "",
                        public=entry.public,
                        external_id=entry.key,
                        author_id=self._author(entry),
                        update=entry.changes,
                        expected_version=expected,
                    ),
                )
            )
            self.sink.message_sent(entry.ticket_id, message)
            sent = self.outbox.mark_sent(entry.id, message.id)
            await self._follow(entry)
            return sent
        ticket = await self._write(
            self.backend.update(entry.ticket_ref, entry.changes, expected_version=expected)
        )
        self.sink.ticket_changed(ticket)
        self.outbox.rebase(entry.ticket_id, expected, ticket.version)
        return self.outbox.mark_sent(entry.id, ticket.id)

    def _author(self, entry: OutboxEntry) -> str | None:
        """The agent's id in the ticket's own helpdesk (none: the credentials' owner)."""
        author = self.outbox.agent_ref(entry.agent_id)
        if author is None or author.partition(":")[0] != entry.account:
            return None  # the agent's row in another account of a combined profile
        return author

    async def _follow(self, entry: OutboxEntry) -> None:
        """After a post, learn the ticket's new version so our later rows follow it."""
        waiting = self.outbox.entries(states=[OutboxState.QUEUED], ticket_id=entry.ticket_id)
        if entry.changes.is_empty() and not any(e.expected_version for e in waiting):
            return
        try:
            ticket = await self.backend.get_ticket(entry.ticket_ref)
        except BackendError:
            return  # the next sync brings it; later rows may then conflict, visibly
        self.sink.ticket_changed(ticket)
        self.outbox.rebase(entry.ticket_id, entry.expected_version, ticket.version)

    async def _reconcile(self, entry: OutboxEntry) -> OutboxEntry | None:
        """Find out whether an uncertain write arrived; mark it sent if it did."""
        if entry.kind is OutboxKind.MESSAGE:
            try:
                thread = await self.backend.get_thread(entry.ticket_ref)
            except NotFoundError:
                return None
            match = self._find(entry, thread)
            if match is None:
                return None
            self.sink.message_sent(entry.ticket_id, match)
            if not entry.changes.is_empty():
                # The message arrived; the changes sent with it may not have (helpdesks
                # that post and update in two requests). Apply what is missing, once.
                ticket = await self.backend.get_ticket(entry.ticket_ref)
                if not _reflected(ticket, entry.changes):
                    ticket = await self._write(self.backend.update(entry.ticket_ref, entry.changes))
                self.sink.ticket_changed(ticket)
            sent = self.outbox.mark_sent(entry.id, match.id)
            await self._follow(entry)
            return sent
        ticket = await self.backend.get_ticket(entry.ticket_ref)
        if not _reflected(ticket, entry.changes):
            return None
        self.sink.ticket_changed(ticket)
        return self.outbox.mark_sent(entry.id, ticket.id)

    def _find(self, entry: OutboxEntry, thread: list[Message]) -> Message | None:
        for message in thread:
            if message.external_id == entry.key:
                return message
        if self.backend.supports(Capability.EXTERNAL_IDS):
            return None
        body = _normalised(entry.body or "")
        for message in thread:
            if (
                message.author_role is AuthorRole.AGENT
                and message.public == entry.public
                and message.created_at.timestamp() >= entry.created_at - CLOCK_SKEW
                and _normalised(message.body) == body
            ):
                return message
        return None


async def deliver_forever(
    deliverer: Deliverer,
    wake: asyncio.Event,
    *,
    idle: float = 2.0,
    clock: Callable[[], float] = time.time,
) -> None:
    """The console's background delivery: drain what is due, then sleep until poked.

    Runs for the life of the app; each pass is bounded (``Deliverer.drain``), and it
    sleeps until the next row is due, ``idle`` seconds, or ``wake`` is set by a new write.
    """
    deliverer.outbox.prune()
    while True:
        await deliverer.drain()
        due = deliverer.outbox.next_due()
        timeout = idle if due is None else max(0.1, min(idle, due - clock()))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(wake.wait(), timeout)
        wake.clear()
