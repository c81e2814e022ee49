"""One open profile: its store, its backend, and who is at the terminal.

Screens and commands get everything they read from a :class:`Workspace`: the
store connection (the embedded desk itself, or a remote profile's mirror), the
``Desk`` operations over it, the current agent's row, and the query context.
Nothing here touches the network; the backend is only handed to workers.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from api_client.backends.local.desk import Desk
from api_client.errors import NotFoundError
from console.core.config import Config
from console.core.db import open_store
from console.core.paths import desk_path
from console.core.query import Query, QueryContext
from console.core.queue import QueueSource

__all__ = ["Workspace", "open_local_workspace"]


@dataclass
class Workspace:
    profile: str
    backend_name: str
    path: Path
    conn: sqlite3.Connection
    me_id: int
    me_login: str
    me_name: str
    at_risk: timedelta = timedelta(minutes=30)
    views: dict[str, str] = field(default_factory=dict)
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    """Now, as every screen sees it (tests and snapshots freeze it)."""
    mirror_stage_tags: bool = False
    """The helpdesk has tags but no stage field: the stage travels as a ``stage_*`` tag."""
    config: Config = field(default_factory=Config)
    """The configuration the workspace was opened with (shop, SLA, keys ...)."""
    read_only: bool = False
    """The profile forbids writes (supervisors watching a helpdesk)."""
    accounts: tuple[str, ...] = ()
    """A combined profile's accounts, all in this one store (empty: a single account)."""
    read_only_accounts: frozenset[str] = frozenset()
    """Accounts of a combined profile whose own profile forbids writes."""
    orders_from: frozenset[str] = frozenset()
    """Accounts whose helpdesk has customers' orders (``''``: a single-account profile's)."""
    me_elsewhere: tuple[int, ...] = ()
    """The agent's rows for the other accounts of a combined profile (one per helpdesk)."""

    def account_of(self, ticket_id: int) -> str:
        """The account a ticket belongs to ('' outside a combined profile)."""
        row = self.conn.execute("SELECT account FROM tickets WHERE id = ?", (ticket_id,)).fetchone()
        return "" if row is None else str(row[0])

    def me_in(self, account: str) -> int | None:
        """The agent row the account's credentials belong to (its sync says who), if known."""
        row = self.conn.execute(
            "SELECT a.id FROM sync_state AS s JOIN agents AS a ON a.remote_id = s.value "
            "AND a.account = ? WHERE s.name = ?",
            (account, f"{account}/me"),
        ).fetchone()
        if row is not None:
            return int(row[0])
        mine = (self.me_id, *self.me_elsewhere)
        found = self.conn.execute(
            f"SELECT id FROM agents WHERE account = ? AND id IN ({', '.join('?' * len(mine))})",
            (account, *mine),
        ).fetchone()
        return None if found is None else int(found[0])

    def customer_of(self, ticket_id: int) -> int:
        """The store id of a ticket's customer (unambiguous whatever the account)."""
        row = self.conn.execute(
            "SELECT customer_id FROM tickets WHERE id = ?", (ticket_id,)
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no ticket {ticket_id}")
        return int(row[0])

    def read_only_for(self, ticket_ids: Iterable[int]) -> bool:
        """True when writing to any of these tickets is forbidden (profile or account)."""
        if self.read_only:
            return True
        if not self.read_only_accounts:
            return False
        return any(self.account_of(t) in self.read_only_accounts for t in ticket_ids)

    @property
    def desk(self) -> Desk:
        return Desk(self.conn, self.profile)

    def context(self, now: datetime | None = None) -> QueryContext:
        me, elsewhere = self.me_id, self.me_elsewhere
        if self.accounts:  # read each time: a first sync says who we are in each account
            found = [m for m in (self.me_in(a) for a in self.accounts) if m is not None]
            me, elsewhere = (found[0], tuple(found[1:])) if found else (me, ())
        return QueryContext(
            now=now or self.clock(),
            me=me,
            at_risk=self.at_risk,
            accounts=self.accounts,
            me_elsewhere=elsewhere,
        )

    def queue(
        self, query: Query | str, now: datetime | None = None, *, typing: bool = False
    ) -> QueueSource:
        """``typing``: the query is a filter the agent is still typing (see compile_query)."""
        return QueueSource(self.conn, query, self.context(now), typing=typing)

    def ticket_count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM tickets").fetchone()[0])

    def close(self) -> None:
        self.conn.close()


def open_local_workspace(
    profile: str = "local",
    *,
    path: Path | None = None,
    agent_login: str,
    agent_name: str | None = None,
    notice: Callable[[str], None] | None = None,
) -> Workspace:
    """Open (creating if needed) an embedded desk and make sure the agent exists in it."""
    target = path or desk_path(profile)
    conn = open_store(target, notice=notice)
    desk = Desk(conn, profile)
    me = desk.ensure_agent(agent_login, agent_name or agent_login, group="Tier 1")
    name = str(conn.execute("SELECT name FROM agents WHERE id = ?", (me,)).fetchone()[0])
    return Workspace(
        profile=profile,
        backend_name="local",
        path=target,
        conn=conn,
        me_id=me,
        me_login=agent_login,
        me_name=name,
    )
