"""The ticket queue as SQL on the store: pages of rows, counts, and positions.

Screens and the command line ask this module for "rows ``offset`` to
``offset + limit`` of this query": one indexed query per screenful, so opening,
scrolling and filtering cost the same at 1k or 1M tickets. Far offsets are read
from the other end with the order reversed, so no page scans more than half
the result.

A query that searches text reads the per-ticket index ``ticket_text`` first and
joins each hit to its ticket: counting stops at the cap after that many hits, and
in the default order (newest updated first, the index's rowid order) a page stops
after its rows. Listing every hit first cost 0.3-1.8 s for a common word at 1M.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from api_client.backends.local.rows import from_epoch
from console.core.query import (
    TEXT_KEY,
    CompiledQuery,
    Query,
    QueryContext,
    compile_query,
    parse,
)
from console.core.text_terms import PrefixWords

__all__ = ["QueueRow", "QueueSource"]

_ROW_COLUMNS = (
    "t.id, coalesce(t.remote_id, CAST(t.id AS TEXT)), t.subject, t.status, t.priority, "
    "t.channel, t.language, t.stage, t.updated_at, t.created_at, t.due_at, t.promised_by, "
    "t.tags, t.message_count, t.first_response_at, "
    "(SELECT name FROM customers WHERE id = t.customer_id), "
    "(SELECT email FROM customers WHERE id = t.customer_id), "
    "(SELECT name FROM agents WHERE id = t.assignee_id), t.assignee_id, "
    "(SELECT group_concat(reason, ' ') FROM ticket_reasons WHERE ticket_id = t.id), "
    "(SELECT phase FROM ticket_insights WHERE ticket_id = t.id), t.account"
)


_TEXT_FIRST = f"ticket_text AS f CROSS JOIN tickets AS t ON t.id = f.rowid & {TEXT_KEY - 1}"
"""Hits of the search in the index's order, each joined to its ticket."""

SAMPLE = 2000
"""Hits read to learn how many of them pass a query's other conditions."""
WALK = 20_000
"""Most hits a count or page may walk (at the sampled rate) before reading them first
stops paying: ``lang:it re`` at 1M walked 90k hits of "re" for a handful of rows."""


