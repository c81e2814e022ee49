"""The benchmark's Zendesk mock speaks what the Zendesk backend reads: a real sync over
HTTP on 127.0.0.1 (no latency) fills a mirror from it, threads from the ticket events
export; and its export limit answers 429 with Retry-After."""

from __future__ import annotations

from pathlib import Path

import httpx

from api_client.backends.zendesk import ZendeskBackend
from bench.zendesk_mock import AGENT_BASE, COMMENT_BASE, USER_BASE, Data, Server
from console.core.db import open_store
from console.core.mirror import MirrorWriter
from console.core.sync import SyncEngine


def _data() -> Data:
    data = Data()
    data.me = AGENT_BASE + 1
    data.users[data.me] = {"id": data.me, "name": "Giulia", "role": "agent", "active": True}
    for n in (1, 2):
        customer = USER_BASE + n
        data.users[customer] = {"id": customer, "name": f"Cliente {n}", "role": "end-user"}
        data.tickets[n] = {
            "id": n,
            "subject": f"Ordine {n}",
            "status": "open",
            "priority": None,
            "via": {"channel": "email"},
            "requester_id": customer,
            "assignee_id": data.me,
            "group_id": None,
            "tags": [],
            "created_at": f"2026-01-0{n}T10:00:00Z",
            "updated_at": f"2026-01-0{n}T11:00:00Z",
            "generated_timestamp": 1767261600 + n * 86400,
            "custom_fields": [],
        }
        data.comments[n] = [
            {
                "id": COMMENT_BASE + 10 * n + k,
                "type": "Comment",
                "author_id": author,
                "body": f"messaggio {k}",
                "public": True,
                "created_at": f"2026-01-0{n}T10:0{k}:00Z",
                "attachments": [],
                "via": {"channel": "email"},
            }
            for k, author in enumerate((customer, data.me, customer))
        ]
    data.log = [1, 2]
    return data


async def test_a_sync_from_the_bench_mock_reads_threads_from_the_events_export(
    tmp_path: Path,
) -> None:
    server = Server(_data(), latency=0)
    conn = open_store(tmp_path / "m.sqlite3")
    try:
        async with httpx.AsyncClient(trust_env=False) as client:  # no proxy for 127.0.0.1
            backend = ZendeskBackend(
                "bench",
                {"base_url": f"http://{server.netloc}", "email": "g@example.com"},
                {"token": "t"},
                http=client,
            )
            await SyncEngine(MirrorWriter(conn, "bench"), backend).run()
        assert conn.execute("SELECT count(*) FROM tickets").fetchone()[0] == 2
        roles = conn.execute("SELECT author_role FROM messages ORDER BY created_at").fetchall()
        assert [r[0] for r in roles] == ["customer", "agent", "customer"] * 2
        assert server.requests["/incremental/ticket_events"] == 1
        assert not [p for p in server.requests if p.endswith("/comments")]
    finally:
        conn.close()
        server.close()


def test_the_export_limit_answers_429_with_retry_after() -> None:
    server = Server(_data(), latency=0, export_limit=1)
    try:
        url = f"http://{server.netloc}/api/v2/incremental/ticket_events.json?start_time=0"
        with httpx.Client(trust_env=False) as client:
            assert client.get(url).status_code == 200
            refused = client.get(url)
            assert refused.status_code == 429
            assert 1 <= int(refused.headers["Retry-After"]) <= 60
            assert client.get(f"http://{server.netloc}/api/v2/users/me.json").status_code == 200
    finally:
        server.close()
