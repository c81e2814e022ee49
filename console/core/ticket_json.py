"""The stable JSON shapes of tickets, threads, customers and outbox entries.

``deskside tickets --json``, ``deskside ticket show --json`` and ``deskside outbox
--json`` print these, and scripts depend on them: docs/cli.md documents them field
by field as a stable interface, so they only ever grow (a new key is fine; a key
renamed, removed or changing type is not). Keeping the shapes here, away from the
command line and without Textual, lets the UI (copy as JSON) and reports produce
exactly the same objects.

The module also gathers what ``ticket show`` needs into one :class:`TicketView`:
the ticket, its thread merged with the replies still in the outbox (each with its
delivery state), the customer with orders and shipments, and their other tickets.
The human renderer and the JSON renderer both read that view, so they cannot
disagree about what a ticket is.

Conventions: ids are the helpdesk's native ids as strings (``"48213"``, the number
an agent sees), never the store's row ids; times are RFC 3339 in UTC with a ``Z``
and whole seconds; money is a decimal string; absent values are ``null``, empty
lists ``[]``; every key is always present.
"""

from __future__ import annotations

import enum
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import msgspec

from api_client.backends.local.desk import Desk
from api_client.models import (
    AuthorRole,
    Channel,
    Customer,
    CustomerHistory,
    Message,
    MessageKind,
    Order,
    Shipment,
    Ticket,
    TicketUpdate,
    native_id,
)
from api_client.sanitize import sanitize, sanitize_optional
from console.core.errors import UserError
from console.core.outbox import Outbox, OutboxEntry, OutboxKind, OutboxState
from console.core.query import Query, QueryContext
from console.core.queue import QueueRow, QueueSource

__all__ = [
    "PENDING_STATES",
    "JsonObject",
    "ThreadItem",
    "TicketView",
    "changes_json",
    "customer_json",
    "epoch_rfc3339",
    "find_ticket",
    "load_ticket_view",
    "merge_thread",
    "message_json",
    "order_json",
    "other_ticket_json",
    "outbox_entry_json",
    "rfc3339",
    "shipment_json",
    "ticket_detail_json",
    "ticket_summary_json",
]

JsonObject = dict[str, Any]
"""One JSON object, ready for :func:`json.dumps`."""

PENDING_STATES = (
    OutboxState.QUEUED,
    OutboxState.SENDING,
    OutboxState.FAILED,
    OutboxState.CONFLICT,
)
"""Outbox states of a write that has not reached the helpdesk (yet)."""


# -- values ------------------------------------------------------------------------------


def rfc3339(moment: datetime | None) -> str | None:
    """``2026-11-25T09:00:00Z``: UTC, whole seconds (naive times are taken as UTC)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def epoch_rfc3339(seconds: int | float | None) -> str | None:
    """:func:`rfc3339` of seconds since the epoch (``None`` stays ``None``)."""
    return None if seconds is None else rfc3339(datetime.fromtimestamp(seconds, UTC))


def _native(qualified: str | None) -> str | None:
    return None if qualified is None else native_id(qualified)


# -- finding a ticket by the number an agent sees ---------------------------------------


def find_ticket(conn: sqlite3.Connection, number: str, account: str | None = None) -> int | None:
    """The store's row id of the ticket shown as ``number`` (its native id), or ``None``.

    In a mirror the number is the helpdesk's id (``remote_id``); on the embedded desk,
    where ``remote_id`` is empty, it is the row id itself. Both lookups are indexed.
    A combined profile's accounts may share a number: ``account`` says whose, and
    without it a number held by several accounts is a :class:`UserError` naming them.
    """
    if account is not None:
        row = conn.execute(
            "SELECT id FROM tickets WHERE remote_id = ? AND account = ?", (number, account)
        ).fetchone()
        return None if row is None else int(row[0])
    rows = conn.execute(
        "SELECT id, account FROM tickets WHERE remote_id = ? LIMIT 10", (number,)
    ).fetchall()
    if len(rows) > 1:
        which = ", ".join(f"{r[1]}:{number}" for r in rows)
        raise UserError(f"ticket {number} is in several accounts ({which}); say which", exit_code=2)
    if rows:
        return int(rows[0][0])
    if number.isdigit() and len(number) < 19:
        row = conn.execute(
            "SELECT id FROM tickets WHERE id = ? AND remote_id IS NULL", (int(number),)
        ).fetchone()
        if row is not None:
            return int(row[0])
    return None


# -- the list shape ---------------------------------------------------------------------------


def ticket_summary_json(row: QueueRow, profile: str) -> JsonObject:
    """A ticket as ``deskside tickets --json`` prints it (and the base of ``ticket show``).

    Queue rows are read with plain SQL, not through the models, so their free text
    goes through the sanitizer here (a no-op on text the store already cleaned).
    """
    return {
        "id": row.number,
        "profile": profile,
        "account": row.account or None,
        "subject": sanitize(row.subject),
        "status": row.status,
        "priority": row.priority,
        "channel": row.channel,
        "language": row.language,
        "reasons": list(row.reasons),
        "stage": row.stage,
        "assignee": sanitize_optional(row.assignee),
        "customer": {
            "name": sanitize(row.customer),
            "email": sanitize_optional(row.customer_email),
        },
        "tags": list(row.tags),
        "message_count": row.message_count,
        "due_at": rfc3339(row.due_at),
        "promised_by": rfc3339(row.promised_by),
        "first_response_at": rfc3339(row.first_response_at),
        "created_at": rfc3339(row.created_at),
        "updated_at": rfc3339(row.updated_at),
    }


# -- the parts of `ticket show` --------------------------------------------------------------


def customer_json(customer: Customer) -> JsonObject:
    """The customer in full: a superset of the summary's ``{"name", "email"}``."""
    return {
        "id": native_id(customer.id),
        "name": customer.name,
        "email": customer.email,
        "emails": list(customer.emails),
        "phones": list(customer.phones),
        "handles": [
            {"channel": handle.channel.value, "value": handle.value} for handle in customer.handles
        ],
        "language": customer.language,
        "timezone": customer.timezone,
        "tags": list(customer.tags),
        "notes": customer.notes,
        "created_at": rfc3339(customer.created_at),
    }


