"""The queue query language, parsed into terms and compiled to parameterised SQL.

Used by the ``/`` filter, saved views and ``deskside tickets --query`` alike::

    lang:it status:open,pending reason:return -tag:vip "carta di credito" sort:-updated

* ``field:value`` filters; ``value,value`` means either; ``-field:value`` negates;
* a field that holds one value per ticket (status, priority, channel, lang, stage,
  assignee, group, customer, sla) given twice means either; tag and reason given
  twice mean both;
* other words and "quoted phrases" are full-text search over subjects and
  messages (words of three letters or more match as prefixes, so results follow
  typing);
* ``sort:field`` / ``sort:-field`` orders the result.

Values are always bound as SQL parameters, never pasted. A malformed term raises
:class:`QueryError` naming the term; nothing else escapes :func:`parse`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from api_client.models import Channel, Priority, Stage, Status
from console.core.reason_names import REASON_ALIASES, REASONS, resolve_reason

__all__ = [
    "FIELDS",
    "SORTS",
    "CompiledQuery",
    "Query",
    "QueryContext",
    "QueryError",
    "Term",
    "combine",
    "compile_query",
    "parse",
]


class QueryError(ValueError):
    """A query that cannot be understood; ``term`` is the part at fault."""

    def __init__(self, message: str, term: str = "") -> None:
        super().__init__(message)
        self.term = term


@dataclass(frozen=True)
class Term:
    field: str | None  # None: full-text
    values: tuple[str, ...]
    negated: bool = False
    phrase: bool = False
    raw: str = ""


@dataclass(frozen=True)
class Query:
    terms: tuple[Term, ...] = ()
    sort: tuple[str, bool] | None = None  # (field, descending)
    text: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.terms and self.sort is None


@dataclass(frozen=True)
class QueryContext:
    """What a query needs to know about the moment and the person asking."""

    now: datetime
    me: int | None = None
    at_risk: timedelta = timedelta(minutes=30)
    accounts: tuple[str, ...] = ()
    """A combined profile's accounts (what ``account:`` accepts); empty for one account."""
    me_elsewhere: tuple[int, ...] = ()
    """The agent's rows in the other accounts of a combined profile (``assignee:me``)."""


@dataclass(frozen=True)
class CompiledQuery:
    where: str
    params: dict[str, object]
    order_by: str
    reversed_order_by: str
    sort_expression: str
    descending: bool
    match: str | None = None
    """The parameter holding every searched word (one FTS5 expression over ``ticket_text``),
    when the query searches text: :class:`~console.core.queue.QueueSource` then reads
    the index first (see :data:`TEXT_KEY`)."""
    rest: str = "1"
    """``where`` without the search, for reading ``ticket_text`` first."""
    by_text_key: bool = False
    """The order is ``ticket_text``'s rowid order (the sort is by ``updated``)."""


_ENUMS: dict[str, tuple[str, ...]] = {
    "status": tuple(s.value for s in Status),
    "priority": tuple(p.value for p in Priority),
    "channel": tuple(c.value for c in Channel),
    "stage": tuple(s.value for s in Stage),
    "sla": ("breached", "at_risk", "ok", "none"),
    "mood": ("rising", "peak", "calming", "calm", "angry"),
}
_STATUS_ALIASES = {
    "active": ("new", "open", "pending", "on_hold"),
    "unsolved": ("new", "open", "pending", "on_hold"),
}

FIELDS = (
    "status", "priority", "channel", "lang", "reason", "stage", "assignee", "group", "tag",
    "customer", "since", "until", "sla", "mood", "id", "account",
)  # fmt: skip
_MULTI = frozenset({"tag", "reason"})

