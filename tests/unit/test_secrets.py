"""Secrets: environment before keyring, a bounded keyring, and no plaintext fallback."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import traceback

import keyring
import keyring.backends.fail
import keyring.backends.null
import pytest
from keyring.backend import KeyringBackend

from console.core.config import Profile
from console.core.errors import UserError
from console.core.secrets import (
    SERVICE,
    KeyringTimeout,
    KeyringUnavailable,
    SecretMissing,
    SecretStore,
    env_var_for,
    profile_secrets,
    redact,
    secret_env_var,
    secret_keys,
)
from tests.memory_keyring import MemoryKeyring

SECRET = "s3cr3t-t0ken-value"


class HangingKeyring(KeyringBackend):
    """A keyring behind a D-Bus service that never answers."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def get_password(self, service: str, username: str) -> str | None:
        self.release.wait(10)
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        self.release.wait(10)

    def delete_password(self, service: str, username: str) -> None:
        self.release.wait(10)


class ExplodingKeyring(MemoryKeyring):
    """A keyring whose errors quote what they were given (some do)."""

    def set_password(self, service: str, username: str, password: str) -> None:
        raise RuntimeError(f"D-Bus refused to store {password!r}")

    def get_password(self, service: str, username: str) -> str | None:
        raise RuntimeError("org.freedesktop.DBus.Error.ServiceUnknown")


