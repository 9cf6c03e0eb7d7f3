"""References to single values in a round's tables: `table.row` or `table.row.column`.

Comms staff write them in narrative placeholders (`{{ value("key_figures.return_migrants") }}`)
and rounds use them to declare the indicators that trends compare across rounds.

- `table` is a table name from tables.yml.
- `row` picks one row by its key: the table's `key` column(s) if it declares them, else
  its first column, compared as a slug ("Republic of Türkiye" -> `republic_of_turkiye`;
  with `key: [service, answer]`, "Clinic" and "no" -> `clinic_no`).
- `column` is optional when the table has a column named `value`, or exactly one numeric
  column; otherwise it must be given.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from generator.formatting import DEFAULT_FOR_TYPE, format_value
from generator.suggest import did_you_mean

if TYPE_CHECKING:  # model.py validates keys with `slug`: no import cycle at run time
    from generator.model import Table

NUMERIC = {"integer", "number", "percent", "score", "year"}


def slug(text: object) -> str:
    s = unicodedata.normalize("NFKD", str(text))
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    return re.sub(r"[^a-z0-9]+", "_", s).strip("_")


@dataclass(frozen=True)
class Resolved:
    ref: str
    table: Table
    row: dict[str, Any]
    column: str

    @property
    def value(self) -> Any:
        return self.row[self.column]

    @property
    def column_type(self) -> str:
        return self.table.spec.columns[self.column].type

    @property
    def decimals(self) -> int | None:
        return self.table.spec.columns[self.column].decimals

    def formatted(self, how: str | None = None) -> str:
        return format_value(self.value, how or DEFAULT_FOR_TYPE.get(self.column_type),
                            self.decimals)


class RefError(ValueError):
    """A reference that names nothing; the message says what would."""


def key_columns(table: Table) -> list[str]:
    key = table.spec.key
    if key is None:
        return [next(iter(table.spec.columns))]
    return [key] if isinstance(key, str) else list(key)


def row_key(table: Table, row: dict[str, Any]) -> str:
    """A row's name in references: its key column(s), as one slug ("Clinic", "no" -> clinic_no)."""
    return slug(" ".join(str(row[c]) for c in key_columns(table)))


def row_keys(table: Table) -> list[str]:
    if table.keys is not None:  # an edition in another language: the English names
        return list(table.keys)
    return list(table.row_names)


def default_column(table: Table) -> str | None:
    cols = table.spec.columns
    if "value" in cols:
        return "value"
    numeric = [c for c, s in cols.items() if s.type in NUMERIC]
    return numeric[0] if len(numeric) == 1 else None


def resolve(tables: Mapping[str, Table], ref: str) -> Resolved:
    parts = ref.strip().split(".")
    if len(parts) not in (2, 3) or not all(parts):
        raise RefError(f"{ref!r} is not a reference: write table.row or table.row.column, "
                       "e.g. key_figures.return_migrants")
    name, row_id, *rest = parts
    if name not in tables:
        raise RefError(f"no table {name!r}: {did_you_mean(name, tables)}")
    table = tables[name]
    keys, wanted = row_keys(table), slug(row_id)
    matches = [i for i, k in enumerate(keys) if k == wanted]
    if not matches:
        hint = did_you_mean(wanted, keys) if keys else "the table has no rows yet"
        raise RefError(f"table {name!r} has no row {row_id!r}: {hint}")
    if len(matches) > 1:
        raise RefError(f"{row_id!r} matches {len(matches)} rows of {name!r}: declare a `key` "
                       "column with unique values in tables.yml")
    if rest:
        column = rest[0]
        if column not in table.spec.columns:
            raise RefError(f"table {name!r} has no column {column!r}: "
                           + did_you_mean(column, table.spec.columns))
    else:
        column = default_column(table)
        if column is None:
            cols = ", ".join(table.spec.columns)
            raise RefError(f"say which column of {name!r} to show: {name}.{row_id}.<column> "
                           f"(columns: {cols})")
    return Resolved(ref, table, table.rows[matches[0]], column)
