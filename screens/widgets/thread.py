"""Thread: a ticket's messages, newest at the bottom, built only as far as the agent looks.

Building a Textual widget per message (styles, layout, wrapping) is what made opening
a ticket slow, and most of a long thread is never looked at. The thread keeps every
message as a :class:`ThreadItem` but gives views only to the newest ones that fill
the screen; older ones get theirs when the agent scrolls to the top (or presses
``home``, which builds them all), with the view kept on the same messages. Showing
another ticket reuses the views already built; showing the same ticket again (a live
update, a send) updates the views in place and appends new ones: nothing is remounted.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.containers import VerticalScroll

from screens.widgets.message_view import MessageView, ThreadItem

__all__ = ["Thread"]

OLDER_BATCH = 8
"""Older messages given views at a time when the agent scrolls to the top."""

NEAR_TOP = 2
"""Lines from the top at which older messages are built."""


class Thread(VerticalScroll):
    """The messages of one ticket. Give it the items with :meth:`show`."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._items: list[ThreadItem] = []
        self._hidden = 0
        """How many of the oldest items have no view yet."""
        self._views: dict[str, MessageView] = {}
        self._ticket: object = None
        self._expand_all = False
        self._building = False

    def on_mount(self) -> None:
        self.watch(self, "scroll_y", self._scrolled, init=False)

    # -- what is shown ----------------------------------------------------------------------

    @property
    def hidden(self) -> int:
        """Older messages not built yet (the agent has not scrolled up to them)."""
        return self._hidden

    @property
    def items(self) -> list[ThreadItem]:
        return list(self._items)

    def views(self) -> list[MessageView]:
        """The views built so far, oldest first."""
        return [child for child in self.children if isinstance(child, MessageView)]

    async def show(self, items: Sequence[ThreadItem], *, ticket: object) -> None:
        """Show ``ticket``'s items: from the newest if it is another ticket, else in place."""
        if ticket != self._ticket or not self._views:
            self._ticket = ticket
            await self._replace(list(items))
        else:
            await self._update(list(items))

    def forget(self) -> None:
        """Make the next :meth:`show` an opening (from the newest, all folded), even of the
        same ticket: the views stay, to be reused."""
        self._ticket = None

    def expand_all(self, expand: bool) -> None:
        """Show every message whole (or folded again), those built later too."""
        self._expand_all = expand
        for view in self._views.values():
            view.expanded = expand

    async def reveal_all(self) -> None:
        """Build the views of every older message (before jumping to the top)."""
        await self._build_older(self._hidden)

    # -- building views ---------------------------------------------------------------------

    async def _replace(self, items: list[ThreadItem]) -> None:
        self._items = items
        self._expand_all = False
        shown = items[len(items) - self._fitting(items) :]
        self._hidden = len(items) - len(shown)
        reused = self.views()
        for view, item in zip(reused, shown, strict=False):
            view.show(item)
            view.expanded = False
        if len(reused) > len(shown):
            await self.remove_children(reused[len(shown) :])
        fresh = [MessageView(item) for item in shown[len(reused) :]]
        if fresh:
            await self.mount_all(fresh)
        self._views = {view.item.key: view for view in self.views()}
        self.to_newest()

    def to_newest(self) -> None:
        """Scroll to the newest message once laid out (again when a hidden screen is shown:
        a screen that is not shown is not laid out)."""
        self.scroll_end(animate=False)
        self.call_after_refresh(self._fill)

    def _fill(self) -> None:
        """Build older messages when those built do not reach above the top of the view."""
        self._scrolled(self.scroll_y)

    def _fitting(self, items: list[ThreadItem]) -> int:
        """How many of the newest items fill the thread's height (one more, for margin)."""
        height = self.size.height or self.app.size.height
        width = self.size.width or self.app.size.width
        lines = 0
        for count, item in enumerate(reversed(items), start=1):
            lines += item.lines(width)
            if lines > height:
                return count
        return len(items)

    async def _update(self, items: list[ThreadItem]) -> None:
        keys = {item.key for item in items}
        gone = [view for key, view in self._views.items() if key not in keys]
        if gone:
            await self.remove_children(gone)
        views = {key: view for key, view in self._views.items() if key in keys}
        first = next((n for n, item in enumerate(items) if item.key in views), None)
        if first is None:
            await self._replace(items)
            return
        at_end = self.scroll_y >= self.max_scroll_y - 1
        self._items = items
        self._hidden = first
        last: MessageView | None = None
        added = False
        for item in items[first:]:
            view = views.get(item.key)
            if view is not None:
                view.show(item)
            else:
                view = MessageView(item, expanded=self._expand_all)
                await self.mount(view, after=last)
                views[item.key] = view
                added = True
            last = view
        self._views = views
        if added and at_end:
            self.scroll_end(animate=False)

    def _scrolled(self, y: float) -> None:
        if self._hidden and y <= NEAR_TOP and not self._building:
            self.call_later(self._build_older, OLDER_BATCH)

    async def _build_older(self, count: int) -> None:
        if not self._hidden or self._building:
            return
        self._building = True  # until the view is back in place (_keep_place)
        start = max(0, self._hidden - count)
        older = [
            MessageView(item, expanded=self._expand_all)
            for item in self._items[start : self._hidden]
        ]
        height = self.virtual_size.height
        views = self.views()
        if views:
            await self.mount_all(older, before=views[0])
        else:
            await self.mount_all(older)
        self._hidden = start
        self._views.update((view.item.key, view) for view in older)
        self.call_after_refresh(self._keep_place, height)

    async def _keep_place(self, height_before: int) -> None:
        """After older views appear above, scroll by their height: the same messages stay."""
        self._building = False
        grown = self.virtual_size.height - height_before
        if grown > 0:
            await self.stop_animation("scroll_y", complete=False)
            self.scroll_to(y=self.scroll_y + grown, animate=False, immediate=True)
        self.call_after_refresh(self._fill)

    def action_scroll_home(self) -> None:
        self.call_later(self._to_first)

    async def _to_first(self) -> None:
        await self.reveal_all()
        self.call_after_refresh(self.scroll_home, animate=False)
