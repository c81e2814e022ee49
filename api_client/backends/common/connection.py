"""One account's requests through the injected client: the loop every HTTP backend shares.

A request goes to the account's address only (``site.base`` + a path we built), with
the site's credentials, as JSON. Its answer feeds the rate budget, unless the client's
own :class:`~api_client.http.RetryTransport` already feeds that same budget (then each
answer would count twice). A failure becomes the shared HTTP layer's error
(:func:`~api_client.http.translate_error`, :func:`~api_client.http.status_error`),
which a backend may make more precise from the vendor's machine-readable error body
(:meth:`Connection.explain`), never quoting its free text. An answer that does not read
as the vendor's documented shape is :class:`InvalidResponseError` after a read and
:class:`OutcomeUnknownError` after a write: the change was probably made, so the
outbox reconciles.

Pagination differs from helpdesk to helpdesk and stays in each backend's subclass.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Generic, Protocol, TypeVar

import httpx
import msgspec

from api_client.errors import BackendError, InvalidResponseError, OutcomeUnknownError
from api_client.http import RateBudget, RetryTransport, is_read, status_error, translate_error

__all__ = ["MAX_PAGES", "Connection", "Params", "SiteLike"]

logger = logging.getLogger(__name__)

MAX_PAGES = 1_000
"""A guard against a server that keeps saying there is more."""

Params = Mapping[str, str | Sequence[str]]

T = TypeVar("T")


class SiteLike(Protocol):
    """What a connection needs of a backend's ``Site``: the address and the credentials."""

    @property
    def base(self) -> str: ...

    @property
    def auth(self) -> httpx.Auth: ...


S = TypeVar("S", bound=SiteLike)


class Connection(Generic[S]):
    """Requests against one account through the injected client, feeding the rate budget."""

    vendor: ClassVar[str] = "the helpdesk"
    """How error messages name the helpdesk (``"Zendesk"``)."""

    def __init__(self, site: S, client: httpx.AsyncClient) -> None:
        self.site = site
        self.client = client
        self.budget: RateBudget | None = None

    def __repr__(self) -> str:
        return f"<Connection {self.site.base}>"

    def _observe(self, response: httpx.Response) -> None:
        """Feed the budget unless the client's own transport already does."""
        budget = self.budget
        if budget is None:
            return
        transport = getattr(self.client, "_transport", None)
        if isinstance(transport, RetryTransport) and transport.budget is budget:
            return
        try:
            budget.observe(response)
        except Exception:  # the budget is advice: it must never fail a request
            logger.warning("rate budget could not read an answer's headers", exc_info=True)

    def explain(self, failure: BackendError, response: httpx.Response) -> BackendError:
        """The error a refused request raises: ``failure``, unless the vendor's error body
        allows a more precise one (a backend overrides this; never with free text)."""
        del response
        return failure

    async def respond(
        self,
        method: str,
        path: str,
        *,
        params: Params | None = None,
        body: Any = None,
    ) -> httpx.Response:
        """One request; its 2xx answer, or the :mod:`api_client.errors` error it means."""
        headers = {"Accept": "application/json"}
        content = None
        if body is not None:
            headers["Content-Type"] = "application/json"
            content = msgspec.json.encode(body)
        try:
            response = await self.client.request(
                method,
                self.site.base + path,
                params=params,
                content=content,
                headers=headers,
                auth=self.site.auth,
            )
        except httpx.HTTPError as error:
            raise translate_error(error, method=method) from error
        self._observe(response)
        failure = status_error(response, method=method)
        if failure is not None:
            raise self.explain(failure, response)
        return response

    async def send(
        self,
        method: str,
        path: str,
        *,
        params: Params | None = None,
        body: Any = None,
    ) -> bytes:
        """One request; the answer's body, or the :mod:`api_client.errors` error it means."""
        response = await self.respond(method, path, params=params, body=body)
        return response.content

    def decode(self, content: bytes | msgspec.Raw, kind: type[T], method: str, path: str) -> T:
        """Read an answer into its vendor shape.

        An unreadable answer to a read is :class:`InvalidResponseError`; to a write it is
        :class:`OutcomeUnknownError`: the change was probably made, so reconcile it.
        """
        result: T = self.decode_any(content, kind, method, path)
        return result

    def decode_any(self, content: bytes | msgspec.Raw, kind: Any, method: str, path: str) -> Any:
        """:meth:`decode` for a ``kind`` no ``type[T]`` can name (a union of shapes)."""
        try:
            return msgspec.json.decode(content, type=kind)
        except (msgspec.ValidationError, msgspec.DecodeError) as error:
            where = f"{method} {path}"
            if is_read(method):
                raise InvalidResponseError(
                    f"{where}: the answer is not {self.vendor}'s documented shape ({error})"
                ) from None
            raise OutcomeUnknownError(
                f"{where}: the answer could not be read ({error}); the change may or may "
                "not have been applied"
            ) from None

    async def get(self, path: str, kind: type[T], params: Params | None = None) -> T:
        return self.decode(await self.send("GET", path, params=params), kind, "GET", path)

    async def write(self, method: str, path: str, kind: type[T], body: Any) -> T:
        return self.decode(await self.send(method, path, body=body), kind, method, path)

    async def put(self, path: str, kind: type[T], body: Any) -> T:
        return await self.write("PUT", path, kind, body)

    async def post(self, path: str, kind: type[T], body: Any) -> T:
        return await self.write("POST", path, kind, body)
