"""The registry lists backends without importing them and loads exactly one, clearly."""

from __future__ import annotations

import sys
from importlib.metadata import EntryPoint

import pytest

from api_client import registry
from api_client.backends.local import LocalBackend
from api_client.errors import BackendLoadError


def test_the_local_backend_is_installed_through_the_entry_point() -> None:
    assert registry.available()["local"] == "api_client.backends.local:LocalBackend"
    assert registry.load("local") is LocalBackend


def test_listing_does_not_import_plugins() -> None:
    points = [EntryPoint("ghost", "ghost_plugin_never_imported:Backend", registry.GROUP)]
    assert registry.available(points) == {"ghost": "ghost_plugin_never_imported:Backend"}
    assert "ghost_plugin_never_imported" not in sys.modules


def test_unknown_backend_names_what_is_installed() -> None:
    with pytest.raises(BackendLoadError, match=r"no backend named 'zammad'.*installed: .*local"):
        registry.load("zammad")


def test_a_plugin_that_fails_to_import_is_a_clear_error() -> None:
    points = [
        EntryPoint("broken", "deskside_missing_plugin.module:Backend", registry.GROUP),
        EntryPoint("local", "api_client.backends.local:LocalBackend", registry.GROUP),
    ]
    with pytest.raises(BackendLoadError) as caught:
        registry.load("broken", points)
    message = str(caught.value)
    assert "failed to import" in message and "ModuleNotFoundError" in message
    assert "installed: broken, local" in message


def test_an_entry_point_that_is_not_a_backend_is_refused() -> None:
    points = [EntryPoint("odd", "json:dumps", registry.GROUP)]
    with pytest.raises(BackendLoadError, match="not a deskside Backend"):
        registry.load("odd", points)
