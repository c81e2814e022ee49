"""Writing a remote helpdesk's records into its local mirror (same schema as the desk).

The sync engine and the outbox both land helpdesk data here: tickets, customers,
threads, agents and groups are upserted by their ``remote_id``; a page of the
change feed and the cursor after it commit in one transaction, so a crash never
leaves a cursor ahead of the data. Every ticket write fires the ``changes``
trigger, which is how screens in this and other processes learn what to redraw.

A combined profile (several accounts, one queue) has one mirror and one writer per
account: each stamps its rows with its ``account`` (remote ids are unique per
account) and keeps its own cursors, as ``sync_state`` names prefixed ``account/``.
A single-account mirror leaves ``account`` empty and its cursor names bare.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence

import msgspec

from api_client.backends.local.rows import epoch
from api_client.models import (
    Agent,
    ChangePage,
    Customer,
    Group,
    Macro,
    Message,
    MessagePage,
    Order,
    Ticket,
    native_id,
)
from console.core.delivery import MirrorSink
from console.core.mirror_orders import orders_state_name, write_customer_orders
from console.core.workflow_rules import stage_from_tags

__all__ = ["UNKNOWN_NAME", "MirrorWriter", "mark_mirror"]

UNKNOWN_NAME = "…"
"""The name of a customer, agent or group a ticket names before the helpdesk has sent
the record itself (the next sync fills it in); macros treat it as no name at all."""


def mark_mirror(conn: sqlite3.Connection, profile: str) -> None:
    """Say the store mirrors a remote profile: ids without a ``remote_id`` exist only here."""
    conn.execute(
        "INSERT INTO meta(key, value) VALUES ('mirror', ?) ON CONFLICT(key) DO NOTHING",
        (profile,),
    )


class MirrorWriter(MirrorSink):
    """Upserts models into one profile's mirror (``account``: one account of a combined one)."""

    def __init__(self, conn: sqlite3.Connection, profile: str, account: str = "") -> None:
        self.conn = conn
        self.profile = profile
        self.account = account
        self.clock: Callable[[], float] = time.time
        """Now, in epoch seconds: when a customer's orders were read (tests set it)."""
        mark_mirror(conn, profile)

    def _state_name(self, name: str) -> str:
        return f"{self.account}/{name}" if self.account else name

    # -- cursors ---------------------------------------------------------------------

    def cursor(self, name: str = "changes") -> str | None:
        row = self.conn.execute(
            "SELECT value FROM sync_state WHERE name = ?", (self._state_name(name),)
        ).fetchone()
        return None if row is None else str(row[0])

    def _set_state(self, name: str, value: str | None) -> None:
        name = self._state_name(name)
        if value is None:
            self.conn.execute("DELETE FROM sync_state WHERE name = ?", (name,))
        else:
            self.conn.execute(
                "INSERT INTO sync_state(name, value) VALUES (?, ?) "
                "ON CONFLICT(name) DO UPDATE SET value = excluded.value",
                (name, value),
            )

    def set_state(self, name: str, value: str | None) -> None:
        with self._transaction():
            self._set_state(name, value)

    def _transaction(self) -> _Transaction:
        return _Transaction(self.conn)

    # -- ids -------------------------------------------------------------------------------

    def _local(
        self, table: str, qualified: str | None, placeholder: dict[str, object]
    ) -> int | None:
        """The local id of a remote record, creating a placeholder row when unseen."""
        if qualified is None:
            return None
        remote = native_id(qualified)
        row = self.conn.execute(
            f"SELECT id FROM {table} WHERE remote_id = ? AND account = ?", (remote, self.account)
        ).fetchone()
        if row is not None:
            return int(row[0])
        columns = ", ".join(["remote_id", "account", *placeholder])
        marks = ", ".join("?" for _ in range(len(placeholder) + 2))
        cursor = self.conn.execute(
            f"INSERT INTO {table}({columns}) VALUES ({marks})",
            (remote, self.account, *placeholder.values()),
        )
        return int(cursor.lastrowid)  # type: ignore[arg-type]

    def ticket_local_id(self, qualified: str) -> int | None:
        row = self.conn.execute(
            "SELECT id FROM tickets WHERE remote_id = ? AND account = ?",
            (native_id(qualified), self.account),
        ).fetchone()
        return None if row is None else int(row[0])

    # -- upserts ---------------------------------------------------------------------------

    def _customer(self, customer: Customer) -> int:
        remote = native_id(customer.id)
        created = epoch(customer.created_at) if customer.created_at else 0
        self.conn.execute(
            "INSERT INTO customers(remote_id, account, name, email, language, timezone, tags, "
            "notes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(remote_id, account) DO UPDATE SET name = excluded.name, "
            "email = excluded.email, "
            "language = coalesce(excluded.language, language), timezone = excluded.timezone, "
            "tags = excluded.tags, notes = excluded.notes",
            (
                remote,
                self.account,
                customer.name,
                customer.email,
                customer.language,
                customer.timezone,
                " ".join(customer.tags),
                customer.notes,
                created,
            ),
        )
        local = int(
            self.conn.execute(
                "SELECT id FROM customers WHERE remote_id = ? AND account = ?",
                (remote, self.account),
            ).fetchone()[0]
        )
        contacts = [("email", e) for e in customer.emails] + [("phone", p) for p in customer.phones]
        contacts += [(h.channel.value, h.value) for h in customer.handles]
        self.conn.execute("DELETE FROM customer_contacts WHERE customer_id = ?", (local,))
        self.conn.executemany(
            "INSERT OR IGNORE INTO customer_contacts(customer_id, channel, value) VALUES (?, ?, ?)",
            [(local, channel, value) for channel, value in contacts],
        )
        return local

    def _ticket(self, ticket: Ticket) -> int:
        customer = self._local(
            "customers", ticket.customer_id, {"name": UNKNOWN_NAME, "created_at": 0}
        )
        assignee = self._local("agents", ticket.assignee_id, {"name": UNKNOWN_NAME})
        group = self._local("groups", ticket.group_id, {"name": UNKNOWN_NAME})
        remote = native_id(ticket.id)
        self.conn.execute(
            "INSERT INTO tickets(remote_id, account, subject, status, priority, channel, language, "
            "stage, customer_id, assignee_id, group_id, tags, created_at, updated_at, version, "
            "due_at, promised_by, fields, url, solved_at) VALUES "
            "(:remote, :account, :subject, :status, :priority, :channel, :language, :stage, "
            ":customer, :assignee, :group, :tags, :created, :updated, :version, :due, :promised, "
            ":fields, :url, :solved) ON CONFLICT(remote_id, account) DO UPDATE SET "
            "subject = excluded.subject, "
            "status = excluded.status, priority = excluded.priority, channel = excluded.channel, "
            "language = coalesce(excluded.language, language), stage = excluded.stage, "
            "customer_id = excluded.customer_id, assignee_id = excluded.assignee_id, "
            "group_id = excluded.group_id, tags = excluded.tags, "
            "updated_at = excluded.updated_at, version = excluded.version, "
            "due_at = coalesce(excluded.due_at, due_at), promised_by = excluded.promised_by, "
            "fields = excluded.fields, url = excluded.url, "
            # The first time the helpdesk shows it solved (reports count reopens from it).
            "solved_at = CASE WHEN excluded.status IN ('solved', 'closed') "
            "THEN coalesce(solved_at, excluded.updated_at) ELSE solved_at END",
            {
                "remote": remote,
                "account": self.account,
                "subject": ticket.subject,
                "status": ticket.status.value,
                "priority": ticket.priority.value,
                "channel": ticket.channel.value,
                "language": ticket.language,
                "stage": (stage_from_tags(ticket.tags) or ticket.stage).value,
                "customer": customer,
                "assignee": assignee,
                "group": group,
                "tags": " ".join(ticket.tags),
                "created": epoch(ticket.created_at),
                "updated": epoch(ticket.updated_at),
                "version": ticket.version,
                "due": epoch(ticket.due_at) if ticket.due_at else None,
                "promised": epoch(ticket.promised_by) if ticket.promised_by else None,
                "fields": json.dumps(ticket.fields, ensure_ascii=False),
                "url": ticket.url,
                "solved": epoch(ticket.updated_at) if not ticket.status.is_active else None,
            },
        )
        local = int(
            self.conn.execute(
                "SELECT id FROM tickets WHERE remote_id = ? AND account = ?", (remote, self.account)
            ).fetchone()[0]
        )
        self.conn.execute("DELETE FROM ticket_tags WHERE ticket_id = ?", (local,))
        self.conn.executemany(
            "INSERT OR IGNORE INTO ticket_tags(tag, ticket_id) VALUES (?, ?)",
            [(tag.lower(), local) for tag in ticket.tags],
        )
        return local

    def _messages(self, messages: Iterable[Message]) -> set[int]:
        touched: set[int] = set()
        for message in messages:
            ticket = self.ticket_local_id(message.ticket_id)
            if ticket is None:
                continue
            author = None
            if message.author_id is not None:
                table = "customers" if message.author_role.value == "customer" else "agents"
                placeholder: dict[str, object] = {"name": message.author_name}
                if table == "customers":
                    placeholder["created_at"] = 0
                author = self._local(table, message.author_id, placeholder)
            self.conn.execute(
                "INSERT INTO messages(remote_id, account, ticket_id, author_role, author_id, "
                "author_name, public, channel, body, created_at, external_id) VALUES (?, ?, ?, ?, "
                "?, ?, ?, ?, ?, ?, ?) ON CONFLICT(remote_id, account) DO UPDATE SET "
                "body = excluded.body, "
                "public = excluded.public, author_name = excluded.author_name, "
                "author_id = coalesce(excluded.author_id, author_id), "
                "external_id = coalesce(excluded.external_id, external_id)",
                (
                    native_id(message.id),
                    self.account,
                    ticket,
                    message.author_role.value,
                    author,
                    message.author_name,
                    int(message.public),
                    message.channel.value,
                    message.body,
                    epoch(message.created_at),
                    message.external_id,
                ),
            )
            touched.add(ticket)
        for ticket in touched:
            self._recount(ticket)
        return touched

    def _recount(self, ticket: int) -> None:
        self.conn.execute(
            "UPDATE tickets SET "
            "message_count = (SELECT count(*) FROM messages WHERE ticket_id = :t), "
            "last_customer_at = (SELECT max(created_at) FROM messages WHERE ticket_id = :t "
            "AND author_role = 'customer'), "
            "first_response_at = (SELECT min(created_at) FROM messages WHERE ticket_id = :t "
            "AND author_role = 'agent' AND public = 1) WHERE id = :t",
            {"t": ticket},
        )

    def _delete(self, qualified: str) -> int | None:
        local = self.ticket_local_id(qualified)
        if local is not None:
            self.conn.execute("DELETE FROM tickets WHERE id = ?", (local,))
        return local

    # -- what the sync engine calls ----------------------------------------------------------

    def apply_page(
        self,
        page: ChangePage,
        threads: Sequence[Message] = (),
        *,
        cursor_name: str = "changes",
    ) -> set[int]:
        """Store a page (and fetched threads) with its cursor, atomically. Returns ticket ids."""
        with self._transaction():
            for customer in page.customers:
                self._customer(customer)
            changed = {self._ticket(ticket) for ticket in page.tickets}
            changed |= self._messages([*page.messages, *threads])
            for owner in page.orders_of:
                changed |= self._orders(owner, [o for o in page.orders if o.customer_id == owner])
            for qualified in page.deleted:
                gone = self._delete(qualified)
                if gone is not None:
                    changed.add(gone)
            self._set_state(cursor_name, page.cursor)
        return changed

    # -- a customer's orders -----------------------------------------------------------------

    def store_orders(self, customer_id: str, orders: Sequence[Order]) -> set[int]:
        """Replace a customer's orders and shipments with what the helpdesk just sent
        (atomically), and remember when. Returns the customer's tickets when anything
        changed (they are announced on the change feed, so the pane redraws)."""
        with self._transaction():
            return self._orders(customer_id, orders)

    def _orders(self, customer_id: str, orders: Sequence[Order]) -> set[int]:
        local = self._local("customers", customer_id, {"name": UNKNOWN_NAME, "created_at": 0})
        assert local is not None
        self.conn.execute(
            "INSERT INTO sync_state(name, value) VALUES (?, ?) "
            "ON CONFLICT(name) DO UPDATE SET value = excluded.value",
            (orders_state_name(self.account, native_id(customer_id)), repr(self.clock())),
        )
        if not write_customer_orders(self.conn, local, self.account, orders):
            return set()
        tickets = {
            int(row[0])
            for row in self.conn.execute("SELECT id FROM tickets WHERE customer_id = ?", (local,))
        }
        # Orders are no ticket change of their own: tell the change feed's readers here.
        self.conn.executemany("INSERT INTO changes(ticket_id) VALUES (?)", [(t,) for t in tickets])
        return tickets

    def apply_messages(
        self,
        page: MessagePage,
        tickets: Sequence[Ticket] = (),
        *,
        cursor_name: str = "messages",
    ) -> set[int]:
        """Store a page of the message feed (and the tickets read to place it) with its
        cursor, atomically. Messages of tickets the mirror lacks are left out."""
        with self._transaction():
            changed = {self._ticket(ticket) for ticket in tickets}
            changed |= self._messages(self._news(page.messages))
            self._set_state(cursor_name, page.cursor)
        return changed

    def _news(self, messages: Sequence[Message]) -> list[Message]:
        """The messages not stored yet or changed since (a feed repeats some at its page
        boundaries: those must not announce their ticket as changed)."""
        stored: dict[str, tuple[str, int]] = {}
        remote = [native_id(m.id) for m in messages]
        for start in range(0, len(remote), 500):
            chunk = remote[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            for key, body, public in self.conn.execute(
                "SELECT remote_id, body, public FROM messages "
                f"WHERE account = ? AND remote_id IN ({marks})",
                (self.account, *chunk),
            ):
                stored[str(key)] = (str(body), int(public))
        return [
            m
            for m, key in zip(messages, remote, strict=True)
            if stored.get(key) != (m.body, int(m.public))
        ]

    def unknown_tickets(self, ticket_ids: Iterable[str]) -> list[str]:
        """The ones of these (qualified) tickets the mirror has no row for."""
        return [qualified for qualified in ticket_ids if self.ticket_local_id(qualified) is None]

    def agents_and_groups(self, agents: Iterable[Agent], groups: Iterable[Group]) -> None:
        with self._transaction():
            for group in groups:
                self.conn.execute(
                    "INSERT INTO groups(remote_id, account, name) VALUES (?, ?, ?) "
                    "ON CONFLICT(remote_id, account) DO UPDATE SET name = excluded.name",
                    (native_id(group.id), self.account, group.name),
                )
            for agent in agents:
                self._agent(agent)

    def _agent(self, agent: Agent) -> None:
        remote = native_id(agent.id)
        group_id = (
            self._local("groups", agent.group_ids[0], {"name": UNKNOWN_NAME})
            if agent.group_ids
            else None
        )
        where = self.account or self.profile
        login = agent.login or f"{where}:{remote}"
        if self.conn.execute(
            "SELECT 1 FROM agents WHERE remote_id = ? AND account = ?", (remote, self.account)
        ).fetchone():
            self.conn.execute(
                "UPDATE agents SET name = ?, email = ?, group_id = ?, active = ? "
                "WHERE remote_id = ? AND account = ?",
                (agent.name, agent.email, group_id, int(agent.active), remote, self.account),
            )
            return
        # The person at the terminal got a local row before the first sync: adopt it.
        adopted = self.conn.execute(
            "UPDATE agents SET remote_id = ?, account = ?, name = ?, email = ?, group_id = ?, "
            "active = ? WHERE login = ? AND remote_id IS NULL",
            (remote, self.account, agent.name, agent.email, group_id, int(agent.active), login),
        ).rowcount
        if not adopted:
            taken = self.conn.execute("SELECT 1 FROM agents WHERE login = ?", (login,)).fetchone()
            self.conn.execute(
                "INSERT INTO agents(remote_id, account, name, email, login, group_id, active) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    remote,
                    self.account,
                    agent.name,
                    agent.email,
                    f"{where}:{remote}" if taken else login,
                    group_id,
                    int(agent.active),
                ),
            )

    def macros(self, macros: Iterable[Macro]) -> None:
        """Replace the helpdesk's macros (the picker offers them, read-only)."""
        rows = [
            (
                native_id(macro.id),
                self.account,
                macro.title,
                macro.bodies.get("*") or next(iter(macro.bodies.values()), ""),
                msgspec.json.encode(macro.actions).decode(),
            )
            for macro in macros
        ]
        with self._transaction():
            self.conn.execute(
                "DELETE FROM macros WHERE remote_id IS NOT NULL AND account = ?", (self.account,)
            )
            self.conn.executemany(
                "INSERT INTO macros(remote_id, account, title, body, actions) "
                "VALUES (?, ?, ?, ?, ?)",
                rows,
            )

    def sweep(self, seen: set[str]) -> set[int]:
        """After a complete full listing: remove tickets the helpdesk no longer has."""
        gone: set[int] = set()
        with self._transaction():
            for local, remote in self.conn.execute(
                "SELECT id, remote_id FROM tickets WHERE account = ?", (self.account,)
            ).fetchall():
                if remote is not None and remote not in seen:
                    self.conn.execute("DELETE FROM tickets WHERE id = ?", (local,))
                    gone.add(int(local))
        return gone

    # -- what the outbox calls (MirrorSink) -------------------------------------------------

    def message_sent(self, ticket_id: int, message: Message) -> None:
        del ticket_id
        with self._transaction():
            self._messages([message])

    def ticket_changed(self, ticket: Ticket) -> None:
        with self._transaction():
            self._ticket(ticket)


class _Transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT``, or ``ROLLBACK`` on any error (re-entrant)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.outer = False

    def __enter__(self) -> sqlite3.Connection:
        self.outer = not self.conn.in_transaction
        if self.outer:
            self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, kind: object, value: object, traceback: object) -> None:
        if not self.outer:
            return
        self.conn.execute("COMMIT" if kind is None else "ROLLBACK")
