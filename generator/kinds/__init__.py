"""The figure kinds: one module per kind, each declaring a `Kind` (see base.py).

Everything that depends on a figure's kind reads this registry: the contract (which
kinds exist), validation (roles, column types, value formats, row checks), the
narrative placeholders (chart/map/table families) and the renderers (figures.py).
To add a kind, write its module, list it here and document it in docs/data-contract.md.

A chart kind writes its encodings as channel objects (`alt.Text("label:N")`,
`alt.XValue(0)`, `alt.XDatum(0)`), never as strings, `alt.value()` or `alt.condition()`:
Altair turns those into channels by matching them against its JSON schema, which was a
fifth of the time a chart takes to render (the specs are the same either way).
"""

from __future__ import annotations

from generator.kinds import (
    bar,
    bubble_map,
    change,
    choropleth,
    coverage_map,
    definitions,
    heat_table,
    key_figures,
    ranked_bar,
    score,
    share,
    table,
    trend,
)
from generator.kinds.base import ROLES, Family, Kind

# In the order the docs list them: cards and tables, charts, maps.
KINDS: dict[str, Kind] = {m.KIND.name: m.KIND for m in (
    key_figures, definitions, bar, ranked_bar, share, score, change, trend, heat_table, table,
    choropleth, bubble_map, coverage_map,
)}


def get(name: str) -> Kind:
    """The kind called `name`; KeyError for a name the contract would have rejected."""
    return KINDS[name]


def names() -> tuple[str, ...]:
    return tuple(KINDS)


def family(name: str) -> Family | None:
    kind = KINDS.get(name)
    return kind.family if kind else None


__all__ = ["KINDS", "ROLES", "Family", "Kind", "family", "get", "names"]
