"""ViewBar: the queue's saved views, one line of names over an underline.

It looks and works like Textual's ``Tabs`` for what the queue needs — the active view
lit and underlined, a click picks a view, the screen's keys move to the next or
previous one — but it is one widget drawing two lines. ``Tabs`` is a tree of nine
(a scroll container, a row, a tab per view, an underline), each mounted and styled
before the first frame: about 20 ms of a ~300 ms start on the 100k desk.

View names come from the user's config: they are drawn as plain text, never markup,
and stripped of terminal control characters.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from api_client.sanitize import sanitize

__all__ = ["ViewBar"]

BAR = "━"
LEFT_END = "╸"
RIGHT_END = "╺"


class ViewBar(Widget):
    """The views by name; ``active`` is the shown view's id. Posts :class:`Changed`."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "view-bar--view",
        "view-bar--active",
        "view-bar--underline",
        "view-bar--highlight",
    }

    DEFAULT_CSS = """
    ViewBar {
        width: 100%;
        height: 2;
    }
    ViewBar > .view-bar--view { color: $foreground 50%; }
    ViewBar > .view-bar--active { color: $foreground; }
    ViewBar > .view-bar--underline { color: $foreground 10%; }
    ViewBar > .view-bar--highlight { color: $block-cursor-background; }
    ViewBar:ansi > .view-bar--view { text-style: dim; }
    ViewBar:ansi > .view-bar--active { text-style: bold; }
    ViewBar:ansi > .view-bar--underline { color: $border-blurred; }
    """

    active: reactive[str] = reactive("", layout=False)

    class Changed(Message):
        """Another view became active (by a click, a key or the screen)."""

        def __init__(self, view_bar: ViewBar, view_id: str) -> None:
            super().__init__()
            self.view_bar = view_bar
            self.view_id = view_id

        @property
        def control(self) -> ViewBar:
            return self.view_bar

    def __init__(self, views: Sequence[tuple[str, str]], *, id: str | None = None) -> None:
        """``views`` are (id, name) pairs in the order shown; the first is active."""
        super().__init__(id=id)
        self._views = [(view_id, sanitize(name)) for view_id, name in views]
        self.set_reactive(ViewBar.active, self._views[0][0] if self._views else "")

    @property
    def view_ids(self) -> list[str]:
        return [view_id for view_id, _ in self._views]

    def _spans(self) -> list[tuple[str, int, int]]:
        """Each view's id and the cells it covers: its name with one cell either side."""
        spans: list[tuple[str, int, int]] = []
        x = 0
        for view_id, name in self._views:
            width = len(name) + 2
            spans.append((view_id, x, x + width))
            x += width
        return spans

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if y == 0:
            return self._names(base, width)
        if y == 1:
            return self._underline(base, width)
        return Strip.blank(width, base)

    def _names(self, base: Style, width: int) -> Strip:
        plain = base + self.get_component_rich_style("view-bar--view", partial=True)
        lit = base + self.get_component_rich_style("view-bar--active", partial=True)
        segments = [
            Segment(f" {name} ", lit if view_id == self.active else plain)
            for view_id, name in self._views
        ]
        return Strip(segments).adjust_cell_length(width, base)

    def _underline(self, base: Style, width: int) -> Strip:
        rest = base + self.get_component_rich_style("view-bar--underline", partial=True)
        lit = base + self.get_component_rich_style("view-bar--highlight", partial=True)
        span = next(((s, e) for v, s, e in self._spans() if v == self.active), None)
        if span is None or span[1] > width:
            return Strip([Segment(BAR * width, rest)], width)
        start, end = span
        # Lit under the name; its padding cells end the plain bar in half bars, as
        # Textual's underline draws them.
        segments = [
            Segment(BAR * start + LEFT_END, rest),
            Segment(BAR * (end - start - 2), lit),
            Segment(RIGHT_END + BAR * (width - end), rest),
        ]
        return Strip([s for s in segments if s.text], width)

    def watch_active(self, new: str) -> None:
        self.refresh()
        self.post_message(self.Changed(self, new))

    def on_click(self, event: events.Click) -> None:
        for view_id, start, end in self._spans():
            if start <= event.x < end:
                self.active = view_id
                return

    def action_next_view(self) -> None:
        self._step(1)

    def action_previous_view(self) -> None:
        self._step(-1)

    def _step(self, delta: int) -> None:
        ids = self.view_ids
        if not ids:
            return
        at = ids.index(self.active) if self.active in ids else 0
        self.active = ids[(at + delta) % len(ids)]
