"""The one HTTP layer every backend shares: client factory, read retries, rate budget, errors.

Why it exists: each helpdesk limits and fails in its own way, and getting retries wrong
is how a customer receives the same reply four times (``httpx-retries`` retries PUT by
default; one lost Zendesk answer was sent four times). So the rules live here, once:

- :func:`make_client` builds the ``httpx.AsyncClient`` a backend receives: fixed
  timeouts, our User-Agent, no redirects, and an injectable inner transport.
- :class:`RetryTransport` retries **reads only** (GET, HEAD, OPTIONS): 429 honours
  ``Retry-After``, 502/503/504 and connection errors back off exponentially with jitter,
  all inside a total deadline. Writes go out exactly once whatever happens; whether an
  unanswered write may be resent is the outbox's decision, made from the error kind.
- :class:`RateBudget` reads every vendor's rate-limit headers, tells a sync engine how
  long to wait so it slows down *before* the helpdesk answers 429, and gives the UI a
  :class:`BudgetSnapshot` to show.
- :func:`translate_error` and :func:`raise_for_status` turn ``httpx`` failures into
  :mod:`api_client.errors`, with messages that name the method and the URL path only:
  never a header, a token or a query string.
"""

from __future__ import annotations

import asyncio
import dataclasses
import importlib.metadata
import logging
import math
import re
import threading
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from random import random as _uniform
from typing import TypeVar

import httpx
import msgspec

from api_client.errors import (
    AuthError,
    BackendError,
    ConflictError,
    InvalidRequestError,
    InvalidResponseError,
    NotFoundError,
    OutcomeUnknownError,
    PermissionDeniedError,
    RateLimitedError,
    UnavailableError,
)

__all__ = [
    "DEFAULT_RATE_LIMIT_WAIT",
    "DEFAULT_TIMEOUT",
    "DEFAULT_USER_AGENT",
    "READ_METHODS",
    "RETRY_STATUSES",
    "BudgetSnapshot",
    "RateBudget",
    "RetryPolicy",
    "RetryTransport",
    "is_read",
    "make_client",
    "parse_retry_after",
    "raise_for_status",
    "status_error",
    "translate_error",
]

logger = logging.getLogger(__name__)

_T = TypeVar("_T")


def _version() -> str:
    try:
        return importlib.metadata.version("deskside")
    except importlib.metadata.PackageNotFoundError:  # running from a bare checkout
        return "0+unknown"


DEFAULT_USER_AGENT = f"deskside/{_version()} (+https://github.com/deskside)"
"""What every request says it is, so a helpdesk's support can find our traffic."""

DEFAULT_TIMEOUT = httpx.Timeout(connect=5.0, read=30.0, write=30.0, pool=5.0)

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
"""The only methods the transport ever sends twice."""

RETRY_STATUSES = frozenset({429, 502, 503, 504})
"""Answers after which a read is tried again."""

_RETRY_ERRORS: tuple[type[httpx.TransportError], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.ReadTimeout,
    httpx.ReadError,
    httpx.WriteError,
    httpx.RemoteProtocolError,
)
"""Transport failures after which a read is tried again."""

_NEVER_SENT: tuple[type[httpx.TransportError], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.UnsupportedProtocol,
)
"""Failures that provably happen before a single byte of the request left."""

_ERROR_PHRASES: tuple[tuple[type[httpx.HTTPError], str], ...] = (
    (httpx.ConnectTimeout, "connecting timed out"),
    (httpx.ConnectError, "could not connect"),
    (httpx.PoolTimeout, "no free connection in time"),
    (httpx.UnsupportedProtocol, "unsupported URL scheme"),
    (httpx.ReadTimeout, "no answer in time"),
    (httpx.WriteTimeout, "sending timed out"),
    (httpx.ReadError, "the connection broke while waiting for the answer"),
    (httpx.WriteError, "the connection broke while sending"),
    (httpx.RemoteProtocolError, "the server closed the connection or answered garbage"),
    (httpx.ProxyError, "the proxy refused the connection"),
    (httpx.DecodingError, "the answer could not be decoded"),
    (httpx.TooManyRedirects, "too many redirects"),
)
"""Our own words for httpx failures: their messages may quote URLs, so we never show them."""

