"""`heat_table`: a grid of counts shaded by their share of the column."""

from __future__ import annotations

from typing import TYPE_CHECKING

import altair as alt

from generator.charts.describe import grouped
from generator.charts.specs import Rows, value_format
from generator.charts.theme import IOM_BLUE
from generator.formatting import format_value
from generator.kinds.bar import CHART_OUTPUTS
from generator.kinds.base import ANY, NUMERIC, Kind

if TYPE_CHECKING:
    from generator.contract import Figure, TableSpec


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


def describe(fig: Figure, rows: Rows, spec: TableSpec) -> str:
    # Every cell is named, an empty one as a dash: the grid shows it too.
    return grouped(fig, rows, spec, fig.row, fig.column, skip_missing=False)  # type: ignore[arg-type]


KIND = Kind(
    name="heat_table",
    family="chart",
    roles={"row": ANY, "column": ANY, "value": NUMERIC},
    render=heat_table,
    describe=describe,
    outputs=CHART_OUTPUTS,
)
