"""A small desk whose supervisor numbers were worked out by hand (see the comments).

``NOW`` is 2026-11-25 09:00 UTC. Nine tickets, two agents (giulia, marco):

====  ========  =========  =======  ======================================================
 #    channel   status     agent    what matters
====  ========  =========  =======  ======================================================
 T1   chat      new        —        created -10m, no due_at: first reply due -5m (breached)
 T2   chat      new        giulia   created -4m: due +1m, chat risk window 2.5m (at risk)
 T3   chat      new        —        created -1m: due +4m (fine)
 T4   email     open       giulia   due_at +20m (at risk, next reply), promised +2h, urgent
 T5   email     pending    marco    promised -1h (overdue), angry (peak)
 T6   email     solved     marco    created -3h, solved -30m: in the queue an hour ago
 T7   email     closed     marco    solved -2h: in the queue neither now nor then
 T8   phone     on_hold    marco    created -30m: not in the queue then; promise kept (thank)
 T9   whatsapp  open       marco    due_at -6m (breached, next reply), angry (rising)
====  ========  =========  =======  ======================================================
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from api_client.backends.local.desk import Desk
from api_client.models import AuthorRole, Channel, Priority

__all__ = ["NOW", "Hand", "build_desk"]

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
M = timedelta(minutes=1)
H = timedelta(hours=1)


@dataclass(frozen=True)
class Hand:
    """The ids of the hand-checked desk's rows."""

    giulia: int
    marco: int
    t: dict[int, int]
    """Ticket number in the table above (1..9) to its id."""


def _e(moment: datetime | None) -> int | None:
    return None if moment is None else int(moment.timestamp())


def build_desk(conn: sqlite3.Connection, *, me: str = "giulia") -> Hand:
    """Fill an empty store with the table above; returns the ids."""
    desk = Desk(conn, "local")
    giulia = desk.ensure_agent(me, "Giulia Rossi", group="Tier 1")
    marco = desk.ensure_agent("marco", "Marco [b]Bianchi[/b]", group="Tier 1")
    customer = desk.create_customer(
        "Ana [red]Ruiz[/]", contacts=[(Channel.EMAIL, "ana@example.es")], created_at=NOW - 400 * H
    )
    # number: (channel, status, lang, priority, assignee, created, due_at, first_response,
    #          last_customer, solved, updated, stage, promised_by)
    g, m, n = giulia, marco, "normal"
    plan: dict[int, tuple[object, ...]] = {
        1: ("chat", "new", "it", n, None, -10 * M, None, None, -10 * M, None, -10 * M),
        2: ("chat", "new", "it", "high", g, -4 * M, None, None, -4 * M, None, -4 * M),
        3: ("chat", "new", "en", n, None, -1 * M, None, None, -1 * M, None, -1 * M),
        4: ("email", "open", "en", "urgent", g, -5 * H, 20 * M, -290 * M, -3 * H, None, -2 * H),
        5: ("email", "pending", "fr", n, m, -48 * H, None, -47 * H, None, None, -30 * M),
        6: ("email", "solved", "it", n, m, -3 * H, None, -40 * M, -3 * H, -30 * M, -30 * M),
        7: ("email", "closed", "it", n, m, -24 * H, None, -23 * H, -24 * H, -2 * H, -2 * H),
        8: ("phone", "on_hold", "de", n, m, -30 * M, None, None, -30 * M, None, -30 * M),
        9: ("whatsapp", "open", "it", n, m, -3 * H, -6 * M, -170 * M, -20 * M, None, -20 * M),
    }  # fmt: skip
    stages = {4: "fix", 5: "fix", 8: "thank", 9: "identify"}
    promised = {4: NOW + 2 * H, 5: NOW - H, 8: NOW + H}  # T8's is kept: past the solve stage
    ids: dict[int, int] = {}
    for number, row in plan.items():
        channel, _, lang, priority, agent, created, due = row[:7]
        assert isinstance(created, timedelta)
        ids[number] = desk.create_ticket(
            subject=f"T{number} [bold]not markup[/] \x1b[31m",
            customer_id=customer,
            channel=Channel(str(channel)),
            priority=Priority(str(priority)),
            language=str(lang),
            created_at=NOW + created,
            assignee_id=agent if isinstance(agent, int) else None,
            due_at=NOW + due if isinstance(due, timedelta) else None,
        )
    # Replies in the last hour: marco on T5 (-30m), giulia on T6 (-40m); a note does not count.
    desk.add_message(
        ids[5], body="Ci penso io", author_role=AuthorRole.AGENT, author_name="Marco",
        author_id=marco, created_at=NOW - 30 * M,
    )  # fmt: skip
    desk.add_message(
        ids[6], body="Risolto", author_role=AuthorRole.AGENT, author_name="Giulia",
        author_id=giulia, created_at=NOW - 40 * M,
    )  # fmt: skip
    desk.add_message(
        ids[2], body="nota", author_role=AuthorRole.AGENT, author_name="Giulia",
        author_id=giulia, public=False, created_at=NOW - 2 * M,
    )  # fmt: skip
    # An agent reply two hours ago is outside the last hour.
    desk.add_message(
        ids[9], body="Prima risposta", author_role=AuthorRole.AGENT, author_name="Marco",
        author_id=marco, created_at=NOW - 170 * M,
    )  # fmt: skip
    # Then every time exactly as the table says (the messages moved some of them).
    for number, row in plan.items():
        first, last_customer, solved, updated = row[7:11]
        conn.execute(
            "UPDATE tickets SET status = ?, first_response_at = ?, last_customer_at = ?, "
            "solved_at = ?, updated_at = ?, stage = ?, promised_by = ? WHERE id = ?",
            (
                row[1],
                _e(NOW + first) if isinstance(first, timedelta) else None,
                _e(NOW + last_customer) if isinstance(last_customer, timedelta) else None,
                _e(NOW + solved) if isinstance(solved, timedelta) else None,
                _e(NOW + updated) if isinstance(updated, timedelta) else None,
                stages.get(number, "listen"),
                _e(promised.get(number)),
                ids[number],
            ),
        )
    conn.executemany(
        "INSERT INTO ticket_reasons(reason, ticket_id) VALUES (?, ?)",
        [("where_is_my_order", ids[1]), ("where_is_my_order", ids[9]), ("return_refund", ids[4])],
    )
    conn.executemany(
        "INSERT INTO ticket_insights(ticket_id, message_count, tags, phase, curve) "
        "VALUES (?, 1, '', ?, ?)",
        [
            (ids[9], "rising", "[0.1, 0.4, 0.7]"),
            (ids[5], "peak", "[0.6, 0.62]"),
            (ids[6], "rising", "[0.5, 0.9]"),  # solved: not an angry customer any more
            (ids[3], "calm", "[0.0]"),
        ],
    )
    return Hand(giulia=giulia, marco=marco, t=ids)
