"""Share images (og:image, 1200 x 630 PNG) for every page of a round, made offline.

A card shows the page's title, the round and the round's headline figure (the largest
value of its first key-figures table), in the edition's language and number format,
drawn from an autoescaped SVG template and converted by
vl-convert's resvg (already used for the charts; no browser, no network). The images are
cached by content (blobs.py): a rebuild with the same texts draws nothing.
overrides/main.html points `og:image` at `assets/share/<page>.png`.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from generator import blobs, countries, markup, raster
from generator.formatting import format_value
from generator.model import Round

SHARE_DIR = "assets/share"
TITLE_WIDTH = 30  # characters per line at 56 px on a 1200 px card
TITLE_LINES = 3


def share_path(page_path: str) -> str:
    """`emigrants.md` -> `assets/share/emigrants.png` (as overrides/main.html builds it)."""
    return f"{SHARE_DIR}/{Path(page_path).stem}.png"


def headline(rnd: Round) -> tuple[str, str] | None:
    """(number, what it counts) of the round's headline figure: the largest value of its
    first key-figures table (the number a report leads with), if it has one."""
    for section in rnd.sections:
        for fig in section.figures:
            if fig.kind != "key_figures" or not fig.value or not fig.category:
                continue
            rows = [r for r in rnd.table_for(fig).rows
                    if isinstance(r.get(fig.value), int | float)]
            if rows:
                top = max(rows, key=lambda r: r[fig.value])
                number = format_value(top[fig.value], fig.value_format or "count",
                                      locale=rnd.lang)
                qualifier = top.get(fig.qualifier) if fig.qualifier else None
                # "more than 17": a bound is shown as one, as on the key-figure card.
                return (f"{qualifier} {number}" if qualifier else number,
                        str(top[fig.category]))
    return None


def card_svg(rnd: Round, page_title: str) -> str:
    lines = textwrap.wrap(page_title, TITLE_WIDTH) or [page_title]
    if len(lines) > TITLE_LINES:
        lines = [*lines[:TITLE_LINES - 1], lines[TITLE_LINES - 1].rstrip(" .,;:") + "\u2026"]
    top = headline(rnd)
    return str(markup.render(
        "share_card.svg", rnd.messages, country=countries.country_name(rnd.meta.country,
                                                                       rnd.lang),
        title_lines=lines, round_title=rnd.meta.short_title,
        figure=top[0] if top else "", figure_label=top[1] if top else "",
        figure_y=170 + len(lines) * 66 + 100))


def card_png(svg: str, folder: Path) -> tuple[bytes, str]:
    """The PNG of a card, from the cache or drawn now; and its cache key."""
    key = blobs.digest(raster.VERSION, svg)
    data, _made = blobs.cached(folder, key, ".png", lambda: raster.svg_to_png(svg, scale=1.0))
    return data, key
