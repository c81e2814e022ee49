"""Initial and incremental sync from the local Zendesk mock, against zenpy on the same server.

Data: the first 10,000 tickets of the 100k demo desk (their threads, customers,
agents and groups), served by :mod:`bench.zendesk_mock` on 127.0.0.1 with 50 ms
added to every answer.

Baseline: zenpy, the usual Python Zendesk client, pointed at the mock with
``ZENPY_FORCE_SCHEME``/``ZENPY_FORCE_NETLOC``, fetching the same data the way
its documentation shows: the cursor incremental export with users sideloaded
(1,000 a page), then each ticket's comments. zenpy is synchronous, one request
after another; fetching 10,000 threads at 50 ms each would take over eight
minutes, so it fetches the comments of a sample of tickets and that part is
scaled to 10,000 (it is one request per ticket, so it scales linearly; the
sample's per-request time is printed). zenpy writes nothing anywhere.

deskside: ``SyncEngine`` with the Zendesk backend (``api_client.backends.zendesk``)
on a fresh mirror, through ``make_client`` with a transport that sends every
request to the mock, mirror writes included: tickets from the cursor export, threads
from the ticket events export (comments side-loaded; the mock's stream also holds the
events without a comment a real one has). Until that backend exists the row says so
and only the baseline is measured.
"""

from __future__ import annotations

import asyncio
import importlib
import os
import statistics
import tempfile
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.common import Row, Section, fmt_ms, fmt_ratio, fmt_s
from bench.desks import AGENT, Desk
from bench.zendesk_mock import Data, Server, load

TICKETS = 10_000
LATENCY = 0.05
SAMPLE = 150
SPEEDUP_TARGET = 5.0
FIRST_SCREEN_TARGET = 0.3
SCREENFUL = 35
CHANGED = 100
EXTRA_REQUESTS_TARGET = 2
NOT_YET = "not yet: the Zendesk backend is not installed"


@dataclass
class ZenpyResult:
    tickets: int
    users: int
    export_seconds: float
    export_requests: int
    sample: int
    sample_seconds: float
    sample_comments: int
    estimated_seconds: float


