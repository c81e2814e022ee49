"""From a configured profile to an open workspace and a ready backend.

The embedded desk is its own store; a remote profile reads from its mirror (filled
by the sync engine) and talks to its helpdesk through a backend built here with
its secrets (environment or keyring) and one shared HTTP client with a rate budget.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from api_client.backends.local.desk import Desk
from api_client.errors import BackendLoadError
from console.core.config import Config, Profile, parse_duration
from console.core.db import open_store
from console.core.paths import desk_path, mirror_path
from console.core.secrets import profile_secrets
from console.core.workflow import mirror_tags_for
from console.core.workspace import Workspace, open_local_workspace

if TYPE_CHECKING:
    from api_client.backend import Backend

__all__ = ["backend_for", "is_local", "open_workspace"]

ME_STATE = "me"
"""sync_state key holding the remote id of the agent the credentials belong to."""


def is_local(profile: Profile) -> bool:
    return profile.backend == "local"


def open_workspace(config: Config, name: str | None = None) -> Workspace:
    """Open the named (or default) profile's store, ready for screens and commands."""
    profile_name, profile = config.profile(name)
    if is_local(profile):
        path = profile.options.get("path")
        workspace = open_local_workspace(
            profile_name,
            path=desk_path(profile_name) if not path else Path(path).expanduser(),
            agent_login=config.agent.login,
            agent_name=config.agent.name or None,
        )
    else:
        workspace = _open_mirror(config, profile_name, profile)
    at_risk = config.sla.get("at_risk")
    if at_risk:
        workspace = replace(workspace, at_risk=parse_duration(at_risk))
    workspace.views = dict(config.views)
    workspace.read_only = profile.read_only
    workspace.config = config
    return workspace


def _open_mirror(config: Config, name: str, profile: Profile) -> Workspace:
    from console.core.mirror import mark_mirror

    path = mirror_path(name)
    conn = open_store(path)
    mark_mirror(conn, name)
    desk = Desk(conn, name)
    row = conn.execute("SELECT value FROM sync_state WHERE name = ?", (ME_STATE,)).fetchone()
    me = None
    if row is not None:
        found = conn.execute(
            "SELECT id, name FROM agents WHERE remote_id = ?", (row[0],)
        ).fetchone()
        me = (int(found[0]), str(found[1])) if found else None
    if me is None:
        local = desk.ensure_agent(config.agent.login, config.agent.name or None)
        me = (local, config.agent.name or config.agent.login)
    from api_client import registry  # only remote profiles pay for httpx at start

    try:
        capabilities = registry.load(profile.backend).capabilities
    except BackendLoadError:
        capabilities = frozenset()
    return Workspace(
        mirror_stage_tags=mirror_tags_for(capabilities),
        profile=name,
        backend_name=profile.backend,
        path=path,
        conn=conn,
        me_id=me[0],
        me_login=config.agent.login,
        me_name=me[1],
    )


@asynccontextmanager
async def backend_for(config: Config, workspace: Workspace) -> AsyncIterator[Backend]:
    """A backend for the workspace's profile, closed (with its HTTP client) on exit.

    Secrets are read now, from the environment or the keyring, and never stored.
    """
    from api_client import registry
    from api_client.backends.local import LocalBackend
    from api_client.http import RateBudget, make_client

    _, profile = config.profile(workspace.profile)
    if is_local(profile):
        local = LocalBackend(
            workspace.profile, {"path": str(workspace.path), "agent": workspace.me_login}
        )
        try:
            yield local
        finally:
            await local.aclose()
        return
    backend_type = registry.load(profile.backend)
    secrets = profile_secrets(workspace.profile, profile)
    budget = RateBudget()
    async with make_client(budget=budget) as client:
        backend = backend_type(workspace.profile, profile.options, secrets, http=client)
        backend.budget = budget
        try:
            yield backend
        finally:
            await backend.aclose()
