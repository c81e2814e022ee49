"""How deskside talks to one Gorgias account: address, credentials, requests, pages.

* The address is ``https://{subdomain}.gorgias.com`` or a ``base_url`` (https only,
  except on the loopback interface, where tests run a mock). Credentials go only there:
  every URL is built from it, links in answers are never followed, and redirects are
  not followed either.
* Gorgias authenticates a private app with basic auth: the user's email and an API key.
  Neither appears in a repr, an error or a log line.
* Errors are the shared HTTP layer's (:func:`api_client.http.status_error`,
  :func:`~api_client.http.translate_error`): 409 is a conflict, a write whose answer is
  lost is an unknown outcome. A 2xx answer to a write that cannot be read is an unknown
  outcome too: the change was probably made, so the outbox reconciles. Error bodies are
  never quoted (they may echo what a customer wrote).
* Lists use cursor pagination (``limit`` up to 100, ``cursor`` from ``meta.next_cursor``).
  A bare JSON array, which the published OpenAPI document gives for most lists, is read
  as the only page.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
import msgspec

from api_client.backends.gorgias.shapes import GMeta
from api_client.errors import (
    InvalidRequestError,
    InvalidResponseError,
    NotFoundError,
    OutcomeUnknownError,
)
from api_client.http import RateBudget, RetryTransport, is_read, status_error, translate_error

__all__ = ["MAX_PAGES", "PAGE_SIZE", "Connection", "Params", "Site", "native"]

logger = logging.getLogger(__name__)

PAGE_SIZE = 100
"""The largest ``limit`` Gorgias's list endpoints accept."""
MAX_PAGES = 1_000
"""A guard against a server that keeps saying there is more."""

_SUBDOMAIN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$", re.IGNORECASE)
_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})

T = TypeVar("T")

Params = Mapping[str, str | Sequence[str]]


def native(qualified_or_native: str, what: str = "record") -> int:
    """The numeric Gorgias id inside one of our ids (``NotFoundError`` if it is none)."""
    _, _, rest = qualified_or_native.rpartition(":")
    if not rest.isdigit():
        raise NotFoundError(f"{what} {qualified_or_native!r} is not a Gorgias id")
    return int(rest)


class _ApiKeyAuth(httpx.BasicAuth):
    """Basic auth as ``{email}:{api key}`` (never in its repr)."""

    def __repr__(self) -> str:
        return "<GorgiasApiKey>"


@dataclass(frozen=True, slots=True, repr=False)
class Site:
    """Where the account lives and who signs in."""

    base: str
    """``https://acme.gorgias.com``: API calls and agent-interface links start here."""
    email: str
    """The user the API key belongs to (the basic-auth user name)."""
    auth: httpx.Auth

    def __repr__(self) -> str:
        return f"<Site {self.base}>"

    @classmethod
    def from_options(cls, settings: Mapping[str, str], secrets: Mapping[str, str]) -> Site:
        """Validate a profile's options; :class:`InvalidRequestError` names what is wrong."""
        base = _base_url(settings)
        key = secrets.get("token") or ""
        if not key:
            raise InvalidRequestError("Gorgias needs an API key (the secret 'token')")
        email = (settings.get("email") or "").strip()
        if not email or "@" not in email:
            raise InvalidRequestError(
                "Gorgias needs the email of the user the API key belongs to (option 'email')"
            )
        return cls(base=base, email=email, auth=_ApiKeyAuth(email, key))


def _base_url(settings: Mapping[str, str]) -> str:
    base_url = (settings.get("base_url") or "").strip()
    subdomain = (settings.get("subdomain") or "").strip()
    if base_url:
        try:
            url = httpx.URL(base_url)
        except (httpx.InvalidURL, TypeError):
            raise InvalidRequestError("Gorgias option 'base_url' is not a URL") from None
        loopback = url.host in _LOOPBACK
        if url.scheme != "https" and not (url.scheme == "http" and loopback):
            raise InvalidRequestError(
                "Gorgias option 'base_url' must start with https:// (the API key must not "
                "travel in clear text)"
            )
        if not url.host or url.userinfo or url.query or url.fragment:
            raise InvalidRequestError(
                "Gorgias option 'base_url' must be just the address, such as "
                "https://acme.gorgias.com (no user, query or fragment)"
            )
        port = f":{url.port}" if url.port is not None else ""
        host = f"[{url.host}]" if ":" in url.host else url.host
        path = url.path.rstrip("/").removesuffix("/api")
        return f"{url.scheme}://{host}{port}{path}"
    if subdomain:
        if not _SUBDOMAIN.match(subdomain):
            raise InvalidRequestError(
                f"Gorgias subdomain {subdomain!r} is not valid: give 'acme' for "
                "https://acme.gorgias.com"
            )
        return f"https://{subdomain.lower()}.gorgias.com"
    raise InvalidRequestError(
        "Gorgias needs option 'subdomain' (acme for https://acme.gorgias.com) or 'base_url'"
    )


