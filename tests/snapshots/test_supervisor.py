"""What the supervisor dashboard looks like, frozen: wide, narrow, and as a wallboard.

The hand-checked desk (:mod:`tests.supervisor_desk`) at a frozen 09:00, the
``textual-dark`` theme, and nothing that blinks; each snapshot is taken once the
worker has delivered the first numbers.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from console.core.workspace import Workspace
from tests.snapshots.conftest_supervisor import SupervisorTestApp, hand_workspace, until


@pytest.fixture
def hand_desk(tmp_path: Path) -> Iterator[Workspace]:
    workspace, _ = hand_workspace(tmp_path / "snap.desk.sqlite3")
    yield workspace
    workspace.close()


async def _counted(pilot: Pilot[Any]) -> None:
    app = pilot.app
    assert isinstance(app, SupervisorTestApp)
    await until(pilot, lambda: app.supervisor.generation >= 1)
    await pilot.pause()


def test_supervisor_wide(snap_compare: Any, hand_desk: Workspace) -> None:
    app = SupervisorTestApp(hand_desk, allow_actions=True)
    assert snap_compare(app, terminal_size=(120, 40), run_before=_counted)


def test_supervisor_narrow(snap_compare: Any, hand_desk: Workspace) -> None:
    app = SupervisorTestApp(hand_desk)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_counted)


def test_wallboard(snap_compare: Any, hand_desk: Workspace) -> None:
    app = SupervisorTestApp(hand_desk, wallboard=True)
    assert snap_compare(app, terminal_size=(120, 40), run_before=_counted)
