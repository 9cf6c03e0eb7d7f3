"""`score`: dots on the 0-5 importance scale, ranges as bars, the scale explained."""

from __future__ import annotations

from typing import TYPE_CHECKING

import altair as alt

from generator.charts.specs import STEP, Rows
from generator.charts.theme import IOM_BLUE
from generator.formatting import format_value
from generator.kinds.bar import CHART_OUTPUTS
from generator.kinds.base import ANY, Kind

if TYPE_CHECKING:
    from generator.contract import Figure, TableSpec


def score(fig: Figure, rows: Rows, spec: TableSpec) -> alt.TopLevelMixin:
    lo, hi = fig.low, fig.high
    shown = [r for r in rows if r[lo] is not None and r[hi] is not None]
    if fig.sort != "table":
        shown = sorted(shown, key=lambda r: (r[hi], r[lo]), reverse=fig.sort == "descending")
    data = []
    for r in shown:
        exact = r[lo] == r[hi]
        label = format_value(r[lo], "score") if exact else (
            f"{format_value(r[lo], 'score')}\u2013{format_value(r[hi], 'score')} (range for a group)")
        data.append({"category": r[fig.category], "low": r[lo], "high": r[hi],
                     "mid": (r[lo] + r[hi]) / 2, "exact": exact, "label": label})
    order = [d["category"] for d in data]
    y = alt.Y("category:N", sort=order, title=None, axis=alt.Axis(labelLimit=320))
    x_scale = alt.Scale(domain=[0, 5], nice=False)
    base = alt.Chart(alt.Data(values=data))
    tooltip = [alt.Tooltip("category:N", title="Reason"), alt.Tooltip("label:N", title="Average score")]
    rule = base.mark_rule(color=IOM_BLUE, strokeWidth=3).encode(
        y=y, x=alt.X("low:Q", scale=x_scale, title="Average importance score (0\u20135)",
                     axis=alt.Axis(values=[0, 1, 2, 3, 4, 5])),
        x2="high:Q", tooltip=tooltip)
    dots = base.transform_filter("datum.exact").mark_point(
        filled=True, size=110, color=IOM_BLUE, shape="circle").encode(
        y=y, x=alt.X("mid:Q", scale=x_scale), tooltip=tooltip)
    ranges = base.transform_filter("!datum.exact").mark_tick(
        color=IOM_BLUE, thickness=3, size=16).encode(y=y, x=alt.X("low:Q", scale=x_scale),
                                                     tooltip=tooltip)
    ranges_hi = base.transform_filter("!datum.exact").mark_tick(
        color=IOM_BLUE, thickness=3, size=16).encode(y=y, x=alt.X("high:Q", scale=x_scale))
    text = base.mark_text(align="left", dx=8, baseline="middle").encode(
        y=y, x=alt.X("high:Q", scale=x_scale), text="label:N")
    return alt.layer(rule, dots, ranges, ranges_hi, text).properties(height=alt.Step(STEP))


def describe(fig: Figure, rows: Rows, spec: TableSpec) -> str:
    given, missing = [], []
    for r in rows:
        lo, hi = r[fig.low], r[fig.high]
        if lo is None or hi is None:
            missing.append(str(r[fig.category]))
        elif lo == hi:
            given.append(f"{r[fig.category]} {format_value(lo, 'score')}")
        else:
            given.append(f"{r[fig.category]} between {format_value(lo, 'score')} and "
                         f"{format_value(hi, 'score')}")
    text = f"{fig.title}, average scores from 0 (not applicable) to 5 (very important): "
    text += "; ".join(given) + "."
    if missing:
        text += f" No score given for: {', '.join(missing)}."
    return text


SCORE = frozenset({"score"})
KIND = Kind(
    name="score",
    family="chart",
    roles={"category": ANY, "low": SCORE, "high": SCORE},
    render=score,
    describe=describe,
    outputs=CHART_OUTPUTS,
    formatted=("low", "high"),
)
