"""A screen shown first draws its first frame once, when it can reach the terminal.

Textual (8.2) starts an app inside a batch update and drops every frame drawn during
it (``App._display`` returns early). A mode's screen is composed and laid out while
that batch is still open, and its layout asks for a frame: the compositor renders the
whole screen (for the queue, 25-60 ms of the start), the frame is dropped, and as the
compositor thinks it drew those regions, the next frame that does reach the terminal
shows only what changed since: for 30-50 ms the agent saw two lines of the queue.

Screens that can be the first one (the queue, the supervisors' view) mix this in: a
frame asked for during a batch is not rendered; the screen asks for a whole repaint
instead, which runs once the app's message loop is going, after the batch.
"""

from __future__ import annotations

from textual.screen import Screen

__all__ = ["StartupFrame"]


class StartupFrame(Screen[None]):
    """Skips frames Textual would drop; repaints in full once they can be shown."""

    _repaint_after_batch = False

    def _compositor_refresh(self) -> None:
        if self.app._batch_count:  # the one signal there is
            if not self._repaint_after_batch:
                self._repaint_after_batch = True
                # The app's queue is read once the batch is over.
                self.app.call_next(self._repaint_whole)
            return
        super()._compositor_refresh()

    def _repaint_whole(self) -> None:
        self._repaint_after_batch = False
        self.refresh()
