"""Demo desks of 1k, 100k and 1M tickets for the benchmarks, built once and cached.

Each desk is built by the real command (``deskside demo --tickets N --reset
--no-analyse``) into its own data directory under the bench cache, with its own
config directory, so the user's desk and config are never touched. A desk is
reused while its size, seed and the source of the builder and schema are the
same (``bench.json`` beside it records them and how long the build took).

After the build the desk is brought to the state the console keeps it in once
the insights indexer has run: one ``ticket_insights`` row per ticket (calm) and
``ticket_reasons`` from the reason tag the demo puts on every ticket. Analysing
1M tickets for real takes longer than the whole benchmark budget; without this
the app's background indexer would analyse 5,000 tickets at every start (and the
desk would drift from run to run), and ``reason:return`` would match nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from bench.common import BIN, ROOT, cache_dir

SEED = 7
AGENT = "bench"
"""The agent at the terminal (DESKSIDE_AGENT): the demo gives them a share of open tickets."""

THEME = "textual-dark"

_SOURCES = (
    "api_client/backends/local/demo.py",
    "api_client/backends/local/demo_text.py",
    "api_client/backends/local/demo_text_de.py",
    "api_client/backends/local/demo_text_en.py",
    "api_client/backends/local/demo_text_es.py",
    "api_client/backends/local/demo_text_fr.py",
    "api_client/backends/local/demo_text_it.py",
    "api_client/backends/local/demo_text_names.py",
    "api_client/backends/local/demo_text_notes.py",
)
"""What the rows depend on. Schema changes are not here: stores migrate forward on open,
and :func:`ensure` opens a reused desk once so no measured start pays for a migration."""

_REASON_OF_TAG = {
    "where_is_my_order": "where_is_my_order",
    "return_refund": "return_refund",
    "size_fit": "exchange_size",
    "payment_failed": "payment",
    "promo_code": "promotion_price",
    "damaged_item": "damaged_wrong_item",
    "warranty": "warranty_repair",
    "store_locator": "store_availability",
    "account_privacy": "account_privacy",
}
"""The demo's reason tag -> the insights' reason id (what the indexer files it under)."""


@dataclass(frozen=True)
class Desk:
    tickets: int
    home: Path
    """Holds ``data/`` (DESKSIDE_DATA_DIR) and ``config/`` (DESKSIDE_CONFIG_DIR)."""
    build_seconds: float
    built_now: bool

    @property
    def data(self) -> Path:
        return self.home / "data"

    @property
    def config(self) -> Path:
        return self.home / "config"

    @property
    def path(self) -> Path:
        return self.data / "local.desk.sqlite3"

    def env(self) -> dict[str, str]:
        return desk_env(self.data, self.config)


def desk_env(data: Path, config: Path) -> dict[str, str]:
    """The environment a deskside process gets: bench dirs, fixed agent and theme."""
    env = dict(os.environ)
    for name in ("DESKSIDE_PROFILE", "DESKSIDE_DEBUG"):
        env.pop(name, None)
    env.update(
        DESKSIDE_DATA_DIR=str(data),
        DESKSIDE_CONFIG_DIR=str(config),
        DESKSIDE_AGENT=AGENT,
        DESKSIDE_THEME=THEME,
    )
    return env


def source_hash() -> str:
    digest = hashlib.sha256()
    for name in _SOURCES:
        path = ROOT / name
        digest.update(name.encode())
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()[:16]


def label(tickets: int) -> str:
    if tickets >= 1_000_000 and tickets % 1_000_000 == 0:
        return f"{tickets // 1_000_000}M"
    if tickets >= 1000 and tickets % 1000 == 0:
        return f"{tickets // 1000}k"
    return str(tickets)


def ensure(tickets: int, *, log: bool = True) -> Desk:
    """The cached desk of ``tickets`` tickets, built (and recorded) when missing or stale."""
    home = cache_dir() / f"desk-{label(tickets)}"
    marker = home / "bench.json"
    wanted = {"tickets": tickets, "seed": SEED, "agent": AGENT, "source": source_hash()}
    if marker.exists():
        try:
            recorded = json.loads(marker.read_text())
        except ValueError:
            recorded = {}
        same = all(recorded.get(key) == value for key, value in wanted.items())
        if same and (home / "data" / "local.desk.sqlite3").exists():
            _migrate(home / "data" / "local.desk.sqlite3")
            return Desk(tickets, home, float(recorded["build_seconds"]), built_now=False)
    if home.exists():
        shutil.rmtree(home)
    (home / "data").mkdir(parents=True)
    (home / "config").mkdir(parents=True)
    env = desk_env(home / "data", home / "config")
    if log:
        print(f"  building the {label(tickets)} demo desk…", flush=True)
    started = time.perf_counter()
    subprocess.run(
        [
            str(BIN / "deskside"),
            "demo",
            "--tickets",
            str(tickets),
            "--seed",
            str(SEED),
            "--reset",
            "--no-analyse",
        ],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
    )
    seconds = time.perf_counter() - started
    fill_seconds = settle(home / "data" / "local.desk.sqlite3")
    size = (home / "data" / "local.desk.sqlite3").stat().st_size
    marker.write_text(
        json.dumps(
            {
                **wanted,
                "build_seconds": seconds,
                "settle_seconds": fill_seconds,
                "bytes": size,
                "built_at": time.strftime("%Y-%m-%d %H:%M:%S"),
            },
            indent=2,
        )
    )
    if log:
        print(
            f"  built {label(tickets)} in {seconds:.1f} s (+{fill_seconds:.1f} s insights "
            f"stand-in), {size / 1e9:.2f} GB",
            flush=True,
        )
    return Desk(tickets, home, seconds, built_now=True)


def _migrate(path: Path) -> None:
    from console.core.db import open_store

    open_store(path).close()


def settle(path: Path) -> float:
    """Give every ticket the insights rows the indexer would leave (see the module doc)."""
    from console.core.db import open_store

    started = time.perf_counter()
    conn = open_store(path)
    try:
        cases = " ".join(f"WHEN '{tag}' THEN '{reason}'" for tag, reason in _REASON_OF_TAG.items())
        tags = ", ".join(f"'{tag}'" for tag in _REASON_OF_TAG)
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            f"INSERT OR IGNORE INTO ticket_reasons(reason, ticket_id) "
            f"SELECT CASE tag {cases} END, ticket_id FROM ticket_tags WHERE tag IN ({tags})"
        )
        conn.execute(
            "INSERT OR IGNORE INTO ticket_insights(ticket_id, message_count, tags, language, "
            "hostility, phase) SELECT id, message_count, tags, language, 0, 'calm' FROM tickets"
        )
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return time.perf_counter() - started


def scratch_copy(desk: Desk, where: Path) -> Desk:
    """A throw-away copy of a desk (for benchmarks that write to it)."""
    if where.exists():
        shutil.rmtree(where)
    (where / "data").mkdir(parents=True)
    (where / "config").mkdir(parents=True)
    conn = sqlite3.connect(desk.path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    shutil.copyfile(desk.path, where / "data" / desk.path.name)
    return Desk(desk.tickets, where, desk.build_seconds, built_now=False)