def _when(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


@dataclass(frozen=True, slots=True)
class QueueRow:
    """One line of the queue, with what every column needs (already joined)."""

    id: int
    number: str
    subject: str
    status: str
    priority: str
    channel: str
    language: str | None
    stage: str
    updated_at: datetime
    created_at: datetime
    due_at: datetime | None
    promised_by: datetime | None
    tags: tuple[str, ...]
    message_count: int
    first_response_at: datetime | None
    customer: str
    customer_email: str | None
    assignee: str | None
    assignee_id: int | None
    reasons: tuple[str, ...]
    mood: str | None
    """The hostility curve's phase (rising, peak, calming, calm), once analysed."""
    account: str = ""
    """The account it belongs to in a combined profile ('' otherwise)."""

    @classmethod
    def from_row(cls, row: Sequence[Any]) -> QueueRow:
        (
            local_id, number, subject, status, priority, channel, language, stage, updated,
            created, due, promised, tags, count, first_response, customer, email, assignee,
            assignee_id, reasons, mood, account,
        ) = row  # fmt: skip
        return cls(
            id=int(local_id),
            number=str(number),
            subject=str(subject),
            status=str(status),
            priority=str(priority),
            channel=str(channel),
            language=language if isinstance(language, str) else None,
            stage=str(stage),
            updated_at=_when(updated),
            created_at=_when(created),
            due_at=from_epoch(due),
            promised_by=from_epoch(promised),
            tags=tuple(str(tags).split()),
            message_count=int(count),
            first_response_at=from_epoch(first_response),
            customer=str(customer or ""),
            customer_email=email if isinstance(email, str) else None,
            assignee=assignee if isinstance(assignee, str) else None,
            assignee_id=assignee_id if isinstance(assignee_id, int) else None,
            reasons=tuple(str(reasons).split()) if reasons else (),
            mood=mood if isinstance(mood, str) else None,
            account=str(account or ""),
        )


class QueueSource:
    """Rows of one query over one store connection (cheap to create per keystroke)."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        query: Query | str,
        context: QueryContext,
        *,
        typing: bool = False,
    ) -> None:
        self.conn = conn
        self.query = parse(query) if isinstance(query, str) else query
        self.context = context
        self._sampled: tuple[int, int] | None = None
        self.compiled: CompiledQuery = compile_query(
            self.query,
            context,
            estimate=self._estimate,
            typing=typing,
            expand=PrefixWords(conn).expression,
        )

    def _estimate(self, table: str, value: str) -> int:
        """Rows of a tag or reason (an index range count, capped: cheap at any size)."""
        column = {"ticket_tags": "tag", "ticket_reasons": "reason"}[table]
        sql = f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {column} = ? LIMIT 20001)"
        return int(self.conn.execute(sql, (value,)).fetchone()[0])

    def count(self, cap: int | None = None) -> int:
        """How many tickets match, or ``cap`` when at least that many do.

        Counting a million matches costs a scan of them; the queue only needs to know
        there are "1,000+" until the agent scrolls that far.
        """
        source, where = self._source(needed=cap)
        if cap is None:
            sql = f"SELECT count(*) FROM {source} WHERE {where}"
            return int(self.conn.execute(sql, self.compiled.params).fetchone()[0])
        sql = f"SELECT count(*) FROM (SELECT 1 FROM {source} WHERE {where} LIMIT :_cap)"
        return int(self.conn.execute(sql, {**self.compiled.params, "_cap": cap}).fetchone()[0])

    def _source(self, *, needed: int | None, ordered: bool = False) -> tuple[str, str]:
        """FROM and WHERE: the search's hits first, when that is the cheaper way.

        It is when the query's order is the index's (``ordered`` rows stop after a page)
        or, for a count, when nothing else narrows the tickets; and, with other
        conditions, when the sampled hits show the ``needed`` rows come within
        :data:`WALK` hits. Otherwise SQLite walks tickets (a view's own index, such as
        "My open" by due time) testing each against the list of hits.
        """
        if not self._text_first(needed=needed, ordered=ordered):
            return "tickets AS t", self.compiled.where
        return _TEXT_FIRST, f"f.ticket_text MATCH {self.compiled.match} AND {self.compiled.rest}"

    def _text_first(self, *, needed: int | None, ordered: bool) -> bool:
        compiled = self.compiled
        if compiled.match is None or (ordered and not compiled.by_text_key):
            return False
        if compiled.rest == "1":
            return True
        if not compiled.by_text_key or needed is None:
            return False
        hits, passed = self._sample()
        return hits < SAMPLE or (passed > 0 and needed * hits <= WALK * passed)

    def _sample(self) -> tuple[int, int]:
        """Of the first :data:`SAMPLE` hits, how many pass the other conditions (once)."""
        if self._sampled is None:
            compiled = self.compiled
            hits, passed = self.conn.execute(
                f"SELECT count(*), total({compiled.rest}) FROM (SELECT rowid AS key FROM "
                f"ticket_text WHERE ticket_text MATCH {compiled.match} LIMIT {SAMPLE}) AS f "
                f"CROSS JOIN tickets AS t ON t.id = f.key & {TEXT_KEY - 1}",
                compiled.params,
            ).fetchone()
            self._sampled = (int(hits), int(passed))
        return self._sampled

    def _orders(self, *, text_first: bool) -> tuple[str, str]:
        """ORDER BY forward and reversed (the index's rowid when the hits come first)."""
        compiled = self.compiled
        if not text_first:
            return compiled.order_by, compiled.reversed_order_by
        forward, backward = ("DESC", "ASC") if compiled.descending else ("ASC", "DESC")
        return f"f.rowid {forward}", f"f.rowid {backward}"

    def page(self, offset: int, limit: int, *, total: int | None = None) -> list[QueueRow]:
        """Rows ``offset`` .. ``offset + limit`` in query order."""
        if limit <= 0 or offset < 0:
            return []
        needed = offset + limit
        source, where = self._source(needed=needed, ordered=True)
        forward, backward = self._orders(text_first=source == _TEXT_FIRST)
        if total is not None and offset > total // 2 and offset < total:
            # Read from the far end: the scan is never longer than half the result.
            end = min(total, offset + limit)
            sql = (
                f"SELECT {_ROW_COLUMNS} FROM {source} WHERE {where} "
                f"ORDER BY {backward} LIMIT :_limit OFFSET :_offset"
            )
            params = {**self.compiled.params, "_limit": end - offset, "_offset": total - end}
            rows = self.conn.execute(sql, params).fetchall()
            rows.reverse()
            return [QueueRow.from_row(row) for row in rows]
        sql = (
            f"SELECT {_ROW_COLUMNS} FROM {source} WHERE {where} "
            f"ORDER BY {forward} LIMIT :_limit OFFSET :_offset"
        )
        params = {**self.compiled.params, "_limit": limit, "_offset": offset}
        return [QueueRow.from_row(row) for row in self.conn.execute(sql, params)]

    def position_of(self, ticket_id: int) -> int | None:
        """Where ``ticket_id`` stands in the result (``None`` when it is not in it).

        Counts the rows sorted before it instead of reading them, so keeping the
        cursor on a ticket across a reload costs one indexed count, not a scan of rows.
        """
        compiled = self.compiled
        if self._text_first(needed=SAMPLE, ordered=True):
            return self._text_position_of(ticket_id)
        where = compiled.where
        if compiled.match is not None:  # one index probe, not every hit
            where = (
                f"EXISTS (SELECT 1 FROM ticket_text WHERE ticket_text MATCH {compiled.match} "
                f"AND rowid = t.updated_at * {TEXT_KEY} + t.id) AND {compiled.rest}"
            )
        row = self.conn.execute(
            f"SELECT {compiled.sort_expression} FROM tickets AS t "
            f"WHERE t.id = :_ticket AND {where}",
            {**compiled.params, "_ticket": ticket_id},
        ).fetchone()
        if row is None:
            return None
        before = ">" if compiled.descending else "<"
        sql = (
            f"SELECT count(*) FROM tickets AS t WHERE {compiled.where} AND "
            f"({compiled.sort_expression}, t.id) {before} (:_value, :_ticket)"
        )
        params = {**compiled.params, "_value": row[0], "_ticket": ticket_id}
        return int(self.conn.execute(sql, params).fetchone()[0])

    def _text_position_of(self, ticket_id: int) -> int | None:
        """In the index's order: the hits up to the ticket's key, counted in one walk."""
        found = self.conn.execute(
            f"SELECT t.updated_at * {TEXT_KEY} + t.id FROM tickets AS t WHERE t.id = ?",
            (ticket_id,),
        ).fetchone()
        if found is None:
            return None
        source, where = self._source(needed=SAMPLE, ordered=True)
        reach = ">=" if self.compiled.descending else "<="
        count, present = self.conn.execute(
            f"SELECT count(*), max(f.rowid = :_key) FROM {source} "
            f"WHERE {where} AND f.rowid {reach} :_key",
            {**self.compiled.params, "_key": found[0]},
        ).fetchone()
        return int(count) - 1 if present else None

    def rows_by_id(self, ids: Sequence[int]) -> dict[int, QueueRow]:
        """Fresh rows for tickets that changed (live updates redraw only these)."""
        if not ids:
            return {}
        marks = ", ".join("?" for _ in ids)
        sql = f"SELECT {_ROW_COLUMNS} FROM tickets AS t WHERE t.id IN ({marks})"
        return {row[0]: QueueRow.from_row(row) for row in self.conn.execute(sql, list(ids))}