class LockedKeyring(MemoryKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("locked")


def _fake_backend(module: str, name: str) -> KeyringBackend:
    """An instance of a class that claims to live in ``module`` (it may not be installed)."""
    cls = type(name, (MemoryKeyring,), {"__module__": module})
    backend: KeyringBackend = cls()
    return backend


# -- order -------------------------------------------------------------------------


def test_env_var_wins_over_everything(
    memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    memory_keyring.set_password(SERVICE, "acme:token", "from-keyring")
    monkeypatch.setenv("DESKSIDE_SECRET_ACME_TOKEN", "from-deskside-var")
    monkeypatch.setenv("ACME_TOKEN", "from-token-env")
    store = SecretStore()
    assert store.get("acme", env_var="ACME_TOKEN") == "from-token-env"
    assert store.source("acme", env_var="ACME_TOKEN") == "env:ACME_TOKEN"


def test_deskside_secret_var_before_keyring(
    memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    memory_keyring.set_password(SERVICE, "acme:token", "from-keyring")
    monkeypatch.setenv("DESKSIDE_SECRET_ACME_TOKEN", "from-deskside-var")
    store = SecretStore()
    # a token_env that is not set falls through to the next source
    assert store.get("acme", env_var="UNSET_VARIABLE") == "from-deskside-var"
    assert store.source("acme") == "env:DESKSIDE_SECRET_ACME_TOKEN"


def test_keyring_last(memory_keyring: MemoryKeyring) -> None:
    memory_keyring.set_password(SERVICE, "acme:token", "from-keyring")
    store = SecretStore()
    assert store.get("acme") == "from-keyring"
    assert store.source("acme") == "keyring"


def test_secret_env_var_name() -> None:
    assert secret_env_var("acme") == "DESKSIDE_SECRET_ACME_TOKEN"
    assert secret_env_var("my-shop.eu", "api_key") == "DESKSIDE_SECRET_MY_SHOP_EU_API_KEY"


def test_set_get_delete_round_trip(memory_keyring: MemoryKeyring) -> None:
    store = SecretStore()
    store.set("acme", "token", SECRET)
    assert memory_keyring.passwords == {(SERVICE, "acme:token"): SECRET}
    assert store.get("acme") == SECRET
    assert store.delete("acme") is True
    assert store.delete("acme") is False
    assert store.find("acme") is None


def test_injected_backend_is_used_instead_of_the_global_one(
    memory_keyring: MemoryKeyring,
) -> None:
    mine = MemoryKeyring()
    SecretStore(mine).set("acme", "token", SECRET)
    assert (SERVICE, "acme:token") in mine.passwords
    assert memory_keyring.passwords == {}


def test_injected_environ() -> None:
    store = SecretStore(environ={"DESKSIDE_SECRET_ACME_TOKEN": "x-from-mapping"})
    assert store.get("acme") == "x-from-mapping"


def test_missing_secret_says_how_to_set_it() -> None:
    with pytest.raises(SecretMissing) as caught:
        SecretStore().get("acme", env_var="ACME_TOKEN")
    message = str(caught.value)
    assert "deskside login acme" in message
    assert "ACME_TOKEN" in message
    assert "DESKSIDE_SECRET_ACME_TOKEN" in message
    assert caught.value.exit_code == 3
    assert SecretStore().source("acme") == "missing"


def test_empty_secret_refused() -> None:
    with pytest.raises(UserError, match="empty"):
        SecretStore().set("acme", "token", "")


# -- a keyring that hangs ------------------------------------------------------------


def test_hanging_keyring_times_out_quickly() -> None:
    backend = HangingKeyring()
    store = SecretStore(backend, timeout=0.2)
    started = time.monotonic()
    try:
        with pytest.raises(KeyringTimeout, match=r"did not answer within 0\.2 s") as caught:
            store.get("acme")
        assert time.monotonic() - started < 2
        assert "--token-env" in str(caught.value)
        # while the first call is still stuck, later ones fail at once instead of piling up
        started = time.monotonic()
        with pytest.raises(KeyringTimeout, match="still has not answered"):
            store.set("acme", "token", SECRET)
        assert time.monotonic() - started < 0.2
        assert store.source("acme") == "missing (keyring did not answer)"
    finally:
        backend.release.set()


def test_environment_does_not_wait_for_a_hanging_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    backend = HangingKeyring()
    monkeypatch.setenv("ACME_TOKEN", "from-env")
    try:
        assert SecretStore(backend, timeout=0.2).get("acme", env_var="ACME_TOKEN") == "from-env"
    finally:
        backend.release.set()


# -- machines without a usable keyring -------------------------------------------------


@pytest.mark.parametrize(
    "backend",
    [
        keyring.backends.fail.Keyring(),
        keyring.backends.null.Keyring(),
        _fake_backend("keyrings.alt.file", "PlaintextKeyring"),
        _fake_backend("keyrings.alt.file", "EncryptedKeyring"),
        _fake_backend("some.plugin", "UnencryptedFileKeyring"),
    ],
    ids=["fail", "null", "keyrings.alt-plaintext", "keyrings.alt-encrypted", "plaintext-name"],
)
def test_unusable_keyrings_are_refused_with_advice(backend: KeyringBackend) -> None:
    store = SecretStore(backend)
    for attempt in (
        lambda: store.get("acme"),
        lambda: store.set("acme", "token", SECRET),
        lambda: store.check("acme"),
    ):
        with pytest.raises(KeyringUnavailable) as caught:
            attempt()
        message = str(caught.value)
        assert message.startswith("no usable OS keyring on this machine (")
        assert type(backend).__qualname__ in message
        assert "deskside login acme --token-env VAR" in message
        assert "gnome-keyring / KWallet / macOS Keychain" in message
        assert SECRET not in message
        assert caught.value.exit_code == 5
    if isinstance(backend, MemoryKeyring):
        assert backend.passwords == {}  # nothing was written to the file keyring


def test_no_keyring_error_from_the_global_keyring() -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    with pytest.raises(KeyringUnavailable, match="--token-env"):
        SecretStore().get("acme")


def test_no_keyring_error_raised_by_a_backend() -> None:
    class Headless(MemoryKeyring):
        def get_password(self, service: str, username: str) -> str | None:
            raise keyring.errors.NoKeyringError("No recommended backend was available")

    with pytest.raises(KeyringUnavailable, match="--token-env"):
        SecretStore(Headless()).get("acme")


def test_environment_still_works_without_a_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACME_TOKEN", "from-env")
    store = SecretStore(keyring.backends.fail.Keyring())
    assert store.get("acme", env_var="ACME_TOKEN") == "from-env"
    assert store.source("acme").startswith("missing (no usable keyring")


def test_file_keyring_allowed_when_chosen_on_purpose(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DESKSIDE_ALLOW_FILE_KEYRING", "1")
    backend = _fake_backend("keyrings.alt.file", "EncryptedKeyring")
    store = SecretStore(backend)
    store.set("acme", "token", SECRET)
    assert store.get("acme") == SECRET


def test_chainer_uses_only_the_acceptable_member(monkeypatch: pytest.MonkeyPatch) -> None:
    from keyring.backends.chainer import ChainerBackend

    good = MemoryKeyring()
    plaintext = _fake_backend("keyrings.alt.file", "PlaintextKeyring")
    monkeypatch.setattr(ChainerBackend, "backends", [plaintext, good])
    store = SecretStore(ChainerBackend())
    store.set("acme", "token", SECRET)
    assert good.passwords == {(SERVICE, "acme:token"): SECRET}
    assert isinstance(plaintext, MemoryKeyring)
    assert plaintext.passwords == {}

    monkeypatch.setattr(ChainerBackend, "backends", [plaintext])
    with pytest.raises(KeyringUnavailable, match="PlaintextKeyring"):
        store.get("acme")


def test_broken_keyring_configuration_is_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> KeyringBackend:
        raise ModuleNotFoundError("no module named 'nowhere'")

    monkeypatch.setattr(keyring, "get_keyring", broken)
    with pytest.raises(KeyringUnavailable, match="could not start"):
        SecretStore().get("acme")


def test_locked_keyring_says_unlock() -> None:
    with pytest.raises(UserError, match="locked"):
        SecretStore(LockedKeyring()).get("acme")


# -- secrets never leak ----------------------------------------------------------------


def test_secret_not_in_keyring_error_nor_its_traceback() -> None:
    store = SecretStore(ExplodingKeyring())
    with pytest.raises(UserError) as caught:
        store.set("acme", "token", SECRET)
    error = caught.value
    assert SECRET not in str(error)
    assert "***" in str(error)
    assert error.__cause__ is None and error.__context__ is None
    assert SECRET not in "".join(traceback.format_exception(error))
    # the frames' locals, which a crash report may print, hold no plain secret
    frame_locals = [
        repr(value)
        for frame, _ in traceback.walk_tb(error.__traceback__)
        for value in frame.f_locals.values()
    ]
    assert not any(SECRET in text for text in frame_locals)


def test_read_error_is_a_user_error() -> None:
    with pytest.raises(UserError, match="ServiceUnknown"):
        SecretStore(ExplodingKeyring()).get("acme")


def test_store_repr_and_redact(memory_keyring: MemoryKeyring) -> None:
    store = SecretStore()
    store.set("acme", "token", SECRET)
    assert SECRET not in repr(store)
    assert store.redact(f"Authorization: Bearer {SECRET}") == "Authorization: Bearer ***"


def test_redact() -> None:
    assert redact("token=abcd1234 and abc", ["abcd1234", "abc", ""]) == "token=*** and abc"
    # the longer secret goes first, so a shorter one inside it cannot leave a tail
    assert redact("xyzw-long-secret", ["xyzw", "xyzw-long-secret"]) == "***"
    assert redact("nothing here", []) == "nothing here"


# -- profiles ------------------------------------------------------------------------


def test_secret_keys_of_installed_and_unknown_backends() -> None:
    assert secret_keys("local") == ()
    assert secret_keys("no-such-backend") == ("token",)


def test_token_env_applies_to_the_token_or_the_only_secret() -> None:
    profile = Profile(backend="x", token_env="SHOP_KEY")
    assert env_var_for(profile, "token", ("token", "refresh")) == "SHOP_KEY"
    assert env_var_for(profile, "api_key", ("api_key",)) == "SHOP_KEY"
    assert env_var_for(profile, "refresh", ("token", "refresh")) is None
    assert env_var_for(Profile(backend="x"), "token") is None


def test_profile_secrets(memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHOP_KEY", "key-from-env")
    memory_keyring.set_password(SERVICE, "shop:password", "pw-from-keyring")
    profile = Profile(backend="x", token_env="SHOP_KEY")
    found = profile_secrets("shop", profile, keys=("token", "password"))
    assert found == {"token": "key-from-env", "password": "pw-from-keyring"}
    assert profile_secrets("local", Profile(backend="local")) == {}


def test_subprocesses_get_the_memory_keyring_too() -> None:
    assert os.environ["PYTHON_KEYRING_BACKEND"] == "tests.memory_keyring.MemoryKeyring"
    code = "import keyring; print(type(keyring.get_keyring()).__module__)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "tests.memory_keyring"
