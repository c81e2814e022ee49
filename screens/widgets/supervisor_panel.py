"""SupervisorPanel: one titled list of the supervisor dashboard that redraws only changed rows.

Each panel (queue depth, SLA deadlines, agents...) is a Line-API widget holding
keyed rows of plain cells. :meth:`SupervisorPanel.set_rows` compares the new rows
with what is on screen and refreshes only the lines whose content changed, so a
change event that moves one number redraws one line, and the one-second countdown
tick redraws only the countdowns whose text changed. ``redrawn`` counts the row
lines refreshed (tests assert on it).

Cells are drawn as plain ``Segment`` text, never parsed as markup, so customer
subjects and agent names are shown exactly as written.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

__all__ = ["Cell", "PanelColumn", "PanelRow", "SupervisorPanel"]

STYLES = ("breached", "at-risk", "urgent", "dim", "group", "up", "down", "bar", "angry")
"""Cell styles a row may name (component classes ``supervisor-panel--<style>``)."""


@dataclass(frozen=True, slots=True)
class PanelColumn:
    """A column: its title, width (0 takes the rest) and alignment."""

    title: str
    width: int
    justify: Literal["left", "right"] = "left"
    min_width: int = 0
    """The column is hidden when the panel is narrower than this."""
    keep_end: bool = False
    """Text too long for the column keeps its end (the latest of a sparkline), not its start."""


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell's text and an optional style name from :data:`STYLES`."""

    text: str
    style: str = ""


@dataclass(frozen=True, slots=True)
class PanelRow:
    """One line: a stable ``key`` (what it stands for) and its cells, one per column."""

    key: Hashable
    cells: tuple[Cell, ...]
    ticket_id: int | None = None
    """The ticket this row is about, if any (enter opens it; actions apply to it)."""
    drill: tuple[str, str] | None = None
    """A slice to list when chosen (``("channel", "chat")``) for rows of many tickets."""


