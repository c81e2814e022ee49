"""An in-memory helpdesk implementing the backend interface, with failure injection.

It is a real (small) helpdesk, not a stub: it pages its change feed, versions
tickets, refuses stale updates, records every call, and can be told to fail the
next calls or to apply a write and then lose the answer, which is how the sync
and outbox tests reproduce what real networks do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import ClassVar

import msgspec

from api_client.backend import Backend, BackendOption, Capability, Outgoing
from api_client.errors import ConflictError, NotFoundError, OutcomeUnknownError
from api_client.models import (
    Agent,
    AuthorRole,
    ChangePage,
    Customer,
    CustomerHistory,
    Group,
    Message,
    Order,
    Status,
    Ticket,
    TicketUpdate,
)


@dataclass
class MemoryState:
    """The helpdesk's data, shared by every MemoryBackend built on it."""

    agents: dict[str, Agent] = field(default_factory=dict)
    customers: dict[str, Customer] = field(default_factory=dict)
    tickets: dict[str, Ticket] = field(default_factory=dict)
    messages: dict[str, list[Message]] = field(default_factory=dict)
    orders: dict[str, list[Order]] = field(default_factory=dict)
    log: list[tuple[str, bool]] = field(default_factory=list)  # (native ticket id, deleted)
    next_id: int = 1000
    clock: datetime = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)

    def new_id(self) -> str:
        self.next_id += 1
        return str(self.next_id)

    def touch(self, native: str, *, deleted: bool = False) -> None:
        self.log.append((native, deleted))


