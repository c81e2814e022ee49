"""Export the README's screenshots with the app itself (SVG), from a fixed demo desk.

Run with ``.venv/bin/python scripts/screenshots.py``: builds a 2,000-ticket demo desk
(seed 7) in a temporary folder, freezes the clock at the moment it was built, drives
the real app with Pilot and writes docs/screens/*.svg.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

from textual.pilot import Pilot

OUT = Path(__file__).resolve().parents[1] / "docs" / "screens"
NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)


async def _shoot(
    name: str, size: tuple[int, int], steps: Callable[[Pilot[None]], Awaitable[None]]
) -> None:
    from api_client.backends.local.demo import build_demo
    from console.app import DesksideApp
    from console.core.insights import default_insights
    from console.core.insights.indexer import index_pending
    from console.core.workspace import open_local_workspace

    with tempfile.TemporaryDirectory() as folder:
        workspace = open_local_workspace(
            "local",
            path=Path(folder) / "demo.sqlite3",
            agent_login="giulia",
            agent_name="Giulia Rossi",
        )
        build_demo(workspace.conn, tickets=2000, seed=7, now=NOW, me="giulia")
        index_pending(workspace.conn, default_insights())
        workspace.clock = lambda: NOW
        app = DesksideApp(workspace, theme="textual-dark")
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await steps(pilot)
            await pilot.pause(0.5)
            (OUT / f"{name}.svg").write_text(app.export_screenshot(title="deskside"), "utf-8")
        workspace.close()
    print(f"wrote {OUT / name}.svg")


async def login_form(pilot: Pilot[None]) -> None:
    await pilot.press("f6")
    await pilot.pause()
    for field in pilot.app.screen.query("Input"):
        field.cursor_blink = False  # type: ignore[attr-defined]


async def main() -> None:
    os.environ.setdefault("DESKSIDE_CONFIG_DIR", tempfile.mkdtemp())
    OUT.mkdir(parents=True, exist_ok=True)

    async def queue(pilot: Pilot[None]) -> None:
        return None

    async def filtered(pilot: Pilot[None]) -> None:
        await pilot.press(
            "l", "l", "l", "l", "slash", *"lang:it status:active reason:return", "enter"
        )

    async def ticket(pilot: Pilot[None]) -> None:
        await pilot.press("l", "l", "l", "l", "slash", *"mood:angry", "enter", "enter")

    async def reply(pilot: Pilot[None]) -> None:
        await pilot.press(
            "enter",
            "R",
            *"Buongiorno, mi dispiace per l'attesa: verifico subito con il corriere.",
            "ctrl+g",
        )

    async def help_screen(pilot: Pilot[None]) -> None:
        await pilot.press("question_mark")

    async def supervisor(pilot: Pilot[None]) -> None:
        await pilot.press("f4")
        await pilot.pause(1.0)

    await _shoot("queue", (120, 36), queue)
    await _shoot("filter", (120, 30), filtered)
    await _shoot("ticket", (130, 40), ticket)
    await _shoot("composer", (130, 40), reply)
    await _shoot("help", (100, 30), help_screen)
    await _shoot("supervisor", (130, 40), supervisor)
    await _shoot("login", (100, 32), login_form)


if __name__ == "__main__":
    asyncio.run(main())
