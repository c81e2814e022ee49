"""The config file: defaults, typed loading with clear errors, atomic saves, no secrets."""

from __future__ import annotations

import argparse
import json
import os
import stat
import sys
import tomllib
from datetime import timedelta
from pathlib import Path

import keyring.backends.fail
import pytest

from console.commands import config as config_command
from console.core import paths
from console.core.config import (
    AgentConfig,
    Config,
    Profile,
    is_secret_key,
    load_config,
    masked_view,
    os_login,
    parse_duration,
    render_masked,
    save_config,
)
from console.core.errors import UserError
from console.core.secrets import SERVICE, SecretStore
from tests.memory_keyring import MemoryKeyring

FULL_EXAMPLE = """\
default_profile = "acme"

[agent]
login = "ann"
name = "Ann Agent"
email = "ann@example.com"

[profiles.acme]
backend = "zendesk"
token_env = "ACME_ZENDESK_TOKEN"
read_only = true
options = { subdomain = "acme", email = "ann@example.com" }

[profiles.eu]
backend = "freshdesk"
supervisor_actions = true

[profiles.eu.options]
base_url = "https://eu.example.com"

[profiles.training]
backend = "local"

[keys]
"queue.filter" = "/"
"ticket.reply" = "r"

[views]
mine = "assignee:me status:open"
password-resets = "tag:password"

[sla]
email = "4h"
chat = "5m"

[shop]
name = "Acme Shoes"
url = "https://shoes.example.com"
signature = "-- Acme customer care"

[ui]
theme = "nord"
customer_pane = false
"""


@pytest.fixture(autouse=True)
def _no_theme_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DESKSIDE_THEME", raising=False)


@pytest.fixture
def config_path() -> Path:
    return paths.config_file()


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def fixed_keys(backend: str) -> tuple[str, ...]:
    return () if backend == "local" else ("token",)


# -- defaults and a full file ------------------------------------------------------------


def test_defaults_when_there_is_no_file(config_path: Path) -> None:
    assert not config_path.exists()
    config = load_config()
    assert config.default_profile == "local"
    assert config.agent.login == os_login()
    assert config.ui.theme == "auto"
    assert config.ui.customer_pane is True
    assert config.keys == config.views == config.sla == config.shop == {}
    name, profile = config.profile()
    assert name == "local"
    assert profile.backend == "local"
    assert profile.options["path"] == str(paths.desk_path("local"))
    assert not config_path.exists()  # loading never creates the file


def test_config_file_is_under_the_overridable_config_dir(isolated_dirs: Path) -> None:
    assert paths.config_file() == isolated_dirs / "config" / "config.toml"


def test_os_login_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_user() -> str:
        raise OSError("no passwd entry")

    monkeypatch.setattr("getpass.getuser", no_user)
    assert os_login() == "agent"
    assert AgentConfig().login == "agent"


def test_full_example(config_path: Path) -> None:
    write(config_path, FULL_EXAMPLE)
    config = load_config()
    assert config.default_profile == "acme"
    assert config.agent == AgentConfig(login="ann", name="Ann Agent", email="ann@example.com")
    acme = config.profiles["acme"]
    assert acme == Profile(
        backend="zendesk",
        options={"subdomain": "acme", "email": "ann@example.com"},
        token_env="ACME_ZENDESK_TOKEN",
        read_only=True,
    )
    assert config.profiles["eu"].supervisor_actions is True
    assert config.profiles["training"].options == {"path": str(paths.desk_path("training"))}
    assert set(config.profiles) == {"local", "acme", "eu", "training"}
    assert config.keys == {"queue.filter": "/", "ticket.reply": "r"}
    assert config.views["password-resets"] == "tag:password"
    assert config.sla == {"email": "4h", "chat": "5m"}
    assert config.shop["signature"] == "-- Acme customer care"
    assert config.ui.theme == "nord"
    assert config.ui.customer_pane is False


def test_parse_duration() -> None:
    assert parse_duration("5m") == timedelta(minutes=5)
    assert parse_duration("4h") == timedelta(hours=4)
    assert parse_duration("1h30m") == timedelta(hours=1, minutes=30)
    assert parse_duration("1d") == timedelta(days=1)
    with pytest.raises(ValueError):
        parse_duration("4 hours")


# -- errors name the file, the line and the key ------------------------------------------


def test_malformed_toml_names_file_and_line(config_path: Path) -> None:
    write(config_path, 'default_profile = "acme"\n[ui]\ntheme = \n')
    with pytest.raises(UserError) as caught:
        load_config()
    message = str(caught.value)
    assert str(config_path) in message
    assert "line 3" in message
    assert "not valid TOML" in message
    assert "Traceback" not in message