_OUTCOME_UNKNOWN_STATUSES = frozenset({502, 504, 524})
"""Gateway answers meaning the helpdesk itself may have applied a write we never heard back on."""

DEFAULT_RATE_LIMIT_WAIT = 5.0
"""Seconds to wait after a 429 that does not say how long."""

_DEFAULT_WINDOW = 60.0
"""Most helpdesk limits are per minute (Zendesk, Freshdesk, Help Scout)."""

_GORGIAS_WINDOW = 20.0
"""Gorgias's leaky bucket empties completely in 20 seconds."""

_MAX_RESET = 86_400.0
"""A reset further away than a day is garbage."""

_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]*)?|\.[0-9]+", re.ASCII)
_SIGNED_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)", re.ASCII)
_PARAM = re.compile(r"([A-Za-z][A-Za-z0-9_-]*)\s*=\s*\"?([^\s,;\"]*)", re.ASCII)
_POLICY_NAME = re.compile(r"^\s*\"([^\"]*)\"|^\s*([A-Za-z][A-Za-z0-9_-]*)\s*(?:;|$)", re.ASCII)
_OLD_RATELIMIT = re.compile(r"\b(?:remaining|limit)\s*=", re.ASCII)
_CALL_LIMIT = re.compile(r"\s*([0-9]+)\s*/\s*([0-9]+)\s*", re.ASCII)


def is_read(method: str) -> bool:
    """Whether ``method`` is a read the transport may send again (GET, HEAD, OPTIONS)."""
    return method.upper() in READ_METHODS


# -- Retry-After ----------------------------------------------------------------------


def parse_retry_after(value: str | None, now: datetime, *, maximum: float = 3600.0) -> float | None:
    """Seconds to wait from a ``Retry-After`` value, or ``None`` when absent or unreadable.

    Accepts delta-seconds (``"120"``; ``"1.5"`` is tolerated) and HTTP-dates, read
    against ``now`` (a naive datetime is taken as UTC). A negative delay or a date in
    the past gives ``0.0``; the result is clamped to ``[0, maximum]``. Never raises.
    """
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    seconds: float
    if _SIGNED_NUMBER.fullmatch(text):
        seconds = float(text)  # digits only, so the worst is inf, which the clamp handles
    else:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        if now.tzinfo is None:
            now = now.replace(tzinfo=UTC)
        try:
            seconds = (when - now).total_seconds()
        except OverflowError:
            return None
    if math.isnan(seconds):
        return None
    return min(max(seconds, 0.0), max(maximum, 0.0))


def _server_now(headers: httpx.Headers, wall: float) -> datetime:
    """The answer's own ``Date`` (an HTTP-date Retry-After is on the server's clock)."""
    date = headers.get("date")
    if date is not None:
        try:
            parsed = parsedate_to_datetime(date)
        except (TypeError, ValueError, IndexError, OverflowError):
            pass
        else:
            return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)
    return datetime.fromtimestamp(wall, UTC)


def _retry_after(headers: httpx.Headers, wall: float, *, maximum: float) -> float | None:
    """``Retry-After``, else Help Scout's ``X-RateLimit-Retry-After``, in seconds."""
    now = _server_now(headers, wall)
    for name in ("retry-after", "x-ratelimit-retry-after"):
        seconds = parse_retry_after(headers.get(name), now, maximum=maximum)
        if seconds is not None:
            return seconds
    return None


