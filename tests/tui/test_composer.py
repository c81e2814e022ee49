"""Replying through the composer goes through the outbox; drafts survive leaving and hang-ups."""

from __future__ import annotations

import asyncio

from textual.widgets import TextArea

from console.app import DesksideApp
from console.core.config import Config
from console.core.drafts import DraftStore
from console.core.outbox import Outbox, OutboxState
from console.core.workspace import Workspace
from screens.ticket import TicketScreen
from screens.widgets.composer import Composer


async def _wait_for(condition, seconds: float = 5.0) -> None:
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("condition not reached")


async def test_a_reply_is_queued_delivered_and_shown(workspace: Workspace) -> None:
    app = DesksideApp(workspace, config=Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TicketScreen)
        await pilot.press("R", *"Grazie, il pacco parte oggi.", "ctrl+g", "ctrl+j")
        outbox = Outbox(workspace.conn, workspace.profile)
        await _wait_for(lambda: outbox.counts()[OutboxState.SENT] == 1)
        (entry,) = outbox.entries()
        row = workspace.conn.execute(
            "SELECT body, public FROM messages WHERE external_id = ?", (entry.key,)
        ).fetchone()
        assert row == ("Grazie, il pacco parte oggi.", 1)
        status = workspace.conn.execute(
            "SELECT status FROM tickets WHERE id = ?", (screen.ticket_id,)
        ).fetchone()[0]
        assert status == "pending"  # ctrl+g: set status pending on send
        assert DraftStore(workspace.conn, "giulia").load(screen.ticket_id) is None


async def test_a_note_looks_different_and_stays_internal(workspace: Workspace) -> None:
    app = DesksideApp(workspace, config=Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "N")
        composer = app.screen.query_one(Composer)
        assert composer.has_class("-note") and "Internal note" in str(composer.border_title)
        await pilot.press("ctrl+t")
        assert not composer.has_class("-note") and "Public reply" in str(composer.border_title)


async def test_a_draft_is_restored_when_the_ticket_is_reopened(workspace: Workspace) -> None:
    app = DesksideApp(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "R", *"bozza non finita")
        ticket_id = app.screen.ticket_id  # type: ignore[attr-defined]
        await pilot.press("escape", "escape")  # close the composer, back to the queue
        await pilot.pause()
        assert DraftStore(workspace.conn, "giulia").load(ticket_id).body == "bozza non finita"  # type: ignore[union-attr]
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one(TextArea).text == "bozza non finita"


async def test_send_and_next_opens_the_next_ticket_of_the_view(workspace: Workspace) -> None:
    app = DesksideApp(workspace, config=Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        first = app.screen.ticket_id  # type: ignore[attr-defined]
        await pilot.press("R", *"Risolto, grazie!", "alt+n")
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TicketScreen)
        assert screen.ticket_id != first
        queue = app.screen_stack[-2]
        table = queue.query_one("#tickets")
        assert table.current_ticket_id == screen.ticket_id  # type: ignore[attr-defined]
        assert Outbox(workspace.conn, workspace.profile).entries()[0].ticket_id == first


async def test_pasted_escape_sequences_are_sanitized(workspace: Workspace) -> None:
    from textual import events

    app = DesksideApp(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "R")
        editor = app.screen.query_one(TextArea)
        editor.post_message(events.Paste("ciao\x1b]52;c;ZXZpbA==\x07 \u202emondo"))
        await pilot.pause()
        assert editor.text == "ciao␛]52;c;ZXZpbA==␇ mondo"
