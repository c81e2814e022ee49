"""A remote profile's mirror keeps each customer's orders as the helpdesk last sent them."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from api_client.models import (
    ChangePage,
    Channel,
    Customer,
    Order,
    OrderItem,
    Shipment,
    Status,
    Ticket,
)
from console.core.changes import ChangeFeed
from console.core.customer import customer_summary
from console.core.db import open_store
from console.core.mirror import MirrorWriter
from console.core.mirror_orders import orders_state_name
from console.core.order_refresh import refresh_due

PLACED = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    store = open_store(tmp_path / "mirror.sqlite3")
    yield store
    store.close()


def _order(number: str, *, status: str = "shipped", tracking: str | None = "1Z999") -> Order:
    shipments = (
        (Shipment(carrier="UPS", tracking_number=tracking, status="in_transit"),)
        if tracking
        else ()
    )
    return Order(
        id=f"acme:shopify-{number}",
        customer_id="acme:5001",
        number=f"#{number}",
        status=status,
        total=Decimal("59.90"),
        currency="EUR",
        placed_at=PLACED,
        items=(OrderItem(sku="MUG", name="Blue mug", quantity=2, unit_price=Decimal("29.95")),),
        shipments=shipments,
    )


def _seed(writer: MirrorWriter, orders: tuple[Order, ...] | None = None) -> int:
    """A customer with one ticket, through a sync page (carrying ``orders``, if given);
    returns the ticket's row id."""
    page = ChangePage(
        customers=(Customer(id="acme:5001", name="Marco Bianchi", emails=("m@example.it",)),),
        tickets=(
            Ticket(
                id="acme:77",
                subject="Where is my mug?",
                status=Status.OPEN,
                channel=Channel.EMAIL,
                customer_id="acme:5001",
                created_at=PLACED,
                updated_at=PLACED,
                version="1",
            ),
        ),
        orders=orders or (),
        orders_of=("acme:5001",) if orders is not None else (),
        cursor="1",
    )
    writer.apply_page(page)
    return writer.ticket_local_id("acme:77") or 0


def _orders(conn: sqlite3.Connection, account: str = "") -> list[tuple[object, ...]]:
    return conn.execute(
        "SELECT o.remote_id, o.number, o.status, o.total, s.carrier, s.tracking_number "
        "FROM orders AS o LEFT JOIN shipments AS s ON s.order_id = o.id "
        "WHERE o.account = ? ORDER BY o.remote_id, s.id",
        (account,),
    ).fetchall()


def test_orders_and_shipments_are_stored_and_the_pane_reads_them(conn: sqlite3.Connection) -> None:
    writer = MirrorWriter(conn, "acme")
    ticket = _seed(writer)
    feed = ChangeFeed(conn)
    assert writer.store_orders("acme:5001", [_order("1001"), _order("1002", tracking=None)]) == {
        ticket
    }
    assert _orders(conn) == [
        ("shopify-1001", "#1001", "shipped", "59.90", "UPS", "1Z999"),
        ("shopify-1002", "#1002", "shipped", "59.90", None, None),
    ]
    assert feed.poll().ticket_ids == {ticket}  # the open ticket's pane redraws
    customer = conn.execute("SELECT id FROM customers WHERE remote_id = '5001'").fetchone()[0]
    summary = customer_summary(conn, "acme", customer, current_ticket_id=ticket, now=PLACED)
    first = next(o for o in summary.orders if o.number == "#1001")
    assert first.items[0].name == "Blue mug" and first.items[0].unit_price == Decimal("29.95")
    assert first.shipments[0].tracking_number == "1Z999"


def test_an_update_replaces_fields_and_shipments_in_place(conn: sqlite3.Connection) -> None:
    writer = MirrorWriter(conn, "acme")
    _seed(writer)
    writer.store_orders("acme:5001", [_order("1001", status="paid", tracking=None)])
    (before,) = conn.execute("SELECT id FROM orders").fetchone()
    writer.store_orders("acme:5001", [_order("1001", status="delivered", tracking="1Z777")])
    assert _orders(conn) == [("shopify-1001", "#1001", "delivered", "59.90", "UPS", "1Z777")]
    assert conn.execute("SELECT id FROM orders").fetchone()[0] == before  # upserted, not new
    assert conn.execute("SELECT count(*) FROM shipments").fetchone()[0] == 1


