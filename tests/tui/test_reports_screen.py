"""ReportsScreen over the hand-checked desk: the numbers, tab switching and the window key."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import ContentSwitcher, Static

from api_client.models import Channel
from console.core.workspace import Workspace, open_local_workspace
from screens.reports import BAR_WIDTH, ReportsScreen
from tests.unit.test_reports import NOW, seed_desk


class ReportsApp(App[None]):
    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace

    def on_mount(self) -> None:
        self.push_screen(ReportsScreen(self.workspace))


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    ws = open_local_workspace("local", path=tmp_path / "reports.desk.sqlite3", agent_login="g")
    seed_desk(ws.conn)
    ws.clock = lambda: NOW
    yield ws
    ws.close()


def shown(screen: ReportsScreen, tab: str) -> str:
    """A tab's report as drawn, line by line."""
    body = screen.query_one(f"#report-{tab}", Static)
    return "\n".join(strip.text for strip in body.render_lines(body.region.reset_offset))


async def settle(pilot: Pilot[None]) -> ReportsScreen:
    """Wait until the screen shows the reports of its current window."""
    screen = pilot.app.screen
    assert isinstance(screen, ReportsScreen)
    for _ in range(200):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if screen.results is not None and screen.results.window == screen.window_key:
            return screen
    raise AssertionError("the reports never arrived")


async def test_reasons_tab_shows_the_numbers_and_keys_switch(workspace: Workspace) -> None:
    app = ReportsApp(workspace)
    async with app.run_test(size=(180, 50)) as pilot:
        screen = await settle(pilot)
        assert screen.window_key == "30d" and screen.current_tab == "reasons"
        assert screen.results is not None
        reasons = screen.results.reasons
        # 30 days: T0 (Nov 10) joins the hand-checked 7, as a second "payment".
        assert reasons.contacts == 8
        assert reasons.reasons.row("return_refund").contacts == 3
        assert reasons.reasons.row("payment").contacts == 2
        text = shown(screen, "reasons")
        line = next(row for row in text.splitlines() if row.lstrip().startswith("return_refund"))
        assert "37.5%" in line and "█" * BAR_WIDTH in line and "+510%" in line
        assert line.split()[-4:] == ["6m00s", "2h30m", "0.0%", "33.3%"]  # nothing cut short
        assert "All contacts: 8" in text

        await pilot.press("tab")
        assert screen.current_tab == "channels"
        assert screen.query_one(ContentSwitcher).current == "body-channels"
        assert "Contacts by language" in shown(screen, "channels")

        await pilot.press("tab")
        assert screen.current_tab == "sla"
        assert "First response and resolution by channel" in shown(screen, "sla")

        await pilot.press("w")  # 30d -> 90d, by week
        screen = await settle(pilot)
        assert screen.window_key == "90d"
        assert screen.results is not None and screen.results.window == "90d"
        assert screen.results.sla.window.by == "week"

        await pilot.press("w")  # 90d -> 7d: T0 is out again
        screen = await settle(pilot)
        assert screen.results is not None and screen.results.reasons.contacts == 7
        assert screen.results.sla.overall.within_share == 0.6

        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ReportsScreen)


async def test_languages_from_the_helpdesk_are_shown_as_text(workspace: Workspace) -> None:
    customer = workspace.desk.create_customer("Mallory")
    workspace.desk.create_ticket(
        subject="hi",
        customer_id=customer,
        channel=Channel.EMAIL,
        language="[@click=app.quit]x[/]",
        created_at=NOW - timedelta(hours=1),
    )
    app = ReportsApp(workspace)
    async with app.run_test(size=(180, 50)) as pilot:
        screen = await settle(pilot)
        await pilot.press("tab")
        assert "[@click=app.quit]x[/]" in shown(screen, "channels")
        assert app.is_running
