"""SteadyFooter: Textual's Footer that rebuilds its keys only when they change.

Textual's Footer throws away and recomposes every key widget whenever the screen's
bindings *may* have changed: each focus change and each time a screen comes back.
Building and styling those widgets took ~100 ms of every open ticket / back to the
queue, although the keys shown were the same. This footer remembers what it drew
(key, label, enabled, tooltip, in order) and recomposes only when that differs.
On a screen's first frame at start-up the keys come one frame after the screen, as
they do with Textual's footer outside a batch (:mod:`screens.startup_frame`).
"""

from __future__ import annotations

from collections.abc import Hashable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.widgets import Footer

from screens.startup_frame import StartupFrame

if TYPE_CHECKING:
    from textual.screen import Screen

__all__ = ["SteadyFooter"]


class SteadyFooter(Footer):
    """A footer that keeps its key widgets while the screen's shown bindings stay the same."""

    def __init__(self) -> None:
        super().__init__()
        self._drawn: tuple[Hashable, ...] | None = None

    def _shown(self, screen: Screen[Any]) -> tuple[Hashable, ...]:
        """What the footer draws from ``screen``'s bindings now."""
        app = screen.app
        return (
            self.compact,
            self.show_command_palette,
            *(
                (
                    key,
                    binding.action,
                    binding.description,
                    app.get_key_display(binding),
                    binding.group,
                    enabled,
                    tooltip,
                )
                for key, (_, binding, enabled, tooltip) in screen.active_bindings.items()
                if binding.show or key == app.COMMAND_PALETTE_BINDING
            ),
        )

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._drawn = self._shown(self.screen)
        yield from super().compose()

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if isinstance(screen, StartupFrame) and not screen.frame_shown:
            # As Textual's footer does outside a batch: the keys come after the screen.
            # (Called through the footer: its keys bind to it as they are composed.)
            screen.after_first_frame(partial(self.call_later, self.bindings_changed, screen))
            return
        if (
            self._drawn is not None
            and self.is_attached
            and screen is self.screen
            and self._shown(screen) == self._drawn
        ):
            return
        super().bindings_changed(screen)
