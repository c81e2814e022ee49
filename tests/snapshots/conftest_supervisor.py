"""A harness for the supervisor screen: the hand-checked desk, a frozen clock, a fixed theme.

The supervisor screen is not wired into ``DesksideApp`` by its own change (the
lead wires it), so these tests run it in a small app that records what the screen
asks of the app: tickets to open, writes queued, quitting.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from textual.app import App
from textual.pilot import Pilot

from console.core.db import open_store
from console.core.workspace import Workspace, open_local_workspace
from screens.field_actions import FieldActions
from screens.supervisor import SupervisorScreen
from tests.supervisor_desk import NOW, Hand, build_desk

__all__ = ["SupervisorTestApp", "hand_workspace", "until"]


def hand_workspace(
    path: Path, *, clock: Callable[[], datetime] = lambda: NOW
) -> tuple[Workspace, Hand]:
    """The hand-checked desk at ``path``, opened as giulia with the given clock."""
    conn = open_store(path)
    hand = build_desk(conn)
    conn.close()
    workspace = open_local_workspace("local", path=path, agent_login="giulia")
    workspace.clock = clock
    return workspace, hand


class SupervisorTestApp(App[None]):
    """Shows one :class:`SupervisorScreen` and records the messages it sends up."""

    def __init__(self, workspace: Workspace, **options: Any) -> None:
        super().__init__()
        self.workspace = workspace
        self.options = options
        self.opened: list[tuple[int, bool]] = []
        self.changed = 0
        self.quit_requested = 0

    def on_mount(self) -> None:
        self.theme = "textual-dark"
        self.push_screen(SupervisorScreen(self.workspace, **self.options))

    @property
    def supervisor(self) -> SupervisorScreen:
        screen = next(s for s in self.screen_stack if isinstance(s, SupervisorScreen))
        return screen

    def on_supervisor_screen_open_ticket(self, message: SupervisorScreen.OpenTicket) -> None:
        self.opened.append((message.ticket_id, message.read_only))

    def on_supervisor_screen_quit_requested(self, message: SupervisorScreen.QuitRequested) -> None:
        self.quit_requested += 1

    def on_field_actions_changed(self, message: FieldActions.Changed) -> None:
        self.changed += 1


async def until(pilot: Pilot[Any], condition: Callable[[], bool], within: float = 3.0) -> float:
    """Let the app run until ``condition`` holds; returns the seconds it took."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > within:
            raise AssertionError(f"not within {within} s")
        await pilot.pause(0.02)
    return time.monotonic() - started
