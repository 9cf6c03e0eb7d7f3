"""Stage 2, validate: check declarations and rows against the data contract.

Declarations (`round.yml`, `tables.yml`) are checked by the pydantic models
in `contract.py`; each table's rows by a pydantic model built from that
table's declared columns. Every problem is collected, none stops the others.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, Field, ValidationError, create_model

from generator.contract import Column, Figure, RoundMeta, TableSpec
from generator.errors import Problem
from generator.geo import Boundaries
from generator.load import CsvFile, YamlDoc
from generator.suggest import did_you_mean

EXPECTED = {
    "text": "text",
    "integer": "a whole number written without thousands separators, e.g. 598094",
    "number": "a number with a '.' decimal point, e.g. 3.1 or -14",
    "percent": "a per cent value from 0 to 100 without the % sign, e.g. 77",
    "score": "a score on the 0-5 scale, e.g. 3.1",
    "year": "a four-digit year, e.g. 2023",
    "province": "an admin-1 name or ISO 3166-2 code, e.g. 'Kyzylorda' or 'KZ-43'",
}


def _number_text(v: Any) -> Any:
    # People paste figures as they appear in reports; say exactly what to change.
    if isinstance(v, str):
        if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", v):
            raise ValueError("remove the thousands separators")
        if v.endswith("%"):
            raise ValueError("remove the % sign")
    return v


Num = BeforeValidator(_number_text)

PY_TYPES: dict[str, Any] = {
    "text": Annotated[str, Field(min_length=1)],
    "integer": Annotated[int, Num, Field(strict=False)],
    "number": Annotated[float, Num],
    "percent": Annotated[float, Num, Field(ge=0, le=100)],
    "score": Annotated[float, Num, Field(ge=0, le=5)],
    "year": Annotated[int, Num, Field(ge=1900, le=2100)],
    "province": Annotated[str, Field(min_length=1)],
}


def _row_model(name: str, columns: tuple[tuple[str, Column], ...]) -> type[BaseModel]:
    fields: dict[str, Any] = {}
    for col, spec in columns:
        typ = PY_TYPES[spec.type]
        fields[col] = (typ, ...) if spec.required else (typ | None, None)
    return create_model(f"Row_{name}", **fields)


def _first_line(msg: str) -> str:
    return msg.removeprefix("Value error, ")


def validate_rows(
    name: str, spec: TableSpec, csv_file: CsvFile, boundaries: Boundaries
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Typed rows of one table, or the problems that stop it, each with line and column."""
    problems: list[Problem] = []
    declared = list(spec.columns)
    missing = [c for c in declared if c not in csv_file.header]
    extra = [c for c in csv_file.header if c not in spec.columns]
    for col in missing:
        hint = did_you_mean(col, extra) if extra else "add it to the header row"
        problems.append(Problem(csv_file.path, 1, col, f"declared column is missing: {hint}"))
    for col in extra:
        problems.append(
            Problem(
                csv_file.path,
                1,
                col,
                f"column is not declared in tables.yml for table {name!r}: "
                + did_you_mean(col, declared),
            )
        )
    if problems:
        return [], problems

    model = _row_model(name, tuple(spec.columns.items()))
    rows: list[dict[str, Any]] = []
    for row in csv_file.rows:
        cells = {k: (v if v != "" else None) for k, v in row.cells.items()}
        try:
            typed = model.model_validate(cells).model_dump()
        except ValidationError as exc:
            for err in exc.errors():
                col = str(err["loc"][0]) if err["loc"] else None
                ctype = spec.columns[col].type if col in spec.columns else "text"
                given = cells.get(col) if col else None
                what = "is empty" if given is None else f"has {given!r}"
                problems.append(
                    Problem(
                        csv_file.path,
                        row.line,
                        col,
                        f"{what}: {_first_line(err['msg'])}; expected {EXPECTED[ctype]}",
                    )
                )
            continue
        for col, cspec in spec.columns.items():
            value = typed[col]
            if value is None:
                continue
            if cspec.allowed is not None and str(value) not in cspec.allowed:
                problems.append(
                    Problem(
                        csv_file.path,
                        row.line,
                        col,
                        f"has {value!r}: not an allowed value; {did_you_mean(str(value), cspec.allowed)}",
                    )
                )
            if cspec.type == "province":
                try:
                    typed[col] = boundaries.resolve(value).name
                except LookupError as exc:
                    problems.append(Problem(csv_file.path, row.line, col, str(exc)))
        rows.append(typed)
    return rows, problems


