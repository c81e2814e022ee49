"""`deskside run` (and bare `deskside`): open the console on a profile.

On the embedded desk, a first start seeds the demo data so a new user is working
a realistic queue within a minute. After a login in the console the user may ask
to switch to the new profile: the console closes and opens again on it.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from console import gc_hold
from console.core.config import load_config
from console.core.profiles import is_local, open_workspace


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("run", help="open the console (the default command)")
    parser.add_argument("--no-seed", action="store_true", help="do not seed an empty demo desk")
    # The command line keeps the garbage collector held for it (console.gc_hold).
    parser.set_defaults(handler=handle, starts_console=True)


def handle(args: argparse.Namespace) -> int:
    profile: str | None = args.profile
    # After a login in the console the user may ask to switch: reopen on that profile.
    while (switch_to := _run_console(args, profile)) is not None:
        profile = switch_to
        args.supervisor = args.wallboard = False
    return 0


def _run_console(args: argparse.Namespace, profile_name: str | None) -> str | None:
    """Open the console on one profile; the profile it asked to switch to, if any.

    The garbage collector is held until the app's first frame (console.gc_hold),
    except while a first start seeds the demo desk, and given back if the app fails.
    """
    gc_hold.hold()
    try:
        return _open_console(args, profile_name)
    finally:
        gc_hold.release(freeze=False)


def _open_console(args: argparse.Namespace, profile_name: str | None) -> str | None:
    config = load_config()
    name, profile = config.profile(profile_name)
    workspace = open_workspace(config, name)
    try:
        if is_local(profile) and not args.no_seed and workspace.ticket_count() == 0:
            gc_hold.release(freeze=False)
            from api_client.backends.local.demo import seed_if_empty
            from console.core.insights import default_insights
            from console.core.insights.indexer import index_pending

            print("deskside: seeding the demo desk (first start)…", file=sys.stderr)
            if seed_if_empty(workspace.conn, me=workspace.me_login):
                index_pending(workspace.conn, default_insights())
            gc_hold.hold()
        from console.app import DesksideApp

        app = DesksideApp(
            workspace,
            config=config,
            views=workspace.views,
            theme=config.ui.theme,
            supervisor=args.supervisor,
            wallboard=args.wallboard,
            # The starter macros (never overwriting the user's edits) are copied once
            # the first frame is up: Jinja and Babel are not needed to show the queue.
            install_macros=True,
        )
        app.run()
        return app.switch_to if not app.return_code else None
    finally:
        workspace.close()