class SupervisorPanel(ScrollView, can_focus=True):
    """A titled list of keyed rows; ``enter`` posts :class:`SupervisorPanel.Chosen`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Down", show=False, id="supervisor.down"),
        Binding("up,k", "cursor_up", "Up", show=False, id="supervisor.up"),
        Binding("home,g", "first", "First", show=False, id="supervisor.first"),
        Binding("end,G", "last", "Last", show=False, id="supervisor.last"),
        Binding("enter", "choose", "Open", id="supervisor.open", tooltip="Open the ticket(s)"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "supervisor-panel--header",
        "supervisor-panel--cursor",
        "supervisor-panel--empty",
        *(f"supervisor-panel--{style}" for style in STYLES),
    }

    DEFAULT_CSS = """
    SupervisorPanel {
        background: $surface;
        scrollbar-size-vertical: 1;
        overflow-x: hidden;
        height: 1fr;
    }
    SupervisorPanel > .supervisor-panel--header {
        background: $panel; color: $text; text-style: bold;
    }
    SupervisorPanel:focus > .supervisor-panel--header { background: $primary-muted; }
    SupervisorPanel > .supervisor-panel--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground;
    }
    SupervisorPanel > .supervisor-panel--empty { color: $text-muted; text-style: italic; }
    SupervisorPanel > .supervisor-panel--breached { color: $error; text-style: bold; }
    SupervisorPanel > .supervisor-panel--at-risk { color: $warning; }
    SupervisorPanel > .supervisor-panel--urgent { color: $error; }
    SupervisorPanel > .supervisor-panel--dim { color: $text-muted; }
    SupervisorPanel > .supervisor-panel--group { color: $text-accent; text-style: bold; }
    SupervisorPanel > .supervisor-panel--up { color: $text-warning; }
    SupervisorPanel > .supervisor-panel--down { color: $text-success; }
    SupervisorPanel > .supervisor-panel--bar { color: $text-primary; }
    SupervisorPanel > .supervisor-panel--angry { color: $text-error; }
    """

    cursor: reactive[int] = reactive(0, always_update=True)

    class Chosen(Message):
        """Enter on a row: open its ticket, or list the tickets behind it."""

        def __init__(self, panel: SupervisorPanel, row: PanelRow) -> None:
            super().__init__()
            self.panel = panel
            self.row = row

        @property
        def control(self) -> SupervisorPanel:
            return self.panel

    def __init__(
        self,
        title: str,
        columns: Sequence[PanelColumn],
        *,
        empty: str = "Nothing here.",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.title = title
        self.columns = tuple(columns)
        self.empty = empty
        self.rows: list[PanelRow] = []
        self.redrawn = 0
        """Row lines refreshed by :meth:`set_rows` so far."""

    # -- data ---------------------------------------------------------------------------

    def set_title(self, title: str) -> None:
        if title != self.title:
            self.title = title
            self.refresh_line(0)

    def set_rows(self, rows: Sequence[PanelRow]) -> int:
        """Show ``rows``, redrawing only the lines that changed; returns how many did."""
        old = self.rows
        new = list(rows)
        current = self.current_row
        self.rows = new
        if len(new) != len(old):
            self.virtual_size = Size(self.size.width, max(len(new), 1) + 1)
        changed = [
            index
            for index in range(max(len(old), len(new)))
            if index >= len(old) or index >= len(new) or old[index] != new[index]
        ]
        if not old and not new:
            return 0
        if not new or not old:  # the empty message appears or goes
            changed = list(range(max(len(old), len(new), 1)))
        # Keep the cursor on the same row when it moved.
        if current is not None:
            position = next((i for i, row in enumerate(new) if row.key == current.key), None)
            if position is not None and position != self.cursor:
                changed.extend((self.cursor, position))
                self.set_reactive(SupervisorPanel.cursor, position)
        if self.cursor >= len(new) and new:
            self.set_reactive(SupervisorPanel.cursor, len(new) - 1)
            changed.append(self.cursor)
        top = round(self.scroll_offset.y)
        visible = self._visible_rows()
        drawn = 0
        for index in sorted(set(changed)):
            if top <= index < top + visible:
                self.refresh_line(index - top + 1)
                drawn += 1
        self.redrawn += drawn
        return drawn

    @property
    def current_row(self) -> PanelRow | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def _visible_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    # -- movement -------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        top = round(self.scroll_offset.y)
        visible = self._visible_rows()
        if new < top:
            self.scroll_to(y=new, animate=False)
        elif new >= top + visible:
            self.scroll_to(y=new - visible + 1, animate=False)
        else:
            for index in (old, new):
                if 0 <= index - top < visible:
                    self.refresh_line(index - top + 1)

    def _move(self, delta: int) -> None:
        if self.rows:
            self.cursor = max(0, min(len(self.rows) - 1, self.cursor + delta))

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_cursor_up(self) -> None:
        self._move(-1)

    def action_first(self) -> None:
        self._move(-len(self.rows))

    def action_last(self) -> None:
        self._move(len(self.rows))

    def action_choose(self) -> None:
        row = self.current_row
        if row is not None:
            self.post_message(self.Chosen(self, row))

    def on_click(self, event: object) -> None:
        offset = getattr(event, "y", None)
        if isinstance(offset, int) and offset >= 1 and self.rows:
            self.cursor = min(len(self.rows) - 1, round(self.scroll_offset.y) + offset - 1)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # -- drawing --------------------------------------------------------------------------

    def _layout(self, width: int) -> list[tuple[int, PanelColumn, int]]:
        shown = [(i, c) for i, c in enumerate(self.columns) if width >= c.min_width]
        fixed = sum(c.width for _, c in shown if c.width) + len(shown) - 1
        flexible = max(4, width - fixed)
        return [(i, c, c.width or flexible) for i, c in shown]

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        layout = self._layout(width)
        if y == 0:
            return self._header(layout, width)
        index = round(self.scroll_offset.y) + y - 1
        base = self.rich_style
        if not self.rows:
            if y == 1:
                empty = self.get_component_rich_style("supervisor-panel--empty")
                return self._strip([(self.empty, width, "left", None, False)], empty, width)
            return Strip.blank(width, base)
        if index >= len(self.rows):
            return Strip.blank(width, base)
        row = self.rows[index]
        style = base
        if index == self.cursor and self.has_focus:
            style = self.get_component_rich_style("supervisor-panel--cursor")
        cells = []
        for position, column, cell_width in layout:
            cell = row.cells[position] if position < len(row.cells) else Cell("")
            cell_style = (
                self.get_component_rich_style(f"supervisor-panel--{cell.style}")
                if cell.style
                else None
            )
            cells.append((cell.text, cell_width, column.justify, cell_style, column.keep_end))
        return self._strip(cells, style, width)

    def _header(self, layout: list[tuple[int, PanelColumn, int]], width: int) -> Strip:
        """The title, then the titles of the columns that start after it."""
        style = self.get_component_rich_style("supervisor-panel--header")
        line = Text(self.title, no_wrap=True, end="")
        x = 0
        for _, column, cell_width in layout:
            if column.title and x > line.cell_len:
                line.append(" " * (x - line.cell_len))
                title = column.title[:cell_width]
                if column.justify == "right":
                    line.append(title.rjust(cell_width))
                else:
                    line.append(title)
            x += cell_width + 1
        line.truncate(width, overflow="ellipsis", pad=True)
        return Strip([Segment(line.plain, style)]).adjust_cell_length(width, style)

    def _strip(
        self,
        cells: Sequence[tuple[str, int, str, Style | None, bool]],
        style: Style,
        width: int,
    ) -> Strip:
        segments: list[Segment] = []
        for position, (text, cell_width, justify, cell_style, keep_end) in enumerate(cells):
            cell = Text(text, no_wrap=True, overflow="ellipsis", end="")
            if keep_end and cell.cell_len > cell_width:
                cell = cell[cell.cell_len - cell_width :]
            cell.truncate(cell_width, overflow="ellipsis")
            padding = " " * (cell_width - cell.cell_len)
            plain = padding + cell.plain if justify == "right" else cell.plain + padding
            segments.append(Segment(plain, style + cell_style if cell_style else style))
            if position < len(cells) - 1:
                segments.append(Segment(" ", style))
        return Strip(segments).adjust_cell_length(width, style)
