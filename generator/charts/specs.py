"""Vega-Lite specs, one builder per figure kind, from a figure and its table rows.

Builders are pure: rows in, a Vega-Lite dict out. Every mark that uses colour
also carries a text label, so colour is never the only cue.

Texts from data (categories, titles, units) go into the spec only as values,
never into an expression (`transform_filter`, `alt.expr` use fixed field names):
Vega draws them as SVG text, and vega-embed's tooltip escapes them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import altair as alt

from generator.charts.theme import (
    IOM_BLUE,
    IOM_RED,
    MUTED_TEXT,
    OUTLINE,
    PALETTE,
    text_on,
)
from generator.contract import Figure, TableSpec
from generator.formatting import DEFAULT_FOR_TYPE, format_value

Rows = list[dict[str, Any]]
STEP = 30  # px per bar: room for a 12 px label on each side
SCALE_NOTE = "0 = not applicable, 1 = very unimportant, 2 = unimportant, 3 = slightly important, 4 = important, 5 = very important"  # noqa: E501


def value_format(fig: Figure, spec: TableSpec, role: str = "value") -> str | None:
    if fig.value_format:
        return fig.value_format
    col = getattr(fig, role)
    return DEFAULT_FOR_TYPE.get(spec.columns[col].type) if col else None


def axis_title(fig: Figure, spec: TableSpec) -> str:
    col = spec.columns[fig.value]  # type: ignore[index]
    text = col.unit or fig.value.replace("_", " ")  # type: ignore[union-attr]
    return text[:1].upper() + text[1:]  # keep acronyms such as "KZT" intact


def ordered(fig: Figure, rows: Rows, key: str) -> Rows:
    if fig.sort == "table":
        return rows
    return sorted(rows, key=lambda r: (r[key] is None, r[key] or 0), reverse=fig.sort == "descending")


def _label(fig: Figure, spec: TableSpec, row: dict[str, Any]) -> str:
    text = format_value(row[fig.value], value_format(fig, spec), spec.columns[fig.value].decimals)
    if fig.label and row.get(fig.label) is not None:
        lab_type = spec.columns[fig.label].type
        extra = format_value(row[fig.label], DEFAULT_FOR_TYPE.get(lab_type, "text"))
        text = f"{text} ({extra})"
    return text


def bar(fig: Figure, rows: Rows, spec: TableSpec) -> alt.TopLevelMixin:
    shown = [r for r in rows if r[fig.value] is not None]
    if fig.kind == "ranked_bar" and fig.sort == "table":
        shown = sorted(shown, key=lambda r: r[fig.value], reverse=True)
    else:
        shown = ordered(fig, shown, fig.value)  # type: ignore[arg-type]
    data = [{"category": r[fig.category], "value": r[fig.value], "label": _label(fig, spec, r)}
            for r in shown]
    order = [d["category"] for d in data]
    top = max((d["value"] for d in data), default=1) or 1
    base = alt.Chart(alt.Data(values=data)).encode(
        y=alt.Y("category:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
        x=alt.X("value:Q", title=axis_title(fig, spec), scale=alt.Scale(domain=[0, top * 1.25]),
                axis=alt.Axis(format="~s" if top >= 10000 else ",~f", tickCount=6)),
        tooltip=[alt.Tooltip("category:N", title=fig.category), alt.Tooltip("label:N", title="Value")],
    )
    bars = base.mark_bar(color=IOM_BLUE)
    text = base.mark_text(align="left", dx=4, baseline="middle").encode(text="label:N")
    return (bars + text).properties(height=alt.Step(STEP))


def share(fig: Figure, rows: Rows, spec: TableSpec) -> alt.TopLevelMixin:
    if fig.row is None:
        return share_bars(fig, rows, spec)
    cats = list(dict.fromkeys(r[fig.category] for r in rows))
    fills = [PALETTE[i % len(PALETTE)] for i in range(len(cats))]
    texts = [text_on(f) for f in fills]
    groups = list(dict.fromkeys(r[fig.row] for r in rows))
    data = []
    for r in rows:
        if r[fig.value] is None:
            continue
        data.append({"row": r[fig.row], "category": r[fig.category], "value": r[fig.value],
                     "order": cats.index(r[fig.category]),
                     "label": f"{r[fig.category]} "
                              f"{format_value(r[fig.value], value_format(fig, spec))}",
                     "inside": r[fig.value] >= 12})
    # Segments too narrow for a label are named in words at the end of the row.
    outside = []
    for g in groups:
        small = [d["label"] for d in data if d["row"] == g and not d["inside"]]
        if small:
            outside.append({"row": g, "text": ", ".join(small)})
    y = alt.Y("row:N", sort=groups, title=None, axis=alt.Axis(labelLimit=260))
    colour = alt.Color("category:N", scale=alt.Scale(domain=cats, range=fills),
                       legend=alt.Legend(title=None, orient="bottom", symbolStrokeColor=OUTLINE))
    base = alt.Chart(alt.Data(values=data)).encode(
        y=y,
        x=alt.X("value:Q", stack="zero", title="Per cent", scale=alt.Scale(domain=[0, 100])),
        order=alt.Order("order:Q"),
        tooltip=[alt.Tooltip("row:N", title=fig.row), alt.Tooltip("category:N", title=fig.category),
                 alt.Tooltip("label:N", title="Share")],
    )
    segs = base.mark_bar(stroke=OUTLINE, strokeWidth=0.75).encode(color=colour)
    labels = base.transform_filter("datum.inside").mark_text(
        align="right", dx=-4, baseline="middle"
    ).encode(
        x=alt.X("value:Q", stack="zero"),
        text="label:N",
        color=alt.Color("category:N", scale=alt.Scale(domain=cats, range=texts), legend=None),
    )
    layers = [segs, labels]
    if outside:
        layers.append(alt.Chart(alt.Data(values=outside)).mark_text(
            align="left", dx=6, baseline="middle", color=MUTED_TEXT
        ).encode(y=y, x=alt.datum(100), text="text:N"))
    # Fill and text colours are different scales over the same field.
    return alt.layer(*layers).resolve_scale(color="independent").properties(height=alt.Step(STEP + 6))


def share_bars(fig: Figure, rows: Rows, spec: TableSpec) -> alt.TopLevelMixin:
    """Parts of a whole as bars on a fixed 0-100 scale, each labelled with its share."""
    shown = ordered(fig, [r for r in rows if r[fig.value] is not None], fig.value)  # type: ignore[arg-type]
    data = [{"category": r[fig.category], "value": r[fig.value], "label": _label(fig, spec, r)}
            for r in shown]
    base = alt.Chart(alt.Data(values=data)).encode(
        y=alt.Y("category:N", sort=[d["category"] for d in data], title=None,
                axis=alt.Axis(labelLimit=260)),
        x=alt.X("value:Q", title="Per cent", scale=alt.Scale(domain=[0, 100])),
        tooltip=[alt.Tooltip("category:N", title=fig.category), alt.Tooltip("label:N", title="Share")],
    )
    track = alt.Chart(alt.Data(values=data)).mark_bar(color="#eef1f7").encode(
        y=alt.Y("category:N", sort=[d["category"] for d in data], title=None), x=alt.datum(100))
    bars = base.mark_bar(color=IOM_BLUE)
    text = base.mark_text(align="left", dx=4, baseline="middle").encode(text="label:N")
    return alt.layer(track, bars, text).properties(height=alt.Step(STEP))


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


def change(fig: Figure, rows: Rows, spec: TableSpec) -> alt.TopLevelMixin:
    shown = [r for r in rows if r[fig.value] is not None]
    data = [{"category": r[fig.category], "value": r[fig.value],
             "label": format_value(r[fig.value], fig.value_format or "change"),
             "direction": "Increase" if r[fig.value] >= 0 else "Decrease"} for r in shown]
    order = [d["category"] for d in data]
    lo = min([0, *(d["value"] for d in data)])
    hi = max([0, *(d["value"] for d in data)])
    pad = (hi - lo) * 0.3 or 10
    base = alt.Chart(alt.Data(values=data)).encode(
        y=alt.Y("category:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
        x=alt.X("value:Q", title="Change (per cent)",
                scale=alt.Scale(domain=[lo - (pad if lo < 0 else 0), hi + pad])),
        tooltip=[alt.Tooltip("category:N", title="Period"), alt.Tooltip("label:N", title="Change")],
    )
    bars = base.mark_bar().encode(color=alt.Color(
        "direction:N", scale=alt.Scale(domain=["Increase", "Decrease"], range=[IOM_BLUE, IOM_RED]),
        legend=alt.Legend(title=None)))
    text = base.mark_text(baseline="middle", dx=alt.expr("datum.value < 0 ? -4 : 4"),
                          align=alt.expr("datum.value < 0 ? 'right' : 'left'")).encode(text="label:N")
    zero = alt.Chart(alt.Data(values=[{"z": 0}])).mark_rule(color=OUTLINE).encode(x="z:Q")
    return alt.layer(bars, zero, text).properties(height=alt.Step(STEP + 6))


def trend(fig: Figure, rows: Rows, spec: TableSpec) -> alt.TopLevelMixin:
    shown = [r for r in rows if r[fig.value] is not None]
    data = [{"category": str(r[fig.category]), "value": r[fig.value],
             "label": _label(fig, spec, r)} for r in shown]
    base = alt.Chart(alt.Data(values=data)).encode(
        x=alt.X("category:O", title=None, sort=[d["category"] for d in data],
                axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title=axis_title(fig, spec)),
        tooltip=[alt.Tooltip("category:N", title=fig.category), alt.Tooltip("label:N", title="Value")],
    )
    line = base.mark_line(color=IOM_BLUE, strokeWidth=2.5)
    points = base.mark_point(filled=True, size=80, color=IOM_BLUE)
    text = base.mark_text(dy=-12).encode(text="label:N")
    return alt.layer(line, points, text).properties(height=260)


def heat_table(fig: Figure, rows: Rows, spec: TableSpec) -> alt.TopLevelMixin:
    """Counts in a grid, shaded by each cell's share of its column, labelled with the count."""
    cols = list(dict.fromkeys(r[fig.column] for r in rows))
    row_order = list(dict.fromkeys(r[fig.row] for r in rows))
    totals = {c: sum(r[fig.value] or 0 for r in rows if r[fig.column] == c) for c in cols}
    data = []
    for r in rows:
        v = r[fig.value]
        share_ = (v or 0) / totals[r[fig.column]] * 100 if totals[r[fig.column]] else 0
        data.append({"row": r[fig.row], "column": r[fig.column], "value": v,
                     "share": round(share_, 1),
                     "label": format_value(v, value_format(fig, spec)),
                     "share_label": f"{format_value(round(share_), 'number')}% of the column"})
    base = alt.Chart(alt.Data(values=data)).encode(
        x=alt.X("column:N", sort=cols, title=None,
                axis=alt.Axis(orient="top", labelAngle=0, labelLimit=110, labelFontWeight="bold")),
        y=alt.Y("row:N", sort=row_order, title=None),
        tooltip=[alt.Tooltip("row:N", title=fig.row), alt.Tooltip("column:N", title=fig.column),
                 alt.Tooltip("label:N", title="Value"), alt.Tooltip("share_label:N", title="Share")],
    )
    cells = base.mark_rect(stroke="#ffffff", strokeWidth=2).encode(color=alt.Color(
        "share:Q", scale=alt.Scale(domain=[0, 100], range=["#eef3fb", IOM_BLUE]),
        legend=alt.Legend(title=fig.legend_title or "Share of the column (%)", orient="bottom",
                          gradientLength=220)))
    text = base.mark_text(baseline="middle", fontSize=12).encode(
        text="label:N",
        color=alt.condition("datum.share >= 45", alt.value("#ffffff"), alt.value("#000000")))
    return alt.layer(cells, text).resolve_scale(color="independent").properties(
        height=alt.Step(36))


BUILDERS: dict[str, Callable[[Figure, Rows, TableSpec], alt.TopLevelMixin]] = {
    "bar": bar,
    "ranked_bar": bar,
    "share": share,
    "score": score,
    "change": change,
    "trend": trend,
    "heat_table": heat_table,
}


def vega_lite(fig: Figure, rows: Rows, spec: TableSpec, description: str) -> dict[str, Any]:
    """The figure's Vega-Lite spec, with the shared theme and a responsive width."""
    chart = BUILDERS[fig.kind](fig, rows, spec)
    with alt.theme.enable("mtm"):
        # fit-x: the width follows the page; heights come from the bar step.
        out = chart.properties(
            width="container",
            description=description,
            autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
        ).to_dict()
    return out