@pytest.mark.parametrize(
    ("text", "line", "key", "problem"),
    [
        (
            '[profiles.acme]\nbackend = "zendesk"\nread_only = "yes"\n',
            3,
            "profiles.acme.read_only",
            "expected true or false, got a string",
        ),
        ("[ui]\ntheme = 3\n", 2, "ui.theme", "expected a string, got an integer"),
        (
            '[profiles.acme]\nbackend = "x"\n[profiles.acme.options]\nport = 8080\n',
            4,
            "profiles.acme.options.port",
            "expected a string, got an integer",
        ),
        ('\n[views]\nmine = ["a"]\n', 3, "views.mine", "expected a string, got an array"),
        ('agent = "ann"\n', 1, "agent", "expected a table"),
        ("[profiles.acme]\nread_only = true\n", 1, "profiles.acme", "set `backend` (one helpdesk)"),
        ('colour = "red"\n', 1, "colour", "unknown key"),
        (
            '[profiles.acme]\nbackend = "x"\nreadonly = true\n',
            3,
            "profiles.acme.readonly",
            "unknown key",
        ),
        ('[sla]\nemail = "4 hours"\n', 2, "sla.email", "expected a duration"),
    ],
)
def test_wrong_types_name_the_key_and_line(
    config_path: Path, text: str, line: int, key: str, problem: str
) -> None:
    write(config_path, text)
    with pytest.raises(UserError) as caught:
        load_config()
    message = str(caught.value)
    assert message.startswith(f"{config_path}, line {line}: `{key}`")
    assert problem in message


def test_unknown_key_lists_the_known_ones(config_path: Path) -> None:
    write(config_path, '[profiles.acme]\nbackend = "x"\nreadonly = true\n')
    with pytest.raises(UserError, match="known here: backend, options, token_env, read_only"):
        load_config()


def test_bad_profile_name(config_path: Path) -> None:
    write(config_path, '[profiles."a:b"]\nbackend = "x"\n')
    with pytest.raises(UserError, match="profile name 'a:b'"):
        load_config()


def test_not_utf8(config_path: Path) -> None:
    config_path.parent.mkdir(parents=True)
    config_path.write_bytes(b'[shop]\nname = "\xff"\n')
    with pytest.raises(UserError, match="line 2: the config file is not UTF-8"):
        load_config()


def test_unreadable_path_is_a_user_error(config_path: Path) -> None:
    config_path.mkdir(parents=True)  # a directory where the file should be
    with pytest.raises(UserError, match="cannot read the config file"):
        load_config()


# -- secrets never in the file -------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        '[profiles.acme]\nbackend = "zendesk"\n[profiles.acme.options]\napi_token = "{s}"\n',
        '[profiles.acme]\nbackend = "zendesk"\noptions = {{ password = "{s}" }}\n',
        '[profiles.acme]\nbackend = "freshdesk"\noptions.apiKey = "{s}"\n',
        '[profiles.acme]\nbackend = "x"\ntoken = "{s}"\n',
        '[profiles.acme]\nbackend = "x"\n[profiles.acme.options]\nclient_secret = "{s}"\n',
        '[profiles.acme]\nbackend = "x"\noptions = {{ base_url = "https://u:{s}@x.io" }}\n',
        '[shop]\napi_key = "{s}"\n',
    ],
)
def test_secret_looking_keys_are_refused(config_path: Path, text: str) -> None:
    secret = "hunter2-very-secret"
    write(config_path, text.format(s=secret))
    with pytest.raises(UserError) as caught:
        load_config()
    message = str(caught.value)
    assert str(config_path) in message
    assert "secrets never go in the config file" in message
    assert "deskside login" in message
    assert "token_env" in message
    assert secret not in message


def test_secret_refusal_names_the_profile_and_line(config_path: Path) -> None:
    write(
        config_path,
        '[profiles.acme]\nbackend = "zendesk"\n[profiles.acme.options]\nsubdomain = "a"\n'
        'api_token = "x"\n',
    )
    with pytest.raises(UserError) as caught:
        load_config()
    message = str(caught.value)
    assert "line 5" in message
    assert "`profiles.acme.options.api_token`" in message
    assert "deskside login acme" in message


def test_names_the_user_chooses_are_not_secrets(config_path: Path) -> None:
    write(config_path, '[views]\npassword-resets = "tag:password"\n[keys]\n"token.copy" = "y"\n')
    assert load_config().views == {"password-resets": "tag:password"}


