"""The ctrl+p palette finds tickets, views and bound actions, and shows customer text literally."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import ClassVar

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit
from textual.content import Content
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Static

from api_client.models import Channel
from console.core.lookup import TicketHit
from console.core.workspace import Workspace, open_local_workspace
from screens.palette import (
    CommandProvider,
    TicketOpener,
    TicketProvider,
    ViewProvider,
    ViewSwitcher,
    ticket_prompt,
)

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
HOSTILE_SUBJECT = "[@click=app.quit]x"
HOSTILE_NAME = "Eve [red]Mallory[/]"


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[tuple[Workspace, dict[str, int]]]:
    ws = open_local_workspace("local", path=tmp_path / "palette.sqlite3", agent_login="giulia")
    desk = ws.desk
    marco = desk.create_customer("Marco Bianchi", contacts=[(Channel.EMAIL, "marco@example.it")])
    claire = desk.create_customer("Claire Dubois", contacts=[(Channel.EMAIL, "claire@example.fr")])
    eve = desk.create_customer(HOSTILE_NAME, contacts=[(Channel.EMAIL, "eve@example.com")])
    ids = {}
    for minutes, key, subject, customer in (
        (30, "parcel", "Where is my parcel?", marco),
        (20, "refund", "Refund for a broken zipper", claire),
        (10, "hostile", HOSTILE_SUBJECT, eve),
    ):
        ids[key] = desk.create_ticket(
            subject=subject,
            customer_id=customer,
            channel=Channel.EMAIL,
            created_at=NOW - timedelta(minutes=minutes),
        )
    yield ws, ids
    ws.close()


class Poker(Static, can_focus=True):
    """A focused widget with its own binding: the palette must run it here, not on the screen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("x", "poke", "Poke the widget", id="queue.poke", tooltip="Widget-level action"),
    ]

    def __init__(self) -> None:
        super().__init__("poker")
        self.pokes = 0

    def action_poke(self) -> None:
        self.pokes += 1


class BoundScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("l", "flag", "Flag ticket", id="queue.flag", tooltip="Flag for a supervisor"),
        Binding("m", "hidden", "", id="queue.hidden"),  # no description: not a command
        Binding("n", "anonymous", "Anonymous"),  # no id: not a command
    ]

    def __init__(self) -> None:
        super().__init__()
        self.flags = 0

    def compose(self) -> ComposeResult:
        yield Poker()

    def on_mount(self) -> None:
        self.query_one(Poker).focus()

    def action_flag(self) -> None:
        self.flags += 1


class PaletteApp(App[None]):
    """Implements both palette protocols and records what the palette asked for."""

    COMMANDS = App.COMMANDS | {TicketProvider, ViewProvider, CommandProvider}

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.opened: list[int] = []
        self.shown: list[str] = []
        self.quits = 0

    def get_default_screen(self) -> Screen[None]:
        return BoundScreen()

    def open_ticket(self, ticket_id: int) -> None:
        self.opened.append(ticket_id)

    def view_names(self) -> list[str]:
        return ["My open", "At risk", "Waiting on customer"]

    def show_view(self, name: str) -> None:
        self.shown.append(name)

    async def action_quit(self) -> None:
        self.quits += 1  # a hostile subject must never get here


async def wait_for(pilot: Pilot[None], condition: Callable[[], object], seconds: float = 5) -> None:
    for _ in range(int(seconds / 0.05)):
        await pilot.pause()
        if condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("condition not reached")


def options(app: App[None]) -> list[tuple[Content, Hit | DiscoveryHit]]:
    """The palette's current list: each option's rendered prompt and its hit."""
    if not isinstance(app.screen, CommandPalette):
        return []
    command_list = app.screen.query_one(CommandList)
    result = []
    for index in range(command_list.option_count):
        option = command_list.get_option_at_index(index)
        hit = getattr(option, "hit", None)
        if isinstance(hit, Hit | DiscoveryHit) and isinstance(option.prompt, Content):
            result.append((option.prompt, hit))
    return result


async def search(
    pilot: Pilot[None], text: str, expected: str
) -> list[tuple[Content, Hit | DiscoveryHit]]:
    """Open the palette, type ``text`` and wait for a hit whose text contains ``expected``."""
    await pilot.press("ctrl+p")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, CommandPalette))
    await pilot.press(*text)
    await wait_for(pilot, lambda: any(expected in str(h.text) for _, h in options(pilot.app)))
    return options(pilot.app)


def test_the_test_app_implements_the_protocols(desk) -> None:
    app = PaletteApp(desk[0])
    assert isinstance(app, TicketOpener) and isinstance(app, ViewSwitcher)


async def test_a_customer_name_finds_and_opens_the_ticket(desk) -> None:
    workspace, ids = desk
    app = PaletteApp(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        found = await search(pilot, "claire", "Refund")
        prompt, hit = found[0]
        assert hit.text == f"#{ids['refund']} Refund for a broken zipper"
        assert prompt.plain == f"#{ids['refund']}  Refund for a broken zipper\nClaire Dubois · new"
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.opened)
        assert app.opened == [ids["refund"]]
        assert not isinstance(app.screen, CommandPalette)


