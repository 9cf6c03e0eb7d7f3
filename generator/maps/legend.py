"""The legend: one list of keys for the live map, the page and the static image, so the
three cannot disagree.
"""

from __future__ import annotations

from typing import NamedTuple

from generator.maps.data import MapData
from generator.maps.palette import ZERO_FILL


class LegendKey(NamedTuple):
    """One legend row. `swatch` is how its key is drawn: "box" (a fill), "hatch" (not
    assessed: hatched, dashed outline), "dots" (no separate figure), "bubble" (a circle
    of diameter `size` px, as on the map) or "ring" (a hollow circle: a value of 0)."""

    label: str
    fill: str
    swatch: str
    size: float = 0.0


def legend_keys(data: MapData) -> list[LegendKey]:
    keys = []
    for label, style in data.legend:
        if style.bubble is not None:
            swatch = "ring" if style.fill == ZERO_FILL else "bubble"
            keys.append(LegendKey(label, style.fill, swatch, round(style.bubble, 1)))
        elif style.css == "na":
            keys.append(LegendKey(label, style.fill, "hatch"))
        elif style.css == "nofig":
            keys.append(LegendKey(label, style.fill, "dots"))
        else:
            keys.append(LegendKey(label, style.fill, "box"))
    return keys
