"""SQLite rows to models, for the embedded desk and every mirror (same schema).

A row's native id is its ``remote_id`` in a mirror and its integer ``id`` on the
embedded desk; models carry it qualified by the profile.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from api_client.models import (
    Agent,
    AuthorRole,
    Channel,
    Contact,
    Customer,
    Group,
    Message,
    Order,
    OrderItem,
    Priority,
    Shipment,
    Stage,
    Status,
    Ticket,
    qualify,
)

__all__ = [
    "AGENT_COLUMNS",
    "CUSTOMER_COLUMNS",
    "MESSAGE_COLUMNS",
    "TICKET_COLUMNS",
    "agent_from_row",
    "customer_from_row",
    "epoch",
    "from_epoch",
    "group_from_row",
    "message_from_row",
    "order_from_row",
    "shipment_from_row",
    "ticket_from_row",
]

TICKET_COLUMNS = (
    "t.id, t.remote_id, t.subject, t.status, t.priority, t.channel, t.language, t.stage, "
    "t.customer_id, (SELECT remote_id FROM customers WHERE id = t.customer_id), "
    "t.assignee_id, (SELECT remote_id FROM agents WHERE id = t.assignee_id), "
    "t.group_id, (SELECT remote_id FROM groups WHERE id = t.group_id), "
    "t.tags, t.created_at, t.updated_at, t.version, t.due_at, t.promised_by, t.fields, t.url"
)
"""The columns ``ticket_from_row`` reads, selecting ``FROM tickets AS t``."""


def epoch(moment: datetime) -> int:
    """Seconds since the epoch for an aware datetime (naive ones are taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp())


def from_epoch(seconds: int | None) -> datetime | None:
    return None if seconds is None else datetime.fromtimestamp(seconds, UTC)


def _when(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def _native(local_id: int | None, remote_id: str | None) -> str | None:
    if local_id is None:
        return None
    return remote_id if remote_id is not None else str(local_id)


def _ref(profile: str, local_id: int | None, remote_id: str | None) -> str | None:
    native = _native(local_id, remote_id)
    return None if native is None else qualify(profile, native)


def ticket_from_row(profile: str, row: Sequence[Any]) -> Ticket:
    (
        local_id,
        remote_id,
        subject,
        status,
        priority,
        channel,
        language,
        stage,
        customer_id,
        customer_remote,
        assignee_id,
        assignee_remote,
        group_id,
        group_remote,
        tags,
        created_at,
        updated_at,
        version,
        due_at,
        promised_by,
        fields,
        url,
    ) = row
    return Ticket(
        id=qualify(profile, str(_native(local_id, remote_id))),
        subject=subject,
        status=Status(status),
        priority=Priority(priority),
        channel=Channel(channel),
        language=language,
        stage=Stage(stage),
        customer_id=str(_ref(profile, customer_id, customer_remote)),
        assignee_id=_ref(profile, assignee_id, assignee_remote),
        group_id=_ref(profile, group_id, group_remote),
        tags=tuple(str(tags).split()),
        created_at=_when(created_at),
        updated_at=_when(updated_at),
        version=str(version),
        due_at=from_epoch(due_at),
        promised_by=from_epoch(promised_by),
        fields=json.loads(fields) if fields else {},
        url=url,
    )


MESSAGE_COLUMNS = (
    "m.id, m.remote_id, m.ticket_id, t.remote_id, m.author_role, m.author_id, m.author_name, "
    "m.public, m.channel, m.body, m.created_at, m.external_id"
)
"""The columns ``message_from_row`` reads, selecting ``FROM messages AS m JOIN tickets AS t``."""


def message_from_row(profile: str, row: Sequence[Any]) -> Message:
    (
        local_id,
        remote_id,
        ticket_id,
        ticket_remote,
        role,
        author_id,
        author_name,
        public,
        channel,
        body,
        created_at,
        external_id,
    ) = row
    return Message(
        id=qualify(profile, str(_native(local_id, remote_id))),
        ticket_id=qualify(profile, str(_native(ticket_id, ticket_remote))),
        author_role=AuthorRole(role),
        author_id=None if author_id is None else qualify(profile, str(author_id)),
        author_name=str(author_name),
        public=bool(public),
        channel=Channel(channel),
        body=str(body),
        created_at=_when(created_at),
        external_id=external_id,
    )


def customer_from_row(
    profile: str, row: Sequence[Any], contacts: list[tuple[str, str]]
) -> Customer:
    local_id, remote_id, name, _email, language, timezone, tags, notes, created_at = row
    emails = tuple(value for channel, value in contacts if channel == Channel.EMAIL)
    phones = tuple(value for channel, value in contacts if channel == Channel.PHONE)
    handles = tuple(
        Contact(channel=Channel(channel), value=value)
        for channel, value in contacts
        if channel not in (Channel.EMAIL, Channel.PHONE)
    )
    return Customer(
        id=qualify(profile, str(_native(local_id, remote_id))),
        name=str(name),
        emails=emails,
        phones=phones,
        handles=handles,
        language=language,
        timezone=timezone,
        tags=tuple(str(tags).split()),
        notes=str(notes),
        created_at=from_epoch(created_at),
    )


CUSTOMER_COLUMNS = "id, remote_id, name, email, language, timezone, tags, notes, created_at"


def agent_from_row(profile: str, row: Sequence[Any]) -> Agent:
    local_id, remote_id, name, email, login, group_id, group_remote, active = row
    group = _ref(profile, group_id, group_remote)
    return Agent(
        id=qualify(profile, str(_native(local_id, remote_id))),
        name=str(name),
        email=email,
        login=login,
        group_ids=(group,) if group else (),
        active=bool(active),
    )


AGENT_COLUMNS = (
    "a.id, a.remote_id, a.name, a.email, a.login, a.group_id, "
    "(SELECT remote_id FROM groups WHERE id = a.group_id), a.active"
)


def group_from_row(profile: str, row: Sequence[Any]) -> Group:
    local_id, remote_id, name = row
    return Group(
        id=qualify(profile, str(_native(local_id, remote_id))),
        name=str(name),
    )


def shipment_from_row(row: Sequence[Any]) -> Shipment:
    carrier, number, url, status, shipped_at, eta = row
    return Shipment(
        carrier=str(carrier),
        tracking_number=str(number),
        tracking_url=url,
        status=str(status),
        shipped_at=from_epoch(shipped_at),
        eta=from_epoch(eta),
    )


def order_from_row(
    profile: str, row: Sequence[Any], customer: str, shipments: tuple[Shipment, ...]
) -> Order:
    local_id, remote_id, number, status, total, currency, placed_at, items = row
    return Order(
        id=qualify(profile, str(_native(local_id, remote_id))),
        customer_id=customer,
        number=str(number),
        status=str(status),
        total=Decimal(str(total)),
        currency=str(currency),
        placed_at=_when(placed_at),
        items=tuple(
            OrderItem(
                sku=str(item.get("sku", "")),
                name=str(item.get("name", "")),
                quantity=int(item.get("quantity", 1)),
                unit_price=Decimal(str(item.get("unit_price", "0"))),
            )
            for item in json.loads(str(items))
        ),
        shipments=shipments,
    )
