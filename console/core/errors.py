"""Errors the user can act on, shown as one clear line instead of a traceback."""

from __future__ import annotations

__all__ = ["UserError"]


class UserError(Exception):
    """Something the user can fix: bad input, a missing profile, an unusable keyring.

    ``exit_code`` follows sysexits loosely: 2 usage, 3 not found, 4 conflict,
    5 unavailable, 1 anything else.
    """

    def __init__(self, message: str, *, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code
