"""TicketTable: the queue, drawing only the rows on screen, straight from the store.

Textual's DataTable holds every row in memory (about 18 s to load 100k rows and
300 ms to update one cell at that size), so the queue is a Line-API widget: it
knows only the result's length, asks its :class:`QueueSource` for the screenful
it is about to draw (plus a margin), and keeps nothing else. Scrolling,
filtering and live updates therefore cost the same at 1k and 1M tickets.

Customer text is drawn as plain ``Segment`` text (control codes stripped), never
parsed as markup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.control import strip_control_codes
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from console.core.queue import QueueRow, QueueSource
from console.core.timefmt import SlaState, age, countdown, sla_state
from console.core.workflow_rules import DeadlineState, ticket_deadline_state

__all__ = ["Column", "TicketTable"]

CHANNEL_LABELS = {
    "email": "mail",
    "chat": "chat",
    "phone": "tel",
    "web_form": "web",
    "facebook": "fb",
    "twitter": "x",
    "instagram": "ig",
    "whatsapp": "wa",
    "sms": "sms",
}
PRIORITY_LABELS = {"urgent": "!!", "high": "!", "normal": "", "low": "↓"}
MOOD_MARKS = {"rising": "▲", "peak": "◆", "calming": "▼"}
"""The hostility curve's phase: the queue flags customers getting angrier."""
STATUS_LABELS = {"on_hold": "hold"}


COUNT_CAP = 1001
"""Rows counted before the queue says "1,000+" (and counts on as the agent scrolls)."""

STRIP_CACHE = 2000
"""Drawn lines kept for repaints (a few screenfuls; dropped all at once when full)."""


def _fit(text: str, width: int) -> str:
    """``text`` in exactly ``width`` cells: control codes out, cut with "…" or padded.

    What ``rich.text.Text.truncate(width, overflow="ellipsis", pad=True)`` gives,
    without building a ``Text`` per cell.
    """
    plain = strip_control_codes(text)
    length = cell_len(plain)
    if length > width:
        return set_cell_size(plain, width - 1) + "…"
    return plain + " " * (width - length) if length < width else plain


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    width: int  # 0: takes the remaining width
    min_screen: int = 0  # hidden when the table is narrower than this


COLUMNS: tuple[Column, ...] = (
    Column("mark", "", 1),
    Column("sla", "SLA", 5),
    Column("mood", "", 1),
    Column("priority", "P", 2),
    Column("channel", "via", 4),
    Column("lang", "ln", 2),
    Column("subject", "Subject", 0),
    Column("customer", "Customer", 16),
    Column("status", "Status", 7),
    Column("stage", "Stage", 8, min_screen=100),
    Column("promise", "Prom", 5, min_screen=110),
    Column("assignee", "Assignee", 12, min_screen=90),
    Column("updated", "Upd", 4),
)
ACCOUNT_COLUMN = Column("account", "Account", 10)
"""Shown before the subject when the queue combines several accounts."""


def columns_for(*, accounts: bool) -> tuple[Column, ...]:
    """The queue's columns, with the account's when it shows several accounts."""
    if not accounts:
        return COLUMNS
    at = next(i for i, c in enumerate(COLUMNS) if c.key == "subject")
    return (*COLUMNS[:at], ACCOUNT_COLUMN, *COLUMNS[at:])


