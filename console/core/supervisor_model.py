"""What the supervisor dashboard shows, as plain data: settings, rows and their definitions.

The numbers are computed by :mod:`console.core.supervisor_sql` and shown by the
supervisor screen, the wallboard and ``deskside report live``; this module says
what each one *means*, so the three agree.

Definitions (all times are the store's epoch seconds, "now" is the workspace clock):

* **In the queue** (active): status ``new``, ``open``, ``pending`` or ``on_hold``.
* **Depth an hour ago**: status history is not stored, so it is reconstructed from
  timestamps: a ticket was in the queue at ``t = now - 1h`` when
  ``created_at <= t`` and it was not solved by then (``solved_at > t``, or no
  ``solved_at`` and still active). It is split by the ticket's *current* channel,
  language, priority and reasons (these rarely change); the status an hour ago
  cannot be told, so per-status rows have no "an hour ago" (only the total has).
  A ticket solved before ``t`` and reopened since counts as in the queue then.
* **SLA deadline**: ``due_at`` when the helpdesk (or the desk) gives one; else, for a
  ticket still waiting for its first answer (``new``/``open`` and no
  ``first_response_at``), ``created_at`` plus the channel's first-response target
  (:data:`DEFAULT_TARGETS`, overridden by the config's ``[sla]``, read as the claims
  reports read it).
* **At risk**: the deadline is less than the channel's *risk window* away: the
  profile's ``at_risk`` (30 min by default) but at most half the channel's target,
  so a 5-minute chat is at risk in its last 2½ minutes, not from the start.
  **Breached**: the deadline has passed.
* **Promised by**: ``promised_by`` of a promise still to keep (an active ticket not
  past the solve stage, as :func:`console.core.workflow_rules.promise_open` says),
  at risk within the workflow's warning time (2 hours).
* **Waiting since**: the ticket's creation while it has no answer yet, else the
  customer's last message (``last_customer_at``, or the creation when unknown).
  **Oldest waiting**: ``new``/``open`` tickets, longest waiting first.
* **Angry**: active tickets whose hostility curve is ``rising`` or at its ``peak``
  (``mood:angry`` in the query language), longest waiting first.
* **Agent load**: active tickets assigned; public replies written in the last hour;
  median first response (``first_response_at - created_at``) of the tickets
  assigned to them that got their first answer in the last 24 hours; the stage of
  their *current* ticket, the most recently updated active one assigned to them.
* **Flow**: tickets created, and tickets solved (and still solved or closed), per
  5-minute bucket over the last hours; the last bucket is the one in progress.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from console.core.reports_sla import sla_targets as _report_targets
from console.core.workflow_rules import DEFAULT_WARN, DeadlineState
from console.core.workflow_rules import deadline_state as _promise_state

__all__ = [
    "ACTIVE_STATUSES",
    "DEFAULT_TARGETS",
    "DEPTH_DIMENSIONS",
    "AgentLoad",
    "Dashboard",
    "DashboardSettings",
    "DeadlineKind",
    "DepthRow",
    "Flow",
    "TicketItem",
    "deadline_state",
    "sla_targets",
]

ACTIVE_STATUSES: tuple[str, ...] = ("new", "open", "pending", "on_hold")
"""Statuses that are still the desk's work (everything but solved and closed)."""

DEPTH_DIMENSIONS: tuple[str, ...] = ("status", "channel", "language", "priority", "reason")

DEFAULT_TARGETS: Mapping[str, timedelta] = {
    channel: timedelta(seconds=seconds) for channel, seconds in _report_targets().items()
}
"""First-response targets per channel (the claims reports' and the demo desk's): chat in
minutes, email in hours."""

FALLBACK_TARGET = timedelta(hours=4)
"""The target of a channel the table does not name (a plugin's own channel)."""


def sla_targets(configured: Mapping[str, str] | None = None) -> dict[str, timedelta]:
    """The per-channel targets: the defaults, overridden by the config's ``[sla]`` table.

    The same reading as the claims reports (:func:`console.core.reports_sla.sla_targets`):
    ``social`` sets facebook, instagram and twitter; ``at_risk`` is not a target.
    """
    return {
        channel: timedelta(seconds=seconds)
        for channel, seconds in _report_targets(configured).items()
        if seconds > 0
    }


