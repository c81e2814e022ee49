"""Opening a deskside SQLite database safely, from several processes at once.

Agents logged into one server over SSH share one embedded desk: WAL lets readers
and one writer work together, ``busy_timeout`` makes writers queue instead of
failing, and ``synchronous=FULL`` means a committed reply survives a power cut.
Migrations run under ``BEGIN IMMEDIATE`` so two processes starting together
cannot both migrate.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from api_client.backends.local.schema import MIGRATIONS, SCHEMA_VERSION
from api_client.errors import InvalidRequestError

__all__ = ["StoreVersionError", "connect", "migrate", "split_statements"]

BUSY_TIMEOUT_MS = 10_000


class StoreVersionError(InvalidRequestError):
    """The database was written by a newer deskside than this one."""


def connect(
    path: Path | str,
    *,
    read_only: bool = False,
    migrate_schema: bool = True,
    notice: Callable[[str], None] | None = None,
) -> sqlite3.Connection:
    """Open (creating if needed) a deskside database with the project's pragmas.

    ``path`` may be ``":memory:"`` for tests. The connection is in autocommit mode
    (``isolation_level=None``): callers group writes with explicit transactions.
    ``notice`` is told before and after a store written by an older deskside is
    upgraded (a big desk takes minutes: the user must not think it hangs).
    """
    target = str(path)
    if target != ":memory:" and not read_only:
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    uri = f"file:{target}?mode=ro" if read_only else target
    conn = sqlite3.connect(
        uri,
        uri=read_only,
        isolation_level=None,
        check_same_thread=False,
        timeout=BUSY_TIMEOUT_MS / 1000,
    )
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    if not read_only:
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA cache_size = -32000")
    if migrate_schema and not read_only:
        migrate(conn, notice=notice, name=target)
    else:
        _check_version(conn)
    return conn


def _check_version(conn: sqlite3.Connection) -> int:
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise StoreVersionError(
            f"this database has schema version {version}, newer than this deskside "
            f"understands ({SCHEMA_VERSION}); upgrade deskside to open it"
        )
    return version


def migrate(
    conn: sqlite3.Connection,
    *,
    notice: Callable[[str], None] | None = None,
    name: str = "the database",
) -> int:
    """Apply forward migrations; return the version the database is now at."""
    found = _check_version(conn)
    if found == SCHEMA_VERSION:
        return SCHEMA_VERSION
    started = time.monotonic()
    if notice is not None and found > 0:  # a new, empty store has nothing to wait for
        notice(
            f"upgrading {name} from store version {found} to {SCHEMA_VERSION}: once, "
            "about a minute per 500,000 tickets; stopping it loses nothing"
        )
    # Rebuilding a table (the only way to change a constraint) needs foreign keys off:
    # with them on, dropping the old table deletes the rows that reference it. They are
    # checked before the commit instead, and turned back on whatever happens.
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = _check_version(conn)  # another process may have migrated meanwhile
            for step in range(version, SCHEMA_VERSION):
                for statement in split_statements(MIGRATIONS[step]):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {step + 1}")
            broken = conn.execute("PRAGMA foreign_key_check").fetchone()
            if broken is not None:
                raise sqlite3.IntegrityError(f"migration broke a foreign key: {tuple(broken)}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    finally:
        conn.execute("PRAGMA foreign_keys = ON")
    if notice is not None and found > 0:
        notice(f"upgraded {name} in {time.monotonic() - started:.1f} s")
    return SCHEMA_VERSION


def split_statements(script: str) -> list[str]:
    """Split a migration script into statements (triggers contain semicolons)."""
    statements: list[str] = []
    current: list[str] = []
    for line in script.splitlines():
        if not line.strip() or line.strip().startswith("--"):
            continue
        current.append(line)
        candidate = "\n".join(current)
        if sqlite3.complete_statement(candidate):
            statements.append(candidate)
            current = []
    if current:
        raise ValueError(f"incomplete statement in migration: {' '.join(current)[:80]}")
    return statements
