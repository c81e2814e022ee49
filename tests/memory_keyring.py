"""An in-memory keyring so that no test, and no process a test starts, touches the real one.

``tests/conftest.py`` installs a fresh :class:`MemoryKeyring` for every test and
points ``PYTHON_KEYRING_BACKEND`` at this class for child processes (each child
gets its own empty one).
"""

from __future__ import annotations

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

__all__ = ["MemoryKeyring"]


class MemoryKeyring(KeyringBackend):
    """Passwords in a dict, keyed by (service, username)."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.passwords[(service, username)]
        except KeyError:
            raise PasswordDeleteError(f"no password for {username!r} in {service!r}") from None