class _RawPage(msgspec.Struct):
    """A list answer before its items are read: ``data`` and the pagination ``meta``."""

    data: list[msgspec.Raw] = []
    meta: GMeta | None = None


class Connection:
    """Requests against one account through the injected client, feeding the rate budget."""

    def __init__(self, site: Site, client: httpx.AsyncClient) -> None:
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

    async def send(
        self,
        method: str,
        path: str,
        *,
        params: Params | None = None,
        body: Any = None,
    ) -> bytes:
        """One request; the answer's body, or the :mod:`api_client.errors` error it means."""
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
            raise failure
        return response.content

    def decode(self, content: bytes | msgspec.Raw, kind: type[T], method: str, path: str) -> T:
        """Read an answer into its vendor shape.

        An unreadable answer to a read is :class:`InvalidResponseError`; to a write it is
        :class:`OutcomeUnknownError`: the change was probably made, so reconcile it.
        """
        result: T = self._decode(content, kind, method, path)
        return result

    @staticmethod
    def _decode(content: bytes | msgspec.Raw, kind: Any, method: str, path: str) -> Any:
        try:
            return msgspec.json.decode(content, type=kind)
        except (msgspec.ValidationError, msgspec.DecodeError) as error:
            where = f"{method} {path}"
            if is_read(method):
                raise InvalidResponseError(
                    f"{where}: the answer is not Gorgias's documented shape ({error})"
                ) from None
            raise OutcomeUnknownError(
                f"{where}: the answer could not be read ({error}); the change may or may "
                "not have been applied"
            ) from None

    async def get(self, path: str, kind: type[T], params: Params | None = None) -> T:
        return self.decode(await self.send("GET", path, params=params), kind, "GET", path)

    async def put(self, path: str, kind: type[T], body: Any) -> T:
        return self.decode(await self.send("PUT", path, body=body), kind, "PUT", path)

    async def post(self, path: str, kind: type[T], body: Any) -> T:
        return self.decode(await self.send("POST", path, body=body), kind, "POST", path)

    async def page(
        self,
        path: str,
        kind: type[T],
        params: Params | None = None,
        cursor: str | None = None,
        *,
        limit: int = PAGE_SIZE,
    ) -> tuple[list[T], str | None]:
        """One page of a list and the cursor of the next one, if any."""
        query: dict[str, str | Sequence[str]] = {**(params or {}), "limit": str(limit)}
        if cursor is not None:
            query["cursor"] = cursor
        content = await self.send("GET", path, params=query)
        answer = self._decode(content, list[msgspec.Raw] | _RawPage, "GET", path)
        if isinstance(answer, list):
            raws, following = answer, None
        else:
            raws = answer.data
            following = answer.meta.next_cursor if answer.meta is not None else None
        items = [self.decode(raw, kind, "GET", path) for raw in raws]
        return items, following or None

    async def pages(
        self,
        path: str,
        kind: type[T],
        params: Params | None = None,
        *,
        max_records: int | None = None,
    ) -> AsyncIterator[list[T]]:
        """Every page of a list, by cursor; ``max_records`` stops early (a multiple of 100)."""
        cursor: str | None = None
        seen: set[str] = set()
        read = 0
        for _ in range(MAX_PAGES):
            items, cursor = await self.page(path, kind, params, cursor)
            yield items
            read += PAGE_SIZE
            if cursor is None or cursor in seen:
                return
            if max_records is not None and read >= max_records:
                return
            seen.add(cursor)
        logger.warning("%s: stopped after %d pages", path, MAX_PAGES)