def zenpy_baseline(server: Server, tickets: int, sample: int) -> ZenpyResult:
    from zenpy import Zenpy  # type: ignore[import-untyped]

    os.environ["ZENPY_FORCE_SCHEME"] = "http"
    os.environ["ZENPY_FORCE_NETLOC"] = server.netloc
    try:
        client = Zenpy(subdomain="bench", email="bench@verdemare.example", token="bench")
        server.reset_counts()
        started = time.perf_counter()
        fetched = []
        for ticket in client.tickets.incremental(start_time=0, include=["users"], per_page=1000):
            fetched.append((ticket.id, ticket.subject, ticket.status, ticket.requester_id))
        export = time.perf_counter() - started
        export_requests = sum(server.requests.values())
        people = {requester for *_, requester in fetched}
        ids = [ticket_id for ticket_id, *_ in fetched]
        step = max(1, len(ids) // sample)
        chosen = ids[::step][:sample]
        started = time.perf_counter()
        comments = 0
        for ticket_id in chosen:
            for comment in client.tickets.comments(ticket=ticket_id):
                comments += bool(comment.body)
        sampled = time.perf_counter() - started
    finally:
        os.environ.pop("ZENPY_FORCE_SCHEME", None)
        os.environ.pop("ZENPY_FORCE_NETLOC", None)
    estimate = export + sampled * len(ids) / max(1, len(chosen))
    return ZenpyResult(
        len(fetched), len(people), export, export_requests, len(chosen), sampled, comments, estimate
    )


# -- deskside --------------------------------------------------------------------------------


def backend_class() -> type[Any] | None:
    """The Zendesk backend class, or None while it is not installed."""
    try:
        module = importlib.import_module("api_client.backends.zendesk")
    except ImportError:
        return None
    from api_client.backend import Backend

    for value in vars(module).values():
        is_backend = isinstance(value, type) and issubclass(value, Backend)
        if is_backend and value is not Backend and getattr(value, "name", "") == "zendesk":
            found: type[Any] = value
            return found
    return None


def _option_values(backend: type[Any], netloc: str) -> tuple[dict[str, str], dict[str, str]]:
    """Settings and secrets pointing the backend at the mock (which checks no credentials)."""
    known = {
        "base_url": f"http://{netloc}",
        "email": "bench@verdemare.example",
        "auth": "api_token",
        "token": "bench",
    }
    settings: dict[str, str] = {}
    secrets: dict[str, str] = {}
    for option in getattr(backend, "options", ()):
        value = known.get(option.name)
        if value is None and option.required and option.default is None:
            value = "bench"
        if value is not None:
            (secrets if option.secret else settings)[option.name] = value
    return settings, secrets


class _ToMock:
    """An httpx transport that sends every request to the mock, whatever host it names."""

    def __init__(self, netloc: str) -> None:
        import httpx

        self.host, port = netloc.split(":")
        self.port = int(port)
        self.inner = httpx.AsyncHTTPTransport(retries=0)

    async def handle_async_request(self, request: Any) -> Any:
        request.url = request.url.copy_with(scheme="http", host=self.host, port=self.port)
        request.headers["Host"] = f"{self.host}:{self.port}"
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


@dataclass
class DesksideResult:
    seconds: float
    first_screen: float | None
    tickets: int
    messages: int
    requests: int
    by_endpoint: Mapping[str, int]
    apply_max: float
    apply_total: float
    writes_on_loop: int
    incremental_requests: int
    incremental_by_endpoint: Mapping[str, int]
    incremental_seconds: float


async def _deskside(server: Server, backend_type: type[Any], mirror: Path) -> DesksideResult:
    import httpx

    from api_client.http import RateBudget, make_client
    from console.core.db import open_store
    from console.core.mirror import MirrorWriter
    from console.core.sync import SyncEngine

    settings, secrets = _option_values(backend_type, server.netloc)
    conn = open_store(mirror)
    writer = MirrorWriter(conn, "bench")
    applied: list[float] = []
    on_loop: list[bool] = []
    loop_thread = threading.get_ident()

    def timed(original: Any) -> Any:
        def timed_apply(*args: Any, **kwargs: Any) -> set[int]:
            started = time.perf_counter()
            try:
                result: set[int] = original(*args, **kwargs)
                return result
            finally:
                applied.append(time.perf_counter() - started)
                on_loop.append(threading.get_ident() == loop_thread)

        return timed_apply

    writer.apply_page = timed(writer.apply_page)  # type: ignore[method-assign]
    writer.apply_messages = timed(writer.apply_messages)  # type: ignore[method-assign]
    seen = 0
    first: list[float] = []
    started = 0.0

    def on_changes(changed: set[int]) -> None:
        nonlocal seen
        seen += len(changed)
        if not first and seen >= SCREENFUL:
            first.append(time.perf_counter() - started)

    budget = RateBudget()
    transport: Any = _ToMock(server.netloc)
    async with make_client(
        base_url=f"http://{server.netloc}", transport=transport, budget=budget
    ) as client:
        assert isinstance(client, httpx.AsyncClient)
        backend = backend_type("bench", settings, secrets, http=client)
        backend.budget = budget
        engine = SyncEngine(writer, backend, on_changes=on_changes)
        server.reset_counts()
        started = time.perf_counter()
        result = await engine.run(full=True)
        seconds = time.perf_counter() - started
        requests = dict(server.requests)
        # Incremental: 100 tickets change on the helpdesk, then one sync.
        changed = sorted(server.data.tickets)[:: max(1, TICKETS // CHANGED)][:CHANGED]
        server.touch(changed, at=int(time.time()))
        server.reset_counts()
        began = time.perf_counter()
        await engine.run()
        incremental = time.perf_counter() - began
        incremental_requests = dict(server.requests)
        await backend.aclose()
    tickets = int(conn.execute("SELECT count(*) FROM tickets").fetchone()[0])
    messages = int(conn.execute("SELECT count(*) FROM messages").fetchone()[0])
    conn.close()
    del result
    return DesksideResult(
        seconds,
        first[0] if first else None,
        tickets,
        messages,
        sum(requests.values()),
        requests,
        max(applied, default=0.0),
        sum(applied),
        sum(on_loop),
        sum(incremental_requests.values()),
        incremental_requests,
        incremental,
    )


FIRST_SCREEN_RUNS = 7
"""Fresh syncs started only to time the first screenful (each stopped right after it)."""


async def _first_screens(server: Server, backend_type: type[Any], folder: Path) -> list[float]:
    """Seconds from a fresh sync's start to ``SCREENFUL`` tickets in a new mirror, per run.

    One full sync gives one sample, and a single sample of a 0.1-0.5 s event moves with
    whatever else the two cores do; so each run here starts a new mirror and stops the
    sync as soon as the first screenful is written (the rest would only be repeated).
    """
    samples: list[float] = []
    for run in range(FIRST_SCREEN_RUNS):
        took = await _first_screen(server, backend_type, folder / f"first-{run}.sqlite3")
        if took is not None:
            samples.append(took)
    return samples


async def _first_screen(server: Server, backend_type: type[Any], mirror: Path) -> float | None:
    import httpx

    from api_client.http import RateBudget, make_client
    from console.core.db import open_store
    from console.core.mirror import MirrorWriter
    from console.core.sync import SyncEngine

    settings, secrets = _option_values(backend_type, server.netloc)
    conn = open_store(mirror)
    seen = 0
    took: list[float] = []
    done = asyncio.Event()
    started = 0.0

    def on_changes(changed: set[int]) -> None:
        nonlocal seen
        seen += len(changed)
        if seen >= SCREENFUL and not done.is_set():
            took.append(time.perf_counter() - started)
            done.set()

    budget = RateBudget()
    async with make_client(
        base_url=f"http://{server.netloc}", transport=_ToMock(server.netloc), budget=budget
    ) as client:
        assert isinstance(client, httpx.AsyncClient)
        backend = backend_type("bench", settings, secrets, http=client)
        backend.budget = budget
        engine = SyncEngine(MirrorWriter(conn, "bench"), backend, on_changes=on_changes)
        started = time.perf_counter()
        task = asyncio.create_task(engine.run(full=True))
        waiting = asyncio.create_task(done.wait())
        await asyncio.wait({task, waiting}, timeout=30, return_when=asyncio.FIRST_COMPLETED)
        for pending in (task, waiting):
            pending.cancel()
        await asyncio.gather(task, waiting, return_exceptions=True)
        await backend.aclose()
    conn.close()
    return took[0] if took else None


# -- the report ------------------------------------------------------------------------------


def run(source: Desk) -> list[Section]:
    began = time.perf_counter()
    section = Section("Sync from a local Zendesk mock")
    data: Data = load(source.path, TICKETS, agent_login=AGENT)
    comments = sum(len(c) for c in data.comments.values())
    server = Server(data, latency=LATENCY)
    try:
        baseline: ZenpyResult | None = None
        try:
            baseline = zenpy_baseline(server, TICKETS, SAMPLE)
            print("    zenpy baseline measured", flush=True)
        except ImportError:
            print("    zenpy is not installed: no baseline (pip install zenpy)", flush=True)
        backend_type = backend_class()
        result: DesksideResult | None = None
        firsts: list[float] = []
        failure = ""
        if backend_type is not None:
            with tempfile.TemporaryDirectory(prefix="deskside-bench-mirror-") as tmp:
                try:
                    result = asyncio.run(_deskside(server, backend_type, Path(tmp) / "m.sqlite3"))
                    firsts = asyncio.run(_first_screens(server, backend_type, Path(tmp)))
                except Exception as error:  # report, do not crash the whole bench
                    failure = f"{type(error).__name__}: {error}"
    finally:
        server.close()
    per_request = baseline.sample_seconds / max(1, baseline.sample) if baseline else 0.0
    base_text = (
        f"zenpy {fmt_s(baseline.estimated_seconds)} (export {fmt_s(baseline.export_seconds)} "
        f"measured + comments {per_request * 1000:.0f} ms/ticket × {baseline.tickets:,})"
        if baseline
        else "zenpy not installed"
    )
    name = f"initial sync of {TICKETS // 1000}k tickets, {LATENCY * 1000:.0f} ms latency"
    if result is None:
        why = NOT_YET if backend_type is None else f"failed: {failure}"
        section.rows.append(Row(name, why, base_text, "—", f"≥ {SPEEDUP_TARGET:.0f}× faster", None))
        section.rows.append(
            Row(
                "first screenful visible after sync starts",
                why,
                "—",
                "—",
                f"≤ {FIRST_SCREEN_TARGET} s",
                None,
            )
        )
        section.rows.append(
            Row(
                f"incremental sync of {CHANGED} changed tickets",
                why,
                "—",
                "—",
                f"≤ {EXTRA_REQUESTS_TARGET} requests beyond the changes",
                None,
            )
        )
    else:
        speed = baseline.estimated_seconds / result.seconds if baseline and result.seconds else None
        section.rows.append(
            Row(
                name + " (mirror writes included)",
                f"{fmt_s(result.seconds)}, {result.requests} requests",
                base_text,
                f"{fmt_ratio(speed)} faster" if speed else "—",
                f"≥ {SPEEDUP_TARGET:.0f}× faster",
                (speed >= SPEEDUP_TARGET) if speed is not None else None,
                f"{result.tickets:,} tickets, {result.messages:,} messages",
            )
        )
        first = statistics.median(firsts) if firsts else result.first_screen
        spread = (
            f"median of {len(firsts)} fresh syncs, {fmt_ms(min(firsts))}–{fmt_ms(max(firsts))}; "
            f"in the full sync above: {fmt_ms(result.first_screen)}"
            if firsts
            else ""
        )
        section.rows.append(
            Row(
                f"first screenful ({SCREENFUL} tickets) in the mirror after sync starts",
                fmt_ms(first) if first is not None else "never",
                "—",
                "—",
                f"≤ {FIRST_SCREEN_TARGET} s",
                first is not None and first <= FIRST_SCREEN_TARGET,
                spread,
            )
        )
        per_ticket = sum(
            n for path, n in result.incremental_by_endpoint.items() if "/tickets/{id}" in path
        )
        beyond = result.incremental_requests - per_ticket
        section.rows.append(
            Row(
                f"incremental sync of {CHANGED} changed tickets",
                f"{result.incremental_requests} requests ({beyond} beyond per-ticket ones)",
                "—",
                "—",
                f"≤ {EXTRA_REQUESTS_TARGET} requests beyond the changes",
                beyond <= EXTRA_REQUESTS_TARGET,
                f"{fmt_s(result.incremental_seconds)}",
            )
        )
        section.details.append(
            "deskside requests by endpoint (initial): "
            + ", ".join(f"`{k}` {v}" for k, v in sorted(result.by_endpoint.items()))
        )
        section.details.append(
            "deskside requests by endpoint (incremental): "
            + ", ".join(f"`{k}` {v}" for k, v in sorted(result.incremental_by_endpoint.items()))
        )
        where = (
            "all in a worker thread, none on the event loop"
            if result.writes_on_loop == 0
            else f"{result.writes_on_loop} of them on the event loop"
        )
        section.details.append(
            f"Mirror writes (``apply_page``/``apply_messages``): {fmt_s(result.apply_total)} "
            f"in all, the longest {result.apply_max * 1000:.0f} ms, {where} (in the app the "
            "loop is the UI's)."
        )
    section.details.append(
        f"Mock data: {len(data.tickets):,} tickets, {comments:,} comments, "
        f"{len(data.users):,} users; {LATENCY * 1000:.0f} ms before every answer."
    )
    if baseline is not None:
        section.details.append(
            f"zenpy: export of {baseline.tickets:,} tickets (+ {baseline.users:,} requesters "
            f"sideloaded) in {baseline.export_requests} requests, "
            f"{fmt_s(baseline.export_seconds)}; "
            f"comments of {baseline.sample} tickets ({baseline.sample_comments} comments) in "
            f"{fmt_s(baseline.sample_seconds)} ({per_request * 1000:.1f} ms a ticket), scaled to "
            f"{baseline.tickets:,}: {fmt_s(baseline.estimated_seconds)} in all."
        )
    section.seconds = time.perf_counter() - began
    return [section]
