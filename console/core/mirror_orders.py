"""A customer's orders and shipments in a remote profile's mirror.

The customer pane reads orders from the store (:func:`console.core.customer.customer_summary`);
on a remote profile they come from the helpdesk's integration data (Gorgias keeps a
Shopify store's orders on each customer). What the helpdesk sent for one customer is
the whole truth about them: orders are upserted by ``(remote_id, account)``, the ones
it no longer lists for that customer are removed, and each order's shipments are
replaced. Nothing is written when nothing differs, so a sync that sees the same
customer on every page costs a few reads and fires no change.

When a customer's orders were last read from the helpdesk is kept in ``sync_state``
(:func:`orders_state_name`), so a console does not ask again within its freshness window.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

from api_client.backends.local.rows import epoch
from api_client.models import Order, Shipment, native_id

__all__ = ["ORDERS_STATE", "orders_state_name", "write_customer_orders"]

ORDERS_STATE = "orders/"
"""``sync_state`` names ``orders/<customer's remote id>`` (``account/orders/…`` in a
combined profile) hold when that customer's orders were last read (epoch seconds)."""

_Row = tuple[str, str, str, str, int, str, str]
"""What an order looks like stored: number, status, total, currency, placed, items, shipments."""


def orders_state_name(account: str, customer_remote_id: str) -> str:
    name = f"{ORDERS_STATE}{customer_remote_id}"
    return f"{account}/{name}" if account else name


def _shipment(s: Shipment) -> list[object]:
    return [
        s.carrier,
        s.tracking_number,
        s.tracking_url,
        s.status,
        epoch(s.shipped_at) if s.shipped_at else None,
        epoch(s.eta) if s.eta else None,
    ]


def _row(order: Order) -> _Row:
    items = [
        {
            "sku": item.sku,
            "name": item.name,
            "quantity": item.quantity,
            "unit_price": str(item.unit_price),
        }
        for item in order.items
    ]
    return (
        order.number,
        order.status,
        str(order.total),
        order.currency,
        epoch(order.placed_at),
        json.dumps(items, ensure_ascii=False),
        json.dumps([_shipment(s) for s in order.shipments], ensure_ascii=False),
    )


def _stored(conn: sqlite3.Connection, customer: int, account: str) -> dict[str, tuple[int, _Row]]:
    rows: dict[str, tuple[int, _Row]] = {}
    for local, remote, number, status, total, currency, placed, items in conn.execute(
        "SELECT id, remote_id, number, status, total, currency, placed_at, items FROM orders "
        "WHERE customer_id = ? AND account = ? AND remote_id IS NOT NULL",
        (customer, account),
    ):
        shipments = conn.execute(
            "SELECT carrier, tracking_number, tracking_url, status, shipped_at, eta "
            "FROM shipments WHERE order_id = ? ORDER BY id",
            (local,),
        ).fetchall()
        row = (
            str(number),
            str(status),
            str(total),
            str(currency),
            int(placed),
            str(items),
            json.dumps([list(s) for s in shipments], ensure_ascii=False),
        )
        rows[str(remote)] = (int(local), row)
    return rows


def write_customer_orders(
    conn: sqlite3.Connection, customer: int, account: str, orders: Sequence[Order]
) -> bool:
    """Make ``customer``'s (a row id) orders of ``account`` exactly ``orders``, inside the
    caller's transaction. Returns whether anything changed."""
    wanted = {native_id(order.id): (order, _row(order)) for order in orders}
    stored = _stored(conn, customer, account)
    gone = [local for remote, (local, _) in stored.items() if remote not in wanted]
    changed = [
        (remote, order, row)
        for remote, (order, row) in wanted.items()
        if remote not in stored or stored[remote][1] != row
    ]
    for local in gone:
        conn.execute("DELETE FROM shipments WHERE order_id = ?", (local,))
        conn.execute("DELETE FROM orders WHERE id = ?", (local,))
    for remote, order, row in changed:
        number, status, total, currency, placed, items, _ = row
        local = conn.execute(
            "INSERT INTO orders(remote_id, account, customer_id, number, status, total, "
            "currency, placed_at, items) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(remote_id, account) DO UPDATE SET customer_id = excluded.customer_id, "
            "number = excluded.number, status = excluded.status, total = excluded.total, "
            "currency = excluded.currency, placed_at = excluded.placed_at, "
            "items = excluded.items RETURNING id",
            (remote, account, customer, number, status, total, currency, placed, items),
        ).fetchone()[0]
        conn.execute("DELETE FROM shipments WHERE order_id = ?", (local,))
        conn.executemany(
            "INSERT INTO shipments(order_id, carrier, tracking_number, tracking_url, status, "
            "shipped_at, eta) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(local, *_shipment(s)) for s in order.shipments],
        )
    return bool(gone or changed)
