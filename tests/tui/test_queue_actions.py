"""Bulk actions, sorting, live updates, the keymap and quitting, through the keyboard."""

from __future__ import annotations

import asyncio

from api_client.backends.local.desk import Desk
from api_client.models import Status, TicketUpdate
from console.app import DesksideApp
from console.core.config import Config
from console.core.db import open_store
from console.core.drafts import DraftStore
from console.core.outbox import Outbox, OutboxState
from console.core.queue import QueueSource
from console.core.workspace import Workspace
from screens.modals import ConfirmModal
from screens.queue import QueueScreen
from screens.widgets.ticket_table import TicketTable


async def _until(condition, seconds: float = 5.0) -> None:
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("condition not reached")


def _row(workspace: Workspace, ticket_id: int, column: str) -> object:
    return workspace.conn.execute(
        f"SELECT {column} FROM tickets WHERE id = ?", (ticket_id,)
    ).fetchone()[0]


async def test_mark_and_bulk_assign_through_the_outbox(workspace: Workspace) -> None:
    app = DesksideApp(workspace, config=Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("l")  # Unassigned
        await pilot.pause()
        table = app.screen.query_one(TicketTable)
        first, second = table.row_at(0).id, table.row_at(1).id  # type: ignore[union-attr]
        await pilot.press("space", "space", "a")
        await pilot.pause()
        await pilot.press("enter")  # the first option: me
        outbox = Outbox(workspace.conn, workspace.profile)
        await _until(lambda: outbox.counts()[OutboxState.SENT] == 2)
        assert {e.ticket_id for e in outbox.entries()} == {first, second}
        assert _row(workspace, first, "assignee_id") == workspace.me_id
        assert _row(workspace, second, "assignee_id") == workspace.me_id
        assert not table.marked


async def test_status_tags_and_priority_on_the_ticket_under_the_cursor(
    workspace: Workspace,
) -> None:
    app = DesksideApp(workspace, config=Config())
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.screen.query_one(TicketTable)
        target = table.current_ticket_id
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # new, open, pending
        await pilot.press("t", *"vip -nothing", "enter")
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("end", "enter")  # urgent
        outbox = Outbox(workspace.conn, workspace.profile)
        await _until(lambda: outbox.counts()[OutboxState.SENT] == 3)
        assert _row(workspace, target, "status") == "pending"  # type: ignore[arg-type]
        assert "vip" in str(_row(workspace, target, "tags")).split()  # type: ignore[arg-type]
        assert _row(workspace, target, "priority") == "urgent"  # type: ignore[arg-type]


async def test_sort_picker_and_reverse(workspace: Workspace) -> None:
    app = DesksideApp(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, QueueScreen)
        await pilot.press("S")
        await pilot.pause()
        await pilot.press("enter")  # the first option: "updated"
        assert screen.sort == "updated"
        table = screen.query_one(TicketTable)
        oldest = table.row_at(0)
        await pilot.press("S")
        await pilot.pause()
        await pilot.press("enter")
        assert screen.sort == "-updated"
        assert table.row_at(0).updated_at >= oldest.updated_at  # type: ignore[union-attr]


async def test_a_row_changed_elsewhere_updates_in_place(workspace: Workspace) -> None:
    app = DesksideApp(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.screen.query_one(TicketTable)
        await pilot.press("j", "j", "space", "j")
        cursor, marked, target = table.cursor, set(table.marked), table.current_ticket_id
        other_console = Desk(open_store(workspace.path))
        other_console.update_ticket(target, TicketUpdate(status=Status.ON_HOLD))  # type: ignore[arg-type]
        await _until(lambda: table.row_at(table.cursor).status == "on_hold")  # type: ignore[union-attr]
        assert table.cursor == cursor and table.marked == marked
        assert table.current_ticket_id == target


async def test_the_table_reads_only_what_is_on_screen(workspace: Workspace, monkeypatch) -> None:
    asked: list[tuple[int, int]] = []
    original = QueueSource.page

    def spy(self, offset, limit, *, total=None):
        asked.append((offset, limit))
        return original(self, offset, limit, total=total)

    monkeypatch.setattr(QueueSource, "page", spy)
    app = DesksideApp(workspace)
    async with app.run_test(size=(100, 14)) as pilot:
        await pilot.press("l", "l", "l", "l")  # All: 60 tickets
        await pilot.pause()
        table = app.screen.query_one(TicketTable)
        await pilot.press("pagedown", "pagedown", "G")
        await pilot.pause()
    # A screenful is under ten rows: pages of at most 30 (three screens' margin) are read,
    # never the 60-ticket result.
    assert asked and max(limit for _, limit in asked) <= 30
    assert table.total == 60 and table.cursor == 59


async def test_keymap_overrides_from_the_config(workspace: Workspace) -> None:
    app = DesksideApp(workspace, config=Config(keys={"queue.filter": "f"}))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f", *"lang:de")
        await pilot.pause(0.3)
        assert app.screen.query_one(TicketTable).total == 6


async def test_quit_asks_when_a_draft_is_unsent(workspace: Workspace) -> None:
    DraftStore(workspace.conn, "giulia").save(1, "mezza risposta")
    app = DesksideApp(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        assert "1 unsent draft" in app.screen.question
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, QueueScreen)
        await pilot.press("q", "y")
        await pilot.pause()
    assert app.return_code == 0


async def test_the_chosen_theme_is_saved_in_the_config(workspace: Workspace) -> None:
    from console.core.config import load_config

    app = DesksideApp(workspace, config=Config(), theme="textual-dark")
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.theme == "textual-dark"
        app.theme = "nord"
        await pilot.pause()
    assert load_config(effective=False).ui.theme == "nord"


async def test_supervisor_mode_toggles_and_the_wallboard_takes_no_keys(
    workspace: Workspace,
) -> None:
    from screens.supervisor import SupervisorScreen

    app = DesksideApp(workspace, config=Config(), supervisor=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SupervisorScreen)
        await pilot.press("f4")
        await pilot.pause()
        agent: object = app.screen  # mypy cannot know the mode changed under it
        assert isinstance(agent, QueueScreen)
        await pilot.press("f4")
        await pilot.pause()
        back: object = app.screen
        assert isinstance(back, SupervisorScreen)
    board = DesksideApp(workspace, config=Config(), wallboard=True)
    async with board.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(board.screen, SupervisorScreen)
        await pilot.press("f4", "f5", "question_mark")
        await pilot.pause()
        assert isinstance(board.screen, SupervisorScreen)


async def test_large_results_are_counted_only_as_far_as_the_agent_scrolls(
    workspace: Workspace, monkeypatch
) -> None:
    from screens.widgets import ticket_table

    monkeypatch.setattr(ticket_table, "COUNT_CAP", 40)
    app = DesksideApp(workspace)
    async with app.run_test(size=(120, 20)) as pilot:
        await pilot.press("l", "l", "l", "l")  # All: 60 tickets
        await pilot.pause()
        table = app.screen.query_one(TicketTable)
        assert (table.total, table.total_is_exact) == (40, False)
        assert "1/39+" in str(app.screen.query_one("#status").render())
        await pilot.press("pagedown", "pagedown")
        await pilot.pause()
        assert (table.total, table.total_is_exact) == (60, True), "scrolling near the end counts on"
        await pilot.press("g")
        await pilot.pause()
        assert table.source is not None
        table.show(table.source)
        assert (table.total, table.total_is_exact) == (40, False)
        await pilot.press("G")
        await pilot.pause()
        assert (table.total, table.total_is_exact, table.cursor) == (60, True, 59)


async def test_moving_the_cursor_runs_no_outbox_query(workspace: Workspace, monkeypatch) -> None:
    calls: list[int] = []
    original = Outbox.counts

    def counted(self: Outbox):
        calls.append(1)
        return original(self)

    monkeypatch.setattr(Outbox, "counts", counted)
    app = DesksideApp(workspace)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        before = len(calls)
        await pilot.press("j", "j", "j", "k")
        await pilot.pause()
        assert len(calls) == before
        assert "3/30" in str(app.screen.query_one("#status").render())
