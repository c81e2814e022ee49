"""The HTTP layer: reads retried by the rules, writes sent once, budgets read, errors named.

No network and no real sleeping: every transport is an ``httpx.MockTransport`` and every
clock, sleep and random number is a fake the test controls.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

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
from api_client.http import (
    DEFAULT_TIMEOUT,
    DEFAULT_USER_AGENT,
    BudgetSnapshot,
    RateBudget,
    RetryPolicy,
    RetryTransport,
    is_read,
    make_client,
    parse_retry_after,
    raise_for_status,
    status_error,
    translate_error,
)

BASE = "https://acme.zendesk.com"
PATH = "/api/v2/tickets/42.json"
WALL = 1_700_000_000.0
"""The fake epoch the wall clock starts at."""
NOW = datetime.fromtimestamp(WALL, UTC)
SECRET_TOKEN = "tok-5ecr3t-AUTH"
SECRET_QUERY = "qry-5ecr3t-QUERY"
SECRET_PASSWORD = "pw-5ecr3t-USERINFO"

WRITES = ("POST", "PUT", "PATCH", "DELETE")


# -- fakes ------------------------------------------------------------------------------


class FakeTime:
    """A monotonic clock, a wall clock and a sleep that only moves the clocks forward."""

    def __init__(self) -> None:
        self.now = 1_000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def wall(self) -> float:
        return WALL + (self.now - 1_000.0)

    async def sleep(self, seconds: float) -> None:
        assert seconds >= 0
        self.sleeps.append(seconds)
        self.now += seconds


class TrackedStream(httpx.AsyncByteStream):
    """A response body that remembers whether it was closed."""

    def __init__(self) -> None:
        self.closed = False
        self.read = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        self.read = True
        yield b"{}"

    async def aclose(self) -> None:
        self.closed = True


Outcome = int | tuple[int, dict[str, str]] | type[httpx.TransportError]


class Script:
    """A MockTransport handler answering from a script (the last entry repeats)."""

    def __init__(self, *outcomes: Outcome, time: FakeTime | None = None, cost: float = 0.0):
        self.outcomes = outcomes
        self.requests: list[httpx.Request] = []
        self.streams: list[TrackedStream] = []
        self.time = time
        self.cost = cost
        """Seconds each request takes on the fake clock."""

    @property
    def calls(self) -> int:
        return len(self.requests)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.time is not None:
            self.time.now += self.cost
        outcome = self.outcomes[min(len(self.requests), len(self.outcomes)) - 1]
        if isinstance(outcome, type):
            raise outcome("simulated failure", request=request)
        status, headers = outcome if isinstance(outcome, tuple) else (outcome, {})
        stream = TrackedStream()
        self.streams.append(stream)
        return httpx.Response(status, headers=headers, stream=stream)


def retrying(
    script: Script,
    time: FakeTime,
    *,
    policy: RetryPolicy | None = None,
    budget: RateBudget | None = None,
    random: Callable[[], float] = lambda: 0.0,
) -> httpx.AsyncClient:
    transport = RetryTransport(
        httpx.MockTransport(script),
        policy=policy,
        budget=budget,
        sleep=time.sleep,
        clock=time.clock,
        wall_clock=time.wall,
        random=random,
    )
    return make_client(base_url=BASE, transport=transport)


def budget_for(time: FakeTime, **kwargs: float) -> RateBudget:
    return RateBudget(clock=time.clock, wall_clock=time.wall, sleep=time.sleep, **kwargs)


def http_date(moment: datetime) -> str:
    return format_datetime(moment, usegmt=True)


# -- parse_retry_after -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("120", 120.0),
        ("0", 0.0),
        ("  7 ", 7.0),
        ("1.5", 1.5),
        ("-5", 0.0),
        ("99999999", 3600.0),
        ("9" * 400, 3600.0),
        (None, None),
        ("", None),
        ("   ", None),
        ("soon", None),
        ("nan", None),
        ("inf", None),
        ("1e3", None),
        ("0x10", None),
        ("12 s", None),
        ("Wed, 99 Foo 2015 07:28:00 GMT", None),
    ],
)
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value, NOW) == expected


def test_parse_retry_after_reads_http_dates_against_now() -> None:
    assert parse_retry_after(http_date(NOW + timedelta(seconds=30)), NOW) == 30.0
    assert parse_retry_after(http_date(NOW - timedelta(seconds=30)), NOW) == 0.0
    assert parse_retry_after(http_date(NOW + timedelta(days=3)), NOW) == 3600.0
    naive_now = NOW.replace(tzinfo=None)
    assert parse_retry_after(http_date(NOW + timedelta(seconds=5)), naive_now) == 5.0
    assert parse_retry_after("Tue, 14 Nov 2023 22:13:40 -0000", NOW) == 20.0  # taken as UTC


def test_parse_retry_after_clamps_to_the_given_maximum() -> None:
    assert parse_retry_after("500", NOW, maximum=120.0) == 120.0
    assert parse_retry_after("500", NOW, maximum=math.inf) == 500.0
    assert parse_retry_after("5", NOW, maximum=-1.0) == 0.0


@given(value=st.one_of(st.text(), st.from_regex(r"\A[+-]?[0-9]{0,30}(\.[0-9]*)?\Z")))
def test_parse_retry_after_never_raises_and_stays_in_range(value: str) -> None:
    seconds = parse_retry_after(value, NOW, maximum=120.0)
    assert seconds is None or 0.0 <= seconds <= 120.0


@given(moment=st.datetimes(timezones=st.just(UTC)))
def test_parse_retry_after_any_http_date(moment: datetime) -> None:
    seconds = parse_retry_after(http_date(moment), NOW, maximum=120.0)
    assert seconds is not None
    assert 0.0 <= seconds <= 120.0


# -- RetryPolicy -----------------------------------------------------------------------


def test_backoff_doubles_then_caps() -> None:
    policy = RetryPolicy(base_delay=0.5, max_delay=3.0, jitter=0.0)
    assert [policy.backoff_delay(n) for n in range(1, 6)] == [0.5, 1.0, 2.0, 3.0, 3.0]
    assert policy.backoff_delay(0) == 0.5  # nonsense attempts count as the first
    assert policy.backoff_delay(10_000) == 3.0


def test_jitter_only_shortens_the_backoff() -> None:
    policy = RetryPolicy(base_delay=2.0, jitter=0.5)
    assert policy.backoff_delay(1, 0.0) == 2.0
    assert policy.backoff_delay(1, 1.0) == 1.0
    assert policy.backoff_delay(1, 7.0) == 1.0  # random numbers outside [0, 1] are clamped
    assert policy.backoff_delay(1, math.nan) == 2.0


def test_retry_after_jitter_never_waits_less_than_asked() -> None:
    policy = RetryPolicy(retry_after_jitter=1.0)
    assert policy.retry_after_delay(7.0, 0.0) == 7.0
    assert policy.retry_after_delay(7.0, 1.0) == 8.0
    assert policy.retry_after_delay(-3.0, 0.5) == 0.5


@pytest.mark.parametrize(
    "kwargs",
    [
        {"max_attempts": 0},
        {"base_delay": -1.0},
        {"max_delay": math.inf},
        {"deadline": math.nan},
        {"jitter": 1.5},
        {"jitter": -0.1},
        {"retry_after_jitter": -1.0},
    ],
)
def test_policy_refuses_nonsense(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        RetryPolicy(**kwargs)  # type: ignore[arg-type]


@given(
    attempt=st.integers(min_value=-5, max_value=100_000),
    rand=st.floats(min_value=0.0, max_value=1.0),
    base=st.floats(min_value=0.0, max_value=100.0),
    cap=st.floats(min_value=0.0, max_value=1_000.0),
    jitter=st.floats(min_value=0.0, max_value=1.0),
)
def test_backoff_always_within_bounds(
    attempt: int, rand: float, base: float, cap: float, jitter: float
) -> None:
    policy = RetryPolicy(base_delay=base, max_delay=cap, jitter=jitter)
    delay = policy.backoff_delay(attempt, rand)
    full = policy.backoff_delay(attempt, 0.0)
    assert 0.0 <= delay <= full <= cap
    assert delay >= full * (1.0 - jitter) - 1e-9


@given(
    retry_after=st.floats(min_value=0.0, max_value=1e6),
    rand=st.floats(min_value=0.0, max_value=1.0),
    spread=st.floats(min_value=0.0, max_value=10.0),
)
def test_retry_after_delay_within_bounds(retry_after: float, rand: float, spread: float) -> None:
    delay = RetryPolicy(retry_after_jitter=spread).retry_after_delay(retry_after, rand)
    assert retry_after <= delay <= retry_after + spread


# -- RetryTransport: reads -------------------------------------------------------------


async def test_429_retry_after_seconds_is_honoured() -> None:
    time = FakeTime()
    script = Script((429, {"Retry-After": "7"}), 200)
    async with retrying(script, time, random=lambda: 0.25) as client:
        response = await client.get(PATH)
    assert response.status_code == 200
    assert script.calls == 2
    assert time.sleeps == [7.25]  # the server's 7 s plus a quarter of the 1 s jitter


async def test_429_retry_after_http_date_is_read_on_the_server_clock() -> None:
    time = FakeTime()
    server_now = NOW - timedelta(hours=1)  # a server clock an hour behind ours
    headers = {
        "Date": http_date(server_now),
        "Retry-After": http_date(server_now + timedelta(seconds=30)),
    }
    script = Script((429, headers), 200)
    async with retrying(script, time) as client:
        response = await client.get(PATH)
    assert response.status_code == 200
    assert time.sleeps == [30.0]


async def test_429_retry_after_http_date_without_date_header_uses_the_wall_clock() -> None:
    time = FakeTime()
    script = Script((429, {"Retry-After": http_date(NOW + timedelta(seconds=12))}), 200)
    async with retrying(script, time) as client:
        await client.get(PATH)
    assert time.sleeps == [12.0]


@pytest.mark.parametrize("headers", [{}, {"Retry-After": "in a while"}, {"Retry-After": ""}])
async def test_429_without_a_readable_retry_after_backs_off(headers: dict[str, str]) -> None:
    time = FakeTime()
    script = Script((429, headers), (429, headers), 200)
    async with retrying(script, time, policy=RetryPolicy(base_delay=0.5, jitter=0.5)) as client:
        response = await client.get(PATH)
    assert response.status_code == 200
    assert time.sleeps == [0.5, 1.0]


async def test_help_scout_retry_after_header_is_honoured() -> None:
    time = FakeTime()
    script = Script((429, {"X-RateLimit-Retry-After": "9"}), 200)
    async with retrying(script, time) as client:
        await client.get(PATH)
    assert time.sleeps == [9.0]


async def test_huge_retry_after_is_not_waited_for() -> None:
    time = FakeTime()
    budget = budget_for(time)
    script = Script((429, {"Retry-After": "86400"}), 200)
    async with retrying(script, time, budget=budget) as client:
        response = await client.get(PATH)
    assert response.status_code == 429
    assert script.calls == 1
    assert time.sleeps == []
    assert budget.paused_until == time.now + 3600.0  # clamped to the budget's max_pause
    error = status_error(response)
    assert isinstance(error, RateLimitedError)
    assert error.retry_after == 3600.0


async def test_retry_after_past_the_deadline_is_not_waited_for() -> None:
    time = FakeTime()
    script = Script((429, {"Retry-After": "50"}), 200)
    async with retrying(script, time, policy=RetryPolicy(deadline=20.0)) as client:
        response = await client.get(PATH)
    assert response.status_code == 429
    assert time.sleeps == []


async def test_503_retry_after_is_honoured() -> None:
    time = FakeTime()
    script = Script((503, {"Retry-After": "3"}), 200)
    async with retrying(script, time) as client:
        assert (await client.get(PATH)).status_code == 200
    assert time.sleeps == [3.0]


@pytest.mark.parametrize("status", [502, 503, 504])
async def test_5xx_storm_stops_at_max_attempts_with_the_last_response(status: int) -> None:
    time = FakeTime()
    script = Script(status)
    policy = RetryPolicy(max_attempts=4, base_delay=0.5, jitter=0.0)
    async with retrying(script, time, policy=policy) as client:
        response = await client.get(PATH)
    assert response.status_code == status
    assert script.calls == 4
    assert time.sleeps == [0.5, 1.0, 2.0]
    # The discarded answers were closed unread; the last one reached the caller whole.
    assert [(s.read, s.closed) for s in script.streams[:-1]] == [(False, True)] * 3
    assert response.content == b"{}"
    assert script.streams[-1].read


async def test_5xx_storm_stops_at_the_deadline() -> None:
    time = FakeTime()
    script = Script(503)
    policy = RetryPolicy(max_attempts=50, base_delay=1.0, jitter=0.0, deadline=5.0)
    async with retrying(script, time, policy=policy) as client:
        response = await client.get(PATH)
    assert response.status_code == 503
    assert time.sleeps == [1.0, 2.0]  # 1 + 2 + 4 would pass 5 s
    assert script.calls == 3


async def test_deadline_counts_time_spent_waiting_for_answers() -> None:
    time = FakeTime()
    script = Script(503, time=time, cost=25.0)
    async with retrying(script, time, policy=RetryPolicy(deadline=60.0, jitter=0.0)) as client:
        response = await client.get(PATH)
    assert response.status_code == 503
    assert script.calls == 3  # 25 s, +0.5 +25 s, +1 +25 s: a 2 s wait would pass 60 s
    assert time.sleeps == [0.5, 1.0]


async def test_single_attempt_policy_never_retries() -> None:
    time = FakeTime()
    script = Script(503, 200)
    async with retrying(script, time, policy=RetryPolicy(max_attempts=1)) as client:
        assert (await client.get(PATH)).status_code == 503
    assert script.calls == 1


@pytest.mark.parametrize("status", [200, 201, 204, 304, 400, 401, 404, 409, 422, 500, 501])
async def test_other_answers_are_returned_at_once(status: int) -> None:
    time = FakeTime()
    script = Script(status, 200)
    async with retrying(script, time) as client:
        assert (await client.get(PATH)).status_code == status
    assert script.calls == 1
    assert time.sleeps == []


@pytest.mark.parametrize(
    "error",
    [
        httpx.ConnectError,
        httpx.ConnectTimeout,
        httpx.ReadTimeout,
        httpx.ReadError,
        httpx.RemoteProtocolError,
        httpx.WriteError,
    ],
)
@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS"])
async def test_connection_errors_on_reads_are_retried(
    error: type[httpx.TransportError], method: str
) -> None:
    time = FakeTime()
    script = Script(error, error, 200)
    async with retrying(script, time, policy=RetryPolicy(jitter=0.0)) as client:
        response = await client.request(method, PATH)
    assert response.status_code == 200
    assert script.calls == 3
    assert time.sleeps == [0.5, 1.0]


async def test_persistent_connection_error_is_raised_after_the_last_attempt() -> None:
    time = FakeTime()
    script = Script(httpx.ConnectError)
    async with retrying(script, time, policy=RetryPolicy(max_attempts=3)) as client:
        with pytest.raises(httpx.ConnectError):
            await client.get(PATH)
    assert script.calls == 3
    assert len(time.sleeps) == 2


async def test_connection_error_past_the_deadline_is_raised_at_once() -> None:
    time = FakeTime()
    script = Script(httpx.ReadTimeout, 200, time=time, cost=59.9)
    async with retrying(script, time) as client:
        with pytest.raises(httpx.ReadTimeout):
            await client.get(PATH)
    assert script.calls == 1


@pytest.mark.parametrize("error", [httpx.PoolTimeout, httpx.UnsupportedProtocol])
async def test_errors_outside_the_list_are_not_retried(error: type[httpx.TransportError]) -> None:
    time = FakeTime()
    script = Script(error, 200)
    async with retrying(script, time) as client:
        with pytest.raises(error):
            await client.get(PATH)
    assert script.calls == 1


async def test_jitter_spreads_the_waits() -> None:
    time = FakeTime()
    script = Script(503, 503, 503, 200)
    policy = RetryPolicy(base_delay=1.0, jitter=0.5)
    async with retrying(script, time, policy=policy, random=lambda: 1.0) as client:
        await client.get(PATH)
    assert time.sleeps == [0.5, 1.0, 2.0]


# -- RetryTransport: writes are sent once ------------------------------------------------


@pytest.mark.parametrize("method", WRITES)
@pytest.mark.parametrize(
    "outcome",
    [503, 502, 504, (429, {"Retry-After": "1"}), (503, {"Retry-After": "1"})],
    ids=["503", "502", "504", "429", "503-retry-after"],
)
async def test_writes_are_never_retried_on_answers(method: str, outcome: Outcome) -> None:
    time = FakeTime()
    script = Script(outcome, 200)
    async with retrying(script, time) as client:
        response = await client.request(method, PATH, json={"comment": "hello"})
    assert response.status_code == (outcome[0] if isinstance(outcome, tuple) else outcome)
    assert script.calls == 1
    assert time.sleeps == []
    assert response.content == b"{}"


@pytest.mark.parametrize("method", WRITES)
@pytest.mark.parametrize(
    "error",
    [
        httpx.ReadTimeout,
        httpx.ReadError,
        httpx.RemoteProtocolError,
        httpx.WriteError,
        httpx.ConnectError,
        httpx.ConnectTimeout,
    ],
)
async def test_writes_are_never_retried_on_errors(
    method: str, error: type[httpx.TransportError]
) -> None:
    time = FakeTime()
    script = Script(error, 200)
    async with retrying(script, time) as client:
        with pytest.raises(error):
            await client.request(method, PATH, content=b"reply")
    assert script.calls == 1
    assert time.sleeps == []


def test_is_read() -> None:
    assert all(is_read(method) for method in ("GET", "head", "Options"))
    assert not any(is_read(method) for method in (*WRITES, "post", "TRACE", "CONNECT"))


# -- RateBudget ------------------------------------------------------------------------

VENDOR_HEADERS: list[tuple[str, dict[str, str], int | None, int | None, float | None]] = [
    ("zendesk account", {"X-Rate-Limit": "700", "X-Rate-Limit-Remaining": "699"}, 700, 699, None),
    (
        "zendesk list endpoint (tightest wins)",
        {
            "x-rate-limit": "700",
            "ratelimit-limit": "700",
            "x-rate-limit-remaining": "699",
            "ratelimit-remaining": "699",
            "ratelimit-reset": "41",
            "zendesk-ratelimit-tickets-index": "total=100; remaining=99; resets=41",
        },
        100,
        99,
        41.0,
    ),
    (
        "ietf split",
        {"RateLimit-Limit": "100", "RateLimit-Remaining": "40", "RateLimit-Reset": "30"},
        100,
        40,
        30.0,
    ),
    ("ietf combined", {"RateLimit": "limit=100, remaining=50, reset=5"}, 100, 50, 5.0),
    (
        "ietf structured",
        {"RateLimit": '"default";r=50;t=30', "RateLimit-Policy": '"default";q=100;w=60'},
        100,
        50,
        30.0,
    ),
    (
        "ietf structured, two policies",
        {
            "RateLimit": '"burst";r=9;t=1, "day";r=20;t=3000',
            "RateLimit-Policy": '"burst";q=10;w=1, "day";q=1000;w=86400',
        },
        1000,
        20,
        3000.0,
    ),
    (
        "ietf draft-07 policy",
        {"RateLimit": "remaining=5, reset=10", "RateLimit-Policy": "10;w=60"},
        10,
        5,
        10.0,
    ),
    (
        "x-ratelimit with epoch reset",
        {
            "X-RateLimit-Limit": "5000",
            "X-RateLimit-Remaining": "4999",
            "X-RateLimit-Reset": str(int(WALL) + 120),
        },
        5000,
        4999,
        120.0,
    ),
    (
        "x-ratelimit with epoch-millisecond reset",
        {
            "X-RateLimit-Limit": "60",
            "X-RateLimit-Remaining": "6",
            "X-RateLimit-Reset": "1700000090000",
        },
        60,
        6,
        90.0,
    ),
    (
        "x-ratelimit with delta reset",
        {"X-RateLimit-Limit": "60", "X-RateLimit-Remaining": "6", "X-RateLimit-Reset": "15"},
        60,
        6,
        15.0,
    ),
    (
        "freshdesk",
        {
            "X-Ratelimit-Total": "400",
            "X-Ratelimit-Remaining": "398",
            "X-Ratelimit-Used-CurrentRequest": "1",
        },
        400,
        398,
        None,
    ),
    (
        "help scout",
        {"X-RateLimit-Limit-Minute": "200", "X-RateLimit-Remaining-Minute": "150"},
        200,
        150,
        None,
    ),
    ("gorgias", {"X-Gorgias-Account-Api-Call-Limit": "12/40"}, 40, 28, 6.0),
    ("gorgias overfull", {"X-Gorgias-Account-Api-Call-Limit": "45/40"}, 40, 0, 20.0),
    ("remaining only", {"X-RateLimit-Remaining": "3"}, None, 3, None),
]


@pytest.mark.parametrize(
    ("headers", "limit", "remaining", "reset_in"),
    [case[1:] for case in VENDOR_HEADERS],
    ids=[case[0] for case in VENDOR_HEADERS],
)
def test_budget_reads_each_vendor(
    headers: dict[str, str], limit: int | None, remaining: int | None, reset_in: float | None
) -> None:
    time = FakeTime()
    budget = budget_for(time)
    budget.observe(httpx.Response(200, headers=headers))
    assert (budget.limit, budget.remaining) == (limit, remaining)
    if reset_in is None:
        assert budget.reset_at is None
    else:
        assert budget.reset_at == pytest.approx(time.now + reset_in)
    assert budget.paused_until is None


def test_budget_reads_plain_mappings_case_insensitively() -> None:
    budget = RateBudget()
    budget.observe_headers({"x-RATE-limit": "10", "X-Rate-Limit-REMAINING": "4"})
    assert (budget.limit, budget.remaining) == (10, 4)
    assert budget.fraction_left() == 0.4


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Rate-Limit": "lots", "X-Rate-Limit-Remaining": "-3"},
        {"X-RateLimit-Remaining": "1e9", "X-RateLimit-Limit": "nan"},
        {"RateLimit": "limit=, remaining=abc"},
        {"RateLimit": '"x";r=;t=', "RateLimit-Policy": '"x";q=-1'},
        {"X-Gorgias-Account-Api-Call-Limit": "12/0"},
        {"X-Gorgias-Account-Api-Call-Limit": "twelve of forty"},
        {"zendesk-ratelimit-x": "total=; remaining=; resets=soon"},
        {"X-Ratelimit-Remaining": "٣"},  # a non-ASCII digit
        {"X-Rate-Limit-Remaining": "☃"},
    ],
)
def test_budget_ignores_garbage(headers: dict[str, str]) -> None:
    budget = RateBudget()
    budget.observe_headers(headers)
    assert budget.remaining is None
    assert budget.delay_before_next() == 0.0


def test_budget_ignores_repeated_values_it_cannot_read() -> None:
    budget = RateBudget()
    budget.observe(
        httpx.Response(
            200,
            headers=[
                ("X-Rate-Limit", "nope"),
                ("X-Rate-Limit", "700"),
                ("X-Rate-Limit-Remaining", "9"),
            ],
        )
    )
    assert (budget.limit, budget.remaining) == (700, 9)


KNOWN_NAMES = [
    "X-Rate-Limit",
    "X-Rate-Limit-Remaining",
    "RateLimit",
    "RateLimit-Policy",
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
    "X-RateLimit-Limit",
    "X-RateLimit-Remaining",
    "X-RateLimit-Reset",
    "X-Ratelimit-Total",
    "X-RateLimit-Limit-Minute",
    "X-RateLimit-Remaining-Minute",
    "X-RateLimit-Retry-After",
    "X-Gorgias-Account-Api-Call-Limit",
    "Zendesk-RateLimit-tickets-index",
    "Retry-After",
    "Date",
]


@given(
    headers=st.dictionaries(st.sampled_from(KNOWN_NAMES), st.text(max_size=40), max_size=8),
    status=st.sampled_from([200, 429, 503]),
    later=st.floats(min_value=0.0, max_value=1e6),
)
def test_budget_never_raises_on_any_values(
    headers: dict[str, str], status: int, later: float
) -> None:
    time = FakeTime()
    budget = budget_for(time)
    budget.observe_headers(headers, status_code=status)
    delay = budget.delay_before_next(time.now + later)
    assert 0.0 <= delay <= budget.max_pause
    fraction = budget.fraction_left()
    assert fraction is None or 0.0 <= fraction <= 1.0
    snapshot = budget.snapshot()
    assert snapshot.paused_for >= 0.0


def test_budget_429_retry_after_pauses() -> None:
    time = FakeTime()
    budget = budget_for(time)
    budget.observe(httpx.Response(429, headers={"Retry-After": "30"}))
    assert budget.paused_until == time.now + 30.0
    assert budget.delay_before_next() == 30.0
    assert budget.delay_before_next(time.now + 10.0) == 20.0
    assert budget.delay_before_next(time.now + 31.0) == 0.0
    assert budget.snapshot().paused_for == 30.0


def test_budget_429_without_retry_after_pauses_until_reset_or_a_default() -> None:
    time = FakeTime()
    budget = budget_for(time)
    budget.observe(
        httpx.Response(429, headers={"RateLimit-Remaining": "0", "RateLimit-Reset": "12"})
    )
    assert budget.paused_until == time.now + 12.0
    other = budget_for(time)
    other.observe(httpx.Response(429))
    assert other.paused_until == time.now + 5.0


def test_budget_garbage_retry_after_is_clamped() -> None:
    time = FakeTime()
    budget = budget_for(time, max_pause=600.0)
    budget.observe(httpx.Response(429, headers={"Retry-After": "999999999"}))
    assert budget.paused_until == time.now + 600.0
    assert budget.delay_before_next() == 600.0


def test_budget_only_pauses_on_429() -> None:
    budget = RateBudget()
    budget.observe(httpx.Response(503, headers={"Retry-After": "30"}))
    assert budget.paused_until is None


def test_budget_is_free_while_plenty_is_left() -> None:
    time = FakeTime()
    budget = budget_for(time)
    budget.observe_headers({"X-Rate-Limit": "700", "X-Rate-Limit-Remaining": "500"})
    assert budget.delay_before_next() == 0.0
    assert budget.fraction_left() == pytest.approx(500 / 700)


def test_budget_slows_down_smoothly_before_zero() -> None:
    time = FakeTime()
    delays = []
    for remaining in range(100, -1, -1):
        budget = budget_for(time)
        budget.observe_headers(
            {
                "RateLimit-Limit": "100",
                "RateLimit-Remaining": str(remaining),
                "RateLimit-Reset": "40",
            }
        )
        delays.append(budget.delay_before_next())
    assert delays[:81] == [0.0] * 81  # 20 % and more left: full speed
    assert delays[81] == pytest.approx(0.1)  # 19 left: a gentle start, no cliff
    assert all(b > a for a, b in itertools.pairwise(delays[80:]))  # ever slower towards 0
    assert delays[-1] == pytest.approx(40.0)  # none left: wait for the reset


def test_budget_pacing_ends_when_the_window_turns_over() -> None:
    time = FakeTime()
    budget = budget_for(time)
    budget.observe_headers({"X-Rate-Limit": "700", "X-Rate-Limit-Remaining": "0"})
    assert budget.delay_before_next() == pytest.approx(60.0)  # no reset header: a minute
    assert 0.0 < budget.delay_before_next(time.now + 30.0) <= 30.0
    assert budget.delay_before_next(time.now + 60.0) == 0.0


def test_budget_leaky_bucket_refills_between_answers() -> None:
    time = FakeTime()
    budget = budget_for(time)
    budget.observe_headers({"X-Gorgias-Account-Api-Call-Limit": "40/40"})
    assert budget.delay_before_next() == pytest.approx(0.5)  # 2 calls a second come back
    assert budget.delay_before_next(time.now + 10.0) == 0.0  # 20 back: plenty
    budget.observe_headers({"X-Gorgias-Account-Api-Call-Limit": "10/40"})
    assert budget.delay_before_next() == 0.0


async def test_budget_wait_sleeps_with_the_injected_sleep() -> None:
    time = FakeTime()
    budget = budget_for(time)
    assert await budget.wait() == 0.0
    assert time.sleeps == []
    budget.observe(httpx.Response(429, headers={"Retry-After": "4"}))
    assert await budget.wait() == 4.0
    assert time.sleeps == [4.0]
    assert await budget.wait() == 0.0


def test_budget_snapshot_is_small_and_immutable() -> None:
    time = FakeTime()
    budget = budget_for(time)
    budget.observe_headers(
        {"RateLimit-Limit": "100", "RateLimit-Remaining": "25", "RateLimit-Reset": "9"}
    )
    snapshot = budget.snapshot()
    assert snapshot == BudgetSnapshot(
        limit=100, remaining=25, fraction_left=0.25, reset_in=9.0, paused_for=0.0
    )
    with pytest.raises(AttributeError):
        snapshot.remaining = 3  # type: ignore[misc]
    assert msgspec.json.decode(msgspec.json.encode(snapshot), type=BudgetSnapshot) == snapshot
    assert RateBudget().snapshot() == BudgetSnapshot(
        limit=None, remaining=None, fraction_left=None, reset_in=None, paused_for=0.0
    )


def test_budget_refuses_a_nonsense_threshold() -> None:
    with pytest.raises(ValueError):
        RateBudget(slow_below=0.0)


async def test_transport_feeds_the_budget_every_answer_even_discarded_ones() -> None:
    time = FakeTime()
    budget = budget_for(time)
    script = Script(
        (503, {"X-Rate-Limit": "700", "X-Rate-Limit-Remaining": "10"}),
        (200, {"X-Rate-Limit": "700", "X-Rate-Limit-Remaining": "9"}),
    )
    seen = []

    class Spy(RateBudget):
        def observe(self, response: httpx.Response) -> None:
            seen.append(response.status_code)
            super().observe(response)

    spy = Spy(clock=time.clock, wall_clock=time.wall)
    async with retrying(script, time, budget=spy) as client:
        await client.get(PATH)
    assert seen == [503, 200]
    assert spy.remaining == 9
    async with retrying(Script((201, {"X-Rate-Limit-Remaining": "8"})), time, budget=budget) as c:
        await c.post(PATH)
    assert budget.remaining == 8


async def test_a_budget_that_breaks_does_not_break_the_request() -> None:
    class Broken(RateBudget):
        def observe(self, response: httpx.Response) -> None:
            raise RuntimeError("bug")

    time = FakeTime()
    async with retrying(Script(200), time, budget=Broken()) as client:
        assert (await client.get(PATH)).status_code == 200


# -- make_client ------------------------------------------------------------------------


async def test_make_client_defaults() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(302, headers={"Location": "https://elsewhere.example/"})

    budget = RateBudget()
    client = make_client(
        base_url=BASE,
        auth=("agent@acme.test/token", "secret"),
        headers={"Accept": "application/json"},
        transport=httpx.MockTransport(handler),
        budget=budget,
    )
    async with client:
        assert client.timeout == DEFAULT_TIMEOUT
        assert (client.timeout.connect, client.timeout.read) == (5.0, 30.0)
        assert (client.timeout.write, client.timeout.pool) == (30.0, 5.0)
        assert client.follow_redirects is False
        response = await client.get(PATH)
    assert response.status_code == 302  # not followed
    assert len(seen) == 1
    assert seen[0].headers["User-Agent"] == DEFAULT_USER_AGENT
    assert seen[0].headers["Accept"] == "application/json"
    assert seen[0].headers["Authorization"].startswith("Basic ")
    assert str(seen[0].url) == BASE + PATH
    assert DEFAULT_USER_AGENT.startswith("deskside/")
    assert DEFAULT_USER_AGENT.endswith("(+https://github.com/deskside)")


async def test_make_client_wraps_the_transport_in_the_retry_policy() -> None:
    script = Script(503)
    client = make_client(transport=httpx.MockTransport(script), policy=RetryPolicy(max_attempts=1))
    async with client:
        assert (await client.get(BASE + PATH)).status_code == 503
    assert script.calls == 1


async def test_make_client_user_agent_can_be_named() -> None:
    script = Script(200)
    async with make_client(transport=httpx.MockTransport(script), user_agent="test/1") as client:
        await client.get(BASE)
    assert script.requests[0].headers["User-Agent"] == "test/1"


def test_make_client_refuses_policy_and_budget_beside_a_retry_transport() -> None:
    inner = RetryTransport(httpx.MockTransport(Script(200)))
    with pytest.raises(ValueError):
        make_client(transport=inner, policy=RetryPolicy())
    with pytest.raises(ValueError):
        make_client(transport=inner, budget=RateBudget())


async def test_make_client_builds_a_real_transport_without_one() -> None:
    client = make_client(base_url=BASE)
    async with client:
        assert client.headers["User-Agent"] == DEFAULT_USER_AGENT


# -- errors -----------------------------------------------------------------------------


def answer(
    status: int, method: str = "GET", headers: dict[str, str] | None = None
) -> httpx.Response:
    request = httpx.Request(method, BASE + PATH)
    return httpx.Response(status, headers=headers, request=request)


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (400, InvalidRequestError),
        (401, AuthError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (405, InvalidRequestError),
        (408, UnavailableError),
        (409, ConflictError),
        (410, NotFoundError),
        (412, ConflictError),
        (413, InvalidRequestError),
        (422, InvalidRequestError),
        (429, RateLimitedError),
        (500, UnavailableError),
        (502, UnavailableError),
        (503, UnavailableError),
        (504, UnavailableError),
        (599, UnavailableError),
        (301, InvalidResponseError),
        (304, InvalidResponseError),
    ],
)
def test_raise_for_status_maps_each_status(status: int, kind: type[BackendError]) -> None:
    with pytest.raises(kind) as caught:
        raise_for_status(answer(status))
    assert type(caught.value) is kind
    assert f"GET {PATH}: {status}" in str(caught.value)
    if status == 403:
        assert isinstance(caught.value, AuthError), "callers catching AuthError still do"


@pytest.mark.parametrize("status", [200, 201, 204])
def test_raise_for_status_passes_success(status: int) -> None:
    raise_for_status(answer(status))
    assert status_error(answer(status)) is None


def test_rate_limited_error_carries_retry_after() -> None:
    error = status_error(answer(429, headers={"Retry-After": "30"}))
    assert isinstance(error, RateLimitedError)
    assert error.retry_after == 30.0
    assert error.retryable
    fallback = status_error(answer(429, headers={"Retry-After": "later"}))
    assert isinstance(fallback, RateLimitedError)
    assert fallback.retry_after == 5.0


@pytest.mark.parametrize("status", [502, 504, 524])
@pytest.mark.parametrize("method", WRITES)
def test_gateway_failure_on_a_write_is_outcome_unknown(status: int, method: str) -> None:
    assert isinstance(status_error(answer(status, method)), OutcomeUnknownError)


@pytest.mark.parametrize("method", WRITES)
def test_plain_5xx_on_a_write_is_unavailable_but_sent(method: str) -> None:
    error = status_error(answer(503, method))
    assert type(error) is UnavailableError
    assert error.sent


def test_status_error_without_a_request() -> None:
    error = status_error(httpx.Response(404))
    assert isinstance(error, NotFoundError)
    assert str(error).startswith("?: 404")


def test_translate_http_status_error() -> None:
    response = answer(409, "PUT")
    exc = httpx.HTTPStatusError("conflict", request=response.request, response=response)
    error = translate_error(exc, method="PUT")
    assert type(error) is ConflictError
    ok = answer(200)
    weird = httpx.HTTPStatusError("?", request=ok.request, response=ok)
    assert isinstance(translate_error(weird, method="GET"), InvalidResponseError)


def failure(kind: type[httpx.TransportError], method: str = "GET") -> httpx.TransportError:
    return kind("simulated", request=httpx.Request(method, BASE + PATH))


@pytest.mark.parametrize("method", ["GET", *WRITES])
@pytest.mark.parametrize(
    "kind",
    [httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol],
)
def test_translate_never_sent(method: str, kind: type[httpx.TransportError]) -> None:
    error = translate_error(failure(kind, method), method=method)
    assert type(error) is UnavailableError
    assert error.sent is False
    assert error.retryable


@pytest.mark.parametrize("method", WRITES)
@pytest.mark.parametrize(
    "kind",
    [
        httpx.ReadTimeout,
        httpx.ReadError,
        httpx.RemoteProtocolError,
        httpx.WriteError,
        httpx.WriteTimeout,
        httpx.CloseError,
        httpx.ProxyError,
    ],
)
def test_translate_write_outcome_unknown(method: str, kind: type[httpx.TransportError]) -> None:
    error = translate_error(failure(kind, method), method=method)
    assert type(error) is OutcomeUnknownError
    assert error.sent is True
    assert "may or may not have been applied" in str(error)


@pytest.mark.parametrize(
    "kind",
    [httpx.ReadTimeout, httpx.ReadError, httpx.RemoteProtocolError, httpx.WriteError],
)
@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS", "get"])
def test_translate_read_failures_are_unavailable(
    kind: type[httpx.TransportError], method: str
) -> None:
    error = translate_error(failure(kind, method), method=method)
    assert type(error) is UnavailableError
    assert error.sent is True


def test_translate_post_read_timeout_names_the_request() -> None:
    error = translate_error(failure(httpx.ReadTimeout, "POST"), method="post")
    assert isinstance(error, OutcomeUnknownError)
    assert str(error).startswith(f"POST {PATH}: no answer in time (ReadTimeout)")


@pytest.mark.parametrize("kind", [httpx.DecodingError, httpx.TooManyRedirects])
def test_translate_unreadable_answers(kind: type[httpx.RequestError]) -> None:
    exc = kind("bad gzip", request=httpx.Request("POST", BASE + PATH))
    assert type(translate_error(exc, method="POST")) is InvalidResponseError


def test_translate_error_without_a_request() -> None:
    error = translate_error(httpx.ConnectError("refused"), method="POST")
    assert type(error) is UnavailableError
    assert error.sent is False
    assert str(error) == "POST: could not connect (ConnectError)"


# -- no secrets in any message -----------------------------------------------------------

SECRET_URL = (
    f"https://agent:{SECRET_PASSWORD}@acme.zendesk.com{PATH}?api_token={SECRET_QUERY}&page=2"
)
SECRETS = (SECRET_TOKEN, SECRET_QUERY, SECRET_PASSWORD, "api_token", "Bearer")


def secret_request(method: str) -> httpx.Request:
    return httpx.Request(method, SECRET_URL, headers={"Authorization": f"Bearer {SECRET_TOKEN}"})


def assert_no_secret(error: BaseException) -> None:
    for text in (str(error), repr(error), *map(str, error.args)):
        for secret in SECRETS:
            assert secret not in text
    assert PATH in str(error)


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize(
    "kind",
    [httpx.ConnectError, httpx.ReadTimeout, httpx.RemoteProtocolError, httpx.DecodingError],
)
def test_transport_error_messages_hold_no_secret(
    method: str, kind: type[httpx.RequestError]
) -> None:
    request = secret_request(method)
    # httpx messages may quote the URL: ours must not repeat them.
    exc = kind(f"failed {request.url} {request.headers['Authorization']}", request=request)
    assert_no_secret(translate_error(exc, method=method))


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422, 429, 500, 502, 503, 302])
@pytest.mark.parametrize("method", ["GET", "PUT"])
def test_status_error_messages_hold_no_secret(status: int, method: str) -> None:
    request = secret_request(method)
    response = httpx.Response(
        status,
        request=request,
        headers={"WWW-Authenticate": f"Bearer {SECRET_TOKEN}"},
        json={"error": SECRET_TOKEN},
    )
    with pytest.raises(BackendError) as caught:
        raise_for_status(response)
    assert_no_secret(caught.value)
    exc = httpx.HTTPStatusError(SECRET_TOKEN, request=request, response=response)
    assert_no_secret(translate_error(exc, method=method))


async def test_end_to_end_failure_through_the_client_holds_no_secret() -> None:
    time = FakeTime()
    script = Script(httpx.ReadTimeout)
    async with retrying(script, time) as client:
        with pytest.raises(httpx.ReadTimeout) as caught:
            await client.post(SECRET_URL, headers={"Authorization": f"Bearer {SECRET_TOKEN}"})
    assert script.calls == 1
    error = translate_error(caught.value, method="POST")
    assert isinstance(error, OutcomeUnknownError)
    assert_no_secret(error)