# -- the retry policy and transport ---------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class RetryPolicy:
    """How hard the transport tries a read again. Writes are never retried.

    Backoff for attempt *n* (the first attempt is 1) is
    ``min(max_delay, base_delay * 2**(n-1))`` reduced by up to ``jitter`` of itself, so
    clients that failed together do not come back together. A ``Retry-After`` wait is
    the helpdesk's value plus up to ``retry_after_jitter`` seconds, never less; one longer
    than ``max_retry_after`` is not waited for at all (retrying early only earns another
    429). No wait may carry the whole exchange past ``deadline`` seconds.
    """

    max_attempts: int = 5
    base_delay: float = 0.5
    max_delay: float = 30.0
    max_retry_after: float = 120.0
    deadline: float = 60.0
    jitter: float = 0.5
    retry_after_jitter: float = 1.0

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        for name in ("base_delay", "max_delay", "max_retry_after", "deadline"):
            value = getattr(self, name)
            if not (value >= 0.0 and math.isfinite(value)):
                raise ValueError(f"{name} must be a finite number of seconds >= 0")
        if not (0.0 <= self.jitter <= 1.0):
            raise ValueError("jitter must be a fraction between 0 and 1")
        if not (self.retry_after_jitter >= 0.0 and math.isfinite(self.retry_after_jitter)):
            raise ValueError("retry_after_jitter must be a finite number of seconds >= 0")

    def backoff_delay(self, attempt: int, rand: float = 0.0) -> float:
        """Seconds to wait after failed attempt ``attempt``; ``rand`` in [0, 1] is the jitter."""
        exponent = min(max(attempt, 1) - 1, 62)  # beyond that max_delay has long won
        raw = min(self.max_delay, self.base_delay * float(2**exponent))
        return raw * (1.0 - self.jitter * _unit(rand))

    def retry_after_delay(self, retry_after: float, rand: float = 0.0) -> float:
        """Seconds to wait when the helpdesk said ``Retry-After: retry_after``."""
        return max(retry_after, 0.0) + self.retry_after_jitter * _unit(rand)


def _unit(value: float) -> float:
    """``value`` forced into [0, 1] (NaN counts as 0)."""
    return min(max(value, 0.0), 1.0) if value == value else 0.0


