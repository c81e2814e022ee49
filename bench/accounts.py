"""Several accounts in one queue: the accounts migration, and ``account:`` filters.

Works on a scratch copy of a demo desk (made with SQLite's backup API from a
read-only connection, so the cached desk is never written): times the store
migration that gives every helpdesk row its account (when the copy predates it),
splits the tickets between two accounts as a combined profile's mirror would
hold them, then times the queue's first page and capped count for ``account:``
filters alone and with the view filters, and prints each query plan.

    .venv/bin/python -m bench.accounts [--desk PATH]   # default: the cached 100k desk
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.common import fmt_ms

QUERIES = (
    "",
    "account:shop_de",
    "account:shop_de status:open",
    "account:shop_de status:active",
    "account:shop_de status:active sort:due",
    "account:shop_de assignee:none status:active",
    "-account:shop_it lang:it",
    "account:shop_de tag:vip",
)


def _copy(source: Path, target: Path) -> int:
    """Copy ``source`` to ``target`` without writing to it; returns its schema version."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        return int(dst.execute("PRAGMA user_version").fetchone()[0])
    finally:
        dst.close()
        src.close()


def measure(source: Path, *, repeat: int = 5) -> None:
    from console.core.db import open_store
    from console.core.query import QueryContext
    from console.core.queue import QueueSource

    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "desk.sqlite3"
        version = _copy(source, path)
        started = time.perf_counter()
        conn = open_store(path)
        migrated = time.perf_counter() - started
        tickets = conn.execute("SELECT count(*) FROM tickets").fetchone()[0]
        messages = conn.execute("SELECT count(*) FROM messages").fetchone()[0]
        print(
            f"open (schema {version} -> current): {migrated:.1f} s "
            f"for {tickets:,} tickets, {messages:,} messages"
        )
        conn.execute(
            "UPDATE tickets SET account = CASE WHEN id % 2 THEN 'shop_it' ELSE 'shop_de' END"
        )
        context = QueryContext(now=datetime.now(UTC), me=1, accounts=("shop_it", "shop_de"))
        for text in QUERIES:
            best = float("inf")
            for _ in range(repeat):
                started = time.perf_counter()
                source_rows = QueueSource(conn, text, context)
                source_rows.page(0, 50)
                source_rows.count(cap=1000)
                best = min(best, time.perf_counter() - started)
            compiled = source_rows.compiled
            plan = " | ".join(
                str(row[-1])
                for row in conn.execute(
                    f"EXPLAIN QUERY PLAN SELECT t.id FROM tickets AS t WHERE {compiled.where} "
                    f"ORDER BY {compiled.order_by} LIMIT 50",
                    compiled.params,
                )
            )
            print(f"{text or '(all)':45} {fmt_ms(best):>9}  {plan}")
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--desk", type=Path, help="a desk file (default: the cached 100k desk)")
    args = parser.parse_args()
    if args.desk is None:
        from bench.desks import ensure

        args.desk = ensure(100_000).path
    measure(args.desk)


if __name__ == "__main__":
    main()
