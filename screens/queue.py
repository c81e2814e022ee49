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
from textual.timer import Timer
from textual.widgets import Input, Static

from console.core.outbox import Outbox, OutboxState
from console.core.query import SORTS, QueryError, combine, parse
from console.core.workspace import Workspace
from screens.field_actions import FIELD_BINDINGS, FieldActions
from screens.startup_frame import StartupFrame
from screens.widgets.steady_footer import SteadyFooter
from screens.widgets.ticket_table import TicketTable
from screens.widgets.view_bar import ViewBar

__all__ = ["DEFAULT_VIEWS", "QueueScreen"]

FILTER_PLACEHOLDER = '/ to filter: lang:it status:open reason:return "quoted words"'

FILTER_DELAY = 0.08
"""Seconds of typing pause before the filter runs (one query per burst of keys)."""

DEFAULT_VIEWS: dict[str, str] = {
    "My open": "assignee:me status:active sort:due",
    "Unassigned": "assignee:none status:active sort:due",
    "At risk": "sla:breached,at_risk sort:due",
    "Waiting on customer": "status:pending sort:-updated",
    "All": "sort:-updated",
}


class QueueScreen(StartupFrame, FieldActions):
    """Saved views, the `/` filter and the ticket table of one workspace."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Filter", id="queue.filter", tooltip="Filter with a query"),
        Binding("escape", "clear_filter", "Clear", id="queue.clear", show=False),
        Binding("tab,l", "next_view", "Next view", id="queue.next_view", show=False),
        Binding("shift+tab,h", "previous_view", "Prev view", id="queue.previous_view", show=False),
        Binding("r", "refresh", "Refresh", id="queue.refresh", show=False),
        *FIELD_BINDINGS["queue"],
        Binding("S", "sort", "Sort", id="queue.sort", tooltip="Sort by a column"),
        Binding("q", "quit", "Quit", id="queue.quit", tooltip="Quit (asks if drafts are unsent)"),
    ]

    DEFAULT_CSS = """
    QueueScreen #filter { border: none; height: 1; padding: 0 1; background: $surface; }
    QueueScreen #filter-hint { height: 1; padding: 0 1; background: $surface; }
    QueueScreen #filter-hint { color: $text-disabled; }
    QueueScreen #filter:focus { background: $boost; }
    QueueScreen #filter-error { height: auto; color: $error; padding: 0 1; display: none; }
    QueueScreen #filter-error.-shown { display: block; }
    QueueScreen #status { height: 1; background: $panel; color: $text-muted; padding: 0 1; }
    """

    class QuitRequested(Message):
        """The agent asked to quit; the app checks for unsent drafts first."""

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
        self.sort: str | None = None
        self.sync_state = ""
        self._filter_timer: Timer | None = None
        self._outbox_text = ""
        self._shown_view: str | None = None

    def compose(self) -> ComposeResult:
        yield ViewBar(list(self._view_ids.items()), id="views")
        with Vertical(id="queue-body"):
            # The filter field itself is mounted just after the first frame (it is
            # one of the costlier widgets to build); until then its placeholder shows.
            yield Static(FILTER_PLACEHOLDER, id="filter-hint")
            yield Static(id="filter-error")
            yield TicketTable(
                id="tickets",
                at_risk=self.workspace.at_risk,
                clock=self.workspace.clock,
                accounts=len(self.workspace.accounts) > 1,
            )
            yield Static(id="status")
        yield SteadyFooter()

    @property
    def table(self) -> TicketTable:
        return self.query_one(TicketTable)

    @property
    def current_view(self) -> str:
        active = self.query_one(ViewBar).active
        return self._view_ids.get(active, next(iter(self.views)))

    def on_mount(self) -> None:
        # The status line moves with the cursor, in the same frame.
        self.table.on_move = lambda: self.refresh_status(outbox=False)
        self._load()
        self.table.focus()
        self.after_first_frame(self._filter_field)

    def _filter_field(self) -> Input:
        """The filter's input field, put in place of its placeholder on first need."""
        found = self.query("#filter")
        if found:
            return found.first(Input)
        field = Input(placeholder=FILTER_PLACEHOLDER, id="filter")
        hint = self.query_one("#filter-hint", Static)
        self.query_one("#queue-body", Vertical).mount(field, before=hint)
        hint.remove()
        return field

    def on_view_bar_changed(self, event: ViewBar.Changed) -> None:
        if self.current_view != self._shown_view:
            self._load(keep_ticket=False)  # another view starts at its top

    def _load(self, *, keep_ticket: bool = True) -> None:
        sort = f"sort:{self.sort}" if self.sort else ""
        text = combine(self.views[self.current_view], self.filter_text, sort)
        error = self.query_one("#filter-error", Static)
        try:
            source = self.workspace.queue(parse(text), typing=bool(self.filter_text))
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
        self._shown_view = self.current_view
        self.refresh_status()

    def refresh_status(self, *, outbox: bool = True) -> None:
        """Redraw the status line (a no-op until the screen has been composed).

        ``outbox=False`` reuses the last outbox counts: a cursor move redraws the
        position without a query on the key's path.
        """
        if not self.query("#status"):
            return
        if outbox:
            counts = Outbox(self.workspace.conn, self.workspace.profile).counts()
            waiting = counts[OutboxState.QUEUED] + counts[OutboxState.SENDING]
            problems = counts[OutboxState.FAILED] + counts[OutboxState.CONFLICT]
            self._outbox_text = f" · outbox {waiting} waiting" if waiting else ""
            self._outbox_text += f", {problems} need attention" if problems else ""
        table = self.table
        position = f"{table.cursor + 1:,}/{table.total_label}" if table.total else "0"
        marked = f" · {len(table.marked)} marked" if table.marked else ""
        text = Text.assemble(
            (self.workspace.profile, "bold"),
            f" ({self.workspace.backend_name}) · {self.workspace.me_name} · ",
            f"{self.current_view}: {position}{marked}{self._outbox_text}",
        )
        if self.sort:
            text.append(f" · sort {self.sort}")
        if self.sync_state:
            text.append(f" · {self.sync_state}")
        if self.filter_text:
            text.append(f" · filter: {self.filter_text}")
        # One line, always: no layout pass on a key's path.
        self.query_one("#status", Static).update(text, layout=False)

    def on_ticket_table_chosen(self, event: TicketTable.Chosen) -> None:
        self.post_message(self.Opened(event.ticket_id))

    # -- filter -----------------------------------------------------------------------

    def action_filter(self) -> None:
        self._filter_field().focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter":
            self.filter_text = event.value
            # Results follow typing, a beat behind: a burst of keys runs one query.
            if self._filter_timer is not None:
                self._filter_timer.stop()
            self._filter_timer = self.set_timer(FILTER_DELAY, self._load)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "filter":
            if self._filter_timer is not None:
                self._filter_timer.stop()
                self._load()
            self.table.focus()

    def action_clear_filter(self) -> None:
        field = self._filter_field()
        if self.filter_text or field.has_focus:
            field.value = ""
            self.filter_text = ""
            self._load()
            self.table.focus()

    def show_view(self, name: str) -> None:
        for tab_id, view in self._view_ids.items():
            if view == name:
                self.query_one(ViewBar).active = tab_id

    def action_next_view(self) -> None:
        self.query_one(ViewBar).action_next_view()

    def action_previous_view(self) -> None:
        self.query_one(ViewBar).action_previous_view()

    def apply_changes(self, ticket_ids: set[int], *, everything: bool = False) -> None:
        """Tickets changed in the store: re-read the query, keeping cursor and marks."""
        if everything or ticket_ids:
            self.table.reload()
            self.refresh_status()

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
        self.refresh_status()

    # -- bulk actions (marked tickets, else the one under the cursor) ---------------

    def field_targets(self) -> list[int]:
        table = self.table
        if table.marked:
            return sorted(table.marked)
        current = table.current_ticket_id
        return [current] if current is not None else []

    def fields_queued(self) -> None:
        self.table.marked.clear()
        self.table.refresh()
        self.refresh_status()

    def action_sort(self) -> None:
        current = self.sort or ""

        def apply(field: str) -> None:
            # Choosing the column already sorted flips the direction.
            self.sort = f"-{field}" if current == field else field
            self._load()

        labels = {"due": "SLA due", "updated": "Last update", "created": "Created"}
        options = [(key, labels.get(key, key)) for key in SORTS if key not in ("sla", "id")]
        self._choose("Sort by (again to reverse)", options, apply)

    def action_quit(self) -> None:
        self.post_message(self.QuitRequested())
