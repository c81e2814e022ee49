"""Claims analytics: why customers write, where from, how fast they are answered.

Complaints show what to fix in the shop when their causes are counted and followed
over time. Three reports over the store (the embedded desk or a mirror), all pure
SQL and Python with ``since``/``until``/``now`` passed in, so the console screen,
``deskside report`` and the tests compute the very same numbers:

- :func:`reasons_report`: contacts per contact reason, per day or week;
- :func:`channels_report`: the same per channel and per language;
- :func:`console.core.reports_sla.sla_report`: first-response and resolution
  times per channel against the channel's target, and what is breached now.

Definitions (also printed under the tables and in ``deskside report --help``):

contacts
    tickets *created* in the window. A ticket with two reasons counts once for
    each; shares are of all contacts, so reason shares can add up to over 100%.
    Tickets the insights indexer has not analysed yet have no reason: they are
    counted under ``unanalysed`` (and their mood is unknown).
first response
    ``first_response_at - created_at`` (the first public agent reply), over the
    tickets that have one.
resolution
    ``solved_at - created_at`` over tickets with a solved time. The embedded desk
    keeps the *first* solve when a customer reopens a ticket; a mirror has solved
    times only when its backend provides them, so this can be empty there.
reopened
    a solved ticket the customer came back to within :data:`REOPEN_WITHIN` (7 days)
    of its solved time: a customer message on the same ticket, or a new ticket
    from the same customer. Helpdesks differ in whether a reply reopens a solved
    ticket or opens a follow-up; both are the customer not being done. Rate = of
    the solved tickets. A ticket solved in the last 7 days has had less time to
    come back.
rising fastest
    the (at most 3) highest trends among the rows growing faster than all contacts
    together (so a surge of every reason at once does not hide which grows most),
    with at least :data:`RISING_MIN_CONTACTS` contacts.
angry
    an analysed ticket whose hostility curve is ``rising`` or at its ``peak`` now,
    or reached :data:`ANGRY_AT` (0.5, the ``hostile`` level of ``hostility.toml``)
    at any customer message. Share = of the analysed tickets.
trend, median, percentiles
    see :mod:`console.core.reports_stats`.

Time buckets end at ``until``: "30 days by day" is 30 periods of 24 hours ending
now, so every bucket is whole and trends are not bent by a half-finished day; a
window that is not a whole number of buckets is widened at its start.

Cost: one indexed pass over the window's tickets (reasons, insights, the
customer's next ticket and the ticket's later messages are primary-key or index
look-ups). Measured on the 100k-ticket demo desk: 0.3 s to fetch a 30-day window
(37k contacts), 0.15 s for 7 days, 0.65 s for 90 days. There is no index on
``tickets.created_at``, so the window filter scans the tickets table (25 ms at
100k; an index would matter from about a million tickets).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Literal

from console.core.insights.reasons import REASONS
from console.core.reports_stats import median, share, trend

__all__ = [
    "ACTIVE_STATUSES",
    "ANGRY_AT",
    "MAX_BUCKETS",
    "REOPEN_WITHIN",
    "RISING_MIN_CONTACTS",
    "UNANALYSED",
    "UNKNOWN_LANGUAGE",
    "Breakdown",
    "ChannelsReport",
    "Contact",
    "Granularity",
    "KeyStats",
    "ReasonsReport",
    "Window",
    "aware",
    "channels_report",
    "default_granularity",
    "fetch_contacts",
    "make_window",
    "parse_moment",
    "reasons_report",
]

Granularity = Literal["day", "week"]

UNANALYSED = "unanalysed"
"""The reasons row of tickets the insights indexer has not analysed yet."""
UNKNOWN_LANGUAGE = "unknown"
"""The languages row of tickets with no language."""

ANGRY_AT = 0.5
"""A hostility score at or above this, at any message, makes a contact angry."""
REOPEN_WITHIN = timedelta(days=7)
"""How long after solving a customer coming back counts as a reopen."""
RISING_MIN_CONTACTS = 10
"""Rows with fewer contacts are never "rising fastest" (two contacts after none is noise)."""
MAX_BUCKETS = 400
"""More buckets than this is an error: ask for weeks instead of days."""

ACTIVE_STATUSES = ("new", "open", "pending", "on_hold")


_STEP = {"day": timedelta(days=1), "week": timedelta(weeks=1)}
_SPAN = re.compile(r"(\d+)([mhdw])")
_SPAN_UNITS = {
    "m": timedelta(minutes=1),
    "h": timedelta(hours=1),
    "d": timedelta(days=1),
    "w": timedelta(weeks=1),
}


# -- the window ------------------------------------------------------------------------------


def parse_moment(text: str, now: datetime) -> datetime:
    """A span back from ``now`` (``30d``, ``12h``, ``2w``), a date or an ISO time (UTC if naive).

    Raises :class:`ValueError` with a message for people.
    """
    value = text.strip()
    span = _SPAN.fullmatch(value.lower())
    if span:
        return now - int(span.group(1)) * _SPAN_UNITS[span.group(2)]
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            return datetime(day.year, day.month, day.day, tzinfo=UTC)
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"{text!r} is not a span (30d, 12h, 2w), a date (2026-11-01) "
            "or a time (2026-11-01T08:00)"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def default_granularity(since: datetime, until: datetime) -> Granularity:
    """Days for windows up to 45 days, weeks beyond."""
    return "day" if until - since <= timedelta(days=45) else "week"


@dataclass(frozen=True, slots=True)
class Window:
    """``[since, until)`` cut into whole buckets of a day or a week ending at ``until``."""

    since: datetime
    until: datetime
    by: Granularity

    @property
    def step(self) -> timedelta:
        return _STEP[self.by]

    @property
    def buckets(self) -> int:
        return round((self.until - self.since) / self.step)

    @property
    def start(self) -> int:
        return int(self.since.timestamp())

    @property
    def end(self) -> int:
        return int(self.until.timestamp())

    def bucket_starts(self) -> list[datetime]:
        return [self.since + i * self.step for i in range(self.buckets)]

    def bucket_of(self, created_at: int) -> int:
        return (created_at - self.start) // int(self.step.total_seconds())


def make_window(since: datetime, until: datetime, by: Granularity | None = None) -> Window:
    """The window from ``since`` to ``until``, widened at its start to whole buckets.

    Raises :class:`ValueError` when ``since`` is not before ``until`` or the window
    has more than :data:`MAX_BUCKETS` buckets.
    """
    since, until = aware(since), aware(until)
    if since >= until:
        raise ValueError(
            f"the window is empty: since {since:%Y-%m-%d %H:%M} is not before "
            f"until {until:%Y-%m-%d %H:%M} UTC"
        )
    chosen: Granularity = by or default_granularity(since, until)
    step = _STEP[chosen]
    count = -(-(until - since) // step)  # ceiling division of timedeltas
    if count > MAX_BUCKETS:
        raise ValueError(f"{count} {chosen}s is too many (at most {MAX_BUCKETS}); use --by week")
    return Window(until - count * step, until, chosen)


def aware(moment: datetime) -> datetime:
    """``moment`` in UTC (a naive one is taken as UTC)."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


