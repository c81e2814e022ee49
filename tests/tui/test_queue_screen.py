"""The app starts on a seeded desk and shows tickets; the queue answers keys and filters."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Input

from console.app import DesksideApp
from console.core.workspace import Workspace
from screens.queue import QueueScreen
from screens.ticket import TicketScreen
from screens.widgets.ticket_table import TicketTable


def _visible_text(app: DesksideApp) -> str:
    table = app.screen.query_one(TicketTable)
    return "\n".join(
        "".join(segment.text for segment in table.render_line(y))
        for y in range(table.scrollable_content_region.height)
    )


async def test_app_starts_and_lists_tickets(workspace: Workspace) -> None:
    app = DesksideApp(workspace)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, QueueScreen)
        table = app.screen.query_one(TicketTable)
        assert table.total == 30  # "My open": every other ticket is assigned to giulia
        text = _visible_text(app)
        assert "Subject" in text and "Ticket 00058" in text  # sorted by SLA due, oldest first
        assert "[bold]not markup[/]" in text  # shown literally, never parsed
        assert "\x1b" not in text


async def test_views_cursor_and_filter(workspace: Workspace) -> None:
    app = DesksideApp(workspace)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, QueueScreen)
        table = screen.query_one(TicketTable)
        await pilot.press("tab")  # Unassigned
        await pilot.pause()
        assert screen.current_view == "Unassigned" and table.total == 30
        await pilot.press("tab", "tab", "tab")  # All
        await pilot.pause()
        assert screen.current_view == "All" and table.total == 60
        await pilot.press("j", "j", "G")
        assert table.cursor == 59
        await pilot.press("g")
        assert table.cursor == 0
        await pilot.press("slash", *"lang:fr")
        await pilot.pause(0.3)
        assert table.total == 12
        await pilot.press("enter", "space")
        assert len(table.marked) == 1
        await pilot.press("escape")
        await pilot.pause()
        assert table.total == 60 and len(table.marked) == 1


async def test_a_bad_filter_names_the_term_and_keeps_results(workspace: Workspace) -> None:
    app = DesksideApp(workspace)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = app.screen
        table = screen.query_one(TicketTable)
        await pilot.press("slash")
        screen.query_one("#filter", Input).value = "colour:red"  # pasted in one go
        await pilot.pause(0.3)
        error = screen.query_one("#filter-error")
        assert "unknown field 'colour'" in str(error.render())
        assert table.total == 30


async def test_enter_opens_the_ticket_and_escape_returns(workspace: Workspace) -> None:
    app = DesksideApp(workspace)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TicketScreen)
        await pilot.press("escape")
        await pilot.pause()
        back: object = app.screen  # mypy cannot know the screen changed under it
        assert isinstance(back, QueueScreen)


def _highlighted_lines(table: TicketTable) -> list[int]:
    """Lines of the table as the screen will draw them (cached lines included)."""
    cursor = table.get_component_rich_style("ticket-table--cursor").bgcolor
    lines = table.render_lines(table.size.region)
    return [
        y
        for y, line in enumerate(lines)
        if any(segment.style is not None and segment.style.bgcolor == cursor for segment in line)
    ]


async def test_the_highlight_follows_the_cursor_when_the_table_is_scrolled(
    workspace: Workspace,
) -> None:
    app = DesksideApp(workspace)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("tab", "tab", "tab", "tab")  # All: 60 tickets, more than a screen
        await pilot.press("G")
        await pilot.pause()
        table = app.screen.query_one(TicketTable)
        top = round(table.scroll_offset.y)
        assert top > 0 and _highlighted_lines(table) == [table.cursor - top + 1]
        await pilot.press("k", "k")  # moves within the screen: no scroll
        await pilot.pause()
        assert round(table.scroll_offset.y) == top
        assert _highlighted_lines(table) == [table.cursor - top + 1]


async def test_paging_on_draws_the_next_page_from_what_was_drawn_ahead(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a page down, the page below is read and drawn while the agent reads."""
    app = DesksideApp(workspace)
    async with app.run_test(size=(120, 16)) as pilot:
        screen = app.screen
        assert isinstance(screen, QueueScreen)
        await pilot.press("tab", "tab", "tab", "tab")  # All: 60 tickets
        table = screen.query_one(TicketTable)
        assert table.total == 60
        await pilot.press("pagedown")
        await pilot.pause()
        built: list[str] = []
        build = TicketTable._build_strip

        def counting_build(cells: Any, style: Any, width: int) -> Any:
            built.append(cells[6][0] if len(cells) > 6 else "")
            return build(cells, style, width)

        monkeypatch.setattr(TicketTable, "_build_strip", staticmethod(counting_build))
        await pilot.press("pagedown")
        await pilot.pause()
        visible = table.scrollable_content_region.height - 1
        top = round(table.scroll_offset.y)
        assert table.cursor == 2 * visible and top == visible + 1
        # the lines drawn since are the page after this one (drawn ahead again), not these
        shown = {row.subject for i in range(top, top + visible) if (row := table.row_at(i))}
        cursor_row = table.row_at(table.cursor)
        assert cursor_row is not None
        drawn_for_this_page = [s for s in built if s in shown and s != cursor_row.subject]
        assert drawn_for_this_page == []
