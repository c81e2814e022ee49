"""Reading a customer's orders from the helpdesk when an agent opens their ticket.

A helpdesk's change feed brings tickets, not what its shop integration knows about
each customer; some feeds carry it anyway (Gorgias lists a ticket with its customer's
whole record, their Shopify orders included: the sync stores those), others never do.
So when a ticket of a remote profile opens, the console asks the backend that owns
the customer (their account's, in a combined profile) for the customer
(``get_customer``) — at most once per :data:`FRESH_FOR` per customer, remembered in the
mirror, whoever read them last (a sync page or an earlier open) — paced by the
backend's rate budget, and the mirror writer stores the orders (which announces the
customer's tickets on the change feed, so the open pane redraws).

This module decides whether a refresh is due, runs it, and words a failure for the
pane without a token or a server's text in it: a refused key or a slow helpdesk is
a quiet note beside the stored orders, never an error dialog.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from api_client.backend import Backend, Capability
from api_client.errors import (
    AuthError,
    BackendError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    UnavailableError,
)
from api_client.models import Order, qualify
from console.core.mirror_orders import orders_state_name

__all__ = ["FRESH_FOR", "OrderRefresh", "failure_note", "refresh_due", "refresh_orders"]

FRESH_FOR = 600.0
"""Seconds a customer's stored orders count as current: no request within them."""

StoreOrders = Callable[[str, Sequence[Order]], Awaitable[set[int]]]
"""Writes one customer's orders to the mirror (off the UI loop); returns the tickets changed."""


@dataclass(frozen=True, slots=True)
class OrderRefresh:
    """A customer whose orders are due to be read again, and the account that has them."""

    customer_local_id: int
    account: str
    """The customer's account in a combined profile ('' in a single-account mirror)."""
    customer_remote_id: str


def refresh_due(
    conn: sqlite3.Connection, customer_local_id: int, *, now: float, fresh_for: float = FRESH_FOR
) -> OrderRefresh | None:
    """The refresh to run for this customer, or ``None``: not a helpdesk's customer (the
    embedded desk, a placeholder), or their orders were read less than ``fresh_for`` ago."""
    row = conn.execute(
        "SELECT remote_id, account FROM customers WHERE id = ?", (customer_local_id,)
    ).fetchone()
    if row is None or row[0] is None:
        return None
    remote, account = str(row[0]), str(row[1])
    stamp = conn.execute(
        "SELECT value FROM sync_state WHERE name = ?", (orders_state_name(account, remote),)
    ).fetchone()
    if stamp is not None:
        try:
            if now - float(stamp[0]) < fresh_for:
                return None
        except ValueError:
            pass  # an unreadable stamp: read them again
    return OrderRefresh(customer_local_id, account, remote)


async def refresh_orders(
    refresh: OrderRefresh,
    backend: Backend,
    store: StoreOrders,
    *,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> set[int]:
    """Read the customer from ``backend`` and store their orders; the tickets redrawn.

    Does nothing for a backend without :attr:`Capability.ORDERS`. Waits first as long
    as the backend's rate budget asks (Gorgias: 40 requests per 20 s), like the sync.
    Raises the backend's :class:`~api_client.errors.BackendError` on failure.
    """
    if not backend.supports(Capability.ORDERS):
        return set()
    if backend.budget is not None:
        delay = backend.budget.delay_before_next()
        if delay > 0:
            await sleep(delay)
    history = await backend.get_customer(qualify(backend.profile, refresh.customer_remote_id))
    return await store(history.customer.id, history.orders)


def failure_note(error: BaseException) -> str:
    """What the pane says when the orders could not be read (never the error's own text)."""
    if isinstance(error, PermissionDeniedError):
        reason = "this login may not read customers"
    elif isinstance(error, AuthError):
        reason = "the helpdesk refused the sign-in"
    elif isinstance(error, RateLimitedError):
        reason = "the helpdesk asked to slow down"
    elif isinstance(error, UnavailableError):
        reason = "the helpdesk did not answer in time"
    elif isinstance(error, NotFoundError):
        reason = "the helpdesk no longer has this customer"
    elif isinstance(error, BackendError):
        reason = "the helpdesk's answer could not be read"
    else:
        reason = "something went wrong (see the log)"
    return f"Orders not refreshed: {reason}. Showing what the mirror has."
