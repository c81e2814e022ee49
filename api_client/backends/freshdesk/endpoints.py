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
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from typing import TypeVar

import httpx
import msgspec

from api_client.backends.common import connection as common
from api_client.backends.common.connection import MAX_PAGES, Params
from api_client.backends.common.site import base_url, native_number
from api_client.backends.freshdesk.shapes import FError
from api_client.errors import BackendError, InvalidRequestError

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

_CODE = re.compile(r"^[A-Za-z][A-Za-z0-9_.\[\]]{0,63}$")
_NEXT = re.compile(r"""rel\s*=\s*"?next"?""", re.IGNORECASE)

T = TypeVar("T")


def native(qualified_or_native: str, what: str = "record") -> int:
    """The numeric Freshdesk id inside one of our ids (``NotFoundError`` if it is none)."""
    return native_number(qualified_or_native, what, vendor="Freshdesk")


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
        base = base_url(settings, vendor="Freshdesk", domain="freshdesk.com", credential="API key")
        key = (secrets.get("token") or "").strip()
        if not key:
            raise InvalidRequestError("Freshdesk needs the agent's API key (secret 'token')")
        return cls(base=base, auth=_ApiKeyAuth(key, "X"))


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


class Connection(common.Connection[Site]):
    """Requests against one Freshdesk account (see
    :class:`api_client.backends.common.connection.Connection`)."""

    vendor = "Freshdesk"

    def explain(self, failure: BackendError, response: httpx.Response) -> BackendError:
        """A refused request names its ``field: code`` pairs (else Freshdesk's error code)
        as a :class:`FreshdeskValidationError`; any other error names the code."""
        code, fields = _error_fields(response.content)
        if type(failure) is InvalidRequestError:
            named = ", ".join(f"{field}: {why}" if field else why for field, why in fields)
            detail = named or code
            message = f"{failure} ({detail})" if detail else str(failure)
            return FreshdeskValidationError(message, fields=fields)
        if code is not None:
            failure.args = (f"{failure} ({code})",)
        return failure

    async def get_answer(
        self, path: str, kind: type[T], params: Params | None = None
    ) -> tuple[T, Answer]:
        """A read with its headers (the ``Date`` and ``Link`` of the answer)."""
        response = await self.respond("GET", path, params=params)
        answer = Answer(response.content, response.headers)
        return self.decode(answer.content, kind, "GET", path), answer

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
