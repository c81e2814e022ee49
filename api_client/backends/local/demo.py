"""The demo desk: deterministic, realistic e-commerce support traffic in an empty desk.

deskside runs with no helpdesk account at all, so the embedded desk needs data that
looks and behaves like a real one: customers writing in Italian, English, French,
German and Spanish over every channel, about their real orders and parcels, with
threads that follow the six stages (and some that get heated before calming
down), SLA clocks that are mostly fine, some at risk and a few breached. The same
builder fills a 2,000-ticket desk for ``make run`` and a 1M-ticket desk for
benchmarks, so it is written for speed:

* **Two passes.** Pass 1 plans every customer (profile, tickets, message times,
  the orders those tickets need); then tickets are numbered in creation order and
  orders by the time they were placed, as a real shop numbers them. Pass 2 writes
  the text of each thread from precompiled templates (``str.format_map``, no regex).
* **One transaction, no per-row triggers.** The change-feed triggers and the FTS
  triggers are dropped for the load (the feed starts empty after a build) and the
  FTS indexes are rebuilt once at the end. Measured: per-row triggers are
  7x slower (FTS5 flushes its pending index at every statement), and one
  ``INSERT ... SELECT`` per batch matches ``rebuild`` at 300k tickets but degrades
  at 1M. Everything is restored before the commit, so a failed build leaves the
  desk exactly as it was.
* **A second process for big desks.** From :data:`PARALLEL_FROM` tickets the
  generator runs in a child Python (started with ``-c``, so the caller's
  ``__main__`` is never re-imported) and streams ``marshal``-ed batches through a
  pipe while this process writes SQLite. The rows are the same either way.

Determinism: one ``random.Random(seed)`` drives everything, only through
``random()``, and nothing depends on hashing or set order, so the same seed and
``now`` give byte-identical rows.

SLA clocks (``due_at``): a ticket nobody has answered is due at creation plus the
channel's first-response target; an open ticket whose last public message is the
customer's is due at that message plus the same target (the next response); a
ticket waiting on the customer (pending), on a third party (on hold) or solved
has no due time.
"""

from __future__ import annotations

import gc
import marshal
import math
import os
import random
import sqlite3
import subprocess
import sys
import time
import unicodedata
from bisect import bisect
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import accumulate
from pathlib import Path
from typing import Any, BinaryIO

from api_client.backends.local import (
    demo_text_de,
    demo_text_en,
    demo_text_es,
    demo_text_fr,
    demo_text_it,
)
from api_client.backends.local.demo_text import (
    CARRIERS,
    COUNTRIES,
    PRODUCTS,
    REASONS,
    SHOP,
    Country,
    LanguageText,
    Product,
    ReasonText,
)
from api_client.backends.local.demo_text_names import AGENTS, FEMALE, GROUPS, MALE, SURNAMES
from api_client.backends.local.demo_text_notes import CALL_SUMMARIES, ESCALATION_NOTES, NOTES
from api_client.backends.local.schema import (
    CHANGE_TRIGGERS,
    DROP_CHANGE_TRIGGERS,
    TICKET_TEXT_FILL,
    TICKET_TEXT_TRIGGERS,
)
from api_client.errors import InvalidRequestError

__all__ = [
    "CHANNEL_WEIGHTS",
    "LANGUAGES",
    "PARALLEL_FROM",
    "REASONS",
    "RESPONSE_TARGETS",
    "DemoStats",
    "DeskNotEmptyError",
    "build_demo",
    "seed_if_empty",
]

LANGUAGES: Mapping[str, LanguageText] = {
    "it": demo_text_it.TEXT,
    "en": demo_text_en.TEXT,
    "fr": demo_text_fr.TEXT,
    "de": demo_text_de.TEXT,
    "es": demo_text_es.TEXT,
}
_LANGUAGE_WEIGHTS = {"it": 30, "en": 25, "fr": 15, "de": 17, "es": 13}

CHANNEL_WEIGHTS: Mapping[str, int] = {
    "email": 30,
    "chat": 20,
    "whatsapp": 14,
    "web_form": 11,
    "phone": 8,
    "instagram": 6,
    "facebook": 5,
    "sms": 3,
    "twitter": 3,
}
"""How often customers use each channel, in percent."""

RESPONSE_TARGETS: Mapping[str, int] = {
    "chat": 5 * 60,
    "phone": 10 * 60,
    "whatsapp": 15 * 60,
    "sms": 15 * 60,
    "facebook": 60 * 60,
    "instagram": 60 * 60,
    "twitter": 60 * 60,
    "email": 4 * 3600,
    "web_form": 4 * 3600,
}
"""Seconds to the first (and the next) response, per channel: what ``due_at`` counts."""

_REASON_WEIGHTS = (26, 18, 10, 8, 8, 8, 5, 6, 6)  # in REASONS order
_SECOND_REASONS: Mapping[str, tuple[str, ...]] = {
    "where_is_my_order": ("promo_code", "account_privacy"),
    "return_refund": ("size_fit", "promo_code"),
    "size_fit": ("return_refund", "store_locator"),
    "payment_failed": ("promo_code",),
    "promo_code": ("account_privacy",),
    "damaged_item": ("return_refund",),
    "warranty": ("store_locator",),
    "store_locator": ("account_privacy",),
    "account_privacy": ("store_locator",),
}
"""A second question asked in the same message; it always fits the first one's order."""
_GROUP_OF_REASON = {
    "where_is_my_order": "Tier 1",
    "return_refund": "Returns",
    "size_fit": "Returns",
    "payment_failed": "Payments",
    "promo_code": "Payments",
    "damaged_item": "Returns",
    "warranty": "Returns",
    "store_locator": "Tier 1",
    "account_privacy": "Tier 1",
}
_PROMO_CODES = {
    "it": ("BENVENUTO10", "SALDI20", "ESTATE15", "VIP20"),
    "en": ("WELCOME10", "SALE20", "SUMMER15", "VIP20"),
    "fr": ("BIENVENUE10", "SOLDES20", "ETE15", "VIP20"),
    "de": ("WILLKOMMEN10", "SALE20", "SOMMER15", "VIP20"),
    "es": ("BIENVENIDA10", "REBAJAS20", "VERANO15", "VIP20"),
}
_CUSTOMER_NOTES = (
    "Prefers to be contacted on WhatsApp.",
    "Wholesale account: invoices need the VAT number.",
    "Often orders two sizes and returns one.",
    "Had a lost parcel last year, goodwill voucher given.",
    "Ships to the office address on weekdays.",
    "Asked not to be called before 10:00.",
)
_EMOJI_SAD = ("😕", "🙁", "😞", "🙏", "😩")
_EMOJI_HAPPY = ("😊", "👍", "🙏", "❤️", "🙌")
_EMOJI_ANGRY = ("😡", "🤬", "😤")

PARALLEL_FROM = 50_000
"""Builds of at least this many tickets generate in a child process."""

DAY = 86_400
HOUR = 3_600
WINDOW_DAYS = 120
_CLOSE_AFTER = 4 * DAY  # solved tickets close after four days, as Zendesk does
_BATCH_TICKETS = 5_000
_HOUR_WEIGHTS = (1, 0.5, 0.3, 0.2, 0.2, 0.4, 1, 2, 4, 6, 7, 7, 6, 6, 7, 7, 7, 6, 6, 6, 6, 5, 4, 2)
_AGENT_DOMAIN = "verdemare.example"

# Thread events: customers below 10, public agent replies 10-19, internal notes 20+.
C_OPEN, C_NUDGE, C_DETAILS, C_THANKS, C_ANGRY, C_FURIOUS, C_CALMER = 0, 1, 2, 3, 4, 5, 6
A_IDENTIFY, A_FIX, A_SOLVE, A_FULL, A_SOOTHE, A_CLOSING, A_AFTER_CALL = 10, 11, 12, 13, 14, 15, 16
N_NOTE, N_CALL, N_ESCALATION = 20, 21, 22