def test_the_same_orders_again_change_nothing(conn: sqlite3.Connection) -> None:
    writer = MirrorWriter(conn, "acme")
    _seed(writer)
    writer.store_orders("acme:5001", [_order("1001")])
    feed = ChangeFeed(conn)
    assert writer.store_orders("acme:5001", [_order("1001")]) == set()
    assert not feed.poll()


def test_orders_the_helpdesk_no_longer_lists_are_removed(conn: sqlite3.Connection) -> None:
    writer = MirrorWriter(conn, "acme")
    _seed(writer)
    writer.store_orders("acme:5001", [_order("1001"), _order("1002")])
    writer.store_orders("acme:5001", [_order("1002")])
    assert [row[0] for row in _orders(conn)] == ["shopify-1002"]
    assert conn.execute("SELECT count(*) FROM shipments").fetchone()[0] == 1  # no orphans
    writer.store_orders("acme:5001", [])
    assert _orders(conn) == []


def test_accounts_of_a_combined_profile_keep_their_own_orders(conn: sqlite3.Connection) -> None:
    shop_it = MirrorWriter(conn, "agency", "shop_it")
    shop_de = MirrorWriter(conn, "agency", "shop_de")
    _seed(shop_it)
    _seed(shop_de)  # the same remote ids, another helpdesk
    shop_it.store_orders("acme:5001", [_order("1001")])
    shop_de.store_orders("acme:5001", [_order("1001", status="refunded"), _order("2001")])
    shop_de.store_orders("acme:5001", [_order("2001")])  # 1001 gone from shop_de only
    assert [r[:3] for r in _orders(conn, "shop_it")] == [("shopify-1001", "#1001", "shipped")]
    assert [r[0] for r in _orders(conn, "shop_de")] == ["shopify-2001"]
    owners = conn.execute(
        "SELECT o.account, c.account FROM orders AS o JOIN customers AS c ON c.id = o.customer_id"
    ).fetchall()
    assert sorted(owners) == [("shop_de", "shop_de"), ("shop_it", "shop_it")]


def test_when_the_orders_were_read_is_remembered_per_account(conn: sqlite3.Connection) -> None:
    writer = MirrorWriter(conn, "agency", "shop_it")
    writer.clock = lambda: 1_700_000_000.5
    _seed(writer)
    writer.store_orders("acme:5001", [])
    stamps = dict(conn.execute("SELECT name, value FROM sync_state").fetchall())
    assert orders_state_name("shop_it", "5001") == "shop_it/orders/5001"
    assert float(stamps["shop_it/orders/5001"]) == 1_700_000_000.5


def test_a_sync_page_that_carries_a_customers_orders_stores_them(
    conn: sqlite3.Connection,
) -> None:
    writer = MirrorWriter(conn, "acme")
    _seed(writer, (_order("1001"), _order("1002")))
    assert [row[1] for row in _orders(conn)] == ["#1001", "#1002"]
    _seed(writer, (_order("1002"),))
    assert [row[1] for row in _orders(conn)] == ["#1002"]
    _seed(writer)  # a page that names no customer's orders leaves them be
    assert [row[1] for row in _orders(conn)] == ["#1002"]


def test_the_customers_account_decides_whose_helpdesk_is_asked(conn: sqlite3.Connection) -> None:
    shop_it = MirrorWriter(conn, "agency", "shop_it")
    shop_de = MirrorWriter(conn, "agency", "shop_de")
    shop_de.clock = lambda: 1_000.0
    _seed(shop_it)
    _seed(shop_de)
    shop_de.store_orders("acme:5001", [])
    rows = dict(conn.execute("SELECT account, id FROM customers").fetchall())
    due_it = refresh_due(conn, rows["shop_it"], now=1_000.0)
    assert due_it is not None
    assert (due_it.account, due_it.customer_remote_id) == ("shop_it", "5001")
    assert refresh_due(conn, rows["shop_de"], now=1_000.0) is None  # shop_de's are fresh
