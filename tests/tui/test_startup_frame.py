"""The first screen is drawn once, when its frame can reach the terminal.

Textual drops every frame drawn while the app starts (inside its batch update), and
the compositor then believes those regions are on the terminal: the first frame
shown used to be two lines of the queue. No frame may be rendered during the batch,
and the first one rendered must be the whole screen.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual._compositor import Compositor, LayoutUpdate
from textual._context import active_app

from console.app import DesksideApp
from console.core.workspace import Workspace


@pytest.mark.parametrize("supervisor", [False, True], ids=["queue", "supervisor"])
async def test_no_frame_is_drawn_to_be_dropped_and_the_first_is_whole(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, supervisor: bool
) -> None:
    frames: list[tuple[bool, str]] = []
    render_update = Compositor.render_update

    def spy(self: Compositor, *args: Any, **kwargs: Any) -> Any:
        update = render_update(self, *args, **kwargs)
        if update is not None:
            batched = bool(active_app.get()._batch_count)
            frames.append((batched, "whole" if isinstance(update, LayoutUpdate) else "part"))
        return update

    monkeypatch.setattr(Compositor, "render_update", spy)
    app = DesksideApp(workspace, supervisor=supervisor)
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.pause()
    assert frames, "nothing was drawn"
    assert [batched for batched, _ in frames if batched] == []
    assert frames[0] == (False, "whole")


async def test_the_filter_field_takes_its_placeholder_s_place_after_the_first_frame(
    workspace: Workspace,
) -> None:
    from textual.widgets import Input

    app = DesksideApp(workspace)
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert not screen.query("#filter-hint")
        assert screen.query_one("#filter", Input).placeholder.startswith("/ to filter")


async def test_slash_before_the_field_is_in_place_still_filters(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An agent quicker than the first frame: `/` puts the field in place at once."""
    from screens.queue import QueueScreen
    from screens.startup_frame import StartupFrame

    monkeypatch.setattr(StartupFrame, "after_first_frame", lambda self, callback: None)
    app = DesksideApp(workspace)
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QueueScreen)
        assert screen.query("#filter-hint") and not screen.query("#filter")
        await pilot.press("slash", *"lang:it", "enter")
        await pilot.pause()
        assert screen.filter_text == "lang:it"
        assert not screen.query("#filter-hint")
        assert "filter: lang:it" in str(screen.query_one("#status").render())


async def test_the_first_mode_screen_costs_no_whole_stylesheet_refresh(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """mode_screen() marks a new screen current: Textual re-parses no CSS for it."""
    refreshes: list[int] = []
    refresh_css = DesksideApp.refresh_css

    def spy(self: DesksideApp, animate: bool = True) -> None:
        refreshes.append(1)
        refresh_css(self, animate=animate)

    monkeypatch.setattr(DesksideApp, "refresh_css", spy)
    app = DesksideApp(workspace, theme="textual-dark")  # Textual's default: no change
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.pause()
        assert refreshes == []
        app.theme = "textual-light"  # a real change still refreshes
        await pilot.pause()
        assert refreshes
