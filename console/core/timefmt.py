"""Short, glanceable renderings of times for dense tables: ``-12m``, ``3h``, ``2d``.

An agent reads the queue in a fraction of a second; countdowns and ages must be
at most four characters and mean the same everywhere (queue, supervisor view,
command line).
"""

from __future__ import annotations

from datetime import datetime

__all__ = ["SlaState", "age", "countdown", "sla_state", "span"]


def span(seconds: float) -> str:
    """A non-negative duration in its largest whole unit: ``45s``, ``12m``, ``3h``, ``2d``."""
    seconds = abs(seconds)
    if seconds < 60:
        return f"{int(seconds)}s"
    if seconds < 3600:
        return f"{int(seconds // 60)}m"
    if seconds < 86400 * 2:
        return f"{int(seconds // 3600)}h"
    if seconds < 86400 * 365:
        return f"{int(seconds // 86400)}d"
    return f"{int(seconds // (86400 * 365))}y"


def countdown(due: datetime | None, now: datetime) -> str:
    """Time left until ``due``; negative (``-12m``) once it has passed; ``""`` with no due."""
    if due is None:
        return ""
    left = (due - now).total_seconds()
    return span(left) if left >= 0 else f"-{span(left)}"


def age(moment: datetime, now: datetime) -> str:
    """How long ago ``moment`` was (``now`` for anything in the last minute or future)."""
    seconds = (now - moment).total_seconds()
    return "now" if seconds < 60 else span(seconds)


class SlaState:
    NONE = "none"
    OK = "ok"
    AT_RISK = "at_risk"
    BREACHED = "breached"


def sla_state(due: datetime | None, now: datetime, at_risk_seconds: float, active: bool) -> str:
    if due is None or not active:
        return SlaState.NONE
    left = (due - now).total_seconds()
    if left < 0:
        return SlaState.BREACHED
    if left < at_risk_seconds:
        return SlaState.AT_RISK
    return SlaState.OK
