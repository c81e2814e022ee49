"""Where deskside keeps its files: platformdirs locations, overridable for tests and servers.

``DESKSIDE_CONFIG_DIR`` and ``DESKSIDE_DATA_DIR`` win over the platform defaults
(which already honour the XDG variables), so a test or a shared server can put
everything in one place.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

__all__ = ["config_dir", "config_file", "data_dir", "desk_path", "mirror_path"]

APP_NAME = "deskside"


def config_dir() -> Path:
    override = os.environ.get("DESKSIDE_CONFIG_DIR")
    return Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME))


def config_file() -> Path:
    return config_dir() / "config.toml"


def data_dir() -> Path:
    override = os.environ.get("DESKSIDE_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME))


def desk_path(profile: str = "local") -> Path:
    """The embedded desk's database for a local profile."""
    return data_dir() / f"{profile}.desk.sqlite3"


def mirror_path(profile: str) -> Path:
    """The local mirror of a remote profile."""
    return data_dir() / "mirrors" / f"{profile}.sqlite3"