_Script = tuple[tuple[float, tuple[int, ...]], ...]
_SCRIPTS: Mapping[str, _Script] = {
    "new": ((0.8, (C_OPEN,)), (0.2, (C_OPEN, C_NUDGE))),
    "open": (
        (0.45, (C_OPEN, A_IDENTIFY, C_DETAILS)),
        (0.25, (C_OPEN, A_FIX, C_NUDGE)),
        (0.15, (C_OPEN, A_IDENTIFY, C_DETAILS, A_FIX, C_NUDGE)),
        (0.15, (C_OPEN, A_FULL, C_DETAILS)),
    ),
    "pending": (
        (0.35, (C_OPEN, A_IDENTIFY)),
        (0.3, (C_OPEN, A_FULL)),
        (0.2, (C_OPEN, A_IDENTIFY, C_DETAILS, A_SOLVE)),
        (0.15, (C_OPEN, C_NUDGE, A_FULL)),
    ),
    "on_hold": (
        (0.5, (C_OPEN, A_FIX, N_NOTE)),
        (0.3, (C_OPEN, A_IDENTIFY, C_DETAILS, N_NOTE, A_FIX)),
        (0.2, (C_OPEN, N_NOTE, A_FIX)),
    ),
    "solved": (
        (0.25, (C_OPEN, A_FULL)),
        (0.3, (C_OPEN, A_FULL, C_THANKS)),
        (0.17, (C_OPEN, A_IDENTIFY, C_DETAILS, A_SOLVE, C_THANKS)),
        (0.1, (C_OPEN, A_IDENTIFY, C_DETAILS, A_SOLVE)),
        (0.1, (C_OPEN, A_FIX, N_NOTE, A_SOLVE, C_THANKS, A_CLOSING)),
        (0.08, (C_OPEN, C_NUDGE, A_FULL, C_THANKS)),
    ),
}
_ESCALATING: Mapping[str, _Script] = {
    "open": ((1.0, (C_OPEN, A_IDENTIFY, C_ANGRY, C_FURIOUS, N_ESCALATION, A_SOOTHE, C_CALMER)),),
    "pending": (
        (1.0, (C_OPEN, A_FIX, C_ANGRY, C_FURIOUS, N_ESCALATION, A_SOOTHE, C_CALMER, A_SOLVE)),
    ),
    "on_hold": ((1.0, (C_OPEN, A_IDENTIFY, C_ANGRY, C_FURIOUS, A_SOOTHE, C_CALMER, N_NOTE)),),
    "solved": (
        (0.4, (C_OPEN, A_IDENTIFY, C_ANGRY, C_FURIOUS, N_ESCALATION, A_SOOTHE, C_CALMER, A_SOLVE)),
        (0.35, (C_OPEN, A_FIX, C_ANGRY, C_FURIOUS, A_SOOTHE, C_CALMER, A_SOLVE, C_THANKS)),
        (0.25, (C_OPEN, C_ANGRY, C_FURIOUS, N_ESCALATION, A_SOOTHE, C_CALMER, A_SOLVE)),
    ),
}
_PHONE: Mapping[str, _Script] = {
    "new": ((1.0, (C_OPEN,)),),  # a voicemail nobody has called back yet
    "pending": ((0.6, (C_OPEN, N_CALL, A_AFTER_CALL)), (0.4, (C_OPEN, N_CALL))),
    "on_hold": ((1.0, (C_OPEN, N_CALL, N_NOTE)),),
    "solved": (
        (0.55, (C_OPEN, N_CALL)),
        (0.25, (C_OPEN, N_CALL, A_AFTER_CALL)),
        (0.2, (C_OPEN, N_CALL, A_AFTER_CALL, C_THANKS)),
    ),
}
_STAGE_OF_REPLY = {
    A_IDENTIFY: "identify",
    A_FIX: "fix",
    A_SOOTHE: "fix",
    A_SOLVE: "confirm",
    A_FULL: "confirm",
    A_AFTER_CALL: "confirm",
    A_CLOSING: "confirm",
}
_Item = tuple[Product, int, str, int, int]  # product, model, size, quantity, unit price (cents)
_WANTS: Mapping[str, Callable[[_Item], bool]] = {
    "warranty": lambda item: item[0].shoe,  # soles and stitching: the texts talk of shoes
    "damaged_item": lambda item: not item[0].shoe,  # seams, zips and stains: garments
    "size_fit": lambda item: bool(item[2]),
}
"""What the item a reason's texts talk about must be."""
_STAND_IN = {"warranty": PRODUCTS[0], "damaged_item": PRODUCTS[9], "size_fit": PRODUCTS[0]}
_SHORT_CHANNELS = frozenset({"chat", "whatsapp", "sms", "facebook", "twitter", "instagram"})
_SOCIAL = frozenset({"facebook", "twitter", "instagram"})


class DeskNotEmptyError(InvalidRequestError):
    """The demo builder only writes into a desk that has no tickets yet."""


@dataclass(frozen=True, slots=True)
class DemoStats:
    """What a build wrote, and how long it took."""

    tickets: int
    messages: int
    customers: int
    orders: int
    shipments: int
    agents: int
    seconds: float


# -- the public API ---------------------------------------------------------------------


def build_demo(
    conn: sqlite3.Connection,
    *,
    tickets: int = 2000,
    seed: int = 7,
    now: datetime | None = None,
    me: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    parallel: bool | None = None,
) -> DemoStats:
    """Fill an empty, migrated desk with ``tickets`` tickets of demo traffic.

    ``now`` (default: the current minute) is the desk's present: every timestamp
    falls in the 120 days before it. ``me`` is the login of the person at the
    terminal, made an agent of Tier 1 with a share of the open tickets.
    ``progress(done, total)`` is called in abstract work units as the build goes.
    ``parallel`` generates in a child process (default: from :data:`PARALLEL_FROM`
    tickets); the rows are the same either way.

    Raises :class:`DeskNotEmptyError` if the desk already has tickets.
    """
    if tickets < 0:
        raise ValueError("tickets must be zero or more")
    started = time.perf_counter()
    moment = now or datetime.now(UTC).replace(second=0, microsecond=0)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    now_s = int(moment.timestamp())
    total_units = 2 * tickets + tickets // 2 + 1  # the last part: indexing
    report = progress or (lambda done, total: None)

    if conn.in_transaction:
        raise InvalidRequestError("build_demo needs a connection outside a transaction")
    pragmas = {
        name: conn.execute(f"PRAGMA {name}").fetchone()[0]
        for name in ("synchronous", "foreign_keys", "cache_size")
    }
    conn.execute("PRAGMA foreign_keys = OFF")  # the builder writes consistent ids itself
    conn.execute("PRAGMA synchronous = OFF")  # an OS crash mid-build: `deskside demo --reset`
    conn.execute("PRAGMA cache_size = -1000000")
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            if conn.execute("SELECT 1 FROM tickets LIMIT 1").fetchone() is not None:
                raise DeskNotEmptyError(
                    "this desk already has tickets; the demo builder only fills an empty desk"
                )
            saved_triggers = _drop_triggers(conn)
            agents = _write_agents(conn, me)
            params = _Params(
                tickets=tickets,
                seed=seed,
                now=now_s,
                agents=agents,
                bases=_id_bases(conn),
            )
            counts = _write(conn, params, parallel, report, total_units)
            conn.execute("INSERT INTO tickets_fts(tickets_fts) VALUES ('rebuild')")
            conn.execute(TICKET_TEXT_FILL)
            for sql in saved_triggers:
                conn.execute(sql)
            for statement in _statements(CHANGE_TRIGGERS):
                conn.execute(statement)
            conn.executemany(
                "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                [
                    ("demo_seed", str(seed)),
                    ("demo_tickets", str(tickets)),
                    ("demo_now", moment.isoformat()),
                    ("built_at", datetime.now(UTC).isoformat(timespec="seconds")),
                ],
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    finally:
        for name, value in pragmas.items():
            conn.execute(f"PRAGMA {name} = {int(value)}")
    conn.execute("PRAGMA analysis_limit = 400")
    conn.execute("PRAGMA optimize")
    report(total_units, total_units)
    return DemoStats(
        tickets=counts["tickets"],
        messages=counts["messages"],
        customers=counts["customers"],
        orders=counts["orders"],
        shipments=counts["shipments"],
        agents=len(agents),
        seconds=time.perf_counter() - started,
    )


