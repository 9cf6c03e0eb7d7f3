"""`datapackage.json`: the round as a Frictionless (Tabular) Data Package, and its check.

Each table is a resource (its plain CSV) with a Table Schema built from the declared
columns: types, descriptions, units (`unit`, a custom property Table Schema allows),
required cells, allowed values and bounds, the key as primary key. The package carries the
round's title, address, licence, citation and source report. `validate` runs the
`frictionless` library on the files as written: a package it rejects stops the build.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from generator.contract import Column
from generator.downloads import names
from generator.downloads.about import AUTHOR, About
from generator.errors import BuildError
from generator.model import Round, Table

FIELD_TYPES = {"text": "string", "province": "string", "integer": "integer",
               "number": "number", "percent": "number", "score": "number", "year": "year"}


def descriptor(rnd: Round, about: About) -> dict[str, Any]:
    licences = [{"title": about.licence_name, "path": about.licence_url}]
    source: dict[str, str] = {"title": about.report_title}
    if about.report_url:
        source["path"] = about.report_url
    return {
        "profile": "tabular-data-package",
        "name": about.slug,
        "title": about.title,
        "description": (f"Tables of {about.title}, transcribed from the report. "
                        f"Cite as: {about.citation}"),
        "homepage": about.url,
        "licenses": licences,
        "sources": [source],
        "contributors": [{"title": AUTHOR, "role": "author"}],
        "keywords": ["IOM", "DTM", "Mobility Tracking Matrix", about.country],
        "citation": about.citation,  # custom property: the citation the report requires
        "resources": [_resource(name, t, licences) for name, t in rnd.tables.items()],
    }


def _resource(name: str, table: Table, licences: list[dict[str, str]]) -> dict[str, Any]:
    spec = table.spec
    schema: dict[str, Any] = {"fields": [_field(c, col) for c, col in spec.columns.items()],
                              "missingValues": [""]}
    # validate.py lets a row leave an optional key empty; a primary key may not be empty.
    if spec.key_columns and all(spec.columns[k].required for k in spec.key_columns):
        schema["primaryKey"] = spec.key_columns
    res = {"name": name, "path": names.csv(name), "profile": "tabular-data-resource",
           "title": spec.title, "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
           "sources": [{"title": spec.source}], "licenses": licences, "schema": schema}
    if spec.note:
        res["description"] = spec.note
    return res


def _field(name: str, col: Column) -> dict[str, Any]:
    out: dict[str, Any] = {"name": name, "type": FIELD_TYPES[col.type],
                           "description": col.description}
    if col.unit:
        out["unit"] = col.unit
    constraints: dict[str, Any] = {}
    if col.required:
        constraints["required"] = True
    if col.allowed and out["type"] == "string":
        constraints["enum"] = list(col.allowed)
    if out["type"] in ("integer", "number"):
        if col.min is not None:
            constraints["minimum"] = _num(col.min, out["type"])
        if col.max is not None:
            constraints["maximum"] = _num(col.max, out["type"])
    if constraints:
        out["constraints"] = constraints
    return out


def _num(v: float, kind: str) -> float | int:
    return int(v) if kind == "integer" or v.is_integer() else v


def to_json(desc: dict[str, Any]) -> bytes:
    return (json.dumps(desc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def validate(files: dict[str, bytes], where: str) -> None:
    """Check the package as written with `frictionless`; BuildError naming what is wrong."""
    # Imported here: frictionless takes about 0.4 s to import, and only this step needs it.
    from frictionless import FrictionlessException, Package, system

    with tempfile.TemporaryDirectory(prefix="mtm-datapackage-") as tmp:
        base = Path(tmp)
        for rel, content in files.items():
            (base / rel).parent.mkdir(parents=True, exist_ok=True)
            (base / rel).write_bytes(content)
        try:
            with system.use_context(trusted=False):
                report = Package(str(base / names.DATAPACKAGE)).validate()
            problems = [f"{e.get('resourceName') or 'package'}: {e.get('message')}"
                        for e in _errors(report)]
        except FrictionlessException as exc:  # a descriptor it cannot even read
            problems = [exc.error.message, *(r.message for r in exc.reasons)]
    if problems:
        raise BuildError(f"{where}: the data package does not validate (frictionless):\n  "
                         + "\n  ".join(problems[:10]))


def _errors(report: Any) -> list[dict[str, Any]]:
    out = [e.to_descriptor() for e in report.errors]
    for task in report.tasks:
        out += [{**e.to_descriptor(), "resourceName": task.name} for e in task.errors]
    return out
