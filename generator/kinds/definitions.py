"""`definitions`: a definition list of terms (`category`) and their meanings (`value`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from generator.kinds.base import ANY, Kind
from generator.markup import render
from generator.messages import Messages

if TYPE_CHECKING:
    from generator.contract import Figure
    from generator.model import Table


def definition_list(fig: Figure, table: Table, common: dict[str, Any],
                    tabulate: Callable[..., Any], messages: Messages) -> str:
    items = [(str(r[fig.category]), str(r[fig.value])) for r in table.rows]
    return str(render("definitions.html", messages, **common, items=items))


KIND = Kind(
    name="definitions",
    family="table",
    roles={"category": ANY, "value": frozenset({"text"})},
    render=definition_list,
    outputs=(),  # the terms are the page's text: no download
)
