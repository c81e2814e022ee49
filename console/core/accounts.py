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
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from typing import TYPE_CHECKING

from console.core.config import Config
from console.core.delivery import Deliverer, MirrorSink, Route
from console.core.mirror import MirrorWriter
from console.core.outbox import Outbox
from console.core.profiles import backend_for, remote_backend
from console.core.sync import SyncEngine, SyncProgress, SyncResult
from console.core.workspace import Workspace

if TYPE_CHECKING:
    from api_client.backend import Backend

__all__ = ["account_backends", "open_deliverer", "sync_accounts"]


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

    def engine(account: str, backend: Backend) -> SyncEngine:
        def progress(p: SyncProgress) -> None:
            if on_progress is not None:
                on_progress(account, p)

        writer = MirrorWriter(conn, workspace.profile, account)
        return SyncEngine(writer, backend, on_changes=on_changes, on_progress=progress)

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
