"""Logging in to a helpdesk: ask what the backend declares, verify, then store safely.

Generic over every backend: its declared options say what to ask (account,
identity, and which options are secret). The answers are verified with a
who-am-I call before anything is saved; the secret goes to the OS keyring (or the
profile records the environment variable that holds it) and only the non-secret
options reach the config file.

One :func:`login` serves the command line (which passes a :class:`Prompter`) and
the console's login screen (which passes every answer and no prompter). It never
blocks its event loop: the keyring and the config file are used from a thread, so
the screen can run it in a worker and cancel it while the helpdesk is being asked
(nothing is saved then). Problems with one answer raise a :class:`LoginFieldError`
that names the field, so a form can show the message beside it.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import httpx

from api_client import registry
from api_client.backend import Backend, BackendOption
from api_client.errors import AuthError, BackendError, BackendLoadError
from api_client.http import (
    RateBudget,
    RetryPolicy,
    RetryTransport,
    make_client,
    translate_error,
)
from api_client.models import Agent
from console.core.config import Profile, load_config, save_config
from console.core.errors import UserError
from console.core.secrets import SecretStore

__all__ = [
    "LOGIN_RETRY",
    "NOT_LOGGED_IN",
    "LoginAnswers",
    "LoginFieldError",
    "MissingOption",
    "Prompter",
    "TokenEnvUnset",
    "login",
    "login_backends",
    "verify",
]

NOT_LOGGED_IN = frozenset({"local"})
"""Backends with no account to log in to (the embedded desk needs no credentials)."""

LOGIN_RETRY = RetryPolicy(max_attempts=2, deadline=20.0)
"""Someone is waiting for the answer: one quick retry, then say what went wrong."""

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


class LoginFieldError(UserError):
    """One answer is wrong or missing; ``field`` is ``"profile"``, ``"token_env"`` or an option."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message, exit_code=2)
        self.field = field


class MissingOption(LoginFieldError):
    """A required option was not given and nobody can be asked for it."""

    def __init__(self, option: BackendOption) -> None:
        if option.secret:
            message = (
                f"the {option.label} is required: put it in an environment variable and pass "
                "--token-env VAR, or run the login in a terminal to type it"
            )
        else:
            message = f"--{option.name.replace('_', '-')} is required"
        super().__init__(message, field=option.name)
        self.option = option


class TokenEnvUnset(LoginFieldError):
    """The profile should read its token from a variable this process does not have."""

    def __init__(self, variable: str) -> None:
        super().__init__(
            f"--token-env {variable}: the variable is not set in this environment; "
            "set it to verify the login",
            field="token_env",
        )
        self.variable = variable


def login_backends() -> list[str]:
    """The installed backends one can log in to (plugins included), without importing them."""
    return [name for name in registry.available() if name not in NOT_LOGGED_IN]


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
                    raise TokenEnvUnset(token_env)
            elif not value and prompter is not None:
                value = prompter.ask_secret(f"{option.label}: ")
            if not value and _needs(option, given):
                raise MissingOption(option)
            if value:
                secrets[option.name] = value
            continue
        if not value and _needs(option, given):
            if prompter is None:
                raise MissingOption(option)
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
    """Who the credentials belong to; a clear error when the helpdesk refuses them.

    ``transport`` may be a ready :class:`RetryTransport` (tests give one that does not wait).
    """
    ready = isinstance(transport, RetryTransport)
    async with make_client(
        transport=transport,
        budget=None if ready else RateBudget(),
        policy=None if ready else LOGIN_RETRY,
    ) as client:
        try:
            instance = backend(profile, settings, secrets, http=client)
        except BackendError as error:  # an option the backend cannot work with
            raise UserError(f"{backend.label}: {error}", exit_code=2) from None
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
        except httpx.HTTPError as error:  # a plugin that lets httpx's own errors through
            problem = translate_error(error, method="GET")
            raise UserError(f"{backend.label}: could not verify the login: {problem}") from None
        finally:
            await instance.aclose()


def _load(backend_name: str) -> type[Backend]:
    try:
        return registry.load(backend_name)
    except BackendLoadError as error:
        raise UserError(str(error), exit_code=2) from None


def _profile_name(backend_name: str, profile: str | None) -> str:
    name = profile or backend_name
    if not _PROFILE_NAME.fullmatch(name) or name in NOT_LOGGED_IN:
        raise LoginFieldError(f"not a usable profile name: {name!r}", field="profile")
    return name


def _save(answers: LoginAnswers, store: SecretStore) -> None:
    """Keyring first, then the config: a refused keyring leaves the config untouched."""
    if not answers.token_env:
        for key, value in answers.secrets.items():
            store.set(answers.profile, key, value)
    config = load_config(effective=False)
    config.profiles[answers.profile] = Profile(
        backend=answers.backend, options=answers.settings, token_env=answers.token_env
    )
    if config.default_profile == "local" and not any(
        p.backend != "local" for other, p in config.profiles.items() if other != answers.profile
    ):
        config.default_profile = answers.profile
    save_config(config)


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
    """Ask, verify, store. Returns the profile name and the agent the login belongs to.

    A machine without a usable keyring is found out before the helpdesk is asked
    (:class:`~console.core.secrets.KeyringUnavailable`), unless the token comes from
    ``token_env``; nothing is written then.
    """
    backend = _load(backend_name)
    name = _profile_name(backend_name, profile)
    settings, secrets = _collect(
        backend, given, token_env=token_env, environ=environ, prompter=prompter
    )
    store = store if store is not None else SecretStore()
    if not token_env and secrets:
        await asyncio.to_thread(store.check, name)
    agent = await verify(backend, name, settings, secrets, transport=transport)
    answers = LoginAnswers(backend_name, name, settings, secrets, token_env)
    await asyncio.to_thread(_save, answers, store)
    return name, agent
