"""Text alternatives written from the data, so a screen reader hears the figures.

Shared pieces; each kind's own sentence is its `describe` in generator/kinds/.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from generator.charts.specs import value_format
from generator.formatting import DEFAULT_FOR_TYPE, format_value

if TYPE_CHECKING:  # the contract reads the kinds registry, which reads this module
    from generator.contract import Figure, TableSpec

Rows = list[dict[str, Any]]


def fmt(fig: Figure, spec: TableSpec, row: dict[str, Any], role: str = "value") -> str:
    """One value as the figure formats it, with its `label` column beside it."""
    col = getattr(fig, role)
    text = format_value(row[col], value_format(fig, spec, role), spec.columns[col].decimals)
    if role == "value" and fig.label and row.get(fig.label) is not None:
        extra_type = spec.columns[fig.label].type
        text += f" ({format_value(row[fig.label], DEFAULT_FOR_TYPE.get(extra_type, 'text'))})"
    return text


def list_values(fig: Figure, rows: Rows, spec: TableSpec, key: str | None = None) -> str:
    """"Title: A 1, B 2." with the rows that give no figure named at the end."""
    if fig.row is not None:  # `row` groups values: only share draws groups (see grouped)
        return fig.title
    key = key or fig.category
    given = [r for r in rows if r[fig.value] is not None]
    missing = [str(r[key]) for r in rows if r[fig.value] is None]
    body = ", ".join(f"{r[key]} {fmt(fig, spec, r)}" for r in given)
    text = f"{fig.title}: {body}."
    if missing:
        text += f" No separate figure for {', '.join(missing)}."
    return text


def grouped(fig: Figure, rows: Rows, spec: TableSpec, group: str, item: str,
            skip_missing: bool = True) -> str:
    """"Title. G1: a 1, b 2; G2: ..." for figures that show rows of groups."""
    parts = []
    for g in dict.fromkeys(r[group] for r in rows):
        cells = [f"{r[item]} {fmt(fig, spec, r)}" for r in rows
                 if r[group] == g and not (skip_missing and r[fig.value] is None)]
        parts.append(f"{g}: {', '.join(cells)}")
    return f"{fig.title}. " + "; ".join(parts) + "."
