"""What the fake helpdesks share: recording, failure injection, routing, the answer loop.

Each fake (:mod:`.zendesk_mock`, :mod:`.freshdesk_mock`, :mod:`.gorgias_mock`) is the
handler of an ``httpx.MockTransport`` over its own state. :meth:`MockHelpdesk.handle`
takes a request the same way for all of them: it records it; an injected
:class:`Failure` takes it first (a status, or a transport error before anything is
done); the fake's rate limit may refuse it; another host is a 404 and missing
credentials a 401; then the route for its method and path answers, or refuses by
raising :class:`Answer`. A failure injected with ``after=True`` lets the route apply the
request, then loses the answer.

What differs from one helpdesk to another is left to the fake: its credentials
(:meth:`MockHelpdesk._authenticated`), its rate-limit headers
(:meth:`MockHelpdesk._answer_headers`, :meth:`MockHelpdesk._meter`,
:meth:`MockHelpdesk._cost`), how it spells a path (:meth:`MockHelpdesk._path`), the
bodies of its errors (class attributes) and every route.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

import httpx

__all__ = ["ISO", "START", "Answer", "Failure", "MockHelpdesk", "Recorded", "iso"]

ISO = "%Y-%m-%dT%H:%M:%SZ"
START = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)
"""Where every fake's virtual clock starts."""


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(ISO)


@dataclass
class Failure:
    """One injected failure, matched on method and path (a regular expression)."""

    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None
    error: type[httpx.TransportError] | None = None
    after: bool = False
    """Apply the request, then fail (the answer is lost)."""
    method: str | None = None
    path: str | None = None

    def matches(self, request: httpx.Request) -> bool:
        if self.method is not None and request.method != self.method:
            return False
        return self.path is None or re.search(self.path, request.url.path) is not None


@dataclass(frozen=True)
class Recorded:
    method: str
    path: str
    params: httpx.QueryParams
    headers: httpx.Headers
    body: Any