@pytest.mark.parametrize(
    ("key", "secret"),
    [
        ("token", True),
        ("api_token", True),
        ("apiKey", True),
        ("api_key", True),
        ("password", True),
        ("client_secret", True),
        ("pwd", True),
        ("token_env", False),
        ("token_url", False),
        ("subdomain", False),
        ("email", False),
        ("base_url", False),
    ],
)
def test_is_secret_key(key: str, secret: bool) -> None:
    assert is_secret_key(key) is secret


def test_save_refuses_secrets(config_path: Path) -> None:
    config = Config(profiles={"acme": Profile(backend="x", options={"token": "abcd1234"})})
    with pytest.raises(UserError, match="secrets never go in the config file") as caught:
        save_config(config)
    assert "abcd1234" not in str(caught.value)
    assert not config_path.exists()


# -- saving --------------------------------------------------------------------------------


def test_atomic_save_round_trip_and_mode(config_path: Path) -> None:
    write(config_path, FULL_EXAMPLE)
    original = load_config(effective=False)
    original.profiles["new"] = Profile(backend="gorgias", options={"domain": "shop"})
    original.views["urgent"] = "priority:urgent"
    written = save_config(original)
    assert written == config_path
    assert stat.S_IMODE(config_path.stat().st_mode) == 0o600
    assert load_config(effective=False) == original
    assert [p.name for p in config_path.parent.iterdir()] == ["config.toml"]  # no temp left


def test_save_writes_only_what_differs_from_defaults(config_path: Path) -> None:
    config = load_config(effective=False)
    config.profiles["acme"] = Profile(backend="zendesk", options={"subdomain": "acme"})
    save_config(config)
    data = tomllib.loads(config_path.read_text())
    assert data == {"profiles": {"acme": {"backend": "zendesk", "options": {"subdomain": "acme"}}}}


