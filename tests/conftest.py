"""Test isolation: no test touches the developer's real config, data dir or keyring."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

from tests.memory_keyring import MemoryKeyring


@pytest.fixture(autouse=True)
def isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Point every config/data/state directory at a fresh temporary folder."""
    home = tmp_path_factory.mktemp("home")
    for variable, folder in {
        "HOME": home,
        "XDG_CONFIG_HOME": home / ".config",
        "XDG_DATA_HOME": home / ".local" / "share",
        "XDG_STATE_HOME": home / ".local" / "state",
        "XDG_CACHE_HOME": home / ".cache",
        "DESKSIDE_CONFIG_DIR": home / "config",
        "DESKSIDE_DATA_DIR": home / "data",
    }.items():
        monkeypatch.setenv(variable, str(folder))
    for variable in ("DESKSIDE_PROFILE", "DESKSIDE_AGENT", "DESKSIDE_THEME"):
        monkeypatch.delenv(variable, raising=False)
    yield home


@pytest.fixture(autouse=True)
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    """A fresh in-memory keyring for every test and for every process a test starts."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "tests.memory_keyring.MemoryKeyring")
    monkeypatch.delenv("DESKSIDE_ALLOW_FILE_KEYRING", raising=False)
    for variable in list(os.environ):
        if variable.startswith("DESKSIDE_SECRET_"):
            monkeypatch.delenv(variable)
    previous: KeyringBackend | None = keyring.core._keyring_backend
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        if previous is None:
            keyring.core._keyring_backend = None
        else:
            keyring.set_keyring(previous)