class TicketTable(ScrollView, can_focus=True):
    """The ticket queue. Give it a source with :meth:`show`; it posts ``Chosen``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Down", show=False, id="queue.down"),
        Binding("up,k", "cursor_up", "Up", show=False, id="queue.up"),
        Binding("pagedown,ctrl+f", "page_down", "Page down", show=False, id="queue.page_down"),
        Binding("pageup,ctrl+b", "page_up", "Page up", show=False, id="queue.page_up"),
        Binding("home,g", "first", "First", show=False, id="queue.first"),
        Binding("end,G", "last", "Last", show=False, id="queue.last"),
        Binding("space", "toggle_mark", "Mark", id="queue.mark", tooltip="Mark for bulk actions"),
        Binding("enter", "choose", "Open", id="queue.open", tooltip="Open the ticket"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "ticket-table--header",
        "ticket-table--cursor",
        "ticket-table--marked",
        "ticket-table--breached",
        "ticket-table--at-risk",
        "ticket-table--urgent",
        "ticket-table--dim",
        "ticket-table--empty",
    }

    DEFAULT_CSS = """
    TicketTable {
        height: 1fr;
        background: $surface;
        scrollbar-gutter: stable;
        overflow-x: hidden;
    }
    TicketTable > .ticket-table--header { background: $panel; color: $text; text-style: bold; }
    TicketTable > .ticket-table--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground;
    }
    TicketTable:blur > .ticket-table--cursor { background: $block-cursor-blurred-background; }
    TicketTable > .ticket-table--marked { color: $accent; text-style: bold; }
    TicketTable > .ticket-table--breached { color: $error; text-style: bold; }
    TicketTable > .ticket-table--at-risk { color: $warning; }
    TicketTable > .ticket-table--urgent { color: $error; }
    TicketTable > .ticket-table--dim { color: $text-muted; }
    TicketTable > .ticket-table--empty { color: $text-muted; text-style: italic; }
    """

    # repaint=False: moving the cursor redraws its two lines, never the whole table.
    cursor: reactive[int] = reactive(0, always_update=True, repaint=False)

    class Chosen(Message):
        """The agent pressed enter on a ticket."""

        def __init__(self, ticket_id: int) -> None:
            super().__init__()
            self.ticket_id = ticket_id

    class Highlighted(Message):
        """The cursor moved to another ticket (``None`` when the queue is empty)."""

        def __init__(self, ticket_id: int | None, position: int, total: int) -> None:
            super().__init__()
            self.ticket_id = ticket_id
            self.position = position
            self.total = total

    def __init__(
        self,
        *,
        clock: Callable[[], datetime] | None = None,
        at_risk: timedelta = timedelta(minutes=30),
        accounts: bool = False,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._source: QueueSource | None = None
        self._total = 0
        self._exact = True
        self.on_move: Callable[[], None] | None = None
        """Called in the same frame as a cursor move (the screen's status line)."""
        self._cache: dict[int, QueueRow] = {}
        self._clock = clock or (lambda: datetime.now(UTC))
        self._at_risk = at_risk.total_seconds()
        self.marked: set[int] = set()
        self.empty_message = "No tickets match."
        self.columns = columns_for(accounts=accounts)
        """``accounts``: the queue combines several accounts (an Account column)."""
        self._columns_width = -1
        self._columns: list[tuple[Column, int]] = []
        self._line_strips: dict[tuple[object, ...], Strip] = {}

    # -- data ---------------------------------------------------------------------------

    @property
    def total(self) -> int:
        """How many rows there are, or at least how many (see :attr:`total_is_exact`)."""
        return self._total

    @property
    def total_is_exact(self) -> bool:
        return self._exact

    @property
    def total_label(self) -> str:
        return f"{self._total:,}" if self._exact else f"{self._total - 1:,}+"

    def _count(self, source: QueueSource, cap: int | None) -> None:
        found = source.count(cap)
        self._exact = cap is None or found < cap
        self._total = found
        self.virtual_size = Size(self.size.width, self._total + 1)

    def _need_rows(self, index: int) -> None:
        """Counting stopped at a cap: count further before the cursor goes past it."""
        if self._exact or self._source is None or index < self._total - self._visible_rows() * 2:
            return
        cap = self._total * 4 if index < self._total * 2 else None
        self._count(self._source, cap)

    @property
    def source(self) -> QueueSource | None:
        return self._source

    def show(self, source: QueueSource, *, keep_ticket: bool = True) -> None:
        """Show another query's rows, keeping the cursor on the same ticket if it is there."""
        previous = self.current_ticket_id if keep_ticket else None
        self._source = source
        self._cache.clear()
        self._count(source, COUNT_CAP)
        position = 0
        if previous is not None:
            position = self._position_of(previous, fallback=self.cursor)
            self._need_rows(position)
        self.cursor = min(position, max(0, self._total - 1))
        self.scroll_to(y=max(0, self.cursor - self._visible_rows() // 2), animate=False)
        self.refresh()

    def reload(self) -> None:
        """Re-read the query after the store changed, keeping the cursor on its ticket.

        Only the lines whose content changed are redrawn: a change elsewhere in a
        large desk costs a count and one page, not a repaint of the table.
        """
        source = self._source
        if source is None:
            return
        top = round(self.scroll_offset.y)
        visible = self._visible_rows()
        before = {i: self._cache.get(i) for i in range(top, top + visible)}
        previous, old_total = self.current_ticket_id, self._total
        self._cache.clear()
        self._count(source, COUNT_CAP if self._exact else max(COUNT_CAP, self._total))
        position = self.cursor
        if previous is not None:
            position = self._position_of(previous, fallback=self.cursor)
            self._need_rows(position)
        position = min(position, max(0, self._total - 1))
        if position != self.cursor or self._total != old_total:
            self.cursor = position
            self.refresh()
            return
        for index, row in before.items():
            if self.row_at(index) != row:
                self._refresh_row(index)

    def _position_of(self, ticket_id: int, fallback: int) -> int:
        """Where the ticket is now; if it left the result, the cursor stays where it was."""
        assert self._source is not None
        position = self._source.position_of(ticket_id)
        return fallback if position is None else position

    def _window(self, start: int, size: int) -> list[QueueRow]:
        assert self._source is not None
        rows = self._source.page(start, size, total=self._total)
        for offset, row in enumerate(rows):
            self._cache[start + offset] = row
        return rows

    def row_at(self, index: int) -> QueueRow | None:
        if self._source is None or not 0 <= index < self._total:
            return None
        row = self._cache.get(index)
        if row is None:
            visible = max(self._visible_rows(), 10)
            if len(self._cache) > visible * 12:
                self._cache.clear()
            start = max(0, index - visible)
            self._window(start, visible * 3)
            row = self._cache.get(index)
        return row

    @property
    def current_ticket_id(self) -> int | None:
        row = self.row_at(self.cursor) if self._total else None
        return row.id if row else None

    def _visible_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _refresh_row(self, index: int) -> None:
        """Redraw the line of row ``index`` (``refresh_line`` counts lines of the whole
        result, header included, not lines of the screen)."""
        self.refresh_line(index + 1)

    # -- movement -------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        self._need_rows(new)
        top = round(self.scroll_offset.y)
        visible = self._visible_rows()
        if top <= new < top + visible:
            if 0 <= old - top < visible:
                self._refresh_row(old)
            self._refresh_row(new)
        else:
            self.scroll_to(y=new if new < top else new - visible + 1, animate=False)
            if abs(new - old) >= visible // 2:  # a page: the agent may well page on
                self.call_after_refresh(self._draw_ahead, new > old)
        if self.on_move is not None:
            self.on_move()
        self.post_message(self.Highlighted(self.current_ticket_id, new, self._total))

    def _move(self, delta: int) -> None:
        if self._total:
            self.cursor = max(0, min(self._total - 1, self.cursor + delta))

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_cursor_up(self) -> None:
        self._move(-1)

    def action_page_down(self) -> None:
        self._move(self._visible_rows())

    def action_page_up(self) -> None:
        self._move(-self._visible_rows())

    def action_first(self) -> None:
        self._move(-self._total)

    def action_last(self) -> None:
        if not self._exact and self._source is not None:
            self._count(self._source, None)  # the agent asked for the very end
        self._move(self._total)

    def action_toggle_mark(self) -> None:
        ticket_id = self.current_ticket_id
        if ticket_id is None:
            return
        self.marked.symmetric_difference_update({ticket_id})
        self._move(1)
        self.refresh()

    def action_choose(self) -> None:
        ticket_id = self.current_ticket_id
        if ticket_id is not None:
            self.post_message(self.Chosen(ticket_id))

    def on_click(self, event: object) -> None:
        offset = getattr(event, "y", None)
        if isinstance(offset, int) and offset >= 1:
            self.cursor = min(max(0, self._total - 1), round(self.scroll_offset.y) + offset - 1)

    # -- drawing --------------------------------------------------------------------------
    #
    # A scroll or page move redraws every line, so a line is built once: the strip of a
    # row is kept under everything it is drawn from (its cells' texts and styles, the
    # row's style, the width) and a repaint of unchanged rows is a dictionary look-up.

    def _layout(self, width: int) -> list[tuple[Column, int]]:
        if self._columns_width != width:
            shown = [c for c in self.columns if width >= c.min_screen]
            fixed = sum(c.width for c in shown if c.width) + len(shown) - 1
            flexible = max(8, width - fixed)
            self._columns = [(c, c.width or flexible) for c in shown]
            self._columns_width = width
        return self._columns

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        layout = self._layout(width)
        if y == 0:
            header = self.get_component_rich_style("ticket-table--header")
            return self._strip([(c.title, w, None) for c, w in layout], header, width)
        index = round(self.scroll_offset.y) + y - 1
        base = self.rich_style
        if self._total == 0:
            if y == 1:
                empty = self.get_component_rich_style("ticket-table--empty")
                return self._strip([(self.empty_message, width, None)], empty, width)
            return Strip.blank(width, base)
        row = self.row_at(index)
        if row is None:
            return Strip.blank(width, base)
        style = base
        if index == self.cursor:
            style = self.get_component_rich_style("ticket-table--cursor")
        return self._row_strip(row, layout, style, width)

    def _row_strip(
        self, row: QueueRow, layout: list[tuple[Column, int]], style: Style, width: int
    ) -> Strip:
        now = self._clock()
        cells = [
            (self._cell(c.key, row, now), w, self._cell_style(c.key, row, now)) for c, w in layout
        ]
        return self._strip(cells, style, width)

    def _draw_ahead(self, downward: bool) -> None:
        """After a page move, read and draw the next page in the same direction.

        Runs once the moved page is on the screen: the window read (2-5 ms at 1M) and
        the 37 new lines (about as much again) then come from the caches when the
        agent pages on, instead of on that key's path.
        """
        if self._source is None or not self._total:
            return
        width = self.scrollable_content_region.width
        layout = self._layout(width)
        top = round(self.scroll_offset.y)
        visible = self._visible_rows()
        start = top + visible if downward else top - visible
        base = self.rich_style
        for index in range(max(0, start), min(self._total, start + visible)):
            if index == self.cursor:
                continue
            row = self.row_at(index)
            if row is not None:
                self._row_strip(row, layout, base, width)

    def _strip(self, cells: list[tuple[str, int, Style | None]], style: Style, width: int) -> Strip:
        key = (tuple(cells), style, width)
        strip = self._line_strips.get(key)
        if strip is None:
            if len(self._line_strips) >= STRIP_CACHE:
                self._line_strips.clear()
            strip = self._line_strips[key] = self._build_strip(cells, style, width)
        return strip

    @staticmethod
    def _build_strip(cells: list[tuple[str, int, Style | None]], style: Style, width: int) -> Strip:
        # Neighbouring cells of the same style share one segment: every segment costs
        # again in each step of Textual's compositor.
        texts: list[str] = []
        styles: list[Style] = []
        last = len(cells) - 1
        for position, (text, cell_width, cell_style) in enumerate(cells):
            pieces = [(_fit(text, cell_width), style + cell_style if cell_style else style)]
            if position < last:
                pieces.append((" ", style))
            for piece, piece_style in pieces:
                if styles and styles[-1] == piece_style:
                    texts[-1] += piece
                else:
                    texts.append(piece)
                    styles.append(piece_style)
        segments = [
            Segment(text, text_style) for text, text_style in zip(texts, styles, strict=True)
        ]
        return Strip(segments).adjust_cell_length(width, style)

    def _cell(self, key: str, row: QueueRow, now: datetime) -> str:
        if key == "mark":
            return "●" if row.id in self.marked else ""
        if key == "sla":
            active = row.status not in ("solved", "closed")
            return countdown(row.due_at, now) if active else ""
        if key == "mood":
            return MOOD_MARKS.get(row.mood or "", "")
        if key == "priority":
            return PRIORITY_LABELS.get(row.priority, row.priority[:2])
        if key == "channel":
            return CHANNEL_LABELS.get(row.channel, row.channel[:4])
        if key == "lang":
            return row.language or ""
        if key == "subject":
            return row.subject
        if key == "account":
            return row.account
        if key == "customer":
            return row.customer
        if key == "status":
            return STATUS_LABELS.get(row.status, row.status)
        if key == "stage":
            return row.stage
        if key == "promise":
            state = ticket_deadline_state(row.promised_by, row.stage, row.status, now)
            return countdown(row.promised_by, now) if state is not DeadlineState.NONE else ""
        if key == "assignee":
            return row.assignee or "—"
        if key == "updated":
            return age(row.updated_at, now)
        return ""

    def _cell_style(self, key: str, row: QueueRow, now: datetime) -> Style | None:
        if key == "mark":
            return self.get_component_rich_style("ticket-table--marked")
        if key == "sla":
            state = sla_state(
                row.due_at, now, self._at_risk, row.status not in ("solved", "closed")
            )
            if state == SlaState.BREACHED:
                return self.get_component_rich_style("ticket-table--breached")
            if state == SlaState.AT_RISK:
                return self.get_component_rich_style("ticket-table--at-risk")
            return None
        if key == "promise":
            state = ticket_deadline_state(row.promised_by, row.stage, row.status, now)
            if state is DeadlineState.PASSED:
                return self.get_component_rich_style("ticket-table--breached")
            if state is DeadlineState.SOON:
                return self.get_component_rich_style("ticket-table--at-risk")
            return None
        if key == "mood" and row.mood in ("rising", "peak"):
            return self.get_component_rich_style("ticket-table--breached")
        if key == "priority" and row.priority in ("urgent", "high"):
            return self.get_component_rich_style("ticket-table--urgent")
        if key in ("updated", "assignee", "lang") or (
            key == "status" and row.status in ("solved", "closed")
        ):
            return self.get_component_rich_style("ticket-table--dim")
        return None
