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
