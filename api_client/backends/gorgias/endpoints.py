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
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

import httpx
import msgspec

from api_client.backends.common import connection as common
from api_client.backends.common.connection import MAX_PAGES, Params
from api_client.backends.common.site import base_url, native_number
from api_client.backends.gorgias.shapes import GMeta
from api_client.errors import InvalidRequestError

__all__ = ["MAX_PAGES", "PAGE_SIZE", "Connection", "Params", "Site", "native"]

logger = logging.getLogger(__name__)

PAGE_SIZE = 100
"""The largest ``limit`` Gorgias's list endpoints accept."""


T = TypeVar("T")


def native(qualified_or_native: str, what: str = "record") -> int:
    """The numeric Gorgias id inside one of our ids (``NotFoundError`` if it is none)."""
    return native_number(qualified_or_native, what, vendor="Gorgias")


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
        base = base_url(
            settings,
            vendor="Gorgias",
            domain="gorgias.com",
            credential="API key",
            drop_suffix="/api",
        )
        key = secrets.get("token") or ""
        if not key:
            raise InvalidRequestError("Gorgias needs an API key (the secret 'token')")
        email = (settings.get("email") or "").strip()
        if not email or "@" not in email:
            raise InvalidRequestError(
                "Gorgias needs the email of the user the API key belongs to (option 'email')"
            )
        return cls(base=base, email=email, auth=_ApiKeyAuth(email, key))


class _RawPage(msgspec.Struct):
    """A list answer before its items are read: ``data`` and the pagination ``meta``."""

    data: list[msgspec.Raw] = []
    meta: GMeta | None = None


class Connection(common.Connection[Site]):
    """Requests against one Gorgias account (see
    :class:`api_client.backends.common.connection.Connection`).

    Error bodies are never read: they may echo what a customer wrote."""

    vendor = "Gorgias"

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
        answer = self.decode_any(content, list[msgspec.Raw] | _RawPage, "GET", path)
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
