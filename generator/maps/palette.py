"""How a map's marks are drawn: the colours, outlines, dashes and sizes every drawing of a
map shares (the live map, the static image, both legends), never taken from data; and
`Style`, how one status or class is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass

OUTLINE = "#4D4D4D"  # 8.4:1 against white (WCAG 1.4.11 needs 3:1)
ZERO_FILL = "#FFFFFF"
NO_FIGURE_FILL = "#FFFFFF"  # drawn with a dot pattern of BUBBLE_FILL
NOT_ASSESSED_FILL = "#E6E6E6"  # drawn with a hatch pattern and a dashed outline
HATCH = "#8C8C8C"
BUBBLE_FILL = "#418FDE"
BUBBLE_OUTLINE = "#002A80"
ASSESSED_FILL = "#418FDE"
DASH = "5 3"
ZERO_RADIUS = 3.0  # px: a hollow ring marks a unit whose value is 0 on a bubble map
CITY_RADIUS = 6.0  # px: cities of republican significance are a few pixels wide
CITY_OUTLINE = "#1A1A1A"


@dataclass(frozen=True)
class Style:
    """How one status or class is drawn; `css` names a pattern fill in the map document."""

    fill: str
    dashed: bool = False
    css: str = ""  # "na" (hatched) or "nofig" (dotted)
    bubble: float | None = None  # a legend key drawn as a circle of this diameter (px)
