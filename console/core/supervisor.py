"""The supervisor dashboard, without Textual: numbers, their live upkeep, and their JSON.

A supervisor needs to see where the queue is slipping before it does. The same
numbers feed three front ends: the live supervisor screen, the wallboard, and
``deskside report live`` for scripts and alerting. They are defined in
:mod:`console.core.supervisor_model`, computed in SQL by
:mod:`console.core.supervisor_sql` and kept current by
:mod:`console.core.supervisor_live`; this module gathers the public names and
turns a :class:`Dashboard` into the JSON object the command prints.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from api_client.sanitize import sanitize
from console.core.supervisor_live import (
    FAST_POLL,
    IDLE_POLL,
    PERIODIC_REFRESH,
    STALE_AFTER,
    LiveDashboard,
    poll_interval,
)
from console.core.supervisor_model import (
    ACTIVE_STATUSES,
    DEFAULT_TARGETS,
    DEPTH_DIMENSIONS,
    AgentLoad,
    Dashboard,
    DashboardSettings,
    DeadlineKind,
    DepthRow,
    Flow,
    TicketItem,
    deadline_state,
    sla_targets,
)
from console.core.supervisor_sql import SLICES, compute_dashboard, slice_tickets
from console.core.ticket_json import rfc3339

__all__ = [
    "ACTIVE_STATUSES",
    "DEFAULT_TARGETS",
    "DEPTH_DIMENSIONS",
    "FAST_POLL",
    "IDLE_POLL",
    "JSON_VERSION",
    "PERIODIC_REFRESH",
    "SLICES",
    "STALE_AFTER",
    "AgentLoad",
    "Dashboard",
    "DashboardSettings",
    "DeadlineKind",
    "DepthRow",
    "Flow",
    "LiveDashboard",
    "TicketItem",
    "as_of",
    "compute_dashboard",
    "dashboard_json",
    "deadline_state",
    "poll_interval",
    "sla_targets",
    "slice_tickets",
]

JSON_VERSION = 1
"""Bumped when a field of :func:`dashboard_json` changes meaning or goes away."""


def _depth_json(row: DepthRow) -> dict[str, Any]:
    return {
        "value": row.value or None,
        "now": row.now,
        "hour_ago": row.hour_ago,
        "change": row.delta,
    }


def _ticket_json(item: TicketItem, dashboard: Dashboard) -> dict[str, Any]:
    now = dashboard.now
    found: dict[str, Any] = {
        "id": item.number,
        "subject": sanitize(item.subject),
        "status": item.status,
        "priority": item.priority,
        "channel": item.channel,
        "stage": item.stage,
        "assignee": sanitize(item.assignee) if item.assignee else None,
        "waiting_since": rfc3339(item.waiting_since),
        "waiting_seconds": max(0, int((now - item.waiting_since).total_seconds())),
    }
    if item.deadline is not None:
        found["deadline"] = rfc3339(item.deadline)
        found["deadline_kind"] = item.kind
        found["seconds_left"] = int((item.deadline - now).total_seconds())
        found["state"] = deadline_state(item, now, dashboard.settings)
    if item.phase is not None:
        found["mood"] = item.phase
        found["curve"] = [round(point, 3) for point in item.curve]
    return found


def _agent_json(agent: AgentLoad) -> dict[str, Any]:
    median = agent.median_first_response
    current = None
    if agent.current_ticket is not None:
        current = {"id": agent.current_number, "stage": agent.current_stage}
    return {
        "id": agent.id,
        "name": sanitize(agent.name),
        "open": agent.open,
        "replies_last_hour": agent.replies_last_hour,
        "median_first_response_seconds": None if median is None else int(median.total_seconds()),
        "current_ticket": current,
    }


def dashboard_json(dashboard: Dashboard, *, profile: str) -> dict[str, Any]:
    """The dashboard as ``deskside report live --format json`` prints it (docs/cli.md)."""
    settings = dashboard.settings

    def tickets(items: tuple[TicketItem, ...]) -> list[dict[str, Any]]:
        return [_ticket_json(item, dashboard) for item in items]

    flow = dashboard.flow
    return {
        "version": JSON_VERSION,
        "profile": profile,
        "now": rfc3339(dashboard.now),
        "settings": {
            "at_risk_seconds": int(settings.at_risk.total_seconds()),
            "first_response_targets": {
                channel: int(target.total_seconds())
                for channel, target in sorted(settings.targets.items())
            },
            "list_limit": settings.list_limit,
        },
        "queue": {
            "total": _depth_json(dashboard.total),
            **{
                dimension: [_depth_json(row) for row in dashboard.depth[dimension]]
                for dimension in DEPTH_DIMENSIONS
            },
        },
        "sla": {
            "breached": dashboard.breached,
            "at_risk": dashboard.at_risk,
            "tickets": tickets(dashboard.deadlines),
        },
        "promises": {"count": dashboard.promise_count, "tickets": tickets(dashboard.promises)},
        "oldest_waiting": {"count": dashboard.waiting_count, "tickets": tickets(dashboard.oldest)},
        "angry": {"count": dashboard.angry_count, "tickets": tickets(dashboard.angry)},
        "agents": [_agent_json(agent) for agent in dashboard.agents],
        "flow": {
            "start": rfc3339(flow.start),
            "bucket_seconds": int(flow.bucket.total_seconds()),
            "arrivals": list(flow.arrivals),
            "solved": list(flow.solved),
        },
    }


def as_of(dashboard: Dashboard | None, now: datetime) -> float | None:
    """Seconds since the dashboard was computed (``None`` before the first one)."""
    return None if dashboard is None else max(0.0, (now - dashboard.now).total_seconds())
