"""The outbox: every write an agent makes, durable before the UI says "queued".

A reply, a note, a status or tag change is first a row here (committed with
``synchronous=FULL``), then delivered by :mod:`console.core.delivery`. Rows move

    queued ──claim──► sending ──► sent
       ▲                 │  ├───► failed     (refused, or gave up; `retry` re-queues)
       └── retry/backoff ┘  └───► conflict   (the ticket changed; send anyway or edit)

Several consoles may share one store (agents on one server), so a deliverer
*claims* a row inside ``BEGIN IMMEDIATE`` with a lease; a row whose claimer died
(its process is gone, or its lease ran out) is claimed again as *uncertain*: the
next deliverer must reconcile it against the remote thread before any resend.
"""

from __future__ import annotations

import enum
import os
import socket
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import msgspec

from api_client.models import TicketUpdate, qualify
from console.core.errors import UserError

__all__ = ["Outbox", "OutboxEntry", "OutboxKind", "OutboxState", "process_owner"]


class OutboxState(enum.StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    CONFLICT = "conflict"


class OutboxKind(enum.StrEnum):
    MESSAGE = "message"
    """A public reply or internal note, with optional field changes."""
    UPDATE = "update"
    """Field changes only (status, priority, assignee, tags, stage...)."""


_COLUMNS = (
    "id, key, ticket_id, ticket_ref, kind, body, public, changes, expected_version, agent_id, "
    "state, attempts, uncertain, error, created_at, updated_at, next_attempt_at, claimed_by, "
    "lease_until, remote_id"
)


@dataclass(frozen=True)
class OutboxEntry:
    id: int
    key: str
    ticket_id: int
    ticket_ref: str
    kind: OutboxKind
    body: str | None
    public: bool
    changes: TicketUpdate
    expected_version: str | None
    agent_id: int | None
    state: OutboxState
    attempts: int
    uncertain: bool
    error: str | None
    created_at: int
    updated_at: int
    next_attempt_at: int
    claimed_by: str | None
    lease_until: int | None
    remote_id: str | None

    @classmethod
    def from_row(cls, row: tuple[object, ...]) -> OutboxEntry:
        values = list(row)
        values[4] = OutboxKind(str(values[4]))
        values[6] = bool(values[6])
        values[7] = msgspec.json.decode(str(values[7]), type=TicketUpdate)
        values[10] = OutboxState(str(values[10]))
        values[12] = bool(values[12])
        return cls(*values)  # type: ignore[arg-type]

    @property
    def account(self) -> str:
        """The account (single-account profile) that owns the ticket: ``ticket_ref``'s prefix.

        A combined profile qualifies ``ticket_ref`` with the ticket's own account, so
        every row says which helpdesk it is for; elsewhere this is the profile's name.
        """
        return self.ticket_ref.partition(":")[0]

    @property
    def summary(self) -> str:
        """One line saying what this write is, for lists and notifications."""
        if self.kind is OutboxKind.MESSAGE:
            what = "reply" if self.public else "note"
            text = " ".join((self.body or "").split())
            return f"{what}: {text[:60]}{'…' if len(text) > 60 else ''}"
        fields = msgspec.structs.asdict(self.changes)
        shown = [f"{k}={v}" for k, v in fields.items() if v is not msgspec.UNSET and v != ()]
        return "update: " + (", ".join(shown) or "nothing")


def process_owner() -> str:
    """Who claims rows: host, process id and a random part (pids are reused)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _owner_is_dead(owner: str | None) -> bool:
    """True when the claimer ran on this host and its process no longer exists."""
    if not owner:
        return True
    host, _, rest = owner.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


class Outbox:
    """The outbox table of one store. ``profile`` qualifies ticket references."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        profile: str,
        *,
        owner: str | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.conn = conn
        self.profile = profile
        self.owner = owner or process_owner()
        self.clock = clock

    def _now(self) -> int:
        return int(self.clock())

    def _ticket_ref(self, ticket_id: int) -> str:
        """The ticket's id in its helpdesk, qualified by its account ('' = this profile)."""
        row = self.conn.execute(
            "SELECT coalesce(remote_id, CAST(id AS TEXT)), account FROM tickets WHERE id = ?",
            (ticket_id,),
        ).fetchone()
        if row is None:
            raise UserError(f"no ticket {ticket_id}", exit_code=3)
        return qualify(str(row[1]) or self.profile, str(row[0]))

    def _insert(
        self,
        ticket_id: int,
        kind: OutboxKind,
        *,
        body: str | None,
        public: bool,
        changes: TicketUpdate,
        expected_version: str | None,
        agent_id: int | None,
    ) -> OutboxEntry:
        now = self._now()
        key = f"ds-{uuid.uuid4().hex}"
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            cursor = self.conn.execute(
                "INSERT INTO outbox(key, ticket_id, ticket_ref, kind, body, public, changes, "
                "expected_version, agent_id, state, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?)",
                (
                    key,
                    ticket_id,
                    self._ticket_ref(ticket_id),
                    kind.value,
                    body,
                    int(public),
                    msgspec.json.encode(changes).decode(),
                    expected_version,
                    agent_id,
                    now,
                    now,
                ),
            )
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        return self.get(int(cursor.lastrowid))  # type: ignore[arg-type]

    def enqueue_message(
        self,
        ticket_id: int,
        *,
        body: str,
        public: bool = True,
        changes: TicketUpdate | None = None,
        expected_version: str | None = None,
        agent_id: int | None = None,
    ) -> OutboxEntry:
        """Queue a public reply (``public``) or internal note, with field changes."""
        if not body.strip():
            raise UserError("the message is empty: nothing to send", exit_code=2)
        return self._insert(
            ticket_id,
            OutboxKind.MESSAGE,
            body=body,
            public=public,
            changes=changes or TicketUpdate(),
            expected_version=expected_version,
            agent_id=agent_id,
        )

    def enqueue_update(
        self,
        ticket_id: int,
        changes: TicketUpdate,
        *,
        expected_version: str | None = None,
        agent_id: int | None = None,
    ) -> OutboxEntry:
        if changes.is_empty():
            raise UserError("no field changes to send", exit_code=2)
        return self._insert(
            ticket_id,
            OutboxKind.UPDATE,
            body=None,
            public=False,
            changes=changes,
            expected_version=expected_version,
            agent_id=agent_id,
        )

    # -- reading ----------------------------------------------------------------------

    def get(self, entry_id: int) -> OutboxEntry:
        row = self.conn.execute(
            f"SELECT {_COLUMNS} FROM outbox WHERE id = ?", (entry_id,)
        ).fetchone()
        if row is None:
            raise UserError(f"no outbox entry {entry_id}", exit_code=3)
        return OutboxEntry.from_row(row)

    def entries(
        self, *, states: Iterable[OutboxState] | None = None, ticket_id: int | None = None
    ) -> list[OutboxEntry]:
        clauses: list[str] = []
        params: list[object] = []
        if states is not None:
            wanted = [s.value for s in states]
            clauses.append(f"state IN ({', '.join('?' for _ in wanted)})")
            params.extend(wanted)
        if ticket_id is not None:
            clauses.append("ticket_id = ?")
            params.append(ticket_id)
        where = " AND ".join(clauses) or "1"
        rows = self.conn.execute(f"SELECT {_COLUMNS} FROM outbox WHERE {where} ORDER BY id", params)
        return [OutboxEntry.from_row(row) for row in rows]

    def counts(self) -> dict[OutboxState, int]:
        found = dict(
            self.conn.execute("SELECT state, count(*) FROM outbox GROUP BY state").fetchall()
        )
        return {state: int(found.get(state.value, 0)) for state in OutboxState}

    def next_due(self) -> float | None:
        """When the next queued row becomes due (seconds since the epoch), if any."""
        row = self.conn.execute(
            "SELECT min(next_attempt_at) FROM outbox WHERE state = 'queued'"
        ).fetchone()
        return None if row[0] is None else float(row[0])

    # -- claiming and transitions --------------------------------------------------------

    def claim(self, *, lease: int = 90) -> OutboxEntry | None:
        """Take the next due row for this process, or ``None``.

        Rows left in ``sending`` by a dead process (or an expired lease) come first
        and are marked uncertain: their previous attempt may have reached the helpdesk.
        """
        now = self._now()
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            orphan = None
            for entry_id, owner, lease_until in self.conn.execute(
                "SELECT id, claimed_by, lease_until FROM outbox WHERE state = 'sending' ORDER BY id"
            ).fetchall():
                if owner != self.owner and ((lease_until or 0) < now or _owner_is_dead(owner)):
                    orphan = entry_id
                    break
            if orphan is not None:
                target, uncertain = orphan, 1
            else:
                row = self.conn.execute(
                    "SELECT id FROM outbox WHERE state = 'queued' AND next_attempt_at <= ? "
                    "ORDER BY id LIMIT 1",
                    (now,),
                ).fetchone()
                if row is None:
                    self.conn.execute("COMMIT")
                    return None
                target, uncertain = row[0], 0
            self.conn.execute(
                "UPDATE outbox SET state = 'sending', claimed_by = ?, lease_until = ?, "
                "attempts = attempts + 1, uncertain = max(uncertain, ?), updated_at = ? "
                "WHERE id = ?",
                (self.owner, now + lease, uncertain, now, target),
            )
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        return self.get(int(target))

    def _transition(
        self, entry_id: int, assignments: str, params: dict[str, object]
    ) -> OutboxEntry:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            self.conn.execute(
                f"UPDATE outbox SET {assignments}, updated_at = :now, claimed_by = NULL, "
                "lease_until = NULL WHERE id = :id",
                {**params, "id": entry_id, "now": self._now()},
            )
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        return self.get(entry_id)

    def mark_sent(self, entry_id: int, remote_id: str | None) -> OutboxEntry:
        return self._transition(
            entry_id,
            "state = 'sent', error = NULL, uncertain = 0, remote_id = :remote",
            {"remote": remote_id},
        )

    def mark_retry(
        self, entry_id: int, *, delay: float, error: str, uncertain: bool = False
    ) -> OutboxEntry:
        """Back to the queue after ``delay`` seconds (``uncertain``: reconcile first)."""
        return self._transition(
            entry_id,
            "state = 'queued', error = :error, next_attempt_at = :due, "
            "uncertain = max(uncertain, :uncertain)",
            {
                "error": error,
                "due": self._now() + max(0, round(delay)),
                "uncertain": int(uncertain),
            },
        )

    def mark_failed(self, entry_id: int, error: str) -> OutboxEntry:
        return self._transition(entry_id, "state = 'failed', error = :error", {"error": error})

    def mark_conflict(self, entry_id: int, error: str) -> OutboxEntry:
        return self._transition(entry_id, "state = 'conflict', error = :error", {"error": error})

    def rebase(self, ticket_id: int, old_version: str | None, new_version: str) -> None:
        """Our own write moved the ticket to ``new_version``: later queued rows follow it."""
        if old_version is None:
            return
        self.conn.execute(
            "UPDATE outbox SET expected_version = ? WHERE ticket_id = ? AND state = 'queued' "
            "AND expected_version = ?",
            (new_version, ticket_id, old_version),
        )

    def agent_ref(self, agent_id: int | None) -> str | None:
        """The helpdesk's (qualified) id of the agent who wrote an entry."""
        if agent_id is None:
            return None
        row = self.conn.execute(
            "SELECT remote_id, (SELECT 1 FROM meta WHERE key = 'mirror'), account FROM agents "
            "WHERE id = ?",
            (agent_id,),
        ).fetchone()
        if row is None:
            return None
        remote, is_mirror, account = row
        if remote is not None:
            return qualify(str(account) or self.profile, str(remote))
        # In a mirror, an agent the helpdesk never told us about has no id there.
        return None if is_mirror else qualify(self.profile, str(agent_id))

    def prune(self, *, older_than: float = 7 * 86400) -> int:
        """Forget delivered rows after a week (the messages themselves stay in the thread)."""
        cutoff = self._now() - int(older_than)
        return self.conn.execute(
            "DELETE FROM outbox WHERE state = 'sent' AND updated_at < ?", (cutoff,)
        ).rowcount

    # -- what the agent does -------------------------------------------------------------

    def retry(self, entry_id: int, *, force: bool = False) -> OutboxEntry:
        """Re-queue a failed or conflicting row; ``force`` sends a conflict anyway."""
        entry = self.get(entry_id)
        if entry.state not in (OutboxState.FAILED, OutboxState.CONFLICT):
            raise UserError(
                f"outbox entry {entry_id} is {entry.state.value}; only failed or conflicting "
                "entries can be retried",
                exit_code=4,
            )
        if entry.state is OutboxState.CONFLICT and not force:
            raise UserError(
                f"outbox entry {entry_id} conflicts with a newer change on the ticket; "
                "read it, then send anyway (--force) or discard and edit",
                exit_code=4,
            )
        version = "expected_version = NULL, " if force else ""
        return self._transition(
            entry_id,
            f"{version}state = 'queued', next_attempt_at = 0, attempts = 0",
            {},
        )

    def discard(self, entry_id: int) -> OutboxEntry:
        """Drop a row that has not been delivered (never one that is sending or sent)."""
        entry = self.get(entry_id)
        if entry.state in (OutboxState.SENDING, OutboxState.SENT):
            raise UserError(
                f"outbox entry {entry_id} is {entry.state.value} and cannot be discarded",
                exit_code=4,
            )
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            deleted = self.conn.execute(
                "DELETE FROM outbox WHERE id = ? AND state NOT IN ('sending', 'sent')",
                (entry_id,),
            ).rowcount
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        if not deleted:
            raise UserError(f"outbox entry {entry_id} changed meanwhile; try again", exit_code=4)
        return entry
