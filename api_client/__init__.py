"""deskside's helpdesk client: models, errors, the backend interface and the backends.

Imports httpx and the standard library only (plus msgspec for the models); never
Textual, keyring or platformdirs. Enforced by import-linter.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from api_client.backend import Backend, BackendOption, Capability, Outgoing
    from api_client.errors import (
        AuthError,
        BackendError,
        BackendLoadError,
        ConflictError,
        InvalidRequestError,
        InvalidResponseError,
        NotFoundError,
        OutcomeUnknownError,
        RateLimitedError,
        UnavailableError,
        UnsupportedError,
    )

_BACKEND = frozenset({"Backend", "BackendOption", "Capability", "Outgoing"})

__all__ = [
    "AuthError",
    "Backend",
    "BackendError",
    "BackendLoadError",
    "BackendOption",
    "Capability",
    "ConflictError",
    "InvalidRequestError",
    "InvalidResponseError",
    "NotFoundError",
    "OutcomeUnknownError",
    "Outgoing",
    "RateLimitedError",
    "UnavailableError",
    "UnsupportedError",
]


def __getattr__(name: str) -> Any:
    """Re-exports load on first use, so reading a desk never imports httpx."""
    if name in _BACKEND:
        from api_client import backend

        return getattr(backend, name)
    if name in __all__:
        from api_client import errors

        return getattr(errors, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
