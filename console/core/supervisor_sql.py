"""The supervisor dashboard's numbers as SQL on the store, in one read transaction.

Every query starts from an index: active tickets through ``tickets(status, ...)``,
deadlines through ``tickets(due_at)``, anything "in the last hours" through
``tickets(updated_at)`` (a ticket's ``created_at``, ``solved_at`` and its messages
are never later than its ``updated_at``: the desk bumps ``updated_at`` with every
write, and helpdesks report it the same way), angry customers through
``ticket_insights(phase)``. Nothing scans the closed history, so a refresh costs
about the same on a 10k or a 1M desk with the same queue. The definitions of the
numbers are in :mod:`console.core.supervisor_model`.
"""

from __future__ import annotations

import json
import sqlite3
import statistics
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from console.core.supervisor_model import (
    ACTIVE_STATUSES,
    AgentLoad,
    Dashboard,
    DashboardSettings,
    DeadlineKind,
    DepthRow,
    Flow,
    TicketItem,
)

__all__ = ["SLICES", "compute_dashboard", "slice_tickets"]

_ACTIVE = "('new', 'open', 'pending', 'on_hold')"
_WAITING = "('new', 'open')"
_DONE = "('solved', 'closed')"
_OPEN_STAGES = "('listen', 'identify', 'fix', 'solve')"
_PRIORITY_ORDER = ("urgent", "high", "normal", "low")
_SINCE = (
    "(CASE WHEN t.first_response_at IS NULL THEN t.created_at "
    "ELSE coalesce(t.last_customer_at, t.created_at) END)"
)
_ITEM = (
    "t.id, coalesce(t.remote_id, CAST(t.id AS TEXT)), t.subject, t.status, t.priority, "
    f"t.channel, t.stage, (SELECT name FROM agents WHERE id = t.assignee_id), {_SINCE}"
)

SLICES = (
    "total",
    "status",
    "channel",
    "language",
    "priority",
    "reason",
    "assignee",
    "arrivals",
    "solved",
)
"""What a drill-down can list: a depth dimension, an agent's tickets, or a flow line."""