class MemoryBackend(Backend):
    name: ClassVar[str] = "memory"
    label: ClassVar[str] = "In-memory test helpdesk"
    options = (BackendOption(name="agent", label="Agent login", required=False),)
    capabilities = frozenset(
        {
            Capability.CHANGES,
            Capability.NOTES,
            Capability.TAGS,
            Capability.ASSIGN,
            Capability.PRIORITY,
            Capability.ORDERS,
            Capability.VERSIONED_UPDATES,
            Capability.EXTERNAL_IDS,
            Capability.STAGE_FIELD,
        }
    )
    page_size = 2

    def __init__(self, profile: str, state: MemoryState, me: str) -> None:
        super().__init__(profile, {"agent": me}, {})
        self.state = state
        self.me = me
        self.calls: list[str] = []
        self.failures: list[BaseException] = []
        self.lose_answer_of: set[str] = set()

    def _enter(self, operation: str) -> None:
        self.calls.append(operation)
        if self.failures:
            raise self.failures.pop(0)

    def _q(self, native: str) -> str:
        return self.qid(native)

    def _ticket(self, ticket_id: str) -> Ticket:
        ticket = self.state.tickets.get(self.nid(ticket_id))
        if ticket is None:
            raise NotFoundError(f"no ticket {self.nid(ticket_id)}")
        return ticket

    async def who_am_i(self) -> Agent:
        self._enter("who_am_i")
        return self.state.agents[self.me]

    async def changes(self, cursor: str | None, *, limit: int | None = None) -> ChangePage:
        self._enter("changes")
        size = min(limit or self.page_size, self.page_size)
        start = int(cursor) if cursor else 0
        window = self.state.log[start : start + size]
        latest: dict[str, bool] = {}
        for native, deleted in window:
            latest.pop(native, None)
            latest[native] = deleted
        tickets = [self.state.tickets[n] for n, gone in latest.items() if not gone]
        customer_ids = sorted({t.customer_id for t in tickets})
        end = start + len(window)
        return ChangePage(
            tickets=tuple(tickets),
            customers=tuple(self.state.customers[self.nid(c)] for c in customer_ids),
            deleted=tuple(self._q(n) for n, gone in latest.items() if gone),
            threads_included=False,
            cursor=str(end),
            more=end < len(self.state.log),
            total=len(self.state.log) if cursor is None else None,
        )

    async def get_ticket(self, ticket_id: str) -> Ticket:
        self._enter("get_ticket")
        return self._ticket(ticket_id)

    async def get_thread(self, ticket_id: str) -> list[Message]:
        self._enter("get_thread")
        self._ticket(ticket_id)
        return list(self.state.messages.get(self.nid(ticket_id), []))

    async def get_customer(self, customer_id: str) -> CustomerHistory:
        self._enter("get_customer")
        customer = self.state.customers.get(self.nid(customer_id))
        if customer is None:
            raise NotFoundError(f"no customer {self.nid(customer_id)}")
        tickets = sorted(
            (t for t in self.state.tickets.values() if t.customer_id == customer.id),
            key=lambda t: t.created_at,
            reverse=True,
        )
        return CustomerHistory(
            customer=customer,
            orders=tuple(self.state.orders.get(self.nid(customer_id), [])),
            tickets=tuple(tickets),
        )

    async def list_agents(self) -> list[Agent]:
        self._enter("list_agents")
        return sorted(self.state.agents.values(), key=lambda a: a.name)

    async def list_groups(self) -> list[Group]:
        self._enter("list_groups")
        return []

    def _check(self, ticket: Ticket, expected: str | None) -> None:
        if expected is not None and expected != ticket.version:
            raise ConflictError(
                f"ticket changed since version {expected}", current_version=ticket.version
            )

    def _store(self, ticket: Ticket, **changes: object) -> Ticket:
        self.state.clock = self.state.clock.replace(second=(self.state.clock.second + 1) % 60)
        updated = msgspec.structs.replace(
            ticket, version=str(int(ticket.version or "0") + 1), **changes
        )
        native = self.nid(ticket.id)
        self.state.tickets[native] = updated
        self.state.touch(native)
        return updated

    def _apply(self, ticket: Ticket, update: TicketUpdate) -> Ticket:
        changes: dict[str, object] = {
            name: getattr(update, name)
            for name in ("status", "priority", "assignee_id", "group_id", "stage", "promised_by")
            if getattr(update, name) is not msgspec.UNSET
        }
        if update.tags_add or update.tags_remove:
            tags = [t for t in (*ticket.tags, *update.tags_add) if t not in update.tags_remove]
            changes["tags"] = tuple(dict.fromkeys(tags))
        return self._store(ticket, **changes)

    async def post_message(self, ticket_id: str, outgoing: Outgoing) -> Message:
        self._enter("post_message")
        ticket = self._ticket(ticket_id)
        self._check(ticket, outgoing.expected_version)
        me = self.state.agents[self.me]
        message = Message(
            id=self._q(self.state.new_id()),
            ticket_id=ticket.id,
            author_role=AuthorRole.AGENT,
            author_id=me.id,
            author_name=me.name,
            public=outgoing.public,
            channel=ticket.channel,
            body=outgoing.body,
            created_at=self.state.clock,
            external_id=outgoing.external_id,
        )
        self.state.messages.setdefault(self.nid(ticket.id), []).append(message)
        ticket = self._store(ticket, updated_at=self.state.clock)
        if not outgoing.update.is_empty():
            self._apply(ticket, outgoing.update)
        if "post_message" in self.lose_answer_of:
            raise OutcomeUnknownError("the answer to POST was lost (read timeout)")
        return message

    async def update(
        self, ticket_id: str, update: TicketUpdate, *, expected_version: str | None = None
    ) -> Ticket:
        self._enter("update")
        ticket = self._ticket(ticket_id)
        self._check(ticket, expected_version)
        updated = self._apply(ticket, update)
        if "update" in self.lose_answer_of:
            raise OutcomeUnknownError("the answer to PUT was lost (read timeout)")
        return updated

    # -- test conveniences (not part of the interface) ---------------------------------

    def delete_ticket(self, native: str) -> None:
        self.state.tickets.pop(native)
        self.state.messages.pop(native, None)
        self.state.touch(native, deleted=True)

    def customer_writes(self, native: str, body: str) -> Message:
        ticket = self.state.tickets[native]
        customer = self.state.customers[self.nid(ticket.customer_id)]
        message = Message(
            id=self._q(self.state.new_id()),
            ticket_id=ticket.id,
            author_role=AuthorRole.CUSTOMER,
            author_id=customer.id,
            author_name=customer.name,
            channel=ticket.channel,
            body=body,
            created_at=self.state.clock,
        )
        self.state.messages.setdefault(native, []).append(message)
        status = Status.OPEN if ticket.status is not Status.NEW else ticket.status
        self._store(ticket, status=status, updated_at=self.state.clock)
        return message
