"""The embedded desk: a real helpdesk in one SQLite file, no account needed.

``LocalBackend`` (the async backend, in :mod:`.backend`) is loaded on first use:
the console reads the desk through :mod:`.desk` and :mod:`.store` at start-up and
only needs the backend (and httpx with it) once it delivers a write.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from api_client.backends.local.backend import LocalBackend

__all__ = ["LocalBackend"]


def __getattr__(name: str) -> Any:
    if name == "LocalBackend":
        from api_client.backends.local.backend import LocalBackend

        return LocalBackend
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
