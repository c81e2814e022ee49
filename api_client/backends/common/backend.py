"""A helpdesk backend that talks HTTP through one :class:`~.connection.Connection`.

The console usually injects the ``httpx.AsyncClient`` (retrying reads, feeding the rate
budget it then sets as ``backend.budget``); that client is the caller's to close. Without
one, the backend makes its own, with a budget of its own, and closes it in
:meth:`HttpBackend.aclose`. The budget may be set after construction, so the connection
takes it up on every use (:attr:`HttpBackend._api`).
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

import httpx

from api_client.backend import Backend
from api_client.backends.common.connection import Connection
from api_client.http import RateBudget, make_client

__all__ = ["HttpBackend"]

C = TypeVar("C", bound=Connection[Any])


class HttpBackend(Backend, Generic[C]):
    """The plumbing of Zendesk, Freshdesk and Gorgias: a client, a connection, closing."""

    _conn: C
    _client: httpx.AsyncClient
    _owns_http: bool

    def _http_client(self, http: httpx.AsyncClient | None) -> httpx.AsyncClient:
        """``http`` as given, or a client of our own (with its own budget) if none was."""
        self._owns_http = http is None
        if http is None:
            self.budget = RateBudget()
            http = make_client(budget=self.budget)
        self._http = http
        self._client = http
        return http

    @property
    def site(self) -> str:
        """The account's address: API calls and agent-interface links start here."""
        base: str = self._conn.site.base
        return base

    @property
    def _api(self) -> C:
        self._conn.budget = self.budget  # the console sets the budget after construction
        return self._conn

    async def aclose(self) -> None:
        if self._owns_http:
            await self._client.aclose()
