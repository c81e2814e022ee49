"""Snapshot fixtures: a seeded desk, a frozen clock, a fixed theme, no cursor blink."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from console.app import DesksideApp
from console.core.insights import default_insights
from console.core.insights.indexer import index_pending
from console.core.workspace import Workspace, open_local_workspace
from tests.tui.conftest import NOW, seed


@pytest.fixture
def frozen_workspace(tmp_path: Path) -> Iterator[Workspace]:
    ws = open_local_workspace("local", path=tmp_path / "snap.desk.sqlite3", agent_login="giulia")
    seed(ws.desk, 60, ws.me_id)
    index_pending(ws.conn, default_insights())  # analysed before the first frame
    ws.clock = lambda: NOW
    yield ws
    ws.close()


class SnapshotApp(DesksideApp):
    """The real app with nothing that moves: fixed theme, frozen clock, no blinking."""

    def __init__(self, workspace: Workspace) -> None:
        super().__init__(workspace, theme="textual-dark")


@pytest.fixture
def snapshot_app(frozen_workspace: Workspace) -> SnapshotApp:
    return SnapshotApp(frozen_workspace)