class RetryTransport(httpx.AsyncBaseTransport):
    """Wraps a transport: retries reads per :class:`RetryPolicy`, feeds a :class:`RateBudget`.

    Only GET, HEAD and OPTIONS are retried, on 429/502/503/504 and on connection
    failures. POST, PUT, PATCH and DELETE are sent exactly once: their failures go back
    to the caller untouched. Every response, including the ones discarded before a
    retry (whose bodies are closed), is shown to the budget. ``sleep``, ``clock``
    (monotonic seconds), ``wall_clock`` (epoch seconds) and ``random`` are injectable
    so tests run instantly and deterministically.
    """

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        *,
        policy: RetryPolicy | None = None,
        budget: RateBudget | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        random: Callable[[], float] = _uniform,
    ) -> None:
        self.inner = inner
        self.policy = policy if policy is not None else RetryPolicy()
        self.budget = budget
        self._sleep = sleep
        self._clock = clock
        self._wall_clock = wall_clock
        self._random = random

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not is_read(request.method):
            return await self._send(request)
        policy = self.policy
        start = self._clock()
        for attempt in range(1, policy.max_attempts):
            try:
                response = await self._send(request)
            except _RETRY_ERRORS as error:
                wait = policy.backoff_delay(attempt, self._random())
                if not self._fits(start, wait):
                    raise
                self._log(request, type(error).__name__, wait, attempt)
                await self._sleep(wait)
                continue
            wait_or_none = self._wait_after(response, attempt)
            if wait_or_none is None or not self._fits(start, wait_or_none):
                return response
            await response.aclose()
            self._log(request, str(response.status_code), wait_or_none, attempt)
            await self._sleep(wait_or_none)
        return await self._send(request)  # the last attempt: whatever comes is the answer

    async def aclose(self) -> None:
        await self.inner.aclose()

    async def _send(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if self.budget is not None:
            try:
                self.budget.observe(response)
            except Exception:  # the budget is advice: it must never fail a request
                logger.warning("rate budget could not read an answer's headers", exc_info=True)
        return response

    def _wait_after(self, response: httpx.Response, attempt: int) -> float | None:
        """Seconds to wait before trying again, or ``None`` to hand this answer back."""
        if response.status_code not in RETRY_STATUSES:
            return None
        retry_after = _retry_after(response.headers, self._wall_clock(), maximum=math.inf)
        if retry_after is None:
            return self.policy.backoff_delay(attempt, self._random())
        if retry_after > self.policy.max_retry_after:
            return None
        return self.policy.retry_after_delay(retry_after, self._random())

    def _fits(self, start: float, wait: float) -> bool:
        return (self._clock() - start) + wait <= self.policy.deadline

    def _log(self, request: httpx.Request, reason: str, wait: float, attempt: int) -> None:
        logger.info(
            "retrying %s %s after %s in %.1f s (attempt %d of %d)",
            request.method,
            request.url.path,
            reason,
            wait,
            attempt + 1,
            self.policy.max_attempts,
        )


# -- the rate budget ------------------------------------------------------------------


class BudgetSnapshot(msgspec.Struct, frozen=True, kw_only=True):
    """What the UI shows of the rate budget at one instant."""

    limit: int | None
    remaining: int | None
    fraction_left: float | None
    reset_in: float | None
    """Seconds until the helpdesk says the budget refills, when it says."""
    paused_for: float
    """Seconds left of a pause a 429 asked for (0 when not paused)."""


@dataclasses.dataclass(frozen=True, slots=True)
class _Reading:
    """One vendor header family's view of the limit."""

    limit: int | None
    remaining: int | None
    reset_in: float | None = None
    window: float | None = None
    leak: float | None = None
    """Calls per second a leaky bucket gives back (Gorgias)."""

    def tightness(self) -> tuple[float, float]:
        """Sort key: the reading closest to running out comes first."""
        if self.remaining is None:
            return (2.0, math.inf)
        if self.limit:
            return (min(self.remaining / self.limit, 1.0), float(self.remaining))
        return (0.0 if self.remaining == 0 else 1.0, float(self.remaining))


class RateBudget:
    """How much of the helpdesk's rate limit is left, read from every answer's headers.

    Understands ``X-Rate-Limit``/``X-Rate-Limit-Remaining`` (Zendesk account),
    ``RateLimit-Limit``/``-Remaining``/``-Reset`` and the combined ``RateLimit`` and
    ``RateLimit-Policy`` forms (IETF drafts), ``Zendesk-RateLimit-*`` endpoint headers,
    ``X-RateLimit-Limit``/``-Remaining``/``-Reset`` (reset in seconds or as an epoch),
    Freshdesk's ``X-Ratelimit-Total``, Help Scout's ``X-RateLimit-*-Minute``, Gorgias's
    ``X-Gorgias-Account-Api-Call-Limit: used/limit`` leaky bucket, and a 429's
    ``Retry-After`` (which pauses). When several limits are reported at once, the one
    closest to running out wins. Garbage values are ignored, never raised.

    Times (``reset_at``, ``paused_until``) are on the injected monotonic ``clock``.
    Single event loop use is the design; a lock keeps a snapshot taken from another
    thread consistent.
    """

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        slow_below: float = 0.2,
        max_pause: float = 3600.0,
    ) -> None:
        if not (0.0 < slow_below <= 1.0):
            raise ValueError("slow_below must be a fraction in (0, 1]")
        self.limit: int | None = None
        self.remaining: int | None = None
        self.reset_at: float | None = None
        self.paused_until: float | None = None
        self.slow_below = slow_below
        self.max_pause = max_pause
        self._clock = clock
        self._wall_clock = wall_clock
        self._sleep = sleep
        self._observed_at: float | None = None
        self._window = _DEFAULT_WINDOW
        self._leak: float | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"<RateBudget remaining={self.remaining!r} limit={self.limit!r}>"

    # -- reading answers ---------------------------------------------------------

    def observe(self, response: httpx.Response) -> None:
        """Update from one answer (its headers and, for 429, its ``Retry-After``)."""
        self.observe_headers(response.headers, status_code=response.status_code)

    def observe_headers(self, headers: Mapping[str, str], *, status_code: int = 200) -> None:
        """Update from raw headers (any mapping; names are matched case-insensitively)."""
        found = _as_headers(headers)
        now = self._clock()
        wall = self._wall_clock()
        readings = _readings(found, wall)
        with self._lock:
            if readings:
                best = min(readings, key=_Reading.tightness)
                self.limit = best.limit
                self.remaining = best.remaining
                self.reset_at = None if best.reset_in is None else now + best.reset_in
                self._window = best.window or _DEFAULT_WINDOW
                self._leak = best.leak
                self._observed_at = now
            if status_code == 429:
                pause = _retry_after(found, wall, maximum=self.max_pause)
                if pause is None:
                    pause = (
                        self.reset_at - now
                        if self.reset_at is not None and self.reset_at > now
                        else DEFAULT_RATE_LIMIT_WAIT
                    )
                self.paused_until = now + min(pause, self.max_pause)

    # -- advice ------------------------------------------------------------------

    def fraction_left(self) -> float | None:
        """``remaining / limit`` in [0, 1], or ``None`` when either is unknown."""
        limit, remaining = self.limit, self.remaining
        if remaining is None or not limit or limit <= 0:
            return None
        return min(max(remaining / limit, 0.0), 1.0)

    def delay_before_next(self, now: float | None = None) -> float:
        """Seconds to wait before the next request (``now`` on the budget's clock).

        0 while plenty is left. Below ``slow_below`` of the limit the wait grows
        smoothly as the remaining calls approach 0 (they are spread over the time left
        until the reset) so a sync engine slows down before the helpdesk answers 429.
        A pause a 429 asked for is always honoured.
        """
        if now is None:
            now = self._clock()
        with self._lock:
            wait = self._pacing(now)
            if self.paused_until is not None and self.paused_until > now:
                wait = max(wait, self.paused_until - now)
        return min(max(wait, 0.0), self.max_pause)

    async def wait(self) -> float:
        """Sleep for :meth:`delay_before_next` (with the injected sleep); return the seconds."""
        delay = self.delay_before_next()
        if delay > 0.0:
            await self._sleep(delay)
        return delay

    def snapshot(self, now: float | None = None) -> BudgetSnapshot:
        """An immutable view for the UI."""
        if now is None:
            now = self._clock()
        with self._lock:
            paused = self.paused_until
            reset = self.reset_at
            return BudgetSnapshot(
                limit=self.limit,
                remaining=self.remaining,
                fraction_left=self.fraction_left(),
                reset_in=None if reset is None else max(reset - now, 0.0),
                paused_for=0.0 if paused is None else max(paused - now, 0.0),
            )

    def _pacing(self, now: float) -> float:
        limit, remaining, observed = self.limit, self.remaining, self._observed_at
        if remaining is None or not limit or limit <= 0 or observed is None:
            return 0.0
        elapsed = max(now - observed, 0.0)
        left = float(min(remaining, limit))
        if self._leak:  # a leaky bucket gives calls back continuously
            left = min(left + elapsed * self._leak, float(limit))
            horizon = 1.0 / self._leak
            pace = horizon
        else:
            reset_at = self.reset_at if self.reset_at is not None else observed + self._window
            if now >= reset_at:
                return 0.0  # the window has turned over: the budget is full again
            horizon = reset_at - now
            pace = horizon / (left + 1.0)
        fraction = left / limit
        if fraction >= self.slow_below:
            return 0.0
        pressure = (self.slow_below - fraction) / self.slow_below  # (0, 1]
        return min(pressure * pace, horizon)


