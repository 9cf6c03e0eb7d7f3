"""What a figure kind is: its family, the columns it reads, its checks and its renderer.

Every kind, built in or new, is one `Kind` declared in its own module of this package
(like datasette's built-in features, which use the same hooks as plugins). The
contract, the validation stage, the narrative placeholders and the renderers all read
these declarations, so adding a kind touches one module and its docs.

This module and the kind modules must not import `generator.contract` or
`generator.model` at run time: the contract reads the registry to know the kinds.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from generator.contract import Figure, TableSpec

Family = Literal["chart", "map", "table", "cards"]
Rows = list[dict[str, Any]]
# (CSV line or None for the figure as a whole, field, what is wrong)
RowProblem = tuple[int | None, str | None, str]
Types = frozenset[str] | None  # allowed column types of a role; None: any type

NUMERIC = frozenset({"integer", "number", "percent", "score", "year"})
ANY: Types = None

# Each role in one sentence, for messages and the docs test (docs/data-contract.md has a
# definition of every role named here).
ROLES = {
    "category": "the labels (bars, shares, scores, key figures, terms)",
    "value": "the numbers shown (or the text of a definition)",
    "label": "a second column shown beside the value",
    "low": "the lowest score",
    "high": "the highest score",
    "row": "the row labels of a grid, or one bar per value",
    "column": "the column labels of a grid",
    "province": "the admin-1 unit",
    "qualifier": "words that make a key figure a bound or an estimate (more than, about)",
    "series": "who produced each row's figure (its source), drawn and named apart",
    "columns": "which columns a table shows",
}


def no_row_checks(fig: Figure, spec: TableSpec | None, rows: Rows,
                  lines: tuple[int, ...]) -> list[RowProblem]:
    return []


@dataclass(frozen=True)
class Kind:
    """One figure kind.

    `render` depends on the family: a chart kind's is a Vega-Lite builder
    `(fig, rows, spec, layout, messages) -> altair chart`, called once per layout
    (charts/layout.py); a map kind's builds the map's data
    `(fig, table, rnd) -> maps.data.MapData`; a table or cards kind's writes the
    figure's HTML `(fig, table, common, tabulate, messages) -> str` (see figures.py).
    `describe` is the text alternative: `(fig, rows, spec, messages) -> str` for charts,
    `(map_data) -> str` for maps, None for figures that are text already. `messages` is
    the edition's catalog (generator/messages.py): the words the kind writes and the
    locale of its numbers.
    `validate(fig, spec, rows, lines)` lists what the rows make impossible to draw; it
    runs in the validation stage, so `check` reports it with the file and line.
    """

    name: str
    family: Family
    roles: Mapping[str, Types]  # the columns the kind needs
    render: Callable[..., Any]
    describe: Callable[..., str] | None = None
    optional_roles: Mapping[str, Types] = field(default_factory=dict)
    validate: Callable[..., list[RowProblem]] = no_row_checks
    outputs: tuple[str, ...] = ("csv",)  # files written beside the page, by extension
    # The roles `value_format` formats (see formatting.FORMAT_FITS).
    formatted: tuple[str, ...] = ("value",)

    def uses(self, role: str) -> bool:
        return role in self.roles or role in self.optional_roles
