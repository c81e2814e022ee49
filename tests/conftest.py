"""Test isolation: no test touches the developer's real config, data dir or keyring."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
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
    for variable in ("DESKSIDE_PROFILE", "DESKSIDE_AGENT"):
        monkeypatch.delenv(variable, raising=False)
    yield home
