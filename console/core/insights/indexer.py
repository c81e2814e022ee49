"""Keeping the store's insights current: language, reasons and hostility per ticket.

The queue filters and sorts on these (``reason:return``, ``lang:it``,
``mood:rising``), so they live in indexed tables beside the tickets. The indexer
re-analyses a ticket only when its thread or tags changed since the last time
(``ticket_insights.message_count`` / ``tags``), in batches of one transaction
each, and can run in a background thread with its own connection.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from console.core.insights.analyze import Insights, ThreadInsights
from console.core.insights.hostility import CustomerMessage

__all__ = [
    "IndexResult",
    "index_changed",
    "index_pending",
    "index_tickets",
    "pending_tickets",
]

BATCH = 500


@dataclass(frozen=True)
class IndexResult:
    tickets: int
    rising: int


def pending_tickets(conn: sqlite3.Connection, *, after: int = 0, limit: int = BATCH) -> list[int]:
    """Tickets whose thread or tags changed since they were last analysed (by id)."""
    rows = conn.execute(
        "SELECT t.id FROM tickets AS t LEFT JOIN ticket_insights AS i ON i.ticket_id = t.id "
        "WHERE t.id > ? AND (i.ticket_id IS NULL OR i.message_count != t.message_count "
        "OR i.tags != t.tags) ORDER BY t.id LIMIT ?",
        (after, limit),
    )
    return [int(row[0]) for row in rows]


def _threads(
    conn: sqlite3.Connection, ticket_ids: Sequence[int]
) -> dict[int, list[CustomerMessage]]:
    marks = ", ".join("?" for _ in ticket_ids)
    threads: dict[int, list[CustomerMessage]] = {t: [] for t in ticket_ids}
    for ticket_id, body, created_at, channel in conn.execute(
        f"SELECT ticket_id, body, created_at, channel FROM messages "
        f"WHERE ticket_id IN ({marks}) AND author_role = 'customer' "
        "ORDER BY ticket_id, created_at, id",
        list(ticket_ids),
    ):
        threads[ticket_id].append(
            CustomerMessage(
                text=body, created_at=datetime.fromtimestamp(created_at, UTC), channel=channel
            )
        )
    return threads


def _row(ticket_id: int, found: ThreadInsights) -> dict[str, object]:
    latest = found.latest
    return {
        "ticket": ticket_id,
        "language": found.language,
        "hostility": round(latest.value, 3),
        "phase": str(found.curve.phase),
        "curve": json.dumps([round(p, 3) for p in found.curve.points]),
        "signals": json.dumps([[s.name, round(s.weight, 3), s.detail] for s in latest.signals]),
    }


def index_tickets(
    conn: sqlite3.Connection, ticket_ids: Sequence[int], insights: Insights
) -> IndexResult:
    """Analyse these tickets and store the results in one transaction."""
    if not ticket_ids:
        return IndexResult(0, 0)
    threads = _threads(conn, ticket_ids)
    facts = {
        int(row[0]): (int(row[1]), str(row[2]), row[3], row[4])
        for row in conn.execute(
            "SELECT t.id, t.message_count, t.tags, t.language, c.language FROM tickets AS t "
            f"JOIN customers AS c ON c.id = t.customer_id WHERE t.id IN "
            f"({', '.join('?' for _ in ticket_ids)})",
            list(ticket_ids),
        )
    }
    rising = 0
    conn.execute("BEGIN IMMEDIATE")
    try:
        for ticket_id in ticket_ids:
            if ticket_id not in facts:
                continue  # deleted meanwhile
            count, tags, ticket_lang, profile_lang = facts[ticket_id]
            found = insights.analyze_thread(
                threads[ticket_id], tags=tags.split(), profile_language=profile_lang
            )
            row = _row(ticket_id, found)
            rising += row["phase"] == "rising"
            conn.execute(
                "INSERT INTO ticket_insights(ticket_id, message_count, tags, language, "
                "hostility, phase, curve, signals) VALUES (:ticket, :count, :tags, :language, "
                ":hostility, :phase, :curve, :signals) ON CONFLICT(ticket_id) DO UPDATE SET "
                "message_count = excluded.message_count, tags = excluded.tags, "
                "language = excluded.language, hostility = excluded.hostility, "
                "phase = excluded.phase, curve = excluded.curve, signals = excluded.signals",
                {**row, "count": count, "tags": tags},
            )
            conn.execute("DELETE FROM ticket_reasons WHERE ticket_id = ?", (ticket_id,))
            conn.executemany(
                "INSERT OR IGNORE INTO ticket_reasons(reason, ticket_id) VALUES (?, ?)",
                [(match.reason, ticket_id) for match in found.reasons],
            )
            if found.language and ticket_lang != found.language and not ticket_lang:
                # The helpdesk did not say; the customer's own words decide. A language the
                # helpdesk set is never overwritten.
                conn.execute(
                    "UPDATE tickets SET language = ? WHERE id = ? AND language IS NULL",
                    (found.language, ticket_id),
                )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return IndexResult(len(ticket_ids), rising)


def index_pending(
    conn: sqlite3.Connection,
    insights: Insights,
    *,
    progress: Callable[[int], None] | None = None,
    limit: int | None = None,
) -> IndexResult:
    """Analyse every ticket that needs it, batch by batch (bounded by ``limit`` tickets)."""
    done = rising = 0
    after = 0
    while limit is None or done < limit:
        batch = pending_tickets(conn, after=after, limit=BATCH)
        if not batch:
            break
        result = index_tickets(conn, batch, insights)
        done += result.tickets
        rising += result.rising
        after = batch[-1]
        if progress is not None:
            progress(done)
    return IndexResult(done, rising)


def index_changed(
    conn: sqlite3.Connection, ticket_ids: Iterable[int], insights: Insights
) -> IndexResult:
    """Analyse those of these (just changed) tickets whose thread or tags moved on."""
    ids = sorted(set(ticket_ids))
    done = rising = 0
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        marks = ", ".join("?" for _ in chunk)
        stale = [
            int(row[0])
            for row in conn.execute(
                "SELECT t.id FROM tickets AS t LEFT JOIN ticket_insights AS i "
                f"ON i.ticket_id = t.id WHERE t.id IN ({marks}) AND (i.ticket_id IS NULL "
                "OR i.message_count != t.message_count OR i.tags != t.tags)",
                chunk,
            )
        ]
        result = index_tickets(conn, stale, insights)
        done += result.tickets
        rising += result.rising
    return IndexResult(done, rising)
