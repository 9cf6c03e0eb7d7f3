"""A table's data as an HTML table and as CSV, the two forms every figure offers.

The HTML table is in the edition's language: its cells and units are the edition's data
texts, its numbers in the locale of `messages`. The CSV is the data itself: column names
and unformatted numbers, the same in every language."""

from __future__ import annotations

import csv
import io
from typing import Any

from generator.contract import Column, TableSpec
from generator.formatting import format_cell
from generator.markup import Markup, render
from generator.messages import ENGLISH, Messages


def column_title(name: str, column: Column) -> str:
    """A column's header words: its `title`, or its name as words ("return_rate": "Return
    rate"). An edition in another language gives the translated one (editions.py)."""
    return column.title or name.replace("_", " ").capitalize()


def header_text(name: str, column: Column) -> str:
    label, unit = column_title(name, column), column.unit
    return f"{label} ({unit})" if unit and unit.lower() not in label.lower() else label


def reader_columns(spec: TableSpec) -> list[str]:
    """The columns a figure shows: all but the provenance ones (`provenance: true`), which
    only the Data and sources page and the CSV carry."""
    return [c for c, col in spec.columns.items() if not col.provenance]


def html_table(spec: TableSpec, rows: list[dict[str, Any]], columns: list[str] | None = None,
               caption: str | None = None, messages: Messages = ENGLISH) -> Markup:
    """A plain, accessible HTML table: a caption, column headers with scope, formatted cells.

    Without `columns`, the reader columns (never the provenance ones). `caption` is given
    in the reader's language; the numbers are formatted in the locale of `messages`."""
    cols = columns or reader_columns(spec)
    numeric = {c: spec.columns[c].type not in ("text", "province") for c in cols}
    headers = [{"text": header_text(c, spec.columns[c]), "numeric": numeric[c],
                "description": spec.columns[c].description} for c in cols]
    cells = [[{"text": format_cell(r[c], spec.columns[c].type, spec.columns[c].decimals,
                                   messages.lang),
               "numeric": numeric[c]} for c in cols] for r in rows]
    return render("data_table.html", messages, caption=caption, headers=headers, rows=cells)


def csv_text(spec: TableSpec, rows: list[dict[str, Any]]) -> str:
    """The table as CSV with its declared columns, numbers unformatted, empty cells empty."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(list(spec.columns))
    for r in rows:
        writer.writerow(["" if r[c] is None else _plain(r[c]) for c in spec.columns])
    return buf.getvalue()


def _plain(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)