def test_save_does_not_persist_environment_overrides(
    config_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DESKSIDE_AGENT", "temp-agent")
    config = load_config(effective=False)
    assert config.agent.login == os_login()
    save_config(config)
    assert "temp-agent" not in config_path.read_text()


def test_save_creates_the_directory_and_replaces(config_path: Path) -> None:
    assert not config_path.parent.exists()
    save_config(Config(shop={"name": "One"}))
    save_config(Config(shop={"name": "Two"}))
    assert load_config().shop == {"name": "Two"}


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_failed_save_leaves_the_old_file(
    config_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_config(Config(shop={"name": "Old"}))

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(os, "fsync", boom)
        with pytest.raises(UserError, match="No space left on device"):
            save_config(Config(shop={"name": "New"}))
    assert load_config().shop == {"name": "Old"}
    assert [p.name for p in config_path.parent.iterdir()] == ["config.toml"]


# -- environment overrides and profiles ----------------------------------------------------


def test_environment_overrides(config_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(config_path, FULL_EXAMPLE)
    monkeypatch.setenv("DESKSIDE_AGENT", "bob")
    monkeypatch.setenv("DESKSIDE_THEME", "gruvbox")
    monkeypatch.setenv("DESKSIDE_PROFILE", "eu")
    config = load_config()
    assert config.agent.login == "bob"
    assert config.ui.theme == "gruvbox"
    assert config.profile()[0] == "eu"
    raw = load_config(effective=False)
    assert (raw.agent.login, raw.ui.theme, raw.default_profile) == ("ann", "nord", "acme")


def test_injected_environ_overrides() -> None:
    config = load_config(environ={"DESKSIDE_AGENT": "carol"})
    assert config.agent.login == "carol"


def test_profile_resolution_order(config_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(config_path, FULL_EXAMPLE)
    config = load_config()
    assert config.profile()[0] == "acme"  # default_profile
    monkeypatch.setenv("DESKSIDE_PROFILE", "eu")
    assert config.profile()[0] == "eu"  # the environment
    assert config.profile("training")[0] == "training"  # the argument
    assert config.profile("local")[1].backend == "local"  # built in


def test_builtin_local_profile_exists_even_when_the_file_has_profiles(config_path: Path) -> None:
    write(config_path, '[profiles.acme]\nbackend = "zendesk"\n')
    for effective in (True, False):
        config = load_config(effective=effective)
        assert config.profile("local")[1].backend == "local"
    assert Config().profile("local")[1].backend == "local"


def test_file_can_redefine_local(config_path: Path) -> None:
    write(config_path, '[profiles.local]\nbackend = "local"\nread_only = true\n')
    assert load_config().profile("local")[1].read_only is True


def test_unknown_profile_lists_known_ones(
    config_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(config_path, FULL_EXAMPLE)
    config = load_config()
    with pytest.raises(UserError) as caught:
        config.profile("nope")
    message = str(caught.value)
    assert "unknown profile 'nope'" in message
    assert "acme, eu, local, training" in message
    assert caught.value.exit_code == 3
    monkeypatch.setenv("DESKSIDE_PROFILE", "ghost")
    with pytest.raises(UserError, match="from DESKSIDE_PROFILE"):
        config.profile()


# -- showing -------------------------------------------------------------------------------


def test_render_masked_reports_secret_sources_without_secrets(
    config_path: Path, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(config_path, FULL_EXAMPLE)
    monkeypatch.setenv("ACME_ZENDESK_TOKEN", "acme-secret-from-env")
    memory_keyring.set_password(SERVICE, "eu:token", "eu-secret-in-keyring")
    config = load_config()
    config.profiles["odd"] = Profile(
        backend="x", options={"password": "odd-secret", "base_url": "https://me:pw-secret@x.io/"}
    )
    text = render_masked(config, secret_keys=fixed_keys)
    for secret in ("acme-secret-from-env", "eu-secret-in-keyring", "odd-secret", "pw-secret"):
        assert secret not in text
    shown = tomllib.loads(text)
    assert shown["profiles"]["acme"]["secrets"] == {"token": "env:ACME_ZENDESK_TOKEN"}
    assert shown["profiles"]["eu"]["secrets"] == {"token": "keyring"}
    assert shown["profiles"]["odd"]["secrets"] == {"token": "missing"}
    assert shown["profiles"]["odd"]["options"]["password"] == "***"
    assert shown["profiles"]["odd"]["options"]["base_url"] == "https://me:***@x.io/"
    assert "secrets" not in shown["profiles"]["local"]  # the embedded desk needs none
    assert shown["profiles"]["acme"]["options"]["subdomain"] == "acme"
    assert shown["shop"]["name"] == "Acme Shoes"


def test_render_masked_without_a_keyring(config_path: Path) -> None:
    write(config_path, FULL_EXAMPLE)
    store = SecretStore(keyring.backends.fail.Keyring())
    view = masked_view(load_config(), store=store, secret_keys=fixed_keys)
    assert view["profiles"]["eu"]["secrets"]["token"].startswith("missing (no usable keyring")


def test_render_masked_json(config_path: Path) -> None:
    write(config_path, FULL_EXAMPLE)
    data = json.loads(render_masked(load_config(), secret_keys=fixed_keys, as_json=True))
    assert data["default_profile"] == "acme"
    assert data["profiles"]["acme"]["token_env"] == "ACME_ZENDESK_TOKEN"


# -- the command line ----------------------------------------------------------------------


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="deskside")
    config_command.register(parser.add_subparsers(dest="command"))
    return parser.parse_args(argv)


def test_config_path_command(config_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = parse(["config", "path"])
    assert args.handler(args) == 0
    assert capsys.readouterr().out.strip() == str(config_path)


def test_config_show_command_masks(
    config_path: Path,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    write(config_path, FULL_EXAMPLE.replace('backend = "zendesk"', 'backend = "local"'))
    monkeypatch.setattr("console.core.secrets.secret_keys", fixed_keys)
    monkeypatch.setenv("ACME_ZENDESK_TOKEN", "acme-secret-from-env")
    memory_keyring.set_password(SERVICE, "eu:token", "eu-secret-in-keyring")
    args = parse(["config", "show"])
    assert args.handler(args) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"# {config_path}\n")
    assert "acme-secret-from-env" not in out and "eu-secret-in-keyring" not in out
    shown = tomllib.loads(out)
    assert shown["profiles"]["eu"]["secrets"] == {"token": "keyring"}

    args = parse(["config", "show", "--json"])
    assert args.handler(args) == 0
    assert json.loads(capsys.readouterr().out)["profiles"]["eu"]["secrets"] == {"token": "keyring"}


def test_config_show_without_a_file(config_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = parse(["config", "show"])
    assert args.handler(args) == 0
    out = capsys.readouterr().out
    assert "does not exist yet" in out
    assert tomllib.loads(out)["default_profile"] == "local"


def test_cli_main(config_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from console.cli import main

    assert main(["config", "path"]) == 0
    assert capsys.readouterr().out.strip() == str(config_path)
    write(config_path, "[ui]\ntheme = 3\n")
    assert main(["config", "show"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"deskside: {config_path}, line 2: `ui.theme`")
    assert "Traceback" not in err