def shipment_json(shipment: Shipment) -> JsonObject:
    return {
        "carrier": shipment.carrier,
        "tracking_number": shipment.tracking_number,
        "tracking_url": shipment.tracking_url,
        "status": shipment.status,
        "shipped_at": rfc3339(shipment.shipped_at),
        "eta": rfc3339(shipment.eta),
    }


def order_json(order: Order) -> JsonObject:
    return {
        "id": native_id(order.id),
        "number": order.number,
        "status": order.status,
        "total": str(order.total),
        "currency": order.currency,
        "placed_at": rfc3339(order.placed_at),
        "items": [
            {
                "sku": item.sku,
                "name": item.name,
                "quantity": item.quantity,
                "unit_price": str(item.unit_price),
            }
            for item in order.items
        ],
        "shipments": [shipment_json(shipment) for shipment in order.shipments],
    }


def other_ticket_json(ticket: Ticket) -> JsonObject:
    """Another ticket of the same customer, in short."""
    return {
        "id": native_id(ticket.id),
        "subject": ticket.subject,
        "status": ticket.status.value,
        "priority": ticket.priority.value,
        "channel": ticket.channel.value,
        "language": ticket.language,
        "stage": ticket.stage.value,
        "created_at": rfc3339(ticket.created_at),
        "updated_at": rfc3339(ticket.updated_at),
    }


@dataclass(frozen=True, slots=True)
class ThreadItem:
    """One entry of a thread as shown: a stored message, or a write still in the outbox."""

    id: str | None
    """The helpdesk's message id; ``None`` while the write is pending in the outbox."""
    author: AuthorRole
    author_name: str
    public: bool
    body: str
    channel: Channel
    created_at: datetime
    delivery: str | None
    """For agent-written entries: ``sent`` or the outbox state; ``None`` for the others."""
    outbox_id: int | None = None
    error: str | None = None

    @property
    def kind(self) -> MessageKind:
        if self.author is AuthorRole.CUSTOMER:
            return MessageKind.CUSTOMER
        if self.author is AuthorRole.SYSTEM:
            return MessageKind.SYSTEM
        return MessageKind.REPLY if self.public else MessageKind.NOTE

    @property
    def pending(self) -> bool:
        return self.id is None


def message_json(item: ThreadItem) -> JsonObject:
    return {
        "id": item.id,
        "author": item.author.value,
        "author_name": item.author_name,
        "kind": item.kind.value,
        "public": item.public,
        "body": item.body,
        "channel": item.channel.value,
        "created_at": rfc3339(item.created_at),
        "delivery": item.delivery,
        "outbox_id": item.outbox_id,
        "error": item.error,
    }


@dataclass(frozen=True, slots=True)
class TicketView:
    """Everything ``ticket show`` prints about one ticket, read from the store."""

    profile: str
    row: QueueRow
    ticket: Ticket
    thread: tuple[ThreadItem, ...]
    history: CustomerHistory

    @property
    def other_tickets(self) -> tuple[Ticket, ...]:
        return tuple(t for t in self.history.tickets if t.id != self.ticket.id)


def ticket_detail_json(view: TicketView) -> JsonObject:
    """A ticket as ``deskside ticket show --json`` prints it: the summary and more."""
    detail = ticket_summary_json(view.row, view.profile)
    detail["url"] = view.ticket.url
    detail["customer"] = customer_json(view.history.customer)
    detail["messages"] = [message_json(item) for item in view.thread]
    detail["orders"] = [order_json(order) for order in view.history.orders]
    detail["other_tickets"] = [other_ticket_json(t) for t in view.other_tickets]
    return detail


