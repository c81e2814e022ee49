"""Sparklines in one line of text: a hostility curve or arrivals per hour at a glance."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["sparkline"]

_BARS = "▁▂▃▄▅▆▇█"


def sparkline(points: Sequence[float], *, low: float = 0.0, high: float | None = None) -> str:
    """One bar per point, scaled between ``low`` and ``high`` (the largest point by default)."""
    if not points:
        return ""
    top = max(points) if high is None else high
    span = top - low
    if span <= 0:
        return _BARS[0] * len(points)
    last = len(_BARS) - 1
    return "".join(_BARS[max(0, min(last, round((p - low) / span * last)))] for p in points)
