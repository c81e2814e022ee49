"""Which backends are installed, found through entry points without importing them.

Built-in backends and third-party plugins register the same way, in the
``deskside.backends`` entry-point group (``name = "package.module:Class"``).
Listing reads only package metadata, so a broken plugin cannot slow down or crash
start-up; :func:`load` imports exactly the one a profile asks for and turns any
failure into a :class:`BackendLoadError` that names what is installed.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib.metadata import EntryPoint, entry_points

from api_client.backend import Backend
from api_client.errors import BackendLoadError

__all__ = ["GROUP", "available", "load"]

GROUP = "deskside.backends"


def _entry_points() -> dict[str, EntryPoint]:
    found: dict[str, EntryPoint] = {}
    for point in entry_points(group=GROUP):
        found.setdefault(point.name, point)
    return found


def available(points: Iterable[EntryPoint] | None = None) -> dict[str, str]:
    """Installed backend names and where they live (``{"local": "api_client...:Local"}``)."""
    mapping = _entry_points() if points is None else {p.name: p for p in points}
    return {name: point.value for name, point in sorted(mapping.items())}


def load(name: str, points: Iterable[EntryPoint] | None = None) -> type[Backend]:
    """Import one backend class by name."""
    mapping = _entry_points() if points is None else {p.name: p for p in points}
    installed = ", ".join(sorted(mapping)) or "none"
    point = mapping.get(name)
    if point is None:
        raise BackendLoadError(f"no backend named {name!r} is installed (installed: {installed})")
    try:
        loaded = point.load()
    except Exception as error:  # a plugin may fail in any way while importing
        raise BackendLoadError(
            f"backend {name!r} ({point.value}) failed to import: "
            f"{type(error).__name__}: {error} (installed: {installed})"
        ) from error
    if not (isinstance(loaded, type) and issubclass(loaded, Backend)):
        raise BackendLoadError(
            f"backend {name!r} ({point.value}) is not a deskside Backend class "
            f"(installed: {installed})"
        )
    return loaded
