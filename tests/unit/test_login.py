"""Login asks what the backend declares, verifies it, keeps the token out of files and output."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import ClassVar

import httpx
import keyring
import pytest

from api_client import registry
from api_client.backend import Backend, BackendOption
from api_client.errors import AuthError
from api_client.http import raise_for_status
from api_client.models import Agent
from console.cli import main
from console.core import login as login_module
from console.core.config import load_config
from console.core.errors import UserError
from console.core.login import Prompter, login
from console.core.paths import config_file

TOKEN = "tok-9f8e7d6c5b4a"


def _handler(request: httpx.Request) -> httpx.Response:
    expected = base64.b64encode(f"giulia@acme.example/token:{TOKEN}".encode()).decode()
    if request.headers.get("authorization") != f"Basic {expected}":
        return httpx.Response(401, json={"error": "Couldn't authenticate you"})
    return httpx.Response(200, json={"user": {"id": 7, "name": "Giulia Rossi"}})


class EchoDesk(Backend):
    """A tiny helpdesk client that only knows who-am-I (enough to log in)."""

    name: ClassVar[str] = "echodesk"
    label: ClassVar[str] = "Echo Desk"
    options = (
        BackendOption(
            name="subdomain",
            label="Subdomain",
            description="acme for acme.echo",
            alternative="base_url",
        ),
        BackendOption(name="base_url", label="Base URL", required=False),
        BackendOption(name="email", label="Login email"),
        BackendOption(name="token", label="API token", secret=True),
    )

    async def who_am_i(self) -> Agent:
        assert self._http is not None
        base = self.settings.get("base_url") or f"https://{self.settings['subdomain']}.echo"
        auth = httpx.BasicAuth(f"{self.settings['email']}/token", self._secrets["token"])
        response = await self._http.get(f"{base}/api/v2/users/me", auth=auth)
        raise_for_status(response)
        user = response.json()["user"]
        return Agent(id=self.qid(user["id"]), name=user["name"])

    async def changes(self, cursor, *, limit=None):
        raise AuthError("not used")

    get_ticket = get_thread = get_customer = list_agents = post_message = update = changes  # type: ignore[assignment]


@pytest.fixture(autouse=True)
def echodesk(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    real_load = registry.load
    monkeypatch.setattr(
        registry,
        "load",
        lambda name, points=None: EchoDesk if name == "echodesk" else real_load(name),
    )
    monkeypatch.setattr(registry, "available", lambda points=None: {"local": "x", "echodesk": "y"})
    real_client = login_module.make_client  # type: ignore[attr-defined]

    def client_with_mock(**kwargs: object) -> httpx.AsyncClient:
        kwargs["transport"] = httpx.MockTransport(_handler)
        return real_client(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(login_module, "make_client", client_with_mock)
    yield


def _everything_written() -> str:
    return config_file().read_text(encoding="utf-8") if config_file().exists() else ""


async def test_interactive_login_asks_verifies_and_keeps_the_token_in_the_keyring() -> None:
    answers = iter(["acme", "giulia@acme.example"])
    asked: list[str] = []

    def ask(prompt: str) -> str:
        asked.append(prompt)
        return next(answers)

    def ask_secret(prompt: str) -> str:
        asked.append(prompt)
        return TOKEN

    name, agent = await login("echodesk", given={}, environ={}, prompter=Prompter(ask, ask_secret))
    assert (name, agent.name) == ("echodesk", "Giulia Rossi")
    assert asked == ["Subdomain (acme for acme.echo): ", "Login email: ", "API token: "]
    assert keyring.get_password("deskside", "echodesk:token") == TOKEN
    profile = load_config().profiles["echodesk"]
    assert profile.options == {"subdomain": "acme", "email": "giulia@acme.example"}
    assert TOKEN not in _everything_written()
    assert load_config().default_profile == "echodesk"


async def test_token_env_records_the_variable_and_writes_no_secret() -> None:
    await login(
        "echodesk",
        profile="acme",
        given={"base_url": "https://desk.acme.example", "email": "giulia@acme.example"},
        token_env="ACME_TOKEN",
        environ={"ACME_TOKEN": TOKEN},
        prompter=None,
    )
    profile = load_config().profiles["acme"]
    assert profile.token_env == "ACME_TOKEN" and "subdomain" not in profile.options
    assert keyring.get_password("deskside", "acme:token") is None
    with pytest.raises(UserError, match="ACME_TOKEN: the variable is not set"):
        await login("echodesk", given={"subdomain": "a", "email": "e"}, token_env="ACME_TOKEN",
                    environ={}, prompter=None)  # fmt: skip


async def test_refused_credentials_save_nothing() -> None:
    with pytest.raises(UserError, match="refused the credentials") as caught:
        await login(
            "echodesk",
            given={"subdomain": "acme", "email": "giulia@acme.example", "token": "wrong-token"},
            environ={},
            prompter=None,
        )
    assert "wrong-token" not in str(caught.value)
    assert "echodesk" not in load_config().profiles
    assert keyring.get_password("deskside", "echodesk:token") is None


async def test_scripts_get_a_clear_error_for_a_missing_option() -> None:
    with pytest.raises(UserError, match="--email is required"):
        await login("echodesk", given={"subdomain": "acme"}, environ={}, prompter=None)


def test_the_cli_logs_in_without_asking_and_profiles_lists_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ACME_TOKEN", TOKEN)
    code = main(
        [
            "login",
            "echodesk",
            "--profile",
            "acme",
            "--subdomain",
            "acme",
            "--email",
            "giulia@acme.example",
            "--token-env",
            "ACME_TOKEN",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0 and "logged in to acme as Giulia Rossi" in out
    assert main(["profiles", "--json"]) == 0
    listed = {row["name"]: row for row in json.loads(capsys.readouterr().out)}
    assert listed["acme"]["secrets"] == {"token": "env:ACME_TOKEN"}
    assert listed["acme"]["default"] and "local" in listed
    assert main(["config", "show"]) == 0
    shown = capsys.readouterr().out
    assert TOKEN not in shown and TOKEN not in out