async def test_a_ticket_number_and_an_email_find_the_ticket(desk) -> None:
    workspace, ids = desk
    app = PaletteApp(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        found = await search(pilot, f"#{ids['parcel']}", "parcel")
        assert found[0][1].text == f"#{ids['parcel']} Where is my parcel?"
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.opened)
        found = await search(pilot, "marco@exa", "parcel")
        await pilot.press("enter")
        await wait_for(pilot, lambda: len(app.opened) == 2)
        assert app.opened == [ids["parcel"], ids["parcel"]]


async def test_a_view_is_found_and_shown(desk) -> None:
    app = PaletteApp(desk[0])
    async with app.run_test(size=(100, 30)) as pilot:
        found = await search(pilot, "at risk", "View: At risk")
        assert found[0][1].text == "View: At risk"
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.shown)
        assert app.shown == ["At risk"]


async def test_views_and_commands_are_listed_before_typing(desk) -> None:
    app = PaletteApp(desk[0])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: len(options(app)) > 5)
        texts = {str(hit.text) for _, hit in options(app)}
        assert {"View: My open", "View: At risk", "Flag ticket", "Poke the widget"} <= texts
        assert "Anonymous" not in texts  # no id
        assert not any("queue.hidden" in prompt.plain for prompt, _ in options(app))


async def test_a_bound_action_runs_where_it_is_bound_and_shows_its_key(desk) -> None:
    app = PaletteApp(desk[0])
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, BoundScreen)
        found = await search(pilot, "flag", "Flag ticket")
        prompt = next(p for p, h in found if h.text == "Flag ticket")
        assert prompt.plain == "Flag ticket\nl · queue.flag · Flag for a supervisor"
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.flags == 1)
        # A widget's binding runs on the widget (the screen has no action_poke).
        await search(pilot, "poke", "Poke the widget")
        await pilot.press("enter")
        poker = screen.query_one(Poker)
        await wait_for(pilot, lambda: poker.pokes == 1)


async def test_a_remapped_key_is_what_the_palette_shows(desk) -> None:
    app = PaletteApp(desk[0])
    async with app.run_test(size=(100, 30)) as pilot:
        app.set_keymap({"queue.flag": "f6"})
        found = await search(pilot, "flag", "Flag ticket")
        prompt = next(p for p, h in found if h.text == "Flag ticket")
        assert prompt.plain.splitlines()[1].startswith("f6 · queue.flag")


async def test_a_hostile_subject_is_shown_literally_and_runs_nothing(desk) -> None:
    workspace, ids = desk
    app = PaletteApp(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        found = await search(pilot, "eve", HOSTILE_SUBJECT)
        prompt = next(p for p, h in found if HOSTILE_SUBJECT in str(h.text))
        assert prompt.plain == f"#{ids['hostile']}  {HOSTILE_SUBJECT}\n{HOSTILE_NAME} · new"
        styles = " ".join(str(span.style) for span in prompt.spans)
        assert "@click" not in styles and "red" not in styles
        # What is on screen is the literal text too.
        command_list = app.screen.query_one(CommandList)
        lines = [
            strip.text for strip in command_list.render_lines(command_list.region.reset_offset)
        ]
        row = next(y for y, line in enumerate(lines) if HOSTILE_SUBJECT in line)
        assert HOSTILE_NAME in lines[row + 1]
        # Clicking on the subject chooses the ticket; it does not run the "action" in it.
        column = lines[row].index(HOSTILE_SUBJECT)
        await pilot.click(CommandList, offset=(column, row))
        await wait_for(pilot, lambda: app.opened)
        assert app.opened == [ids["hostile"]]
        await pilot.pause()
        assert app.quits == 0 and app.is_running


async def test_typing_the_markup_itself_finds_the_ticket_without_running_it(desk) -> None:
    workspace, ids = desk
    app = PaletteApp(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await search(pilot, HOSTILE_SUBJECT, HOSTILE_SUBJECT)
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.opened)
        assert app.opened == [ids["hostile"]] and app.quits == 0


async def test_without_the_protocols_the_providers_stay_quiet(tmp_path: Path) -> None:
    class Bare(App[None]):
        COMMANDS = App.COMMANDS | {TicketProvider, ViewProvider}

    app = Bare()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p", *"quit")
        await wait_for(pilot, lambda: any(h.text == "Quit" for _, h in options(app)))
        assert all(not str(h.text).startswith(("#", "View:")) for _, h in options(app))


@given(subject=st.text(max_size=60), customer=st.text(max_size=30), query=st.text(max_size=30))
def test_a_ticket_prompt_is_always_literal(subject: str, customer: str, query: str) -> None:
    hit = TicketHit(id=1, number="1", subject=subject, customer=customer, status="open")
    prompt = ticket_prompt(hit, query)
    assert prompt.plain == Content(f"#1  {subject}\n{customer} · open").plain
    assert all(str(span.style) in ("bold", "dim", "reverse") for span in prompt.spans)
