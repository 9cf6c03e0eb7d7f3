"""`ranked_bar`: bars sorted largest first (top-5 countries, provinces)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.charts.describe import list_values
from generator.kinds.bar import CHART_OUTPUTS, bars
from generator.kinds.base import ANY, NUMERIC, Kind

if TYPE_CHECKING:
    import altair as alt

    from generator.charts.layout import Layout
    from generator.charts.specs import Rows
    from generator.contract import Figure, TableSpec
    from generator.messages import Messages


def ranked_bars(fig: Figure, rows: Rows, spec: TableSpec, layout: Layout,
                messages: Messages) -> alt.TopLevelMixin:
    return bars(fig, rows, spec, layout, messages, ranked=True)


KIND = Kind(
    name="ranked_bar",
    family="chart",
    roles={"category": ANY, "value": NUMERIC},
    optional_roles={"label": ANY},
    render=ranked_bars,
    describe=list_values,
    outputs=CHART_OUTPUTS,
)
