"""`change`: increases and decreases from zero, with signed labels."""

from __future__ import annotations

from typing import TYPE_CHECKING

import altair as alt

from generator.charts.describe import list_values
from generator.charts.specs import STEP, Rows
from generator.charts.theme import IOM_BLUE, IOM_RED, OUTLINE
from generator.formatting import format_value
from generator.kinds.bar import CHART_OUTPUTS
from generator.kinds.base import ANY, Kind

if TYPE_CHECKING:
    from generator.contract import Figure, TableSpec


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


KIND = Kind(
    name="change",
    family="chart",
    roles={"category": ANY, "value": frozenset({"number", "percent"})},
    render=change,
    describe=list_values,
    outputs=CHART_OUTPUTS,
)
