"""Every error a backend may raise, as one tree the console can handle by kind.

Backends translate HTTP status codes and vendor error bodies into these at the
boundary; nothing above ``api_client`` sees an ``httpx`` exception. Messages never
contain secrets (tokens, passwords, Authorization headers).

    BackendError
    ├── AuthError                   401/403: bad or expired credentials, missing permission
    │   └── PermissionDeniedError   403: the credentials are good but lack a permission
    ├── NotFoundError               404: the ticket, customer or message does not exist
    ├── ConflictError               409, or the record changed since the version you read
    ├── RateLimitedError            429: wait ``retry_after`` seconds
    ├── UnavailableError            5xx, connection refused or reset, DNS, timeouts
    │   └── OutcomeUnknownError     a write was sent but no answer came back
    ├── InvalidResponseError        the helpdesk answered something we cannot read
    ├── InvalidRequestError         the helpdesk refused what we sent (400/422)
    ├── UnsupportedError            the backend lacks the capability asked for
    └── BackendLoadError            a backend plugin is not installed or failed to import
"""

from __future__ import annotations

__all__ = [
    "AuthError",
    "BackendError",
    "BackendLoadError",
    "ConflictError",
    "InvalidRequestError",
    "InvalidResponseError",
    "NotFoundError",
    "OutcomeUnknownError",
    "PermissionDeniedError",
    "RateLimitedError",
    "UnavailableError",
    "UnsupportedError",
]


class BackendError(Exception):
    """Base of every error a backend raises."""

    retryable: bool = False
    """Whether trying the same request again later may succeed."""


class AuthError(BackendError):
    """The credentials were refused, or lack a permission the operation needs."""


class PermissionDeniedError(AuthError):
    """403: the helpdesk knows who we are but this identity may not do that (an agent
    asking for an admin-only endpoint): a fallback may exist, new credentials are not needed."""


class NotFoundError(BackendError):
    """The record asked for does not exist (or is not visible to this identity)."""


class ConflictError(BackendError):
    """The record changed since the version the caller read.

    ``current_version`` is the version the helpdesk holds now, when it says.
    """

    def __init__(self, message: str, *, current_version: str | None = None) -> None:
        super().__init__(message)
        self.current_version = current_version


class RateLimitedError(BackendError):
    """The helpdesk asked us to slow down; ``retry_after`` is in seconds."""

    retryable = True

    def __init__(self, message: str, *, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class UnavailableError(BackendError):
    """The helpdesk could not be reached or failed (5xx, connection errors, timeouts).

    ``sent`` is False when the request provably never left (connection refused,
    DNS failure, connect timeout): a write may then be retried safely.
    """

    retryable = True

    def __init__(self, message: str, *, sent: bool = True) -> None:
        super().__init__(message)
        self.sent = sent


class OutcomeUnknownError(UnavailableError):
    """A write left but no answer came: it may or may not have been applied.

    Never resend blindly: reconcile against the remote thread first.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message, sent=True)


class InvalidResponseError(BackendError):
    """The helpdesk answered with something that does not match its documented shape."""


class InvalidRequestError(BackendError):
    """The helpdesk refused the request as invalid (400, 422)."""


class UnsupportedError(BackendError):
    """The backend does not have the capability the operation needs."""


class BackendLoadError(BackendError):
    """A backend could not be found or imported; the message names what is installed."""
