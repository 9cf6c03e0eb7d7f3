"""The HXL edition of each table: the CSV with a second header row of HXL hashtags.

A column's tag is the one declared in tables.yml (`hxl: "#country+origin"`), else one
derived from its type: `province` is `#adm1+name` (and the edition adds the unit's ISO
3166-2 code beside it as `#adm1+code`, resolved against the round's boundary layer),
`year` is `#date+year`, `percent` is `#indicator+pct`, other numbers `#indicator+num`.
Text columns without a declared tag stay untagged (HXL tools skip them). A table with no
tagged column has no HXL edition.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from generator.contract import Column
from generator.geo import Boundaries
from generator.model import Table
from generator.tabular import csv_text

BY_TYPE = {"province": "#adm1+name", "year": "#date+year", "percent": "#indicator+pct",
           "integer": "#indicator+num", "number": "#indicator+num", "score": "#indicator+num"}
CODE_TAG = "#adm1+code"


def tag(column: Column) -> str:
    """The column's hashtag, or "" for none."""
    return column.hxl or BY_TYPE.get(column.type, "")


def has_edition(table: Table) -> bool:
    return any(tag(c) for c in table.spec.columns.values())


def _code_column(name: str, column: Column) -> bool:
    # A column tagged as admin-1 names (declared or derived) gets its codes beside it.
    return column.type == "province" and tag(column) == BY_TYPE["province"]


def hxl_csv(table: Table, boundaries: Boundaries) -> bytes:
    spec = table.spec
    plain = list(csv.reader(io.StringIO(csv_text(spec, list(table.rows)))))
    header, tags = [], []
    for name, col in spec.columns.items():
        header.append(name)
        tags.append(tag(col))
        if _code_column(name, col):
            header.append(f"{name}_code")
            tags.append(CODE_TAG)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerow(tags)
    for row, cells in zip(table.rows, plain[1:], strict=True):
        writer.writerow(_with_codes(spec.columns, row, cells, boundaries))
    return out.getvalue().encode("utf-8")


def _with_codes(columns: dict[str, Column], row: dict[str, Any], cells: list[str],
                boundaries: Boundaries) -> list[str]:
    values: list[str] = []
    for (name, col), cell in zip(columns.items(), cells, strict=True):
        values.append(cell)
        if _code_column(name, col):
            values.append(_code(row[name], boundaries))
    return values


def _code(value: Any, boundaries: Boundaries) -> str:
    if value is None:
        return ""
    try:
        return boundaries.resolve(str(value)).code
    except LookupError:  # validate.py rejects such names; a draft may still hold one
        return ""
