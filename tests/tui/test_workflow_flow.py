"""The six stages on one ticket through the keyboard: promised-by asked at fix, close guarded."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from api_client.models import AuthorRole, Stage, Status
from console.app import DesksideApp
from console.core.config import Config
from console.core.outbox import Outbox, OutboxState
from console.core.workspace import Workspace
from screens.modals import TextModal
from screens.ticket import TicketScreen
from screens.widgets.stage_bar import StageBar
from tests.tui.conftest import NOW


async def _until(condition, seconds: float = 5.0) -> None:
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("condition not reached")


def _stage(workspace: Workspace, ticket_id: int) -> str:
    return str(
        workspace.conn.execute("SELECT stage FROM tickets WHERE id = ?", (ticket_id,)).fetchone()[0]
    )


async def test_listen_to_confirm_with_a_promise_and_a_guarded_close(workspace: Workspace) -> None:
    workspace.clock = lambda: NOW
    app = DesksideApp(workspace, config=Config())
    async with app.run_test(size=(130, 40)) as pilot:
        app.push_screen(TicketScreen(workspace, 1))
        await pilot.pause()
        bar = app.screen.query_one(StageBar)
        assert " LISTEN " in str(bar.render())
        await pilot.press("right_square_bracket")  # identify
        await _until(lambda: _stage(workspace, 1) == "identify")
        await pilot.press("right_square_bracket")  # fix: asks by when
        await pilot.pause()
        assert isinstance(app.screen, TextModal)
        await pilot.press(*"2h", "enter")
        await _until(lambda: _stage(workspace, 1) == "fix")
        promised = workspace.conn.execute("SELECT promised_by FROM tickets WHERE id = 1").fetchone()
        assert promised[0] == int((NOW + timedelta(hours=2)).timestamp())
        assert "promised by" in str(app.screen.query_one(StageBar).render())
        for stage in ("solve", "thank", "confirm"):
            await pilot.press("right_square_bracket")
            await _until(lambda stage=stage: _stage(workspace, 1) == stage)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("down", "down", "down", "down", "enter")  # solved
        await pilot.pause()
        assert isinstance(app.screen, TextModal), "solving before the customer confirmed asks why"
        await pilot.press(*"confermato al telefono", "enter")
        outbox = Outbox(workspace.conn, workspace.profile)
        await _until(lambda: not outbox.entries(states=[OutboxState.QUEUED, OutboxState.SENDING]))
        status = workspace.conn.execute("SELECT status FROM tickets WHERE id = 1").fetchone()[0]
        assert status == "solved"
        note = workspace.conn.execute(
            "SELECT body, public FROM messages WHERE ticket_id = 1 ORDER BY id DESC LIMIT 1"
        ).fetchone()
        assert "confermato al telefono" in note[0] and note[1] == 0


async def test_a_customer_reply_after_the_confirm_question_allows_closing(
    workspace: Workspace,
) -> None:
    workspace.clock = lambda: NOW
    app = DesksideApp(workspace, config=Config())
    async with app.run_test(size=(130, 40)) as pilot:
        screen = TicketScreen(workspace, 1)
        app.push_screen(screen)
        await pilot.pause()
        workflow = screen.workflow()
        workflow.move_to(1, Stage.CONFIRM)
        workspace.desk.add_message(
            1, body="È tutto a posto?", author_role=AuthorRole.AGENT, author_name="Giulia",
            created_at=NOW + timedelta(minutes=1),
        )  # fmt: skip
        workspace.desk.add_message(
            1, body="Sì, grazie!", author_role=AuthorRole.CUSTOMER, author_name="Cliente",
            created_at=NOW + timedelta(minutes=2),
        )  # fmt: skip
        assert not workflow.guard_close(1, Status.SOLVED).needs_override


async def test_a_read_only_ticket_sends_nothing_and_moves_no_stage(workspace: Workspace) -> None:
    from dataclasses import replace

    looking = replace(workspace, read_only=True)
    app = DesksideApp(workspace, config=Config())
    async with app.run_test(size=(130, 40)) as pilot:
        app.push_screen(TicketScreen(looking, 1))
        await pilot.pause()
        await pilot.press("right_square_bracket", "R", *"non dovrebbe partire", "ctrl+j")
        await pilot.pause()
        assert Outbox(workspace.conn, workspace.profile).entries() == []
        assert _stage(workspace, 1) == "listen"
