"""Response times per channel: first response and resolution against each channel's target.

Part of the claims reports (:mod:`console.core.reports`, whose definitions and
window rules apply): for the contacts of a window, per channel and for them all,
the p50 and p90 of the first-response and resolution times, the median first
response of every time bucket, the share answered within the channel's target,
the contacts still waiting past it, and the tickets breached *now*.

Targets are first-response seconds per channel: :data:`DEFAULT_TARGETS` (the
demo desk's clocks use the same), changed by the config's ``[sla]`` section
through :func:`sla_targets`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from console.core.config import parse_duration
from console.core.reports import (
    ACTIVE_STATUSES,
    Contact,
    Granularity,
    Window,
    aware,
    fetch_contacts,
    make_window,
)
from console.core.reports_stats import median, percentile, share

__all__ = [
    "DEFAULT_TARGETS",
    "SOCIAL_CHANNELS",
    "SlaReport",
    "SlaRow",
    "sla_report",
    "sla_targets",
]

SOCIAL_CHANNELS = ("facebook", "instagram", "twitter")

DEFAULT_TARGETS: Mapping[str, int] = {
    "chat": 5 * 60,
    "phone": 10 * 60,
    "whatsapp": 15 * 60,
    "sms": 15 * 60,
    "facebook": 3600,
    "instagram": 3600,
    "twitter": 3600,
    "email": 4 * 3600,
    "web_form": 4 * 3600,
}
"""Seconds to the first response per channel (the demo desk's ``due_at`` uses the same)."""


def sla_targets(configured: Mapping[str, str] | None = None) -> dict[str, int]:
    """:data:`DEFAULT_TARGETS` with the config's ``[sla]`` first-response targets applied.

    Keys are channels (``chat = "3m"``); ``social`` sets facebook, instagram and
    twitter at once; ``at_risk`` (the queue's warning time) is not a target.
    Raises :class:`ValueError` for a value that is not a duration.
    """
    targets = dict(DEFAULT_TARGETS)
    for key, value in (configured or {}).items():
        if key == "at_risk":
            continue
        seconds = int(parse_duration(value).total_seconds())
        for channel in SOCIAL_CHANNELS if key == "social" else (key,):
            targets[channel] = seconds
    return targets


# -- the report ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SlaRow:
    """First-response and resolution times of one channel (or ``all``) against its target.

    ``decided`` are the contacts whose target is settled: answered, or unanswered
    with the target passed; tickets solved or closed without any public reply
    (spam, merged, answered off the desk) and unanswered ones still inside their
    target are left out. ``within_share`` = ``within_target / decided``.
    """

    channel: str
    target: int | None
    """Seconds; ``None`` for a channel with no target (and for ``all``)."""
    contacts: int
    series: tuple[int, ...]
    answered: int
    first_response_p50: float | None
    first_response_p90: float | None
    series_p50: tuple[float | None, ...]
    """Median first response of each bucket's contacts."""
    solved: int
    resolution_p50: float | None
    resolution_p90: float | None
    decided: int
    within_target: int
    within_share: float | None
    waiting_past_target: int
    """Contacts of the window still unanswered after their target."""
    breached_now: int
    """Active tickets (any age) whose due time has passed now, as ``sla:breached``."""


@dataclass(frozen=True, slots=True)
class SlaReport:
    window: Window
    now: datetime
    targets: Mapping[str, int]
    contacts: int
    rows: tuple[SlaRow, ...]
    overall: SlaRow

    def row(self, channel: str) -> SlaRow:
        return next(row for row in self.rows if row.channel == channel)


@dataclass
class _SlaTally:
    buckets: list[list[int]]
    series: list[int]
    contacts: int = 0
    first_responses: list[int] = field(default_factory=list)
    resolutions: list[int] = field(default_factory=list)
    decided: int = 0
    within: int = 0
    waiting: int = 0


def sla_report(
    conn: sqlite3.Connection,
    *,
    since: datetime,
    until: datetime,
    now: datetime,
    by: Granularity | None = None,
    targets: Mapping[str, int] | None = None,
    contacts: Sequence[Contact] | None = None,
) -> SlaReport:
    """Per channel: p50/p90 first response and resolution, share within target, breaches.

    ``targets`` maps channels to first-response seconds (:data:`DEFAULT_TARGETS`
    when not given; :func:`sla_targets` merges the config's ``[sla]``).
    """
    window = make_window(since, until, by)
    goal = dict(DEFAULT_TARGETS if targets is None else targets)
    found = fetch_contacts(conn, window) if contacts is None else contacts
    at = int(aware(now).timestamp())
    everything = _SlaTally([[] for _ in range(window.buckets)], [0] * window.buckets)
    tallies: dict[str, _SlaTally] = {}
    for contact in found:
        tally = tallies.get(contact.channel)
        if tally is None:
            tally = tallies[contact.channel] = _SlaTally(
                [[] for _ in range(window.buckets)], [0] * window.buckets
            )
        bucket = window.bucket_of(contact.created_at)
        target = goal.get(contact.channel)
        for each in (tally, everything):
            _sla_add(each, contact, bucket, target, at)
    breached = dict(
        conn.execute(
            "SELECT channel, count(*) FROM tickets WHERE due_at < ? AND status IN "
            f"({', '.join('?' for _ in ACTIVE_STATUSES)}) GROUP BY channel",
            (at, *ACTIVE_STATUSES),
        ).fetchall()
    )
    for channel in breached:
        tallies.setdefault(
            str(channel), _SlaTally([[] for _ in range(window.buckets)], [0] * window.buckets)
        )
    rows = [
        _sla_row(channel, goal.get(channel), tally, int(breached.get(channel, 0)))
        for channel, tally in tallies.items()
    ]
    rows.sort(key=lambda row: (-row.contacts, row.channel))
    overall = _sla_row("all", None, everything, sum(int(n) for n in breached.values()))
    return SlaReport(window, aware(now), goal, len(found), tuple(rows), overall)


def _sla_add(tally: _SlaTally, contact: Contact, bucket: int, target: int | None, at: int) -> None:
    tally.contacts += 1
    tally.series[bucket] += 1
    first = contact.first_response
    if first is not None:
        tally.first_responses.append(first)
        tally.buckets[bucket].append(first)
    if contact.resolution is not None:
        tally.resolutions.append(contact.resolution)
    if target is None:
        return
    if first is not None:
        tally.decided += 1
        tally.within += first <= target
    elif contact.status in ACTIVE_STATUSES and contact.created_at + target <= at:
        tally.decided += 1
        tally.waiting += 1


def _sla_row(channel: str, target: int | None, tally: _SlaTally, breached: int) -> SlaRow:
    return SlaRow(
        channel=channel,
        target=target,
        contacts=tally.contacts,
        series=tuple(tally.series),
        answered=len(tally.first_responses),
        first_response_p50=percentile(tally.first_responses, 0.5),
        first_response_p90=percentile(tally.first_responses, 0.9),
        series_p50=tuple(median(values) for values in tally.buckets),
        solved=len(tally.resolutions),
        resolution_p50=percentile(tally.resolutions, 0.5),
        resolution_p90=percentile(tally.resolutions, 0.9),
        decided=tally.decided,
        within_target=tally.within,
        within_share=share(tally.within, tally.decided),
        waiting_past_target=tally.waiting,
        breached_now=breached,
    )