def _as_headers(headers: Mapping[str, str]) -> httpx.Headers:
    """Case-insensitive headers from any mapping (non-ASCII text must not raise)."""
    if isinstance(headers, httpx.Headers):
        return headers
    return httpx.Headers(
        [
            (str(name).encode("utf-8", "replace"), str(value).encode("utf-8", "replace"))
            for name, value in headers.items()
        ]
    )


def _number(value: str | None) -> float | None:
    """A non-negative finite number, or ``None``."""
    if value is None:
        return None
    text = value.strip()
    if not _NUMBER.fullmatch(text):
        return None
    number = float(text)
    return number if math.isfinite(number) else None


def _count(value: str | None) -> int | None:
    number = _number(value)
    return None if number is None else int(number)


def _header_count(headers: httpx.Headers, name: str) -> int | None:
    """The first readable count among repeated ``name`` headers."""
    for value in headers.get_list(name, split_commas=True):
        count = _count(value)
        if count is not None:
            return count
    return None


def _reset_in(value: float | None, wall: float) -> float | None:
    """Seconds until a reset given as delta-seconds, epoch seconds or epoch milliseconds."""
    if value is None:
        return None
    if value >= 1e12:
        value = value / 1000.0 - wall
    elif value >= 1e9:
        value = value - wall
    return min(max(value, 0.0), _MAX_RESET)


