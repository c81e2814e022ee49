"""The sync engine against an in-memory helpdesk: full, incremental, deletions, failures."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import httpx
import pytest

from api_client.errors import UnavailableError
from api_client.http import RateBudget
from console.core.db import open_store
from console.core.mirror import MirrorWriter
from console.core.sync import CURSOR, SyncEngine
from tests.contract.harnesses import memory_harness
from tests.fake_backend import MemoryBackend


@pytest.fixture
async def setup(tmp_path: Path):
    seeded = await memory_harness(tmp_path)
    backend = seeded.backend
    assert isinstance(backend, MemoryBackend)
    path = tmp_path / "mirror.sqlite3"
    conn = open_store(path)
    yield backend, MirrorWriter(conn, "contract"), conn, path, seeded
    conn.close()


def _subjects(conn) -> set[str]:
    return {row[0] for row in conn.execute("SELECT subject FROM tickets")}


async def test_full_sync_mirrors_tickets_threads_customers_and_agents(setup) -> None:
    backend, writer, conn, _, seeded = setup
    result = await SyncEngine(writer, backend).run()
    assert result.full
    assert conn.execute("SELECT count(*) FROM tickets").fetchone()[0] == 3
    assert result.progress.pages == 2  # page size 2, three tickets
    assert result.progress.total == 3
    thread = conn.execute(
        "SELECT m.author_role, m.body FROM messages m JOIN tickets t ON t.id = m.ticket_id "
        "WHERE t.remote_id = ? ORDER BY m.created_at",
        (seeded.tickets["wismo"].split(":")[1],),
    ).fetchall()
    assert [role for role, _ in thread] == ["customer", "agent", "customer"]
    marco = conn.execute(
        "SELECT name, email FROM customers WHERE remote_id = ?",
        (seeded.customers["marco"].split(":")[1],),
    ).fetchone()
    assert marco == ("Marco Bianchi", "marco.bianchi@example.it")
    assert (
        conn.execute("SELECT name FROM agents WHERE remote_id = '7'").fetchone()[0]
        == "Giulia Rossi"
    )
    counts = conn.execute(
        "SELECT message_count, last_customer_at IS NOT NULL FROM tickets WHERE remote_id = ?",
        (seeded.tickets["wismo"].split(":")[1],),
    ).fetchone()
    assert counts == (3, 1)
    assert writer.cursor(CURSOR) == "3"


async def test_incremental_sync_fetches_only_what_changed(setup) -> None:
    backend, writer, conn, _, seeded = setup
    await SyncEngine(writer, backend).run()
    native = seeded.tickets["refund"].split(":")[1]
    backend.customer_writes(native, "E quindi? Il rimborso?")
    backend.calls.clear()
    events: list[set[int]] = []
    result = await SyncEngine(writer, backend, on_changes=events.append).run()
    assert not result.full
    assert backend.calls == ["changes", "get_thread"]
    local = conn.execute("SELECT id FROM tickets WHERE remote_id = ?", (native,)).fetchone()[0]
    assert events == [{local}]
    bodies = [r[0] for r in conn.execute("SELECT body FROM messages WHERE ticket_id = ?", (local,))]
    assert bodies[-1] == "E quindi? Il rimborso?"
    assert conn.execute("SELECT status FROM tickets WHERE id = ?", (local,)).fetchone()[0] == "open"


async def test_a_ticket_changed_twice_is_announced_once(setup) -> None:
    backend, writer, _, _, seeded = setup
    await SyncEngine(writer, backend).run()
    native = seeded.tickets["wismo"].split(":")[1]
    backend.customer_writes(native, "uno")
    backend.customer_writes(native, "due")
    events: list[set[int]] = []
    await SyncEngine(writer, backend, on_changes=events.append).run()
    assert len(events) == 1 and len(events[0]) == 1


async def test_deletions_remove_the_ticket_and_its_thread(setup) -> None:
    backend, writer, conn, _, seeded = setup
    await SyncEngine(writer, backend).run()
    native = seeded.tickets["hostile"].split(":")[1]
    local = conn.execute("SELECT id FROM tickets WHERE remote_id = ?", (native,)).fetchone()[0]
    backend.delete_ticket(native)
    events: list[set[int]] = []
    await SyncEngine(writer, backend, on_changes=events.append).run()
    assert conn.execute("SELECT count(*) FROM tickets WHERE id = ?", (local,)).fetchone()[0] == 0
    assert (
        conn.execute("SELECT count(*) FROM messages WHERE ticket_id = ?", (local,)).fetchone()[0]
        == 0
    )
    assert events == [{local}]


async def test_a_page_failing_midway_resumes_from_the_last_committed_page(setup) -> None:
    backend, writer, conn, _, _ = setup
    engine = SyncEngine(writer, backend)
    original = backend.changes
    calls = 0

    async def flaky(cursor, *, limit=None):
        nonlocal calls
        calls += 1
        if calls == 2:
            raise UnavailableError("503 Service Unavailable")
        return await original(cursor, limit=limit)

    backend.changes = flaky
    with pytest.raises(UnavailableError):
        await engine.run()
    assert conn.execute("SELECT count(*) FROM tickets").fetchone()[0] == 2
    assert writer.cursor(CURSOR) == "2"
    backend.calls.clear()
    await engine.run()
    assert conn.execute("SELECT count(*) FROM tickets").fetchone()[0] == 3
    assert Counter(backend.calls)["changes"] == 1, "resumed, not restarted"


async def test_the_cursor_survives_a_crash(setup) -> None:
    backend, writer, conn, path, _ = setup
    await SyncEngine(writer, backend).run(max_pages=1)
    conn.close()  # the process dies here; a new one opens the mirror
    reopened = open_store(path)
    writer2 = MirrorWriter(reopened, "contract")
    assert writer2.cursor(CURSOR) == "2"
    backend.calls.clear()
    await SyncEngine(writer2, backend).run()
    assert reopened.execute("SELECT count(*) FROM tickets").fetchone()[0] == 3
    assert "who_am_i" in backend.calls, "the first sync had not finished: directory read again"
    reopened.close()


async def test_full_resync_starts_over(setup) -> None:
    backend, writer, _, _, _ = setup
    await SyncEngine(writer, backend).run()
    backend.calls.clear()
    result = await SyncEngine(writer, backend).run(full=True)
    assert result.full and result.progress.tickets == 3


async def test_the_engine_slows_down_when_the_budget_runs_low(setup) -> None:
    backend, writer, _, _, _ = setup
    budget = RateBudget()
    budget.observe(
        httpx.Response(
            200, headers={"X-Rate-Limit": "100", "X-Rate-Limit-Remaining": "1", "Retry-After": "0"}
        )
    )
    backend.budget = budget
    waits: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        waits.append(seconds)

    await SyncEngine(writer, backend, sleep=fake_sleep).run()
    assert waits and all(w > 0 for w in waits)


async def test_progress_is_reported_per_page(setup) -> None:
    backend, writer, _, _, _ = setup
    seen: list[tuple[int, int, int | None]] = []
    await SyncEngine(
        writer, backend, on_progress=lambda p: seen.append((p.pages, p.tickets, p.total))
    ).run()
    assert seen == [(1, 2, 3), (2, 3, 3)]


async def test_the_first_sync_adopts_the_terminal_agents_local_row(setup) -> None:
    from api_client.backends.local.desk import Desk

    backend, writer, conn, _, _ = setup
    local = Desk(conn, "contract").ensure_agent("giulia", "giulia")
    await SyncEngine(writer, backend).run()
    row = conn.execute("SELECT id, remote_id, name FROM agents WHERE login = 'giulia'").fetchone()
    assert row == (local, "7", "Giulia Rossi")


async def test_solved_at_is_kept_from_the_first_time_a_ticket_is_seen_solved(setup) -> None:
    from api_client.models import Status, TicketUpdate

    backend, writer, conn, _, seeded = setup
    await SyncEngine(writer, backend).run()
    target = seeded.tickets["wismo"]
    await backend.update(target, TicketUpdate(status=Status.SOLVED))
    await SyncEngine(writer, backend).run()
    native = target.split(":")[1]
    first = conn.execute("SELECT solved_at FROM tickets WHERE remote_id = ?", (native,)).fetchone()
    assert first[0] is not None
    backend.customer_writes(native, "Riaperto")
    await SyncEngine(writer, backend).run()
    again = conn.execute(
        "SELECT status, solved_at FROM tickets WHERE remote_id = ?", (native,)
    ).fetchone()
    assert again == ("open", first[0])
