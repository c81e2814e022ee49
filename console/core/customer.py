"""What the customer pane shows beside a ticket, read from the store in a few indexed queries.

The pane is drawn every time a ticket opens, so everything it needs is gathered
here at once, without Textual, and can be tested without a terminal: who the
customer is and every way to reach them, their orders with items and shipments
(:meth:`Desk.customer_history`), lifetime numbers (orders, spend per currency,
tickets, first and last contact), their local time, and their other tickets with
status and reasons. Every query is bounded by the ``customer_id`` indexes, so
the cost depends on the customer, not on the size of the desk.

Also here: the few plain-text formatters the pane uses (money, short dates,
UTC offsets), so they mean the same wherever they are shown.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from api_client.backends.local.desk import Desk
from api_client.models import Channel, Customer, Order
from api_client.sanitize import sanitize

__all__ = [
    "EXCLUDED_FROM_SPEND",
    "QUERIES",
    "TICKET_LIMIT",
    "CustomerSummary",
    "OtherTicket",
    "customer_summary",
    "customer_zone",
    "format_money",
    "short_date",
    "utc_offset",
]

EXCLUDED_FROM_SPEND = frozenset({"cancelled", "canceled", "refunded"})
"""Order statuses (compared case-insensitively) that count as orders but not as spend."""

TICKET_LIMIT = 50
"""How many of the customer's other tickets are listed (newest first); the rest are counted."""

_TICKET_COUNTS = (
    "SELECT count(*), coalesce(sum(id = :current), 0) FROM tickets WHERE customer_id = :customer"
)
_CONTACT_SPAN = (
    "SELECT min(m.created_at), max(m.created_at) "
    "FROM tickets AS t JOIN messages AS m ON m.ticket_id = t.id "
    "WHERE t.customer_id = :customer AND m.author_role = 'customer'"
)
_ORDER_TOTALS = "SELECT status, total, currency FROM orders WHERE customer_id = :customer"
_OTHER_TICKETS = (
    "SELECT t.id, coalesce(t.remote_id, CAST(t.id AS TEXT)), t.subject, t.channel, t.status, "
    "t.created_at, "
    "(SELECT json_group_array(r.reason) FROM ticket_reasons AS r WHERE r.ticket_id = t.id) "
    "FROM tickets AS t WHERE t.customer_id = :customer AND t.id IS NOT :current "
    "ORDER BY t.created_at DESC, t.id DESC LIMIT :limit"
)
QUERIES = (_TICKET_COUNTS, _CONTACT_SPAN, _ORDER_TOTALS, _OTHER_TICKETS)
"""Every statement this module runs besides ``customer_history`` (tests check their plans)."""

_SYMBOLS = {"EUR": "€", "GBP": "£", "USD": "$"}
_NO_MINOR_UNITS = frozenset({"JPY", "KRW", "CLP", "VND", "ISK"})


@dataclass(frozen=True, slots=True)
class OtherTicket:
    """Another ticket of the same customer, on any channel, as the pane lists it."""

    id: int
    """The store's row id (what ``TicketScreen`` opens)."""
    number: str
    """The id the agent sees: the helpdesk's own id in a mirror, the row id on the embedded desk."""
    subject: str
    channel: str
    status: str
    created_at: datetime
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CustomerSummary:
    """Everything the customer pane shows, gathered in one go when a ticket opens."""

    customer_id: int
    """The customer's row id in the store."""
    customer: Customer
    orders: tuple[Order, ...]
    """Newest first, with items and shipments."""
    order_count: int
    """Every order on record, cancelled and refunded ones included."""
    spend: tuple[tuple[str, Decimal], ...]
    """``(currency, total)`` pairs by currency code: the sum of ``orders.total`` per
    currency, leaving out orders whose status is in :data:`EXCLUDED_FROM_SPEND`
    (cancelled or refunded: money the customer did not end up spending)."""
    ticket_count: int
    """Every ticket of the customer, the current one included."""
    first_contact: datetime | None
    """When the customer first wrote (their oldest message on any ticket)."""
    last_contact: datetime | None
    """When the customer last wrote (their newest message on any ticket)."""
    zone: tzinfo | None
    """The customer's time zone, or ``None`` when it is unknown or not a valid IANA name."""
    other_tickets: tuple[OtherTicket, ...]
    """The customer's other tickets, newest first, at most :data:`TICKET_LIMIT`."""
    other_ticket_count: int
    """How many other tickets there are in all (may exceed ``len(other_tickets)``)."""
    now: datetime
    """When the summary was read (what relative dates are measured against)."""
    account: str = ""
    """The account the customer belongs to in a combined profile ('' otherwise)."""

    @property
    def local_time(self) -> datetime | None:
        """The customer's wall-clock time when the summary was read (``None``: zone unknown)."""
        return self.local_time_at(self.now)

    def local_time_at(self, moment: datetime) -> datetime | None:
        """The customer's wall-clock time at ``moment`` (a naive ``moment`` is taken as UTC)."""
        if self.zone is None:
            return None
        return _aware(moment).astimezone(self.zone)

    @property
    def contact_points(self) -> tuple[tuple[str, str], ...]:
        """Every ``(channel, value)`` the customer can be reached on: emails, phones, handles."""
        return (
            *((Channel.EMAIL.value, email) for email in self.customer.emails),
            *((Channel.PHONE.value, phone) for phone in self.customer.phones),
            *((handle.channel.value, handle.value) for handle in self.customer.handles),
        )


