"""Find a ticket from whatever the agent remembers: its number, subject words or the customer.

The command palette (``ctrl+p``) asks this module on every keystroke, so each call is
at most two indexed queries bounded by a ``LIMIT`` (a few ms at 100k tickets), and
it never raises on what was typed:

* ``123`` or ``#123`` is the ticket number as the console shows it (the helpdesk's
  id in a mirror, the local id in the embedded desk), matched exactly;
* anything else matches the subject (FTS5, each word quoted and matched as a
  prefix) or the customer (name or any word of it, or an email / contact, as a
  prefix ``LIKE`` with its wildcards escaped), most recently updated first;
* nothing typed lists the most recently updated tickets.

It is Textual-free so it can be tested (and benchmarked) on a bare connection.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from api_client.models import Channel

__all__ = ["MAX_TEXT", "TicketHit", "find_tickets", "ticket_number"]

MAX_TEXT = 200
"""Characters of the typed text that are looked at (SQLite caps LIKE patterns at 50 kB)."""

_MAX_WORDS = 12
_MAX_INTEGER = 2**63 - 1
_NUMBER = re.compile(r"#?\s*([0-9]{1,40})")
_WORD_SPLIT = re.compile(r"[^\w@.'-]+")

_COLUMNS = (
    "t.id, coalesce(t.remote_id, CAST(t.id AS TEXT)), t.subject, "
    "coalesce((SELECT name FROM customers WHERE id = t.customer_id), ''), t.status"
)
_ORDER = "ORDER BY t.updated_at DESC, t.id DESC LIMIT :limit"
_CONTACT_CHANNELS = ", ".join(f"'{channel.value}'" for channel in Channel)
_SUBJECT = "{probe}t.id IN (SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH :fts)"
_CUSTOMER = (
    "{probe}t.customer_id IN ("
    "SELECT id FROM customers WHERE name LIKE :prefix ESCAPE '\\' "
    "UNION SELECT id FROM customers WHERE name LIKE :word ESCAPE '\\' "
    f"UNION SELECT customer_id FROM customer_contacts WHERE channel IN ({_CONTACT_CHANNELS}) "
    "AND value LIKE :prefix ESCAPE '\\')"
)
_DENSE = 2000
"""From this many matching tickets on, walking tickets newest first beats sorting the matches.

``{probe}`` in the conditions above is ``+`` then: it stops SQLite from looking every
match up by id and sorting them, so it walks ``tickets_updated`` and stops at the limit.
"""


@dataclass(frozen=True, slots=True)
class TicketHit:
    """One ticket the lookup found: enough to show it in a list and to open it."""

    id: int
    """The local id: what screens open."""
    number: str
    """The number the agent sees (the helpdesk's id in a mirror)."""
    subject: str
    customer: str
    status: str


def find_tickets(conn: sqlite3.Connection, text: str, *, limit: int = 20) -> list[TicketHit]:
    """Tickets matching ``text`` (a number, subject words, or a customer), newest first."""
    if limit <= 0:
        return []
    text = _clean(text)
    number = ticket_number(text)
    if number is not None:
        return _by_number(conn, number, limit)
    if not text:
        sql = f"SELECT {_COLUMNS} FROM tickets AS t {_ORDER}"
        return _hits(conn.execute(sql, {"limit": limit}))
    fts = _fts_prefix_expression(text)
    prefix = _like_prefix(text)
    params = {"fts": fts, "prefix": prefix, "word": "% " + prefix, "limit": limit}
    matches = f"({_SUBJECT} OR {_CUSTOMER})" if fts else _CUSTOMER
    counted = f"SELECT count(*) FROM (SELECT 1 FROM tickets AS t WHERE {matches} LIMIT {_DENSE})"
    dense = conn.execute(counted.format(probe=""), params).fetchone()[0] >= _DENSE
    # Few matches: look them up by index and sort them. Many: walk the tickets newest
    # first and stop at ``limit`` ("+" keeps SQLite from using the lookups instead).
    sql = f"SELECT {_COLUMNS} FROM tickets AS t WHERE {matches} {_ORDER}"
    return _hits(conn.execute(sql.format(probe="+" if dense else ""), params))


def ticket_number(text: str) -> str | None:
    """The digits if ``text`` is a ticket number (``123``, ``#123``), else ``None``."""
    number = _NUMBER.fullmatch(_clean(text))
    return None if number is None else number.group(1)


def _clean(text: str) -> str:
    """What was typed, bounded and without what SQLite or FTS5 cannot take."""
    text = text[:MAX_TEXT].encode("utf-8", "ignore").decode("utf-8")  # lone surrogates
    return " ".join(text.replace("\x00", " ").split())


def _by_number(conn: sqlite3.Connection, digits: str, limit: int) -> list[TicketHit]:
    """The ticket whose shown number is ``digits``: remote id in a mirror, else local id."""
    params: dict[str, object] = {"remote": digits, "limit": limit}
    local = ""
    value = int(digits)
    if value <= _MAX_INTEGER:
        params["local"] = value
        local = " OR (t.id = :local AND t.remote_id IS NULL)"
    sql = f"SELECT {_COLUMNS} FROM tickets AS t WHERE t.remote_id = :remote{local} {_ORDER}"
    return _hits(conn.execute(sql, params))


def _fts_prefix_expression(text: str) -> str:
    """An FTS5 query that cannot be a syntax error: each word quoted, matched as a prefix.

    The same rules as the queue filter's full-text terms (``console.core.query``):
    words are split on anything but letters, digits and ``@ . ' -``, double quotes
    are doubled, and words that are only punctuation are dropped. An empty result
    means "no subject condition".
    """
    words = [w for w in _WORD_SPLIT.split(text) if w.strip("'.-@")][:_MAX_WORDS]
    return " ".join('"' + w.replace('"', '""') + '"*' for w in words)


def _like_prefix(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


def _hits(rows: sqlite3.Cursor) -> list[TicketHit]:
    return [
        TicketHit(
            id=int(local_id),
            number=str(number),
            subject=str(subject),
            customer=str(customer),
            status=str(status),
        )
        for local_id, number, subject, customer, status in rows
    ]