class Answer(Exception):
    """A route's refusal: the status, body and headers to answer with."""

    def __init__(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        super().__init__(status)
        self.status = status
        self.body = body
        self.headers = headers or {}


Route = tuple[str, re.Pattern[str], Callable[..., Any]]
"""Method, path pattern (its groups are ids) and the handler ``(request, body, *ids)``,
which gives ``(status, body)`` or ``(status, body, headers)``."""


class MockHelpdesk:
    """One fake account at ``https://{subdomain}.{domain}``."""

    domain: ClassVar[str]
    """``zendesk.com``."""
    lost_method: ClassVar[str] = "POST"
    """The write :meth:`lose_answer` loses unless told (the helpdesk's usual write)."""
    NOT_FOUND: ClassVar[Any] = None
    """The body of a 404 for a record that does not exist."""
    NO_ROUTE: ClassVar[Any] = None
    """The body of a 404 for a path the API does not have."""
    OTHER_HOST: ClassVar[Any] = None
    """The body of a 404 for a request to another account's host."""
    UNAUTHORIZED: ClassVar[Any] = None
    """The body of a 401."""

    def __init__(self, *, subdomain: str) -> None:
        self.subdomain = subdomain
        self.now = START
        self.tickets: dict[int, dict[str, Any]] = {}
        self.failures: list[Failure] = []
        self.requests: list[Recorded] = []
        self.agent_id: int | None = None
        """The user the credentials belong to (``authenticate_as``)."""
        self._ids = itertools.count(10_001)
        self._ticket_ids = itertools.count(101)
        self._routes: list[Route] = []
        self.transport = httpx.MockTransport(self.handle)

    @property
    def base(self) -> str:
        return f"https://{self.subdomain}.{self.domain}"

    def tick(self, seconds: float = 1) -> datetime:
        self.now += timedelta(seconds=seconds)
        return self.now

    def authenticate_as(self, user_id: int) -> None:
        self.agent_id = user_id

    # -- what happens on the helpdesk without us -------------------------------------------

    def _changed(self, ticket_id: int) -> None:
        """The ticket's update time moves on (and whatever else the helpdesk tracks)."""
        raise NotImplementedError

    def touch(self, ticket_id: int, **changes: Any) -> None:
        """Another agent changes the ticket (its update time moves on)."""
        self.tickets[ticket_id].update(changes)
        self._changed(ticket_id)

    # -- failure injection -----------------------------------------------------------------

    def fail_next(
        self,
        status: int,
        *,
        method: str | None = None,
        path: str | None = None,
        headers: dict[str, str] | None = None,
        body: Any = None,
        times: int = 1,
    ) -> None:
        for _ in range(times):
            self.failures.append(
                Failure(status=status, headers=headers or {}, body=body, method=method, path=path)
            )

    def break_next(
        self,
        error: type[httpx.TransportError],
        *,
        method: str | None = None,
        path: str | None = None,
        after: bool = False,
        times: int = 1,
    ) -> None:
        for _ in range(times):
            self.failures.append(Failure(error=error, after=after, method=method, path=path))

    def lose_answer(self, method: str | None = None, path: str | None = None) -> None:
        """The next matching write is applied, but its answer never arrives."""
        chosen = method if method is not None else self.lost_method
        self.break_next(httpx.ReadTimeout, method=chosen, path=path, after=True)

    # -- the transport -------------------------------------------------------------------

    def writes(self) -> list[Recorded]:
        return [r for r in self.requests if r.method != "GET"]

    def reads(self, path: str) -> list[Recorded]:
        return [r for r in self.requests if r.method == "GET" and r.path == path]

    def _authenticated(self, request: httpx.Request) -> bool:
        raise NotImplementedError

    def _answer_headers(self, cost: int) -> dict[str, str]:
        """The headers of every answer (content type, rate limit after ``cost`` calls)."""
        del cost
        return {"Content-Type": "application/json"}

    def _meter(self, request: httpx.Request) -> dict[str, str]:
        """Headers the rate limit adds to this request's answer; raise :class:`Answer` to
        refuse it (429)."""
        del request
        return {}

    def _cost(self, request: httpx.Request) -> int:
        """What answering ``request`` counts against the rate limit."""
        del request
        return 1

    def _path(self, request: httpx.Request) -> str:
        """The path routes are matched against."""
        return request.url.path

    def _take_failure(self, request: httpx.Request) -> Failure | None:
        for index, failure in enumerate(self.failures):
            if failure.matches(request):
                return self.failures.pop(index)
        return None

    def _response(
        self,
        request: httpx.Request,
        status: int,
        body: Any,
        headers: dict[str, str],
        *,
        cost: int = 1,
    ) -> httpx.Response:
        merged = {**self._answer_headers(cost), **headers}
        content = b"" if body is None else json.dumps(body).encode()
        return httpx.Response(status, headers=merged, content=content, request=request)

    def handle(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content) if request.content else None
        self.requests.append(
            Recorded(request.method, request.url.path, request.url.params, request.headers, body)
        )
        failure = self._take_failure(request)
        if failure is not None and not failure.after:
            if failure.error is not None:
                raise failure.error("injected", request=request)
            assert failure.status is not None
            return self._response(request, failure.status, failure.body, failure.headers)
        try:
            limits = self._meter(request)
        except Answer as refused:
            return self._response(request, refused.status, refused.body, refused.headers)
        if request.url.host != f"{self.subdomain}.{self.domain}":
            return self._response(request, 404, self.OTHER_HOST, limits)
        if not self._authenticated(request):
            return self._response(request, 401, self.UNAUTHORIZED, limits)
        cost = self._cost(request)
        try:
            status, answer, headers = self._route(request, self._path(request), body)
        except Answer as refused:
            return self._response(
                request, refused.status, refused.body, {**limits, **refused.headers}
            )
        if failure is not None:  # applied, then the answer is lost
            assert failure.error is not None
            raise failure.error("injected after the request was applied", request=request)
        return self._response(request, status, answer, {**limits, **headers}, cost=cost)

    def _route(
        self, request: httpx.Request, path: str, body: Any
    ) -> tuple[int, Any, dict[str, str]]:
        for method, pattern, handler in self._routes:
            match = pattern.fullmatch(path)
            if match is not None and method == request.method:
                ids = [int(group) for group in match.groups()]
                result = handler(request, body, *ids)
                if len(result) == 2:
                    return result[0], result[1], {}
                return result
        raise Answer(404, self.NO_ROUTE)

    def _find_ticket(self, ticket_id: int) -> dict[str, Any]:
        ticket = self.tickets.get(ticket_id)
        if ticket is None:
            raise Answer(404, self.NOT_FOUND)
        return ticket
