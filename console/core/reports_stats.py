"""The arithmetic of the claims reports: percentiles, trends and buckets, exactly defined.

Kept apart from the SQL so each number a report prints can be checked by hand:

- **percentile** (and so the median): linear interpolation between the closest
  ranks of the sorted values (``numpy``'s default, ``statistics.quantiles(...,
  method="inclusive")``); the median of an even count is the mean of the middle two.
  Rounded to 6 places.
- **trend**: the least-squares line through the per-bucket counts, its rise from
  the first bucket to the last, as a fraction of the average bucket. ``+0.5``
  means the fitted line climbs by half an average bucket's volume across the
  window; ``0`` for a flat series, an empty one or a single bucket. Rounded to 9
  places, so equal trends rank as equal.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

__all__ = ["fold_points", "median", "percentile", "share", "trend"]


def percentile(values: Sequence[float], q: float) -> float | None:
    """The ``q`` quantile (0..1) of ``values`` by linear interpolation; ``None`` when empty."""
    if not values:
        return None
    if not 0.0 <= q <= 1.0:
        raise ValueError(f"a quantile is between 0 and 1, not {q}")
    ordered = sorted(values)
    position = q * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    # Rounded (to a microsecond, for durations) so 0.9 * 3 == 2.7000000000000002 does not
    # show as 1440.0000000000002 seconds.
    return round(ordered[low] + (ordered[high] - ordered[low]) * (position - low), 6)


def median(values: Sequence[float]) -> float | None:
    """The 0.5 :func:`percentile`: the middle value, or the mean of the middle two."""
    return percentile(values, 0.5)


def share(part: int, whole: int) -> float | None:
    """``part / whole``, or ``None`` when there is nothing to share."""
    return part / whole if whole else None


def trend(counts: Sequence[float]) -> float:
    """The least-squares rise across the series relative to its mean (see the module doc)."""
    n = len(counts)
    if n < 2:
        return 0.0
    mean_y = sum(counts) / n
    if mean_y <= 0:
        return 0.0
    mean_x = (n - 1) / 2
    spread = sum((x - mean_x) ** 2 for x in range(n))
    covariance = sum((x - mean_x) * (y - mean_y) for x, y in enumerate(counts))
    # Rounded so that equal trends compare equal whatever order the floats were summed in.
    return round(covariance / spread * (n - 1) / mean_y, 9)


def fold_points(points: Sequence[float], width: int) -> list[float]:
    """At most ``width`` points, adding up runs of neighbours (for a sparkline that fits).

    The runs are as even as possible and the newest points are never dropped.
    """
    if width < 1:
        raise ValueError("width must be at least 1")
    if len(points) <= width:
        return list(points)
    size = math.ceil(len(points) / width)
    # Align runs on the newest point so the last bar is always a whole run.
    start = len(points) % size
    head = [float(sum(points[:start]))] if start else []
    return head + [float(sum(points[i : i + size])) for i in range(start, len(points), size)]
