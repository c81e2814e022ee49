"""The embedded desk's operations, synchronous, on one SQLite connection.

This is the helpdesk logic of the embedded desk: opening tickets, threading
messages, the status rules a real helpdesk applies (a customer writing again
reopens a pending or solved ticket; the first public reply stamps the first
response), versioned updates that refuse a stale version, and lookups for the
customer pane. The async :class:`~api_client.backends.local.LocalBackend` runs
these in a thread; the demo builder and mail ingest call them directly.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime

import msgspec

from api_client.backends.local.rows import (
    AGENT_COLUMNS,
    CUSTOMER_COLUMNS,
    MESSAGE_COLUMNS,
    TICKET_COLUMNS,
    agent_from_row,
    customer_from_row,
    epoch,
    group_from_row,
    message_from_row,
    order_from_row,
    shipment_from_row,
    ticket_from_row,
)
from api_client.errors import ConflictError, InvalidRequestError, NotFoundError
from api_client.models import (
    Agent,
    AuthorRole,
    Channel,
    CustomerHistory,
    Group,
    Message,
    Priority,
    Stage,
    Status,
    Ticket,
    TicketUpdate,
    native_id,
)
from api_client.sanitize import sanitize

__all__ = ["Desk", "normalise_tags"]

_REOPENING = (Status.PENDING.value, Status.SOLVED.value, Status.ON_HOLD.value)


def normalise_tags(tags: Iterable[str]) -> list[str]:
    """Tags as helpdesks keep them: lower case, no spaces, unique, in order."""
    seen: dict[str, None] = {}
    for tag in tags:
        clean = "_".join(sanitize(tag).strip().lower().split())
        if clean:
            seen.setdefault(clean, None)
    return list(seen)


class Desk:
    """Helpdesk operations over one connection; ``profile`` qualifies the ids it returns."""

    def __init__(self, conn: sqlite3.Connection, profile: str = "local") -> None:
        self.conn = conn
        self.profile = profile

    # -- transactions ------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction taken up front (``BEGIN IMMEDIATE``), so it never deadlocks."""
        if self.conn.in_transaction:
            yield self.conn
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # -- ids ----------------------------------------------------------------------

    def local_id(self, table: str, ref: str | int) -> int:
        """The integer id of a row from a qualified id, a native id, or an int."""
        if isinstance(ref, int):
            return ref
        native = native_id(ref)
        row = self.conn.execute(
            f"SELECT id FROM {table} WHERE remote_id = ?",  # table is never user input
            (native,),
        ).fetchone()
        if row is not None:
            return int(row[0])
        if native.isdigit():
            return int(native)
        raise NotFoundError(f"no {table[:-1]} {native!r}")

    def _ticket_id(self, ref: str | int) -> int:
        ticket_id = self.local_id("tickets", ref)
        if self.conn.execute("SELECT 1 FROM tickets WHERE id = ?", (ticket_id,)).fetchone() is None:
            raise NotFoundError(f"no ticket {native_id(str(ref))!r}")
        return ticket_id

    # -- agents and groups ---------------------------------------------------------

    def ensure_group(self, name: str) -> int:
        row = self.conn.execute("SELECT id FROM groups WHERE name = ?", (name,)).fetchone()
        if row:
            return int(row[0])
        with self.transaction():
            return int(self.conn.execute("INSERT INTO groups(name) VALUES (?)", (name,)).lastrowid)  # type: ignore[arg-type]

    def ensure_agent(
        self,
        login: str,
        name: str | None = None,
        email: str | None = None,
        group: str | None = None,
    ) -> int:
        """The agent with this login, created on first use (the person at the terminal)."""
        row = self.conn.execute("SELECT id FROM agents WHERE login = ?", (login,)).fetchone()
        if row:
            return int(row[0])
        group_id = self.ensure_group(group) if group else None
        with self.transaction():
            cursor = self.conn.execute(
                "INSERT INTO agents(name, email, login, group_id) VALUES (?, ?, ?, ?)",
                (sanitize(name or login), email, login, group_id),
            )
            return int(cursor.lastrowid)  # type: ignore[arg-type]

    def agent(self, ref: str | int) -> Agent:
        row = self.conn.execute(
            f"SELECT {AGENT_COLUMNS} FROM agents AS a WHERE a.id = ?",
            (self.local_id("agents", ref),),
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no agent {ref!r}")
        return agent_from_row(self.profile, row)

    def agent_by_login(self, login: str) -> Agent | None:
        row = self.conn.execute(
            f"SELECT {AGENT_COLUMNS} FROM agents AS a WHERE a.login = ?", (login,)
        ).fetchone()
        return None if row is None else agent_from_row(self.profile, row)

    def agents(self) -> list[Agent]:
        rows = self.conn.execute(f"SELECT {AGENT_COLUMNS} FROM agents AS a ORDER BY a.name")
        return [agent_from_row(self.profile, row) for row in rows]

    def groups(self) -> list[Group]:
        rows = self.conn.execute("SELECT id, remote_id, name FROM groups ORDER BY name")
        return [group_from_row(self.profile, row) for row in rows]

    # -- customers -------------------------------------------------------------------

    def find_customer(self, channel: Channel | str, value: str) -> int | None:
        row = self.conn.execute(
            "SELECT customer_id FROM customer_contacts WHERE channel = ? AND value = ? LIMIT 1",
            (str(channel), value.strip()),
        ).fetchone()
        return None if row is None else int(row[0])

    def create_customer(
        self,
        name: str,
        *,
        contacts: Sequence[tuple[Channel | str, str]] = (),
        language: str | None = None,
        timezone: str | None = None,
        tags: Iterable[str] = (),
        created_at: datetime | None = None,
    ) -> int:
        email = next(
            (sanitize(v.strip()) for channel, v in contacts if channel == Channel.EMAIL), None
        )
        with self.transaction():
            cursor = self.conn.execute(
                "INSERT INTO customers(name, email, language, timezone, tags, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    sanitize(name),
                    email,
                    language,
                    timezone,
                    " ".join(normalise_tags(tags)),
                    epoch(created_at) if created_at else int(time.time()),
                ),
            )
            customer_id = int(cursor.lastrowid)  # type: ignore[arg-type]
            self.conn.executemany(
                "INSERT OR IGNORE INTO customer_contacts(customer_id, channel, value) "
                "VALUES (?, ?, ?)",
                [
                    (customer_id, str(channel), sanitize(value.strip()))
                    for channel, value in contacts
                ],
            )
        return customer_id

    def customer_history(self, ref: str | int, *, ticket_limit: int = 50) -> CustomerHistory:
        customer_id = self.local_id("customers", ref)
        row = self.conn.execute(
            f"SELECT {CUSTOMER_COLUMNS} FROM customers WHERE id = ?", (customer_id,)
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no customer {native_id(str(ref))!r}")
        contacts = self.conn.execute(
            "SELECT channel, value FROM customer_contacts WHERE customer_id = ? "
            "ORDER BY channel, value",
            (customer_id,),
        ).fetchall()
        customer = customer_from_row(self.profile, row, contacts)
        orders = []
        for order in self.conn.execute(
            "SELECT id, remote_id, number, status, total, currency, placed_at, items "
            "FROM orders WHERE customer_id = ? ORDER BY placed_at DESC",
            (customer_id,),
        ).fetchall():
            shipments = tuple(
                shipment_from_row(s)
                for s in self.conn.execute(
                    "SELECT carrier, tracking_number, tracking_url, status, shipped_at, eta "
                    "FROM shipments WHERE order_id = ? ORDER BY id",
                    (order[0],),
                )
            )
            orders.append(order_from_row(self.profile, order, customer.id, shipments))
        tickets = self.conn.execute(
            f"SELECT {TICKET_COLUMNS} FROM tickets AS t WHERE t.customer_id = ? "
            "ORDER BY t.created_at DESC LIMIT ?",
            (customer_id, ticket_limit),
        ).fetchall()
        return CustomerHistory(
            customer=customer,
            orders=tuple(orders),
            tickets=tuple(ticket_from_row(self.profile, t) for t in tickets),
        )

    # -- tickets ---------------------------------------------------------------------

    def create_ticket(
        self,
        *,
        subject: str,
        customer_id: int,
        channel: Channel,
        status: Status = Status.NEW,
        priority: Priority = Priority.NORMAL,
        language: str | None = None,
        tags: Iterable[str] = (),
        created_at: datetime | None = None,
        assignee_id: int | None = None,
        group_id: int | None = None,
        due_at: datetime | None = None,
    ) -> int:
        now = epoch(created_at) if created_at else int(time.time())
        tag_list = normalise_tags(tags)
        with self.transaction():
            cursor = self.conn.execute(
                "INSERT INTO tickets(subject, status, priority, channel, language, customer_id, "
                "assignee_id, group_id, tags, created_at, updated_at, due_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    sanitize(subject).strip() or "(no subject)",
                    status.value,
                    priority.value,
                    channel.value,
                    language,
                    customer_id,
                    assignee_id,
                    group_id,
                    " ".join(tag_list),
                    now,
                    now,
                    epoch(due_at) if due_at else None,
                ),
            )
            ticket_id = int(cursor.lastrowid)  # type: ignore[arg-type]
            self.conn.executemany(
                "INSERT OR IGNORE INTO ticket_tags(tag, ticket_id) VALUES (?, ?)",
                [(tag, ticket_id) for tag in tag_list],
            )
        return ticket_id

    def ticket(self, ref: str | int) -> Ticket:
        row = self.conn.execute(
            f"SELECT {TICKET_COLUMNS} FROM tickets AS t WHERE t.id = ?",
            (self.local_id("tickets", ref),),
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no ticket {native_id(str(ref))!r}")
        return ticket_from_row(self.profile, row)

    def tickets(self, ids: Iterable[int]) -> list[Ticket]:
        id_list = list(ids)
        if not id_list:
            return []
        rows = self.conn.execute(
            f"SELECT {TICKET_COLUMNS} FROM tickets AS t "
            "WHERE t.id IN (SELECT value FROM json_each(?)) ORDER BY t.id",
            (json.dumps(id_list),),
        )
        return [ticket_from_row(self.profile, row) for row in rows]

    def thread(self, ref: str | int) -> list[Message]:
        ticket_id = self._ticket_id(ref)
        rows = self.conn.execute(
            f"SELECT {MESSAGE_COLUMNS} FROM messages AS m JOIN tickets AS t ON t.id = m.ticket_id "
            "WHERE m.ticket_id = ? ORDER BY m.created_at, m.id",
            (ticket_id,),
        )
        return [message_from_row(self.profile, row) for row in rows]

    def message(self, message_id: int) -> Message:
        row = self.conn.execute(
            f"SELECT {MESSAGE_COLUMNS} FROM messages AS m JOIN tickets AS t ON t.id = m.ticket_id "
            "WHERE m.id = ?",
            (message_id,),
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no message {message_id}")
        return message_from_row(self.profile, row)

    def _check_version(self, ticket_id: int, expected_version: str | None) -> None:
        if expected_version is None:
            return
        current = self.conn.execute(
            "SELECT version FROM tickets WHERE id = ?", (ticket_id,)
        ).fetchone()[0]
        if str(current) != expected_version:
            raise ConflictError(
                f"ticket {ticket_id} changed since version {expected_version} (now {current})",
                current_version=str(current),
            )

    def add_message(
        self,
        ticket_ref: str | int,
        *,
        body: str,
        author_role: AuthorRole,
        author_name: str,
        author_id: int | None = None,
        public: bool = True,
        channel: Channel | None = None,
        created_at: datetime | None = None,
        external_id: str | None = None,
        mail_id: str | None = None,
        update: TicketUpdate | None = None,
        expected_version: str | None = None,
    ) -> int:
        """Thread a message onto a ticket and apply the helpdesk's status rules."""
        if not body.strip():
            raise InvalidRequestError("a message needs a body")
        with self.transaction():
            ticket_id = self._ticket_id(ticket_ref)
            self._check_version(ticket_id, expected_version)
            status, ticket_channel = self.conn.execute(
                "SELECT status, channel FROM tickets WHERE id = ?", (ticket_id,)
            ).fetchone()
            now = epoch(created_at) if created_at else int(time.time())
            cursor = self.conn.execute(
                "INSERT INTO messages(ticket_id, author_role, author_id, author_name, public, "
                "channel, body, created_at, external_id, mail_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    ticket_id,
                    author_role.value,
                    author_id,
                    sanitize(author_name),
                    int(public),
                    (channel or ticket_channel),
                    sanitize(body),
                    now,
                    external_id,
                    mail_id,
                ),
            )
            message_id = int(cursor.lastrowid)  # type: ignore[arg-type]
            assignments = [
                "message_count = message_count + 1",
                "updated_at = max(updated_at, :now)",
            ]
            if author_role is AuthorRole.CUSTOMER:
                assignments.append("last_customer_at = :now")
                if status in _REOPENING or status == Status.CLOSED.value:
                    assignments.append("status = 'open'")
            elif author_role is AuthorRole.AGENT and public:
                assignments.append("first_response_at = coalesce(first_response_at, :now)")
                if status == Status.NEW.value:
                    assignments.append("status = 'open'")
            self._bump(ticket_id, assignments, {"now": now})
            if update is not None and not update.is_empty():
                self._apply(ticket_id, update, now)
        return message_id

    def update_ticket(
        self,
        ticket_ref: str | int,
        update: TicketUpdate,
        *,
        expected_version: str | None = None,
        at: datetime | None = None,
    ) -> None:
        with self.transaction():
            ticket_id = self._ticket_id(ticket_ref)
            self._check_version(ticket_id, expected_version)
            self._apply(ticket_id, update, epoch(at) if at else int(time.time()))

    def _bump(self, ticket_id: int, assignments: list[str], params: dict[str, object]) -> None:
        assignments.append("version = CAST(CAST(version AS INTEGER) + 1 AS TEXT)")
        self.conn.execute(
            f"UPDATE tickets SET {', '.join(assignments)} WHERE id = :ticket_id",
            {**params, "ticket_id": ticket_id},
        )

    def _apply(self, ticket_id: int, update: TicketUpdate, now: int) -> None:
        assignments = ["updated_at = max(updated_at, :now)"]
        params: dict[str, object] = {"now": now}
        if not isinstance(update.status, msgspec.UnsetType):
            assignments.append("status = :status")
            params["status"] = update.status.value
            if update.status in (Status.SOLVED, Status.CLOSED):
                assignments.append("solved_at = coalesce(solved_at, :now)")
            else:
                assignments.append("solved_at = NULL")
        if not isinstance(update.priority, msgspec.UnsetType):
            assignments.append("priority = :priority")
            params["priority"] = update.priority.value
        if not isinstance(update.stage, msgspec.UnsetType):
            assignments.append("stage = :stage")
            params["stage"] = Stage(update.stage).value
        if not isinstance(update.assignee_id, msgspec.UnsetType):
            assignments.append("assignee_id = :assignee")
            params["assignee"] = (
                None if update.assignee_id is None else self.local_id("agents", update.assignee_id)
            )
        if not isinstance(update.group_id, msgspec.UnsetType):
            assignments.append("group_id = :group")
            params["group"] = (
                None if update.group_id is None else self.local_id("groups", update.group_id)
            )
        if not isinstance(update.promised_by, msgspec.UnsetType):
            assignments.append("promised_by = :promised")
            params["promised"] = None if update.promised_by is None else epoch(update.promised_by)
        if update.tags_add or update.tags_remove:
            current = str(
                self.conn.execute("SELECT tags FROM tickets WHERE id = ?", (ticket_id,)).fetchone()[
                    0
                ]
            ).split()
            removed = set(normalise_tags(update.tags_remove))
            tags = [t for t in normalise_tags([*current, *update.tags_add]) if t not in removed]
            assignments.append("tags = :tags")
            params["tags"] = " ".join(tags)
            self.conn.execute("DELETE FROM ticket_tags WHERE ticket_id = ?", (ticket_id,))
            self.conn.executemany(
                "INSERT INTO ticket_tags(tag, ticket_id) VALUES (?, ?)",
                [(tag, ticket_id) for tag in tags],
            )
        self._bump(ticket_id, assignments, params)

    # -- the change feed ------------------------------------------------------------------

    def last_change(self) -> int:
        row = self.conn.execute("SELECT max(seq) FROM changes").fetchone()
        return int(row[0] or 0)

    def changed_since(self, seq: int, limit: int) -> tuple[list[tuple[int, bool]], int]:
        """Ticket ids changed after ``seq`` (each once, deleted flag) and the new high mark."""
        rows = self.conn.execute(
            "SELECT seq, ticket_id, deleted FROM changes WHERE seq > ? ORDER BY seq LIMIT ?",
            (seq, limit),
        ).fetchall()
        latest: dict[int, bool] = {}
        for _, ticket_id, deleted in rows:
            latest.pop(ticket_id, None)
            latest[ticket_id] = bool(deleted)
        high = rows[-1][0] if rows else seq
        return list(latest.items()), int(high)
