"""`bar`: horizontal bars, each labelled with its value."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from generator.charts.describe import list_values
from generator.charts.layout import BAR, Layout, band_step, fit_domain, label_column
from generator.charts.specs import (
    Rows,
    axis_title,
    bar_offset,
    category_labels,
    category_y,
    human,
    is_percent,
    ordered,
    sized,
    value_label,
)
from generator.charts.theme import IOM_BLUE
from generator.kinds.base import ANY, NUMERIC, Kind
from generator.lazy import alt
from generator.messages import Messages

if TYPE_CHECKING:
    from generator.contract import Figure, TableSpec

# Files of every chart kind: a live spec and a static SVG per layout, and the data.
CHART_OUTPUTS = ("vl.json", "svg", "narrow.vl.json", "narrow.svg", "csv")
# Axis numbers: thousands separators, no SI suffix ("600,000", never "0k" or "600k"), in
# the spec's locale ("600 000" in Russian: charts/locale.py).
AXIS_FORMAT = ",~f"


def bars(fig: Figure, rows: Rows, spec: TableSpec, layout: Layout, messages: Messages, *,
         ranked: bool = False) -> alt.TopLevelMixin:
    """The bar chart; `ranked` puts the largest first unless the figure asks for a sort."""
    shown = [r for r in rows if r[fig.value] is not None]
    if ranked and fig.sort == "table":
        shown = sorted(shown, key=lambda r: r[fig.value], reverse=True)
    else:
        shown = ordered(fig, shown, fig.value)  # type: ignore[arg-type]
    data = [{"category": str(r[fig.category]), "value": r[fig.value],
             "label": value_label(fig, spec, r, messages.lang)} for r in shown]
    percent = is_percent(fig, spec)
    # Translators: the value axis of a chart of per cent figures
    x_title = messages.gettext("Per cent") if percent else axis_title(fig, spec)
    # Names in a tooltip where the table does not describe the column.
    category, value = messages.pgettext("tooltip", "Category"), messages.pgettext("tooltip", "Value")
    return bar_layers(data, layout, x_title=x_title,
                      # Shares run 0-100; a per cent above 100 widens the axis to it.
                      fixed_max=max([100, *(d["value"] for d in data)]) if percent else None,
                      tooltip=[alt.Tooltip("category:N", title=human(spec, fig.category, category)),
                               alt.Tooltip("label:N", title=human(spec, fig.value, value))])


def bar_layers(data: list[dict[str, Any]], layout: Layout, *, x_title: str,
               fixed_max: float | None, tooltip: list[alt.Tooltip],
               track: bool = False) -> alt.TopLevelMixin:
    """Bars from zero with their value labels beside them (or inside a long bar), category
    labels wrapped beside the bars (wide) or stacked above them (narrow).

    `data` rows have `category`, `value` and `label`; `track` draws the 0-100 track of a
    share behind each bar."""
    wrapped, label_px = label_column([d["category"] for d in data], layout)
    plot = layout.plot_width(label_px)
    dmax, inside = fit_domain([d["value"] for d in data], [d["label"] for d in data], plot,
                              fixed_max)
    for d, w, ins in zip(data, wrapped, inside, strict=True):
        d["ylabel"], d["inside"] = w, ins
    step = band_step(wrapped, layout)
    y = category_y(wrapped, layout, label_px)
    offset = bar_offset(layout, step, wrapped)
    x = alt.X("value:Q", title=x_title, scale=alt.Scale(domain=[0, dmax], nice=False),
              axis=alt.Axis(format=AXIS_FORMAT, tickCount=layout.ticks, labelOverlap=True,
                            labelFlush=True))
    base = alt.Chart(alt.Data(values=data)).encode(y=y, x=x, tooltip=tooltip)
    layers = []
    if track:
        layers.append(base.mark_bar(color="#eef1f7", size=BAR, yOffset=offset).encode(
            x=alt.XDatum(fixed_max or dmax)))
    layers.append(base.mark_bar(color=IOM_BLUE, size=BAR, yOffset=offset))
    layers.append(base.transform_filter("!datum.inside").mark_text(
        align="left", dx=4, baseline="middle", yOffset=offset).encode(text=alt.Text("label:N")))
    layers.append(base.transform_filter("datum.inside").mark_text(
        align="right", dx=-4, baseline="middle", yOffset=offset, color="#ffffff",
    ).encode(text=alt.Text("label:N")))
    layers.append(category_labels(data, y, layout, step, wrapped))
    return sized(alt.layer(*layers), height=alt.Step(step))


KIND = Kind(
    name="bar",
    family="chart",
    roles={"category": ANY, "value": NUMERIC},
    optional_roles={"label": ANY},
    render=bars,
    describe=list_values,
    outputs=CHART_OUTPUTS,
)
