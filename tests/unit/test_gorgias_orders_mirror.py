"""A Gorgias profile's mirror holds its customers' Shopify orders: from the sync's own
pages (no extra request), and read again when a ticket opens (at most once per window)."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from api_client.backends.gorgias import GorgiasBackend
from api_client.errors import AuthError, BackendError
from api_client.models import Order
from console.core.db import open_store
from console.core.mirror import MirrorWriter
from console.core.order_refresh import FRESH_FOR, failure_note, refresh_due, refresh_orders
from console.core.sync import SyncEngine
from tests.contract.gorgias_mock import GorgiasMock
from tests.contract.harness_gorgias import PROFILE, GorgiasWorld, backend_for, seed_world


@dataclass
class Setup:
    mock: GorgiasMock
    ids: GorgiasWorld
    backend: GorgiasBackend
    writer: MirrorWriter
    conn: sqlite3.Connection

    def customer(self, key: str) -> int:
        row = self.conn.execute(
            "SELECT id FROM customers WHERE remote_id = ?", (str(self.ids.customers[key]),)
        ).fetchone()
        return int(row[0])

    def orders(self, key: str) -> list[tuple[object, ...]]:
        return self.conn.execute(
            "SELECT o.number, o.status, o.total, o.currency, o.items, s.carrier, "
            "s.tracking_number, s.tracking_url FROM orders AS o "
            "LEFT JOIN shipments AS s ON s.order_id = o.id WHERE o.customer_id = ? "
            "ORDER BY o.placed_at DESC",
            (self.customer(key),),
        ).fetchall()

    async def store(self, customer: str, orders: Sequence[Order]) -> set[int]:
        return self.writer.store_orders(customer, orders)


@pytest.fixture
async def setup(tmp_path: Path) -> AsyncIterator[Setup]:
    mock = GorgiasMock()
    ids = seed_world(mock)
    backend = backend_for(mock)
    conn = open_store(tmp_path / "mirror.sqlite3")
    writer = MirrorWriter(conn, PROFILE)
    writer.clock = lambda: 1_800_000_000.0
    try:
        yield Setup(mock, ids, backend, writer, conn)
    finally:
        await backend.aclose()
        conn.close()


async def test_a_sync_stores_the_orders_its_tickets_carry_without_asking_for_customers(
    setup: Setup,
) -> None:
    await SyncEngine(setup.writer, setup.backend).run()
    ((number, status, total, currency, items, carrier, tracking, url),) = setup.orders("marco")
    assert (number, status, total, currency) == ("#100231", "shipped", "129.90", "EUR")
    assert "Sneaker Runner 42" in str(items)
    assert (carrier, tracking) == ("BRT", "BRT0123456789")
    assert url == "https://tracking.example/brt/BRT0123456789"
    assert setup.mock.reads("/api/customers/" + str(setup.ids.customers["marco"])) == []
    # What the sync stored counts as fresh: opening marco's ticket now asks nothing.
    marco = setup.customer("marco")
    assert refresh_due(setup.conn, marco, now=1_800_000_000.0 + FRESH_FOR - 1) is None
    # A customer with no Shopify data in the payload is not "no orders": they are asked.
    assert refresh_due(setup.conn, setup.customer("claire"), now=1_800_000_000.0) is not None


async def test_opening_a_ticket_reads_the_customer_once_per_window(setup: Setup) -> None:
    await SyncEngine(setup.writer, setup.backend).run()
    claire = setup.customer("claire")
    setup.mock.add_shopify_order(
        setup.ids.customers["claire"],
        "#200117",
        total="45.00",
        currency="EUR",
        items=[("MUG-B", "Tasse bleue", 2, "22.50")],
        fulfillment_status="fulfilled",
        carrier="Colissimo",
        tracking="6A123456789",
    )
    now = 1_800_000_000.0
    refresh = refresh_due(setup.conn, claire, now=now)
    assert refresh is not None and refresh.account == ""
    changed = await refresh_orders(refresh, setup.backend, setup.store)
    path = f"/api/customers/{setup.ids.customers['claire']}"
    assert len(setup.mock.reads(path)) == 1
    assert changed == {
        int(r[0])
        for r in setup.conn.execute("SELECT id FROM tickets WHERE customer_id = ?", (claire,))
    }
    ((number, status, _, _, _, carrier, tracking, _),) = setup.orders("claire")
    assert (number, status, carrier, tracking) == ("#200117", "shipped", "Colissimo", "6A123456789")
    assert refresh_due(setup.conn, claire, now=now + FRESH_FOR - 1) is None
    assert refresh_due(setup.conn, claire, now=now + FRESH_FOR + 1) is not None


async def test_a_refused_key_is_a_quiet_note_without_the_key(setup: Setup) -> None:
    await SyncEngine(setup.writer, setup.backend).run()
    claire = setup.customer("claire")
    refresh = refresh_due(setup.conn, claire, now=1_800_000_000.0)
    assert refresh is not None
    setup.mock.fail_next(401, path=r"/api/customers/\d+")
    with pytest.raises(AuthError) as raised:
        await refresh_orders(refresh, setup.backend, setup.store)
    note = failure_note(raised.value)
    assert note.startswith("Orders not refreshed: the helpdesk refused the sign-in")
    assert setup.mock.api_key not in note
    assert setup.orders("claire") == []
    # Nothing was read: the next open asks again.
    assert refresh_due(setup.conn, claire, now=1_800_000_000.0) is not None


@pytest.mark.parametrize(
    ("fail", "words"),
    [
        ("429", "the helpdesk asked to slow down"),
        ("timeout", "the helpdesk did not answer in time"),
        ("503", "the helpdesk did not answer in time"),
    ],
)
async def test_a_slow_or_busy_helpdesk_is_a_quiet_note(setup: Setup, fail: str, words: str) -> None:
    await SyncEngine(setup.writer, setup.backend).run()
    refresh = refresh_due(setup.conn, setup.customer("claire"), now=1_800_000_000.0)
    assert refresh is not None
    if fail == "timeout":
        setup.mock.break_next(httpx.ReadTimeout, path=r"/api/customers/\d+")
    else:
        headers = {"Retry-After": "7"} if fail == "429" else {}
        setup.mock.fail_next(int(fail), path=r"/api/customers/\d+", headers=headers)
    with pytest.raises(BackendError) as raised:
        await refresh_orders(refresh, setup.backend, setup.store)
    assert (
        failure_note(raised.value) == f"Orders not refreshed: {words}. Showing what the mirror has."
    )
    assert setup.orders("claire") == []


def test_only_accounts_whose_helpdesk_has_orders_are_asked_for_them() -> None:
    """Opening a ticket reads orders only where the backend has ``Capability.ORDERS``:
    Gorgias yes, Zendesk no (no worker, no query on the ticket's way to the screen)."""
    from console.core.config import Config, Profile
    from console.core.profiles import open_workspace

    config = Config(
        profiles={
            "shop": Profile(backend="gorgias"),
            "desk": Profile(backend="zendesk"),
            "agency": Profile(accounts=["shop", "desk"]),
        }
    )
    opened = {name: open_workspace(config, name, notice=None) for name in config.profiles}
    try:
        assert opened["shop"].orders_from == {""}
        assert opened["desk"].orders_from == frozenset()
        assert opened["agency"].orders_from == {"shop"}
    finally:
        for workspace in opened.values():
            workspace.close()
