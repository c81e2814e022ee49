"""A screen shown first draws its first frame once, as soon as it can reach the terminal.

Three things Textual (8.2) does while an app starts cost the first screen time
without changing what it shows; a screen that can be the first one (the queue, the
supervisors' view) mixes :class:`StartupFrame` in and is built by
:func:`mode_screen` to avoid them:

- **Dropped frames.** The app starts inside a batch update and drops every frame
  drawn during it (``App._display`` returns early). A mode's screen is composed and
  laid out while that batch is open, and its layout asks for a frame: the compositor
  rendered the whole queue (25-60 ms), the frame was dropped, and as the compositor
  believed those regions drawn, the next frame that reached the terminal showed only
  what changed since: for 30-50 ms the agent saw two lines of the queue. A frame asked
  for during a batch is now not rendered; one whole repaint runs after it.
- **A stylesheet refresh for a screen that has no styles yet.** The first time a mode
  shows, Textual compares the screen's CSS generation (-1 for a new screen) with the
  app's and, as they differ, re-parses every CSS source and restyles the app; the
  parse caches it empties make the widgets mounted next parse them all again (about
  18 ms of the start). A screen built now is styled by the current stylesheet as
  its widgets mount, so :func:`mode_screen` marks it current.
- **Footer keys in the first frame.** See :meth:`StartupFrame.after_first_frame`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual.app import App
from textual.screen import Screen

__all__ = ["StartupFrame", "mode_screen"]

S = TypeVar("S", bound=Screen[None])


def mode_screen(screen: S, app: App[Any]) -> S:
    """``screen``, built for a mode now: its styles are those of the app's current CSS."""
    screen._css_update_count = app._css_update_count
    return screen


class StartupFrame(Screen[None]):
    """Skips frames Textual would drop; repaints in full once they can be shown."""

    _repaint_after_batch = False
    _frame_shown = False
    _after_frame: list[Callable[[], object]] | None = None

    @property
    def frame_shown(self) -> bool:
        """Whether a frame of this screen has reached the terminal."""
        return self._frame_shown

    def after_first_frame(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` once this screen's first frame is on the terminal.

        What the agent does not need to see at once waits for it. Textual's own
        footer fills its keys in after the first frame; in a batch (the app's start)
        it would fill them in before, and building 13 key widgets cost 25 ms there.
        """
        if self._frame_shown:
            self.call_after_refresh(callback)
            return
        if self._after_frame is None:
            self._after_frame = []
        self._after_frame.append(callback)

    def _compositor_refresh(self) -> None:
        if self.app._batch_count:  # the one signal there is
            if not self._repaint_after_batch:
                self._repaint_after_batch = True
                # The app's queue is read once the batch is over.
                self.app.call_next(self._repaint_whole)
            return
        super()._compositor_refresh()
        if not self._frame_shown and self.is_current:
            self._frame_shown = True
            for callback in self._after_frame or ():
                self.call_later(callback)
            self._after_frame = None

    def _repaint_whole(self) -> None:
        self._repaint_after_batch = False
        self.refresh()