# -- one row per contact ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Contact:
    """What the reports need of one ticket created in the window."""

    id: int
    created_at: int
    channel: str
    language: str | None
    status: str
    first_response: int | None
    """Seconds from creation to the first public agent reply."""
    resolution: int | None
    """Seconds from creation to the (first) solve."""
    reasons: tuple[str, ...]
    """Empty when the ticket has not been analysed."""
    analysed: bool
    angry: bool
    reopened: bool

    @property
    def solved(self) -> bool:
        return self.resolution is not None


_CONTACTS_SQL = """
SELECT t.id, t.created_at, t.channel, t.language, t.status,
       t.first_response_at - t.created_at,
       t.solved_at - t.created_at,
       (SELECT group_concat(r.reason, ' ') FROM ticket_reasons AS r WHERE r.ticket_id = t.id),
       i.ticket_id IS NOT NULL,
       coalesce(i.phase IN ('rising', 'peak') OR (CASE WHEN json_valid(i.curve)
           THEN (SELECT max(value) FROM json_each(i.curve)) END) >= :angry, 0),
       t.solved_at IS NOT NULL AND (
           EXISTS (SELECT 1 FROM messages AS m WHERE m.ticket_id = t.id
                   AND m.created_at > t.solved_at AND m.created_at <= t.solved_at + :back
                   AND m.author_role = 'customer')
           OR EXISTS (SELECT 1 FROM tickets AS n WHERE n.customer_id = t.customer_id
                   AND n.created_at > t.solved_at AND n.created_at <= t.solved_at + :back))
FROM tickets AS t LEFT JOIN ticket_insights AS i ON i.ticket_id = t.id
WHERE t.created_at >= :since AND t.created_at < :until
"""


