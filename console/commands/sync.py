"""`deskside sync [--full]`: bring a remote profile's mirror up to date from the terminal.

The same engine the console runs in the background, with a progress bar on
stderr; useful for a first sync of a large helpdesk, and from cron. A combined
profile syncs all its accounts at once and says how each went.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from api_client.errors import AuthError, BackendError, UnavailableError
from console.commands.outbox import profile_option
from console.core.config import Config, load_config
from console.core.errors import UserError
from console.core.mirror import MirrorWriter
from console.core.profiles import backend_for, is_local, open_workspace
from console.core.sync import SyncEngine, SyncProgress, SyncResult
from console.core.workspace import Workspace

__all__ = ["register"]


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("sync", help="update a remote profile's local mirror")
    parser.add_argument("--full", action="store_true", help="re-read everything from the start")
    profile_option(parser)
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    config = load_config()
    name, profile = config.profile(args.profile)
    if is_local(profile):
        print(f"deskside: {name} is the embedded desk: it is its own mirror, nothing to sync")
        return 0
    workspace = open_workspace(config, name)
    if workspace.accounts:
        try:
            results = asyncio.run(_sync_all(config, workspace, full=args.full))
        finally:
            workspace.close()
        return _report_accounts(name, results)
    try:
        result = asyncio.run(_sync(config, workspace, full=args.full))
    except AuthError as error:
        raise UserError(f"{name}: the helpdesk refused the credentials: {error}") from None
    except UnavailableError as error:
        raise UserError(
            f"{name}: the helpdesk is unavailable ({error}); run again to resume", exit_code=5
        ) from None
    except BackendError as error:
        raise UserError(f"{name}: sync stopped: {error}; run again to resume") from None
    finally:
        workspace.close()
    p = result.progress
    print(
        f"synced {name}: {p.tickets} tickets, {p.messages} messages, {p.deleted} deleted, "
        f"{p.requests} requests in {p.elapsed:.1f}s"
    )
    return 0


def _why(account: str, error: BaseException) -> str:
    if isinstance(error, AuthError):
        return f"{account}: the helpdesk refused the credentials: {error}"
    if isinstance(error, UnavailableError):
        return f"{account}: the helpdesk is unavailable ({error}); run again to resume"
    if isinstance(error, BackendError | UserError):
        return f"{account}: sync stopped: {error}; run again to resume"
    return f"{account}: sync stopped: {type(error).__name__}: {error}"


def _report_accounts(name: str, results: dict[str, SyncResult | BaseException]) -> int:
    failed = 0
    for account, result in results.items():
        if isinstance(result, BaseException):
            failed += 1
            print(f"deskside: {name}: {_why(account, result)}", file=sys.stderr)
            continue
        p = result.progress
        print(
            f"synced {name}/{account}: {p.tickets} tickets, {p.messages} messages, "
            f"{p.deleted} deleted, {p.requests} requests in {p.elapsed:.1f}s"
        )
    return 5 if failed else 0


async def _sync_all(
    config: Config, workspace: Workspace, *, full: bool
) -> dict[str, SyncResult | BaseException]:
    from console.core.accounts import account_backends, sync_accounts

    async with account_backends(config, workspace) as backends:
        return await sync_accounts(workspace.conn, workspace, backends, full=full)


async def _sync(config: Config, workspace: Workspace, *, full: bool) -> SyncResult:
    console = Console(stderr=True)
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=not sys.stderr.isatty(),
    ) as bar:
        task = bar.add_task(f"syncing {workspace.profile}", total=None)

        def progress(p: SyncProgress) -> None:
            bar.update(task, completed=p.tickets, total=p.total)

        async with backend_for(config, workspace) as backend:
            engine = SyncEngine(
                MirrorWriter(workspace.conn, workspace.profile), backend, on_progress=progress
            )
            return await engine.run(full=full)
