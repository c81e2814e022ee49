"""Opening tickets on the reused TicketScreen: the right thread, drafts kept, nothing remounted.

The screen is reused across opens and builds views only for the newest messages, so
these check what that must not break: the oldest message is still reachable, a live
update appends to the views already there, another ticket shows none of the last
one, and a draft stays with its ticket.
"""

from __future__ import annotations

from datetime import timedelta

from textual.pilot import Pilot

from api_client.models import AuthorRole
from console.app import DesksideApp
from console.core.workspace import Workspace
from screens.ticket import TicketScreen
from screens.widgets.customer_pane import CustomerPane
from screens.widgets.thread import Thread
from tests.tui.conftest import NOW

LONG_THREAD = 40


def _add_messages(workspace: Workspace, ticket_id: int, count: int) -> None:
    for n in range(count):
        workspace.desk.add_message(
            ticket_id,
            body=f"Messaggio {n:02d}\nseconda riga",
            author_role=AuthorRole.CUSTOMER,
            author_name="Cliente",
            created_at=NOW + timedelta(minutes=n + 1),
        )


def _same(one: object, other: object) -> bool:
    return one is other


def _bodies(thread: Thread) -> list[str]:
    return [view.body for view in thread.views()]


async def _open(app: DesksideApp, pilot: Pilot[None], ticket_id: int) -> TicketScreen:
    """Open ``ticket_id`` as the queue would, and the ticket screen once it shows."""
    app.open_ticket(ticket_id)
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, TicketScreen)
    return screen


async def test_only_the_newest_are_built_and_home_reaches_the_oldest(
    workspace: Workspace,
) -> None:
    _add_messages(workspace, 1, LONG_THREAD)
    app = DesksideApp(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(app, pilot, 1)
        thread = screen.thread
        assert thread.hidden > 0
        assert _bodies(thread)[-1] == f"Messaggio {LONG_THREAD - 1:02d}\nseconda riga"
        assert "Messaggio del cliente numero 0" not in _bodies(thread)
        thread.focus()
        await pilot.press("home")
        await pilot.pause()
        assert thread.hidden == 0
        assert len(thread.views()) == LONG_THREAD + 1
        assert _bodies(thread)[0] == "Messaggio del cliente numero 0"
        assert thread.scroll_y == 0


async def test_scrolling_up_builds_older_messages_above_the_ones_shown(
    workspace: Workspace,
) -> None:
    _add_messages(workspace, 1, LONG_THREAD)
    app = DesksideApp(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        thread = (await _open(app, pilot, 1)).query_one(Thread)
        newest = thread.views()
        thread.focus()
        for _ in range(LONG_THREAD * 4):  # key presses, as an agent would
            if not thread.hidden and thread.scroll_y == 0:
                break
            await pilot.press("pageup")
            await pilot.pause()
        assert thread.hidden == 0
        assert _bodies(thread)[0] == "Messaggio del cliente numero 0"
        assert thread.views()[-len(newest) :] == newest  # the same widgets, kept


async def test_a_live_update_appends_without_remounting(workspace: Workspace) -> None:
    _add_messages(workspace, 1, 2)
    app = DesksideApp(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(app, pilot, 1)
        before = screen.thread.views()
        workspace.desk.add_message(
            1,
            body="Arrivato adesso",
            author_role=AuthorRole.CUSTOMER,
            author_name="Cliente",
            created_at=NOW + timedelta(hours=1),
        )
        await screen.refresh_ticket()
        await pilot.pause()
        after = screen.thread.views()
        assert after[: len(before)] == before
        assert all(a is b for a, b in zip(after, before, strict=False))
        assert [view.body for view in after[len(before) :]] == ["Arrivato adesso"]


async def test_reopening_shows_the_other_ticket_and_nothing_of_the_last(
    workspace: Workspace,
) -> None:
    _add_messages(workspace, 1, 3)
    app = DesksideApp(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        first = await _open(app, pilot, 1)
        assert "Messaggio 02\nseconda riga" in _bodies(first.thread)
        await pilot.press("escape")
        await pilot.pause()
        assert (
            _same(await _open(app, pilot, 2), first) and first.ticket_id == 2
        )  # the same screen, reused
        assert _bodies(first.thread) == ["Messaggio del cliente numero 1"]
        header = str(first.query_one("#header").render())
        assert header.startswith("#2 ") and "Ticket 00001" in header
        summary = first.query_one(CustomerPane).summary
        ticket_two = workspace.conn.execute("SELECT customer_id FROM tickets WHERE id = 2")
        assert summary is not None and summary.customer_id == ticket_two.fetchone()[0]


async def test_a_draft_stays_with_its_ticket_across_reopens(workspace: Workspace) -> None:
    app = DesksideApp(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(app, pilot, 1)
        await pilot.press("R", *"Bozza per uno")
        await pilot.press("escape", "escape")  # close the composer, back to the queue
        await pilot.pause()
        assert not isinstance(app.screen, TicketScreen)
        assert _same(await _open(app, pilot, 2), screen)
        assert screen.composer.text == "" and not screen.composer.has_class("-open")
        assert (
            workspace.conn.execute("SELECT count(*) FROM drafts WHERE ticket_id = 2").fetchone()[0]
            == 0
        )
        await pilot.press("escape")
        await pilot.pause()
        assert _same(await _open(app, pilot, 1), screen)
        assert screen.composer.text == "Bozza per uno"
        assert screen.composer.has_class("-open")


async def test_a_long_thread_opened_on_the_reused_screen_shows_its_newest_message(
    workspace: Workspace,
) -> None:
    _add_messages(workspace, 1, LONG_THREAD)
    app = DesksideApp(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(app, pilot, 2)
        await pilot.press("escape")
        await pilot.pause()
        screen = await _open(app, pilot, 1)  # turned to ticket 1 while hidden, then shown
        assert screen.ticket_id == 1
        thread = screen.thread
        assert thread.hidden > 0
        assert _bodies(thread)[-1] == f"Messaggio {LONG_THREAD - 1:02d}\nseconda riga"
        assert thread.max_scroll_y > 0 and thread.scroll_y == thread.max_scroll_y
