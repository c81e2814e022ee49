"""On a remote profile the console syncs the mirror in the background and says so."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest

from api_client.backend import Backend
from api_client.backends.local.desk import Desk
from api_client.http import RateBudget
from console import app as app_module
from console.app import DesksideApp
from console.core.config import Config, Profile
from console.core.db import open_store
from console.core.workspace import Workspace
from screens.queue import QueueScreen
from screens.widgets.ticket_table import TicketTable
from tests.contract.harnesses import memory_harness


async def test_the_mirror_fills_and_the_status_shows_sync_and_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeded = await memory_harness(tmp_path)
    backend = seeded.backend
    backend.budget = RateBudget()
    backend.budget.observe(
        httpx.Response(200, headers={"X-Rate-Limit": "700", "X-Rate-Limit-Remaining": "650"})
    )

    @asynccontextmanager
    async def fake_backend_for(config: Config, workspace: Workspace) -> AsyncIterator[Backend]:
        yield backend

    monkeypatch.setattr(app_module, "backend_for", fake_backend_for)
    path = tmp_path / "mirror.sqlite3"
    conn = open_store(path)
    me = Desk(conn, "contract").ensure_agent("giulia", "Giulia Rossi")
    workspace = Workspace(
        profile="contract",
        backend_name="memory",
        path=path,
        conn=conn,
        me_id=me,
        me_login="giulia",
        me_name="Giulia Rossi",
    )
    config = Config(profiles={"contract": Profile(backend="memory")})
    app = DesksideApp(workspace, config=config)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("l", "l", "l", "l")  # All
        screen = app.screen
        assert isinstance(screen, QueueScreen)
        table = screen.query_one(TicketTable)
        for _ in range(100):
            if table.total == 3 and "synced" in screen.sync_state:
                break
            await pilot.pause(0.05)
        assert table.total == 3, (
            screen.sync_state,
            [(w.name, w.state, w.error) for w in app.workers],
        )
        assert "synced" in screen.sync_state and "API 650/700" in screen.sync_state
        status = str(screen.query_one("#status").render())
        assert "API 650/700" in status
    conn.close()
