"""Drafts: what an agent was typing, per ticket, kept in the store as they type.

An SSH drop, a closed laptop or a crash must not lose a half-written answer. The
composer saves about a second after typing stops, on leaving the ticket, before
sending, and from the SIGHUP/SIGTERM handlers; reopening the ticket restores it.
Drafts are per agent, so colleagues sharing an embedded desk never see each
other's.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Draft", "DraftStore"]


@dataclass(frozen=True)
class Draft:
    ticket_id: int
    body: str
    public: bool
    status: str | None
    updated_at: int


class DraftStore:
    def __init__(
        self, conn: sqlite3.Connection, agent: str, *, clock: Callable[[], float] = time.time
    ) -> None:
        self.conn = conn
        self.agent = agent
        self.clock = clock

    def save(
        self, ticket_id: int, body: str, *, public: bool = True, status: str | None = None
    ) -> None:
        """Store the draft (an empty body deletes it). Committed before returning."""
        if not body.strip():
            self.delete(ticket_id)
            return
        self.conn.execute(
            "INSERT INTO drafts(ticket_id, agent, body, public, status, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(ticket_id, agent) DO UPDATE SET "
            "body = excluded.body, public = excluded.public, status = excluded.status, "
            "updated_at = excluded.updated_at",
            (ticket_id, self.agent, body, int(public), status, int(self.clock())),
        )

    def load(self, ticket_id: int) -> Draft | None:
        row = self.conn.execute(
            "SELECT ticket_id, body, public, status, updated_at FROM drafts "
            "WHERE ticket_id = ? AND agent = ?",
            (ticket_id, self.agent),
        ).fetchone()
        if row is None:
            return None
        return Draft(int(row[0]), str(row[1]), bool(row[2]), row[3], int(row[4]))

    def delete(self, ticket_id: int) -> None:
        self.conn.execute(
            "DELETE FROM drafts WHERE ticket_id = ? AND agent = ?", (ticket_id, self.agent)
        )

    def tickets_with_drafts(self) -> set[int]:
        rows = self.conn.execute("SELECT ticket_id FROM drafts WHERE agent = ?", (self.agent,))
        return {int(row[0]) for row in rows}
