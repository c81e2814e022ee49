"""MessageView: one message of a ticket's thread, and ThreadItem, what it shows.

Customer messages, public replies and internal notes look different (border
colour and title), each with its channel and time; outgoing messages show their
delivery state (queued, sending, sent, failed, conflict). A ``ThreadItem`` is the
plain data of one message: the thread keeps every item of a ticket but builds
views only for those on screen, and compares items to update views in place.
All customer text is shown as ``Text`` objects: never parsed as markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.widgets import Static

from api_client.models import Message, MessageKind
from console.core.outbox import OutboxEntry
from console.core.quoting import Folded, fold
from console.core.timefmt import age

__all__ = ["MessageView", "ThreadItem"]

_KIND_TITLES = {
    MessageKind.CUSTOMER: "customer",
    MessageKind.REPLY: "reply",
    MessageKind.NOTE: "internal note",
    MessageKind.SYSTEM: "system",
}


@dataclass(frozen=True)
class ThreadItem:
    """One message of the thread (or an outgoing one still in the outbox), as data."""

    key: str
    """Stable across reloads: ``m<message id>`` for the thread, ``o<outbox id>`` for the outbox."""
    body: str
    title: str
    subtitle: str
    classes: tuple[str, ...]

    @classmethod
    def of(cls, message: Message, now: datetime, delivery: str | None) -> ThreadItem:
        """A message of the thread; ``delivery`` is the outbox state of one we sent."""
        kind = message.kind
        when = f"{message.created_at:%Y-%m-%d %H:%M} ({age(message.created_at, now)} ago)"
        return cls(
            f"m{message.id}",
            message.body,
            f"{message.author_name} · {_KIND_TITLES[kind]} · {message.channel.value}",
            f"{when} · {delivery}" if delivery else when,
            (f"-{kind.value}",),
        )

    @classmethod
    def pending(cls, entry: OutboxEntry, author: str) -> ThreadItem:
        """An outgoing message still in the outbox, with its state and last error."""
        what = "reply" if entry.public else "internal note"
        detail = f" · {entry.error}" if entry.error else ""
        return cls(
            f"o{entry.id}",
            entry.body or "",
            f"{author} · {what} · outbox #{entry.id}",
            f"{entry.state.value}{detail}",
            ("-pending", f"-{entry.state.value}", "-reply" if entry.public else "-note"),
        )

    def lines(self, width: int) -> int:
        """Terminal lines the folded message takes at ``width`` columns, border included."""
        folded = fold(self.body)
        shown = folded.new.split("\n")
        shown = shown[: len(shown) - folded.hidden_lines]
        inner = max(1, width - 4)
        text = sum(max(1, -(-len(line) // inner)) for line in shown)
        return text + (1 if folded.hidden_lines or folded.has_quote else 0) + 3


class MessageView(Static, can_focus=True):
    """One message of the thread, built from a :class:`ThreadItem`.

    Long messages are folded and quoted email history is collapsed; ``enter`` on a
    focused message shows it whole.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter", "toggle_fold", "Expand", id="ticket.expand", tooltip="Show the whole message"
        ),
    ]

    DEFAULT_CSS = """
    MessageView { border: round $primary-lighten-1; padding: 0 1; margin: 0 0 1 0; height: auto; }
    MessageView:focus { border: double $accent; }
    MessageView.-customer { border: round $secondary; }
    MessageView.-reply { border: round $success; }
    MessageView.-note { border: round $warning; background: $warning 10%; }
    MessageView.-pending { border: dashed $accent; }
    MessageView.-failed, MessageView.-conflict { border: heavy $error; }
    """

    expanded: reactive[bool] = reactive(False, layout=True)

    def __init__(self, item: ThreadItem, *, expanded: bool = False) -> None:
        super().__init__(classes=" ".join(item.classes))
        self.item = item
        self.folded: Folded = fold(item.body)
        self.border_title = Text(item.title)
        self.border_subtitle = Text(item.subtitle)
        self.set_reactive(MessageView.expanded, expanded)

    @property
    def body(self) -> str:
        return self.item.body

    def show(self, item: ThreadItem) -> None:
        """Show a newer state of the same message (its delivery state, mostly)."""
        if item == self.item:
            return
        if item.body != self.item.body:
            self.folded = fold(item.body)
        self.remove_class(*self.item.classes)
        self.add_class(*item.classes)
        self.border_title = Text(item.title)
        self.border_subtitle = Text(item.subtitle)
        self.item = item
        self.refresh(layout=True)

    def render(self) -> Text:
        if self.expanded:
            return Text(self.body)
        folded = self.folded
        lines = folded.new.split("\n")
        text = Text("\n".join(lines[: len(lines) - folded.hidden_lines]))
        notes = []
        if folded.hidden_lines:
            notes.append(f"{folded.hidden_lines} more lines")
        if folded.has_quote:
            notes.append(f"quoted history ({len(folded.quoted.splitlines())} lines)")
        if notes:
            text.append(f"\n… {' and '.join(notes)} folded: enter to show", style="dim italic")
        return text

    def action_toggle_fold(self) -> None:
        self.expanded = not self.expanded

    @property
    def is_folded(self) -> bool:
        return bool(self.folded.hidden_lines or self.folded.has_quote) and not self.expanded
