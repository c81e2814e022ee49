"""The supervisor screen under Pilot: live numbers, ticking countdowns, one change one row,
pausing, drill-down, confirmed actions, the wallboard, and another process's writes.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from textual.widgets import Footer, OptionList, Static

from api_client.backends.local.desk import Desk
from api_client.http import BudgetSnapshot
from api_client.models import Priority, Stage, TicketUpdate
from console.core.db import open_store
from console.core.outbox import Outbox
from console.core.supervisor import (
    FAST_POLL,
    IDLE_POLL,
    STALE_AFTER,
    DashboardSettings,
    LiveDashboard,
)
from console.core.supervisor_live import IDLE_AFTER
from console.core.workspace import Workspace
from screens.modals import ChoiceModal, ConfirmModal
from screens.supervisor import SupervisorScreen
from screens.widgets.supervisor_panel import SupervisorPanel
from tests.snapshots.conftest_supervisor import SupervisorTestApp, hand_workspace, until
from tests.supervisor_desk import NOW, Hand

ROOT = Path(__file__).resolve().parents[2]


class Clock:
    """A frozen clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def hand(tmp_path: Path, clock: Clock) -> Iterator[tuple[Workspace, Hand]]:
    workspace, ids = hand_workspace(tmp_path / "hand.desk.sqlite3", clock=clock)
    yield workspace, ids
    workspace.close()


def _cells(panel: SupervisorPanel) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in panel.rows]


def _header(screen: SupervisorScreen) -> str:
    return str(screen.query_one("#header", Static).render())