def _from_message(message: Message, entry: OutboxEntry | None) -> ThreadItem:
    outgoing = message.author_role is AuthorRole.AGENT
    return ThreadItem(
        id=native_id(message.id),
        author=message.author_role,
        author_name=message.author_name,
        public=message.public,
        body=message.body,
        channel=message.channel,
        created_at=message.created_at,
        delivery=OutboxState.SENT.value if outgoing else None,
        outbox_id=entry.id if entry is not None else None,
    )


def _from_entry(entry: OutboxEntry, author_name: str, channel: Channel) -> ThreadItem:
    return ThreadItem(
        id=None,
        author=AuthorRole.AGENT,
        author_name=author_name,
        public=entry.public,
        body=sanitize(entry.body or ""),  # as the helpdesk will store it
        channel=channel,
        created_at=datetime.fromtimestamp(entry.created_at, UTC),
        delivery=entry.state.value,
        outbox_id=entry.id,
        error=sanitize_optional(entry.error),
    )


def merge_thread(
    messages: Iterable[Message],
    entries: Iterable[OutboxEntry],
    *,
    agent_names: dict[int, str],
    channel: Channel,
) -> tuple[ThreadItem, ...]:
    """The stored thread and the messages still in the outbox, oldest first.

    A stored message whose ``external_id`` is an outbox key *is* that write, delivered:
    it is shown once, as sent, whatever state its outbox row is left in.
    """
    by_key = {entry.key: entry for entry in entries if entry.kind is OutboxKind.MESSAGE}
    items: list[ThreadItem] = []
    delivered: set[str] = set()
    for message in messages:
        entry = by_key.get(message.external_id) if message.external_id else None
        if entry is not None:
            delivered.add(entry.key)
        items.append(_from_message(message, entry))
    for key, entry in by_key.items():
        if key in delivered or entry.state not in PENDING_STATES:
            continue
        name = agent_names.get(entry.agent_id, "") if entry.agent_id is not None else ""
        items.append(_from_entry(entry, name, channel))
    items.sort(key=lambda item: item.created_at)  # stable: stored messages first on ties
    return tuple(items)


def load_ticket_view(
    conn: sqlite3.Connection, profile: str, ticket_id: int, *, now: datetime | None = None
) -> TicketView:
    """Read one ticket (by store row id) with its thread, outbox, customer and orders.

    Raises :class:`api_client.errors.NotFoundError` when there is no such ticket.
    """
    desk = Desk(conn, profile)
    ticket = desk.ticket(ticket_id)
    source = QueueSource(conn, Query(), QueryContext(now=now or datetime.now(UTC)))
    row = source.rows_by_id([ticket_id])[ticket_id]
    entries = Outbox(conn, profile, owner="reader").entries(ticket_id=ticket_id)
    agent_ids = sorted({e.agent_id for e in entries if e.agent_id is not None})
    agent_names: dict[int, str] = {}
    for agent_id in agent_ids:
        found = conn.execute("SELECT name FROM agents WHERE id = ?", (agent_id,)).fetchone()
        if found is not None:
            agent_names[agent_id] = str(found[0])
    thread = merge_thread(
        desk.thread(ticket_id), entries, agent_names=agent_names, channel=ticket.channel
    )
    customer = conn.execute("SELECT customer_id FROM tickets WHERE id = ?", (ticket_id,))
    history = desk.customer_history(int(customer.fetchone()[0]))  # whatever its account
    return TicketView(profile=profile, row=row, ticket=ticket, thread=thread, history=history)


# -- the outbox ----------------------------------------------------------------------------


def changes_json(changes: TicketUpdate) -> JsonObject:
    """The field changes of a write: only the fields it sets (``assignee_id: null`` unassigns)."""
    shown: JsonObject = {}
    for name in changes.__struct_fields__:
        value = getattr(changes, name)
        if value is msgspec.UNSET or value == ():
            continue
        if isinstance(value, tuple):
            shown[name] = list(value)
        elif isinstance(value, datetime):
            shown[name] = rfc3339(value)
        elif isinstance(value, enum.Enum):
            shown[name] = value.value
        elif isinstance(value, str) and name.endswith("_id"):
            shown[name] = native_id(value)
        else:
            shown[name] = value
    return shown


def outbox_entry_json(entry: OutboxEntry, profile: str) -> JsonObject:
    """One outbox row as ``deskside outbox --json`` prints it."""
    return {
        "id": entry.id,
        "key": entry.key,
        "profile": profile,
        "ticket": native_id(entry.ticket_ref),
        "state": entry.state.value,
        "kind": entry.kind.value,
        "public": entry.public if entry.kind is OutboxKind.MESSAGE else None,
        "summary": entry.summary,
        "body": entry.body,
        "changes": changes_json(entry.changes),
        "attempts": entry.attempts,
        "uncertain": entry.uncertain,
        "error": sanitize_optional(entry.error),
        "created_at": epoch_rfc3339(entry.created_at),
        "updated_at": epoch_rfc3339(entry.updated_at),
        "next_attempt_at": epoch_rfc3339(entry.next_attempt_at or None),
        "remote_id": _native(entry.remote_id),
    }
