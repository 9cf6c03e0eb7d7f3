"""`trend`: a line with labelled points, one per period."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.charts.describe import list_values
from generator.charts.layout import Layout
from generator.charts.specs import Rows, axis_title, human, is_percent, sized, value_label
from generator.charts.theme import IOM_BLUE
from generator.kinds.bar import AXIS_FORMAT, CHART_OUTPUTS
from generator.kinds.base import ANY, NUMERIC, Kind
from generator.lazy import alt
from generator.messages import Messages

if TYPE_CHECKING:
    from generator.contract import Figure, TableSpec


def trend(fig: Figure, rows: Rows, spec: TableSpec, layout: Layout,
          messages: Messages) -> alt.TopLevelMixin:
    shown = [r for r in rows if r[fig.value] is not None]
    data = [{"category": str(r[fig.category]), "value": r[fig.value],
             "label": value_label(fig, spec, r, messages.lang)} for r in shown]
    base = alt.Chart(alt.Data(values=data)).encode(
        x=alt.X("category:O", title=None, sort=[d["category"] for d in data],
                axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title=axis_title(fig, spec),
                scale=alt.Scale(domain=[0, 100]) if is_percent(fig, spec) else alt.Undefined,
                axis=alt.Axis(format=AXIS_FORMAT, tickCount=layout.ticks)),
        tooltip=[alt.Tooltip("category:N", title=human(spec, fig.category,
                                                       messages.pgettext("tooltip", "Period"))),
                 alt.Tooltip("label:N", title=human(spec, fig.value,
                                                    messages.pgettext("tooltip", "Value")))],
    )
    line = base.mark_line(color=IOM_BLUE, strokeWidth=2.5)
    points = base.mark_point(filled=True, size=80, color=IOM_BLUE)
    text = base.mark_text(dy=-12).encode(text=alt.Text("label:N"))
    return sized(alt.layer(line, points, text), height=260)


KIND = Kind(
    name="trend",
    family="chart",
    roles={"category": ANY, "value": NUMERIC},
    optional_roles={"label": ANY},
    render=trend,
    describe=list_values,
    outputs=CHART_OUTPUTS,
)