async def test_the_screen_shows_the_hand_checked_numbers(hand) -> None:
    workspace, ids = hand
    app = SupervisorTestApp(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.supervisor
        await until(pilot, lambda: screen.generation >= 1)
        deadlines = screen.panel("deadlines")
        assert [row.ticket_id for row in deadlines.rows] == [ids.t[9], ids.t[1], ids.t[2], ids.t[4]]
        assert [cells[0] for cells in _cells(deadlines)] == ["-6m", "-5m", "1m", "20m"]
        assert [row.cells[0].style for row in deadlines.rows] == [
            "breached",
            "breached",
            "at-risk",
            "at-risk",
        ]
        assert deadlines.title == "SLA: 2 breached · 2 at risk"
        # Customer text is shown as written, never as markup.
        assert _cells(deadlines)[0][5] == "T9 [bold]not markup[/] ␛[31m"
        depth = _cells(screen.panel("depth"))
        assert depth[0] == ["in the queue", "7", "4", "+3"]
        assert ["  chat", "3", "0", "+3"] in depth
        agents = _cells(screen.panel("agents"))
        assert agents[1][:5] == ["Marco [b]Bianchi[/b]", "3", "1", "1h", "identify"]
        assert screen.panel("oldest").title == "Oldest waiting: 5"
        assert screen.panel("angry").title == "Angry customers: 2"
        assert screen.panel("promises").title == "Promised by: 2"
        assert "● live · 09:00:00 · 2 breached · 2 at risk · 7 in queue (+3/1h)" in _header(screen)


async def test_countdowns_tick_from_the_last_numbers_with_a_frozen_clock(hand, clock) -> None:
    workspace, _ = hand
    app = SupervisorTestApp(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.supervisor
        await until(pilot, lambda: screen.generation >= 1)
        generation = screen.generation
        screen._tick()
        assert screen.tick_redrawn == 0  # frozen: nothing moved
        clock.now = NOW + timedelta(seconds=61)
        screen._tick()
        assert screen.generation == generation  # no recount: the tick works from the last data
        deadlines = screen.panel("deadlines")
        assert [cells[0] for cells in _cells(deadlines)] == ["-7m", "-6m", "-1s", "18m"]
        assert deadlines.rows[2].cells[0].style == "breached"  # T2 passed its deadline
        oldest = _cells(screen.panel("oldest"))
        assert [cells[0] for cells in oldest] == ["3h", "21m", "11m", "5m", "2m"]
        # Four countdowns, four waiting times, one angry wait and one promise moved.
        assert screen.tick_redrawn == 10
        clock.now = NOW + timedelta(seconds=62)
        screen._tick()
        assert screen.tick_redrawn == 1  # only T2's seconds count on
        assert screen.panel("deadlines").rows[2].cells[0].text == "-2s"


async def test_one_change_event_redraws_one_row(hand) -> None:
    workspace, ids = hand
    app = SupervisorTestApp(workspace)
    writer = Desk(open_store(workspace.path))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.supervisor
        await until(pilot, lambda: screen.generation >= 1)
        generation = screen.generation
        before = sum(screen.panel(key).redrawn for key in ("depth", "deadlines", "agents"))
        # Marco moves his current ticket to the fix stage (another connection writes it).
        writer.update_ticket(
            ids.t[9], TicketUpdate(stage=Stage.FIX), at=NOW - timedelta(minutes=20)
        )
        # Wait for the change itself: a refresh with nothing new (a resume, a tick) may
        # come first, and it must redraw nothing.
        await until(pilot, lambda: _cells(screen.panel("agents"))[1][4] == "fix")
        assert screen.generation > generation
        after = sum(screen.panel(key).redrawn for key in ("depth", "deadlines", "agents"))
        assert after - before == 1
    writer.conn.close()


async def test_a_change_that_moves_numbers_redraws_only_their_rows(hand) -> None:
    workspace, ids = hand
    app = SupervisorTestApp(workspace)
    writer = Desk(open_store(workspace.path))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.supervisor
        await until(pilot, lambda: screen.generation >= 1)
        generation = screen.generation
        depth_before = screen.panel("depth").redrawn
        # T8 (phone, on hold) from normal to high: two priority rows; nothing else shows it.
        writer.update_ticket(
            ids.t[8], TicketUpdate(priority=Priority.HIGH), at=NOW - timedelta(hours=1)
        )
        await until(pilot, lambda: screen.panel("depth").redrawn > depth_before)
        assert screen.generation > generation
        await pilot.pause(0.3)
        assert screen.panel("depth").redrawn - depth_before == 2
    writer.conn.close()


async def test_space_pauses_and_a_modal_pauses(hand) -> None:
    workspace, ids = hand
    app = SupervisorTestApp(workspace)
    writer = Desk(open_store(workspace.path))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.supervisor
        await until(pilot, lambda: screen.generation >= 1)
        await pilot.press("space")
        assert screen.user_paused and "paused" in _header(screen)
        generation = screen.generation
        writer.update_ticket(ids.t[9], TicketUpdate(stage=Stage.FIX), at=NOW)
        await pilot.pause(IDLE_POLL + 0.3)
        assert screen.generation == generation  # nothing redrawn while paused
        await pilot.press("space")
        await until(pilot, lambda: screen.generation > generation)
        assert _cells(screen.panel("agents"))[1][4] == "fix"
        # A dialog on top pauses it too.
        app.push_screen(ConfirmModal("Really?"))
        await pilot.pause()
        assert (screen.paused, screen.user_paused) == (True, False)
        generation = screen.generation
        writer.update_ticket(ids.t[9], TicketUpdate(stage=Stage.SOLVE), at=NOW)
        await pilot.pause(IDLE_POLL + 0.3)
        assert screen.generation == generation
        await pilot.press("n")
        await until(pilot, lambda: screen.generation > generation)
        assert not screen.paused
    writer.conn.close()


async def test_stale_numbers_are_flagged(hand, clock) -> None:
    workspace, _ = hand
    app = SupervisorTestApp(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.supervisor
        await until(pilot, lambda: screen.generation >= 1)
        await pilot.press("space")
        clock.now = NOW + timedelta(seconds=STALE_AFTER + 5)
        screen._tick()
        assert "STALE" in _header(screen) and "(50s ago)" in _header(screen)


async def test_drill_down_opens_tickets_read_only(hand) -> None:
    workspace, ids = hand
    app = SupervisorTestApp(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.supervisor
        await until(pilot, lambda: screen.generation >= 1)
        assert app.focused is screen.panel("deadlines")
        await pilot.press("enter")
        await pilot.pause()
        assert app.opened == [(ids.t[9], True)]
        # A depth row lists its tickets; choosing one opens it.
        screen.panel("depth").focus()
        rows = screen.panel("depth").rows
        chat = next(i for i, row in enumerate(rows) if row.key == ("channel", "chat"))
        await pilot.press(*["down"] * chat, "enter")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceModal)
        options = app.screen.query_one(OptionList)
        assert options.option_count == 3
        assert "T1 [bold]not markup[/]" in str(options.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await pilot.pause()
        assert app.opened[-1] == (ids.t[1], True)
        assert isinstance(app.screen, SupervisorScreen)


async def test_actions_are_hidden_unless_allowed(hand) -> None:
    workspace, _ = hand
    app = SupervisorTestApp(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.supervisor
        await until(pilot, lambda: screen.generation >= 1)
        assert screen.check_action("escalate", ()) is False
        shown = {active.binding.action for active in screen.active_bindings.values()}
        assert {"pause", "quit"} <= shown
        assert not {"assign", "priority", "escalate"} & shown
        await pilot.press("e", "a", "p")
        await pilot.pause()
        assert app.screen is screen
    workspace.read_only = True
    screen = SupervisorScreen(workspace, allow_actions=True)
    assert not screen.actions_allowed


async def test_escalate_is_confirmed_then_queued(hand) -> None:
    workspace, ids = hand
    app = SupervisorTestApp(workspace, allow_actions=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.supervisor
        await until(pilot, lambda: screen.generation >= 1)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        assert "T9 [bold]not markup[/]" in app.screen.question
        await pilot.press("n")
        await pilot.pause()
        assert Outbox(workspace.conn, workspace.profile).entries() == []
        await pilot.press("e", "y")
        await pilot.pause()
        entries = Outbox(workspace.conn, workspace.profile).entries()
        assert [(e.ticket_id, e.changes.priority, e.changes.tags_add) for e in entries] == [
            (ids.t[9], "urgent", ("escalated",))
        ]
        assert app.changed == 1


async def test_reassign_and_priority_are_confirmed_then_queued(hand) -> None:
    workspace, ids = hand
    app = SupervisorTestApp(workspace, allow_actions=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.supervisor
        await until(pilot, lambda: screen.generation >= 1)
        await pilot.press("down", "a")  # T1, unassigned
        await pilot.pause()
        assert isinstance(app.screen, ChoiceModal)
        labels = [str(option.prompt) for option in app.screen.query_one(OptionList).options]
        await pilot.press(*["down"] * labels.index("Marco [b]Bianchi[/b]"), "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        assert app.screen.question.endswith("to Marco [b]Bianchi[/b]?")
        await pilot.press("y")
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("enter")  # the first priority: low
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        entries = Outbox(workspace.conn, workspace.profile).entries()
        assert [e.ticket_id for e in entries] == [ids.t[1], ids.t[1]]
        assert entries[0].changes.assignee_id is not None and entries[1].changes.priority == "low"


async def test_the_wallboard_needs_no_input(hand) -> None:
    workspace, _ = hand
    app = SupervisorTestApp(workspace, wallboard=True, allow_actions=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.supervisor
        await until(pilot, lambda: screen.generation >= 1)
        assert not screen.query(Footer)
        assert app.focused is None and not screen.actions_allowed
        assert "Wallboard ● live" in _header(screen)
        await pilot.press("space", "e", "tab", "enter")
        await pilot.pause()
        assert not screen.user_paused and app.opened == [] and app.screen is screen
        await pilot.press("q")
        await pilot.pause()
        assert app.quit_requested == 1


async def test_narrow_terminals_get_the_compact_layout(hand) -> None:
    workspace, _ = hand
    app = SupervisorTestApp(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.supervisor
        await until(pilot, lambda: screen.generation >= 1)
        assert screen.has_class("-narrow")


def test_the_poll_interval_follows_the_rate_budget(hand) -> None:
    workspace, _ = hand
    budget = BudgetSnapshot(limit=700, remaining=20, fraction_left=0.03, reset_in=30, paused_for=0)
    screen = SupervisorScreen(workspace, budget=lambda: budget)
    live = LiveDashboard(workspace.conn, DashboardSettings(), clock=workspace.clock)
    live.quiet_polls = 100
    assert screen._interval(live) == 2 * IDLE_POLL
    budget = BudgetSnapshot(limit=700, remaining=0, fraction_left=0, reset_in=30, paused_for=4.0)
    assert screen._interval(live) == 4.0


@pytest.mark.slow
async def test_another_process_writes_show_within_two_seconds(hand) -> None:
    workspace, _ = hand
    app = SupervisorTestApp(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.supervisor
        await until(pilot, lambda: screen.generation >= 1)
        await pilot.pause(IDLE_AFTER * FAST_POLL)  # let the polling settle to its idle pace
        child = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "tests.supervisor_child",
            str(workspace.path),
            "2",
            "2",
            stdout=asyncio.subprocess.PIPE,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        try:
            assert child.stdout is not None
            for n in (1, 2):
                assert (await child.stdout.readline()).startswith(b"wrote")

                def shown(total: int = 7 + n) -> bool:
                    return screen.dashboard is not None and screen.dashboard.total.now >= total

                assert await until(pilot, shown, within=2.0) < 2.0
                assert int(_cells(screen.panel("depth"))[0][1]) >= 7 + n
            assert await child.wait() == 0
        finally:
            if child.returncode is None:
                child.kill()
