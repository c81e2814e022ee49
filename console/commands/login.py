"""`deskside login BACKEND` and `deskside profiles`: connect a helpdesk account, list them.

Login asks only for what the command line did not give (so scripts pass
everything and it asks nothing), hides the token as it is typed, verifies the
account with a who-am-I call, and only then saves: the token to the OS keyring
(or, with ``--token-env VAR``, the name of the variable that holds it) and the
rest to the config profile.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import os
import sqlite3
import sys
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from api_client import registry
from console.core.config import load_config
from console.core.errors import UserError
from console.core.login import Prompter, login
from console.core.paths import desk_path, mirror_path
from console.core.secrets import SecretStore, env_var_for, secret_keys

__all__ = ["register"]


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "login",
        help="connect a helpdesk account (verifies it, keeps the token in the keyring)",
        description="Connect a helpdesk account. Anything not given is asked for; with "
        "every option on the command line (and --token-env) nothing is asked.",
    )
    parser.add_argument("backend", help="zendesk, freshdesk, gorgias … (see `deskside backends`)")
    parser.add_argument("--profile", dest="login_profile", help="profile name (default: backend)")
    parser.add_argument("--subdomain", help="the account's subdomain (acme for acme.zendesk.com)")
    parser.add_argument("--base-url", help="the API's base URL instead of a subdomain")
    parser.add_argument("--email", help="the identity (login email) the token belongs to")
    parser.add_argument(
        "--token-env", metavar="VAR", help="read the token from this environment variable"
    )
    parser.add_argument(
        "--option",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="any other backend option (repeatable)",
    )
    parser.set_defaults(handler=handle_login)

    profiles = subparsers.add_parser("profiles", help="list the profiles and their status")
    profiles.add_argument("--json", action="store_true", help="print JSON")
    profiles.set_defaults(handler=handle_profiles)


def _given(args: argparse.Namespace) -> dict[str, str]:
    given = {
        key: value
        for key, value in (
            ("subdomain", args.subdomain),
            ("base_url", args.base_url),
            ("email", args.email),
        )
        if value
    }
    for item in args.option:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise UserError(f"--option {item!r}: expected KEY=VALUE", exit_code=2)
        given[key.strip().replace("-", "_")] = value
    return given


def handle_login(args: argparse.Namespace) -> int:
    interactive = sys.stdin.isatty()
    prompter = Prompter(input, getpass.getpass) if interactive else None
    name, agent = asyncio.run(
        login(
            args.backend,
            profile=args.login_profile,
            given=_given(args),
            token_env=args.token_env,
            environ=os.environ,
            prompter=prompter,
        )
    )
    where = f"the {args.token_env} variable" if args.token_env else "the OS keyring"
    print(f"logged in to {name} as {agent.name}; the token stays in {where}")
    print(
        f"open it with `deskside --profile {name}`; sync it with `deskside sync --profile {name}`"
    )
    return 0


def _synced_accounts(path: Path, accounts: list[str]) -> set[str]:
    """The accounts of a combined profile whose first sync into its mirror finished."""
    if not path.exists():
        return set()
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [f"{account}/full_sync_done" for account in accounts]
        marks = ", ".join("?" for _ in names)
        rows = conn.execute(f"SELECT name FROM sync_state WHERE name IN ({marks})", names)
        return {str(row[0]).partition("/")[0] for row in rows}
    except sqlite3.Error:
        return set()
    finally:
        conn.close()


def handle_profiles(args: argparse.Namespace) -> int:
    config = load_config()
    store = SecretStore()

    def describe(name: str) -> dict[str, Any]:
        _, profile = config.profile(name)
        local = profile.backend == "local"
        path = desk_path(name) if local else mirror_path(name)
        keys = () if local or profile.combined else secret_keys(profile.backend)
        secrets = {
            key: store.source(name, key, env_var=env_var_for(profile, key, keys)) for key in keys
        }
        row: dict[str, Any] = {
            "name": name,
            "backend": profile.backend,
            "default": name == config.default_profile,
            "installed": profile.combined or profile.backend in registry.available(),
            "secrets": secrets,
            "store": str(path),
            "store_exists": path.exists(),
            "read_only": profile.read_only,
        }
        if profile.combined:
            synced = _synced_accounts(path, profile.accounts)
            row["accounts"] = [
                {
                    **{k: v for k, v in describe(a).items() if k not in ("store", "store_exists")},
                    "synced": a in synced,
                }
                for a in profile.accounts
            ]
        return row

    rows = [describe(name) for name in config.profile_names()]
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    table = Table("profile", "backend", "token", "store", box=None)
    for row in rows:
        token = ", ".join(f"{k}: {v}" for k, v in row["secrets"].items()) or "—"
        marks = " (default)" if row["default"] else ""
        store_state = "ready" if row["store_exists"] else "not created yet"
        if "accounts" in row:
            names = ", ".join(a["name"] for a in row["accounts"])
            table.add_row(Text(f"{row['name']}{marks}"), Text(f"accounts: {names}"), Text("—"),
                          Text(store_state))  # fmt: skip
            for account in row["accounts"]:
                token = ", ".join(f"{k}: {v}" for k, v in account["secrets"].items()) or "—"
                state = "synced" if account["synced"] else "not synced yet"
                state += ", read-only" if account["read_only"] else ""
                table.add_row(Text(f"  └ {account['name']}"), Text(_backend_text(account)),
                              Text(token), Text(state))  # fmt: skip
            continue
        table.add_row(
            Text(f"{row['name']}{marks}"), Text(_backend_text(row)), Text(token), Text(store_state)
        )
    Console().print(table)
    return 0


def _backend_text(row: dict[str, Any]) -> str:
    return str(row["backend"]) + ("" if row["installed"] else " (not installed)")
