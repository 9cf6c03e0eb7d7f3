"""A table's data as an HTML table and as CSV, the two forms every figure offers."""

from __future__ import annotations

import csv
import io
from html import escape
from typing import Any

from generator.contract import TableSpec
from generator.formatting import format_cell


def header_text(name: str, unit: str | None) -> str:
    label = name.replace("_", " ").capitalize()
    return f"{label} ({unit})" if unit and unit.lower() not in label.lower() else label


def html_table(spec: TableSpec, rows: list[dict[str, Any]], columns: list[str] | None = None,
               caption: str | None = None) -> str:
    """A plain, accessible HTML table: a caption, column headers with scope, formatted cells."""
    cols = columns or list(spec.columns)
    out = ['<table class="mtm-data">']
    if caption:
        out.append(f"<caption>{escape(caption)}</caption>")
    out.append("<thead><tr>")
    for c in cols:
        col = spec.columns[c]
        num = ' class="num"' if col.type not in ("text", "province") else ""
        out.append(f'<th scope="col"{num} title="{escape(col.description)}">'
                   f"{escape(header_text(c, col.unit))}</th>")
    out.append("</tr></thead><tbody>")
    for r in rows:
        out.append("<tr>")
        for i, c in enumerate(cols):
            col = spec.columns[c]
            text = escape(format_cell(r[c], col.type, col.decimals))
            num = ' class="num"' if col.type not in ("text", "province") else ""
            tag = "th" if i == 0 else "td"
            scope = ' scope="row"' if i == 0 else ""
            out.append(f"<{tag}{scope}{num}>{text}</{tag}>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


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