def _first(values: Iterable[_T | None]) -> _T | None:
    """The first value that is not ``None``."""
    return next((value for value in values if value is not None), None)


def _params(text: str) -> dict[str, str]:
    """``key=value`` pairs of a structured header (first occurrence wins, keys lowercased)."""
    found: dict[str, str] = {}
    for key, value in _PARAM.findall(text):
        found.setdefault(key.lower(), value)
    return found


def _simple(
    headers: httpx.Headers,
    limit: tuple[str, ...],
    remaining: str,
    reset: str | None,
    wall: float,
    window: float | None = None,
) -> _Reading | None:
    """A reading from one family of separate limit/remaining/reset headers."""
    left = _header_count(headers, remaining)
    total = _first(_header_count(headers, name) for name in limit)
    if left is None and total is None:
        return None
    reset_in = None
    if reset is not None:
        reset_in = _reset_in(_number(headers.get(reset)), wall)
    return _Reading(limit=total, remaining=left, reset_in=reset_in, window=window)


def _combined(params: Mapping[str, str], wall: float, *, window: float | None) -> _Reading | None:
    """A reading from ``key=value`` parameters (old IETF form and Zendesk endpoint headers)."""
    total = _first(_count(params.get(key)) for key in ("limit", "total", "q"))
    left = _first(_count(params.get(key)) for key in ("remaining", "r"))
    if left is None:
        return None
    reset = _first(_number(params.get(key)) for key in ("reset", "resets", "t"))
    return _Reading(limit=total, remaining=left, reset_in=_reset_in(reset, wall), window=window)


def _policy_name(item: str) -> str:
    match = _POLICY_NAME.match(item)
    if match is None:
        return ""
    return match.group(1) if match.group(1) is not None else match.group(2)


def _ietf_structured(headers: httpx.Headers, wall: float) -> list[_Reading]:
    """``RateLimit`` (``limit=, remaining=, reset=`` or ``"name";r=;t=``) + ``RateLimit-Policy``."""
    value = headers.get("ratelimit")
    if value is None:
        return []
    policies: dict[str, tuple[int | None, float | None]] = {}
    for item in (headers.get("ratelimit-policy") or "").split(","):
        params = _params(item)
        quota = _count(params.get("q"))
        if quota is None:  # draft-07 style: "100;w=60"
            quota = _count(item.split(";", 1)[0])
        policies.setdefault(_policy_name(item), (quota, _number(params.get("w"))))
    # Drafts up to 07 list one policy's keys separated by commas; later ones one item a policy.
    items = [value] if _OLD_RATELIMIT.search(value) else value.split(",")
    readings = []
    for item in items:
        params = dict(_params(item))
        quota, window = policies.get(_policy_name(item), (None, None))
        if quota is not None:
            params.setdefault("q", str(quota))
        reading = _combined(params, wall, window=window)
        if reading is not None:
            readings.append(reading)
    return readings


