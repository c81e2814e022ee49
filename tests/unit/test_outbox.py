"""The outbox: every transition, lost answers never sent twice, conflicts, two consoles."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from api_client.backend import Capability
from api_client.errors import (
    AuthError,
    ConflictError,
    InvalidRequestError,
    RateLimitedError,
    UnavailableError,
)
from api_client.models import Status, TicketUpdate
from console.core.db import open_store
from console.core.delivery import Deliverer
from console.core.errors import UserError
from console.core.outbox import Outbox, OutboxState
from tests.contract.harnesses import memory_harness
from tests.fake_backend import MemoryBackend


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


async def _no_sleep(_: float) -> None:
    return None


@pytest.fixture
async def world(tmp_path: Path):
    seeded = await memory_harness(tmp_path)
    backend = seeded.backend
    assert isinstance(backend, MemoryBackend)
    conn = open_store(":memory:")
    conn.execute("INSERT INTO customers(id, name, created_at) VALUES (1, 'c', 0)")
    local_ids: dict[str, int] = {}
    for key, qualified in seeded.tickets.items():
        native = qualified.split(":", 1)[1]
        cursor = conn.execute(
            "INSERT INTO tickets(remote_id, subject, status, channel, customer_id, created_at, "
            "updated_at) VALUES (?, ?, 'open', 'email', 1, 0, 0)",
            (native, key),
        )
        local_ids[key] = int(cursor.lastrowid)  # type: ignore[arg-type]
    clock = FakeClock()
    outbox = Outbox(conn, "contract", clock=clock)
    deliverer = Deliverer(outbox, backend, sleep=_no_sleep)
    yield backend, outbox, deliverer, local_ids, clock
    conn.close()


def _copies(backend: MemoryBackend, native: str, body: str) -> int:
    return sum(1 for m in backend.state.messages.get(native, []) if m.body == body)


def _native(backend: MemoryBackend, outbox: Outbox, ticket_id: int) -> str:
    return outbox._ticket_ref(ticket_id).split(":", 1)[1]


async def test_queued_then_sent_with_the_key_as_external_id(world) -> None:
    backend, outbox, deliverer, ids, _ = world
    entry = outbox.enqueue_message(ids["wismo"], body="Arriva domani", public=True)
    assert entry.state is OutboxState.QUEUED
    seen: list[OutboxState] = []
    deliverer.on_change = lambda e: seen.append(e.state)
    done = await deliverer.drain()
    assert [e.state for e in done] == [OutboxState.SENT]
    assert seen == [OutboxState.SENDING, OutboxState.SENT]
    thread = backend.state.messages[_native(backend, outbox, ids["wismo"])]
    assert thread[-1].external_id == entry.key and thread[-1].body == "Arriva domani"
    assert outbox.get(entry.id).remote_id == thread[-1].id


async def test_note_and_field_changes_travel_together(world) -> None:
    backend, outbox, deliverer, ids, _ = world
    outbox.enqueue_message(
        ids["wismo"], body="interno", public=False, changes=TicketUpdate(status=Status.PENDING)
    )
    await deliverer.drain()
    native = _native(backend, outbox, ids["wismo"])
    assert backend.state.messages[native][-1].public is False
    assert backend.state.tickets[native].status is Status.PENDING


@pytest.mark.parametrize("operation", ["post_message", "update"])
async def test_a_lost_answer_is_reconciled_never_resent(world, operation: str) -> None:
    backend, outbox, deliverer, ids, clock = world
    native = _native(backend, outbox, ids["wismo"])
    if operation == "post_message":
        outbox.enqueue_message(ids["wismo"], body="Una sola volta")
    else:
        outbox.enqueue_update(ids["wismo"], TicketUpdate(tags_add=("once",)))
    backend.lose_answer_of.add(operation)
    first = await deliverer.deliver_one()
    assert first is not None and first.state is OutboxState.QUEUED and first.uncertain
    backend.lose_answer_of.clear()
    clock.now += 3600
    second = await deliverer.deliver_one()
    assert second is not None and second.state is OutboxState.SENT
    if operation == "post_message":
        assert _copies(backend, native, "Una sola volta") == 1
        assert backend.calls.count("post_message") == 1
        assert "get_thread" in backend.calls
    else:
        assert backend.calls.count("update") == 1
        assert backend.state.tickets[native].tags.count("once") == 1


async def test_a_write_that_never_left_is_retried_with_backoff(world) -> None:
    backend, outbox, deliverer, ids, clock = world
    entry = outbox.enqueue_message(ids["wismo"], body="retry me")
    backend.failures.append(UnavailableError("connection refused", sent=False))
    first = await deliverer.deliver_one()
    assert first is not None and first.state is OutboxState.QUEUED and not first.uncertain
    assert first.next_attempt_at > clock.now
    assert await deliverer.deliver_one() is None, "not due yet"
    clock.now = first.next_attempt_at
    assert (await deliverer.deliver_one()).state is OutboxState.SENT
    assert "get_thread" not in backend.calls, "a write that never left needs no reconcile"
    assert _copies(backend, _native(backend, outbox, ids["wismo"]), "retry me") == 1
    assert outbox.get(entry.id).attempts == 2


async def test_rate_limited_waits_retry_after(world) -> None:
    backend, outbox, deliverer, ids, clock = world
    outbox.enqueue_message(ids["wismo"], body="later")
    backend.failures.append(RateLimitedError("slow down", retry_after=42))
    entry = await deliverer.deliver_one()
    assert entry is not None and entry.next_attempt_at == clock.now + 42


@pytest.mark.parametrize(
    "error", [AuthError("token revoked"), InvalidRequestError("body too long")]
)
async def test_refused_writes_fail_with_the_reason_and_can_be_retried(world, error) -> None:
    backend, outbox, deliverer, ids, _ = world
    entry = outbox.enqueue_message(ids["wismo"], body="refused")
    backend.failures.append(error)
    failed = await deliverer.deliver_one()
    assert failed is not None and failed.state is OutboxState.FAILED
    assert str(error) in (failed.error or "")
    outbox.retry(entry.id)
    assert (await deliverer.deliver_one()).state is OutboxState.SENT


async def test_gives_up_after_max_attempts_on_writes_that_never_left(world) -> None:
    backend, outbox, deliverer, ids, clock = world
    deliverer.max_attempts = 3
    outbox.enqueue_message(ids["wismo"], body="x")
    for _ in range(3):
        backend.failures.append(UnavailableError("refused", sent=False))
        entry = await deliverer.deliver_one()
        clock.now += 10_000
    assert entry is not None and entry.state is OutboxState.FAILED
    assert "gave up after 3 attempts" in (entry.error or "")


async def test_409_is_a_conflict_and_send_anyway_delivers(world) -> None:
    backend, outbox, deliverer, ids, _ = world
    entry = outbox.enqueue_message(ids["wismo"], body="conflitto", expected_version="1")
    backend.failures.append(ConflictError("409 Conflict"))
    conflict = await deliverer.deliver_one()
    assert conflict is not None and conflict.state is OutboxState.CONFLICT
    with pytest.raises(UserError, match="send anyway"):
        outbox.retry(entry.id)
    outbox.retry(entry.id, force=True)
    assert outbox.get(entry.id).expected_version is None
    assert (await deliverer.deliver_one()).state is OutboxState.SENT


async def test_a_newer_remote_version_is_a_conflict(world) -> None:
    backend, outbox, deliverer, ids, _ = world
    native = _native(backend, outbox, ids["wismo"])
    seen_version = backend.state.tickets[native].version
    backend.customer_writes(native, "Anzi, ho risolto da solo")
    outbox.enqueue_message(ids["wismo"], body="risposta vecchia", expected_version=seen_version)
    entry = await deliverer.deliver_one()
    assert entry is not None and entry.state is OutboxState.CONFLICT
    assert _copies(backend, native, "risposta vecchia") == 0


async def test_without_versioned_updates_the_deliverer_checks_the_version(world) -> None:
    backend, outbox, deliverer, ids, _ = world
    backend.capabilities = backend.capabilities - {Capability.VERSIONED_UPDATES}
    native = _native(backend, outbox, ids["wismo"])
    seen = backend.state.tickets[native].version
    backend.customer_writes(native, "nuovo messaggio")
    outbox.enqueue_message(ids["wismo"], body="troppo tardi", expected_version=seen)
    entry = await deliverer.deliver_one()
    assert entry is not None and entry.state is OutboxState.CONFLICT
    assert backend.calls[-1] == "get_ticket" and "post_message" not in backend.calls


async def test_our_own_writes_do_not_conflict_with_each_other(world) -> None:
    backend, outbox, deliverer, ids, _ = world
    native = _native(backend, outbox, ids["wismo"])
    version = backend.state.tickets[native].version
    outbox.enqueue_message(ids["wismo"], body="prima", expected_version=version)
    outbox.enqueue_update(
        ids["wismo"], TicketUpdate(status=Status.SOLVED), expected_version=version
    )
    done = await deliverer.drain()
    assert [e.state for e in done] == [OutboxState.SENT, OutboxState.SENT]
    assert backend.state.tickets[native].status is Status.SOLVED


async def test_discard_and_its_limits(world) -> None:
    _backend, outbox, deliverer, ids, _ = world
    entry = outbox.enqueue_message(ids["wismo"], body="ci ho ripensato")
    outbox.discard(entry.id)
    assert outbox.entries() == []
    sent = outbox.enqueue_message(ids["wismo"], body="inviato")
    await deliverer.drain()
    with pytest.raises(UserError, match="cannot be discarded"):
        outbox.discard(sent.id)
    with pytest.raises(UserError, match="empty"):
        outbox.enqueue_message(ids["wismo"], body="   ")


async def test_two_consoles_draining_one_outbox_deliver_each_row_once(tmp_path: Path) -> None:
    seeded = await memory_harness(tmp_path)
    backend = seeded.backend
    assert isinstance(backend, MemoryBackend)
    path = tmp_path / "shared.sqlite3"
    setup = open_store(path)
    setup.execute("INSERT INTO customers(id, name, created_at) VALUES (1, 'c', 0)")
    native = seeded.tickets["wismo"].split(":", 1)[1]
    setup.execute(
        "INSERT INTO tickets(id, remote_id, subject, status, channel, customer_id, created_at, "
        "updated_at) VALUES (1, ?, 's', 'open', 'email', 1, 0, 0)",
        (native,),
    )
    first = Outbox(setup, "contract")
    for n in range(40):
        first.enqueue_message(1, body=f"messaggio {n}")
    other_conn = open_store(path)
    second = Outbox(other_conn, "contract")
    results = await asyncio.gather(
        Deliverer(first, backend, sleep=_no_sleep).drain(),
        Deliverer(second, backend, sleep=_no_sleep).drain(),
    )
    assert sum(len(r) for r in results) == 40
    bodies = [m.body for m in backend.state.messages[native] if m.body.startswith("messaggio")]
    assert sorted(bodies) == sorted(f"messaggio {n}" for n in range(40))
    assert first.counts()[OutboxState.SENT] == 40


def test_a_row_claimed_by_a_live_console_is_left_alone(tmp_path: Path) -> None:
    conn = open_store(tmp_path / "s.sqlite3")
    conn.execute("INSERT INTO customers(id, name, created_at) VALUES (1, 'c', 0)")
    conn.execute(
        "INSERT INTO tickets(id, subject, status, channel, customer_id, created_at, updated_at) "
        "VALUES (1, 's', 'open', 'email', 1, 0, 0)"
    )
    clock = FakeClock()
    alive = Outbox(conn, "p", clock=clock)
    alive.enqueue_message(1, body="mine")
    assert alive.claim() is not None
    other = Outbox(sqlite3.connect(tmp_path / "s.sqlite3", isolation_level=None), "p", clock=clock)
    assert other.claim() is None, "the lease is live and its owner (this process) is alive"
    clock.now += 3600
    orphan = other.claim()
    assert orphan is not None and orphan.uncertain, "an expired lease is claimed as uncertain"


def test_author_ids_are_only_sent_when_the_helpdesk_knows_the_agent(tmp_path) -> None:
    from api_client.backends.local.desk import Desk
    from console.core.mirror import MirrorWriter

    desk_conn = open_store(tmp_path / "desk.sqlite3")
    local = Desk(desk_conn, "local").ensure_agent("giulia")
    assert Outbox(desk_conn, "local").agent_ref(local) == f"local:{local}"
    mirror = open_store(tmp_path / "mirror.sqlite3")
    MirrorWriter(mirror, "acme")
    unknown = Desk(mirror, "acme").ensure_agent("giulia")
    assert Outbox(mirror, "acme").agent_ref(unknown) is None
    mirror.execute("UPDATE agents SET remote_id = '9001' WHERE id = ?", (unknown,))
    assert Outbox(mirror, "acme").agent_ref(unknown) == "acme:9001"


async def test_our_own_earlier_update_is_not_a_conflict_on_an_uncertain_retry(world) -> None:
    """A helpdesk that updates, then posts (two requests): the update landed, the post did not."""
    backend, outbox, deliverer, ids, _ = world
    native = _native(backend, outbox, ids["wismo"])
    seen = backend.state.tickets[native].version
    entry = outbox.enqueue_message(
        ids["wismo"], body="In arrivo", changes=TicketUpdate(status=Status.PENDING),
        expected_version=seen,
    )  # fmt: skip
    claimed = outbox.claim()
    assert claimed is not None
    await backend.update(f"contract:{native}", TicketUpdate(status=Status.PENDING))
    outbox.mark_retry(entry.id, delay=0, error="answer lost", uncertain=True)
    done = await deliverer.deliver_one()
    assert done is not None and done.state is OutboxState.SENT
    assert _copies(backend, native, "In arrivo") == 1
