"""The garbage collector waits while the console starts, and only then."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from console import cli, gc_hold


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    was_enabled = gc.isenabled()
    yield
    gc_hold.release(freeze=False)
    if was_enabled:
        gc.enable()
    else:
        gc.disable()


def test_hold_stops_collection_until_release() -> None:
    gc.enable()
    gc_hold.hold()
    assert not gc.isenabled()
    assert gc_hold.held()
    gc_hold.release(freeze=False)
    assert gc.isenabled()
    assert not gc_hold.held()
    gc_hold.release(freeze=False)  # again: nothing to give back
    assert gc.isenabled()


def test_a_collector_stopped_by_someone_else_stays_stopped() -> None:
    gc.disable()
    gc_hold.hold()
    assert not gc_hold.held()
    gc_hold.release(freeze=False)
    assert not gc.isenabled()


def test_other_commands_get_the_collector_back_before_they_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import console.commands.outbox as outbox_command

    gc.enable()
    seen: list[bool] = []
    original = outbox_command.list_command

    def handle(args: object) -> int:
        seen.append(gc.isenabled())
        return int(original(args))  # type: ignore[arg-type]

    monkeypatch.setattr(outbox_command, "list_command", handle)
    assert cli.main(["outbox"]) == 0
    assert seen == [True]
    assert gc.isenabled()


def test_the_console_starts_with_the_collector_held_and_gives_it_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`deskside run` builds the app with collection held; after the app, it is back."""
    from console.app import DesksideApp

    gc.enable()
    during: list[tuple[bool, bool]] = []

    def run(self: DesksideApp) -> None:
        during.append((gc.isenabled(), gc_hold.held()))

    monkeypatch.setattr(DesksideApp, "run", run)
    assert cli.main(["run", "--no-seed"]) == 0
    assert during == [(False, True)]
    assert gc.isenabled()
    assert not gc_hold.held()


async def test_the_app_gives_the_collector_back_at_its_first_frame(tmp_path: object) -> None:
    from pathlib import Path

    from console.app import DesksideApp
    from console.core.workspace import open_local_workspace

    assert isinstance(tmp_path, Path)
    workspace = open_local_workspace("local", path=tmp_path / "desk.sqlite3", agent_login="giulia")
    gc.enable()
    gc_hold.hold()
    try:
        app = DesksideApp(workspace)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert gc.isenabled()
            assert not gc_hold.held()
    finally:
        workspace.close()