def _gorgias(headers: httpx.Headers) -> _Reading | None:
    """``X-Gorgias-Account-Api-Call-Limit: used/limit`` on a 20 s leaky bucket."""
    value = headers.get("x-gorgias-account-api-call-limit")
    match = _CALL_LIMIT.fullmatch(value) if value is not None else None
    if match is None:
        return None
    used, limit = int(match.group(1)), int(match.group(2))
    if limit <= 0:
        return None
    used = min(used, limit)
    leak = limit / _GORGIAS_WINDOW
    return _Reading(
        limit=limit,
        remaining=limit - used,
        reset_in=used / leak,
        window=_GORGIAS_WINDOW,
        leak=leak,
    )


def _readings(headers: httpx.Headers, wall: float) -> list[_Reading]:
    """Every limit the headers report, one reading per vendor family."""
    candidates: list[_Reading | None] = [
        # Zendesk account-wide, per minute, no reset header.
        _simple(
            headers,
            ("x-rate-limit", "x-rate-limit-limit"),
            "x-rate-limit-remaining",
            None,
            wall,
            _DEFAULT_WINDOW,
        ),
        # IETF draft split headers (Zendesk endpoint limits use these); reset in seconds.
        _simple(headers, ("ratelimit-limit",), "ratelimit-remaining", "ratelimit-reset", wall),
        # GitHub-style and Freshdesk ("X-Ratelimit-Total"); reset in seconds or an epoch.
        _simple(
            headers,
            ("x-ratelimit-limit", "x-ratelimit-total"),
            "x-ratelimit-remaining",
            "x-ratelimit-reset",
            wall,
        ),
        # Help Scout, per minute.
        _simple(
            headers,
            ("x-ratelimit-limit-minute",),
            "x-ratelimit-remaining-minute",
            None,
            wall,
            _DEFAULT_WINDOW,
        ),
        _gorgias(headers),
    ]
    candidates.extend(_ietf_structured(headers, wall))
    for name, value in headers.multi_items():
        if name.lower().startswith("zendesk-ratelimit-"):
            candidates.append(_combined(_params(value), wall, window=None))
    return [reading for reading in candidates if reading is not None]


# -- errors ---------------------------------------------------------------------------


def _where(method: str, request: httpx.Request | None) -> str:
    """``METHOD /path``: never the host's userinfo, the query string or any header."""
    if request is None:
        return method.upper()
    return f"{method.upper()} {request.url.path}"


def _request_of(error: httpx.HTTPError) -> httpx.Request | None:
    try:
        return error.request
    except RuntimeError:  # raised without a request attached
        return None


def _request_of_response(response: httpx.Response) -> httpx.Request | None:
    try:
        return response.request
    except RuntimeError:
        return None


