"""Textual's floor for the queue's keys: a full-width table that costs nothing to draw.

The trivial app (:mod:`bench.trivial_app`) answers a key by changing one short
label; the queue answers cursor and page keys by redrawing a 120-column table
(every line of it when it scrolls). This app has the queue's shape — a header
line, rows of 120 columns in 13 coloured cells, a cursor row, a status line and a
Footer — but its lines are built once at start, so a key costs only what Textual
itself does: the reactive, the refresh, the compositor and the terminal output.
``bench/floor.py`` times it beside deskside and the trivial app.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Footer, Input, Static, Tab, Tabs

ROWS = 100_000
VIEW = "All"
WIDTHS = (1, 5, 1, 2, 4, 2, 35, 16, 7, 8, 5, 12, 4)
"""The queue's columns at 120 columns (the subject takes the rest)."""
_BASE = Style(color="#e0e0e0", bgcolor="#1e1e1e")
_CURSOR = Style(color="#000000", bgcolor="#0178d4")
_DIM = Style(color="#808080")
_HEADER = Style(color="#ffffff", bgcolor="#2d2d2d", bold=True)


def _line(index: int, style: Style, width: int) -> Strip:
    segments: list[Segment] = []
    for column, cell_width in enumerate(WIDTHS):
        text = f"{index}:{column}"[:cell_width].ljust(cell_width)
        segments.append(Segment(text, style + _DIM if column % 3 == 0 else style))
        segments.append(Segment(" ", style))
    return Strip(segments).adjust_cell_length(width, style)


class Lines(ScrollView, can_focus=True):
    """Rows drawn once (plain and highlighted); the cursor moves as the queue's does."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "move(1)", "Down", show=False),
        Binding("pagedown", "page", "Page down", show=False),
    ]
    DEFAULT_CSS = "Lines { height: 1fr; scrollbar-gutter: stable; overflow-x: hidden; }"
    cursor: reactive[int] = reactive(0, repaint=False)

    def __init__(self) -> None:
        super().__init__(id="lines")
        self._plain: dict[int, Strip] = {}
        self._lit: dict[int, Strip] = {}

    def on_mount(self) -> None:
        self.virtual_size = Size(self.size.width, ROWS + 1)

    def _visible(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y == 0:
            return _line(-1, _HEADER, width)
        index = round(self.scroll_offset.y) + y - 1
        cache, style = (self._lit, _CURSOR) if index == self.cursor else (self._plain, _BASE)
        strip = cache.get(index)
        if strip is None:
            strip = cache[index] = _line(index, style, width)
        return strip

    def watch_cursor(self, old: int, new: int) -> None:
        top = round(self.scroll_offset.y)
        visible = self._visible()
        if new >= top + visible:
            self.scroll_to(y=new - visible + 1, animate=False)
        else:
            self.refresh_line(old + 1)
            self.refresh_line(new + 1)
        status = self.app.query_one("#status", Static)
        status.update(f"{VIEW}: {new + 1:,}/{ROWS:,}", layout=False)

    def action_move(self, delta: int) -> None:
        self.cursor = min(ROWS - 1, self.cursor + delta)

    def action_page(self) -> None:
        self.action_move(self._visible())


FOOTER_KEYS = ("Mark", "Open", "Filter", "Assign", "Status", "Tags", "Sort", "Quit")
"""As many footer entries as the queue shows (with the app's Help, f4, f5 and ^p)."""


class FloorApp(App[None]):
    """The queue screen's widgets — tabs, filter, table, status, footer — and nothing else."""

    CSS = """
    #filter { border: none; height: 1; padding: 0 1; }
    #status { height: 1; background: $panel; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(key, "noop", name) for key, name in zip("xyzuvwSq", FOOTER_KEYS, strict=True)),
        Binding("question_mark", "noop", "Help"),
        Binding("f4", "noop", "Supervisor"),
        Binding("f5", "noop", "Reports"),
    ]

    def compose(self) -> ComposeResult:
        views = ("My open", "Unassigned", "At risk", "Waiting on customer", VIEW)
        yield Tabs(*(Tab(name, id=f"view-{i}") for i, name in enumerate(views)))
        with Vertical():
            yield Input(placeholder="/ to filter", id="filter")
            yield Lines()
            yield Static(f"{VIEW}: 1/{ROWS:,}", id="status")
        yield Footer()

    def action_noop(self) -> None:
        """The footer's keys are there to be drawn."""

    def on_mount(self) -> None:
        self.theme = "textual-dark"
        self.query_one(Lines).focus()


if __name__ == "__main__":
    FloorApp().run()