def fetch_contacts(
    conn: sqlite3.Connection,
    window: Window,
    *,
    angry_at: float = ANGRY_AT,
    reopen_within: timedelta = REOPEN_WITHIN,
) -> list[Contact]:
    """Every ticket created in the window, with the facts the reports count."""
    params = {
        "since": window.start,
        "until": window.end,
        "angry": angry_at,
        "back": int(reopen_within.total_seconds()),
    }
    reasons: dict[str | None, tuple[str, ...]] = {}
    contacts = []
    for key, created, channel, language, status, first, resolved, found, *flags in conn.execute(
        _CONTACTS_SQL, params
    ):
        ordered = reasons.get(found)
        if ordered is None:
            ordered = reasons[found] = _ordered_reasons(str(found or "").split())
        contacts.append(
            Contact(
                key,
                created,
                str(channel),
                language,
                str(status),
                None if first is None else max(0, first),
                None if resolved is None else max(0, resolved),
                ordered,
                bool(flags[0]),
                bool(flags[1]),
                bool(flags[2]),
            )
        )
    return contacts


def _ordered_reasons(found: Iterable[str]) -> tuple[str, ...]:
    known = set(found)
    ordered = [r for r in REASONS if r in known]
    return (*ordered, *sorted(known - set(ordered)))


# -- reasons, channels, languages -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class KeyStats:
    """The contacts of one reason (or channel, or language) in the window."""

    key: str
    contacts: int
    share: float
    """Of all contacts in the window."""
    series: tuple[int, ...]
    """Contacts per bucket, oldest first."""
    trend: float
    answered: int
    first_response_median: float | None
    solved: int
    resolution_median: float | None
    reopened: int
    reopen_rate: float | None
    """Reopened / solved."""
    analysed: int
    angry: int
    angry_share: float | None
    """Angry / analysed."""


@dataclass(frozen=True, slots=True)
class Breakdown:
    """Contacts grouped by one attribute, most contacts first."""

    name: str
    """``reasons``, ``channels`` or ``languages``."""
    rows: tuple[KeyStats, ...]
    rising: tuple[str, ...]
    """The (at most 3) keys rising fastest: the highest trends among the keys growing
    faster than all contacts together, with at least ``rising_min`` contacts."""

    def row(self, key: str) -> KeyStats:
        return next(row for row in self.rows if row.key == key)


@dataclass(frozen=True, slots=True)
class ReasonsReport:
    window: Window
    contacts: int
    series: tuple[int, ...]
    """All contacts per bucket."""
    trend: float
    unanalysed: int
    reasons: Breakdown

    @property
    def breakdowns(self) -> tuple[Breakdown, ...]:
        return (self.reasons,)


@dataclass(frozen=True, slots=True)
class ChannelsReport:
    window: Window
    contacts: int
    series: tuple[int, ...]
    trend: float
    unanalysed: int
    channels: Breakdown
    languages: Breakdown

    @property
    def breakdowns(self) -> tuple[Breakdown, ...]:
        return (self.channels, self.languages)


@dataclass
class _Tally:
    series: list[int]
    contacts: int = 0
    first_responses: list[int] = field(default_factory=list)
    resolutions: list[int] = field(default_factory=list)
    reopened: int = 0
    analysed: int = 0
    angry: int = 0

    def add(self, contact: Contact, bucket: int) -> None:
        self.contacts += 1
        self.series[bucket] += 1
        if contact.first_response is not None:
            self.first_responses.append(contact.first_response)
        if contact.resolution is not None:
            self.resolutions.append(contact.resolution)
            self.reopened += contact.reopened
        if contact.analysed:
            self.analysed += 1
            self.angry += contact.angry


