"""QueueScreen: the agent's home — saved views as tabs, a live filter, the ticket table.

The screen wires widgets to the core: a view or filter change builds a new
``QueueSource`` (SQL on the store) and hands it to the table. Errors in a typed
filter are shown under it and the last good result stays on screen.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, Static, Tab, Tabs

from console.core.query import QueryError, combine, parse
from console.core.workspace import Workspace
from screens.widgets.ticket_table import TicketTable

__all__ = ["DEFAULT_VIEWS", "QueueScreen"]

DEFAULT_VIEWS: dict[str, str] = {
    "My open": "assignee:me status:active sort:due",
    "Unassigned": "assignee:none status:active sort:due",
    "At risk": "sla:breached,at_risk sort:due",
    "Waiting on customer": "status:pending sort:-updated",
    "All": "sort:-updated",
}


class QueueScreen(Screen[None]):
    """Saved views, the `/` filter and the ticket table of one workspace."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Filter", id="queue.filter", tooltip="Filter with a query"),
        Binding("escape", "clear_filter", "Clear", id="queue.clear", show=False),
        Binding("tab", "next_view", "Next view", id="queue.next_view", show=False),
        Binding("shift+tab", "previous_view", "Prev view", id="queue.previous_view", show=False),
        Binding("r", "refresh", "Refresh", id="queue.refresh"),
    ]

    DEFAULT_CSS = """
    QueueScreen #filter { dock: top; display: none; border: none; height: 1; padding: 0 1; }
    QueueScreen #filter.-shown { display: block; }
    QueueScreen #filter-error { height: auto; color: $error; padding: 0 1; display: none; }
    QueueScreen #filter-error.-shown { display: block; }
    QueueScreen #status {
        dock: bottom; height: 1; background: $panel; color: $text-muted; padding: 0 1;
    }
    """

    class Opened(Message):
        """The agent chose a ticket to work on."""

        def __init__(self, ticket_id: int) -> None:
            super().__init__()
            self.ticket_id = ticket_id

    def __init__(self, workspace: Workspace, views: dict[str, str] | None = None) -> None:
        super().__init__()
        self.workspace = workspace
        self.views = dict(views or DEFAULT_VIEWS)
        self._view_ids = {f"view-{i}": name for i, name in enumerate(self.views)}
        self.filter_text = ""

    def compose(self) -> ComposeResult:
        yield Tabs(*(Tab(name, id=tab_id) for tab_id, name in self._view_ids.items()), id="views")
        with Vertical():
            yield Input(
                placeholder='lang:it status:open reason:return  "quoted words"', id="filter"
            )
            yield Static(id="filter-error")
            yield TicketTable(id="tickets", at_risk=self.workspace.at_risk)
        yield Static(id="status")
        yield Footer()

    @property
    def table(self) -> TicketTable:
        return self.query_one(TicketTable)

    @property
    def current_view(self) -> str:
        active = self.query_one(Tabs).active
        return self._view_ids.get(active or "", next(iter(self.views)))

    def on_mount(self) -> None:
        self._load()
        self.table.focus()

    def on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        self._load()

    def _load(self, *, keep_ticket: bool = True) -> None:
        text = combine(self.views[self.current_view], self.filter_text)
        error = self.query_one("#filter-error", Static)
        try:
            source = self.workspace.queue(parse(text))
        except QueryError as problem:
            error.update(Text(f"{problem}", no_wrap=False))
            error.add_class("-shown")
            return
        error.remove_class("-shown")
        self.table.empty_message = (
            f"No tickets match {self.filter_text!r} in {self.current_view}."
            if self.filter_text
            else f"No tickets in {self.current_view}."
        )
        self.table.show(source, keep_ticket=keep_ticket)
        self._update_status()

    def _update_status(self) -> None:
        table = self.table
        position = f"{table.cursor + 1}/{table.total}" if table.total else "0"
        marked = f" · {len(table.marked)} marked" if table.marked else ""
        text = Text.assemble(
            (self.workspace.profile, "bold"),
            f" ({self.workspace.backend_name}) · {self.workspace.me_name} · ",
            f"{self.current_view}: {position}{marked}",
        )
        if self.filter_text:
            text.append(f" · filter: {self.filter_text}")
        self.query_one("#status", Static).update(text)

    def on_ticket_table_highlighted(self, event: TicketTable.Highlighted) -> None:
        self._update_status()

    def on_ticket_table_chosen(self, event: TicketTable.Chosen) -> None:
        self.post_message(self.Opened(event.ticket_id))

    # -- filter -----------------------------------------------------------------------

    def action_filter(self) -> None:
        field = self.query_one("#filter", Input)
        field.add_class("-shown")
        field.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter":
            self.filter_text = event.value
            self._load()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "filter":
            self.table.focus()

    def action_clear_filter(self) -> None:
        field = self.query_one("#filter", Input)
        if self.filter_text or field.has_class("-shown"):
            field.value = ""
            field.remove_class("-shown")
            self.filter_text = ""
            self._load()
            self.table.focus()

    def action_next_view(self) -> None:
        self.query_one(Tabs).action_next_tab()

    def action_previous_view(self) -> None:
        self.query_one(Tabs).action_previous_tab()

    def apply_changes(self, ticket_ids: set[int], *, everything: bool = False) -> None:
        """Tickets changed in the store: re-read the query, keeping cursor and marks."""
        if everything or ticket_ids:
            self.table.reload()
            self._update_status()

    def next_after(self, ticket_id: int) -> int | None:
        """The ticket to work after ``ticket_id`` in this view (it may have left the view)."""
        table = self.table
        table.reload()
        if table.current_ticket_id == ticket_id:
            table.action_cursor_down()
            if table.current_ticket_id == ticket_id:
                return None  # it was the last one
        return table.current_ticket_id

    def action_refresh(self) -> None:
        self.table.reload()
        self._update_status()
