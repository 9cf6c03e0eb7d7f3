"""Text alternatives written from the data, so a screen reader hears the figures."""

from __future__ import annotations

from typing import Any

from generator.charts.specs import value_format
from generator.contract import Figure, TableSpec
from generator.formatting import DEFAULT_FOR_TYPE, format_value

Rows = list[dict[str, Any]]


def _fmt(fig: Figure, spec: TableSpec, row: dict[str, Any], role: str = "value") -> str:
    col = getattr(fig, role)
    text = format_value(row[col], value_format(fig, spec, role), spec.columns[col].decimals)
    if role == "value" and fig.label and row.get(fig.label) is not None:
        extra_type = spec.columns[fig.label].type
        text += f" ({format_value(row[fig.label], DEFAULT_FOR_TYPE.get(extra_type, 'text'))})"
    return text


def describe(fig: Figure, rows: Rows, spec: TableSpec) -> str:
    """One sentence per figure: its kind and every value it shows."""
    kind = fig.kind
    if kind in ("bar", "ranked_bar", "share", "change", "trend", "key_figures", "choropleth",
                "bubble_map") and fig.row is None:
        key = fig.province if kind in ("choropleth", "bubble_map") else fig.category
        given = [r for r in rows if r[fig.value] is not None]
        missing = [str(r[key]) for r in rows if r[fig.value] is None]
        body = ", ".join(f"{r[key]} {_fmt(fig, spec, r)}" for r in given)
        text = f"{fig.title}: {body}."
        if missing:
            text += f" No separate figure for {', '.join(missing)}."
        return text
    if kind == "share":
        parts = []
        for group in dict.fromkeys(r[fig.row] for r in rows):
            items = [f"{r[fig.category]} {_fmt(fig, spec, r)}" for r in rows
                     if r[fig.row] == group and r[fig.value] is not None]
            parts.append(f"{group}: {', '.join(items)}")
        return f"{fig.title}. " + "; ".join(parts) + "."
    if kind == "score":
        given, missing = [], []
        for r in rows:
            lo, hi = r[fig.low], r[fig.high]
            if lo is None or hi is None:
                missing.append(str(r[fig.category]))
            elif lo == hi:
                given.append(f"{r[fig.category]} {format_value(lo, 'score')}")
            else:
                given.append(f"{r[fig.category]} between {format_value(lo, 'score')} and "
                             f"{format_value(hi, 'score')}")
        text = f"{fig.title}, average scores from 0 (not applicable) to 5 (very important): "
        text += "; ".join(given) + "."
        if missing:
            text += f" No score given for: {', '.join(missing)}."
        return text
    if kind == "heat_table":
        parts = []
        for row in dict.fromkeys(r[fig.row] for r in rows):
            cells = [f"{r[fig.column]} {_fmt(fig, spec, r)}" for r in rows if r[fig.row] == row]
            parts.append(f"{row}: {', '.join(cells)}")
        return f"{fig.title}. " + "; ".join(parts) + "."
    return fig.title
