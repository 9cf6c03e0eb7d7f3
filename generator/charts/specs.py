"""What every Vega-Lite chart shares: value formats, axis titles, sorting, labels, sizing.

The builders, one per figure kind, live in generator/kinds/. They are pure: rows in,
an Altair chart out. Every mark that uses colour also carries a text label, so
colour is never the only cue.

Texts from data (categories, titles, units) go into the spec only as values,
never into an expression (`transform_filter`, `alt.expr` use fixed field names):
Vega draws them as SVG text, and vega-embed's tooltip escapes them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import altair as alt

from generator.charts import theme as _theme  # noqa: F401 (registers the "mtm" theme)
from generator.formatting import DEFAULT_FOR_TYPE, format_value

if TYPE_CHECKING:  # the contract reads the kinds registry, which reads this module
    from generator.contract import Figure, TableSpec

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


def value_label(fig: Figure, spec: TableSpec, row: dict[str, Any]) -> str:
    text = format_value(row[fig.value], value_format(fig, spec), spec.columns[fig.value].decimals)
    if fig.label and row.get(fig.label) is not None:
        lab_type = spec.columns[fig.label].type
        extra = format_value(row[fig.label], DEFAULT_FOR_TYPE.get(lab_type, "text"))
        text = f"{text} ({extra})"
    return text


def vega_lite(chart: alt.TopLevelMixin, description: str) -> dict[str, Any]:
    """A kind's chart as a Vega-Lite spec, with the shared theme and a responsive width."""
    with alt.theme.enable("mtm"):
        # fit-x: the width follows the page; heights come from the bar step.
        out = chart.properties(
            width="container",
            description=description,
            autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
        ).to_dict(validate=False)  # schema validation took 1.7 s a build: the tests do it
    return out
