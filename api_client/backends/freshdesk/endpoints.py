"""How deskside talks to one Freshdesk account: address, API key, requests, pages, errors.

* The address is ``https://{subdomain}.freshdesk.com`` or a ``base_url`` (https only,
  except on the loopback interface, where tests run a mock). The API key goes only
  there: every URL is built from it, the ``Link`` header's next-page URL is read for
  its presence only (never followed), and redirects are not followed either.
* The API key authenticates as basic auth ``{api_key}:X`` (Freshdesk ignores the
  password). It never appears in a repr, an error or a log line.
* Errors are the shared HTTP layer's (:func:`api_client.http.status_error`,
  :func:`~api_client.http.translate_error`). A 400 "Validation failed" names its
  ``field``/``code`` pairs in :class:`FreshdeskValidationError` (never Freshdesk's free
  text). A 2xx answer to a write that cannot be read is an unknown outcome: the change
  was probably made, so the outbox reconciles.
* Lists page by number (``page``, ``per_page=100``, the largest Freshdesk allows): a
  ``Link: <...>; rel="next"`` header says there is more (see "Pagination" in the API
  reference, https://developers.freshdesk.com/api/#pagination).
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
import msgspec

from api_client.backends.freshdesk.shapes import FError
from api_client.errors import (
    InvalidRequestError,
    InvalidResponseError,
    NotFoundError,
    OutcomeUnknownError,
)
from api_client.http import RateBudget, RetryTransport, is_read, status_error, translate_error

__all__ = [
    "MAX_PAGES",
    "PAGE_SIZE",
    "Answer",
    "Connection",
    "FreshdeskValidationError",
    "Site",
    "native",
]

logger = logging.getLogger(__name__)

PAGE_SIZE = 100
"""The largest ``per_page`` Freshdesk accepts."""
MAX_PAGES = 1_000
"""A guard against a server that keeps saying there is more."""

_SUBDOMAIN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$", re.IGNORECASE)
_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
_CODE = re.compile(r"^[A-Za-z][A-Za-z0-9_.\[\]]{0,63}$")
_NEXT = re.compile(r"""rel\s*=\s*"?next"?""", re.IGNORECASE)

T = TypeVar("T")
Params = Mapping[str, str | Sequence[str]]


def native(qualified_or_native: str, what: str = "record") -> int:
    """The numeric Freshdesk id inside one of our ids (``NotFoundError`` if it is none)."""
    _, _, rest = qualified_or_native.rpartition(":")
    if not rest.isdigit():
        raise NotFoundError(f"{what} {qualified_or_native!r} is not a Freshdesk id")
    return int(rest)


class FreshdeskValidationError(InvalidRequestError):
    """Freshdesk refused the request (400/422); ``fields`` are its ``(field, code)`` pairs."""

    def __init__(self, message: str, *, fields: tuple[tuple[str, str], ...] = ()) -> None:
        super().__init__(message)
        self.fields = fields


class _ApiKeyAuth(httpx.BasicAuth):
    """Basic auth as ``{api_key}:X`` (never in its repr)."""

    def __repr__(self) -> str:
        return "<FreshdeskApiKey>"


@dataclass(frozen=True, slots=True, repr=False)
class Site:
    """Where the account lives and how to prove who we are."""

    base: str
    """``https://acme.freshdesk.com``: API calls and agent-interface links start here."""
    auth: httpx.Auth

    def __repr__(self) -> str:
        return f"<Site {self.base}>"

    @classmethod
    def from_options(cls, settings: Mapping[str, str], secrets: Mapping[str, str]) -> Site:
        """Validate a profile's options; :class:`InvalidRequestError` names what is wrong."""
        base = _base_url(settings)
        key = (secrets.get("token") or "").strip()
        if not key:
            raise InvalidRequestError("Freshdesk needs the agent's API key (secret 'token')")
        return cls(base=base, auth=_ApiKeyAuth(key, "X"))


def _base_url(settings: Mapping[str, str]) -> str:
    base_url = (settings.get("base_url") or "").strip()
    subdomain = (settings.get("subdomain") or "").strip()
    if base_url:
        try:
            url = httpx.URL(base_url)
        except (httpx.InvalidURL, TypeError):
            raise InvalidRequestError("Freshdesk option 'base_url' is not a URL") from None
        loopback = url.host in _LOOPBACK
        if url.scheme != "https" and not (url.scheme == "http" and loopback):
            raise InvalidRequestError(
                "Freshdesk option 'base_url' must start with https:// (the API key must not "
                "travel in clear text)"
            )
        if not url.host or url.userinfo or url.query or url.fragment:
            raise InvalidRequestError(
                "Freshdesk option 'base_url' must be just the address, such as "
                "https://acme.freshdesk.com (no user, query or fragment)"
            )
        port = f":{url.port}" if url.port is not None else ""
        host = f"[{url.host}]" if ":" in url.host else url.host
        return f"{url.scheme}://{host}{port}{url.path.rstrip('/')}"
    if subdomain:
        if not _SUBDOMAIN.match(subdomain):
            raise InvalidRequestError(
                f"Freshdesk subdomain {subdomain!r} is not valid: give 'acme' for "
                "https://acme.freshdesk.com"
            )
        return f"https://{subdomain.lower()}.freshdesk.com"
    raise InvalidRequestError(
        "Freshdesk needs option 'subdomain' (acme for https://acme.freshdesk.com) or 'base_url'"
    )


