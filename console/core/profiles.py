"""From a configured profile to an open workspace and a ready backend.

The embedded desk is its own store; a remote profile reads from its mirror (filled
by the sync engine) and talks to its helpdesk through a backend built here with
its secrets (environment or keyring) and one shared HTTP client with a rate budget.
A combined profile (``accounts = [...]``) has one mirror holding every account's
rows; :mod:`console.core.accounts` builds one backend per account for it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from api_client.backends.local.desk import Desk
from api_client.errors import BackendLoadError
from console.core.config import Config, Profile, parse_duration
from console.core.db import open_store, stderr_notice
from console.core.errors import UserError
from console.core.paths import desk_path, mirror_path
from console.core.secrets import profile_secrets
from console.core.workspace import Workspace, open_local_workspace

if TYPE_CHECKING:
    from api_client.backend import Backend

__all__ = ["backend_for", "is_combined", "is_local", "open_workspace", "remote_backend"]

ME_STATE = "me"
"""sync_state key holding the remote id of the agent the credentials belong to."""


def is_local(profile: Profile) -> bool:
    return profile.backend == "local"


def is_combined(profile: Profile) -> bool:
    """Several accounts in one queue (``accounts = [...]``)."""
    return profile.combined


def open_workspace(
    config: Config,
    name: str | None = None,
    *,
    notice: Callable[[str], None] | None = stderr_notice,
) -> Workspace:
    """Open the named (or default) profile's store, ready for screens and commands
    (``notice``: where to say that an older store is being upgraded)."""
    profile_name, profile = config.profile(name)
    if is_local(profile):
        path = profile.options.get("path")
        workspace = open_local_workspace(
            profile_name,
            path=desk_path(profile_name) if not path else Path(path).expanduser(),
            agent_login=config.agent.login,
            agent_name=config.agent.name or None,
            notice=notice,
        )
    else:
        workspace = _open_mirror(config, profile_name, profile, notice)
    at_risk = config.sla.get("at_risk")
    if at_risk:
        workspace = replace(workspace, at_risk=parse_duration(at_risk))
    workspace.views = dict(config.views)
    workspace.read_only = profile.read_only
    workspace.config = config
    if is_combined(profile):
        workspace.accounts = tuple(profile.accounts)
        workspace.read_only_accounts = frozenset(
            a for a in profile.accounts if config.profiles[a].read_only
        )
    return workspace


def _open_mirror(
    config: Config, name: str, profile: Profile, notice: Callable[[str], None] | None
) -> Workspace:
    from console.core.mirror import mark_mirror

    path = mirror_path(name)
    conn = open_store(path, notice=notice)
    mark_mirror(conn, name)
    desk = Desk(conn, name)
    # Who the credentials belong to, per account (a combined profile has one per helpdesk).
    accounts = list(profile.accounts) or [""]
    found_me = [_me_in(conn, account) for account in accounts]
    known = [me for me in found_me if me is not None]
    if not known:
        local = desk.ensure_agent(config.agent.login, config.agent.name or None)
        known = [(local, config.agent.name or config.agent.login)]
    me = known[0]
    # Only remote profiles pay for httpx and the workflow's rules at start.
    from api_client import registry
    from api_client.backend import Capability
    from console.core.workflow import mirror_tags_for

    backends = {a: config.profiles[a].backend for a in profile.accounts} or {"": profile.backend}
    stage_tags = False
    orders_from: set[str] = set()
    for account, backend in backends.items():
        with suppress(BackendLoadError):
            capabilities = registry.load(backend).capabilities
            # the stage travels as a tag wherever one helpdesk needs it
            stage_tags |= mirror_tags_for(capabilities)
            if Capability.ORDERS in capabilities:
                orders_from.add(account)
    return Workspace(
        me_elsewhere=tuple(m[0] for m in known[1:]),
        mirror_stage_tags=stage_tags,
        orders_from=frozenset(orders_from),
        profile=name,
        backend_name=profile.backend or "accounts",
        path=path,
        conn=conn,
        me_id=me[0],
        me_login=config.agent.login,
        me_name=me[1],
    )


def _me_in(conn: sqlite3.Connection, account: str) -> tuple[int, str] | None:
    """The agent row the account's credentials belong to, once a sync has said."""
    state = f"{account}/{ME_STATE}" if account else ME_STATE
    row = conn.execute("SELECT value FROM sync_state WHERE name = ?", (state,)).fetchone()
    if row is None:
        return None
    found = conn.execute(
        "SELECT id, name FROM agents WHERE remote_id = ? AND account = ?", (row[0], account)
    ).fetchone()
    return (int(found[0]), str(found[1])) if found else None


@asynccontextmanager
async def backend_for(config: Config, workspace: Workspace) -> AsyncIterator[Backend]:
    """A backend for the workspace's profile, closed (with its HTTP client) on exit.

    Secrets are read now, from the environment or the keyring, and never stored.
    """
    from api_client.backends.local import LocalBackend

    _, profile = config.profile(workspace.profile)
    if is_combined(profile):
        raise UserError(
            f"{workspace.profile} combines several accounts: each has its own backend "
            "(console.core.accounts opens them)"
        )
    if is_local(profile):
        local = LocalBackend(
            workspace.profile, {"path": str(workspace.path), "agent": workspace.me_login}
        )
        try:
            yield local
        finally:
            await local.aclose()
        return
    async with remote_backend(workspace.profile, profile) as backend:
        yield backend


@asynccontextmanager
async def remote_backend(name: str, profile: Profile) -> AsyncIterator[Backend]:
    """The helpdesk backend of single-account profile ``name``, with its own rate budget."""
    from api_client import registry
    from api_client.http import RateBudget, make_client

    backend_type = registry.load(profile.backend)
    secrets = profile_secrets(name, profile)
    budget = RateBudget()
    async with make_client(budget=budget) as client:
        backend = backend_type(name, profile.options, secrets, http=client)
        backend.budget = budget
        try:
            yield backend
        finally:
            await backend.aclose()
