"""What the login screen looks like, frozen: the empty form over the queue."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input

from tests.snapshots.conftest import SnapshotApp


async def _empty_form(pilot: Pilot[None]) -> None:
    await pilot.press("f6")
    await pilot.pause()
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


def test_login_empty_form(snap_compare, snapshot_app: SnapshotApp) -> None:
    assert snap_compare(snapshot_app, terminal_size=(100, 32), run_before=_empty_form)
