"""deskside's helpdesk client: models, errors, the backend interface and the backends.

Imports httpx and the standard library only (plus msgspec for the models); never
Textual, keyring or platformdirs. Enforced by import-linter.
"""

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
