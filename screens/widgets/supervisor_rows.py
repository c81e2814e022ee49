"""The supervisor dashboard's panels as rows of text: one pure function per panel.

Each function turns the last :class:`~console.core.supervisor.Dashboard` and the
current time into a title and keyed :class:`PanelRow` objects. Countdowns and
waiting times are computed from ``now`` here, so the screen re-runs these every
second without touching the store and the panels redraw only what moved.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from console.core.spark import sparkline
from console.core.supervisor import (
    DEPTH_DIMENSIONS,
    Dashboard,
    DeadlineKind,
    DepthRow,
    TicketItem,
    deadline_state,
)
from console.core.timefmt import age, countdown, span
from screens.widgets.supervisor_panel import Cell, PanelColumn, PanelRow
from screens.widgets.ticket_table import CHANNEL_LABELS, MOOD_MARKS, PRIORITY_LABELS

__all__ = ["COLUMNS", "PANELS", "panel_rows"]

PANELS = ("depth", "deadlines", "promises", "oldest", "angry", "agents", "flow")

COLUMNS: dict[str, tuple[PanelColumn, ...]] = {
    "depth": (
        PanelColumn("", 0),
        PanelColumn("now", 6, "right"),
        PanelColumn("1h ago", 6, "right", min_width=34),
        PanelColumn("±", 6, "right"),
    ),
    "deadlines": (
        PanelColumn("", 5, "right"),
        PanelColumn("", 4),
        PanelColumn("", 2),
        PanelColumn("", 4),
        PanelColumn("", 7, "right"),
        PanelColumn("", 0),
        PanelColumn("", 12, min_width=64),
    ),
    "promises": (
        PanelColumn("", 5, "right"),
        PanelColumn("", 2, min_width=30),
        PanelColumn("", 4, min_width=30),
        PanelColumn("", 7, "right"),
        PanelColumn("", 0),
        PanelColumn("", 12, min_width=64),
    ),
    "oldest": (
        PanelColumn("", 4, "right"),
        PanelColumn("", 2, min_width=30),
        PanelColumn("", 4, min_width=30),
        PanelColumn("", 7, "right"),
        PanelColumn("", 0),
        PanelColumn("", 12, min_width=64),
    ),
    "angry": (
        PanelColumn("", 1),
        PanelColumn("", 6, min_width=36),
        PanelColumn("", 4, "right"),
        PanelColumn("", 4, min_width=36),
        PanelColumn("", 7, "right"),
        PanelColumn("", 0),
    ),
    "agents": (
        PanelColumn("", 0),
        PanelColumn("open", 5, "right"),
        PanelColumn("1h", 4, "right"),
        PanelColumn("1st", 4, "right"),
        PanelColumn("stage", 8, min_width=30),
        PanelColumn("current", 7, "right", min_width=46),
    ),
    "flow": (
        PanelColumn("", 8),
        PanelColumn("", 0, keep_end=True),
        PanelColumn("", 7, "right"),
    ),
}

_STATUS = {"on_hold": "on hold"}
_KIND = {DeadlineKind.FIRST: "1st", DeadlineKind.NEXT: "next", DeadlineKind.PROMISE: "prom"}
_DIMENSION_TITLES = {
    "status": "by status",
    "channel": "by channel",
    "language": "by language",
    "priority": "by priority",
    "reason": "by reason",
}


def _label(row: DepthRow) -> str:
    if row.dimension == "status":
        return _STATUS.get(row.value, row.value)
    if row.dimension == "channel":
        return row.value.replace("_", " ")
    if row.dimension == "language":
        return row.value or "unknown"
    if row.dimension == "reason":
        return row.value.replace("_", " ") if row.value else "not analysed"
    return row.value


def _delta(delta: int | None) -> Cell:
    if delta is None:
        return Cell("")
    if delta == 0:
        return Cell("0", "dim")
    return Cell(f"{delta:+,}", "up" if delta > 0 else "down")


def _depth_row(row: DepthRow, label: str) -> PanelRow:
    return PanelRow(
        (row.dimension, row.value),
        (
            Cell(label),
            Cell(f"{row.now:,}"),
            Cell("" if row.hour_ago is None else f"{row.hour_ago:,}", "dim"),
            _delta(row.delta),
        ),
        drill=(row.dimension, row.value),
    )


def _depth(dashboard: Dashboard) -> tuple[str, list[PanelRow]]:
    rows = [_depth_row(dashboard.total, "in the queue")]
    for dimension in DEPTH_DIMENSIONS:
        rows.append(PanelRow(("group", dimension), (Cell(_DIMENSION_TITLES[dimension], "group"),)))
        for row in dashboard.depth[dimension]:
            rows.append(_depth_row(row, "  " + _label(row)))
    return "Queue depth", rows


def _priority(item: TicketItem) -> Cell:
    label = PRIORITY_LABELS.get(item.priority, item.priority[:2])
    return Cell(label, "urgent" if item.priority in ("urgent", "high") else "")


def _ticket_cells(item: TicketItem) -> tuple[Cell, ...]:
    return (
        Cell(CHANNEL_LABELS.get(item.channel, item.channel[:4]), "dim"),
        Cell(f"#{item.number}", "dim"),
        Cell(item.subject),
    )


def _assignee(item: TicketItem) -> Cell:
    return Cell(item.assignee or "—", "dim")


def _deadline_cell(item: TicketItem, dashboard: Dashboard, now: datetime) -> Cell:
    state = deadline_state(item, now, dashboard.settings)
    style = {"breached": "breached", "at_risk": "at-risk"}.get(state, "")
    return Cell(countdown(item.deadline, now), style)


def _deadlines(dashboard: Dashboard, now: datetime) -> tuple[str, list[PanelRow]]:
    title = f"SLA: {dashboard.breached:,} breached · {dashboard.at_risk:,} at risk"
    rows = [
        PanelRow(
            item.id,
            (
                _deadline_cell(item, dashboard, now),
                Cell(_KIND.get(item.kind or "", ""), "dim"),
                _priority(item),
                *_ticket_cells(item),
                _assignee(item),
            ),
            ticket_id=item.id,
        )
        for item in dashboard.deadlines
    ]
    return title, rows


def _promises(dashboard: Dashboard, now: datetime) -> tuple[str, list[PanelRow]]:
    title = f"Promised by: {dashboard.promise_count:,}"
    rows = [
        PanelRow(
            item.id,
            (
                _deadline_cell(item, dashboard, now),
                _priority(item),
                *_ticket_cells(item),
                _assignee(item),
            ),
            ticket_id=item.id,
        )
        for item in dashboard.promises
    ]
    return title, rows


def _oldest(dashboard: Dashboard, now: datetime) -> tuple[str, list[PanelRow]]:
    title = f"Oldest waiting: {dashboard.waiting_count:,}"
    rows = [
        PanelRow(
            item.id,
            (
                Cell(age(item.waiting_since, now)),
                _priority(item),
                *_ticket_cells(item),
                _assignee(item),
            ),
            ticket_id=item.id,
        )
        for item in dashboard.oldest
    ]
    return title, rows


def _angry(dashboard: Dashboard, now: datetime) -> tuple[str, list[PanelRow]]:
    title = f"Angry customers: {dashboard.angry_count:,}"
    rows = [
        PanelRow(
            item.id,
            (
                Cell(MOOD_MARKS.get(item.phase or "", ""), "angry"),
                Cell(sparkline(item.curve[-6:], high=1.0), "angry"),
                Cell(age(item.waiting_since, now)),
                *_ticket_cells(item),
            ),
            ticket_id=item.id,
        )
        for item in dashboard.angry
    ]
    return title, rows


def _median(value: timedelta | None) -> str:
    return "" if value is None else span(value.total_seconds())


def _agents(dashboard: Dashboard) -> tuple[str, list[PanelRow]]:
    rows = []
    for agent in dashboard.agents:
        rows.append(
            PanelRow(
                ("agent", agent.id),
                (
                    Cell(agent.name, "dim" if agent.id is None else ""),
                    Cell(f"{agent.open:,}"),
                    Cell(f"{agent.replies_last_hour:,}" if agent.id is not None else ""),
                    Cell(_median(agent.median_first_response)),
                    Cell(agent.current_stage or ""),
                    Cell(f"#{agent.current_number}" if agent.current_number else "", "dim"),
                ),
                drill=("assignee", "" if agent.id is None else str(agent.id)),
            )
        )
    return "Agents", rows


def _flow(dashboard: Dashboard) -> tuple[str, list[PanelRow]]:
    flow = dashboard.flow
    minutes = int(flow.bucket.total_seconds() // 60)
    hours = len(flow.arrivals) * flow.bucket.total_seconds() / 3600
    title = f"Arrivals and solved per {minutes} min, last {hours:g}h"
    high = float(max((*flow.arrivals, *flow.solved, 1)))
    rows = [
        PanelRow(
            ("flow", name),
            (
                Cell(name),
                Cell(sparkline([float(v) for v in values], high=high), "bar"),
                Cell(f"{sum(values):,}"),
            ),
            drill=(name, ""),
        )
        for name, values in (("arrivals", flow.arrivals), ("solved", flow.solved))
    ]
    return title, rows


def panel_rows(dashboard: Dashboard, now: datetime) -> dict[str, tuple[str, list[PanelRow]]]:
    """Every panel's title and rows for ``dashboard`` as seen at ``now``."""
    return {
        "depth": _depth(dashboard),
        "deadlines": _deadlines(dashboard, now),
        "promises": _promises(dashboard, now),
        "oldest": _oldest(dashboard, now),
        "angry": _angry(dashboard, now),
        "agents": _agents(dashboard),
        "flow": _flow(dashboard),
    }
