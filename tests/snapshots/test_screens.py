"""What the screens look like, frozen: queue, ticket with customer pane, composer, help."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from tests.snapshots.conftest import SnapshotApp


async def _still(pilot: Pilot[None]) -> None:
    for editor in pilot.app.screen.query(TextArea):
        editor.cursor_blink = False
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


def test_queue_wide(snap_compare, snapshot_app: SnapshotApp) -> None:
    assert snap_compare(snapshot_app, terminal_size=(120, 40), run_before=_still)


def test_queue_narrow(snap_compare, snapshot_app: SnapshotApp) -> None:
    assert snap_compare(snapshot_app, terminal_size=(80, 24), press=["l", "l", "l", "l"])


def test_ticket_with_customer_pane(snap_compare, snapshot_app: SnapshotApp) -> None:
    assert snap_compare(snapshot_app, terminal_size=(120, 40), press=["enter"], run_before=_still)


def test_composer(snap_compare, snapshot_app: SnapshotApp) -> None:
    async def compose(pilot: Pilot[None]) -> None:
        await pilot.press("enter", "R", *"Buongiorno, verifico subito.", "ctrl+g")
        await _still(pilot)

    assert snap_compare(snapshot_app, terminal_size=(120, 40), run_before=compose)


def test_help(snap_compare, snapshot_app: SnapshotApp) -> None:
    assert snap_compare(snapshot_app, terminal_size=(80, 24), press=["question_mark"])
