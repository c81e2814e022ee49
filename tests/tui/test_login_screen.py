"""The login screen verifies through the core login and saves only what the CLI would.

Echo Desk (``tests/echo_desk.py``) stands in for a helpdesk plugin, answering
who-am-I through an ``httpx.MockTransport``; the keyring is the in-memory one
``tests/conftest.py`` installs, and the config directory is a temporary one.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator

import httpx
import pytest
from keyring.backends.fail import Keyring as FailKeyring
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Button, Checkbox, Input, Label, LoadingIndicator, Static

from api_client import registry
from api_client.backend import BackendOption
from api_client.http import RetryPolicy, RetryTransport
from console.app import DesksideApp
from console.cli import main
from console.core.config import Config, Profile, load_config, save_config
from console.core.drafts import DraftStore
from console.core.paths import config_file
from console.core.secrets import SecretStore
from console.core.workspace import Workspace
from screens.help import HelpScreen, help_rows
from screens.login import LoginDone, LoginScreen
from screens.modals import ConfirmModal
from tests.echo_desk import EMAIL, TOKEN, EchoDesk, echo_handler, register_echodesk
from tests.memory_keyring import MemoryKeyring
from tests.tui.test_palette import search, wait_for

WRONG = "wrong-token-5e4d3c"


@pytest.fixture(autouse=True)
def echodesk(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    register_echodesk(monkeypatch)
    yield


class Requests:
    """A MockTransport handler that remembers what was asked."""

    def __init__(self) -> None:
        self.seen: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        return echo_handler(request)


class LoginHost(App[None]):
    """Opens the login screen over an empty app and keeps what it dismissed with."""

    def __init__(self, screen: LoginScreen) -> None:
        super().__init__()
        self.login_screen = screen
        self.results: list[LoginDone | None] = []

    def on_mount(self) -> None:
        self.push_screen(self.login_screen, self.results.append)


def _host(requests: Requests, **kwargs: object) -> LoginHost:
    return LoginHost(LoginScreen(transport=httpx.MockTransport(requests), **kwargs))  # type: ignore[arg-type]


async def _fill(pilot: Pilot[None], token: str | None = TOKEN, **values: str) -> None:
    """Type the answers (the token key by key into its password field)."""
    screen = pilot.app.screen
    for name, value in {"subdomain": "acme", "email": EMAIL, **values}.items():
        screen.query_one(f"#option-{name}", Input).value = value
    if token is not None:
        screen.query_one("#option-token", Input).focus()
        await pilot.press(*token)


async def _submit(pilot: Pilot[None]) -> None:
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _status(screen: LoginScreen) -> str:
    return str(screen.query_one("#status", Static).content)


def _written() -> str:
    return config_file().read_text(encoding="utf-8") if config_file().exists() else ""


async def test_a_verified_login_keeps_the_token_in_the_keyring_and_the_rest_in_the_profile(
    memory_keyring: MemoryKeyring, capsys: pytest.CaptureFixture[str]
) -> None:
    requests = Requests()
    app = _host(requests)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = app.login_screen
        assert screen.query_one("#profile", Input).value == "echodesk"  # the default name
        await _fill(pilot)
        await _submit(pilot)
        assert len(requests.seen) == 1
        assert memory_keyring.passwords == {("deskside", "echodesk:token"): TOKEN}
        profile = load_config().profiles["echodesk"]
        assert profile.backend == "echodesk" and profile.token_env is None
        assert profile.options == {"subdomain": "acme", "email": EMAIL}
        assert TOKEN not in _written()
        done = str(screen.query_one("#done", Static).content)
        assert "Logged in to profile echodesk as Giulia Rossi" in done
        assert "deskside --profile echodesk" in done and "now the default" in done
        assert screen.query_one("#option-token", Input).value == ""  # not kept in the form
        assert TOKEN not in app.export_screenshot()
        assert screen.query_one("#open", Button).has_focus  # "Open it now" is offered
        await pilot.press("escape")  # or close and stay
        await pilot.pause()
    assert app.results == [LoginDone("echodesk", "Giulia Rossi", None)]
    assert main(["profiles", "--json"]) == 0
    listed = {row["name"]: row for row in json.loads(capsys.readouterr().out)}
    assert listed["echodesk"]["secrets"] == {"token": "keyring"} and listed["echodesk"]["default"]


async def test_a_refused_token_is_shown_in_the_form_and_nothing_is_written(
    memory_keyring: MemoryKeyring,
) -> None:
    requests = Requests()
    app = _host(requests)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = app.login_screen
        await _fill(pilot, token=WRONG)
        await _submit(pilot)
        assert len(requests.seen) == 1
        status = _status(screen)
        assert "Echo Desk refused the credentials" in status and "Nothing was saved" in status
        assert WRONG not in status and WRONG not in app.export_screenshot()
        assert not screen.query_one("#form").disabled  # ready to correct and try again
        assert screen.query_one(LoadingIndicator).has_class("-hidden")
    assert memory_keyring.passwords == {}
    assert not config_file().exists()


async def test_without_a_keyring_it_suggests_the_variable_asks_nobody_and_writes_nothing() -> None:
    requests = Requests()
    app = _host(requests, store=SecretStore(FailKeyring()))
    async with app.run_test(size=(100, 40)) as pilot:
        screen = app.login_screen
        await _fill(pilot)
        await _submit(pilot)
        status = _status(screen)
        assert "no usable OS keyring" in status and "nothing was saved" in status
        assert "Read the token from an environment variable" in status
        assert TOKEN not in status and TOKEN not in app.export_screenshot()
    assert requests.seen == []  # found out before the helpdesk was asked
    assert not config_file().exists()


async def test_the_token_can_come_from_an_environment_variable(
    memory_keyring: MemoryKeyring,
) -> None:
    requests = Requests()
    app = _host(requests, environ={"ECHO_TOKEN": TOKEN})
    async with app.run_test(size=(100, 40)) as pilot:
        screen = app.login_screen
        await _fill(pilot, token=None)
        screen.query_one("#profile", Input).value = "acme"
        screen.query_one("#use-token-env", Checkbox).value = True
        await pilot.pause()
        assert not screen.query_one("#option-token", Input).display  # no token to type
        variable = screen.query_one("#token-env", Input)
        assert variable.display and variable.has_focus
        await pilot.press(*"UNSET_VAR")
        await _submit(pilot)
        error = str(screen.query_one("#error-token_env", Static).content)
        assert "$UNSET_VAR is not set" in error and requests.seen == []
        variable.value = "ECHO_TOKEN"
        await _submit(pilot)
        assert "reads it from $ECHO_TOKEN" in str(screen.query_one("#done", Static).content)
        await pilot.press("enter")  # Open it now
        await pilot.pause()
    assert app.results == [LoginDone("acme", "Giulia Rossi", "ECHO_TOKEN", open_now=True)]
    profile = load_config().profiles["acme"]
    assert profile.token_env == "ECHO_TOKEN" and profile.options["subdomain"] == "acme"
    assert memory_keyring.passwords == {} and TOKEN not in _written()


async def test_a_missing_answer_is_marked_at_its_field_before_anything_is_asked() -> None:
    requests = Requests()
    app = _host(requests)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = app.login_screen
        await _fill(pilot, subdomain="")
        await _submit(pilot)
        error = str(screen.query_one("#error-subdomain", Static).content)
        assert error == "Subdomain (or Base URL) is required."
        assert screen.query_one("#option-subdomain", Input).has_focus
        screen.query_one("#profile", Input).value = "local"
        screen.query_one("#option-subdomain", Input).value = "acme"
        await _submit(pilot)
        assert "not a usable profile name" in str(
            screen.query_one("#error-profile", Static).content
        )
    assert requests.seen == [] and not config_file().exists()


async def test_a_timeout_is_reported_in_the_form() -> None:
    def no_answer(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectTimeout("timed out", request=request)

    transport = RetryTransport(httpx.MockTransport(no_answer), policy=RetryPolicy(max_attempts=1))
    app = LoginHost(LoginScreen(transport=transport))
    async with app.run_test(size=(100, 40)) as pilot:
        await _fill(pilot)
        await _submit(pilot)
        status = _status(app.login_screen)
        assert "Echo Desk: could not verify the login" in status and "Nothing was saved" in status
        assert "connecting timed out" in status
    assert not config_file().exists()


async def test_escape_while_checking_abandons_the_login_without_saving(
    memory_keyring: MemoryKeyring,
) -> None:
    asked = asyncio.Event()

    async def never_answers(request: httpx.Request) -> httpx.Response:
        asked.set()
        await asyncio.Event().wait()
        raise AssertionError("unreachable")

    app = LoginHost(LoginScreen(transport=httpx.MockTransport(never_answers)))
    async with app.run_test(size=(100, 40)) as pilot:
        screen = app.login_screen
        await _fill(pilot)
        await pilot.press("enter")
        await asyncio.wait_for(asked.wait(), timeout=30)
        await pilot.pause()
        assert "Checking the login with Echo Desk" in _status(screen)
        assert screen.query_one("#form").disabled
        assert not screen.query_one(LoadingIndicator).has_class("-hidden")
        await pilot.press("escape")  # the UI still answers while the helpdesk does not
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.results == [None] and app.screen is not screen
    assert memory_keyring.passwords == {} and not config_file().exists()


async def test_f6_and_the_palette_open_it_and_help_lists_it(workspace: Workspace) -> None:
    app = DesksideApp(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        rows = help_rows(app, app.screen.active_bindings.values())
        assert any(r.id == "app.login" and r.description == "Log in to a helpdesk…" for r in rows)
        await pilot.press("f6")
        await wait_for(pilot, lambda: isinstance(app.screen, LoginScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, LoginScreen))
        await search(pilot, "log in", "Log in to a helpdesk")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, LoginScreen))
        await pilot.press("escape")
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))


def _switch_to(app: DesksideApp) -> str | None:
    return app.switch_to


async def test_open_it_now_closes_the_console_to_reopen_it_on_the_new_profile(
    workspace: Workspace,
) -> None:
    app = DesksideApp(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        DraftStore(workspace.conn, workspace.me_login).save(1, "half a reply")
        app.login_finished(LoginDone("acme", "Giulia Rossi", None, open_now=True))
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal) and "unsent draft" in app.screen.question
        await pilot.press("n")
        await pilot.pause()
        assert _switch_to(app) is None  # declined: no switch later either
        assert app.is_running
        DraftStore(workspace.conn, workspace.me_login).delete(1)
        app.login_finished(LoginDone("acme", "Giulia Rossi", None, open_now=True))
        await pilot.pause()
    assert app.switch_to == "acme" and app.return_code == 0


def test_deskside_run_reopens_on_the_profile_the_console_switched_to(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    save_config(Config(profiles={"acme": Profile(backend="echodesk", options={"subdomain": "a"})}))
    opened: list[str] = []

    def run(self: DesksideApp) -> None:
        opened.append(self.workspace.profile)
        if len(opened) == 1:
            self.switch_to = "acme"

    monkeypatch.setattr(DesksideApp, "run", run)
    assert main(["run", "--no-seed"]) == 0
    assert opened == ["local", "acme"]


async def test_a_plugins_labels_are_shown_literally_never_as_markup(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    hostile = "[@click=app.quit]Shop [b]id[/b]"

    class Hostile(EchoDesk):
        options = (
            BackendOption(name="shop", label=hostile, description="[red]x[/]"),
            BackendOption(name="token", label="Key", secret=True),
        )

    monkeypatch.setattr(registry, "load", lambda name, points=None: Hostile)
    app = _host(Requests(), backends=["hostile"])
    async with app.run_test(size=(100, 40)) as pilot:
        labels = [str(label.content) for label in app.screen.query(Label)]
        assert hostile in labels
        assert app.screen.query_one("#option-shop", Input).placeholder == "[red]x[/]"
        await pilot.click(Label)
        assert app.is_running