SORTS: dict[str, str] = {  # never NULL: positions are found by comparing row values
    "updated": "t.updated_at",
    "created": "t.created_at",
    "due": "coalesce(t.due_at, 9223372036854775807)",
    "sla": "coalesce(t.due_at, 9223372036854775807)",
    "priority": "(CASE t.priority WHEN 'urgent' THEN 3 WHEN 'high' THEN 2 "
    "WHEN 'normal' THEN 1 ELSE 0 END)",
    "status": "t.status",
    "channel": "t.channel",
    "lang": "coalesce(t.language, '')",
    "stage": "t.stage",
    "subject": "t.subject COLLATE NOCASE",
    "customer": "coalesce((SELECT name FROM customers WHERE id = t.customer_id), '') "
    "COLLATE NOCASE",
    "assignee": "coalesce((SELECT name FROM agents WHERE id = t.assignee_id), '') COLLATE NOCASE",
    "hostility": "coalesce((SELECT hostility FROM ticket_insights WHERE ticket_id = t.id), 0)",
    "id": "t.id",
    "account": "t.account",
}
DEFAULT_SORT = ("updated", True)

MIN_WORD = 3
"""Shortest full-text word matched as a prefix, and searched at all while typing.
Shorter ones are usually a word still being typed (or an elision: "l'ordine" holds the
token "l") and match most of a desk: at 1M tickets "l" alone took 3-5 s."""

_TOKEN = re.compile(r'\s*(-?)(?:([A-Za-z_]+):)?("(?:[^"]*)"?|[^\s"]+|"")')
_DURATION = re.compile(r"^(\d{1,6})([mhdw])$")
_LANG = re.compile(r"^[a-z]{2,3}$")


def parse(text: str) -> Query:
    """Parse a query string; raises :class:`QueryError` for a malformed term."""
    terms: list[Term] = []
    sort: tuple[str, bool] | None = None
    position = 0
    stripped = text.rstrip()
    while position < len(stripped):
        match = _TOKEN.match(stripped, position)
        if match is None or match.end() == position:
            bad = stripped[position:].split()[0] if stripped[position:].split() else stripped
            raise QueryError(f"cannot read {bad!r}", bad)
        position = match.end()
        negated, name, value = match.group(1) == "-", match.group(2), match.group(3)
        raw = match.group(0).strip()
        phrase = value.startswith('"')
        if phrase:
            if len(value) < 2 or not value.endswith('"'):
                raise QueryError(f"unclosed quote in {raw!r}", raw)
            value = value[1:-1]
        if name is None and not phrase and value.endswith(":") and value[:-1].isidentifier():
            name, value = value[:-1], ""
        if name is None:
            if not value.strip():
                if phrase:
                    continue
                raise QueryError(f"empty term {raw!r}", raw)
            terms.append(Term(None, (value,), negated=negated, phrase=phrase, raw=raw))
            continue
        name = name.lower()
        if name == "sort":
            if negated:
                raise QueryError("sort cannot be negated; use sort:-field for descending", raw)
            descending = value.startswith("-")
            key = value.lstrip("-").lower()
            if key not in SORTS:
                raise QueryError(f"cannot sort by {key!r}; sort by one of: {', '.join(SORTS)}", raw)
            sort = (key, descending)
            continue
        if name not in FIELDS:
            raise QueryError(f"unknown field {name!r}; fields are: {', '.join(FIELDS)}", raw)
        values = tuple(v.strip() for v in value.split(",") if v.strip()) if not phrase else (value,)
        if not values:
            raise QueryError(f"{name}: needs a value", raw)
        terms.append(Term(name, tuple(_check(name, v, raw) for v in values), negated, phrase, raw))
    return Query(terms=tuple(terms), sort=sort, text=text)


def _check(name: str, value: str, raw: str) -> str:
    lowered = value.lower()
    if name == "status" and lowered in _STATUS_ALIASES:
        return lowered
    if name in _ENUMS:
        lowered = lowered.replace("-", "_")
        if lowered not in _ENUMS[name]:
            raise QueryError(f"{name}:{value} is not one of: {', '.join(_ENUMS[name])}", raw)
        return lowered
    if name == "reason":
        return resolve_reason(value)
    if name == "lang":
        if not _LANG.match(lowered):
            raise QueryError(f"lang:{value} is not a language code such as it, en, fr, de, es", raw)
        return lowered
    if name in ("since", "until"):
        _moment(value, datetime(2000, 1, 1, tzinfo=UTC), raw)  # validates
        return value
    if name == "id" and not value.lstrip("#").isdigit():
        raise QueryError(f"id:{value} is not a ticket number", raw)
    return value


