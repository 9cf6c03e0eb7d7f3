"""The plain CSV of each table and its sidecar: source, round, citation and licence.

The CSV is exactly the table (tabular.csv_text: the declared columns, the header row first,
numbers unformatted), so any CSV reader, the data package and the round trip tests read it
as it is. What a header comment would say goes into a sidecar instead, in the W3C "CSV on
the Web" form (`<file>-metadata.json`, Dublin Core terms): a `#` line above the header is
read as data by most tools (pandas, R, Excel, frictionless) unless they are told.
"""

from __future__ import annotations

import json

from generator.downloads import names
from generator.downloads.about import AUTHOR, About
from generator.model import Table
from generator.tabular import csv_text, header_text

# CSVW built-in datatypes for the contract's column types.
CSVW_TYPES = {"text": "string", "province": "string", "integer": "integer",
              "number": "number", "percent": "number", "score": "number", "year": "gYear"}


def table_csv(table: Table) -> bytes:
    return csv_text(table.spec, list(table.rows)).encode("utf-8")


def sidecar(table: Table, about: About) -> bytes:
    spec = table.spec
    meta = {
        "@context": "http://www.w3.org/ns/csvw",
        "url": f"{table.name}.csv",
        "dc:title": spec.title,
        "dc:source": spec.source,
        "dc:isPartOf": f"{about.title} ({about.url})",
        "dc:publisher": AUTHOR,
        "dc:bibliographicCitation": about.citation,
        "dc:license": {"@id": about.licence_url, "dc:title": about.licence_name},
        "dc:relation": about.downloads_url + names.DATAPACKAGE,
        "tableSchema": {"columns": [
            {"name": c, "titles": header_text(c, col), "datatype": CSVW_TYPES[col.type],
             "required": col.required, "dc:description": col.description,
             **({"schema:unitText": col.unit} if col.unit else {})}
            for c, col in spec.columns.items()]},
    }
    if spec.note:
        meta["dc:description"] = spec.note
    return (json.dumps(meta, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
