"""A Gorgias profile under Pilot: opening a ticket shows the customer's Shopify orders.

The mirror is synced first; then the customer's order appears in the fake Gorgias
(the ticket list will not bring it: no ticket changed), so only reading the customer
when the ticket opens can put it in the pane.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from api_client.backend import Backend
from api_client.backends.local.desk import Desk
from console import app as app_module
from console.app import DesksideApp
from console.core import accounts as accounts_module
from console.core.config import Config, Profile
from console.core.db import open_store
from console.core.mirror import MirrorWriter
from console.core.sync import SyncEngine
from console.core.workspace import Workspace
from screens.ticket import TicketScreen
from screens.widgets.customer_pane import CustomerPane
from tests.contract.gorgias_mock import GorgiasMock
from tests.contract.harness_gorgias import PROFILE, backend_for, seed_world


@asynccontextmanager
async def gorgias_console(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[DesksideApp, GorgiasMock, int]]:
    """A console on a synced Gorgias mirror; yields the app, the mock and claire's ticket."""
    mock = GorgiasMock()
    ids = seed_world(mock)
    backend = backend_for(mock)
    path = tmp_path / "mirror.sqlite3"
    conn = open_store(path)
    await SyncEngine(MirrorWriter(conn, PROFILE), backend).run()
    mock.add_shopify_order(
        ids.customers["claire"],
        "#200117",
        total="45.00",
        currency="EUR",
        items=[("MUG-B", "Tasse bleue", 2, "22.50")],
        fulfillment_status="fulfilled",
        carrier="Colissimo",
        tracking="6A123456789",
    )

    @asynccontextmanager
    async def fake_backend_for(config: Config, workspace: Workspace) -> AsyncIterator[Backend]:
        yield backend

    monkeypatch.setattr(app_module, "backend_for", fake_backend_for)
    monkeypatch.setattr(accounts_module, "backend_for", fake_backend_for)
    me = Desk(conn, PROFILE).ensure_agent("giulia", "Giulia Rossi")
    workspace = Workspace(
        profile=PROFILE,
        backend_name="gorgias",
        path=path,
        conn=conn,
        me_id=me,
        me_login="giulia",
        me_name="Giulia Rossi",
        orders_from=frozenset({""}),  # as open_workspace says of a Gorgias profile
    )
    config = Config(profiles={PROFILE: Profile(backend="gorgias")})
    ticket = conn.execute(
        "SELECT id FROM tickets WHERE remote_id = ?", (str(ids.tickets["hostile"]),)
    ).fetchone()[0]
    try:
        yield DesksideApp(workspace, config=config), mock, int(ticket)
    finally:
        await backend.aclose()
        conn.close()


def _orders_text(app: DesksideApp) -> str:
    pane = app.screen.query_one(CustomerPane)
    return str(pane.query_one("#customer-orders").render())


async def test_the_pane_shows_the_order_read_when_the_ticket_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with gorgias_console(tmp_path, monkeypatch) as (app, mock, ticket):
        customer_path = f"/api/customers/{mock.tickets[int(_remote(app, ticket))]['customer_id']}"
        async with app.run_test(size=(160, 40)) as pilot:
            app.open_ticket(ticket)
            for _ in range(200):
                await pilot.pause(0.05)
                if isinstance(app.screen, TicketScreen) and "#200117" in _orders_text(app):
                    break
            text = _orders_text(app)
            assert "#200117" in text and "shipped" in text, text
            assert "2 × Tasse bleue" in text
            assert "Colissimo 6A123456789" in text
            assert len(mock.reads(customer_path)) == 1

            # Back to the queue and in again, within the freshness window: no second read.
            await pilot.press("escape")
            app.open_ticket(ticket)
            for _ in range(10):
                await pilot.pause(0.05)
            assert isinstance(app.screen, TicketScreen)
            assert "#200117" in _orders_text(app)
            assert len(mock.reads(customer_path)) == 1


async def test_a_refused_key_is_a_quiet_note_in_the_pane(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with gorgias_console(tmp_path, monkeypatch) as (app, mock, ticket):
        mock.fail_next(401, path=r"/api/customers/\d+")
        async with app.run_test(size=(160, 40)) as pilot:
            app.open_ticket(ticket)
            for _ in range(200):
                await pilot.pause(0.05)
                if isinstance(app.screen, TicketScreen) and "not refreshed" in _orders_text(app):
                    break
            text = _orders_text(app)
            assert "Orders not refreshed: the helpdesk refused the sign-in" in text, text
            assert "No orders on record" in text
            assert mock.api_key not in text
            assert isinstance(app.screen, TicketScreen)  # no crash, no error screen


def _remote(app: DesksideApp, ticket: int) -> str:
    row = app.workspace.conn.execute("SELECT remote_id FROM tickets WHERE id = ?", (ticket,))
    return str(row.fetchone()[0])
