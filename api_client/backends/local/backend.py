"""The embedded desk as a backend: a real helpdesk in one SQLite file, no account needed.

It implements the same async interface as the remote backends, so the console,
the outbox and the contract suite treat it exactly like Zendesk. Work runs in a
thread (SQLite calls block) behind a lock, on the desk's own connection.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import threading
from collections.abc import Callable
from typing import ClassVar, TypeVar

import httpx
import msgspec

from api_client.backend import Backend, BackendOption, Capability, Outgoing
from api_client.backends.local.desk import Desk
from api_client.backends.local.rows import CUSTOMER_COLUMNS, customer_from_row
from api_client.backends.local.store import connect
from api_client.errors import InvalidRequestError, InvalidResponseError
from api_client.models import (
    Agent,
    AuthorRole,
    ChangePage,
    Customer,
    CustomerHistory,
    Group,
    Macro,
    MacroActions,
    Message,
    Ticket,
    TicketUpdate,
)

__all__ = ["LocalBackend"]

T = TypeVar("T")

_FULL = "full"
_FEED = "seq"


class LocalBackend(Backend):
    """The embedded desk. Settings: ``path`` (the database file), ``agent`` (a login)."""

    name: ClassVar[str] = "local"
    label: ClassVar[str] = "Embedded desk"
    options = (
        BackendOption(name="path", label="Desk file", description="the SQLite database"),
        BackendOption(
            name="agent",
            label="Agent login",
            description="who is at the terminal (created on first use)",
            required=False,
        ),
    )
    capabilities = frozenset(
        {
            Capability.CHANGES,
            Capability.NOTES,
            Capability.TAGS,
            Capability.ASSIGN,
            Capability.GROUPS,
            Capability.PRIORITY,
            Capability.MACROS,
            Capability.ORDERS,
            Capability.VERSIONED_UPDATES,
            Capability.EXTERNAL_IDS,
            Capability.STAGE_FIELD,
        }
    )
    page_size = 500

    def __init__(
        self,
        profile: str,
        settings: dict[str, str],
        secrets: dict[str, str] | None = None,
        *,
        http: httpx.AsyncClient | None = None,
        connection: sqlite3.Connection | None = None,
    ) -> None:
        super().__init__(profile, settings, secrets or {}, http=http)
        self._conn = connection if connection is not None else connect(self.settings["path"])
        self._owns_connection = connection is None
        self._lock = threading.Lock()
        self.desk = Desk(self._conn, profile)

    async def _run(self, work: Callable[[], T]) -> T:
        def locked() -> T:
            with self._lock:
                return work()

        return await asyncio.to_thread(locked)

    # -- reading -----------------------------------------------------------------

    async def who_am_i(self) -> Agent:
        login = self.settings.get("agent") or "agent"

        def work() -> Agent:
            return self.desk.agent(self.desk.ensure_agent(login))

        return await self._run(work)

    async def changes(self, cursor: str | None, *, limit: int | None = None) -> ChangePage:
        size = max(1, min(limit or self.page_size, self.page_size))
        return await self._run(lambda: self._changes(cursor, size))

    def _changes(self, cursor: str | None, size: int) -> ChangePage:
        if cursor is None:
            cursor = f"{_FULL}:0:{self.desk.last_change()}"
        kind, _, rest = cursor.partition(":")
        if kind == _FULL:
            after, _, mark = rest.partition(":")
            ids = [
                int(row[0])
                for row in self._conn.execute(
                    "SELECT id FROM tickets WHERE id > ? ORDER BY id LIMIT ?", (int(after), size)
                )
            ]
            total = int(self._conn.execute("SELECT count(*) FROM tickets").fetchone()[0])
            if len(ids) == size:
                next_cursor = f"{_FULL}:{ids[-1]}:{mark}"
                return self._page(ids, [], next_cursor, more=True, total=total)
            return self._page(ids, [], f"{_FEED}:{mark}", more=False, total=total)
        if kind != _FEED or not rest.isdigit():
            raise InvalidRequestError(f"not a cursor of the embedded desk: {cursor!r}")
        changed, high = self.desk.changed_since(int(rest), size)
        alive = [ticket_id for ticket_id, deleted in changed if not deleted]
        gone = [ticket_id for ticket_id, deleted in changed if deleted]
        more = high < self.desk.last_change()
        return self._page(alive, gone, f"{_FEED}:{high}", more=more, total=None)

    def _page(
        self, ids: list[int], gone: list[int], cursor: str, *, more: bool, total: int | None
    ) -> ChangePage:
        tickets = self.desk.tickets(ids)
        customer_ids = sorted({int(self.nid(t.customer_id)) for t in tickets})
        messages: list[Message] = []
        for ticket_id in ids:
            messages.extend(self.desk.thread(ticket_id))
        return ChangePage(
            tickets=tuple(tickets),
            customers=tuple(self._customers(customer_ids)),
            messages=tuple(messages),
            deleted=tuple(self.qid(ticket_id) for ticket_id in gone),
            threads_included=True,
            cursor=cursor,
            more=more,
            total=total,
        )

    def _customers(self, ids: list[int]) -> list[Customer]:
        if not ids:
            return []
        contacts: dict[int, list[tuple[str, str]]] = {}
        for customer_id, channel, value in self._conn.execute(
            "SELECT customer_id, channel, value FROM customer_contacts "
            "WHERE customer_id IN (SELECT value FROM json_each(?)) ORDER BY channel, value",
            (json.dumps(ids),),
        ):
            contacts.setdefault(customer_id, []).append((channel, value))
        rows = self._conn.execute(
            f"SELECT {CUSTOMER_COLUMNS} FROM customers "
            "WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id",
            (json.dumps(ids),),
        )
        return [customer_from_row(self.profile, row, contacts.get(row[0], [])) for row in rows]

    async def get_ticket(self, ticket_id: str) -> Ticket:
        return await self._run(lambda: self.desk.ticket(ticket_id))

    async def get_thread(self, ticket_id: str) -> list[Message]:
        return await self._run(lambda: self.desk.thread(ticket_id))

    async def get_customer(self, customer_id: str) -> CustomerHistory:
        return await self._run(lambda: self.desk.customer_history(customer_id))

    async def list_agents(self) -> list[Agent]:
        return await self._run(self.desk.agents)

    async def list_groups(self) -> list[Group]:
        return await self._run(self.desk.groups)

    async def list_macros(self) -> list[Macro]:
        def work() -> list[Macro]:
            rows = self._conn.execute(
                "SELECT id, title, body, actions FROM macros ORDER BY title"
            ).fetchall()
            return [
                Macro(
                    id=self.qid(row[0]),
                    title=row[1],
                    bodies={"*": row[2]},
                    actions=_actions(row[3]),
                )
                for row in rows
            ]

        return await self._run(work)

    # -- writing -----------------------------------------------------------------

    async def post_message(self, ticket_id: str, outgoing: Outgoing) -> Message:
        def work() -> Message:
            author = (
                self.desk.agent(outgoing.author_id)
                if outgoing.author_id
                else self.desk.agent(self.desk.ensure_agent(self.settings.get("agent") or "agent"))
            )
            message_id = self.desk.add_message(
                ticket_id,
                body=outgoing.body,
                author_role=AuthorRole.AGENT,
                author_name=author.name,
                author_id=int(self.nid(author.id)),
                public=outgoing.public,
                external_id=outgoing.external_id,
                update=outgoing.update,
                expected_version=outgoing.expected_version,
            )
            return self.desk.message(message_id)

        return await self._run(work)

    async def update(
        self, ticket_id: str, update: TicketUpdate, *, expected_version: str | None = None
    ) -> Ticket:
        def work() -> Ticket:
            self.desk.update_ticket(ticket_id, update, expected_version=expected_version)
            return self.desk.ticket(ticket_id)

        return await self._run(work)

    async def aclose(self) -> None:
        if self._owns_connection:
            self._conn.close()


def _actions(raw: str) -> MacroActions:
    try:
        return msgspec.json.decode(raw or "{}", type=MacroActions)
    except msgspec.DecodeError as error:
        raise InvalidResponseError(f"macro actions are not valid: {error}") from error