def _when(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def _item(row: Sequence[Any], **extra: Any) -> TicketItem:
    ticket_id, number, subject, status, priority, channel, stage, assignee, since = row[:9]
    return TicketItem(
        id=int(ticket_id),
        number=str(number),
        subject=str(subject),
        status=str(status),
        priority=str(priority),
        channel=str(channel),
        stage=str(stage),
        assignee=assignee if isinstance(assignee, str) else None,
        waiting_since=_when(int(since)),
        **extra,
    )


class _Params:
    """Named parameters, and a ``CASE t.channel`` over the per-channel settings."""

    def __init__(self, **values: object) -> None:
        self.values: dict[str, object] = dict(values)

    def case(self, settings: DashboardSettings, value: Callable[[str], timedelta]) -> str:
        parts = []
        for channel in sorted(settings.targets):
            name = f"p{len(self.values)}"
            self.values[name] = channel
            self.values[f"{name}v"] = int(value(channel).total_seconds())
            parts.append(f"WHEN :{name} THEN :{name}v")
        fallback = f"p{len(self.values)}"
        self.values[fallback] = int(value("").total_seconds())
        return f"(CASE t.channel {' '.join(parts)} ELSE :{fallback} END)"


def compute_dashboard(
    conn: sqlite3.Connection, settings: DashboardSettings, now: datetime
) -> Dashboard:
    """Every number of the dashboard at ``now``, read in one transaction (one snapshot)."""
    started = time.perf_counter()
    began = not conn.in_transaction
    if began:
        conn.execute("BEGIN")
    try:
        epoch = int(now.timestamp())
        total, depth = _depth(conn, epoch)
        breached, at_risk, deadlines = _deadlines(conn, settings, epoch)
        promises, promise_count = _promises(conn, settings)
        oldest = _oldest(conn, settings)
        angry, angry_count = _angry(conn, settings)
        agents = _agents(conn, settings, epoch)
        flow = _flow(conn, settings, epoch)
    finally:
        if began and conn.in_transaction:
            conn.execute("COMMIT")
    waiting = sum(row.now for row in depth["status"] if row.value in ("new", "open"))
    return Dashboard(
        now=now,
        settings=settings,
        total=total,
        depth=depth,
        breached=breached,
        at_risk=at_risk,
        deadlines=deadlines,
        promises=promises,
        promise_count=promise_count,
        oldest=oldest,
        waiting_count=waiting,
        angry=angry,
        angry_count=angry_count,
        agents=agents,
        flow=flow,
        took=time.perf_counter() - started,
    )


# -- depth ---------------------------------------------------------------------------------

# The tickets in the queue now or an hour ago (:then), with a flag for each. Active
# ones come through the status index; those solved within the hour through
# (status, updated_at), since solving a ticket updates it.
_CANDIDATES = f"""
SELECT t.id, t.status, t.channel, coalesce(t.language, '') AS language, t.priority,
       1 AS now_in,
       (t.created_at <= :then AND (t.solved_at IS NULL OR t.solved_at > :then)) AS then_in
FROM tickets AS t WHERE t.status IN {_ACTIVE}
UNION ALL
SELECT t.id, t.status, t.channel, coalesce(t.language, ''), t.priority, 0, 1
FROM tickets AS t
WHERE t.status IN {_DONE} AND t.updated_at > :then AND t.solved_at > :then
  AND t.created_at <= :then
"""


def _ranked(rows: dict[str, tuple[int, int]], dimension: str) -> tuple[DepthRow, ...]:
    found = [
        DepthRow(dimension, value, now, then) for value, (now, then) in rows.items() if now or then
    ]
    return tuple(sorted(found, key=lambda row: (-row.now, -(row.hour_ago or 0), row.value)))


def _depth(
    conn: sqlite3.Connection, epoch: int
) -> tuple[DepthRow, dict[str, tuple[DepthRow, ...]]]:
    then = epoch - 3600
    by: dict[str, dict[str, tuple[int, int]]] = {
        "status": {status: (0, 0) for status in ACTIVE_STATUSES},
        "channel": {},
        "language": {},
        "priority": {priority: (0, 0) for priority in _PRIORITY_ORDER},
    }
    total_now = total_then = 0
    sql = (
        f"SELECT status, channel, language, priority, sum(now_in), sum(then_in) "
        f"FROM ({_CANDIDATES}) GROUP BY 1, 2, 3, 4"
    )
    for status, channel, language, priority, now_in, then_in in conn.execute(sql, {"then": then}):
        now_in, then_in = int(now_in), int(then_in)
        total_now += now_in
        total_then += then_in
        for dimension, value in (
            ("status", status),
            ("channel", channel),
            ("language", language),
            ("priority", priority),
        ):
            before = by[dimension].get(str(value), (0, 0))
            by[dimension][str(value)] = (before[0] + now_in, before[1] + then_in)
    reasons: dict[str, tuple[int, int]] = {}
    sql = (
        f"SELECT coalesce(r.reason, ''), sum(c.now_in), sum(c.then_in) FROM ({_CANDIDATES}) AS c "
        "LEFT JOIN ticket_reasons AS r ON r.ticket_id = c.id GROUP BY 1"
    )
    for reason, now_in, then_in in conn.execute(sql, {"then": then}):
        reasons[str(reason)] = (int(now_in), int(then_in))
    depth = {
        # The status an hour ago is not stored: per-status rows have no "then".
        "status": tuple(
            DepthRow("status", status, by["status"][status][0], None) for status in ACTIVE_STATUSES
        ),
        "channel": _ranked(by["channel"], "channel"),
        "language": _ranked(by["language"], "language"),
        "priority": tuple(
            DepthRow("priority", value, *by["priority"][value]) for value in _PRIORITY_ORDER
        ),
        "reason": _ranked(reasons, "reason"),
    }
    return DepthRow("total", "", total_now, total_then), depth


# -- deadlines -----------------------------------------------------------------------------


def _deadlines(
    conn: sqlite3.Connection, settings: DashboardSettings, epoch: int
) -> tuple[int, int, tuple[TicketItem, ...]]:
    params = _Params(now=epoch, limit=settings.list_limit)
    window = params.case(settings, settings.risk_window)
    target = params.case(settings, settings.target)
    widest = max((settings.risk_window(c) for c in (*settings.targets, "")), default=timedelta())
    params.values["horizon"] = epoch + int(widest.total_seconds())
    late = f"""
    WITH d(id, due, win) AS (
        SELECT t.id, t.due_at, {window} FROM tickets AS t
        WHERE t.status IN {_ACTIVE} AND t.due_at IS NOT NULL AND t.due_at < :horizon
        UNION ALL
        SELECT t.id, t.created_at + {target}, {window} FROM tickets AS t
        WHERE t.status IN {_WAITING} AND t.due_at IS NULL AND t.first_response_at IS NULL
          AND t.created_at + {target} < :horizon
    ), late AS (SELECT id, due FROM d WHERE due < :now + win)
    """
    count, breached = conn.execute(
        f"{late} SELECT count(*), coalesce(sum(due < :now), 0) FROM late", params.values
    ).fetchone()
    rows = conn.execute(
        f"{late} SELECT {_ITEM}, late.due, t.first_response_at IS NULL "
        "FROM late JOIN tickets AS t ON t.id = late.id ORDER BY late.due, t.id LIMIT :limit",
        params.values,
    ).fetchall()
    items = tuple(
        _item(
            row,
            deadline=_when(int(row[9])),
            kind=DeadlineKind.FIRST if row[10] else DeadlineKind.NEXT,
        )
        for row in rows
    )
    return int(breached), int(count) - int(breached), items


def _promises(
    conn: sqlite3.Connection, settings: DashboardSettings
) -> tuple[tuple[TicketItem, ...], int]:
    # A promise still to keep: active and not past the solve stage (workflow_rules).
    where = f"t.promised_by IS NOT NULL AND t.status IN {_ACTIVE} AND t.stage IN {_OPEN_STAGES}"
    count = int(conn.execute(f"SELECT count(*) FROM tickets AS t WHERE {where}").fetchone()[0])
    rows = conn.execute(
        f"SELECT {_ITEM}, t.promised_by FROM tickets AS t WHERE {where} "
        "ORDER BY t.promised_by, t.id LIMIT ?",
        (settings.list_limit,),
    ).fetchall()
    items = tuple(
        _item(row, deadline=_when(int(row[9])), kind=DeadlineKind.PROMISE) for row in rows
    )
    return items, count


# -- waiting and angry customers -----------------------------------------------------------


def _oldest(conn: sqlite3.Connection, settings: DashboardSettings) -> tuple[TicketItem, ...]:
    rows = conn.execute(
        f"SELECT {_ITEM} FROM tickets AS t WHERE t.status IN {_WAITING} "
        f"ORDER BY {_SINCE}, t.id LIMIT ?",
        (settings.list_limit,),
    )
    return tuple(_item(row) for row in rows)


def _curve(text: object) -> tuple[float, ...]:
    try:
        points = json.loads(str(text))
    except ValueError:
        return ()
    if not isinstance(points, list):
        return ()
    return tuple(float(p) for p in points if isinstance(p, int | float))


def _angry(
    conn: sqlite3.Connection, settings: DashboardSettings
) -> tuple[tuple[TicketItem, ...], int]:
    source = (
        "FROM ticket_insights AS i JOIN tickets AS t ON t.id = i.ticket_id "
        f"WHERE i.phase IN ('rising', 'peak') AND t.status IN {_ACTIVE}"
    )
    count = int(conn.execute(f"SELECT count(*) {source}").fetchone()[0])
    rows = conn.execute(
        f"SELECT {_ITEM}, i.phase, i.curve {source} ORDER BY {_SINCE}, t.id LIMIT ?",
        (settings.list_limit,),
    ).fetchall()
    items = tuple(_item(row, phase=str(row[9]), curve=_curve(row[10])) for row in rows)
    return items, count


# -- agents --------------------------------------------------------------------------------


def _agents(
    conn: sqlite3.Connection, settings: DashboardSettings, epoch: int
) -> tuple[AgentLoad, ...]:
    counts: dict[int | None, int] = {
        assignee: int(n)
        for assignee, n in conn.execute(
            f"SELECT assignee_id, count(*) FROM tickets WHERE status IN {_ACTIVE} "
            "GROUP BY assignee_id"
        )
    }
    hour = epoch - 3600
    replies = dict(
        conn.execute(
            # CROSS JOIN keeps tickets (by updated_at) outside: messages has no time index.
            "SELECT m.author_id, count(*) FROM tickets AS t "
            "CROSS JOIN messages AS m ON m.ticket_id = t.id AND m.created_at >= :hour "
            "WHERE t.updated_at >= :hour AND m.created_at <= :now AND m.author_role = 'agent' "
            "AND m.public = 1 AND m.author_id IS NOT NULL GROUP BY m.author_id",
            {"hour": hour, "now": epoch},
        ).fetchall()
    )
    since = epoch - int(settings.median_window.total_seconds())
    waits: dict[int, list[int]] = {}
    for assignee, wait in conn.execute(
        "SELECT t.assignee_id, t.first_response_at - t.created_at FROM tickets AS t "
        "WHERE t.updated_at >= :since AND t.first_response_at >= :since "
        "AND t.first_response_at <= :now AND t.assignee_id IS NOT NULL",
        {"since": since, "now": epoch},
    ):
        waits.setdefault(int(assignee), []).append(max(0, int(wait)))
    names = {
        int(agent_id): str(name)
        for agent_id, name in conn.execute("SELECT id, name FROM agents WHERE active = 1")
    }
    for agent_id in [a for a in counts if a is not None and a not in names]:
        row = conn.execute("SELECT name FROM agents WHERE id = ?", (agent_id,)).fetchone()
        names[agent_id] = str(row[0]) if row else f"agent {agent_id}"
    agents: list[AgentLoad] = []
    for agent_id, name in names.items():
        current = None
        if counts.get(agent_id):
            current = conn.execute(
                "SELECT t.id, coalesce(t.remote_id, CAST(t.id AS TEXT)), t.stage FROM tickets AS t "
                f"WHERE t.assignee_id = ? AND t.status IN {_ACTIVE} "
                "ORDER BY t.updated_at DESC, t.id DESC LIMIT 1",
                (agent_id,),
            ).fetchone()
        median = statistics.median(waits[agent_id]) if waits.get(agent_id) else None
        agents.append(
            AgentLoad(
                id=agent_id,
                name=name,
                open=counts.get(agent_id, 0),
                replies_last_hour=int(replies.get(agent_id, 0)),
                median_first_response=None if median is None else timedelta(seconds=median),
                current_ticket=int(current[0]) if current else None,
                current_number=str(current[1]) if current else None,
                current_stage=str(current[2]) if current else None,
            )
        )
    agents.sort(key=lambda a: (-a.open, -a.replies_last_hour, a.name.casefold(), a.id or 0))
    nobody = AgentLoad(None, "unassigned", counts.get(None, 0), 0, None, None, None, None)
    return (nobody, *agents)


# -- flow ----------------------------------------------------------------------------------


def _flow(conn: sqlite3.Connection, settings: DashboardSettings, epoch: int) -> Flow:
    bucket = int(settings.bucket.total_seconds())
    count = settings.flow_buckets
    end = (epoch // bucket + 1) * bucket  # the bucket in progress is the last one
    start = end - count * bucket
    params = {"start": start, "end": end, "bucket": bucket}

    def per_bucket(column: str) -> tuple[int, ...]:
        values = [0] * count
        for index, n in conn.execute(
            f"SELECT (t.{column} - :start) / :bucket, count(*) FROM tickets AS t "
            f"WHERE t.updated_at >= :start AND t.{column} >= :start AND t.{column} < :end "
            "GROUP BY 1",
            params,
        ):
            values[int(index)] = int(n)
        return tuple(values)

    return Flow(
        start=_when(start),
        bucket=settings.bucket,
        arrivals=per_bucket("created_at"),
        solved=per_bucket("solved_at"),
    )


# -- drilling down -------------------------------------------------------------------------


def slice_tickets(
    conn: sqlite3.Connection,
    kind: str,
    value: str,
    settings: DashboardSettings,
    now: datetime,
) -> list[TicketItem]:
    """The tickets behind one dashboard row, the longest waiting (or the latest) first.

    ``kind`` is one of :data:`SLICES`: a depth dimension and its value (``""`` for an
    unknown language or reason), ``assignee`` and an agent id (``""``: unassigned),
    ``arrivals`` or ``solved`` (the flow window's tickets, latest first).
    """
    epoch = int(now.timestamp())
    limit = settings.slice_limit
    start = epoch - settings.flow_hours * 3600
    order = f"ORDER BY {_SINCE}, t.id"
    where = f"t.status IN {_ACTIVE}"
    params: list[object] = []
    if kind == "arrivals":
        where = "t.updated_at >= ? AND t.created_at >= ?"
        params = [start, start]
        order = "ORDER BY t.created_at DESC, t.id DESC"
    elif kind == "solved":
        where = f"t.status IN {_DONE} AND t.updated_at >= ? AND t.solved_at >= ?"
        params = [start, start]
        order = "ORDER BY t.solved_at DESC, t.id DESC"
    elif kind in ("status", "channel", "priority"):
        where += f" AND t.{kind} = ?"
        params = [value]
    elif kind == "language":
        where += " AND t.language = ?" if value else " AND t.language IS NULL"
        params = [value] if value else []
    elif kind == "reason":
        if value:
            where += " AND t.id IN (SELECT ticket_id FROM ticket_reasons WHERE reason = ?)"
            params = [value]
        else:
            where += " AND NOT EXISTS (SELECT 1 FROM ticket_reasons WHERE ticket_id = t.id)"
    elif kind == "assignee":
        where += " AND t.assignee_id = ?" if value else " AND t.assignee_id IS NULL"
        params = [int(value)] if value else []
    elif kind != "total":
        raise ValueError(f"unknown slice {kind!r}; one of: {', '.join(SLICES)}")
    rows = conn.execute(
        f"SELECT {_ITEM} FROM tickets AS t WHERE {where} {order} LIMIT ?", [*params, limit]
    )
    return [_item(row) for row in rows]
