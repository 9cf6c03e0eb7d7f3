"""What every Vega-Lite chart shares: value formats, axis titles, sorting, labels, sizing.

The builders, one per figure kind, live in generator/kinds/. They are pure: rows in,
an Altair chart out. Every mark that uses colour also carries a text label, so
colour is never the only cue.

Texts from data (categories, titles, units) go into the spec only as values,
never into an expression (`transform_filter`, `alt.expr` use fixed field names):
Vega draws them as SVG text, and vega-embed's tooltip escapes them.

Words the code writes (axis titles, tooltip names) come from the edition's catalog: each
builder gets the `Messages` of the reader's language; numbers are formatted in its locale
(labels here, ticks by Vega with the spec's `config.locale`: charts/locale.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from generator.charts.layout import LINE, Layout, lines, stacked_offsets
from generator.charts.locale import locale_config
from generator.charts.theme import register_theme
from generator.formatting import DEFAULT_FOR_TYPE, format_value
from generator.lazy import alt

if TYPE_CHECKING:  # the contract reads the kinds registry, which reads this module
    from generator.contract import Figure, TableSpec

Rows = list[dict[str, Any]]
Chart = Any  # an Altair chart (Chart, LayerChart, ...)


def sized(chart: Chart, **props: Any) -> Chart:
    """`chart.properties(**props)` without Altair checking each value against its JSON
    schema on the way, which was a third of the Python time of a chart; the tests validate
    every whole spec (tests/charts)."""
    out = chart.copy(deep=False)
    for key, value in props.items():
        setattr(out, key, value)
    return out
STEP = 30  # px per bar: room for a 12 px label on each side


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


def value_label(fig: Figure, spec: TableSpec, row: dict[str, Any], locale: str = "en") -> str:
    text = format_value(row[fig.value], value_format(fig, spec), spec.columns[fig.value].decimals,
                        locale)
    if fig.label and row.get(fig.label) is not None:
        lab_type = spec.columns[fig.label].type
        extra = format_value(row[fig.label], DEFAULT_FOR_TYPE.get(lab_type, "text"),
                             locale=locale)
        text = f"{text} ({extra})"
    return text


def human(spec: TableSpec, col: str | None, fallback: str) -> str:
    """A column's name for readers (tooltips): its description, never the raw field name."""
    if not col or col not in spec.columns:
        return fallback
    text = (spec.columns[col].description or "").strip().rstrip(".")
    return text or fallback


def is_percent(fig: Figure, spec: TableSpec) -> bool:
    """Shares are drawn on a 0-100 axis (docs/figure-rules.md, "Charts")."""
    return value_format(fig, spec) == "percent"


def category_y(order: list[str], layout: Layout, label_px: float) -> alt.Y:
    """The category axis. Its labels are a text layer (`category_labels`): Vega centres a
    wrapped text mark on its bar, but draws wrapped axis labels downwards from the centre."""
    return alt.Y("ylabel:N", sort=order, title=None, axis=None)


def category_labels(data: Rows, y: alt.Y, layout: Layout, step: int,
                    wrapped: list[str]) -> alt.TopLevelMixin:
    """Each category's wrapped label: beside its bar, right-aligned (wide), or on its own
    lines just above its bar (narrow)."""
    if layout.stacked:
        return stacked_labels(data, y, step, wrapped)
    return alt.Chart(alt.Data(values=data)).mark_text(
        align="right", baseline="middle", dx=-8, lineBreak="\n", lineHeight=LINE,
    ).encode(y=y, x=alt.XValue(0), text=alt.Text("ylabel:N"))


def column_labels(data: Rows, x: alt.X, wrapped: list[str]) -> alt.TopLevelMixin:
    """Wrapped column headers above the plot, their last lines on one baseline."""
    for d in data:
        d["xlines"] = lines(d["xlabel"])
    return alt.layer(*[alt.Chart(alt.Data(values=data)).transform_filter(
        f"datum.xlines == {n}").mark_text(
        baseline="bottom", dy=-6 - (n - 1) * LINE, lineBreak="\n", lineHeight=LINE,
        fontWeight="bold",
    ).encode(x=x, y=alt.YValue(0), text=alt.Text("xlabel:N")) for n in sorted({lines(w) for w in wrapped})])


def stacked_labels(data: Rows, y: alt.Y, step: int, wrapped: list[str]) -> alt.LayerChart:
    """Narrow layout: each category's label on its own lines, just above its bar.

    Vega draws the lines of a bottom-aligned text downwards from its position, so a label
    of n lines starts n - 1 lines higher: one layer per line count (the filter is fixed
    text, not data)."""
    dy, _ = stacked_offsets(step, wrapped)
    for d in data:
        d["lines"] = lines(d["ylabel"])
    return alt.layer(*[alt.Chart(alt.Data(values=data)).transform_filter(
        f"datum.lines == {n}").mark_text(
        align="left", baseline="bottom", dy=dy - (n - 1) * LINE, lineBreak="\n",
        lineHeight=LINE,
    ).encode(y=y, x=alt.XValue(0), text=alt.Text("ylabel:N")) for n in sorted({lines(w) for w in wrapped})])


def bar_offset(layout: Layout, step: int, wrapped: list[str]) -> float:
    return stacked_offsets(step, wrapped)[1] if layout.stacked else 0


def vega_lite(chart: alt.TopLevelMixin, description: str, layout: Layout,
              lang: str = "en") -> dict[str, Any]:
    """A kind's chart as a Vega-Lite spec, with the shared theme, a responsive width and
    the number locale of `lang` (none for English, whose numbers are d3's default)."""
    register_theme()
    with alt.theme.enable("mtm"):
        # fit-x: the width follows the page; heights come from the bar step.
        out = sized(
            chart,
            width="container",
            description=description,
            autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
            padding=layout.padding,
        ).to_dict(validate=False)  # schema validation took 1.7 s a build: the tests do it
    extra = locale_config(lang)
    if extra:
        out.setdefault("config", {}).update(extra)
    return out
