"""`key_figures`: a grid of cards, one headline number each."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from generator.formatting import DEFAULT_FOR_TYPE, format_value
from generator.kinds.base import ANY, NUMERIC, Kind
from generator.markup import render

if TYPE_CHECKING:
    from generator.contract import Figure
    from generator.model import Table


def cards(fig: Figure, table: Table, common: dict[str, Any], tabulate: Callable[..., Any]) -> str:
    vtype = table.spec.columns[fig.value].type  # type: ignore[index]
    how = fig.value_format or DEFAULT_FOR_TYPE.get(vtype)
    items = [
        {"value": format_value(r[fig.value], how), "label": str(r[fig.category]),
         "note": str(r[fig.label]) if fig.label and r.get(fig.label) else None}
        for r in table.rows if r[fig.value] is not None
    ]
    return str(render("key_figures.html", **common, cards=items))


KIND = Kind(
    name="key_figures",
    family="cards",
    roles={"category": ANY, "value": NUMERIC},
    optional_roles={"label": ANY},
    render=cards,
)
