"""The static image of a map: an SVG drawn at build time from the map's own data.

It uses the classification, colours, hatching, bubble sizes and legend keys the live
map uses (data.py, palette.py, sizes.py, legend.py) and the shapes of the shared
simplification (geometry.py), so the two cannot disagree. Shown with JavaScript off
and in print, and a file of its own (assets/maps/<id>.svg) for later reuse (PDF, share
images). The markup comes from templates/map_static.svg, which escapes every text; its
words and `xml:lang` are the map's language (`MapData.messages`).
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.maps.data import VALUE, ZERO, MapData
from generator.maps.geometry import Projection, Shape, svg_path
from generator.maps.legend import LegendKey
from generator.maps.palette import (
    BUBBLE_FILL,
    BUBBLE_OUTLINE,
    CITY_OUTLINE,
    CITY_RADIUS,
    DASH,
    HATCH,
    NO_FIGURE_FILL,
    NOT_ASSESSED_FILL,
    OUTLINE,
    ZERO_RADIUS,
)
from generator.maps.sizes import bubble_radius
from generator.markup import render

PAD = 8.0  # px around the map: room for outlines and bubbles at the edge
ROW = 22.0  # px per legend row (more for a large bubble)
KEY_WIDTH = 20.0


@dataclass(frozen=True)
class Palette:
    """The colours the template needs, from palette.py (never from data)."""

    na_fill: str = NOT_ASSESSED_FILL
    hatch: str = HATCH
    nofig_fill: str = NO_FIGURE_FILL
    dot: str = BUBBLE_FILL
    outline: str = OUTLINE
    bubble_outline: str = BUBBLE_OUTLINE
    city_outline: str = CITY_OUTLINE
    dash: str = DASH


def _r(v: float) -> float:
    return round(v, 1)


def _legend(keys: list[LegendKey]) -> tuple[list[dict], float]:
    """Legend rows below the title, each with its key and label placed; and their height."""
    widest = max([KEY_WIDTH, *(k.size for k in keys if k.swatch in ("bubble", "ring"))])
    rows = []
    y = 26.0
    for k in keys:
        h = max(ROW, k.size + 6)
        mid = y + h / 2
        rows.append({"label": k.label, "fill": k.fill, "swatch": k.swatch,
                     "x": _r((widest - KEY_WIDTH) / 2), "y": _r(mid - 6.5),
                     "cx": _r(widest / 2), "cy": _r(mid), "r": _r(k.size / 2),
                     "tx": _r(widest + 8), "ty": _r(mid + 5)})
        y += h
    return rows, y


def static_svg(*, figure_id: str, title: str, data: MapData, summary: str, keys: list[LegendKey],
               shapes: dict[str, Shape], proj: Projection, attribution: str) -> str:
    by_code = {s.unit.code: s for s in data.states}
    units = [{"d": svg_path(shapes[code]), "name": s.name, "text": s.text,
              "fill": (f"url(#{figure_id}-hatch)" if s.style.css == "na"
                       else f"url(#{figure_id}-dots)" if s.style.css == "nofig"
                       else s.style.fill),
              "dashed": s.style.dashed}
             for code, s in sorted(by_code.items()) if shapes[code].px]
    bubble = data.kind == "bubble_map"
    markers = []
    for s in sorted(data.states, key=lambda s: s.unit.code):
        if s.unit.kind != "city" or (bubble and s.status in (VALUE, ZERO)):
            continue  # on a bubble map the bubble marks a city with a value
        x, y = proj(s.unit.label_lon, s.unit.label_lat)
        fill = (f"url(#{figure_id}-hatch)" if s.style.css == "na"
                else f"url(#{figure_id}-dots)" if s.style.css == "nofig" else s.style.fill)
        markers.append({"x": _r(x), "y": _r(y), "r": CITY_RADIUS, "halo": CITY_RADIUS + 2,
                        "fill": fill, "dashed": s.style.dashed, "name": s.name, "text": s.text})
    bubbles = []
    if bubble:
        shown = [s for s in data.states if s.status in (VALUE, ZERO)]
        for s in sorted(shown, key=lambda s: (-(s.value or 0), s.unit.code)):  # small on top
            x, y = proj(s.unit.label_lon, s.unit.label_lat)
            zero = s.status == ZERO
            bubbles.append({"x": _r(x), "y": _r(y), "name": s.name, "text": s.text,
                            "r": ZERO_RADIUS if zero else bubble_radius(s.value or 0,
                                                                        data.max_value),
                            "fill": "#FFFFFF" if zero else BUBBLE_FILL,
                            "opacity": 1 if zero else 0.8})
    rows, legend_height = _legend(keys)
    legend_top = PAD + proj.height + 2 * PAD
    height = legend_top + legend_height + 24  # the attribution line below the legend
    svg = render("map_static.svg", data.messages, uid=figure_id, title=title, summary=summary,
                 width=_r(proj.width + 2 * PAD), height=_r(height), pad=PAD, c=Palette(),
                 units=units, markers=markers, bubbles=bubbles, keys=rows,
                 legend_top=_r(legend_top), legend_title=data.legend_title,
                 attribution=attribution)
    return str(svg) + "\n"


def map_ratio(proj: Projection) -> float:
    """The live frame's height / width for the map itself: maps.css adds a strip for the
    zoom buttons and the attribution line, so the frame has no empty third and nothing
    moves when it loads. (The live map's legend starts folded in a corner; the same
    legend is printed under the frame.)"""
    return round((proj.height + 2 * PAD) / (proj.width + 2 * PAD), 3)
