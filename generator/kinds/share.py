"""`share`: parts of 100 on a 0-100 scale; with `row`, one 100% bar per row."""

from __future__ import annotations

from typing import TYPE_CHECKING

import altair as alt

from generator.charts.describe import grouped, list_values
from generator.charts.specs import STEP, Rows, ordered, value_format, value_label
from generator.charts.theme import IOM_BLUE, MUTED_TEXT, OUTLINE, PALETTE, text_on
from generator.formatting import format_value
from generator.kinds.bar import CHART_OUTPUTS
from generator.kinds.base import ANY, Kind, RowProblem

if TYPE_CHECKING:
    from generator.contract import Figure, TableSpec


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
    data = [{"category": r[fig.category], "value": r[fig.value], "label": value_label(fig, spec, r)}
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


def describe(fig: Figure, rows: Rows, spec: TableSpec) -> str:
    if fig.row is None:
        return list_values(fig, rows, spec)
    return grouped(fig, rows, spec, fig.row, fig.category)  # type: ignore[arg-type]


def shares_fit(fig: Figure, spec: TableSpec | None, rows: Rows,
               lines: tuple[int, ...]) -> list[RowProblem]:
    """One bar of parts of 100 cannot hold more than 100 (5 points allowed for rounding)."""
    if fig.row is not None:
        return []
    total = sum(r[fig.value] or 0 for r in rows)
    return [(None, fig.value, f"shares add up to {total:g}, more than 100")] if total > 105 else []


KIND = Kind(
    name="share",
    family="chart",
    roles={"category": ANY, "value": frozenset({"percent", "number"})},
    optional_roles={"row": ANY, "label": ANY},
    render=share,
    describe=describe,
    validate=shares_fit,
    outputs=CHART_OUTPUTS,
)
