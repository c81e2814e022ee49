"""Login asks what the backend declares, verifies it, keeps the token out of files and output."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import keyring
import pytest

from console.cli import main
from console.core import login as login_module
from console.core.config import load_config
from console.core.errors import UserError
from console.core.login import Prompter, login
from console.core.paths import config_file
from tests.echo_desk import TOKEN, echo_handler, register_echodesk


@pytest.fixture(autouse=True)
def echodesk(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    register_echodesk(monkeypatch)
    real_client = login_module.make_client  # type: ignore[attr-defined]

    def client_with_mock(**kwargs: object) -> httpx.AsyncClient:
        kwargs["transport"] = httpx.MockTransport(echo_handler)
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


async def test_without_a_keyring_the_helpdesk_is_not_asked_and_nothing_is_written(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from keyring.backends.fail import Keyring as FailKeyring

    from console.core.secrets import KeyringUnavailable, SecretStore

    asked: list[httpx.Request] = []
    real_client = login_module.make_client  # type: ignore[attr-defined]

    def counting(request: httpx.Request) -> httpx.Response:
        asked.append(request)
        return echo_handler(request)

    def counting_client(**kwargs: object) -> httpx.AsyncClient:
        kwargs["transport"] = httpx.MockTransport(counting)
        return real_client(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(login_module, "make_client", counting_client)
    with pytest.raises(KeyringUnavailable, match="--token-env"):
        await login(
            "echodesk",
            given={"subdomain": "acme", "email": "giulia@acme.example", "token": TOKEN},
            environ={},
            prompter=None,
            store=SecretStore(FailKeyring()),
        )
    assert asked == [] and not config_file().exists()


async def test_answers_a_form_cannot_use_name_their_field() -> None:
    from console.core.login import LoginFieldError, MissingOption

    with pytest.raises(MissingOption) as missing:
        await login("echodesk", given={"subdomain": "a", "email": "e"}, environ={}, prompter=None)
    assert missing.value.field == "token" and "--token-env" in str(missing.value)
    with pytest.raises(LoginFieldError) as bad_name:
        await login("echodesk", profile="no spaces", given={}, environ={}, prompter=None)
    assert bad_name.value.field == "profile"


@pytest.mark.parametrize("backend", ["zendesk", "freshdesk", "gorgias"])
def test_every_helpdesk_asks_for_its_account_unless_a_base_url_is_given(backend: str) -> None:
    """The account options come from one place; Zendesk's subdomain was once optional,
    so an interactive login never asked for it and failed at the who-am-I call."""
    from api_client import registry
    from console.core.login import _collect

    kind = registry.load(backend)
    asked: list[str] = []

    def ask(prompt: str) -> str:
        asked.append(prompt)
        return "acme"

    prompter = Prompter(ask, lambda prompt: TOKEN)
    settings, _ = _collect(kind, {}, token_env=None, environ={}, prompter=prompter)
    assert settings["subdomain"] == "acme" and asked[0].startswith(kind.options[0].label)
    asked.clear()
    settings, _ = _collect(
        kind, {"base_url": "http://127.0.0.1:9"}, token_env=None, environ={}, prompter=prompter
    )
    assert "subdomain" not in settings and not any("acme for" in p for p in asked)
