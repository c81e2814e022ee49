"""The baseline app: a Label and a Footer, started and driven exactly like deskside.

It answers the keys the queue benchmark presses: down and page down update the
label; enter opens a second screen (a Label and a Footer) and escape closes it,
as deskside opens a ticket and goes back. So "key to screen" has a floor
measured the same way: what Python, Textual and tmux cost before deskside does
anything of its own.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Label

READY = "trivial app ready"
OPENED = "trivial screen"


class Opened(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "Back")]

    def __init__(self, number: int) -> None:
        super().__init__()
        self.number = number

    def compose(self) -> ComposeResult:
        yield Label(f"{OPENED} {self.number}")
        yield Footer()

    def action_back(self) -> None:
        app = self.app
        assert isinstance(app, TrivialApp)
        app.pop_screen()
        app.action_press("escape")


class TrivialApp(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "press('down')", "Down"),
        Binding("pagedown", "press('pagedown')", "Page down"),
        Binding("enter", "open", "Open"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.presses = 0

    def compose(self) -> ComposeResult:
        yield Label(f"{READY} · presses 0 ", id="label")
        yield Footer()

    def on_mount(self) -> None:
        self.theme = "textual-dark"

    def action_press(self, key: str) -> None:
        self.presses += 1
        self.query_one("#label", Label).update(f"{READY} · presses {self.presses} ({key})")

    def action_open(self) -> None:
        self.presses += 1
        self.push_screen(Opened(self.presses))


if __name__ == "__main__":
    TrivialApp().run()
