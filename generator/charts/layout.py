"""The two layouts every chart is built in, and the text measures that keep labels inside.

A chart is built twice: `WIDE` for containers of 600 px and more (tablets, desktops),
`NARROW` for phones (300-599 px; a 360 px phone gives about 328 px). Narrow charts put
each category label on its own line above its bar instead of beside it, so a long
label wraps over the full width rather than squeezing the plot (docs/figure-rules.md,
"Charts").

Vega measures text in the browser; the builders have to decide at build time where a
value label goes (beside a bar or inside it) and how wide the axis domain must be for
labels to fit. They use a generous estimate of the width of 12 px system-ui text, so
a label that fits here fits in any of the usual system fonts.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

CHAR = 7.0  # px per character of 12 px text (digits are 6.7 px in the widest system fonts)
LINE = 15  # px per line of 12 px text
BAR = 16  # px: thickness of a bar in a narrow chart
# Containers narrower than this get the narrow variant (mtm.js reads it from the page).
BREAKPOINT = 600
# The static narrow SVG is shown below this viewport width (a <source media> query): a
# 640 px viewport leaves about 600 px of content.
NARROW_MEDIA = "(max-width: 639.98px)"


@dataclass(frozen=True)
class Layout:
    name: str  # "wide" or "narrow": the spec and SVG files are named after it
    static_width: int  # px: the static SVG rendered at build time
    min_width: int  # px: the narrowest container the live variant is drawn in
    pad_left: int
    pad_right: int

    @property
    def stacked(self) -> bool:
        """Category labels on their own line above each bar (narrow) or beside it (wide)."""
        return self.name == "narrow"

    @property
    def padding(self) -> dict[str, int]:
        return {"left": self.pad_left, "right": self.pad_right, "top": 8, "bottom": 8}

    def plot_width(self, label_px: float = 0) -> float:
        """The narrowest plot this layout draws, beside labels `label_px` wide."""
        return self.min_width - self.pad_left - self.pad_right - (0 if self.stacked else label_px)

    @property
    def ticks(self) -> int:
        return 3 if self.stacked else 6


# The wide layout keeps extra room on the left: axis labels are measured with one font
# and may be drawn with a slightly wider one (system fonts differ by platform).
WIDE = Layout("wide", static_width=640, min_width=BREAKPOINT, pad_left=24, pad_right=12)
NARROW = Layout("narrow", static_width=320, min_width=300, pad_left=4, pad_right=8)
LAYOUTS = (WIDE, NARROW)


def text_px(text: str, size: float = 12) -> float:
    return len(text) * CHAR * size / 12


def wrap(text: str, width_px: float) -> str:
    """`text` broken into lines of at most `width_px` (at spaces), joined with "\\n".

    Vega draws "\\n" as a line break (`lineBreak` of text marks, `split` in axis label
    expressions). A word longer than a line stays whole rather than being cut."""
    chars = max(4, int(width_px // CHAR))
    return "\n".join(textwrap.wrap(str(text), chars, break_long_words=False,
                                   break_on_hyphens=False)) or str(text)


def lines(text: str) -> int:
    return text.count("\n") + 1


def widest_line(text: str) -> float:
    return max(text_px(line) for line in text.split("\n"))


def label_column(labels: list[str], layout: Layout) -> tuple[list[str], float]:
    """Category labels wrapped for the layout, and the width they take beside the plot
    (0 when stacked above the bars)."""
    if layout.stacked:
        return [wrap(t, layout.plot_width()) for t in labels], 0.0
    limit = min(260.0, layout.min_width * 0.4)
    wrapped = [wrap(t, limit) for t in labels]
    return wrapped, min(limit, max((widest_line(w) for w in wrapped), default=0)) + 12


def band_step(wrapped: list[str], layout: Layout, bar: int = BAR, extra: int = 0) -> int:
    """Px per category: room for its label's lines (stacked: above the bar) and the bar."""
    most = max((lines(w) for w in wrapped), default=1)
    if layout.stacked:
        return most * LINE + bar + 10 + extra
    return max(30 + extra, most * LINE + 10, bar + extra + 14)


def stacked_offsets(step: int, wrapped: list[str], bar: int = BAR) -> tuple[float, float]:
    """(label dy, bar yOffset) from the band centre: the bar in the lower part of the band,
    its label just above it (the label's last line; longer labels grow upwards)."""
    most = max((lines(w) for w in wrapped), default=1)
    bar_centre = -step / 2 + 4 + most * LINE + 3 + bar / 2
    return bar_centre - bar / 2 - 3, bar_centre


def fit_domain(values: list[float], labels: list[str], plot: float,
               fixed_max: float | None = None) -> tuple[float, list[bool]]:
    """The axis maximum and, per bar, whether its value label goes inside the bar.

    A label goes beside its bar where it fits in the plot, otherwise inside the bar
    (white on the fill). A free axis grows until every label fits beside or inside."""
    top = max([v for v in values if v is not None] or [1]) or 1
    dmax = fixed_max or top * 1.02
    for _ in range(12):
        inside, grow = [], 1.0
        for v, text in zip(values, labels, strict=True):
            bar_px = max(v, 0) / dmax * plot
            need = text_px(text) + 8
            if bar_px + need <= plot:
                inside.append(False)
            elif bar_px >= need and v >= top * 0.5:
                inside.append(True)
            else:
                inside.append(False)
                grow = max(grow, (bar_px + need) / plot)
        if grow <= 1.0 or fixed_max:
            return dmax, inside
        dmax *= grow
    return dmax, inside
