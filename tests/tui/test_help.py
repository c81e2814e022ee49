"""`?` help is generated from the bindings active beneath it, keymap included, and closes."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from console.core.workspace import Workspace
from screens.help import HelpRow, HelpScreen
from screens.queue import QueueScreen


class Table(Static, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "down", "Down", id="queue.down", show=False),
        Binding("enter", "open", "Open", id="queue.open", tooltip="Open the ticket"),
    ]

    def action_down(self) -> None:
        pass

    def action_open(self) -> None:
        pass


class Bound(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Filter", id="queue.filter", tooltip="Filter with a query"),
        Binding("R", "reply", "Reply", id="ticket.reply"),
        Binding("z", "zap", "Zap"),  # no id: still listed
    ]

    def compose(self) -> ComposeResult:
        yield Table("tickets")

    def on_mount(self) -> None:
        self.query_one(Table).focus()

    def action_filter(self) -> None:
        pass

    def action_reply(self) -> None:
        pass

    def action_zap(self) -> None:
        pass


class HelpApp(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
        Binding("question_mark", "help", "Help", id="app.help"),
    ]

    def __init__(self, screen: Screen[None] | None = None) -> None:
        super().__init__()
        self._first = screen

    def get_default_screen(self) -> Screen[None]:
        return self._first or Bound()

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.screen.active_bindings))


def rendered(screen: HelpScreen) -> str:
    """The help table as drawn on the terminal, line by line."""
    table = screen.query_one("#help-table", Static)
    return "\n".join(strip.text for strip in table.render_lines(table.region.reset_offset))


def row(screen: HelpScreen, binding_id: str) -> HelpRow:
    return next(r for r in screen.rows if r.id == binding_id)


async def test_help_lists_every_active_binding_grouped_by_scope() -> None:
    app = HelpApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HelpScreen)
        scopes = [r.scope for r in screen.rows]
        assert sorted(set(scopes), key=scopes.index) == ["queue", "ticket", "app", "other"]
        assert scopes == sorted(scopes, key=scopes.index)  # each scope is one block
        assert row(screen, "queue.down").keys == ("↓", "j")  # one row for both keys
        assert row(screen, "queue.open") == HelpRow(
            "queue", ("⏎",), "Open", "Open the ticket", "queue.open"
        )
        zap = next(r for r in screen.rows if r.description == "Zap")
        assert zap.id is None and zap.keys == ("z",) and zap.scope == "other"
        text = rendered(screen)
        for key, description, binding_id in (
            ("↓ j", "Down", "queue.down"),
            ("⏎", "Open", "queue.open"),
            ("/", "Filter", "queue.filter"),
            ("R", "Reply", "ticket.reply"),
            ("^q", "Quit", "app.quit"),
            ("?", "Help", "app.help"),
            ("^p", "palette", ""),
            ("z", "Zap", ""),
        ):
            line = next(line for line in text.splitlines() if f" {description} " in line)
            assert line.split()[0] == key.split()[0] and key in line, line
            assert binding_id in line
        assert "Filter with a query" in text and "Open the ticket" in text
        for scope in ("queue", "ticket", "app", "other"):
            assert scope in text.split()


async def test_help_shows_the_remapped_key() -> None:
    app = HelpApp()
    async with app.run_test(size=(80, 24)) as pilot:
        app.set_keymap({"queue.filter": "f", "queue.down": "n"})
        await pilot.press("question_mark")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HelpScreen)
        assert row(screen, "queue.filter").keys == ("f",)
        assert row(screen, "queue.down").keys == ("n",)
        line = next(line for line in rendered(screen).splitlines() if "queue.filter" in line)
        assert line.split()[:2] == ["f", "Filter"]


async def test_escape_q_and_question_mark_close_it() -> None:
    app = HelpApp()
    async with app.run_test(size=(80, 24)) as pilot:
        beneath = app.screen
        for key in ("escape", "q", "question_mark"):
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is beneath, key


async def test_without_bindings_it_reads_the_screen_beneath() -> None:
    app = HelpApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(HelpScreen())
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HelpScreen)
        assert {"queue.down", "queue.open", "queue.filter", "ticket.reply", "app.help"} <= {
            r.id for r in screen.rows
        }


async def test_the_real_queue_at_80x24_reads_and_scrolls(workspace: Workspace) -> None:
    app = HelpApp(QueueScreen(workspace))
    async with app.run_test(size=(80, 24)) as pilot:
        app.set_keymap({"queue.filter": "f"})
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HelpScreen)
        text = rendered(screen)
        width = max(len(line) for line in text.splitlines())
        assert width <= 80
        for binding_id in ("queue.filter", "queue.open", "queue.mark", "queue.page_down"):
            assert binding_id in text  # never wrapped or cut
        filter_line = next(line for line in text.splitlines() if "queue.filter" in line)
        assert filter_line.split()[:2] == ["f", "Filter"]
        body = screen.query_one("#help-body", VerticalScroll)
        assert body.max_scroll_y > 0  # more than a screenful: it scrolls
        await pilot.press("pagedown")
        await pilot.pause()
        assert body.scroll_y > 0
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, QueueScreen)
