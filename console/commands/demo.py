"""`deskside demo`: fill the embedded desk with realistic demo traffic.

`make run` seeds a small demo desk on first start; this command builds one of any
size on purpose (``--tickets 1000000`` for benchmarks), with another seed, or again
from scratch (``--reset`` deletes the desk's database first). The builder itself is
:func:`api_client.backends.local.demo.build_demo`; this module only handles the
command line, the progress bar and the summary.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from api_client.backends.local.demo import DeskNotEmptyError, build_demo
from api_client.backends.local.store import connect
from console.core.errors import UserError
from console.core.paths import desk_path

__all__ = ["handle", "register"]

EXIT_CONFLICT = 4


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="fill the embedded desk with demo tickets",
        description="Build a deterministic demo desk: customers writing in five languages "
        "over every channel, about their real orders.",
    )
    parser.add_argument(
        "--tickets", type=_count, default=2000, help="how many tickets (default: 2000)"
    )
    parser.add_argument("--seed", type=int, default=7, help="the random seed (default: 7)")
    parser.add_argument(
        "--reset", action="store_true", help="delete the desk first, then build it again"
    )
    parser.add_argument(
        "--profile",
        default=argparse.SUPPRESS,  # keep a `deskside --profile NAME demo` given before
        help="the local profile whose desk to fill (default: local)",
    )
    parser.set_defaults(handler=handle)


def _count(text: str) -> int:
    try:
        value = int(text.replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("needs at least one ticket")
    return value


def _me() -> str:
    """The login of the person at the terminal, who becomes an agent of the demo desk."""
    login = os.environ.get("DESKSIDE_AGENT")
    if login:
        return login
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "agent"


def _delete(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


@contextmanager
def _progress() -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr when a person is watching, else nothing."""
    if not sys.stderr.isatty():
        yield None
        return
    columns = (
        TextColumn("building the demo desk"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("demo", total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def handle(args: argparse.Namespace) -> int:
    profile = getattr(args, "profile", None) or "local"
    path = desk_path(profile)
    if args.reset:
        _delete(path)
    conn = connect(path)
    try:
        existing = int(conn.execute("SELECT count(*) FROM tickets").fetchone()[0])
        if existing:
            raise UserError(
                f"the {profile!r} desk already has {existing:,} tickets ({path}); "
                "run `deskside demo --reset` to delete it and build a new one",
                exit_code=EXIT_CONFLICT,
            )
        with _progress() as progress:
            try:
                stats = build_demo(
                    conn, tickets=args.tickets, seed=args.seed, me=_me(), progress=progress
                )
            except DeskNotEmptyError as error:
                raise UserError(f"{error} ({path})", exit_code=EXIT_CONFLICT) from None
    finally:
        conn.close()
    print(
        f"demo desk: {stats.tickets:,} tickets, {stats.messages:,} messages, "
        f"{stats.customers:,} customers in {stats.seconds:.1f} s -> {path}"
    )
    return 0