def pydantic_problems(exc: ValidationError, doc: YamlDoc) -> list[Problem]:
    """Turn a pydantic error on a YAML document into Problems with YAML line numbers."""
    out = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        field = ".".join(str(p) for p in loc) or None
        msg = _first_line(err["msg"])
        if err["type"] == "extra_forbidden":
            msg = "unknown key (check the spelling; see docs/data-contract.md)"
        elif err["type"] == "missing":
            msg = "required key is missing"
        elif err["type"] == "literal_error":
            given = err.get("input")
            msg = f"{given!r} is not allowed: {msg}"
        out.append(Problem(doc.path, doc.line_of(loc), field, msg))
    return out


# Which column roles each figure kind needs, and which column types fit them.
NUMERIC = {"integer", "number", "percent", "score", "year"}
FIGURE_ROLES: dict[str, dict[str, set[str] | None]] = {
    "key_figures": {"category": None, "value": NUMERIC},
    "definitions": {"category": None, "value": {"text"}},
    "bar": {"category": None, "value": NUMERIC},
    "ranked_bar": {"category": None, "value": NUMERIC},
    "share": {"category": None, "value": {"percent", "number"}},
    "score": {"category": None, "low": {"score"}, "high": {"score"}},
    "change": {"category": None, "value": {"number", "percent"}},
    "trend": {"category": None, "value": NUMERIC},
    "heat_table": {"row": None, "column": None, "value": NUMERIC},
    "table": {},
    "choropleth": {"province": {"province"}, "value": NUMERIC},
    "bubble_map": {"province": {"province"}, "value": NUMERIC},
    "coverage_map": {"province": {"province"}},
}
OPTIONAL_ROLES = ("label", "row", "column", "category", "value", "low", "high", "province")


def check_figures(meta: RoundMeta, tables: dict[str, TableSpec], doc: YamlDoc) -> list[Problem]:
    """Each figure's table exists and each role names a column of a fitting type."""
    problems = []
    seen: dict[str, str] = {}
    for si, section in enumerate(meta.sections):
        for fi, fig in enumerate(section.figures):
            loc: tuple[object, ...] = ("sections", si, "figures", fi)

            def add(key: str, msg: str, loc: tuple[object, ...] = loc) -> None:
                problems.append(Problem(doc.path, doc.line_of((*loc, key)), key, msg))

            if fig.id in seen:
                add("id", f"figure id {fig.id!r} is used twice (also in section {seen[fig.id]!r})")
            seen[fig.id] = section.id
            if fig.table not in tables:
                add("table", f"unknown table {fig.table!r}: {did_you_mean(fig.table, tables)}")
                continue
            spec = tables[fig.table]
            needed = FIGURE_ROLES[fig.kind]
            for role, types in needed.items():
                col = getattr(fig, role)
                if col is None:
                    add(role, f"a {fig.kind} figure needs '{role}': the column it shows")
                    continue
                if col not in spec.columns:
                    add(role, f"table {fig.table!r} has no column {col!r}: "
                        + did_you_mean(col, spec.columns))
                elif types is not None and spec.columns[col].type not in types:
                    add(role, f"column {col!r} is {spec.columns[col].type}, but '{role}' of a "
                        f"{fig.kind} figure must be {' or '.join(sorted(types))}")
            for role in OPTIONAL_ROLES:
                col = getattr(fig, role)
                if role not in needed and col is not None and col not in spec.columns:
                    add(role, f"table {fig.table!r} has no column {col!r}: "
                        + did_you_mean(col, spec.columns))
            for col in fig.columns or []:
                if col not in spec.columns:
                    add("columns", f"table {fig.table!r} has no column {col!r}: "
                        + did_you_mean(col, spec.columns))
    return problems


def check_figure_fits(fig: Figure, rows: list[dict[str, Any]]) -> str | None:
    """A reason a figure cannot be drawn from these rows, or None."""
    if fig.kind in ("share",) and fig.row is None:
        total = sum(r[fig.value] or 0 for r in rows)
        if total > 105:
            return f"shares add up to {total:g}, more than 100"
    return None