def seed_if_empty(conn: sqlite3.Connection, *, me: str, tickets: int = 2000) -> bool:
    """Build the demo desk if this desk has no tickets; return whether it did.

    Safe when two processes start together: the loser finds the desk filled.
    """
    if conn.execute("SELECT 1 FROM tickets LIMIT 1").fetchone() is not None:
        return False
    try:
        build_demo(conn, tickets=tickets, me=me)
    except DeskNotEmptyError:
        return False
    return True


# -- writing ----------------------------------------------------------------------------------

_INSERTS = {
    "customers": "INSERT INTO customers(id, name, email, language, timezone, tags, notes, "
    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    "contacts": "INSERT OR IGNORE INTO customer_contacts(customer_id, channel, value) "
    "VALUES (?, ?, ?)",
    "orders": "INSERT INTO orders(id, customer_id, number, status, total, currency, placed_at, "
    "items) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    "shipments": "INSERT INTO shipments(id, order_id, carrier, tracking_number, tracking_url, "
    "status, shipped_at, eta) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    "tickets": "INSERT INTO tickets(id, subject, status, priority, channel, language, stage, "
    "customer_id, assignee_id, group_id, tags, created_at, updated_at, version, due_at, "
    "first_response_at, solved_at, last_customer_at, message_count, fields) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "messages": "INSERT INTO messages(id, ticket_id, author_role, author_id, author_name, "
    "public, channel, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "tags": "INSERT INTO ticket_tags(tag, ticket_id) VALUES (?, ?)",
}
_Batch = dict[str, list[tuple[Any, ...]]]


@dataclass(frozen=True, slots=True)
class _Agent:
    id: int
    name: str
    first: str
    group: str
    group_id: int
    languages: tuple[str, ...]
    note_language: str
    is_me: bool


@dataclass(frozen=True, slots=True)
class _Params:
    tickets: int
    seed: int
    now: int
    agents: tuple[_Agent, ...]
    bases: Mapping[str, int]

    def to_plain(self) -> tuple[Any, ...]:
        """Built-in types only, for ``marshal``."""
        agents = [
            (a.id, a.name, a.first, a.group, a.group_id, a.languages, a.note_language, a.is_me)
            for a in self.agents
        ]
        return (self.tickets, self.seed, self.now, agents, dict(self.bases))

    @classmethod
    def from_plain(cls, plain: tuple[Any, ...]) -> _Params:
        tickets, seed, now, agents, bases = plain
        return cls(tickets, seed, now, tuple(_Agent(*agent) for agent in agents), bases)


def _statements(script: str) -> list[str]:
    statements: list[str] = []
    current = ""
    for line in script.splitlines(keepends=True):
        current += line
        if current.strip() and sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return statements


def _drop_triggers(conn: sqlite3.Connection) -> list[str]:
    """Drop the per-row triggers a bulk load can do without; return the FTS ones to restore."""
    names = ("tickets_fts_insert", *TICKET_TEXT_TRIGGERS)
    marks = ", ".join("?" for _ in names)
    saved = [
        str(row[0])
        for row in conn.execute(
            f"SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks}) "
            "ORDER BY name",
            names,
        )
    ]
    for name in names:
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")
    for statement in _statements(DROP_CHANGE_TRIGGERS):
        conn.execute(statement)
    return saved


def _id_bases(conn: sqlite3.Connection) -> dict[str, int]:
    return {
        table: int(conn.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0])
        for table in ("customers", "orders", "shipments", "tickets", "messages")
    }


def _pretty_login(login: str) -> str:
    words = login.replace(".", " ").replace("_", " ").replace("-", " ").split()
    return " ".join(word.capitalize() for word in words) or login


def _write_agents(conn: sqlite3.Connection, me: str | None) -> tuple[_Agent, ...]:
    group_ids: dict[str, int] = {}
    for name in GROUPS:
        row = conn.execute("SELECT id FROM groups WHERE name = ?", (name,)).fetchone()
        if row is None:
            row = (conn.execute("INSERT INTO groups(name) VALUES (?)", (name,)).lastrowid,)
        group_ids[name] = int(row[0])
    team = [(name, group, langs, False) for name, group, langs in AGENTS]
    logins = [_ascii(name).lower().replace(" ", ".") for name, *_ in team]
    if me:
        team.append((_pretty_login(me), "Tier 1", tuple(LANGUAGES), True))
        logins.append(me)
    agents: list[_Agent] = []
    for (name, group, langs, is_me), login in zip(team, logins, strict=True):
        row = conn.execute("SELECT id, name FROM agents WHERE login = ?", (login,)).fetchone()
        if row is None:
            cursor = conn.execute(
                "INSERT INTO agents(name, email, login, group_id) VALUES (?, ?, ?, ?)",
                (name, None if is_me else f"{login}@{_AGENT_DOMAIN}", login, group_ids[group]),
            )
            row = (cursor.lastrowid, name)
        agent_name = str(row[1])
        agents.append(
            _Agent(
                id=int(row[0]),
                name=agent_name,
                first=agent_name.split()[0],
                group=group,
                group_id=group_ids[group],
                languages=langs,
                note_language="it" if "it" in langs and not is_me else "en",
                is_me=is_me,
            )
        )
    return tuple(agents)


def _write(
    conn: sqlite3.Connection,
    params: _Params,
    parallel: bool | None,
    report: Callable[[int, int], None],
    total_units: int,
) -> dict[str, int]:
    counts = dict.fromkeys(_INSERTS, 0)
    use_child = parallel if parallel is not None else params.tickets >= PARALLEL_FROM
    batches = _from_child(params) if use_child else _generate(params)
    for done, batch in batches:
        for table, rows in batch.items():
            if rows:
                conn.executemany(_INSERTS[table], rows)
                counts[table] += len(rows)
        report(done, total_units)
    return counts


_CHILD_CODE = "from api_client.backends.local.demo import _child_main; _child_main()"


def _child_main() -> None:
    """The child process: read the parameters on stdin, write batches to stdout."""
    params = _Params.from_plain(marshal.loads(sys.stdin.buffer.read()))  # noqa: S302 (our parent)
    out = sys.stdout.buffer
    for item in _generate(params):
        blob = marshal.dumps(item)
        out.write(len(blob).to_bytes(8, "little"))
        out.write(blob)
    out.flush()


def _from_child(params: _Params) -> Iterator[tuple[int, _Batch]]:
    """Run the generator in a child Python and yield its batches as they arrive."""
    package_root = str(Path(__file__).resolve().parents[3])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([package_root, *filter(None, [env.get("PYTHONPATH")])])
    child = subprocess.Popen(  # noqa: S603 (this interpreter, our own code)
        [sys.executable, "-c", _CHILD_CODE],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    stdout: BinaryIO = child.stdout  # type: ignore[assignment]
    try:
        stdin: BinaryIO = child.stdin  # type: ignore[assignment]
        stdin.write(marshal.dumps(params.to_plain()))
        stdin.close()
        while header := stdout.read(8):
            blob = stdout.read(int.from_bytes(header, "little"))
            yield marshal.loads(blob)  # noqa: S302 (our own child's output)
        if child.wait() != 0:
            error = child.stderr.read().decode(errors="replace") if child.stderr else ""
            raise RuntimeError(f"the demo generator failed:\n{error.strip()}")
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        stdout.close()
        if child.stderr:
            child.stderr.close()


# -- small helpers ------------------------------------------------------------------------------

_ASCII_CACHE: dict[str, str] = {}


def _ascii(text: str) -> str:
    """A name as it appears in an email address: no accents, no apostrophes."""
    cached = _ASCII_CACHE.get(text)
    if cached is None:
        folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        cached = folded.replace("'", "").replace(" ", "")
        _ASCII_CACHE[text] = cached
    return cached


def _compile_pattern(pattern: str) -> tuple[tuple[int, str], ...]:
    """A tracking or phone pattern as runs: (digits, ""), (-letters, ""), (0, literal)."""
    runs: list[tuple[int, str]] = []
    for char in pattern:
        kind = 1 if char == "#" else -1 if char == "A" else 0
        if kind and runs and runs[-1][1] == "" and (runs[-1][0] > 0) == (kind > 0):
            runs[-1] = (runs[-1][0] + kind, "")
        else:
            runs.append((kind, "" if kind else char))
    return tuple(runs)


_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"


def _fill_pattern(runs: tuple[tuple[int, str], ...], r: Callable[[], float]) -> str:
    parts = []
    for count, literal in runs:
        if count > 0:
            parts.append(f"{int(r() * 10**count):0{count}d}")
        elif count < 0:
            parts.append("".join(_LETTERS[int(r() * 23)] for _ in range(-count)))
        else:
            parts.append(literal)
    return "".join(parts)


def _money(cents: int, currency: str, lang: str) -> str:
    units, rest = divmod(cents, 100)
    if currency == "CHF":
        return f"CHF {units:,}.{rest:02d}".replace(",", "'")
    if lang == "en":
        symbol = {"EUR": "€", "GBP": "£", "USD": "$"}.get(currency, currency + " ")
        return f"{symbol}{units:,}.{rest:02d}"
    grouped = f"{units:,}".replace(",", "\u202f" if lang == "fr" else ".")
    amount = f"{grouped},{rest:02d}"
    return f"{amount} €" if currency == "EUR" else f"{amount} {currency}"


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_first(text: str) -> str:
    """Lower the first letter after a connector, unless the word is an acronym or a code."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def _cumulative(weights: Sequence[float]) -> list[float]:
    return list(accumulate(weights))


def _pick_weighted(cum: Sequence[float], r: Callable[[], float]) -> int:
    return bisect(cum, r() * cum[-1])


# -- pass 1: plans ----------------------------------------------------------------------------


class _Customer:
    __slots__ = (
        "city",
        "country",
        "created",
        "email",
        "female",
        "first",
        "handles",
        "id",
        "lang",
        "name",
        "offset",
        "orders",
        "phone",
        "preferred",
        "tags",
        "tz",
        "vip",
        "wholesale",
    )
    city: str
    country: _CountryInfo
    created: int
    email: str
    female: bool
    first: str
    handles: dict[str, str]
    id: int
    lang: str
    name: str
    offset: int
    orders: list[_Order]
    phone: str
    preferred: str
    tags: str
    tz: str
    vip: bool
    wholesale: bool

    def __init__(self) -> None:
        self.orders = []
        self.handles = {}


class _Order:
    __slots__ = (
        "cancelled",
        "carrier",
        "currency",
        "customer",
        "delivered",
        "eta",
        "fulfilled",
        "id",
        "items",
        "last",
        "number",
        "outcome",
        "placed",
        "shipped",
        "total",
        "tracking",
    )
    cancelled: bool
    carrier: tuple[str, str]
    currency: str
    customer: _Customer
    delivered: int
    eta: int
    fulfilled: int
    id: int
    items: list[_Item]
    last: _Plan | None
    number: str
    outcome: str
    placed: int
    shipped: int
    total: int
    tracking: str

    def __init__(self) -> None:
        self.outcome = ""
        self.id = 0
        self.number = ""
        self.last = None


class _Plan:
    __slots__ = (
        "agent",
        "channel",
        "confirm",
        "created",
        "customer",
        "escalated",
        "events",
        "group",
        "order",
        "prev",
        "priority",
        "reason",
        "reason2",
        "solved",
        "status",
    )
    agent: int
    channel: str
    confirm: bool
    created: int
    customer: _Customer
    escalated: bool
    events: list[tuple[int, int]]
    group: int
    order: _Order | None
    prev: tuple[str, int] | None
    priority: str
    reason: str
    reason2: str
    solved: int
    status: str


@dataclass(frozen=True, slots=True)
class _CountryInfo:
    country: Country
    phone: tuple[tuple[int, str], ...]
    trackers: tuple[tuple[str, tuple[tuple[int, str], ...], str], ...]


class _World:
    """Everything pass 1 and pass 2 share: the clock, the dice and the lookup tables."""

    def __init__(self, params: _Params) -> None:
        self.params = params
        self.rng = random.Random(params.seed)
        self.r = self.rng.random
        self.now = params.now
        self.start = params.now - WINDOW_DAYS * DAY
        self.langs = list(LANGUAGES)
        self.lang_cum = _cumulative([_LANGUAGE_WEIGHTS[code] for code in self.langs])
        self.countries: dict[str, tuple[list[_CountryInfo], list[float]]] = {}
        for code in self.langs:
            infos = [
                _CountryInfo(
                    c,
                    _compile_pattern(c.phone),
                    tuple(
                        (
                            CARRIERS[name].name,
                            _compile_pattern(CARRIERS[name].tracking),
                            CARRIERS[name].url,
                        )
                        for name in c.carriers
                    ),
                )
                for c in COUNTRIES
                if c.language == code
            ]
            self.countries[code] = (infos, _cumulative([i.country.weight for i in infos]))
        self.channels = list(CHANNEL_WEIGHTS)
        self.channel_cum = _cumulative(list(CHANNEL_WEIGHTS.values()))
        self.reason_cum = _cumulative(_REASON_WEIGHTS)
        self.hour_cum = _cumulative(_HOUR_WEIGHTS)
        self.product_cum = _cumulative([p.weight for p in PRODUCTS])
        self.agents = params.agents
        self.me = next((i for i, a in enumerate(params.agents) if a.is_me), -1)
        self.by_group_lang: dict[tuple[str, str], list[int]] = {}
        for group in GROUPS:
            members = [i for i, a in enumerate(params.agents) if a.group == group and not a.is_me]
            for code in self.langs:
                speakers = [i for i in members if code in params.agents[i].languages]
                self.by_group_lang[group, code] = speakers or members
        self.emails: set[str] = set()
        self.handles: set[str] = set()
        self.dates: dict[tuple[str, int], str] = {}

    def pick(self, seq: Sequence[Any]) -> Any:
        return seq[int(self.r() * len(seq))]

    def date(self, lang: str, moment: int) -> str:
        day = moment // DAY
        key = (lang, day)
        text = self.dates.get(key)
        if text is None:
            when = date.fromordinal(719_163 + day)
            language = LANGUAGES[lang]
            text = language.date_format.format(
                weekday=language.weekdays[when.weekday()],
                day=when.day,
                month=language.months[when.month - 1],
            )
            self.dates[key] = text
        return text


def _generate(params: _Params) -> Iterator[tuple[int, _Batch]]:
    """The whole build as batches of rows, with the work done so far."""
    was_enabled = gc.isenabled()
    gc.disable()  # millions of small objects that live until the end: no cycles to find
    try:
        world = _World(params)
        planner = _Planner(world)
        yield from planner.plan()
        yield from planner.orders()
        yield from _Renderer(world, planner).render()
    finally:
        if was_enabled:
            gc.enable()


class _Planner:
    def __init__(self, world: _World) -> None:
        self.w = world
        self.customers: list[_Customer] = []
        self.all_orders: list[_Order] = []
        self.plans: list[_Plan] = []

    # -- customers --------------------------------------------------------------------------

    def plan(self) -> Iterator[tuple[int, _Batch]]:
        w, r = self.w, self.w.r
        tickets = w.params.tickets
        n_customers = max(1, round(tickets / 2.5)) if tickets else 0
        weights = [min(40.0, w.rng.paretovariate(1.6)) for _ in range(n_customers)]
        per_customer = [1] * n_customers
        if n_customers:
            cum = _cumulative(weights)
            top = cum[-1]
            last = n_customers - 1
            for _ in range(tickets - n_customers):
                per_customer[min(last, bisect(cum, r() * top))] += 1
        batch: _Batch = {"customers": [], "contacts": []}
        planned = 0
        base = w.params.bases["customers"]
        for index, count in enumerate(per_customer):
            customer = self._customer(base + index + 1)
            first_ticket = self._tickets(customer, count)
            self._finish_customer(customer, first_ticket, batch)
            planned += count
            if len(batch["customers"]) >= 20_000:
                yield planned, batch
                batch = {"customers": [], "contacts": []}
        yield planned, batch

    def _customer(self, customer_id: int) -> _Customer:
        w, r = self.w, self.w.r
        c = _Customer()
        c.id = customer_id
        lang = w.langs[_pick_weighted(w.lang_cum, r)]
        infos, cum = w.countries[lang]
        info = infos[_pick_weighted(cum, r)]
        c.lang = lang
        c.country = info
        c.female = r() < 0.58
        first = w.pick(FEMALE[lang] if c.female else MALE[lang])
        last = w.pick(SURNAMES[lang])
        c.first, c.name = first, f"{first} {last}"
        tz, offset = w.pick(info.country.timezones)
        c.offset = offset * HOUR
        c.tz = tz
        c.city = w.pick(info.country.cities)
        c.vip = r() < 0.06
        c.wholesale = r() < 0.02
        c.preferred = w.channels[_pick_weighted(w.channel_cum, r)]
        c.email = self._email(first, last, w.pick(info.country.email_domains))
        c.phone = _fill_pattern(info.phone, r)
        return c

    def _email(self, first: str, last: str, domain: str) -> str:
        w, r = self.w, self.w.r
        f, s = _ascii(first).lower(), _ascii(last).lower()
        shape = int(r() * 6)
        year = f"{int(r() * 40) + 60 if r() < 0.7 else int(r() * 10):02d}"
        local = (
            f"{f}.{s}",
            f"{f}{s}{year}",
            f"{f[0]}.{s}",
            f"{f}_{s}",
            f"{s}.{f}",
            f"{f}.{s}{year}",
        )[shape]
        email = f"{local}@{domain}"
        extra = 1
        while email in w.emails:
            extra += 1
            email = f"{local}{extra}@{domain}"
        w.emails.add(email)
        return email

    def _handle(self, c: _Customer, channel: str) -> str:
        if channel in c.handles:
            return c.handles[channel]
        w, r = self.w, self.w.r
        first, last = _ascii(c.first).lower(), _ascii(c.name.split(" ", 1)[1]).lower()
        if channel in ("whatsapp", "sms"):
            handle = c.phone.replace(" ", "")
        elif channel == "phone":
            handle = c.phone
        else:
            number = int(r() * 99) + 1
            handle = {
                "facebook": f"{first}.{last}.{number}",
                "instagram": f"@{first}.{last}" if r() < 0.5 else f"@{first}_{last[:3]}{number}",
                "twitter": f"@{first}{last[:1]}{number}",
            }.get(channel, f"{first}.{last}")
            while handle in w.handles:
                handle = f"{handle}{int(r() * 10)}"
            w.handles.add(handle)
        c.handles[channel] = handle
        return handle

    # -- tickets -----------------------------------------------------------------------------

    def _when(self, c: _Customer) -> int:
        """A moment a ticket was written: mostly any day in the window, more in the last days."""
        w, r = self.w, self.w.r
        if r() < 0.85:
            day = int(r() * WINDOW_DAYS)
        else:
            day = min(WINDOW_DAYS - 1, int(-math.log(1.0 - r()) * 5))
        hour = _pick_weighted(w.hour_cum, r)
        local_now = w.now + c.offset
        midnight = local_now - local_now % DAY
        moment = midnight - day * DAY + hour * HOUR + int(r() * HOUR) - c.offset
        if moment > w.now - 60:
            moment -= DAY
        return max(moment, w.start + HOUR)

    def _status(self, age: int) -> str:
        r = self.w.r
        days = age / DAY
        active = (
            0.85
            if days < 0.25
            else 0.7
            if days < 1
            else 0.45
            if days < 3
            else 0.25
            if days < 7
            else 0.1
            if days < 14
            else 0.04
            if days < 30
            else 0.01
        )
        if r() >= active:
            return "solved"
        x = r()
        if days < 3:
            return (
                "new" if x < 0.22 else "open" if x < 0.55 else "pending" if x < 0.85 else "on_hold"
            )
        return "new" if x < 0.05 else "open" if x < 0.3 else "pending" if x < 0.7 else "on_hold"

    def _tickets(self, c: _Customer, count: int) -> int:
        """Plan a customer's tickets; return when the first was written."""
        w, r = self.w, self.w.r
        moments = sorted(self._when(c) for _ in range(count))
        plans: list[_Plan] = []
        for moment in moments:
            p = _Plan()
            p.customer = c
            p.channel = c.preferred if r() < 0.5 else w.channels[_pick_weighted(w.channel_cum, r)]
            p.reason = REASONS[_pick_weighted(w.reason_cum, r)]
            p.reason2 = w.pick(_SECOND_REASONS[p.reason]) if r() < 0.07 else ""
            p.status = self._status(w.now - moment)
            if p.channel == "phone" and p.status == "open":
                p.status = "pending"
            p.escalated = p.channel != "phone" and p.status != "new" and r() < 0.09
            p.confirm = r() < 0.8
            p.prev = None
            self._timeline(p, moment)
            if p.channel != "email" and p.channel != "web_form" and p.channel != "chat":
                self._handle(c, p.channel)
            plans.append(p)
        plans.sort(key=lambda p: p.created)
        for p in plans:
            self._attach_order(c, p)
            self._assign(c, p)
            self.plans.append(p)
        self._background_orders(c)
        return plans[0].created

    def _script(self, p: _Plan) -> tuple[int, ...]:
        table = _PHONE if p.channel == "phone" else _ESCALATING if p.escalated else _SCRIPTS
        options = table[p.status]
        x = self.w.r()
        for share, script in options:
            x -= share
            if x < 0:
                return script
        return options[-1][1]

    def _gap(self, kind: int, channel: str) -> int:
        """Seconds between two events of a thread."""
        r = self.w.r
        if kind >= N_NOTE:
            return 60 + int(r() * 1800)
        if kind >= A_IDENTIFY:
            if kind == A_SOOTHE:
                return 300 + int(r() * 2400)
            if kind == A_AFTER_CALL:
                return 600 + int(r() * 4 * HOUR)
            return 30 + int(RESPONSE_TARGETS[channel] * (0.05 + 1.25 * r() * r()))
        if kind == C_FURIOUS:
            return 120 + int(r() * 2 * HOUR)
        if channel == "chat":
            return 20 + int(r() * 400)
        if channel in ("whatsapp", "sms"):
            return 60 + int(r() * r() * 3 * HOUR)
        if channel in _SOCIAL:
            return 300 + int(r() * r() * 8 * HOUR)
        return 1800 + int(r() * r() * 36 * HOUR)

    def _timeline(self, p: _Plan, moment: int) -> None:
        w, r = self.w, self.w.r
        script = self._script(p)
        channel = p.channel
        events = [(0, C_OPEN)]
        offset = 0
        for kind in script[1:]:
            offset += self._gap(kind, channel)
            events.append((offset, kind))
        last_customer = max(t for t, kind in events if kind < A_IDENTIFY)
        status = p.status
        if status in ("new", "open"):
            target = RESPONSE_TARGETS[channel]
            x = r()  # how much of the response target has gone by
            if x < 0.72:
                share = x / 0.72 * 0.75  # fine
            elif x < 0.86:
                share = 0.75 + r() * 0.25  # at risk
            else:
                share = 1.0 + r() * 5  # breached
            created = w.now - int(target * share) - last_customer - 30
        elif status in ("pending", "on_hold"):
            wait = (0.02 + r() * r() * 3) * DAY if status == "pending" else HOUR + r() * 5 * DAY
            created = w.now - int(wait) - events[-1][0]
        else:
            created = min(moment, w.now - events[-1][0] - 60 - int(r() * HOUR))
        created = max(created, w.start + 60)
        p.created = created
        p.events = [(created + t, kind) for t, kind in events]
        if status == "solved":
            solved = min(p.events[-1][0] + 60 + int(r() * 2 * HOUR), w.now - 30)
            p.solved = solved
            if solved <= w.now - _CLOSE_AFTER:
                p.status = "closed"
        else:
            p.solved = 0

    # -- orders ---------------------------------------------------------------------------------

    def _attach_order(self, c: _Customer, p: _Plan) -> None:
        """Find or make the order a ticket is about, with a timeline that fits its reason."""
        reason = p.reason
        if reason in ("store_locator", "account_privacy"):
            p.order = None
            return
        t = p.created
        reusable = [o for o in c.orders if self._fits(o, reason, t)]
        if reusable and (self.w.r() < 0.6 or len(c.orders) >= 5):
            order = reusable[-1]
            previous = order.last
            if previous is not None and previous.channel != p.channel:
                p.prev = (previous.channel, previous.created)
        elif len(c.orders) >= 5:
            p.reason = "store_locator" if self.w.r() < 0.5 else "account_privacy"
            p.reason2 = ""
            p.order = None
            return
        else:
            order = self._order_for(c, reason, t)
        p.order = order
        order.last = p
        if p.status in ("solved", "closed"):
            if reason == "return_refund" or p.reason2 == "return_refund":
                order.outcome = "refunded"
            elif reason == "size_fit":
                order.outcome = "returned"

    def _fits(self, o: _Order, reason: str, t: int) -> bool:
        """Whether a ticket about ``reason`` written at ``t`` can be about order ``o``."""
        if o.cancelled or reason == "payment_failed":
            return o.cancelled and reason == "payment_failed" and 0 <= t - o.placed < DAY
        if reason == "where_is_my_order":
            return o.shipped <= t < o.delivered
        if reason == "promo_code":
            return 0 <= t - o.placed < 2 * DAY
        wants = _WANTS.get(reason)
        if wants is not None and not any(wants(item) for item in o.items):
            return False
        age = t - o.delivered
        limit = {"damaged_item": 4, "size_fit": 14, "return_refund": 30, "warranty": 110}[reason]
        return (HOUR if reason != "warranty" else 14 * DAY) <= age <= limit * DAY

    def _order_for(self, c: _Customer, reason: str, t: int) -> _Order:
        w, r = self.w, self.w.r
        lo, hi = c.country.country.transit_days
        transit = (lo + r() * (hi - lo)) * DAY
        if reason == "where_is_my_order":
            shipped = t - (1.5 + r() * 5) * DAY
            eta = shipped + transit
            delivered = max(t, eta) + (0.5 + r() * 3.5) * DAY
            placed = shipped - (0.5 + r() * 1.5) * DAY
        elif reason == "payment_failed":
            return self._new_order(c, t - 300 - int(r() * 3 * HOUR), cancelled=True)
        elif reason == "promo_code":
            return self._new_order(c, t - 600 - int(r() * 2 * DAY))
        else:
            gap = {
                "damaged_item": (0.1, 3),
                "size_fit": (0.5, 10),
                "return_refund": (1, 25),
                "warranty": (20, 90),
            }[reason]
            delivered = t - (gap[0] + r() * (gap[1] - gap[0])) * DAY
            eta = delivered + (r() - 0.7) * DAY
            shipped = eta - transit
            placed = shipped - (0.5 + r() * 1.5) * DAY
        if placed < w.start:  # too early in the window: squeeze the timeline after its start
            shift = w.start + HOUR - placed
            placed, shipped = placed + shift, shipped + shift
            eta, delivered = eta + shift, min(delivered + shift, t - HOUR)
        return self._new_order(
            c, int(placed), timeline=(int(shipped), int(eta), int(delivered)), reason=reason
        )

    def _new_order(
        self,
        c: _Customer,
        placed: int,
        *,
        cancelled: bool = False,
        timeline: tuple[int, int, int] | None = None,
        reason: str = "",
    ) -> _Order:
        w, r = self.w, self.w.r
        o = _Order()
        o.customer = c
        o.placed = max(placed, w.start + 60)
        o.cancelled = cancelled
        o.currency = c.country.country.currency
        items: list[_Item] = []
        wants = _WANTS.get(reason)
        for _ in range(1 if r() < 0.55 else 2 if r() < 0.75 else 3):
            product = PRODUCTS[_pick_weighted(w.product_cum, r)]
            if wants is not None and not items and not wants((product, 0, "M", 1, 0)):
                product = _STAND_IN[reason]
            model_index = int(r() * len(product.models))
            sizes = product.sizes  # never the largest: a "too small" item can go one up
            size = sizes[int(r() * (len(sizes) - 1))] if sizes else ""
            quantity = 1 if r() < 0.9 else 2
            items.append(
                (product, model_index, size, quantity, _price(product, model_index, o.currency))
            )
        o.items = items
        o.total = sum(item[4] * item[3] for item in items)
        name, runs, url = w.pick(c.country.trackers)
        o.carrier = (name, url)
        o.tracking = _fill_pattern(runs, r)
        if timeline is None:
            lo, hi = c.country.country.transit_days
            shipped = o.placed + int((0.6 + r() * 1.6) * DAY)
            eta = shipped + int((lo + r() * (hi - lo)) * DAY)
            late = r() < 0.2
            delivered = eta + int((1 + r() * 5) * DAY if late else -r() * 0.8 * DAY)
            timeline = (shipped, eta, max(delivered, shipped + HOUR))
        o.shipped, o.eta, o.delivered = timeline
        o.fulfilled = o.placed + int((o.shipped - o.placed) * 0.6)
        c.orders.append(o)
        self.all_orders.append(o)
        return o

    def _background_orders(self, c: _Customer) -> None:
        """Orders nobody wrote about, so customers have 1 to 5 of them."""
        w, r = self.w, self.w.r
        wanted = 1 + int(r() * r() * 5)
        while len(c.orders) < wanted:
            placed = w.now - int((1 + r() * (WINDOW_DAYS - 2)) * DAY)
            o = self._new_order(c, placed, cancelled=r() < 0.04)
            if not o.cancelled and o.delivered < w.now:
                x = r()
                o.outcome = "returned" if x < 0.04 else "refunded" if x < 0.07 else ""

    # -- assignment -----------------------------------------------------------------------------

    def _assign(self, c: _Customer, p: _Plan) -> None:
        w, r = self.w, self.w.r
        group = "VIP" if c.vip and r() < 0.7 else _GROUP_OF_REASON[p.reason]
        candidates = w.by_group_lang[group, c.lang]
        agent = candidates[int(r() * len(candidates))]
        active = p.status not in ("solved", "closed")
        if w.me >= 0 and r() < (0.2 if active else 0.03):
            agent = w.me
        if p.status == "new" and r() < 0.65:
            agent = -1
        p.agent = agent
        p.group = (
            w.agents[agent].group_id
            if agent >= 0
            else next(a.group_id for a in w.agents if a.group == group)
        )
        x = r()
        priority = "low" if x < 0.08 else "normal" if x < 0.84 else "high" if x < 0.96 else "urgent"
        if p.escalated:
            priority = "urgent" if r() < 0.4 else "high"
        elif c.vip and priority in ("low", "normal") and r() < 0.5:
            priority = "high"
        p.priority = priority

    def _finish_customer(self, c: _Customer, first_ticket: int, batch: _Batch) -> None:
        w, r = self.w, self.w.r
        first_seen = min(min(o.placed for o in c.orders), first_ticket)
        c.created = max(w.start, first_seen - int(r() * r() * 30 * DAY))
        tags = []
        if c.vip:
            tags.append("vip")
        if c.wholesale:
            tags.append("wholesale")
        if r() < 0.45:
            tags.append("newsletter")
        if len(c.orders) >= 3:
            tags.append("repeat_buyer")
        c.tags = " ".join(tags)
        notes = w.pick(_CUSTOMER_NOTES) if r() < 0.08 else ""
        batch["customers"].append((c.id, c.name, c.email, c.lang, c.tz, c.tags, notes, c.created))
        contacts = batch["contacts"]
        contacts.append((c.id, "email", c.email))
        if r() < 0.8 or "phone" in c.handles:
            contacts.append((c.id, "phone", c.phone))
        for channel, handle in c.handles.items():
            if channel != "phone":
                contacts.append((c.id, channel, handle))

    # -- numbering ---------------------------------------------------------------------------------

    def orders(self) -> Iterator[tuple[int, _Batch]]:
        """Number orders in the order they were placed, then write them and their shipments."""
        w = self.w
        now = w.now
        planned = w.params.tickets
        bases = w.params.bases
        self.all_orders.sort(key=lambda o: o.placed)
        orders: list[tuple[Any, ...]] = []
        shipments: list[tuple[Any, ...]] = []
        shipment_id = bases["shipments"]
        for rank, o in enumerate(self.all_orders, start=1):
            o.id = bases["orders"] + rank
            o.number = f"#{100_000 + o.id}"
            status, ship_status = _order_status(o, now)
            lang = o.customer.lang
            items = ",".join(
                f'{{"sku":"{_sku(product, model, size)}",'
                f'"name":"{_item_title(product, model, size, lang)}",'
                f'"quantity":{quantity},"unit_price":"{price // 100}.{price % 100:02d}"}}'
                for product, model, size, quantity, price in o.items
            )
            orders.append(
                (
                    o.id,
                    o.customer.id,
                    o.number,
                    status,
                    f"{o.total // 100}.{o.total % 100:02d}",
                    o.currency,
                    o.placed,
                    f"[{items}]",
                )
            )
            if ship_status:
                shipment_id += 1
                carrier, url = o.carrier
                shipments.append(
                    (
                        shipment_id,
                        o.id,
                        carrier,
                        o.tracking,
                        url.format(n=o.tracking),
                        ship_status,
                        o.shipped if o.shipped <= now else None,
                        o.eta,
                    )
                )
            if len(orders) >= 20_000:
                yield planned, {"orders": orders, "shipments": shipments}
                orders, shipments = [], []
        yield planned, {"orders": orders, "shipments": shipments}
        self.plans.sort(key=lambda p: p.created)


def _price(product: Product, model: int, currency: str) -> int:
    """The list price in cents, converted from euros and rounded to .90 as shops do."""
    euros = product.prices[model]
    if currency == "EUR":
        return euros
    cents = int(euros * {"GBP": 0.86, "USD": 1.09, "CHF": 0.96}[currency])
    return cents // 100 * 100 + 90


def _sku(product: Product, model: int, size: str) -> str:
    code = _ascii(product.models[model]).upper()[:4]
    return f"{product.code}-{code}-{size}" if size else f"{product.code}-{code}"


def _item_title(product: Product, model: int, size: str, lang: str) -> str:
    title = product.names[lang][0].format(model=product.models[model])
    if not size:
        return title
    word = LANGUAGES[lang].size_words[1 if product.shoe else 0]
    return f"{title} ({word} {size})"


def _order_status(o: _Order, now: int) -> tuple[str, str]:
    """The order's status and its shipment's (empty: no shipment) as of ``now``."""
    if o.cancelled:
        return "cancelled", ""
    if now < o.fulfilled:
        return "paid", ""
    if now < o.shipped:
        return "fulfilled", "label_created"
    if now < o.delivered:
        if o.delivered - now < 10 * HOUR:
            return "shipped", "out_for_delivery"
        return "shipped", "exception" if now > o.eta + DAY else "in_transit"
    return o.outcome or "delivered", "delivered"


# -- pass 2: text -------------------------------------------------------------------------------


class _Renderer:
    """Writes each planned ticket's subject and thread, in ticket order."""

    def __init__(self, world: _World, planner: _Planner) -> None:
        self.w = world
        self.planner = planner
        self.threat = 0

    def render(self) -> Iterator[tuple[int, _Batch]]:
        w = self.w
        tickets = w.params.tickets
        ticket_id = w.params.bases["tickets"]
        message_id = w.params.bases["messages"]
        batch: _Batch = {"tickets": [], "messages": [], "tags": []}
        for done, p in enumerate(self.planner.plans, start=1):
            ticket_id += 1
            message_id = self._ticket(p, ticket_id, message_id, batch)
            if done % _BATCH_TICKETS == 0:
                yield tickets + done, batch
                batch = {"tickets": [], "messages": [], "tags": []}
        yield 2 * tickets, batch

    def _slots(self, p: _Plan, agent_first: str) -> dict[str, str]:
        w, r = self.w, self.w.r
        c = p.customer
        lang = c.lang
        o = p.order or (c.orders[-1] if c.orders else None)
        slots = {
            "first": c.first,
            "name": c.name,
            "o": "a" if c.female else "o",
            "O": "A" if c.female else "O",
            "E": "E" if c.female else "",
            "e": "e" if c.female else "",
            "city": c.city,
            "store": w.pick(c.country.country.stores),
            "email": c.email,
            "agent": agent_first,
            "deadline": w.date(lang, p.created + int((1.5 + r() * 2) * DAY)),
            "code": w.pick(_PROMO_CODES[lang]),
            "prev_channel": "",
            "prev_date": "",
        }
        if p.prev is not None:
            slots["prev_channel"] = LANGUAGES[lang].channel_names[p.prev[0]]
            slots["prev_date"] = w.date(lang, p.prev[1])
        if o is None:  # cannot happen: every customer has an order; keeps the types honest
            return slots
        index = int(r() * len(o.items))
        wants = _WANTS.get(p.reason)
        if wants is not None:
            index = next((i for i, item in enumerate(o.items) if wants(item)), index)
        product, model, size, quantity, price = o.items[index]
        sizes = product.sizes
        other = ""
        if size:
            position = sizes.index(size)
            other = sizes[position + 1] if position + 1 < len(sizes) else sizes[position - 1]
        percent = int(slots["code"][-2:])
        text = LANGUAGES[lang]
        slots.update(
            order=o.number,
            item=_item_title(product, model, size, lang),
            item_a=product.names[lang][1].format(model=product.models[model]),
            size=size,
            other_size=other,
            the_size=text.size_phrases[product.shoe].format(size=size),
            the_other_size=text.size_phrases[product.shoe].format(size=other),
            amount=_money(price * quantity, o.currency, lang),
            total=_money(o.total, o.currency, lang),
            discount=_money(o.total * percent // 100, o.currency, lang),
            placed=w.date(lang, o.placed),
            carrier=o.carrier[0],
            tracking=o.tracking,
            url=o.carrier[1].format(n=o.tracking),
            eta=w.date(lang, o.eta),
            delivery=w.date(lang, o.delivered),
        )
        return slots

    def _ticket(self, p: _Plan, ticket_id: int, message_id: int, batch: _Batch) -> int:
        w, r = self.w, self.w.r
        c = p.customer
        lang = c.lang
        text = LANGUAGES[lang]
        agent = w.agents[p.agent] if p.agent >= 0 else None
        note_agent = agent or w.agents[0]
        slots = self._slots(p, (agent or note_agent).first)
        reason = text.reasons[p.reason]
        second = text.reasons[p.reason2] if p.reason2 else None
        channel = p.channel
        short = channel in _SHORT_CHANNELS
        messages = batch["messages"]
        first_response = None
        last_customer = p.created
        stage = "listen"
        subject = ""
        previous_kind = -1
        for moment, kind in p.events:
            message_id += 1
            message_channel = channel
            if kind < A_IDENTIFY:
                if channel == "phone" and kind != C_OPEN:
                    message_channel = "email"
                body = self._customer_message(kind, p, text, reason, second, slots, short)
                if kind == C_OPEN:
                    subject = self._subject(p, text, reason, body, slots)
                messages.append(
                    (
                        message_id,
                        ticket_id,
                        "customer",
                        c.id,
                        c.name,
                        1,
                        message_channel,
                        body,
                        moment,
                    )
                )
                last_customer = moment
            elif kind < N_NOTE:
                author = agent or note_agent
                if channel == "phone":
                    message_channel = "email"
                body = self._agent_message(
                    kind, previous_kind, p, text, reason, second, slots, short
                )
                messages.append(
                    (
                        message_id,
                        ticket_id,
                        "agent",
                        author.id,
                        author.name,
                        1,
                        message_channel,
                        body,
                        moment,
                    )
                )
                first_response = first_response or moment
                stage = _STAGE_OF_REPLY[kind]
                if kind in (A_SOLVE, A_FULL, A_AFTER_CALL) and not p.confirm:
                    stage = "thank"
            else:
                author = agent or note_agent
                body = self._note(kind, p, author.note_language, slots)
                messages.append(
                    (
                        message_id,
                        ticket_id,
                        "agent",
                        author.id,
                        author.name,
                        0,
                        channel,
                        body,
                        moment,
                    )
                )
                if kind == N_CALL:
                    first_response = first_response or p.created + 5 + int(r() * 80)
                    stage = "solve" if p.solved else "identify"
            previous_kind = kind
        status = p.status
        last = p.events[-1][0]
        due = None
        if status == "new":
            due = p.created + RESPONSE_TARGETS[channel]
        elif status == "open" and p.events[-1][1] < A_IDENTIFY:
            due = last_customer + RESPONSE_TARGETS[channel]
        tags = [p.reason]
        if p.reason2:
            tags.append(p.reason2)
        tags.append(channel)
        if c.vip:
            tags.append("vip")
        if c.wholesale:
            tags.append("wholesale")
        if p.escalated:
            tags.append("escalated")
        tag_rows = batch["tags"]
        for tag in tags:
            tag_rows.append((tag, ticket_id))
        count = len(p.events)
        version = 1 + count + (p.agent >= 0) + (p.solved > 0) + (status == "closed")
        fields = f'{{"order_number": "{p.order.number}"}}' if p.order is not None else "{}"
        batch["tickets"].append(
            (
                ticket_id,
                subject,
                status,
                p.priority,
                channel,
                lang,
                stage,
                c.id,
                agent.id if agent else None,
                p.group,
                " ".join(tags),
                p.created,
                max(last, p.solved),
                str(version),
                due,
                first_response,
                p.solved or None,
                last_customer,
                count,
                fields,
            )
        )
        return message_id

    # -- customers' words ---------------------------------------------------------------------

    def _subject(
        self, p: _Plan, text: LanguageText, reason: ReasonText, body: str, slots: dict[str, str]
    ) -> str:
        if p.channel in _SHORT_CHANNELS:
            line = body.split("\n", 1)[0].removeprefix("@" + SHOP + " ").strip()
            lowered = line.lower()
            for hello in text.hellos:
                if hello and lowered.startswith(hello.lower()):
                    line = _upper_first(line[len(hello) :].lstrip())
                    break
            if len(line) <= 60:
                return line
            cut = line.rfind(" ", 0, 58)
            return line[: cut if cut > 20 else 58].rstrip(" ,.;:") + "…"
        return str(self.w.pick(reason.subjects)).format_map(slots)

    def _customer_message(
        self,
        kind: int,
        p: _Plan,
        text: LanguageText,
        reason: ReasonText,
        second: ReasonText | None,
        slots: dict[str, str],
        short: bool,
    ) -> str:
        w, r = self.w, self.w.r
        pick = w.pick
        channel = p.channel
        if kind == C_OPEN:
            if channel == "phone":
                return str(pick(reason.spoken)).format_map(slots)
            if short:
                hello = pick(text.hellos)
                core = pick(reason.short)
                body = hello + (_upper_first(core) if hello else core)
                if second is not None:
                    body += " " + pick(text.also) + _lower_first(pick(second.short))
                if p.prev is not None and r() < 0.7:
                    body = pick(text.already) + " " + body
                body = self._informal(body.format_map(slots), text, channel, _EMOJI_SAD)
                return f"@{SHOP} {body}" if channel == "twitter" else body
            body = pick(reason.opening)
            if second is not None:
                body += "\n\n" + pick(text.also) + _lower_first(pick(second.short))
            if p.prev is not None:
                body = f"{pick(text.already)} {body[0].upper()}{body[1:]}"
            elif channel == "web_form":
                body = body[0].upper() + body[1:]
            if channel == "web_form":
                labels = text.form_labels
                lines = [f"{labels[0]}: {{name}}"]
                if p.order is not None:
                    lines.append(f"{labels[1]}: {{order}}")
                lines.append(f"{labels[2]}: {reason.topic}")
                lines.append(f"{labels[3]}: {body}")
                return "\n".join(lines).format_map(slots)
            return f"{pick(text.greetings)}\n\n{body}\n\n{pick(text.signoffs)}".format_map(slots)
        if kind == C_NUDGE:
            if short:
                return self._informal(pick(text.nudges_short), text, channel, _EMOJI_SAD)
            return str(pick(text.nudges))
        if kind == C_DETAILS:
            body = str(pick(reason.details)).format_map(slots)
            return (
                self._informal(body, text, channel, ()) if short else f"{body}\n\n{slots['first']}"
            )
        if kind == C_THANKS:
            if short:
                return self._informal(pick(text.thanks_short), text, channel, _EMOJI_HAPPY)
            return f"{pick(text.thanks)}\n\n{slots['first']}"
        if kind == C_ANGRY:
            return str(pick(text.angry)).format_map(slots)
        if kind == C_FURIOUS:
            self.threat = int(r() * len(text.furious))
            body = text.furious[self.threat].format_map(slots)
            return f"{body} {pick(_EMOJI_ANGRY)}" if channel in _SOCIAL else body
        body = str(pick(text.calmer)).format_map(slots)
        return body if short else f"{body}\n\n{slots['first']}"

    def _informal(self, body: str, text: LanguageText, channel: str, emoji: Sequence[str]) -> str:
        """Typed on a phone: typos, no punctuation on WhatsApp and SMS, emoji on social."""
        r = self.w.r
        if r() < 0.35:
            for wrong, right in text.typos:
                body = body.replace(wrong, right)
        if channel in ("whatsapp", "sms") and r() < 0.45:
            body = body.lower().replace(". ", " ").replace(", ", " ").rstrip(".!,")
        if emoji and r() < (0.5 if channel in _SOCIAL else 0.2 if channel == "whatsapp" else 0):
            body = f"{body} {self.w.pick(emoji)}"
        return body

    # -- agents' words ----------------------------------------------------------------------------

    def _agent_message(
        self,
        kind: int,
        previous: int,
        p: _Plan,
        text: LanguageText,
        reason: ReasonText,
        second: ReasonText | None,
        slots: dict[str, str],
        short: bool,
    ) -> str:
        pick = self.w.pick
        if kind == A_CLOSING:
            body = str(pick(text.closing))
            return body if short else f"{body}\n\n{slots['agent']}"
        r = self.w.r
        thanks_info = text.thanks_info
        # for the details, else (after a nudge, a note or an angry exchange) for the patience
        thanks = thanks_info[0 if r() < 0.6 else 2] if previous == C_DETAILS else thanks_info[1]
        empathy = pick(text.empathy) + " " if p.reason != "store_locator" else ""
        if previous in (C_DETAILS, C_NUDGE):
            empathy = thanks + " "
        parts: list[str]
        if kind == A_IDENTIFY:
            parts = [empathy + pick(reason.restate), pick(reason.ask)]
        elif kind == A_FIX:
            parts = [empathy + pick(reason.fix)]
        elif kind == A_SOOTHE:
            parts = [pick(text.soothe), pick(reason.restate) + " " + pick(reason.fix)]
        else:
            if kind == A_FULL:
                parts = [empathy + pick(reason.restate), pick(reason.solve)]
            elif kind == A_AFTER_CALL:
                parts = [pick(text.after_call), pick(reason.solve)]
            else:
                parts = [thanks + " " + pick(reason.solve)]
            if second is not None:
                parts.append(pick(second.solve))
            problem = p.reason not in ("store_locator", "account_privacy")
            closing = text.agent_thanks[int(r() * 3) if problem else 0]
            if p.confirm:
                closing += " " + pick(text.confirm_short if short else text.confirm)
            parts.append(closing)
        if short:
            return " ".join([pick(text.agent_hellos), *parts]).format_map(slots)
        return "\n\n".join(
            [pick(text.agent_greetings), *parts, pick(text.agent_signoffs)]
        ).format_map(slots)

    def _note(self, kind: int, p: _Plan, lang: str, slots: dict[str, str]) -> str:
        pick = self.w.pick
        if kind == N_ESCALATION:  # about the threat the customer just made
            return ESCALATION_NOTES[lang][self.threat]
        if kind == N_CALL:
            return str(pick(CALL_SUMMARIES[lang][p.reason])).format_map(slots)
        return str(pick(NOTES[lang][p.reason])).format_map(slots)
