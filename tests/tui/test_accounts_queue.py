"""A combined profile's queue: an Account column, the account: filter, the account on a ticket."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from console.app import DesksideApp
from console.core.config import load_config
from console.core.profiles import open_workspace
from screens.queue import QueueScreen
from screens.ticket import TicketScreen
from screens.widgets.ticket_table import TicketTable
from tests.agency import open_synced, setup_agency
from tests.contract.world import WORLD


def _lines(table: TicketTable) -> list[str]:
    return [
        "".join(segment.text for segment in table.render_line(y))
        for y in range(table.scrollable_content_region.height)
    ]


async def test_account_column_filter_and_ticket_header(monkeypatch: pytest.MonkeyPatch) -> None:
    setup_agency(monkeypatch)
    workspace = await open_synced("agency")
    app = DesksideApp(workspace)
    async with app.run_test(size=(140, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, QueueScreen)
        table = screen.query_one(TicketTable)
        await pilot.press("tab", "tab", "tab", "tab")  # All
        await pilot.pause()
        assert screen.current_view == "All" and table.total == 2 * len(WORLD.tickets)
        header, *rows = _lines(table)
        assert "Account" in header
        shown = [r for r in rows if r.strip()]
        assert any("shop_it" in r for r in shown) and any("shop_de" in r for r in shown)

        await pilot.press("slash", *"account:shop_de")
        await pilot.pause(0.3)
        assert table.total == len(WORLD.tickets)
        shown = [r for r in _lines(table)[1:] if r.strip()]
        assert len(shown) == len(WORLD.tickets)
        assert all("shop_de" in r and "DE " in r for r in shown)

        await pilot.press("enter", "enter")  # leave the filter, open the ticket
        await pilot.pause()
        assert isinstance(app.screen, TicketScreen)
        text = str(app.screen.query_one("#header", Static).render())
        assert "shop_de · " in text


async def test_an_unknown_account_is_named_and_the_last_result_stays(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    setup_agency(monkeypatch)
    workspace = await open_synced("agency")
    app = DesksideApp(workspace)
    async with app.run_test(size=(140, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, QueueScreen)
        await pilot.press("tab", "tab", "tab", "tab", "slash", *"account:shop_fr")
        await pilot.pause(0.3)
        error = screen.query_one("#filter-error", Static)
        assert "account:shop_fr is not one of: shop_it, shop_de" in str(error.render())
        assert screen.query_one(TicketTable).total == 2 * len(WORLD.tickets)


async def test_a_single_account_queue_has_no_account_column(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    setup_agency(monkeypatch)
    workspace = open_workspace(load_config(), "shop_it")
    app = DesksideApp(workspace)
    async with app.run_test(size=(140, 30)) as pilot:
        await pilot.pause()
        header = _lines(app.screen.query_one(TicketTable))[0]
        assert "Subject" in header and "Account" not in header