def _error_fields(content: bytes) -> tuple[str | None, tuple[tuple[str, str], ...]]:
    """Freshdesk's machine-readable error code and ``(field, code)`` pairs, never free text."""
    try:
        body = msgspec.json.decode(content, type=FError)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return None, ()
    code = body.code if body.code and _CODE.match(body.code) else None
    pairs = tuple(
        (item.field or "", item.code or "")
        for item in body.errors
        if (item.field is None or _CODE.match(item.field))
        and (item.code is None or _CODE.match(item.code))
    )
    return code, pairs


@dataclass(frozen=True, slots=True)
class Answer:
    """A 2xx answer's body and headers."""

    content: bytes
    headers: httpx.Headers

    @property
    def has_next(self) -> bool | None:
        """``Link: <...>; rel="next"`` present: True; a ``Link`` without it: False; none: None."""
        link = self.headers.get("link")
        if link is None:
            return None
        return _NEXT.search(link) is not None


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
        self, method: str, path: str, *, params: Params | None = None, body: Any = None
    ) -> Answer:
        """One request; the answer, or the :mod:`api_client.errors` error it means."""
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
        if failure is None:
            return Answer(response.content, response.headers)
        code, fields = _error_fields(response.content)
        if type(failure) is InvalidRequestError:
            named = ", ".join(f"{field}: {why}" if field else why for field, why in fields)
            detail = named or code
            message = f"{failure} ({detail})" if detail else str(failure)
            raise FreshdeskValidationError(message, fields=fields) from None
        if code is not None:
            failure.args = (f"{failure} ({code})",)
        raise failure

    def decode(self, content: bytes, kind: type[T], method: str, path: str) -> T:
        """Read an answer into its vendor shape.

        An unreadable answer to a read is :class:`InvalidResponseError`; to a write it is
        :class:`OutcomeUnknownError`: the change was probably made, so reconcile it.
        """
        try:
            return msgspec.json.decode(content, type=kind)
        except (msgspec.ValidationError, msgspec.DecodeError) as error:
            where = f"{method} {path}"
            if is_read(method):
                raise InvalidResponseError(
                    f"{where}: the answer is not Freshdesk's documented shape ({error})"
                ) from None
            raise OutcomeUnknownError(
                f"{where}: the answer could not be read ({error}); the change may or may "
                "not have been applied"
            ) from None

    async def get(self, path: str, kind: type[T], params: Params | None = None) -> T:
        answer = await self.send("GET", path, params=params)
        return self.decode(answer.content, kind, "GET", path)

    async def get_answer(
        self, path: str, kind: type[T], params: Params | None = None
    ) -> tuple[T, Answer]:
        """A read with its headers (the ``Date`` and ``Link`` of the answer)."""
        answer = await self.send("GET", path, params=params)
        return self.decode(answer.content, kind, "GET", path), answer

    async def write(self, method: str, path: str, kind: type[T], body: Any) -> T:
        answer = await self.send(method, path, body=body)
        return self.decode(answer.content, kind, method, path)

    async def pages(
        self,
        path: str,
        kind: type[list[T]],
        params: Params | None = None,
        *,
        max_records: int | None = None,
    ) -> AsyncIterator[list[T]]:
        """Every page of a list answer (``page=1,2…``, ``per_page=100``).

        Goes on while the ``Link`` header names a next page; an answer without any
        ``Link`` header goes on while pages are full. ``max_records`` stops early.
        """
        base = dict(params or {})
        for number in range(1, MAX_PAGES + 1):
            query = {**base, "page": str(number), "per_page": str(PAGE_SIZE)}
            items, answer = await self.get_answer(path, kind, query)
            if items:
                yield items
            if max_records is not None and number * PAGE_SIZE >= max_records:
                return
            more = answer.has_next
            if more is None:
                more = len(items) >= PAGE_SIZE
            if not more or not items:
                return
        logger.warning("%s: stopped after %d pages", path, MAX_PAGES)