def customer_summary(
    conn: sqlite3.Connection,
    profile: str,
    customer_local_id: int,
    *,
    current_ticket_id: int | None,
    now: datetime,
    ticket_limit: int = TICKET_LIMIT,
) -> CustomerSummary:
    """Read the pane's view of one customer; ``current_ticket_id`` is left out of "other tickets".

    Raises :class:`api_client.errors.NotFoundError` when there is no such customer.
    """
    now = _aware(now)
    # Tickets are read below, with their reasons, so the history reads none.
    history = Desk(conn, profile).customer_history(customer_local_id, ticket_limit=0)
    params = {"customer": customer_local_id, "current": current_ticket_id}
    ticket_count, current_is_theirs = conn.execute(_TICKET_COUNTS, params).fetchone()
    first, last = conn.execute(_CONTACT_SPAN, params).fetchone()
    order_count, spend = _spend(conn.execute(_ORDER_TOTALS, params).fetchall())
    others = tuple(
        _other_ticket(row)
        for row in conn.execute(_OTHER_TICKETS, {**params, "limit": max(0, ticket_limit)})
    )
    return CustomerSummary(
        customer_id=customer_local_id,
        customer=history.customer,
        orders=history.orders,
        order_count=order_count,
        spend=spend,
        ticket_count=int(ticket_count),
        first_contact=_from_epoch(first),
        last_contact=_from_epoch(last),
        zone=customer_zone(history.customer.timezone),
        other_tickets=others,
        other_ticket_count=int(ticket_count) - int(current_is_theirs),
        now=now,
        account=_account_of(conn, customer_local_id),
    )


def _account_of(conn: sqlite3.Connection, customer_local_id: int) -> str:
    row = conn.execute(
        "SELECT account FROM customers WHERE id = ?", (customer_local_id,)
    ).fetchone()
    return "" if row is None else str(row[0])


def customer_zone(name: str | None) -> tzinfo | None:
    """The IANA zone called ``name``; ``None`` when it is missing, unknown or malformed."""
    if not name or not name.strip():
        return None
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def _spend(rows: list[Any]) -> tuple[int, tuple[tuple[str, Decimal], ...]]:
    totals: dict[str, Decimal] = {}
    for status, total, currency in rows:
        if str(status).strip().lower() in EXCLUDED_FROM_SPEND:
            continue
        try:
            amount = Decimal(str(total).strip())
        except InvalidOperation:
            continue  # a total the store cannot read is not money we can add up
        if not amount.is_finite():
            continue
        code = str(currency).strip().upper()
        totals[code] = totals.get(code, Decimal(0)) + amount
    return len(rows), tuple(sorted(totals.items()))


def _other_ticket(row: Any) -> OtherTicket:
    local_id, number, subject, channel, status, created_at, reasons = row
    return OtherTicket(
        id=int(local_id),
        number=sanitize(str(number)),
        subject=sanitize(str(subject)),
        channel=sanitize(str(channel)),
        status=sanitize(str(status)),
        created_at=datetime.fromtimestamp(int(created_at), UTC),
        reasons=tuple(sorted(sanitize(str(r)) for r in json.loads(str(reasons or "[]")))),
    )


def _from_epoch(seconds: Any) -> datetime | None:
    return None if seconds is None else datetime.fromtimestamp(int(seconds), UTC)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


# -- formatting -------------------------------------------------------------------------------


def format_money(amount: Decimal, currency: str) -> str:
    """``€129.90``, ``£45.00``, ``$12.50``, ``CHF 89.00``, ``JPY 1,200``: no locale, no Babel.

    Euro, pound and dollar get their symbol; every other currency its ISO code.
    Amounts are rounded to the currency's minor unit (two places, none for yen and a few
    others) and grouped by thousands with commas.
    """
    code = currency.strip().upper()
    if not amount.is_finite():
        return f"{code} {amount}".strip()
    places = 0 if code in _NO_MINOR_UNITS else 2
    try:
        rounded = amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    except InvalidOperation:  # more digits than the context holds: let format round it
        rounded = amount
    number = f"{abs(rounded):,.{places}f}"
    sign = "-" if rounded < 0 else ""
    symbol = _SYMBOLS.get(code)
    if symbol is not None:
        return f"{sign}{symbol}{number}"
    return f"{sign}{code} {number}" if code else f"{sign}{number}"


def short_date(moment: datetime, now: datetime) -> str:
    """``27 Nov`` within ``now``'s year, ``27 Nov 2025`` otherwise (both in UTC)."""
    moment = _aware(moment).astimezone(UTC)
    year = "" if moment.year == _aware(now).astimezone(UTC).year else f" {moment.year}"
    return f"{moment.day} {moment:%b}{year}"


def utc_offset(moment: datetime) -> str:
    """The offset of an aware time as people write it: ``UTC+1``, ``UTC+5:30``, ``UTC-3``."""
    offset = moment.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")
