"""DesksideApp: wiring only — which screen shows what, and how the app dies safely.

Screens get the :class:`~console.core.workspace.Workspace` they read from; the
app routes their messages (open a ticket, go back) and replaces Textual's crash
report, which prints local variables (tokens included), with one that does not.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from console.core.workspace import Workspace
from screens.queue import QueueScreen
from screens.ticket import TicketScreen

__all__ = ["DesksideApp"]


class DesksideApp(App[None]):
    """The console. ``views`` adds user-defined saved views to the defaults."""

    TITLE = "deskside"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
    ]

    def __init__(
        self, workspace: Workspace, *, views: dict[str, str] | None = None, theme: str | None = None
    ) -> None:
        super().__init__()
        self.workspace = workspace
        self._views = views
        if theme:
            self.theme = theme

    def get_default_screen(self) -> Screen[None]:
        from screens.queue import DEFAULT_VIEWS

        return QueueScreen(self.workspace, {**DEFAULT_VIEWS, **(self._views or {})})

    def on_queue_screen_opened(self, message: QueueScreen.Opened) -> None:
        self.push_screen(TicketScreen(self.workspace, message.ticket_id))

    def _fatal_error(self) -> None:
        """Show the traceback without local variables: they can hold tokens.

        Textual's own handler renders ``Traceback(show_locals=True)``; this is the
        one private hook that decides it, covered by a test that crashes the app
        with a secret in a local variable.
        """
        from rich.segment import Segments
        from rich.traceback import Traceback

        self.bell()
        traceback = Traceback(show_locals=False, width=None)
        self._exit_renderables.append(
            Segments(self.console.render(traceback, self.console.options))
        )
        self._close_messages_no_wait()
