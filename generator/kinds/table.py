"""`table`: the table itself, as HTML (all columns, or those `columns` names)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from generator.kinds.base import ANY, Kind
from generator.markup import render
from generator.messages import Messages

if TYPE_CHECKING:
    from generator.contract import Figure
    from generator.model import Table


def html_figure(fig: Figure, table: Table, common: dict[str, Any],
                tabulate: Callable[..., Any], messages: Messages) -> str:
    # `tabulate` is tabular.html_table, passed in by figures.py: tabular reads the
    # contract, which reads this registry, so importing it here would be a cycle.
    return str(render("table_figure.html", messages, **common,
                      table_html=tabulate(table.spec, list(table.rows), columns=fig.columns,
                                          messages=messages)))


KIND = Kind(
    name="table",
    family="table",
    roles={},
    optional_roles={"columns": ANY},
    render=html_figure,
)