def _stats(key: str, tally: _Tally, total: int) -> KeyStats:
    solved = len(tally.resolutions)
    return KeyStats(
        key=key,
        contacts=tally.contacts,
        share=tally.contacts / total if total else 0.0,
        series=tuple(tally.series),
        trend=trend(tally.series),
        answered=len(tally.first_responses),
        first_response_median=median(tally.first_responses),
        solved=solved,
        resolution_median=median(tally.resolutions),
        reopened=tally.reopened,
        reopen_rate=share(tally.reopened, solved),
        analysed=tally.analysed,
        angry=tally.angry,
        angry_share=share(tally.angry, tally.analysed),
    )


def _breakdown(
    name: str,
    window: Window,
    contacts: Sequence[Contact],
    keys_of: Mapping[int, Sequence[str]],
    *,
    last: Sequence[str] = (),
    rising_min: int,
    overall: float,
) -> Breakdown:
    tallies: dict[str, _Tally] = {}
    for contact in contacts:
        bucket = window.bucket_of(contact.created_at)
        for key in keys_of[contact.id]:
            tally = tallies.get(key)
            if tally is None:
                tally = tallies[key] = _Tally([0] * window.buckets)
            tally.add(contact, bucket)
    total = len(contacts)
    rows = sorted(
        (_stats(key, tally, total) for key, tally in tallies.items()),
        key=lambda row: (row.key in last, -row.contacts, row.key),
    )
    floor = max(0.0, overall)
    candidates = [
        row
        for row in rows
        if row.key not in last and row.contacts >= rising_min and row.trend > floor
    ]
    candidates.sort(key=lambda row: (-row.trend, -row.contacts, row.key))
    return Breakdown(name, tuple(rows), tuple(row.key for row in candidates[:3]))


def _totals(window: Window, contacts: Sequence[Contact]) -> tuple[int, tuple[int, ...], float]:
    series = [0] * window.buckets
    for contact in contacts:
        series[window.bucket_of(contact.created_at)] += 1
    return len(contacts), tuple(series), trend(series)


def reasons_report(
    conn: sqlite3.Connection,
    *,
    since: datetime,
    until: datetime,
    by: Granularity | None = None,
    rising_min: int = RISING_MIN_CONTACTS,
    contacts: Sequence[Contact] | None = None,
) -> ReasonsReport:
    """Contacts per reason in the window (see the module doc for every definition).

    ``contacts`` (from :func:`fetch_contacts` over ``make_window(since, until, by)``)
    lets a caller computing several reports (the screen) run the query once.
    """
    window = make_window(since, until, by)
    found = fetch_contacts(conn, window) if contacts is None else contacts
    keys = {c.id: c.reasons or (UNANALYSED,) for c in found}
    total, series, overall = _totals(window, found)
    return ReasonsReport(
        window=window,
        contacts=total,
        series=series,
        trend=overall,
        unanalysed=sum(not c.reasons for c in found),
        reasons=_breakdown(
            "reasons",
            window,
            found,
            keys,
            last=(UNANALYSED,),
            rising_min=rising_min,
            overall=overall,
        ),
    )


def channels_report(
    conn: sqlite3.Connection,
    *,
    since: datetime,
    until: datetime,
    by: Granularity | None = None,
    rising_min: int = RISING_MIN_CONTACTS,
    contacts: Sequence[Contact] | None = None,
) -> ChannelsReport:
    """Contacts per channel and per language in the window, as :func:`reasons_report`."""
    window = make_window(since, until, by)
    found = fetch_contacts(conn, window) if contacts is None else contacts
    total, series, overall = _totals(window, found)
    channels = {c.id: (c.channel,) for c in found}
    languages = {c.id: (c.language or UNKNOWN_LANGUAGE,) for c in found}
    return ChannelsReport(
        window=window,
        contacts=total,
        series=series,
        trend=overall,
        unanalysed=sum(not c.reasons for c in found),
        channels=_breakdown(
            "channels", window, found, channels, rising_min=rising_min, overall=overall
        ),
        languages=_breakdown(
            "languages",
            window,
            found,
            languages,
            last=(UNKNOWN_LANGUAGE,),
            rising_min=rising_min,
            overall=overall,
        ),
    )
