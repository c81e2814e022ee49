"""When each ticket entered and left each stage, and the reports built on it.

The helpdesk keeps only a ticket's current stage (``tickets.stage``); how long
the desk spends listening, fixing or waiting for a confirmation is the console's
own record, kept in ``stage_log`` (one row per visit to a stage: ``entered_at``,
and ``left_at`` once it moved on or the ticket was solved). A ticket has at most
one open row. Reports read durations here as SQL, so a month of a large desk
costs one grouped query. The promised-by deadlines the queue and supervisor view
warn about are read here too.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from api_client.backends.local.rows import epoch
from api_client.models import Stage
from console.core.workflow_rules import DEFAULT_WARN, DeadlineState, deadline_state

__all__ = [
    "PromiseDue",
    "StageStats",
    "StageVisit",
    "end_stage",
    "open_visit",
    "promises_due",
    "record_stage",
    "stage_durations",
    "stage_visits",
    "time_in_stages",
    "write",
]


@contextmanager
def write(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A write transaction taken up front, or the caller's if one is open."""
    if conn.in_transaction:
        yield conn
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _when(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


@dataclass(frozen=True, slots=True)
class StageVisit:
    """One stay of a ticket in a stage; ``left_at`` is ``None`` while it is still there."""

    stage: Stage
    entered_at: datetime
    left_at: datetime | None
    agent_id: int | None

    def seconds(self, now: datetime) -> float:
        """How long the stay lasted (until ``now`` if it has not ended)."""
        end = self.left_at or now
        return max(0.0, (end - self.entered_at).total_seconds())


def _visit(row: Sequence[object]) -> StageVisit:
    stage, entered, left, agent = row
    return StageVisit(
        stage=Stage(str(stage)),
        entered_at=_when(int(str(entered))),
        left_at=None if left is None else _when(int(str(left))),
        agent_id=None if agent is None else int(str(agent)),
    )


def open_visit(conn: sqlite3.Connection, ticket_id: int) -> StageVisit | None:
    """The stage a ticket is in according to the log, and since when."""
    row = conn.execute(
        "SELECT stage, entered_at, left_at, agent_id FROM stage_log "
        "WHERE ticket_id = ? AND left_at IS NULL",
        (ticket_id,),
    ).fetchone()
    return None if row is None else _visit(row)


def stage_visits(conn: sqlite3.Connection, ticket_id: int) -> list[StageVisit]:
    """Every stay of a ticket in a stage, oldest first."""
    rows = conn.execute(
        "SELECT stage, entered_at, left_at, agent_id FROM stage_log "
        "WHERE ticket_id = ? ORDER BY entered_at, id",
        (ticket_id,),
    )
    return [_visit(row) for row in rows]


def record_stage(
    conn: sqlite3.Connection,
    ticket_id: int,
    stage: Stage,
    at: datetime,
    *,
    agent_id: int | None = None,
    previous: Stage | None = None,
) -> bool:
    """Note that a ticket is in ``stage`` from ``at``; ``False`` when the log already says so.

    The open visit (if any) ends at ``at``. A ticket the log has never seen gets
    its ``previous`` stage backfilled from the ticket's creation, so the first
    move already tells how long the ticket waited in listen. (A solved ticket that
    was reopened has no open visit; its time while solved counts for no stage.)
    """
    moment = epoch(at)
    with write(conn):
        current = conn.execute(
            "SELECT id, stage, entered_at FROM stage_log WHERE ticket_id = ? AND left_at IS NULL",
            (ticket_id,),
        ).fetchone()
        if current is not None and current[1] == stage.value:
            return False
        if current is not None:
            conn.execute(
                "UPDATE stage_log SET left_at = max(entered_at, ?) WHERE id = ?",
                (moment, current[0]),
            )
            moment = max(moment, int(current[2]))
        elif previous is not None and previous is not stage:
            start = conn.execute(
                "SELECT created_at FROM tickets WHERE id = :t "
                "AND NOT EXISTS (SELECT 1 FROM stage_log WHERE ticket_id = :t)",
                {"t": ticket_id},
            ).fetchone()
            if start is not None and int(start[0]) <= moment:
                conn.execute(
                    "INSERT INTO stage_log(ticket_id, stage, entered_at, left_at) "
                    "VALUES (?, ?, ?, ?)",
                    (ticket_id, previous.value, int(start[0]), moment),
                )
        conn.execute(
            "INSERT INTO stage_log(ticket_id, stage, entered_at, agent_id) VALUES (?, ?, ?, ?)",
            (ticket_id, stage.value, moment, agent_id),
        )
    return True


def end_stage(conn: sqlite3.Connection, ticket_id: int, at: datetime) -> bool:
    """End the open visit (the ticket was solved or closed); ``False`` if none was open."""
    with write(conn):
        return (
            conn.execute(
                "UPDATE stage_log SET left_at = max(entered_at, ?) "
                "WHERE ticket_id = ? AND left_at IS NULL",
                (epoch(at), ticket_id),
            ).rowcount
            > 0
        )


def time_in_stages(conn: sqlite3.Connection, ticket_id: int, now: datetime) -> dict[Stage, float]:
    """Seconds a ticket spent in each stage it visited (the open visit counts until ``now``)."""
    rows = conn.execute(
        "SELECT stage, sum(max(0, coalesce(left_at, :now) - entered_at)) FROM stage_log "
        "WHERE ticket_id = :t GROUP BY stage",
        {"t": ticket_id, "now": epoch(now)},
    )
    found = {Stage(str(stage)): float(total) for stage, total in rows}
    return {stage: found[stage] for stage in Stage if stage in found}


@dataclass(frozen=True, slots=True)
class StageStats:
    """Time spent in one stage over many tickets (seconds)."""

    stage: Stage
    tickets: int
    visits: int
    total: float
    mean: float
    longest: float


def stage_durations(
    conn: sqlite3.Connection,
    *,
    now: datetime,
    since: datetime | None = None,
    until: datetime | None = None,
    agent_id: int | None = None,
    ticket_ids: Sequence[int] | None = None,
) -> dict[Stage, StageStats]:
    """Time per stage over the visits that began in ``[since, until)``, for reports.

    Visits still open count until ``now``. ``agent_id`` keeps the visits that agent
    started; ``ticket_ids`` keeps those tickets (a report over a query's result).
    """
    clauses = ["entered_at >= :since", "entered_at < :until"]
    params: dict[str, object] = {
        "now": epoch(now),
        "since": epoch(since) if since else 0,
        "until": epoch(until) if until else 2**62,
    }
    if agent_id is not None:
        clauses.append("agent_id = :agent")
        params["agent"] = agent_id
    if ticket_ids is not None:
        clauses.append("ticket_id IN (SELECT value FROM json_each(:ids))")
        params["ids"] = "[" + ",".join(str(int(t)) for t in ticket_ids) + "]"
    rows = conn.execute(
        "SELECT stage, count(DISTINCT ticket_id), count(*), sum(d), avg(d), max(d) FROM ("
        "SELECT stage, ticket_id, max(0, coalesce(left_at, :now) - entered_at) AS d "
        f"FROM stage_log WHERE {' AND '.join(clauses)}) GROUP BY stage",
        params,
    )
    found = {
        Stage(str(stage)): StageStats(
            stage=Stage(str(stage)),
            tickets=int(tickets),
            visits=int(visits),
            total=float(total),
            mean=float(mean),
            longest=float(longest),
        )
        for stage, tickets, visits, total, mean, longest in rows
    }
    return {stage: found[stage] for stage in Stage if stage in found}


@dataclass(frozen=True, slots=True)
class PromiseDue:
    """A ticket whose promised-by time is near or past while the promise is still open."""

    ticket_id: int
    promised_by: datetime
    stage: Stage
    assignee_id: int | None
    state: DeadlineState


def promises_due(
    conn: sqlite3.Connection,
    now: datetime,
    *,
    warn: timedelta = DEFAULT_WARN,
    assignee_id: int | None = None,
    limit: int = 500,
) -> list[PromiseDue]:
    """Open promises that pass within ``warn`` (or have passed), soonest first.

    What the console polls to warn before a promise passes; one indexed range
    query (``tickets_promised_by``) whatever the size of the desk.
    """
    clauses = [
        "promised_by IS NOT NULL",
        "promised_by < :horizon",
        "status NOT IN ('solved', 'closed')",
        "stage IN ('listen', 'identify', 'fix', 'solve')",
    ]
    params: dict[str, object] = {"horizon": epoch(now + warn), "limit": limit}
    if assignee_id is not None:
        clauses.append("assignee_id = :assignee")
        params["assignee"] = assignee_id
    rows = conn.execute(
        "SELECT id, promised_by, stage, assignee_id FROM tickets "
        f"WHERE {' AND '.join(clauses)} ORDER BY promised_by LIMIT :limit",
        params,
    )
    due = []
    for ticket_id, promised, stage, assignee in rows:
        promised_by = _when(int(promised))
        due.append(
            PromiseDue(
                ticket_id=int(ticket_id),
                promised_by=promised_by,
                stage=Stage(str(stage)),
                assignee_id=None if assignee is None else int(assignee),
                state=deadline_state(promised_by, now, warn=warn),
            )
        )
    return due