@dataclass(frozen=True, slots=True)
class DashboardSettings:
    """How the dashboard is computed: targets, the risk window, list sizes, windows."""

    targets: Mapping[str, timedelta] = field(default_factory=lambda: dict(DEFAULT_TARGETS))
    at_risk: timedelta = timedelta(minutes=30)
    list_limit: int = 50
    """At most this many tickets per list (the counts are always whole)."""
    flow_hours: int = 3
    bucket: timedelta = timedelta(minutes=5)
    median_window: timedelta = timedelta(hours=24)
    promise_warn: timedelta = DEFAULT_WARN
    """A promise is at risk this long before its time (the workflow's warning)."""
    slice_limit: int = 30
    """Tickets offered when drilling into a depth, agent or flow row."""

    def target(self, channel: str) -> timedelta:
        return self.targets.get(channel, FALLBACK_TARGET)

    def risk_window(self, channel: str) -> timedelta:
        """How long before its deadline a ticket on ``channel`` counts as at risk."""
        return min(self.at_risk, self.target(channel) / 2)

    @property
    def flow_buckets(self) -> int:
        return max(1, int(self.flow_hours * 3600 // self.bucket.total_seconds()))


class DeadlineKind:
    """What a ticket's deadline is for."""

    FIRST = "first"
    """The first response (no answer yet)."""
    NEXT = "next"
    """The next response: the helpdesk's due time of an answered ticket."""
    PROMISE = "promise"
    """A promised-by time set at the fix stage."""


@dataclass(frozen=True, slots=True)
class TicketItem:
    """One ticket in a dashboard list, with what its row shows and ticks from."""

    id: int
    number: str
    subject: str
    status: str
    priority: str
    channel: str
    stage: str
    assignee: str | None
    waiting_since: datetime
    deadline: datetime | None = None
    kind: str | None = None
    """A :class:`DeadlineKind` for deadline lists, else ``None``."""
    phase: str | None = None
    curve: tuple[float, ...] = ()


@dataclass(frozen=True, slots=True)
class DepthRow:
    """How many active tickets share one value of a dimension, now and an hour ago."""

    dimension: str
    value: str
    now: int
    hour_ago: int | None
    """``None`` where it cannot be told (the status an hour ago)."""

    @property
    def delta(self) -> int | None:
        return None if self.hour_ago is None else self.now - self.hour_ago


@dataclass(frozen=True, slots=True)
class AgentLoad:
    """One agent's share of the queue (``id`` ``None``: the unassigned tickets)."""

    id: int | None
    name: str
    open: int
    replies_last_hour: int
    median_first_response: timedelta | None
    current_ticket: int | None
    current_number: str | None
    current_stage: str | None


@dataclass(frozen=True, slots=True)
class Flow:
    """Tickets created and solved per bucket; ``start`` is the first bucket's start."""

    start: datetime
    bucket: timedelta
    arrivals: tuple[int, ...]
    solved: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Dashboard:
    """Every number of the supervisor view at one moment (one read transaction)."""

    now: datetime
    settings: DashboardSettings
    total: DepthRow
    depth: Mapping[str, tuple[DepthRow, ...]]
    """Dimension (:data:`DEPTH_DIMENSIONS`) to its rows, largest first."""
    breached: int
    at_risk: int
    deadlines: tuple[TicketItem, ...]
    """Breached and at-risk SLA deadlines, the most overdue first."""
    promises: tuple[TicketItem, ...]
    promise_count: int
    oldest: tuple[TicketItem, ...]
    waiting_count: int
    angry: tuple[TicketItem, ...]
    angry_count: int
    agents: tuple[AgentLoad, ...]
    flow: Flow
    took: float = 0.0
    """Seconds the computation took (shown to nobody; the live loop paces itself by it)."""


def deadline_state(item: TicketItem, now: datetime, settings: DashboardSettings) -> str:
    """``breached``, ``at_risk`` or ``ok`` for a deadline item at ``now`` (``none`` without).

    SLA deadlines are at risk within the channel's risk window; promises within the
    workflow's warning time (:data:`console.core.workflow_rules.DEFAULT_WARN`), as the
    queue's promise column shows them.
    """
    if item.deadline is None:
        return "none"
    if item.kind == DeadlineKind.PROMISE:
        state = _promise_state(item.deadline, now, warn=settings.promise_warn)
        return _PROMISE_STATES[state]
    left = item.deadline - now
    if left < timedelta(0):
        return "breached"
    if left < settings.risk_window(item.channel):
        return "at_risk"
    return "ok"


_PROMISE_STATES = {
    DeadlineState.PASSED: "breached",
    DeadlineState.SOON: "at_risk",
    DeadlineState.OK: "ok",
    DeadlineState.NONE: "none",
}
