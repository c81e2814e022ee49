"""The queue's view bar: a click or a key picks a view, and names are shown as text."""

from __future__ import annotations

from console.app import DesksideApp
from console.core.workspace import Workspace
from screens.queue import QueueScreen
from screens.widgets.ticket_table import TicketTable
from screens.widgets.view_bar import ViewBar


def _line(bar: ViewBar, y: int) -> str:
    return "".join(segment.text for segment in bar.render_line(y))


async def test_a_click_on_a_name_shows_that_view(workspace: Workspace) -> None:
    app = DesksideApp(workspace)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, QueueScreen)
        bar = screen.query_one(ViewBar)
        names = _line(bar, 0)
        assert names.startswith(" My open  Unassigned  At risk ")
        # "Unassigned" starts after " My open " (9 cells) and its own leading space
        await pilot.click(ViewBar, offset=(11, 0))
        await pilot.pause()
        assert screen.current_view == "Unassigned"
        assert screen.query_one(TicketTable).total == 30
        underline = _line(bar, 1)
        assert underline[9] == "╸" and underline[20] == "╺"  # lit under "Unassigned"
        await pilot.click(ViewBar, offset=(3, 0))
        await pilot.pause()
        assert screen.current_view == "My open"


async def test_keys_walk_the_views_around(workspace: Workspace) -> None:
    app = DesksideApp(workspace)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, QueueScreen)
        await pilot.press("shift+tab")
        assert screen.current_view == "All"
        await pilot.press("tab")
        assert screen.current_view == "My open"


async def test_view_names_are_plain_text_without_control_characters(
    workspace: Workspace,
) -> None:
    views = {"[bold]Mine[/] \x1b[31m\x9b": "assignee:me", "All": "sort:-updated"}
    app = DesksideApp(workspace, views=views)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(ViewBar)
        names = _line(bar, 0)
        assert "[bold]Mine[/]" in names
        assert "\x1b" not in names and "\x9b" not in names
