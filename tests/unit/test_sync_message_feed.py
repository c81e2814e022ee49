"""The sync engine with a message feed (Zendesk's ticket events) against a fake Zendesk:
tickets before threads, no request per ticket, writes off the loop, crash and resume,
the agent-token fallback, gaps, and a mirror filled before the feed existed."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from api_client.backends.zendesk import ZendeskBackend
from api_client.errors import UnavailableError
from console.core.db import open_store
from console.core.mirror import MirrorWriter
from console.core.sync import CURSOR, FULL_DONE, SyncEngine
from console.core.sync_messages import FEED_REFUSED, MESSAGES
from tests.contract.harness_zendesk import ZendeskWorld, backend_for, seed_world
from tests.contract.zendesk_mock import ZendeskMock


class Setup:
    def __init__(self, tmp_path: Path) -> None:
        self.mock = ZendeskMock()
        self.world: ZendeskWorld = seed_world(self.mock)
        self.backend: ZendeskBackend = backend_for(self.mock)
        self.backend.clock = lambda: self.mock.now.timestamp()
        self.conn = open_store(tmp_path / "mirror.sqlite3")
        self.writer = MirrorWriter(self.conn, "contract")
        self.log: list[tuple[str, int]] = []
        for name in ("apply_page", "apply_messages"):
            self._spy(name)

    def _spy(self, name: str) -> None:
        original = getattr(self.writer, name)

        def spied(*args: Any, **kwargs: Any) -> Any:
            self.log.append((name, threading.get_ident()))
            return original(*args, **kwargs)

        setattr(self.writer, name, spied)

    def engine(self, **kwargs: Any) -> SyncEngine:
        return SyncEngine(self.writer, self.backend, **kwargs)

    def paths(self) -> list[str]:
        return [r.path for r in self.mock.requests]

    def messages(self) -> list[tuple[str, str]]:
        return self.conn.execute(
            "SELECT m.remote_id, m.body FROM messages m ORDER BY m.remote_id"
        ).fetchall()

    def comments(self) -> int:
        return sum(len(c) for c in self.mock.comments.values())


@pytest.fixture
async def setup(tmp_path: Path) -> AsyncIterator[Setup]:
    made = Setup(tmp_path)
    yield made
    await made.backend.aclose()
    made.conn.close()


async def test_a_first_sync_reads_threads_from_the_feed_after_the_tickets(setup: Setup) -> None:
    reported: list[tuple[int, int]] = []
    result = await setup.engine(
        on_progress=lambda p: reported.append((p.tickets, p.messages))
    ).run()
    assert result.full
    assert reported == [(3, 0), (3, 6)], "tickets first, then the feed's messages"
    assert result.progress.messages == 6
    assert not [p for p in setup.paths() if p.endswith("/comments")], "no request per ticket"
    assert setup.paths().count("/api/v2/incremental/ticket_events") == 1
    assert len(setup.messages()) == setup.comments() == 6
    kinds = [name for name, _ in setup.log]
    assert kinds[0] == "apply_page" and kinds[-1] == "apply_messages"
    assert "apply_page" not in kinds[kinds.index("apply_messages") :], "tickets before threads"
    assert all(ident != threading.get_ident() for _, ident in setup.log), "writes off the loop"
    wismo = str(setup.world.tickets["wismo"])
    row = setup.conn.execute(
        "SELECT message_count, last_customer_at IS NOT NULL FROM tickets WHERE remote_id = ?",
        (wismo,),
    ).fetchone()
    assert row == (3, 1)
    roles = setup.conn.execute(
        "SELECT m.author_role, m.public FROM messages m JOIN tickets t ON t.id = m.ticket_id "
        "WHERE t.remote_id = ? ORDER BY m.created_at",
        (str(setup.world.tickets["refund"]),),
    ).fetchall()
    assert roles == [("customer", 1), ("agent", 0)]
    assert setup.writer.cursor(MESSAGES) is not None and setup.writer.cursor(FULL_DONE) == "1"


async def test_the_first_page_is_small_and_the_directory_is_read_alongside(setup: Setup) -> None:
    await setup.engine().run()
    export = setup.mock.reads("/api/v2/incremental/tickets/cursor")[0]
    assert export.params["per_page"] == "100"
    assert "/api/v2/users/me" in setup.paths() and "/api/v2/groups" in setup.paths()


async def test_an_incremental_sync_costs_one_export_and_one_events_request(setup: Setup) -> None:
    await setup.engine().run()
    setup.mock.tick(600)
    setup.mock.customer_writes(setup.world.tickets["refund"], "E quindi? Il rimborso?")
    setup.mock.tick(61)
    setup.mock.requests.clear()
    changed: list[set[int]] = []
    result = await setup.engine(on_changes=changed.append).run()
    assert not result.full
    assert sorted(setup.paths()) == [
        "/api/v2/incremental/ticket_events",
        "/api/v2/incremental/tickets/cursor",
    ]
    assert setup.messages()[-1][1] == "E quindi? Il rimborso?"
    local = setup.conn.execute(
        "SELECT id FROM tickets WHERE remote_id = ?", (str(setup.world.tickets["refund"]),)
    ).fetchone()[0]
    assert result.changed == {local} and all(c == {local} for c in changed)


async def test_a_crash_in_the_feed_resumes_without_losing_or_doubling_messages(
    setup: Setup,
) -> None:
    setup.mock.events_per_page = 2
    events = 0
    handle = setup.mock.handle

    def second_events_page_breaks(request: httpx.Request) -> httpx.Response:
        nonlocal events
        if request.url.path.endswith("ticket_events"):
            events += 1
            if events == 2:
                raise httpx.ConnectError("the line went down", request=request)
        return handle(request)

    await setup.backend.aclose()
    setup.backend = ZendeskBackend(
        "contract",
        {"subdomain": setup.mock.subdomain, "email": "giulia@acme.example"},
        {"token": setup.mock.token},
        http=httpx.AsyncClient(transport=httpx.MockTransport(second_events_page_breaks)),
    )
    setup.backend.clock = lambda: setup.mock.now.timestamp()
    with pytest.raises(UnavailableError):
        await setup.engine().run()
    stored = setup.messages()
    assert 0 < len(stored) < 6, "the first page is stored with its cursor"
    resume = setup.writer.cursor(MESSAGES)
    assert resume is not None and resume != "start_time:0"
    assert setup.writer.cursor(FULL_DONE) is None
    setup.mock.requests.clear()
    result = await setup.engine().run()
    assert result.full, "an interrupted first sync is finished as one"
    first = setup.mock.reads("/api/v2/incremental/ticket_events")[0]
    assert f"start_time:{first.params['start_time']}" == resume
    after = setup.messages()
    assert len(after) == len({remote for remote, _ in after}) == 6
    assert setup.writer.cursor(FULL_DONE) == "1"


async def test_an_agents_token_syncs_by_search_and_reads_threads_per_ticket(
    setup: Setup,
) -> None:
    setup.mock.exports_forbidden = True
    await setup.engine().run()
    paths = setup.paths()
    assert "/api/v2/search/export" in paths
    assert sum(p.endswith("/comments") for p in paths) == 3
    assert len(setup.messages()) == 6
    assert setup.writer.cursor(FEED_REFUSED) == "1"
    assert (setup.writer.cursor(CURSOR) or "").startswith("search:")
    setup.mock.requests.clear()
    await setup.engine().run()
    assert "/api/v2/incremental/ticket_events" not in setup.paths(), "the refusal is remembered"
    assert setup.paths() == ["/api/v2/search/export"]


async def test_a_message_of_a_ticket_the_mirror_lacks_brings_that_ticket(setup: Setup) -> None:
    await setup.engine().run()
    hostile = str(setup.world.tickets["hostile"])
    setup.conn.execute("DELETE FROM tickets WHERE remote_id = ?", (hostile,))
    setup.writer.set_state(MESSAGES, "start_time:0")
    setup.mock.requests.clear()
    await setup.engine().run()
    assert f"/api/v2/tickets/{hostile}" in setup.paths()
    assert len(setup.messages()) == 6
    deleted = setup.world.tickets["wismo"]
    setup.conn.execute("DELETE FROM tickets WHERE remote_id = ?", (str(deleted),))
    setup.mock.delete_ticket(deleted)
    setup.mock.comments[deleted] = []  # gone with its ticket
    setup.writer.set_state(MESSAGES, "start_time:0")
    await setup.engine().run()
    assert setup.conn.execute("SELECT count(*) FROM tickets").fetchone()[0] == 2


async def test_a_mirror_synced_before_the_feed_reads_threads_then_starts_the_feed(
    setup: Setup,
) -> None:
    await setup.engine().run()
    setup.writer.set_state(MESSAGES, None)  # as a mirror filled by an older deskside
    setup.mock.tick(600)
    setup.mock.customer_writes(setup.world.tickets["wismo"], "Novità?")
    setup.mock.tick(61)
    setup.mock.requests.clear()
    await setup.engine().run()
    assert f"/api/v2/tickets/{setup.world.tickets['wismo']}/comments" in setup.paths()
    assert setup.messages()[-1][1] == "Novità?"
    assert setup.writer.cursor(MESSAGES) is not None
    events = setup.mock.reads("/api/v2/incremental/ticket_events")
    assert int(events[0].params["start_time"]) > 0


async def test_a_full_resync_reads_everything_again_and_asks_for_the_feed_anew(
    setup: Setup,
) -> None:
    setup.writer.set_state(FEED_REFUSED, "1")
    await setup.engine().run(full=True)
    assert setup.writer.cursor(FEED_REFUSED) is None
    assert setup.paths().count("/api/v2/incremental/ticket_events") == 1
    assert len(setup.messages()) == 6


async def test_a_ticket_page_cursor_waits_for_the_feeds_first_answer(setup: Setup) -> None:
    setup.mock.fail_next(503, path="ticket_events")
    with pytest.raises(UnavailableError):
        await setup.engine().run()
    assert setup.conn.execute("SELECT count(*) FROM tickets").fetchone()[0] == 3
    assert setup.writer.cursor(CURSOR) is None, "the page is read again: its threads may be due"
    await setup.engine().run()
    assert len(setup.messages()) == 6 and setup.writer.cursor(CURSOR) is not None