def _phrase(status: int) -> str:
    """The standard reason phrase (the server's own could be anything)."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "HTTP error"


def status_error(response: httpx.Response, *, method: str | None = None) -> BackendError | None:
    """The :mod:`api_client.errors` error an answer means, or ``None`` for a 2xx."""
    status = response.status_code
    if 200 <= status < 300:
        return None
    request = _request_of_response(response)
    if method is None:
        method = request.method if request is not None else "?"
    where = f"{_where(method, request)}: {status} {_phrase(status)}"
    if status == 403:
        return PermissionDeniedError(where)
    if status == 401:
        return AuthError(where)
    if status in (404, 410):
        return NotFoundError(where)
    if status in (409, 412):
        return ConflictError(where)
    if status == 429:
        retry_after = _retry_after(response.headers, time.time(), maximum=3600.0)
        wait = retry_after if retry_after is not None else DEFAULT_RATE_LIMIT_WAIT
        return RateLimitedError(f"{where} (retry in {wait:g} s)", retry_after=wait)
    if status >= 500 or status == 408:
        if not is_read(method) and status in _OUTCOME_UNKNOWN_STATUSES:
            return OutcomeUnknownError(f"{where}: the change may or may not have been applied")
        return UnavailableError(where)
    if 400 <= status < 500:
        return InvalidRequestError(where)
    return InvalidResponseError(f"{where}: unexpected answer")  # 1xx, 3xx (no redirects)


def raise_for_status(response: httpx.Response) -> None:
    """Raise the :mod:`api_client.errors` error a non-2xx answer means."""
    error = status_error(response)
    if error is not None:
        raise error


def translate_error(exc: httpx.HTTPError, *, method: str) -> BackendError:
    """The :mod:`api_client.errors` error an ``httpx`` failure means (to ``raise ... from``).

    Connection failures before anything left give ``UnavailableError(sent=False)``, so a
    write may safely be sent again. Once a write may have reached the helpdesk (timeouts
    or breaks while sending or waiting for the answer), it is ``OutcomeUnknownError``:
    reconcile before any resend. A read that fails the same way is ``UnavailableError``.
    The message is ours: method and URL path, never the exception's own text.
    """
    request = _request_of(exc)
    where = _where(method, request)
    if isinstance(exc, httpx.HTTPStatusError):
        error = status_error(exc.response, method=method)
        return error if error is not None else InvalidResponseError(f"{where}: unexpected answer")
    phrase = next((text for kind, text in _ERROR_PHRASES if isinstance(exc, kind)), "failed")
    message = f"{where}: {phrase} ({type(exc).__name__})"
    if isinstance(exc, httpx.DecodingError | httpx.TooManyRedirects):
        return InvalidResponseError(message)
    if isinstance(exc, _NEVER_SENT):
        return UnavailableError(message, sent=False)
    if not is_read(method):
        return OutcomeUnknownError(f"{message}: the change may or may not have been applied")
    return UnavailableError(message)


# -- the client -----------------------------------------------------------------------


def make_client(
    *,
    base_url: str = "",
    auth: httpx.Auth | tuple[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    budget: RateBudget | None = None,
    policy: RetryPolicy | None = None,
    user_agent: str = DEFAULT_USER_AGENT,
) -> httpx.AsyncClient:
    """The ``httpx.AsyncClient`` a backend receives.

    Timeouts connect 5 s, read 30 s, write 30 s, pool 5 s; redirects are not followed.
    ``transport`` is the inner transport (tests pass ``httpx.MockTransport``); it is
    wrapped in a :class:`RetryTransport` with ``policy`` that feeds ``budget``. A
    ``RetryTransport`` given as ``transport`` is used as it is (to inject its clock and
    sleep), and then ``policy`` and ``budget`` must be left out. ``user_agent`` wins over
    a ``User-Agent`` in ``headers``.

    Note: with an explicit transport httpx ignores the proxy environment variables.
    """
    if isinstance(transport, RetryTransport):
        if policy is not None or budget is not None:
            raise ValueError("give policy and budget to the RetryTransport itself")
        retrying = transport
    else:
        inner = transport if transport is not None else httpx.AsyncHTTPTransport(retries=0)
        retrying = RetryTransport(inner, policy=policy, budget=budget)
    merged = httpx.Headers(headers or {})
    merged["User-Agent"] = user_agent
    return httpx.AsyncClient(
        base_url=base_url,
        auth=auth,
        headers=merged,
        transport=retrying,
        timeout=DEFAULT_TIMEOUT,
        follow_redirects=False,
    )