def _moment(value: str, now: datetime, raw: str) -> datetime:
    duration = _DURATION.match(value.lower())
    if duration:
        amount, unit = int(duration.group(1)), duration.group(2)
        span = {"m": timedelta(minutes=1), "h": timedelta(hours=1), "d": timedelta(days=1),
                "w": timedelta(weeks=1)}[unit]  # fmt: skip
        return now - amount * span
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            return datetime(day.year, day.month, day.day, tzinfo=UTC)
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise QueryError(
            f"{value!r} is not a date (2026-11-25), a time (2026-11-25T14:00) "
            "or a span (30m, 2h, 3d, 1w)",
            raw,
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _fts_expression(
    term: Term, *, typing: bool = False, expand: Callable[[str], str | None] | None = None
) -> str:
    """A safe FTS5 query for one term: each word quoted, longer words matched as prefixes.

    ``typing``: the agent is still typing, so words under ``MIN_WORD`` letters are left
    out (at a million tickets "l" alone took 3-5 s); otherwise they must match whole.
    ``expand(word)`` may spell a prefix out as the indexed words it stands for (see
    :mod:`console.core.text_terms`); ``None`` keeps FTS5's ``"word"*``.
    """
    text = term.values[0].replace('"', '""')
    if term.phrase:
        return f'"{text}"'
    words = [w for w in re.split(r"[^\w@.'-]+", text) if w.strip("'.-@")]
    if typing:
        words = [w for w in words if len(w.strip("'.-@")) >= MIN_WORD]
    if not words:
        return '""'
    return " ".join(_word(w, expand) for w in words)


def _word(word: str, expand: Callable[[str], str | None] | None) -> str:
    if len(word) < MIN_WORD:
        return f'"{word}"'
    spelled = expand(word.replace('""', '"')) if expand is not None else None
    return f'"{word}"*' if spelled is None else spelled


SELECTIVE = 20_000
"""Below this many tickets with a tag or reason, the query starts from that list;
above it, it walks tickets in order and checks each (stopping at the first page)."""


class _Builder:
    def __init__(
        self,
        context: QueryContext,
        estimate: Callable[[str, str], int] | None = None,
        *,
        typing: bool = False,
        expand: Callable[[str], str | None] | None = None,
    ) -> None:
        self.context = context
        self.estimate = estimate
        self.typing = typing
        self.expand = expand
        self.params: dict[str, object] = {}

    def related(self, table: str, column: str, value: str) -> str:
        """Tickets with a tag or reason: from the list when it is short, else row by row.

        ``t.id IN (list)`` is instant for a rare value and materialises a huge one;
        ``EXISTS`` lets the ordered walk stop after a page for a common value but scans
        everything for a rare one. The estimate (an index count) picks per value.
        """
        bound = self.bind(value)
        rare = self.estimate is not None and self.estimate(table, value) < SELECTIVE
        if rare:
            return f"t.id IN (SELECT ticket_id FROM {table} WHERE {column} = {bound})"
        return f"EXISTS (SELECT 1 FROM {table} WHERE {column} = {bound} AND ticket_id = t.id)"

    def bind(self, value: object) -> str:
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f":{name}"

    def condition(self, term: Term) -> str:
        if term.field is None:
            return self.fulltext(term)
        parts = [self.one(term.field, value, term.raw) for value in term.values]
        return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"

    def fulltext(self, term: Term) -> str:
        """A negated word or phrase (searched words are gathered by :meth:`searched`)."""
        fts = _fts_expression(term, typing=self.typing)
        if fts == '""' and not term.phrase:
            return ""  # nothing searchable yet (a word still being typed): no condition
        return _in_text(self.bind(fts))

    def searched(self, terms: list[Term]) -> str | None:
        """The parameter of one FTS5 expression all ``terms`` must match, if any is searchable."""
        parts = [_fts_expression(term, typing=self.typing, expand=self.expand) for term in terms]
        kept = [
            part for part, term in zip(parts, terms, strict=True) if part != '""' or term.phrase
        ]
        if not kept:
            return None
        return self.bind(" AND ".join(f"({part})" for part in kept))

    def one(self, name: str, value: str, raw: str) -> str:
        if name == "status":
            if value in _STATUS_ALIASES:
                values = _STATUS_ALIASES[value]
                return "t.status IN (" + ", ".join(self.bind(v) for v in values) + ")"
            return f"t.status = {self.bind(value)}"
        if name in ("priority", "channel", "stage"):
            return f"t.{name} = {self.bind(value)}"
        if name == "lang":
            return f"t.language = {self.bind(value)}"
        if name == "tag":
            return self.related("ticket_tags", "tag", value.lower())
        if name == "reason":
            return self.related("ticket_reasons", "reason", value)
        if name == "mood":
            phases = ("rising", "peak") if value == "angry" else (value,)
            marks = ", ".join(self.bind(phase) for phase in phases)
            return (
                f"EXISTS (SELECT 1 FROM ticket_insights WHERE ticket_id = t.id "
                f"AND phase IN ({marks}))"
            )
        if name == "assignee":
            lowered = value.lower()
            if lowered == "me" and self.context.me_elsewhere:
                mine = (self.context.me, *self.context.me_elsewhere)
                return "t.assignee_id IN (" + ", ".join(self.bind(m) for m in mine) + ")"
            if lowered == "me":
                return f"t.assignee_id IS {self.bind(self.context.me)}"
            if lowered in ("none", "nobody", "unassigned"):
                return "t.assignee_id IS NULL"
            pattern = self.bind(_like_prefix(value))
            return (
                "t.assignee_id IN (SELECT id FROM agents WHERE login = "
                f"{self.bind(value)} COLLATE NOCASE OR name LIKE {pattern} ESCAPE '\\' "
                f"OR name LIKE {self.bind('% ' + _like_prefix(value))} ESCAPE '\\')"
            )
        if name == "group":
            return (
                "t.group_id IN (SELECT id FROM groups WHERE name LIKE "
                f"{self.bind(_like_prefix(value))} ESCAPE '\\')"
            )
        if name == "customer":
            if "@" in value or value.startswith("+"):
                return (
                    "t.customer_id IN (SELECT customer_id FROM customer_contacts WHERE value = "
                    f"{self.bind(value)})"
                )
            return (
                "t.customer_id IN (SELECT id FROM customers WHERE name LIKE "
                f"{self.bind(_like_prefix(value))} ESCAPE '\\' OR name LIKE "
                f"{self.bind('% ' + _like_prefix(value))} ESCAPE '\\')"
            )
        if name in ("since", "until"):
            moment = self.bind(int(_moment(value, self.context.now, raw).timestamp()))
            return f"t.created_at {'>=' if name == 'since' else '<'} {moment}"
        if name == "id":
            return f"t.id = {self.bind(int(value.lstrip('#')))}"
        if name == "account":
            return f"t.account = {self.bind(self.account(value, raw))}"
        if name == "sla":
            now = int(self.context.now.timestamp())
            soon = int((self.context.now + self.context.at_risk).timestamp())
            active = "t.status IN ('new', 'open', 'pending', 'on_hold')"
            if value == "breached":
                return f"({active} AND t.due_at < {self.bind(now)})"
            if value == "at_risk":
                return (
                    f"({active} AND t.due_at >= {self.bind(now)} AND t.due_at < {self.bind(soon)})"
                )
            if value == "ok":
                return f"({active} AND t.due_at >= {self.bind(soon)})"
            return "t.due_at IS NULL"
        raise QueryError(f"unknown field {name!r}", raw)  # pragma: no cover - parse() checks

    def account(self, value: str, raw: str) -> str:
        """One of the combined profile's accounts (the index ``tickets_account_updated``)."""
        accounts = self.context.accounts
        if not accounts:
            raise QueryError("account: this profile has a single account", raw)
        for name in accounts:
            if name.lower() == value.lower():
                return name
        raise QueryError(f"account:{value} is not one of: {', '.join(accounts)}", raw)


TEXT_KEY = 2_147_483_648
"""``ticket_text`` rowids are ``updated_at * TEXT_KEY + id`` (see the store schema):
the queue's default order, so a page of a search is read in index order."""


def _in_text(expression: str) -> str:
    return (
        f"t.id IN (SELECT rowid & {TEXT_KEY - 1} FROM ticket_text "
        f"WHERE ticket_text MATCH {expression})"
    )


def _like_prefix(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


def _field_being_typed(term: Term) -> bool:
    """A last bare word that could still become ``field:``: wait for the colon.

    Typing ``lang:it rea`` must not search every message for "rea*" on its way to
    ``reason:`` (hundreds of milliseconds at a million tickets); quote such a word, or
    follow it with another term, to search it.
    """
    if term.field is not None or term.phrase or term.negated:
        return False
    word = term.values[0].lower()
    return any(name.startswith(word) for name in (*FIELDS, "sort"))


def _reason_being_typed(term: Term) -> bool:
    """A last ``reason:`` whose value is only the start of a reason's name: wait for it.

    ``lang:it reason:re`` on its way to ``reason:return`` names no reason yet; filtering by
    it finds nothing, slowly (every Italian ticket is checked, 45 ms at a million).
    """
    if term.field != "reason" or term.negated:
        return False
    names = (*REASONS, *REASON_ALIASES)
    return any(
        value.lower() not in names and any(name.startswith(value.lower()) for name in names)
        for value in term.values
    )


def compile_query(
    query: Query,
    context: QueryContext,
    *,
    estimate: Callable[[str, str], int] | None = None,
    typing: bool = False,
    expand: Callable[[str], str | None] | None = None,
) -> CompiledQuery:
    """The WHERE clause (over ``tickets AS t``), its parameters and the ORDER BY.

    ``estimate(table, value)`` (how many rows of ``ticket_tags``/``ticket_reasons`` have
    that value) lets the compiler pick the cheaper form for each tag and reason.
    ``typing`` is for a filter still being typed (the queue's ``/``): words too short to
    search and a last word that could still become a field are not searched yet. A
    query given whole (views, the command line) searches every word. ``expand(word)``
    spells a searched prefix out as indexed words (:class:`~console.core.text_terms.PrefixWords`).
    """
    builder = _Builder(context, estimate, typing=typing, expand=expand)
    groups: dict[tuple[str | None, bool], list[str]] = {}
    clauses: list[str] = []
    words: list[Term] = []
    for position, term in enumerate(query.terms):
        if (
            typing
            and position == len(query.terms) - 1
            and (_field_being_typed(term) or _reason_being_typed(term))
        ):
            continue
        if term.field is None and not term.negated:
            words.append(term)
            continue
        condition = builder.condition(term)
        if not condition:
            continue
        if term.field is None or term.field in _MULTI:
            clauses.append(f"NOT {condition}" if term.negated else condition)
        else:
            groups.setdefault((term.field, term.negated), []).append(condition)
    for (_, negated), conditions in groups.items():
        either = conditions[0] if len(conditions) == 1 else "(" + " OR ".join(conditions) + ")"
        clauses.append(f"NOT {either}" if negated else either)
    rest = " AND ".join(clauses) if clauses else "1"
    match = builder.searched(words)
    where = rest if match is None else " AND ".join([_in_text(match), *clauses])
    key, descending = query.sort or DEFAULT_SORT
    expression = SORTS[key]
    forward = "DESC" if descending else "ASC"
    backward = "ASC" if descending else "DESC"
    return CompiledQuery(
        where=where,
        params=builder.params,
        order_by=f"{expression} {forward}, t.id {forward}",
        reversed_order_by=f"{expression} {backward}, t.id {backward}",
        sort_expression=expression,
        descending=descending,
        match=match,
        rest=rest,
        by_text_key=key == "updated",
    )


def combine(*texts: str) -> str:
    """Join query strings (a view's and the user's filter) into one."""
    return " ".join(t.strip() for t in texts if t and t.strip())
