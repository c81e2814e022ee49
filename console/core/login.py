"""Logging in to a helpdesk: ask what the backend declares, verify, then store safely.

Generic over every backend: its declared options say what to ask (account,
identity, and which options are secret). The answers are verified with a
who-am-I call before anything is saved; the secret goes to the OS keyring (or the
profile records the environment variable that holds it) and only the non-secret
options reach the config file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import httpx

from api_client import registry
from api_client.backend import Backend, BackendOption
from api_client.errors import AuthError, BackendError
from api_client.http import RateBudget, make_client
from api_client.models import Agent
from console.core.config import Profile, load_config, save_config
from console.core.errors import UserError
from console.core.secrets import SecretStore

__all__ = ["LoginAnswers", "Prompter", "login", "verify"]

_PROFILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


class Prompter:
    """How login asks for what is missing (the command line passes input/getpass)."""

    def __init__(self, ask: Callable[[str], str], ask_secret: Callable[[str], str]) -> None:
        self.ask = ask
        self.ask_secret = ask_secret


@dataclass(frozen=True)
class LoginAnswers:
    backend: str
    profile: str
    settings: dict[str, str]
    secrets: dict[str, str]
    token_env: str | None


def _collect(
    backend: type[Backend],
    given: Mapping[str, str],
    *,
    token_env: str | None,
    environ: Mapping[str, str],
    prompter: Prompter | None,
) -> tuple[dict[str, str], dict[str, str]]:
    settings: dict[str, str] = {}
    secrets: dict[str, str] = {}
    for option in backend.options:
        value = given.get(option.name)
        if option.secret:
            if token_env:
                value = environ.get(token_env)
                if not value:
                    raise UserError(
                        f"--token-env {token_env}: the variable is not set in this environment; "
                        "set it to verify the login",
                        exit_code=2,
                    )
            elif not value and prompter is not None:
                value = prompter.ask_secret(f"{option.label}: ")
            if value:
                secrets[option.name] = value
            continue
        if not value and _needs(option, given):
            if prompter is None:
                raise UserError(f"--{option.name.replace('_', '-')} is required", exit_code=2)
            value = prompter.ask(f"{option.label}{_hint(option)}: ").strip()
        if value:
            settings[option.name] = value
    return settings, secrets


def _needs(option: BackendOption, given: Mapping[str, str]) -> bool:
    if not option.required or option.default is not None:
        return False
    # An alternative given instead (a base URL for a subdomain: proxies, tests) will do.
    return not (option.alternative and given.get(option.alternative))


def _hint(option: BackendOption) -> str:
    return f" ({option.description})" if option.description else ""


async def verify(
    backend: type[Backend],
    profile: str,
    settings: Mapping[str, str],
    secrets: Mapping[str, str],
    *,
    transport: httpx.AsyncBaseTransport | None = None,
) -> Agent:
    """Who the credentials belong to; a clear error when the helpdesk refuses them."""
    async with make_client(transport=transport, budget=RateBudget()) as client:
        instance = backend(profile, settings, secrets, http=client)
        try:
            return await instance.who_am_i()
        except AuthError:
            raise UserError(
                f"{backend.label} refused the credentials for profile {profile!r}: check the "
                "account, the identity and the token",
                exit_code=1,
            ) from None
        except BackendError as error:
            raise UserError(f"{backend.label}: could not verify the login: {error}") from None
        finally:
            await instance.aclose()


async def login(
    backend_name: str,
    *,
    profile: str | None = None,
    given: Mapping[str, str],
    token_env: str | None = None,
    environ: Mapping[str, str],
    prompter: Prompter | None,
    store: SecretStore | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> tuple[str, Agent]:
    """Ask, verify, store. Returns the profile name and the agent the login belongs to."""
    backend = registry.load(backend_name)
    name = profile or backend_name
    if not _PROFILE_NAME.fullmatch(name) or name == "local":
        raise UserError(f"not a usable profile name: {name!r}", exit_code=2)
    settings, secrets = _collect(
        backend, given, token_env=token_env, environ=environ, prompter=prompter
    )
    agent = await verify(backend, name, settings, secrets, transport=transport)
    if not token_env:
        store = store if store is not None else SecretStore()
        for key, value in secrets.items():
            store.set(name, key, value)
    config = load_config(effective=False)
    config.profiles[name] = Profile(backend=backend_name, options=settings, token_env=token_env)
    if config.default_profile == "local" and not any(
        p.backend != "local" for other, p in config.profiles.items() if other != name
    ):
        config.default_profile = name
    save_config(config)
    return name, agent
