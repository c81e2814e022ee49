"""Where a helpdesk account lives, and the numeric ids in its URLs.

An account is ``https://{subdomain}.{domain}`` or a ``base_url`` given whole. The
credentials go only there, so a ``base_url`` must be https, except on the loopback
interface where tests run a mock, and must be just an address: no user, query or
fragment. Each helpdesk names itself, its domain and its credential in the messages.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import httpx

from api_client.backend import BackendOption
from api_client.errors import InvalidRequestError, NotFoundError

__all__ = ["LOOPBACK", "address_options", "base_url", "native_number"]

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
"""Hosts a ``base_url`` may reach over plain http (tests and local mocks)."""

_SUBDOMAIN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$", re.IGNORECASE)


def address_options(domain: str, *, label: str = "Subdomain") -> tuple[BackendOption, ...]:
    """The two ways to name an account (read back by :func:`base_url`): a subdomain of
    ``domain``, or a ``base_url`` given whole instead (proxies, self-hosted, tests).
    Login asks for the subdomain unless the base URL was given."""
    return (
        BackendOption(
            name="subdomain",
            label=label,
            description=f"acme for https://acme.{domain} (or give base_url)",
            alternative="base_url",
        ),
        BackendOption(
            name="base_url",
            label="Base URL",
            description="the account's full https address, instead of subdomain",
            required=False,
        ),
    )


def base_url(
    settings: Mapping[str, str],
    *,
    vendor: str,
    domain: str,
    credential: str,
    drop_suffix: str = "",
) -> str:
    """The account's address from option ``base_url`` or ``subdomain``.

    ``vendor`` (``"Zendesk"``), ``domain`` (``"zendesk.com"``) and ``credential`` (``"token"``)
    name things in the :class:`InvalidRequestError` that says what is wrong;
    ``drop_suffix`` is a path the vendor's users tend to paste with the address
    (``"/api"``).
    """
    given = (settings.get("base_url") or "").strip()
    subdomain = (settings.get("subdomain") or "").strip()
    example = f"https://acme.{domain}"
    if given:
        try:
            url = httpx.URL(given)
        except (httpx.InvalidURL, TypeError):
            raise InvalidRequestError(f"{vendor} option 'base_url' is not a URL") from None
        loopback = url.host in LOOPBACK
        if url.scheme != "https" and not (url.scheme == "http" and loopback):
            raise InvalidRequestError(
                f"{vendor} option 'base_url' must start with https:// (the {credential} must not "
                "travel in clear text)"
            )
        if not url.host or url.userinfo or url.query or url.fragment:
            raise InvalidRequestError(
                f"{vendor} option 'base_url' must be just the address, such as "
                f"{example} (no user, query or fragment)"
            )
        port = f":{url.port}" if url.port is not None else ""
        host = f"[{url.host}]" if ":" in url.host else url.host
        path = url.path.rstrip("/").removesuffix(drop_suffix)
        return f"{url.scheme}://{host}{port}{path}"
    if subdomain:
        if not _SUBDOMAIN.match(subdomain):
            raise InvalidRequestError(
                f"{vendor} subdomain {subdomain!r} is not valid: give 'acme' for {example}"
            )
        return f"https://{subdomain.lower()}.{domain}"
    raise InvalidRequestError(
        f"{vendor} needs option 'subdomain' (acme for {example}) or 'base_url'"
    )


def native_number(qualified_or_native: str, what: str, *, vendor: str) -> int:
    """The numeric helpdesk id inside one of our ids (``NotFoundError`` if it is none)."""
    _, _, rest = qualified_or_native.rpartition(":")
    if not rest.isdigit():
        raise NotFoundError(f"{what} {qualified_or_native!r} is not a {vendor} id")
    return int(rest)
