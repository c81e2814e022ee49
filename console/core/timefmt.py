"""Short, glanceable renderings of times for dense tables: ``-12m``, ``3h``, ``2d``.

An agent reads the queue in a fraction of a second; countdowns and ages must be
at most four characters and mean the same everywhere (queue, supervisor view,
command line).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

__all__ = ["SlaState", "age", "countdown", "parse_when", "sla_state", "span"]


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


_SPAN = re.compile(r"^\s*(\d{1,4})\s*(m|min|h|d|w)\s*$", re.IGNORECASE)
_DAY_TIME = re.compile(r"^\s*(today|tomorrow)(?:\s+(\d{1,2})(?::(\d{2}))?)?\s*$", re.IGNORECASE)


def parse_when(text: str, now: datetime) -> datetime:
    """A moment an agent types: ``2h``, ``1d``, ``today 18:00``, ``tomorrow 12``, or ISO.

    Times without a zone are in ``now``'s zone. Raises ``ValueError`` with a message
    saying what is understood.
    """
    span = _SPAN.match(text)
    if span:
        amount, unit = int(span.group(1)), span.group(2).lower()
        seconds = {"m": 60, "min": 60, "h": 3600, "d": 86400, "w": 604800}[unit]
        return now + timedelta(seconds=amount * seconds)
    day = _DAY_TIME.match(text)
    if day:
        base = now + timedelta(days=1 if day.group(1).lower() == "tomorrow" else 0)
        hour = int(day.group(2)) if day.group(2) else 18
        minute = int(day.group(3)) if day.group(3) else 0
        if hour > 23 or minute > 59:
            raise ValueError(f"{text!r}: not a time of day")
        return base.replace(hour=hour, minute=minute, second=0, microsecond=0)
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            f"{text!r} is not a time: try 2h, 1d, today 18:00, tomorrow 12 or 2026-11-27 10:00"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=now.tzinfo)
