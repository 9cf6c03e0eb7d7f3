"""One XLSX workbook of the round: a README sheet, then a sheet per table.

Each table's sheet starts with its title, source, note and licence, then a header row of
column names, a row of units, and the data, numbers as numbers. Every text is written as
a string (`write_string`, and the workbook's automatic conversions are off), so a cell
from data that starts with `=`, `+`, `-` or `@` stays text and never becomes a formula.
Deterministic: the document's creation date is the round's publication date and
xlsxwriter stamps its ZIP entries with a fixed date, so the same round gives the same bytes.
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

import xlsxwriter

from generator.downloads.about import AUTHOR, About
from generator.model import Round, Table

SHEET_MAX = 31  # Excel's limit on a sheet name
HEADER_ROW = 6  # 0-based row of the column names on a table's sheet; units below, data after
NUMERIC = {"integer", "number", "percent", "score", "year"}


def sheet_names(tables: list[str]) -> dict[str, str]:
    """Table names (lower_snake_case, so valid) cut to Excel's 31 characters, unique."""
    out: dict[str, str] = {}
    used = {"readme"}
    for name in tables:
        base = candidate = name[:SHEET_MAX]
        n = 2
        while candidate.lower() in used:
            suffix = f"_{n}"
            candidate = base[:SHEET_MAX - len(suffix)] + suffix
            n += 1
        used.add(candidate.lower())
        out[name] = candidate
    return out


def workbook(rnd: Round, about: About) -> bytes:
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {
        "in_memory": True,
        # No guessing: a text is a text, whatever it starts with.
        "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False,
    })
    published = about.published.first_day
    book.set_properties({
        "title": about.title, "author": AUTHOR, "company": AUTHOR,
        "comments": f"Data of {about.url}. Cite as: {about.citation}",
        "created": datetime(published.year, published.month, published.day),
    })
    bold = book.add_format({"bold": True})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    names = sheet_names(list(rnd.tables))
    _readme(book.add_worksheet("README"), about, rnd, names, bold, wrap)
    for name, table in rnd.tables.items():
        _table_sheet(book.add_worksheet(names[name]), table, about, bold)
    book.close()
    return buf.getvalue()


def _readme(ws: Any, about: About, rnd: Round, names: dict[str, str], bold: Any,
            wrap: Any) -> None:
    ws.set_column(0, 0, 24)
    ws.set_column(1, 1, 100, wrap)
    ws.write_string(0, 0, about.title, bold)
    row = 2
    for label, value in about.lines():
        ws.write_string(row, 0, label, bold)
        ws.write_string(row, 1, value)
        row += 1
    row += 1
    ws.write_string(row, 0, "Sheet", bold)
    ws.write_string(row, 1, "Table", bold)
    for name, table in rnd.tables.items():
        row += 1
        ws.write_string(row, 0, names[name])
        ws.write_string(row, 1, f"{table.spec.title} ({len(table.rows)} rows)")
    row += 2
    ws.write_string(row, 0, "Layout", bold)
    ws.write_string(row, 1, f"Each table's sheet: title, source, note and licence on top; "
                            f"column names on row {HEADER_ROW + 1}, units on row "
                            f"{HEADER_ROW + 2}, then one row per observation. An empty cell "
                            "means the report gives no figure.")


def _table_sheet(ws: Any, table: Table, about: About, bold: Any) -> None:
    spec = table.spec
    ws.write_string(0, 0, spec.title, bold)
    ws.write_string(1, 0, f"Source: {spec.source}")
    if spec.note:
        ws.write_string(2, 0, f"Note: {spec.note}")
    ws.write_string(3, 0, f"Licence: {about.licence_name} ({about.licence_url})")
    ws.write_string(4, 0, f"Cite as: {about.citation}")
    columns = list(spec.columns.items())
    for j, (name, col) in enumerate(columns):
        ws.write_string(HEADER_ROW, j, name, bold)
        ws.write_string(HEADER_ROW + 1, j, col.unit or "")
        ws.set_column(j, j, max(12, min(40, len(name) + 2)))
    for i, row in enumerate(table.rows, HEADER_ROW + 2):
        for j, (name, col) in enumerate(columns):
            value = row[name]
            if value is None:
                continue  # the report gives no figure: an empty cell, as in the CSV
            if col.type in NUMERIC and isinstance(value, int | float):
                ws.write_number(i, j, value)
            else:
                ws.write_string(i, j, str(value))
    ws.freeze_panes(HEADER_ROW + 2, 0)
