"""`deskside config path|show`: where the configuration lives and what it effectively says.

``show`` prints the effective configuration (file, defaults and environment
overrides) with anything secret masked, and for each profile where its secret
would come from (``env:VAR``, ``keyring``, ``missing``) without ever reading it
out. The logic lives in :mod:`console.core.config`; this module only wires it to
the command line.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from console.core import paths
from console.core.config import load_config, render_masked

__all__ = ["path_command", "register", "show_command"]


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add ``config`` and its actions to the ``deskside`` parser."""
    parser = subparsers.add_parser(
        "config",
        help="show where the configuration file is and what it says",
        description="Inspect deskside's configuration file.",
    )
    actions = parser.add_subparsers(dest="config_action", metavar="ACTION", required=True)
    path = actions.add_parser("path", help="print the configuration file's path")
    path.set_defaults(handler=path_command)
    show = actions.add_parser("show", help="print the effective configuration, secrets masked")
    show.add_argument("--json", action="store_true", help="print JSON instead of TOML")
    show.set_defaults(handler=show_command)


def path_command(args: argparse.Namespace) -> int:
    """Print the config file's path (whether or not it exists yet)."""
    print(paths.config_file())
    return 0


def show_command(args: argparse.Namespace) -> int:
    """Print the effective configuration with secrets masked."""
    file = paths.config_file()
    config = load_config(file)
    as_json = bool(getattr(args, "json", False))
    text = render_masked(config, as_json=as_json)
    if not as_json:
        state = "" if file.exists() else " (does not exist yet: defaults)"
        header = f"# {file}{state}\n# effective: file, defaults, environment; secrets masked\n"
        text = f"{header}\n{text}"
    sys.stdout.write(text)
    return 0
