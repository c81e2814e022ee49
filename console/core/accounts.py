"""Several accounts in one queue: a combined profile's backends, sync and write routes.

An agency serving many shops lists their profiles in one profile
(``accounts = ["shop_it", "shop_de"]``). Every account's rows land in one mirror,
each stamped with its account (remote ids are unique per account). This module
opens one backend per account (its own options, secret and rate budget), syncs
the accounts side by side, each with its own cursors, and gives the deliverer one
route per account, so a write only ever reaches the helpdesk its ticket came from.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import AsyncExitStack, asynccontextmanager
from typing import TYPE_CHECKING

from api_client.models import qualify
from console.core.config import Config
from console.core.delivery import Deliverer, MirrorSink, Route
from console.core.errors import UserError
from console.core.mirror import MirrorWriter
from console.core.outbox import Outbox
from console.core.profiles import backend_for, remote_backend
from console.core.sync import SyncEngine, SyncProgress, SyncResult
from console.core.sync_writes import SerialWrites
from console.core.workspace import Workspace

if TYPE_CHECKING:
    from api_client.backend import Backend

__all__ = ["account_backends", "assignable_agents", "open_deliverer", "sync_accounts"]


@asynccontextmanager
async def account_backends(
    config: Config, workspace: Workspace
) -> AsyncIterator[dict[str, Backend]]:
    """One open backend per account of a combined profile, all closed on exit."""
    async with AsyncExitStack() as stack:
        backends: dict[str, Backend] = {}
        for account in workspace.accounts:
            profile = config.profiles[account]
            backends[account] = await stack.enter_async_context(remote_backend(account, profile))
        yield backends


async def sync_accounts(
    conn: sqlite3.Connection,
    workspace: Workspace,
    backends: dict[str, Backend],
    *,
    full: bool = False,
    on_changes: Callable[[set[int]], None] | None = None,
    on_progress: Callable[[str, SyncProgress], None] | None = None,
) -> dict[str, SyncResult | BaseException]:
    """Sync every account into the one mirror, concurrently; each keeps its own cursors.

    One account failing (its helpdesk down, its token revoked) does not stop the
    others: its entry in the result is the exception.
    """

    writes = SerialWrites()  # one connection: one write at a time, whichever account

    def engine(account: str, backend: Backend) -> SyncEngine:
        def progress(p: SyncProgress) -> None:
            if on_progress is not None:
                on_progress(account, p)

        writer = MirrorWriter(conn, workspace.profile, account)
        return SyncEngine(
            writer, backend, on_changes=on_changes, on_progress=progress, writes=writes
        )

    engines = {account: engine(account, backend) for account, backend in backends.items()}
    results = await asyncio.gather(
        *(e.run(full=full) for e in engines.values()), return_exceptions=True
    )
    for result in results:
        if isinstance(result, (KeyboardInterrupt, SystemExit, asyncio.CancelledError)):
            raise result
    return dict(zip(engines, results, strict=True))


@asynccontextmanager
async def open_deliverer(
    config: Config,
    workspace: Workspace,
    outbox: Outbox,
    *,
    sink: MirrorSink | None = None,
) -> AsyncIterator[Deliverer]:
    """The profile's deliverer: one backend, or one route per account of a combined profile.

    ``sink`` is where a single-account profile's delivered results go; a combined
    profile's go to each account's own mirror writer (over the outbox's connection).
    """
    if not workspace.accounts:
        async with backend_for(config, workspace) as backend:
            yield Deliverer(outbox, backend, sink=sink)
        return
    async with account_backends(config, workspace) as backends:
        routes = {
            account: Route(
                backend=backend,
                sink=MirrorWriter(outbox.conn, workspace.profile, account),
                read_only=account in workspace.read_only_accounts,
            )
            for account, backend in backends.items()
        }
        first = next(iter(backends.values()))
        yield Deliverer(outbox, first, accounts=routes)


def assignable_agents(
    workspace: Workspace, ticket_ids: Iterable[int]
) -> tuple[str, list[tuple[str, str]]]:
    """The agents that tickets of one account can be assigned to: ``(account, [(id, name)])``.

    Ids are qualified by the account (``shop_de:7``), the agent at the terminal first
    as "Me". Tickets of several accounts at once cannot share an assignee: UserError.
    """
    accounts = {workspace.account_of(t) for t in ticket_ids}
    if len(accounts) != 1:
        raise UserError("these tickets belong to several accounts: assign one account at a time")
    account = accounts.pop()
    mine = {workspace.me_in(account)}
    rows = workspace.conn.execute(
        "SELECT id, remote_id, name FROM agents WHERE account = ? AND remote_id IS NOT NULL "
        "AND active = 1 ORDER BY name",
        (account,),
    ).fetchall()
    me = [(qualify(account, str(r[1])), f"Me ({r[2]})") for r in rows if r[0] in mine]
    others = [(qualify(account, str(r[1])), str(r[2])) for r in rows if r[0] not in mine]
    return account, [*me, *others]
