"""Bubble sizes: a circle's area proportional to its value, and the round values the
circle-size legend shows.
"""

from __future__ import annotations

import math

BUBBLE_MAX_RADIUS = 22.0  # px, for the largest value (live and static maps alike)


def nice_floor(v: float) -> float:
    """The largest 1-2-5 x 10^k number not above v."""
    k = math.floor(math.log10(v))
    for m in (5, 2, 1):
        if m * 10**k <= v:
            return round(m * 10**k, 6)
    return round(10**k, 6)


def bubble_samples(values: list[float]) -> list[float]:
    """Two or three round values for the circle-size legend, largest first."""
    pos = [v for v in values if v > 0]
    if not pos:
        return []
    top = nice_floor(max(pos))
    out = [top]
    for f in (4, 20):
        v = nice_floor(top / f)
        if v >= min(pos) and v < out[-1]:
            out.append(v)
    return out


def bubble_radius(value: float, top: float) -> float:
    """A bubble's radius in px: its area is proportional to the value."""
    return round(BUBBLE_MAX_RADIUS * math.sqrt(value / (top or 1.0)), 2)
