"""The first frame shows the queue's rows; what it does not need starts after it.

Start-up reads the first view once, and the macro library, delivery and analysis
start only once the first frame is up — and do start, so nothing is left undone.
"""

from __future__ import annotations

import pytest

from console.app import DesksideApp
from console.core import paths
from console.core.config import Config, Profile
from console.core.queue import QueueRow, QueueSource
from console.core.workspace import Workspace
from screens.queue import QueueScreen
from screens.widgets.ticket_table import TicketTable


async def test_the_first_view_is_read_once_at_start(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages: list[int] = []
    original = QueueSource.page

    def counted(
        self: QueueSource, offset: int, limit: int, *, total: int | None = None
    ) -> list[QueueRow]:
        pages.append(offset)
        return original(self, offset, limit, total=total)

    monkeypatch.setattr(QueueSource, "page", counted)
    app = DesksideApp(workspace)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QueueScreen)
        assert screen.current_view == "My open" and screen.query_one(TicketTable).total == 30
        # One page covers the screen: the tabs activating their first tab does not
        # read the view again.
        assert len(pages) == 1
        await pilot.press("tab")  # another view is still read when chosen
        await pilot.pause()
        assert screen.current_view == "Unassigned" and len(pages) == 2


def _installed_macros() -> list[str]:
    return sorted(path.name for path in (paths.config_dir() / "macros").glob("*.toml"))


async def test_macros_and_delivery_start_once_the_queue_is_up(workspace: Workspace) -> None:
    assert _installed_macros() == []
    config = Config(profiles={"local": Profile(backend="local")})
    app = DesksideApp(workspace, config=config, install_macros=True)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, QueueScreen)
        for _ in range(100):
            if _installed_macros() and any(w.group == "outbox" for w in app.workers):
                break
            await pilot.pause(0.05)
        assert _installed_macros(), "the starter macros are installed"
        assert any(w.group == "outbox" for w in app.workers), "the deliverer runs"


async def test_without_install_macros_nothing_is_written(workspace: Workspace) -> None:
    app = DesksideApp(workspace)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
    assert _installed_macros() == []
