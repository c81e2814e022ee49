"""The hostility curve of a conversation: is the customer's anger rising, at its peak, or calming?

An angry customer's hostility rises steeply at first; while it rises, reasoning
fails, and the agent should listen, show empathy and apologise before offering
any solution. So the console needs not just a score per message but the *phase*
of the sequence of scores, told from the last few points:

- ``rising``: the last score is at least ``rising_min``, the highest among the
  recent ones, ``delta`` above the lowest of them and still climbing (at least
  half of ``delta`` above the one before); the baseline before the first message
  is 0, so an angry first message is rising;
- ``peak``: not rising, but the last score is still within ``delta`` of the
  highest and at least ``rising_min`` (anger on a plateau);
- ``calming``: the thread was hostile (peak at or above ``hostile``) and the last
  score fell ``delta`` or more below that peak;
- ``calm``: anything else, and a formerly hostile thread whose last two scores are
  under ``calm_below``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = ["Curve", "CurveSettings", "Phase", "curve"]

Phase = Literal["rising", "peak", "calming", "calm"]

_WINDOW = 3


@dataclass(frozen=True, slots=True)
class CurveSettings:
    """Thresholds of the phases (from ``hostility.toml``, sections ``[curve]`` and ``[levels]``)."""

    rising_min: float = 0.35
    delta: float = 0.15
    calm_below: float = 0.25
    hostile: float = 0.5


@dataclass(frozen=True, slots=True)
class Curve:
    """A conversation's hostility scores in order and the phase they are in."""

    phase: Phase
    points: tuple[float, ...]

    @property
    def peak(self) -> float:
        return max(self.points, default=0.0)

    @property
    def last(self) -> float:
        return self.points[-1] if self.points else 0.0


def _phase(points: Sequence[float], settings: CurveSettings) -> Phase:
    if not points:
        return "calm"
    last = points[-1]
    window = list(points[-_WINDOW - 1 : -1]) or [0.0]
    peak = max(points)
    if (
        last >= settings.rising_min
        and last - window[-1] >= settings.delta / 2
        and last >= max(window)
        and last - min(window) >= settings.delta
    ):
        return "rising"
    if last >= settings.rising_min and last >= peak - settings.delta:
        return "peak"
    if peak >= settings.hostile and last <= peak - settings.delta:
        settled = len(points) >= 2 and max(points[-2:]) < settings.calm_below
        peak_at = max(range(len(points)), key=points.__getitem__)
        if settled and peak_at < len(points) - 2:
            return "calm"
        return "calming"
    return "calm"


def curve(scores: Sequence[float], settings: CurveSettings | None = None) -> Curve:
    """The curve of a conversation's scores (oldest first) and its current phase."""
    points = tuple(round(min(max(float(s), 0.0), 1.0), 3) for s in scores)
    return Curve(_phase(points, settings or CurveSettings()), points)
