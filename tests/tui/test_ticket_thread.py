"""The thread folds long messages and quoted history, and shows them whole on request."""

from __future__ import annotations

from datetime import timedelta

from api_client.models import AuthorRole
from console.app import DesksideApp
from console.core.workspace import Workspace
from screens.ticket import TicketScreen
from screens.widgets.message_view import MessageView
from tests.tui.conftest import NOW

LONG = "\n".join(f"riga {n}" for n in range(30))
QUOTED = (
    "Sì, va bene.\n\n"
    "Il giorno lun 3 nov 2026 alle 10:00 Shop ha scritto:\n> Possiamo rimborsare?\n> Grazie"
)


async def test_long_and_quoted_messages_are_folded_until_expanded(workspace: Workspace) -> None:
    desk = workspace.desk
    for minutes, body in ((1, LONG), (2, QUOTED)):
        desk.add_message(
            1,
            body=body,
            author_role=AuthorRole.CUSTOMER,
            author_name="Cliente",
            created_at=NOW + timedelta(minutes=minutes),
        )
    app = DesksideApp(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(TicketScreen(workspace, 1))
        await pilot.pause()
        views = list(app.screen.query(MessageView))
        long_view, quoted_view = views[-2], views[-1]
        assert long_view.is_folded and "18 more lines" in long_view.render().plain
        assert "riga 29" not in long_view.render().plain
        assert quoted_view.is_folded and "Possiamo rimborsare" not in quoted_view.render().plain
        assert "quoted history (3 lines)" in quoted_view.render().plain
        long_view.focus()
        await pilot.press("enter")
        assert "riga 29" in long_view.render().plain
        await pilot.press("E")
        assert "Possiamo rimborsare" in quoted_view.render().plain


async def test_customer_pane_beside_the_thread_opens_other_tickets(workspace: Workspace) -> None:
    from screens.widgets.customer_pane import CustomerPane, CustomerTickets

    customer = workspace.conn.execute("SELECT customer_id FROM tickets WHERE id = 1").fetchone()[0]
    workspace.conn.execute(
        "INSERT INTO orders(customer_id, number, status, total, currency, placed_at, items) "
        "VALUES (?, '#100231', 'shipped', '129.90', 'EUR', 0, "
        '\'[{"sku": "S1", "name": "Sneaker Runner 42", "quantity": 1, '
        '"unit_price": "129.90"}]\')',
        (customer,),
    )
    app = DesksideApp(workspace)
    async with app.run_test(size=(140, 40)) as pilot:
        app.push_screen(TicketScreen(workspace, 1))
        await pilot.pause()
        screen = app.screen
        pane = screen.query_one(CustomerPane)
        assert pane.display and pane.summary is not None
        assert [o.number for o in pane.summary.orders] == ["#100231"]
        others = [t.id for t in pane.summary.other_tickets]
        assert others and 1 not in others
        screen.query_one(CustomerTickets).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TicketScreen) and app.screen.ticket_id == others[0]
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("c")
        assert not pane.display


async def test_a_rising_hostility_curve_shows_in_the_queue_and_the_header(
    workspace: Workspace,
) -> None:
    from screens.widgets.ticket_table import TicketTable

    angry = (
        "Il mio ordine non è arrivato.",
        "Ancora niente?? Sono passati dieci giorni!!",
        "VERGOGNA!!! Se non rispondete faccio il CHARGEBACK e vi denuncio. MAI PIÙ!!!",
    )
    for minutes, body in enumerate(angry):
        workspace.desk.add_message(
            2,
            body=body,
            author_role=AuthorRole.CUSTOMER,
            author_name="Cliente",
            created_at=NOW + timedelta(hours=minutes * 20),
        )
    app = DesksideApp(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("l", "l", "l", "l")  # All
        table = app.screen.query_one(TicketTable)
        for _ in range(300):  # analysis starts 1.5 s after the first frame
            row = table.source.rows_by_id([2])[2] if table.source else None
            if row and row.mood:
                break
            await pilot.pause(0.05)
        assert row is not None and row.mood == "rising"
        assert table.source is not None
        position = table.source.position_of(2)
        assert position is not None
        table.cursor = position
        await pilot.pause()
        top = round(table.scroll_offset.y)
        line = "".join(s.text for s in table.render_line(position - top + 1))
        assert "▲" in line
        await pilot.press("enter")
        await pilot.pause()
        header = str(app.screen.query_one("#header").render())
        assert "rising" in header and "listen and apologise" in header


async def test_status_copy_and_web_link_from_the_ticket(workspace: Workspace, monkeypatch) -> None:
    import webbrowser

    from console.core.config import Config
    from screens.modals import ConfirmModal

    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", opened.append)
    workspace.conn.execute(
        "UPDATE tickets SET url = 'https://acme.zendesk.com/agent/tickets/3' WHERE id = 3"
    )
    app = DesksideApp(workspace, config=Config())
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(TicketScreen(workspace, 3))
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # pending
        for _ in range(100):
            status = workspace.conn.execute("SELECT status FROM tickets WHERE id = 3").fetchone()
            if status[0] == "pending":
                break
            await pilot.pause(0.05)
        assert status[0] == "pending"
        await pilot.press("y")
        assert app.clipboard == "https://acme.zendesk.com/agent/tickets/3"
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        assert "https://acme.zendesk.com/agent/tickets/3" in app.screen.question
        await pilot.press("y")
        await pilot.pause()
    assert opened == ["https://acme.zendesk.com/agent/tickets/3"]
