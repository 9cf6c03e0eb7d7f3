"""Row checks that several kinds share (a kind's `validate`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.kinds.base import RowProblem, Rows

if TYPE_CHECKING:
    from generator.contract import Figure, TableSpec


def map_rows_fit(fig: Figure, spec: TableSpec | None, rows: Rows, lines: tuple[int, ...],
                 *, values: bool = True) -> list[RowProblem]:
    """What a map cannot draw: a province in two rows, a negative value (maps/states.py)."""
    if fig.province is None:
        return []
    problems: list[RowProblem] = []
    first: dict[str, int] = {}
    shown = fig.value if values else None  # False for maps that draw no values
    for row, line in zip(rows, lines, strict=True):
        name = row.get(fig.province)
        if name is None:
            continue
        if name in first:
            problems.append((line, fig.province,
                             f"figure {fig.id!r}: {name} appears in more than one row "
                             f"(first on line {first[name]}); a map needs one row per "
                             "province"))
        first.setdefault(name, line)
        value = row.get(shown) if shown else None
        if isinstance(value, int | float) and value < 0:
            problems.append((line, shown, f"figure {fig.id!r}: maps show values of 0 or more; "
                             f"{name} has {value:g}"))
    return problems
