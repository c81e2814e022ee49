"""The console's own tables, beside the helpdesk tables in the same database.

The helpdesk shape (tickets, messages, customers...) belongs to
:mod:`api_client.backends.local.schema`; what only the console needs — reasons
and insights it computes, the outbox, drafts, sync cursors — lives here, with
its own forward migrations counted in ``meta.core_schema``. Keeping them in the
same file means an outbox write and the ticket it belongs to commit together.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

from api_client.backends.local.store import connect, split_statements

__all__ = ["CORE_MIGRATIONS", "migrate_core", "open_store", "stderr_notice"]

_CORE_V1 = """
CREATE TABLE IF NOT EXISTS ticket_reasons (
    reason    TEXT NOT NULL,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    PRIMARY KEY (reason, ticket_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ticket_reasons_ticket ON ticket_reasons(ticket_id);

CREATE TABLE IF NOT EXISTS sync_state (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
"""

_CORE_V2 = """
-- Every write an agent makes, committed here before the UI says "queued".
CREATE TABLE IF NOT EXISTS outbox (
    id               INTEGER PRIMARY KEY,
    key              TEXT NOT NULL UNIQUE,
    ticket_id        INTEGER NOT NULL,
    ticket_ref       TEXT NOT NULL,
    kind             TEXT NOT NULL,
    body             TEXT,
    public           INTEGER NOT NULL DEFAULT 1,
    changes          TEXT NOT NULL DEFAULT '{}',
    expected_version TEXT,
    agent_id         INTEGER,
    state            TEXT NOT NULL DEFAULT 'queued',
    attempts         INTEGER NOT NULL DEFAULT 0,
    uncertain        INTEGER NOT NULL DEFAULT 0,
    error            TEXT,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    next_attempt_at  INTEGER NOT NULL DEFAULT 0,
    claimed_by       TEXT,
    lease_until      INTEGER,
    remote_id        TEXT
);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox(state, next_attempt_at);
CREATE INDEX IF NOT EXISTS outbox_ticket ON outbox(ticket_id, state);

-- What an agent was typing, per ticket and agent, saved as they type.
CREATE TABLE IF NOT EXISTS drafts (
    ticket_id  INTEGER NOT NULL,
    agent      TEXT NOT NULL,
    body       TEXT NOT NULL,
    public     INTEGER NOT NULL DEFAULT 1,
    status     TEXT,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (ticket_id, agent)
) WITHOUT ROWID;
"""

_CORE_V3 = """
-- What the insights indexer concluded about each ticket, and from which state of it.
CREATE TABLE IF NOT EXISTS ticket_insights (
    ticket_id     INTEGER PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE,
    message_count INTEGER NOT NULL,
    tags          TEXT NOT NULL,
    language      TEXT,
    hostility     REAL NOT NULL DEFAULT 0,
    phase         TEXT NOT NULL DEFAULT 'calm',
    curve         TEXT NOT NULL DEFAULT '[]',
    signals       TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS ticket_insights_phase ON ticket_insights(phase, ticket_id);
"""

_CORE_V4 = """
-- The workflow (console.core.workflow). Each stay of a ticket in a stage: time per
-- stage is left_at - entered_at; at most one open row (left_at NULL) per ticket.
CREATE TABLE IF NOT EXISTS stage_log (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    stage      TEXT NOT NULL,
    entered_at INTEGER NOT NULL,
    left_at    INTEGER,
    agent_id   INTEGER
);
CREATE INDEX IF NOT EXISTS stage_log_ticket ON stage_log(ticket_id, entered_at);
CREATE INDEX IF NOT EXISTS stage_log_entered ON stage_log(entered_at, stage);
CREATE UNIQUE INDEX IF NOT EXISTS stage_log_open ON stage_log(ticket_id) WHERE left_at IS NULL;

-- Checklist items an agent ticked, per ticket and stage.
CREATE TABLE IF NOT EXISTS stage_checks (
    ticket_id  INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    stage      TEXT NOT NULL,
    item       TEXT NOT NULL,
    checked_at INTEGER NOT NULL,
    agent_id   INTEGER,
    PRIMARY KEY (ticket_id, stage, item)
) WITHOUT ROWID;

-- An agent marked that the customer confirmed (a customer's reply to the confirm
-- question is read from the thread instead).
CREATE TABLE IF NOT EXISTS confirmations (
    ticket_id    INTEGER PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE,
    confirmed_at INTEGER NOT NULL,
    agent_id     INTEGER
);

-- Promised-by deadlines the console warns about (a range scan, whatever the desk's size).
CREATE INDEX IF NOT EXISTS tickets_promised_by ON tickets(promised_by)
    WHERE promised_by IS NOT NULL;
"""

CORE_MIGRATIONS: tuple[str, ...] = (_CORE_V1, _CORE_V2, _CORE_V3, _CORE_V4)


def migrate_core(conn: sqlite3.Connection) -> int:
    """Bring the console's tables up to date; returns the core schema version."""

    def current() -> int:
        row = conn.execute("SELECT value FROM meta WHERE key = 'core_schema'").fetchone()
        return int(row[0]) if row else 0

    if current() == len(CORE_MIGRATIONS):
        return len(CORE_MIGRATIONS)
    conn.execute("BEGIN IMMEDIATE")
    try:
        for step in range(current(), len(CORE_MIGRATIONS)):
            for statement in split_statements(CORE_MIGRATIONS[step]):
                conn.execute(statement)
        conn.execute(
            "INSERT INTO meta(key, value) VALUES ('core_schema', ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (str(len(CORE_MIGRATIONS)),),
        )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return len(CORE_MIGRATIONS)


def open_store(
    path: Path | str, *, notice: Callable[[str], None] | None = None
) -> sqlite3.Connection:
    """Open a desk or mirror with both the helpdesk and the console tables migrated
    (``notice``: told when an older store is upgraded, see ``connect``)."""
    conn = connect(path, notice=notice)
    migrate_core(conn)
    return conn


def stderr_notice(text: str) -> None:
    """Tell the person at the terminal (before any screen is up), e.g. of a long upgrade."""
    sys.stderr.write(f"deskside: {text}\n")
    sys.stderr.flush()
