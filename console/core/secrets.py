"""Helpdesk secrets: from an environment variable or the OS keyring, never from a file.

A profile's token is looked up in this order:

1. the variable the profile names in ``token_env`` (``env_var`` below);
2. ``DESKSIDE_SECRET_<PROFILE>_<KEY>`` (upper-cased, anything not A-Z/0-9 becomes ``_``);
3. the OS keyring, service ``"deskside"``, username ``"<profile>:<key>"``.

The keyring is asked in a daemon worker thread with a timeout, because a keyring
behind D-Bus can hang forever (a locked collection, a dead session bus) and the
console must not hang with it. A machine without a usable keyring is reported with
what to do about it, never papered over: ``keyring`` picks its ``fail`` backend on
a headless machine, and installing ``keyrings.alt`` silently makes a plaintext
file the default, so both count as "no keyring" (a ``keyrings.alt`` backend only
counts when the user opts in with ``DESKSIDE_ALLOW_FILE_KEYRING=1``).

No secret value appears in an exception, a ``repr`` or a log line produced here;
:func:`redact` lets the logging and crash paths scrub the ones they may meet.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

from console.core.errors import UserError

if TYPE_CHECKING:
    from console.core.config import Profile

__all__ = [
    "ALLOW_FILE_KEYRING_ENV",
    "DEFAULT_TIMEOUT",
    "SERVICE",
    "KeyringTimeout",
    "KeyringUnavailable",
    "SecretMissing",
    "SecretStore",
    "env_var_for",
    "keyring_username",
    "profile_secrets",
    "redact",
    "secret_env_var",
    "secret_keys",
]

SERVICE = "deskside"
"""The keyring service every deskside secret is stored under."""
DEFAULT_TIMEOUT = 5.0
"""Seconds the keyring gets to answer before the console gives up on it."""
ALLOW_FILE_KEYRING_ENV = "DESKSIDE_ALLOW_FILE_KEYRING"
"""Set to ``1`` to accept a ``keyrings.alt`` file backend the user chose on purpose."""

EXIT_NOT_FOUND = 3
EXIT_UNAVAILABLE = 5
MASK = "***"
_MIN_REDACT = 4

T = TypeVar("T")


def _keyring() -> Any:
    """The keyring package, imported on first use (it costs 65 ms at start-up otherwise)."""
    import keyring
    import keyring.backends.fail
    import keyring.backends.null
    import keyring.errors

    return keyring


class KeyringUnavailable(UserError):
    """This machine has no keyring deskside may use (none, disabled, or a plaintext file)."""

    def __init__(self, backend: str, profile: str | None = None, *, detail: str = "") -> None:
        who = profile or "PROFILE"
        extra = f"; {detail}" if detail else ""
        super().__init__(
            f"no usable OS keyring on this machine ({backend}{extra}). "
            f"Either set the token in an environment variable and run "
            f"`deskside login {who} --token-env VAR`, or install and unlock a keyring "
            f"(gnome-keyring / KWallet / macOS Keychain)",
            exit_code=EXIT_UNAVAILABLE,
        )
        self.backend = backend


class KeyringTimeout(UserError):
    """The keyring did not answer in time (a hung D-Bus service, an unanswered prompt)."""

    def __init__(self, timeout: float, profile: str | None = None, *, still: bool = False) -> None:
        who = profile or "PROFILE"
        what = (
            "the OS keyring still has not answered an earlier request"
            if still
            else f"the OS keyring did not answer within {timeout:g} s"
        )
        super().__init__(
            f"{what}. If an unlock prompt is open, unlock it and try again; otherwise set "
            f"the token in an environment variable and run "
            f"`deskside login {who} --token-env VAR`",
            exit_code=EXIT_UNAVAILABLE,
        )


class SecretMissing(UserError):
    """No environment variable and no keyring entry holds the secret a profile needs."""

    def __init__(self, profile: str, key: str, env_vars: Sequence[str]) -> None:
        where = " or ".join(env_vars)
        super().__init__(
            f"profile {profile!r} has no {key}: run `deskside login {profile}` to store it "
            f"in the OS keyring, or set {where}",
            exit_code=EXIT_NOT_FOUND,
        )
        self.profile = profile
        self.key = key


class _Hidden:
    """Carries a secret through frames whose locals a crash report may print."""

    __slots__ = ("value",)

    def __init__(self, value: str) -> None:
        self.value = value

    def __repr__(self) -> str:
        return "<secret>"


def redact(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every known secret value (4 characters or more) replaced by ``***``."""
    for secret in sorted({s for s in secrets if len(s) >= _MIN_REDACT}, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return text


def _env_part(text: str) -> str:
    return re.sub(r"[^A-Z0-9]", "_", text.upper())


def secret_env_var(profile: str, key: str = "token") -> str:
    """The variable that holds a profile's secret: ``DESKSIDE_SECRET_<PROFILE>_<KEY>``."""
    return f"DESKSIDE_SECRET_{_env_part(profile)}_{_env_part(key)}"


def keyring_username(profile: str, key: str = "token") -> str:
    """The keyring username of a profile's secret (the service is :data:`SERVICE`)."""
    return f"{profile}:{key}"


def _backend_name(backend: object) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def _unusable(backend: object, environ: Mapping[str, str]) -> str | None:
    """Why a keyring backend must not hold secrets, or ``None`` when it may."""
    cls = type(backend)
    module = cls.__module__
    if module == "keyring.backends.fail" or isinstance(backend, _keyring().backends.fail.Keyring):
        return "no keyring backend is available"
    if module == "keyring.backends.null" or isinstance(backend, _keyring().backends.null.Keyring):
        return "the keyring is disabled"
    name = cls.__name__.lower()
    from_alt = module == "keyrings.alt" or module.startswith("keyrings.alt.")
    if from_alt or "plaintext" in name or "unencrypted" in name:
        if environ.get(ALLOW_FILE_KEYRING_ENV) == "1":
            return None
        return (
            "a file keyring that may keep secrets in plain text; "
            f"set {ALLOW_FILE_KEYRING_ENV}=1 only if you chose it on purpose"
        )
    return None


class SecretStore:
    """Reads and writes profile secrets: environment first, then the OS keyring.

    ``backend`` replaces :func:`keyring.get_keyring` (tests pass an in-memory one);
    ``environ`` replaces :data:`os.environ`; ``timeout`` bounds every keyring call.
    """

    def __init__(
        self,
        backend: KeyringBackend | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self._backend = backend
        self.timeout = timeout
        self._environ = environ
        self._pending: Future[Any] | None = None
        self._seen: set[str] = set()

    def __repr__(self) -> str:
        return f"<SecretStore timeout={self.timeout:g}>"

    @property
    def environ(self) -> Mapping[str, str]:
        return os.environ if self._environ is None else self._environ

    # -- reading ---------------------------------------------------------------------

    def _from_env(self, profile: str, key: str, env_var: str | None) -> tuple[str, str] | None:
        for variable in (env_var, secret_env_var(profile, key)):
            if variable and (value := self.environ.get(variable)):
                return variable, value
        return None

    def find(self, profile: str, key: str = "token", *, env_var: str | None = None) -> str | None:
        """The secret, or ``None`` when no variable and no keyring entry has it.

        Raises :class:`KeyringUnavailable` or :class:`KeyringTimeout` when the
        environment has nothing and the keyring cannot be asked.
        """
        found = self._from_env(profile, key, env_var)
        if found is not None:
            value = found[1]
        else:
            username = keyring_username(profile, key)
            result = self._call(profile, lambda backend: backend.get_password(SERVICE, username))
            if not result:
                return None
            value = str(result)
        self._seen.add(value)
        return value

    def get(self, profile: str, key: str = "token", *, env_var: str | None = None) -> str:
        """The secret, from ``env_var``, ``DESKSIDE_SECRET_*`` or the keyring, in that order.

        Raises :class:`SecretMissing` naming how to provide it.
        """
        value = self.find(profile, key, env_var=env_var)
        if value is None:
            variables = [v for v in (env_var, secret_env_var(profile, key)) if v]
            raise SecretMissing(profile, key, variables)
        return value

    def source(self, profile: str, key: str = "token", *, env_var: str | None = None) -> str:
        """Where the secret would come from, without revealing it.

        ``"env:VAR"``, ``"keyring"``, ``"missing"``, or ``"missing (keyring …)"`` when
        the keyring cannot be asked.
        """
        found = self._from_env(profile, key, env_var)
        if found is not None:
            return f"env:{found[0]}"
        username = keyring_username(profile, key)
        try:
            result = self._call(profile, lambda backend: backend.get_password(SERVICE, username))
        except KeyringUnavailable as error:
            return f"missing (no usable keyring: {error.backend})"
        except KeyringTimeout:
            return "missing (keyring did not answer)"
        except UserError:
            return "missing (keyring error)"
        return "keyring" if result else "missing"

    # -- writing ---------------------------------------------------------------------

    def set(self, profile: str, key: str, value: str) -> None:
        """Store a secret in the OS keyring (the environment is read-only to us)."""
        hidden = _Hidden(value)
        del value  # only the masked wrapper stays in this frame's locals
        if not hidden.value:
            raise UserError(f"refusing to store an empty {key} for profile {profile!r}")
        self._seen.add(hidden.value)
        username = keyring_username(profile, key)
        self._call(
            profile,
            lambda backend: backend.set_password(SERVICE, username, hidden.value),
            hidden=hidden,
        )

    def delete(self, profile: str, key: str = "token") -> bool:
        """Remove a secret from the keyring; ``False`` when there was none."""
        username = keyring_username(profile, key)

        def remove(backend: KeyringBackend) -> bool:
            try:
                backend.delete_password(SERVICE, username)
            except _keyring().errors.PasswordDeleteError:
                return False
            return True

        return self._call(profile, remove)

    def check(self, profile: str | None = None) -> str:
        """The name of the keyring backend in use; raises when it is unusable."""
        return self._call(profile, _backend_name)

    def redact(self, text: str) -> str:
        """``text`` without any secret this store has read or written."""
        return redact(text, self._seen)

    # -- the keyring, in a thread ----------------------------------------------------

    def _resolve(self, profile: str | None) -> KeyringBackend:
        """The backend to use; runs in the worker (detection itself may touch D-Bus)."""
        environ = self.environ
        try:
            backend = self._backend if self._backend is not None else _keyring().get_keyring()
        except Exception as error:  # a broken keyringrc or PYTHON_KEYRING_BACKEND
            raise KeyringUnavailable(
                f"the keyring could not start: {type(error).__name__}", profile
            ) from None
        members = getattr(backend, "backends", None)
        if type(backend).__module__ == "keyring.backends.chainer" and members is not None:
            # The chainer reads from every viable backend, a plaintext file included:
            # use the best acceptable one alone.
            usable = [member for member in members if _unusable(member, environ) is None]
            if not usable:
                names = ", ".join(_backend_name(m) for m in members) or "no backends"
                raise KeyringUnavailable(f"keyring chainer over {names}", profile)
            chosen: KeyringBackend = usable[0]
            return chosen
        reason = _unusable(backend, environ)
        if reason is not None:
            raise KeyringUnavailable(_backend_name(backend), profile, detail=reason)
        return backend

    def _call(
        self,
        profile: str | None,
        work: Callable[[KeyringBackend], T],
        *,
        hidden: _Hidden | None = None,
    ) -> T:
        """Run ``work`` on the keyring in a daemon thread, giving up after the timeout.

        A daemon thread (rather than an executor's) so that a keyring stuck forever
        cannot stop the process from exiting either. Errors are re-raised as
        :class:`UserError` without chaining: the original traceback holds the
        backend's frames, whose locals may include the secret.
        """
        if self._pending is not None and not self._pending.done():
            raise KeyringTimeout(self.timeout, profile, still=True)
        future: Future[T] = Future()

        def run() -> None:
            if not future.set_running_or_notify_cancel():  # pragma: no cover
                return
            try:
                future.set_result(work(self._resolve(profile)))
            except BaseException as error:
                future.set_exception(error)

        thread = threading.Thread(target=run, name="deskside-keyring", daemon=True)
        self._pending = future
        thread.start()
        failure: UserError
        try:
            return future.result(timeout=self.timeout)
        except (KeyringUnavailable, KeyringTimeout):
            raise
        except TimeoutError:
            failure = KeyringTimeout(self.timeout, profile)
        except _keyring().errors.NoKeyringError:
            failure = KeyringUnavailable("no keyring backend is available", profile)
        except _keyring().errors.KeyringLocked:
            failure = UserError(
                "the OS keyring is locked: unlock it (or log in to the desktop session) "
                "and try again",
                exit_code=EXIT_UNAVAILABLE,
            )
        except Exception as error:  # backends raise anything: D-Bus, Security framework
            # no local may hold the secret: crash reports can print a frame's locals
            failure = UserError(
                f"the OS keyring failed: {type(error).__name__}: "
                + redact(str(error), [hidden.value] if hidden is not None else []),
                exit_code=EXIT_UNAVAILABLE,
            )
        raise failure  # outside the handler, so the backend's traceback is not attached


def secret_keys(backend: str) -> tuple[str, ...]:
    """The names of the secret options a backend declares (``("token",)`` if unknown)."""
    from api_client.errors import BackendLoadError
    from api_client.registry import load

    try:
        cls = load(backend)
    except BackendLoadError:
        return ("token",)
    return tuple(option.name for option in cls.options if option.secret)


def env_var_for(profile: Profile, key: str, keys: Sequence[str] = ("token",)) -> str | None:
    """The ``token_env`` variable when it applies to ``key``.

    It names the profile's token: the ``token`` option, or the backend's only secret
    option whatever it is called (``api_key``).
    """
    if profile.token_env and (key == "token" or tuple(keys) == (key,)):
        return profile.token_env
    return None


def profile_secrets(
    name: str,
    profile: Profile,
    *,
    store: SecretStore | None = None,
    keys: Sequence[str] | None = None,
) -> dict[str, str]:
    """Every secret a profile's backend declares, ready to hand to the backend.

    Raises :class:`SecretMissing` (or a keyring error) for the first one not found.
    """
    store = store if store is not None else SecretStore()
    wanted = tuple(keys) if keys is not None else secret_keys(profile.backend)
    return {key: store.get(name, key, env_var=env_var_for(profile, key, wanted)) for key in wanted}
