"""`deskside desk ...`: work on the embedded desk from the command line.

``deskside desk ingest PATH...`` adds customer mail (.eml files, an mbox, a
maildir, a folder of .eml files, JSON lines) to a local profile's desk, threading
replies onto their tickets. The work is :func:`console.core.ingest.ingest_paths`;
this module only resolves the profile, opens the desk and prints the report: the
summary on stdout, one line per problem on stderr, exit code 1 if there was any.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path
from typing import Any

from api_client.errors import InvalidRequestError
from console.core.config import load_config
from console.core.errors import UserError
from console.core.ingest import ingest_paths
from console.core.profiles import is_local, open_workspace

__all__ = ["handle_ingest", "register"]


def register(subparsers: Any) -> None:
    desk = subparsers.add_parser("desk", help="work on the embedded desk")
    actions = desk.add_subparsers(dest="desk_command", metavar="ACTION", required=True)
    ingest = actions.add_parser(
        "ingest",
        help="add customer mail to the desk, threading replies onto their tickets",
        description=(
            "Add customer messages from .eml files, mbox files, maildirs, folders of .eml "
            "files and JSON lines (.jsonl/.ndjson). Replies join their ticket by "
            "In-Reply-To/References, or by customer and subject; the rest open new tickets. "
            "Messages already ingested are skipped, so running it again is safe."
        ),
    )
    ingest.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="what to ingest")
    ingest.add_argument(
        "--profile",
        default=argparse.SUPPRESS,
        help="the local profile whose desk receives the mail (default: local)",
    )
    ingest.set_defaults(handler=handle_ingest)


def handle_ingest(args: argparse.Namespace) -> int:
    config = load_config()
    name, profile = config.profile(getattr(args, "profile", None))
    if not is_local(profile):
        raise UserError(
            f"ingest adds mail to an embedded desk; {name!r} is a {profile.backend} profile",
            exit_code=2,
        )
    try:
        workspace = open_workspace(config, name)
    except (sqlite3.Error, InvalidRequestError, OSError) as error:
        raise UserError(f"cannot open the desk of profile {name!r}: {error}") from None
    try:
        report = ingest_paths(workspace.desk, args.paths)
    finally:
        workspace.close()
    for problem in report.problems:
        print(f"deskside: {problem}", file=sys.stderr)
    print(report.summary())
    return 0 if report.ok else 1
