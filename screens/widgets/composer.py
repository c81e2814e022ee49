"""Composer: the reply / internal-note editor, with the status to set on send.

A public reply and an internal note look clearly different (border colour and
title), because sending a note to a customer is the mistake an agent fears most.
The composer only edits; saving drafts and sending belong to the screen, which
it tells through messages.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static, TextArea

from api_client.sanitize import sanitize

__all__ = ["Composer"]

SEND_STATUSES: tuple[str | None, ...] = (None, "pending", "solved", "open", "on_hold")
"""What ``ticket.cycle_status`` steps through: keep, then the usual next states."""


class SafeTextArea(TextArea):
    """A TextArea whose pasted text is sanitized: no escape sequences, no bidi tricks."""

    async def _on_paste(self, event: events.Paste) -> None:
        await super()._on_paste(events.Paste(sanitize(event.text)))
        event.prevent_default()
        event.stop()


class Composer(Vertical):
    """A multi-line editor; posts ``Composer.Edited`` on every change and ``Send`` on send."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Many terminals (tmux included) deliver ctrl+enter as a plain enter: ctrl+j and
        # alt+enter always arrive, ctrl+enter does where the terminal reports it.
        Binding(
            "ctrl+enter,ctrl+j,alt+enter",
            "send",
            "Send",
            id="ticket.send",
            tooltip="Queue it in the outbox",
        ),
        Binding(
            "alt+n,ctrl+shift+enter",
            "send(True)",
            "Send & next",
            id="ticket.send_next",
            tooltip="Send, then open the next ticket of the view",
        ),
        Binding("ctrl+t", "toggle_mode", "Reply/Note", id="ticket.toggle_note"),
        Binding("ctrl+g", "cycle_status", "Status on send", id="ticket.cycle_status"),
    ]

    DEFAULT_CSS = """
    Composer { height: auto; max-height: 50%; border: round $success; padding: 0 0; }
    Composer.-note { border: round $warning; background: $warning 8%; }
    Composer TextArea, Composer TextArea:focus {
        height: auto; min-height: 4; max-height: 16; border: none; padding: 0 1;
    }
    Composer #composer-info { height: 1; color: $text-muted; padding: 0 1; }
    """

    public: reactive[bool] = reactive(True)
    status: reactive[str | None] = reactive(None)

    class Edited(Message):
        """The text, mode or status changed (the screen debounces the draft save)."""

    class Send(Message):
        def __init__(self, body: str, public: bool, status: str | None, *, next: bool) -> None:
            super().__init__()
            self.body = body
            self.public = public
            self.status = status
            self.next = next

    def __init__(self, *, body: str = "", public: bool = True, status: str | None = None) -> None:
        super().__init__()
        self._editor = SafeTextArea(body, id="composer-text", soft_wrap=True, tab_behavior="indent")
        self.set_reactive(Composer.public, public)
        self.set_reactive(Composer.status, status)
        self._loads = 0
        """Texts put in by :meth:`load` whose change event is still to come (not edits)."""

    def compose(self) -> ComposeResult:
        yield self._editor
        yield Static(id="composer-info")

    def on_mount(self) -> None:
        self._show_mode()

    @property
    def text(self) -> str:
        """The text typed so far (readable even while the screen is being torn down)."""
        return self._editor.text

    @text.setter
    def text(self, value: str) -> None:
        self._editor.text = value

    def load(self, body: str, *, public: bool, status: str | None) -> None:
        """Start over with a (drafted) text, mode and status: not an edit, so no ``Edited``."""
        self._loads += 1
        self._editor.load_text(body)
        self.public = public
        self.status = status

    def insert(self, text: str) -> None:
        """Put ``text`` at the cursor (a macro: several can be stacked into one reply)."""
        editor = self._editor
        before = editor.text
        if before and not before.endswith("\n") and editor.cursor_location == editor.document.end:
            text = "\n\n" + text
        editor.insert(text)
        self.post_message(self.Edited())

    def focus_editor(self) -> None:
        self._editor.focus()

    def _show_mode(self) -> None:
        self.set_class(not self.public, "-note")
        title = "Public reply to the customer" if self.public else "Internal note (not sent)"
        self.border_title = Text(title, style="bold")
        status = f"set status: {self.status}" if self.status else "keep status"
        info = Text(
            f"{status} · ctrl+j send · alt+n send & next · ctrl+t reply/note · "
            "ctrl+g status · esc close"
        )
        if self.is_mounted:
            self.query_one("#composer-info", Static).update(info)

    def watch_public(self) -> None:
        self._show_mode()

    def watch_status(self) -> None:
        self._show_mode()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        if self._loads:
            self._loads -= 1  # TextArea posts one Changed per load_text
            return
        self.post_message(self.Edited())

    def action_toggle_mode(self) -> None:
        self.public = not self.public
        self.post_message(self.Edited())

    def action_cycle_status(self) -> None:
        index = SEND_STATUSES.index(self.status) if self.status in SEND_STATUSES else 0
        self.status = SEND_STATUSES[(index + 1) % len(SEND_STATUSES)]
        self.post_message(self.Edited())

    def action_send(self, and_next: bool = False) -> None:
        if self.text.strip():
            self.post_message(self.Send(self.text, self.public, self.status, next=and_next))
        else:
            self.notify("Nothing to send: the message is empty.", severity="warning")
