"""`score`: dots on the 0-5 importance scale, ranges as bars, the scale explained."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.charts.describe import item
from generator.charts.layout import Layout, band_step, label_column, text_px
from generator.charts.specs import Rows, bar_offset, category_labels, category_y, human, sized
from generator.charts.theme import IOM_BLUE
from generator.formatting import format_value
from generator.kinds.bar import CHART_OUTPUTS
from generator.kinds.base import ANY, Kind
from generator.lazy import alt
from generator.messages import Messages

if TYPE_CHECKING:
    from generator.contract import Figure, TableSpec


def score(fig: Figure, rows: Rows, spec: TableSpec, layout: Layout,
          messages: Messages) -> alt.TopLevelMixin:
    lo, hi = fig.low, fig.high
    shown = [r for r in rows if r[lo] is not None and r[hi] is not None]
    if fig.sort != "table":
        shown = sorted(shown, key=lambda r: (r[hi], r[lo]), reverse=fig.sort == "descending")
    wrapped, label_px = label_column([str(r[fig.category]) for r in shown], layout)
    plot = layout.plot_width(label_px)
    data = []
    for r, w in zip(shown, wrapped, strict=True):
        exact = r[lo] == r[hi]
        value = _score(r[lo], messages) if exact else (
            f"{_score(r[lo], messages)}\u2013{_score(r[hi], messages)}")
        # Translators: a score range shown for a group of reasons ("3.1–3.5 (range for a
        # group)").
        ranged = messages.gettext("%(range)s (range for a group)", range=value)
        # The chart label names a range as such where there is room (the tooltip always).
        label = value if exact or layout.stacked else ranged
        # Beside the high end where it fits, else before the low end.
        right = r[hi] / 5 * plot + 10 + text_px(label) <= plot
        data.append({"category": str(r[fig.category]), "ylabel": w, "low": r[lo], "high": r[hi],
                     "mid": (r[lo] + r[hi]) / 2, "exact": exact, "label": label,
                     "tip": value if exact else ranged,
                     "right": right, "at": r[hi] if right else r[lo]})
    step = band_step(wrapped, layout)
    y = category_y(wrapped, layout, label_px)
    offset = bar_offset(layout, step, wrapped)
    x_scale = alt.Scale(domain=[0, 5], nice=False)
    base = alt.Chart(alt.Data(values=data))
    tooltip = [alt.Tooltip("category:N", title=human(spec, fig.category,
                                                     messages.pgettext("tooltip", "Reason"))),
               alt.Tooltip("tip:N", title=messages.gettext("Average score (0\u20135)"))]
    x_title = messages.gettext("Average importance score (0\u20135)")
    rule = base.mark_rule(color=IOM_BLUE, strokeWidth=3, yOffset=offset).encode(
        y=y, x=alt.X("low:Q", scale=x_scale, title=x_title,
                     axis=alt.Axis(values=[0, 1, 2, 3, 4, 5], labelFlush=True)),
        x2=alt.X2("high:Q"), tooltip=tooltip)
    dots = base.transform_filter("datum.exact").mark_point(
        filled=True, size=110, color=IOM_BLUE, shape="circle", yOffset=offset).encode(
        y=y, x=alt.X("mid:Q", scale=x_scale), tooltip=tooltip)
    ranges = base.transform_filter("!datum.exact").mark_tick(
        color=IOM_BLUE, thickness=3, size=16, yOffset=offset).encode(
        y=y, x=alt.X("low:Q", scale=x_scale), tooltip=tooltip)
    ranges_hi = base.transform_filter("!datum.exact").mark_tick(
        color=IOM_BLUE, thickness=3, size=16, yOffset=offset).encode(
        y=y, x=alt.X("high:Q", scale=x_scale), tooltip=tooltip)
    text_right = base.transform_filter("datum.right").mark_text(
        align="left", dx=10, baseline="middle", yOffset=offset).encode(
        y=y, x=alt.X("at:Q", scale=x_scale), text=alt.Text("label:N"))
    text_left = base.transform_filter("!datum.right").mark_text(
        align="right", dx=-10, baseline="middle", yOffset=offset).encode(
        y=y, x=alt.X("at:Q", scale=x_scale), text=alt.Text("label:N"))
    layers = [rule, dots, ranges, ranges_hi, text_right, text_left]
    layers.append(category_labels(data, y, layout, step, wrapped))
    return sized(alt.layer(*layers), height=alt.Step(step))


def _score(value: float, messages: Messages) -> str:
    return format_value(value, "score", locale=messages.lang)


def describe(fig: Figure, rows: Rows, spec: TableSpec, messages: Messages) -> str:
    given, missing = [], []
    for r in rows:
        lo, hi = r[fig.low], r[fig.high]
        if lo is None or hi is None:
            missing.append(str(r[fig.category]))
        elif lo == hi:
            given.append(item(messages, r[fig.category], _score(lo, messages)))
        else:
            # Translators: a reason whose score the report gives as a range, in a chart's
            # text alternative ("Family between 3.1 and 3.5").
            given.append(messages.gettext("%(category)s between %(low)s and %(high)s",
                                          category=r[fig.category], low=_score(lo, messages),
                                          high=_score(hi, messages)))
    # Translators: the text alternative of a chart of importance scores; `scores` lists
    # each reason and its score, separated by semicolons.
    text = messages.gettext(
        "%(title)s, average scores from 0 (not applicable) to 5 (very important): %(scores)s.",
        title=fig.title, scores="; ".join(given))
    if missing:
        text += " " + messages.gettext("No score given for: %(names)s.",
                                       names=", ".join(missing))
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
