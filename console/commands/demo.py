"""`deskside demo`: fill the embedded desk with realistic demo traffic.

`make run` seeds a small demo desk on first start; this command builds one of any
size on purpose (``--tickets 1000000`` for benchmarks), with another seed, or again
from scratch (``--reset`` deletes the desk's database first). The builder itself is
:func:`api_client.backends.local.demo.build_demo`; this module only handles the
command line, the progress bar and the summary.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from api_client.backends.local.demo import DeskNotEmptyError, build_demo
from api_client.backends.local.store import connect
from console.core.config import load_config
from console.core.db import migrate_core
from console.core.errors import UserError
from console.core.insights import default_insights
from console.core.insights.indexer import index_pending
from console.core.paths import desk_path
from console.core.profiles import is_local

__all__ = ["handle", "register"]

EXIT_CONFLICT = 4


ANALYSE_UP_TO = 200_000
"""Larger demo desks are analysed on request: it takes longer than building them."""


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
    parser.add_argument(
        "--no-analyse",
        dest="analyse",
        action="store_false",
        help=f"skip analysing language, reasons and mood (done by default up to "
        f"{ANALYSE_UP_TO:,} tickets; larger desks: `deskside insights index`)",
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
    config = load_config()
    profile, settings = config.profile(getattr(args, "profile", None))
    if not is_local(settings):
        raise UserError(
            f"demo data goes into an embedded desk; {profile!r} is a {settings.backend} profile",
            exit_code=2,
        )
    custom = settings.options.get("path")
    path = Path(custom).expanduser() if custom else desk_path(profile)
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
                    conn,
                    tickets=args.tickets,
                    seed=args.seed,
                    me=config.agent.login,
                    progress=progress,
                )
            except DeskNotEmptyError as error:
                raise UserError(f"{error} ({path})", exit_code=EXIT_CONFLICT) from None
        analysed = ""
        if args.analyse and stats.tickets <= ANALYSE_UP_TO:
            migrate_core(conn)
            started = time.monotonic()
            result = index_pending(conn, default_insights())
            analysed = f"; analysed in {time.monotonic() - started:.1f} s"
            if result.rising:
                analysed += f" ({result.rising} customers getting angrier)"
        elif args.analyse:
            analysed = "; run `deskside insights index` to analyse language, reasons and mood"
    finally:
        conn.close()
    print(
        f"demo desk: {stats.tickets:,} tickets, {stats.messages:,} messages, "
        f"{stats.customers:,} customers in {stats.seconds:.1f} s -> {path}{analysed}"
    )
    return 0
