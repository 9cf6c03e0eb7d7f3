"""`change`: increases and decreases from zero, with signed labels.

With a `series` column (who produced each figure), the rows of each source are drawn
in their own colour and named in the legend, and a row from a source other than the
first one's says so in its label: an outside figure quoted by a report (national
statistics) is never read as one of MTM's own estimates (docs/figure-rules.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.charts.describe import fmt, item, missing_note, titled
from generator.charts.layout import BAR, Layout, band_step, label_column, text_px
from generator.charts.specs import Rows, bar_offset, category_labels, category_y, human, sized
from generator.charts.theme import IOM_BLUE, IOM_ORANGE, IOM_RED, OUTLINE
from generator.formatting import format_value
from generator.kinds.bar import AXIS_FORMAT, CHART_OUTPUTS
from generator.kinds.base import ANY, Kind
from generator.lazy import alt
from generator.messages import Messages

if TYPE_CHECKING:
    from generator.contract import Figure, TableSpec

SERIES_FILLS = [IOM_BLUE, IOM_ORANGE, "#6b6b6b", IOM_RED]


def sources(fig: Figure, rows: Rows) -> list[str]:
    """The sources named in the `series` column, the main one (first row's) first."""
    if not fig.series:
        return []
    return [str(s) for s in dict.fromkeys(r[fig.series] for r in rows if r[fig.series])]


def change(fig: Figure, rows: Rows, spec: TableSpec, layout: Layout,
           messages: Messages) -> alt.TopLevelMixin:
    shown = [r for r in rows if r[fig.value] is not None]
    series = sources(fig, shown)
    main = series[0] if series else None
    cats = []
    for r in shown:
        src = str(r[fig.series]) if fig.series and r[fig.series] else main
        cats.append(f"{r[fig.category]} ({src})" if src != main else str(r[fig.category]))
    wrapped, label_px = label_column(cats, layout)
    plot = layout.plot_width(label_px)
    # Translators: the legend of a chart of changes: bars of increases and of decreases
    increase, decrease = messages.gettext("Increase"), messages.gettext("Decrease")
    data = []
    for r, cat, w in zip(shown, cats, wrapped, strict=True):
        data.append({"category": cat, "ylabel": w, "value": r[fig.value],
                     "label": format_value(r[fig.value], fig.value_format or "change",
                                           locale=messages.lang),
                     "series": str(r[fig.series]) if fig.series and r[fig.series] else main,
                     "direction": increase if r[fig.value] >= 0 else decrease})
    lo, hi = _domain(data, plot)
    step = band_step(wrapped, layout)
    y = category_y(wrapped, layout, label_px)
    offset = bar_offset(layout, step, wrapped)
    # Translators: who produced a figure, in a chart's tooltip and legend
    source = human(spec, fig.series, messages.gettext("Source"))
    # Names in a tooltip where the table does not describe the column.
    period, change_ = messages.pgettext("tooltip", "Period"), messages.pgettext("tooltip", "Change")
    tooltip = [alt.Tooltip("category:N", title=human(spec, fig.category, period)),
               alt.Tooltip("label:N", title=human(spec, fig.value, change_))]
    if series:
        tooltip.append(alt.Tooltip("series:N", title=source))
    base = alt.Chart(alt.Data(values=data)).encode(
        y=y,
        x=alt.X("value:Q", title=messages.gettext("Change (per cent)"),
                scale=alt.Scale(domain=[lo, hi], nice=False),
                axis=alt.Axis(format=AXIS_FORMAT, tickCount=layout.ticks, labelFlush=True)),
        tooltip=tooltip,
    )
    if series:
        colour = alt.Color("series:N", scale=alt.Scale(
            domain=series, range=[SERIES_FILLS[i % len(SERIES_FILLS)] for i in range(len(series))]),
            legend=alt.Legend(title=source, orient="bottom",
                              direction="vertical", labelLimit=0, symbolStrokeColor=OUTLINE))
    else:
        colour = alt.Color("direction:N", scale=alt.Scale(domain=[increase, decrease],
                                                          range=[IOM_BLUE, IOM_RED]),
                           legend=alt.Legend(title=None))
    bars = base.mark_bar(size=BAR, yOffset=offset, stroke=OUTLINE, strokeWidth=0.5).encode(
        color=colour)
    text = base.mark_text(baseline="middle", yOffset=offset,
                          dx=alt.expr("datum.value < 0 ? -4 : 4"),
                          align=alt.expr("datum.value < 0 ? 'right' : 'left'")).encode(
        text=alt.Text("label:N"))
    if layout.stacked:  # the zero line only beside the bars, not through the labels
        zero = base.mark_tick(color=OUTLINE, orient="vertical", size=BAR + 6, thickness=1,
                              yOffset=offset).encode(x=alt.XDatum(0))
    else:
        zero = alt.Chart(alt.Data(values=[{"z": 0}])).mark_rule(color=OUTLINE).encode(x=alt.X("z:Q"))
    layers = [bars, zero, text]
    layers.append(category_labels(data, y, layout, step, wrapped))
    return sized(alt.layer(*layers), height=alt.Step(step))


def _domain(data: list[dict], plot: float) -> tuple[float, float]:
    """An axis from below the lowest to above the highest change with room for the signed
    labels beside the bars, on both sides of zero."""
    lo = min([0, *(d["value"] for d in data)])
    hi = max([0, *(d["value"] for d in data)])
    if lo == hi:
        hi = 10
    for _ in range(8):
        span = hi - lo
        grow_lo = grow_hi = 0.0
        for d in data:
            need = text_px(d["label"]) + 8
            px = (d["value"] - lo) / span * plot
            if d["value"] >= 0 and px + need > plot:
                grow_hi = max(grow_hi, (px + need - plot) / plot * span)
            if d["value"] < 0 and px - need < 0:
                grow_lo = max(grow_lo, (need - px) / plot * span)
        if not grow_lo and not grow_hi:
            break
        lo, hi = lo - grow_lo * 1.05, hi + grow_hi * 1.05
    return lo, hi


def describe(fig: Figure, rows: Rows, spec: TableSpec, messages: Messages) -> str:
    """"Title: A +1%, B −2%." with each figure from another source than the main one named."""
    series = sources(fig, rows)
    given = []
    for r in rows:
        if r[fig.value] is None:
            continue
        value = fmt(fig, spec, r, locale=messages.lang)
        if series and fig.series and r[fig.series] and str(r[fig.series]) != series[0]:
            # Translators: a figure from another source than the chart's others, in its
            # text alternative ("2023 +12% (source: national statistics)").
            given.append(messages.gettext("%(category)s %(value)s (source: %(source)s)",
                                          category=r[fig.category], value=value,
                                          source=r[fig.series]))
        else:
            given.append(item(messages, r[fig.category], value))
    out = titled(messages, fig.title, ", ".join(given))
    if series:
        out += " " + messages.gettext("Source of the other figures: %(source)s.",
                                      source=series[0])
    return out + missing_note(messages, [str(r[fig.category]) for r in rows
                                         if r[fig.value] is None])


KIND = Kind(
    name="change",
    family="chart",
    roles={"category": ANY, "value": frozenset({"number", "percent"})},
    optional_roles={"series": ANY},
    render=change,
    describe=describe,
    outputs=CHART_OUTPUTS,
)
