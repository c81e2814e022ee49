"""TicketScreen: one ticket's header and thread, read from the store.

Customer messages, public replies and internal notes look different (border
colour and title), each with its channel and time. All customer text is shown
as ``Text`` objects: never parsed as markup.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from api_client.models import Message, MessageKind, Ticket
from console.core.timefmt import age, countdown
from console.core.workspace import Workspace

__all__ = ["TicketScreen"]

_KIND_TITLES = {
    MessageKind.CUSTOMER: "customer",
    MessageKind.REPLY: "reply",
    MessageKind.NOTE: "internal note",
    MessageKind.SYSTEM: "system",
}


class MessageView(Static):
    """One message of the thread."""

    DEFAULT_CSS = """
    MessageView { border: round $primary-lighten-1; padding: 0 1; margin: 0 0 1 0; height: auto; }
    MessageView.-customer { border: round $secondary; }
    MessageView.-reply { border: round $success; }
    MessageView.-note { border: round $warning; background: $warning 10%; }
    """

    def __init__(self, message: Message, now: datetime) -> None:
        super().__init__(Text(message.body))
        kind = message.kind
        self.add_class(f"-{kind.value}")
        self.border_title = Text(
            f"{message.author_name} · {_KIND_TITLES[kind]} · {message.channel.value}"
        )
        self.border_subtitle = Text(
            f"{message.created_at:%Y-%m-%d %H:%M} ({age(message.created_at, now)} ago)"
        )


class TicketScreen(Screen[None]):
    """The ticket the agent is working on."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "app.pop_screen", "Back", id="ticket.back"),
    ]

    DEFAULT_CSS = """
    TicketScreen #header { height: auto; background: $panel; padding: 0 1; }
    TicketScreen #thread { padding: 0 1; }
    """

    def __init__(self, workspace: Workspace, ticket_id: int) -> None:
        super().__init__()
        self.workspace = workspace
        self.ticket_id = ticket_id

    def compose(self) -> ComposeResult:
        desk = self.workspace.desk
        ticket = desk.ticket(self.ticket_id)
        now = datetime.now(UTC)
        yield Static(self._header(ticket, now), id="header")
        with VerticalScroll(id="thread"):
            for message in desk.thread(self.ticket_id):
                yield MessageView(message, now)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#thread").scroll_end(animate=False)

    def _header(self, ticket: Ticket, now: datetime) -> Text:
        customer = self.workspace.desk.customer_history(ticket.customer_id).customer
        due = countdown(ticket.due_at, now) if ticket.status.is_active else ""
        header = Text.assemble(
            (f"#{self.ticket_id} ", "bold"),
            (ticket.subject, "bold"),
            "\n",
            f"{customer.name}",
            f" <{customer.email}>" if customer.email else "",
            f" · {ticket.status.value} · {ticket.priority.value} · {ticket.channel.value}",
            f" · {ticket.language or '??'} · stage {ticket.stage.value}",
            f" · SLA {due}" if due else "",
        )
        if ticket.tags:
            header.append("\ntags: " + " ".join(ticket.tags), style="dim")
        return header
