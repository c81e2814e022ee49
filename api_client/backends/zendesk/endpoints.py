"""How deskside talks to one Zendesk account: address, credentials, requests, pages.

* The address is ``https://{subdomain}.zendesk.com`` or a ``base_url`` (https only,
  except on the loopback interface, where tests run a mock). Credentials go only there:
  every URL is built from it, pagination links from the answers are never followed,
  and redirects are not followed either.
* An API token authenticates as basic auth ``{email}/token:{token}``; an OAuth access
  token as ``Authorization: Bearer``. Neither appears in a repr, an error or a log line.
* Errors are the shared HTTP layer's (:func:`api_client.http.status_error`,
  :func:`~api_client.http.translate_error`): 409 is a conflict, a write whose answer
  is lost is an unknown outcome. A 2xx answer to a write that cannot be read is an
  unknown outcome too: the change was probably made, so the outbox reconciles.
* Lists use cursor pagination (``page[size]=100``, ``page[after]``). Where an endpoint
  pages by offset only, at most 10,000 records are read: Zendesk refuses offset
  pagination beyond that.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Generator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
import msgspec

from api_client.backends.common import connection as common
from api_client.backends.common.connection import MAX_PAGES, Params
from api_client.backends.common.site import base_url, native_number
from api_client.backends.zendesk.shapes import ZPage
from api_client.errors import BackendError, ConflictError, InvalidRequestError

__all__ = [
    "CURSOR_PAGE_SIZE",
    "EXPORT_PAGE_SIZE",
    "MAX_PAGES",
    "OFFSET_RECORD_CAP",
    "Connection",
    "Site",
    "ZendeskBearer",
    "native",
]

logger = logging.getLogger(__name__)

CURSOR_PAGE_SIZE = 100
"""The largest ``page[size]`` Zendesk's list endpoints accept."""
EXPORT_PAGE_SIZE = 1000
"""The largest ``per_page`` the incremental ticket export accepts."""
OFFSET_RECORD_CAP = 10_000
"""Zendesk answers 400 to offset pagination past the first 10,000 records."""

_ERROR_CODE = re.compile(r"^[A-Za-z][A-Za-z_]{0,63}$")

P = TypeVar("P", bound=ZPage)


def native(qualified_or_native: str, what: str = "record") -> int:
    """The numeric Zendesk id inside one of our ids (``NotFoundError`` if it is none)."""
    return native_number(qualified_or_native, what, vendor="Zendesk")


class ZendeskBearer(httpx.Auth):
    """``Authorization: Bearer <token>`` for an OAuth access token (never in its repr)."""

    def __init__(self, token: str) -> None:
        self._header = f"Bearer {token}"

    def __repr__(self) -> str:
        return "<ZendeskBearer>"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = self._header
        yield request


class _ApiTokenAuth(httpx.BasicAuth):
    """Basic auth as ``{email}/token:{token}`` (never in its repr)."""

    def __repr__(self) -> str:
        return "<ZendeskApiToken>"


@dataclass(frozen=True, slots=True, repr=False)
class Site:
    """Where the account lives and how to prove who we are."""

    base: str
    """``https://acme.zendesk.com``: API calls and agent-interface links start here."""
    auth: httpx.Auth
    method: str
    """``"api_token"`` or ``"oauth"``."""

    def __repr__(self) -> str:
        return f"<Site {self.base} ({self.method})>"

    @classmethod
    def from_options(cls, settings: Mapping[str, str], secrets: Mapping[str, str]) -> Site:
        """Validate a profile's options; :class:`InvalidRequestError` names what is wrong."""
        base = base_url(settings, vendor="Zendesk", domain="zendesk.com", credential="token")
        token = secrets.get("token") or ""
        if not token:
            raise InvalidRequestError("Zendesk needs a token (an API token or an OAuth token)")
        email = (settings.get("email") or "").strip()
        method = (settings.get("auth") or ("api_token" if email else "oauth")).strip().lower()
        if method == "api_token":
            if not email or "@" not in email:
                raise InvalidRequestError(
                    "Zendesk API-token login needs the agent's email (option 'email')"
                )
            return cls(base=base, auth=_ApiTokenAuth(f"{email}/token", token), method=method)
        if method == "oauth":
            return cls(base=base, auth=ZendeskBearer(token), method=method)
        raise InvalidRequestError(
            f"Zendesk option 'auth' is {method!r}; use 'api_token' (email + API token) "
            "or 'oauth' (an OAuth access token)"
        )


def _error_code(content: bytes) -> str | None:
    """Zendesk's machine-readable error name (``RecordInvalid``), never free text."""
    try:
        body = msgspec.json.decode(content)
    except msgspec.DecodeError:
        return None
    code: Any = body.get("error") if isinstance(body, dict) else None
    if isinstance(code, dict):
        code = code.get("title")
    if isinstance(code, str) and _ERROR_CODE.match(code):
        return code
    return None


class Connection(common.Connection[Site]):
    """Requests against one Zendesk account (see
    :class:`api_client.backends.common.connection.Connection`)."""

    vendor = "Zendesk"

    def explain(self, failure: BackendError, response: httpx.Response) -> BackendError:
        """A conflict or a refused request names Zendesk's error code (``RecordInvalid``)."""
        code = _error_code(response.content)
        if code is not None and isinstance(failure, ConflictError):
            return ConflictError(f"{failure} ({code})")
        if code is not None and type(failure) is InvalidRequestError:
            return InvalidRequestError(f"{failure} ({code})")
        return failure

    async def pages(
        self,
        path: str,
        kind: type[P],
        params: Params | None = None,
        *,
        cursor: bool = True,
        max_records: int | None = None,
    ) -> AsyncIterator[P]:
        """Every page of a list, by cursor; by offset (10,000 records at most) when that
        is all the endpoint does. ``max_records`` stops early (a multiple of 100)."""
        base = dict(params or {})
        query: dict[str, str | Sequence[str]] = dict(base)
        if cursor:
            query["page[size]"] = str(CURSOR_PAGE_SIZE)
        else:
            query["per_page"] = str(CURSOR_PAGE_SIZE)
        number = 1
        seen: set[str] = set()
        for _ in range(MAX_PAGES):
            page = await self.get(path, kind, query)
            yield page
            read = number * CURSOR_PAGE_SIZE
            if max_records is not None and read >= max_records:
                return
            meta = page.meta
            if meta is not None:
                after = meta.after_cursor
                if not meta.has_more or not after or after in seen:
                    return
                seen.add(after)
                query = {**base, "page[size]": str(CURSOR_PAGE_SIZE), "page[after]": after}
                number += 1
                continue
            if page.next_page is None:
                return
            # The endpoint pages by offset: go on by page number, never past the cap.
            if read + CURSOR_PAGE_SIZE > OFFSET_RECORD_CAP:
                logger.warning(
                    "%s: stopped at %d records, Zendesk's offset pagination cap", path, read
                )
                return
            number += 1
            query = {**base, "page": str(number), "per_page": str(CURSOR_PAGE_SIZE)}
