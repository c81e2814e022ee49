"""`deskside run` (and bare `deskside`): open the console on a profile.

On the embedded desk, a first start seeds the demo data so a new user is working
a realistic queue within a minute.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import Any

from console.core.workspace import open_local_workspace


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("run", help="open the console (the default command)")
    parser.add_argument("--no-seed", action="store_true", help="do not seed an empty demo desk")
    parser.set_defaults(handler=handle)


def agent_login() -> str:
    return os.environ.get("DESKSIDE_AGENT") or getpass.getuser()


def handle(args: argparse.Namespace) -> int:
    from api_client.backends.local.demo import seed_if_empty

    profile = args.profile or os.environ.get("DESKSIDE_PROFILE") or "local"
    workspace = open_local_workspace(profile, agent_login=agent_login())
    if not args.no_seed and workspace.ticket_count() == 0:
        print("deskside: seeding the demo desk (first start)…", file=sys.stderr)
        seed_if_empty(workspace.conn, me=workspace.me_login)
    from console.app import DesksideApp

    try:
        DesksideApp(workspace).run()
    finally:
        workspace.close()
    return 0
