"""`bar`: horizontal bars, each labelled with its value."""

from __future__ import annotations

from typing import TYPE_CHECKING

import altair as alt

from generator.charts.describe import list_values
from generator.charts.specs import STEP, Rows, axis_title, ordered, value_label
from generator.charts.theme import IOM_BLUE
from generator.kinds.base import ANY, NUMERIC, Kind

if TYPE_CHECKING:
    from generator.contract import Figure, TableSpec

CHART_OUTPUTS = ("vl.json", "svg", "csv")


def bars(fig: Figure, rows: Rows, spec: TableSpec, *, ranked: bool = False) -> alt.TopLevelMixin:
    """The bar chart; `ranked` puts the largest first unless the figure asks for a sort."""
    shown = [r for r in rows if r[fig.value] is not None]
    if ranked and fig.sort == "table":
        shown = sorted(shown, key=lambda r: r[fig.value], reverse=True)
    else:
        shown = ordered(fig, shown, fig.value)  # type: ignore[arg-type]
    data = [{"category": r[fig.category], "value": r[fig.value],
             "label": value_label(fig, spec, r)} for r in shown]
    order = [d["category"] for d in data]
    top = max((d["value"] for d in data), default=1) or 1
    base = alt.Chart(alt.Data(values=data)).encode(
        y=alt.Y("category:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
        x=alt.X("value:Q", title=axis_title(fig, spec), scale=alt.Scale(domain=[0, top * 1.25]),
                axis=alt.Axis(format="~s" if top >= 10000 else ",~f", tickCount=6)),
        tooltip=[alt.Tooltip("category:N", title=fig.category),
                 alt.Tooltip("label:N", title="Value")],
    )
    marks = base.mark_bar(color=IOM_BLUE)
    text = base.mark_text(align="left", dx=4, baseline="middle").encode(text="label:N")
    return (marks + text).properties(height=alt.Step(STEP))


KIND = Kind(
    name="bar",
    family="chart",
    roles={"category": ANY, "value": NUMERIC},
    optional_roles={"label": ANY},
    render=bars,
    describe=list_values,
    outputs=CHART_OUTPUTS,
)
