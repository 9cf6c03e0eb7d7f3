"""The one Altair theme every chart uses: IOM palette, system fonts, readable axes.

Contrast (WCAG 2.2, against white): #0033A0 12.6:1, #D22630 5.1:1 and
#418FDE 3.4:1 pass the 3:1 rule for graphics; #FF671F (2.9:1), #5CB8B2
(2.3:1) and #FFB81C (1.7:1) do not, so they are only used with an outline
and with a direct text label, never as the only cue.
"""

from __future__ import annotations

IOM_BLUE = "#0033A0"
IOM_LIGHT_BLUE = "#418FDE"
IOM_YELLOW = "#FFB81C"
IOM_ORANGE = "#FF671F"
IOM_RED = "#D22630"
IOM_TEAL = "#5CB8B2"
PALETTE = [IOM_BLUE, IOM_LIGHT_BLUE, IOM_YELLOW, IOM_ORANGE, IOM_RED, IOM_TEAL]
OUTLINE = "#1a1a1a"
TEXT = "#1f1f1f"
MUTED_TEXT = "#4a4a4a"  # 8.9:1 on white
FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'


def relative_luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_on(fill: str) -> str:
    """Black or white, whichever reads better on the fill."""
    return "#000000" if contrast(fill, "#000000") >= contrast(fill, "#ffffff") else "#ffffff"


THEME = {
    "config": {
        "font": FONT,
        # No ARIA attributes per mark: a live chart is one image named by its text
        # alternative (mtm.js), and the static SVG is an <img> with that alt text.
        "aria": False,
        "background": "#ffffff",
        # Extra room on the left: axis labels are measured with one font and may be drawn
        # with a slightly wider one (system fonts differ by platform).
        "padding": {"left": 24, "right": 12, "top": 8, "bottom": 8},
        "view": {"stroke": None},
        "range": {"category": PALETTE},
        "mark": {"color": IOM_BLUE},
        "bar": {"color": IOM_BLUE},
        "point": {"color": IOM_BLUE, "filled": True, "size": 90},
        "axis": {
            "labelColor": TEXT,
            "titleColor": TEXT,
            "labelFontSize": 12,
            "titleFontSize": 12,
            "titleFontWeight": "normal",
            "gridColor": "#d9d9d9",
            "domainColor": "#6b6b6b",
            "tickColor": "#6b6b6b",
            "labelLimit": 260,
        },
        "legend": {"labelColor": TEXT, "titleColor": TEXT, "labelFontSize": 12,
                   "titleFontSize": 12, "orient": "bottom"},
        "text": {"color": TEXT, "fontSize": 12},
        "title": {"color": TEXT, "fontSize": 14, "anchor": "start"},
    }
}


def register_theme() -> None:
    """Make the theme known to Altair as "mtm" (not enabled: vega_lite enables it for the
    charts it writes). Called before each chart rather than on import, so that reading the
    figure kinds does not import Altair (generator/lazy.py)."""
    import altair as alt

    if "mtm" not in alt.theme.names():
        alt.theme.register("mtm", enable=False)(lambda: THEME)
