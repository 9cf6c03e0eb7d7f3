"""Stage 2, validate: check declarations and rows against the data contract.

Declarations (`round.yml`, `tables.yml`) are checked by the pydantic models
in `contract.py`; each table's rows by a pydantic model built from that
table's declared columns. Every problem is collected, none stops the others.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, Field, ValidationError, create_model
from pydantic_core import PydanticCustomError

from generator import kinds
from generator.contract import Column, Figure, RoundMeta, TableSpec
from generator.errors import Problem
from generator.formatting import DEFAULT_FOR_TYPE, FORMAT_FITS
from generator.geo import Boundaries
from generator.load import CsvFile, YamlDoc
from generator.provenance import problem_message, says_the_same, transcription_note
from generator.references import slug
from generator.suggest import did_you_mean

EXPECTED = {
    "text": "text",
    "integer": "a whole number written without thousands separators, e.g. 598094",
    "number": "a number with a '.' decimal point, e.g. 3.1 or -14",
    "percent": "a per cent value from 0 to 100 without the % sign, e.g. 77",
    "score": "a score on the 0-5 scale, e.g. 3.1",
    "year": "a four-digit year, e.g. 2023",
    "province": "an admin-1 name or code of the round's boundary layer (see data/geo/)",
}


def _number_text(v: Any) -> Any:
    # People paste figures as they appear in reports; say exactly what to change.
    if isinstance(v, str):
        if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", v):
            raise ValueError("remove the thousands separators")
        if v.endswith("%"):
            raise ValueError("remove the % sign")
        # Checked before the range, which NaN would fail with a misleading message.
        if v.strip().lower().lstrip("+-") in ("nan", "inf", "infinity"):
            raise PydanticCustomError("finite_number", "not a finite number")
    return v


Num = BeforeValidator(_number_text)

# No figure in a report comes near 10^15; beyond it Babel's decimal formatting fails
# (28 significant digits), so larger magnitudes are input errors, whatever min/max say.
LIMIT = 10**15
# Each numeric type's range unless the column declares `min`/`max`: integers are counts.
DEFAULT_RANGE: dict[str, tuple[float, float]] = {
    "integer": (0, LIMIT),
    "number": (-LIMIT, LIMIT),
    "percent": (0, 100),
    "score": (0, 5),
    "year": (1900, 2100),
}
TEXT_TYPE = Annotated[str, Field(min_length=1)]


def value_range(spec: Column) -> tuple[float, float] | None:
    """The allowed range of a numeric column: its declared bounds, else its type's."""
    if spec.type not in DEFAULT_RANGE:
        return None
    lo, hi = DEFAULT_RANGE[spec.type]
    lo = lo if spec.min is None else spec.min
    hi = hi if spec.max is None else spec.max
    return max(lo, -LIMIT), min(hi, LIMIT)


def _cell_type(spec: Column) -> Any:
    bounds = value_range(spec)
    if bounds is None:
        return TEXT_TYPE
    lo, hi = bounds
    if spec.type in ("integer", "year"):
        return Annotated[int, Num, Field(ge=lo, le=hi)]
    return Annotated[float, Num, Field(ge=lo, le=hi, allow_inf_nan=False)]


def _row_model(name: str, columns: tuple[tuple[str, Column], ...]) -> type[BaseModel]:
    fields: dict[str, Any] = {}
    for col, spec in columns:
        typ = _cell_type(spec)
        fields[col] = (typ, ...) if spec.required else (typ | None, None)
    return create_model(f"Row_{name}", **fields)


def _num(x: float) -> str:
    return f"{x:,.0f}" if x == int(x) else f"{x:g}"


def _cell_message(err: Any, spec: Column) -> str:
    """What is wrong with one cell and what it should hold."""
    kind = err["type"]
    if kind == "finite_number":
        return f"NaN and infinity are not numbers; expected a finite number, {EXPECTED[spec.type]}"
    bounds = value_range(spec)
    if bounds is not None and kind in ("greater_than_equal", "less_than_equal"):
        lo, hi = _num(bounds[0]), _num(bounds[1])
        if spec.min is not None or spec.max is not None:
            return f"out of range; expected a value from {lo} to {hi} (`min`/`max` in tables.yml)"
        if spec.type == "integer":
            return (f"out of range; expected a count from {lo} to {hi} (integer columns are "
                    "counts: declare `min` for the column in tables.yml if it may be negative)")
        if spec.type == "number":
            return f"out of range; expected a number from {lo} to {hi}"
        return (f"out of range; expected {EXPECTED[spec.type]} (declare `min`/`max` for the "
                "column in tables.yml if the report really gives other values)")
    return f"{_first_line(err['msg'])}; expected {EXPECTED[spec.type]}"


def _first_line(msg: str) -> str:
    return msg.removeprefix("Value error, ")


def validate_rows(
    name: str, spec: TableSpec, csv_file: CsvFile, boundaries: Boundaries
) -> tuple[list[dict[str, Any]], list[int], list[Problem]]:
    """Typed rows of one table and their lines, or the problems that stop it, with lines."""
    problems: list[Problem] = []
    declared = list(spec.columns)
    missing = [c for c in declared if c not in csv_file.header]
    extra = [c for c in csv_file.header if c not in spec.columns]
    for col in missing:
        hint = did_you_mean(col, extra) if extra else "add it to the header row"
        problems.append(Problem(csv_file.path, 1, col, f"declared column is missing: {hint}"))
    for col in extra:
        problems.append(Problem(csv_file.path, 1, col, "column is not declared in tables.yml "
                                f"for table {name!r}: " + did_you_mean(col, declared)))
    if problems:
        return [], [], problems

    model = _row_model(name, tuple(spec.columns.items()))
    rows: list[dict[str, Any]] = []
    lines: list[int] = []
    for row in csv_file.rows:
        cells = {k: (v if v != "" else None) for k, v in row.cells.items()}
        try:
            typed = model.model_validate(cells).model_dump()
        except ValidationError as exc:
            for err in exc.errors():
                col = str(err["loc"][0]) if err["loc"] else None
                cspec = spec.columns.get(col or "") or Column(type="text", description="")
                given = cells.get(col) if col else None
                what = "is empty" if given is None else f"has {given!r:.80}"
                problems.append(Problem(csv_file.path, row.line, col,
                                        f"{what}: {_cell_message(err, cspec)}"))
            continue
        for col, cspec in spec.columns.items():
            value = typed[col]
            if value is None:
                continue
            if cspec.allowed is not None and str(value) not in cspec.allowed:
                problems.append(Problem(csv_file.path, row.line, col, f"has {value!r}: not an "
                                        f"allowed value; {did_you_mean(str(value), cspec.allowed)}"))
            if cspec.type == "text" and not cspec.provenance:
                # Cells of reader columns appear in data tables, labels and map tooltips.
                found = transcription_note(str(value))
                if found:
                    shown = str(value) if len(str(value)) <= 50 else str(value)[:47] + "..."
                    problems.append(Problem(csv_file.path, row.line, col, f"{shown!r} "
                                            + problem_message(found, cell=True)))
            if cspec.type == "province":
                try:
                    typed[col] = boundaries.resolve(value).name
                except LookupError as exc:
                    problems.append(Problem(csv_file.path, row.line, col, str(exc)))
        rows.append(typed)
        lines.append(row.line)
    if not problems:
        problems = (check_keys(spec, csv_file.path, rows, lines)
                    + check_totals(spec, csv_file.path, rows, lines))
    return rows, lines, problems


def check_keys(spec: TableSpec, path: str, rows: list[dict[str, Any]],
               lines: list[int]) -> list[Problem]:
    """Declared key values are unique, compared as references compare them (as slugs)."""
    keys = spec.key_columns
    if not keys:
        return []
    problems, first = [], {}
    for row, line in zip(rows, lines, strict=True):
        if all(row[k] is None for k in keys):
            continue
        value = " ".join(str(row[k]) for k in keys)
        name = slug(value)
        if name in first:
            problems.append(Problem(path, line, ", ".join(keys),
                                    f"{value!r} is already the key of the row on line "
                                    f"{first[name]}: key values must be unique "
                                    "(`key` in tables.yml)"))
        else:
            first[name] = line
    return problems


def check_totals(spec: TableSpec, path: str, rows: list[dict[str, Any]],
                 lines: list[int]) -> list[Problem]:
    """Each declared total (shares adding up to 100, say) holds, per group if `by` is given."""
    problems = []
    for total in spec.totals:
        groups: dict[tuple[Any, ...], tuple[int, float]] = {}
        for row, line in zip(rows, lines, strict=True):
            group = tuple(row[g] for g in total.groups)
            start, acc = groups.get(group, (line, 0.0))
            groups[group] = (start, acc + (row[total.column] or 0))
        for group, (line, acc) in groups.items():
            if abs(acc - total.equals) > total.tolerance + 1e-9:
                where = "".join(f" where {g} is {v!r}" for g, v in zip(total.groups, group,
                                                                         strict=True))
                problems.append(Problem(path, line, total.column,
                                        f"the values add up to {acc:g}{where}; expected "
                                        f"{total.equals:g} (within {total.tolerance:g}, "
                                        "`totals` in tables.yml)"))
    return problems


def pydantic_problems(exc: ValidationError, doc: YamlDoc) -> list[Problem]:
    """Turn a pydantic error on a YAML document into Problems with YAML line numbers."""
    out = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        field = ".".join(str(p) for p in loc if p != "[key]") or None
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


# Which column roles each figure kind needs (role -> allowed column types, None: any),
# read from the kinds registry (generator/kinds/).
FIGURE_ROLES: dict[str, dict[str, frozenset[str] | None]] = {
    name: dict(kind.roles) for name, kind in kinds.KINDS.items()}
# Every role a figure may name; a named column must exist even where the kind ignores it.
ROLE_NAMES = tuple(r for r in kinds.ROLES if r != "columns")


def _types(types: frozenset[str]) -> str:
    return " or ".join(sorted(types))


def check_figures(meta: RoundMeta, tables: dict[str, TableSpec], doc: YamlDoc) -> list[Problem]:
    """Each figure's table exists and each role names a column of a fitting type."""
    problems = []
    seen: dict[str, str] = {}
    sections: dict[str, int | None] = {}
    for si, section in enumerate(meta.sections):
        line = doc.line_of(("sections", si, "id"))
        if section.id in sections:
            problems.append(Problem(doc.path, line, "id",
                                    f"section id {section.id!r} is used twice (first on line "
                                    f"{sections[section.id]}): each section is one page"))
        sections.setdefault(section.id, line)
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
            kind = kinds.get(fig.kind)
            needed = kind.roles
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
                        f"{fig.kind} figure must be {_types(types)}")
            for role in ROLE_NAMES:
                col = getattr(fig, role)
                if role in needed or col is None:
                    continue
                types = kind.optional_roles.get(role)
                if col not in spec.columns:
                    add(role, f"table {fig.table!r} has no column {col!r}: "
                        + did_you_mean(col, spec.columns))
                elif types is not None and spec.columns[col].type not in types:
                    add(role, f"column {col!r} is {spec.columns[col].type}, but '{role}' of a "
                        f"{fig.kind} figure must be {_types(types)}")
            problem = _format_problem(fig, kind, spec)
            if problem:
                add("value_format", problem)
            for col in fig.columns or []:
                if col not in spec.columns:
                    add("columns", f"table {fig.table!r} has no column {col!r}: "
                        + did_you_mean(col, spec.columns))
                elif spec.columns[col].provenance:
                    add("columns", f"column {col!r} is provenance (`provenance: true` in "
                        "tables.yml): it is shown on the Data and sources page only; expected "
                        "a column for readers, or remove it from `columns`")
            for role in ROLE_NAMES:
                col = getattr(fig, role)
                if col in spec.columns and spec.columns[col].provenance:
                    add(role, f"column {col!r} is provenance (`provenance: true` in tables.yml) "
                        "and is never drawn; expected a column for readers")
            if fig.caption and fig.note and says_the_same(fig.caption, fig.note):
                add("note", "says what `caption` already says; expected each remark once "
                    "(remove the note, or say something the caption does not)")
    return problems



def _format_problem(fig: Figure, kind: kinds.Kind, spec: TableSpec) -> str | None:
    """Why the figure's `value_format` does not fit the column it formats, or None."""
    if fig.value_format is None:
        return None
    fits = FORMAT_FITS[fig.value_format]
    for role in kind.formatted:
        col = getattr(fig, role)
        if col is None or col not in spec.columns:
            continue  # a missing column has its own message
        ctype = spec.columns[col].type
        if ctype not in fits:
            default = DEFAULT_FOR_TYPE.get(ctype)
            hint = (f"remove value_format ({ctype} columns are shown as {default!r})" if default
                    else f"remove value_format ({ctype} columns are shown as written)")
            return (f"{fig.value_format!r} does not fit column {col!r}, which is {ctype}: "
                    f"{fig.value_format!r} formats {_types(fits)} columns; {hint}")
    return None


def _row_problems(fig: Figure, spec: TableSpec | None, rows: list[dict[str, Any]],
                  lines: tuple[int, ...]) -> list[tuple[int | None, str | None, str]]:
    if fig.kind not in kinds.KINDS:
        return []
    return kinds.get(fig.kind).validate(fig, spec, rows, lines)


def check_figure_fits(fig: Figure, rows: list[dict[str, Any]],
                      spec: TableSpec | None = None) -> str | None:
    """A reason a figure cannot be drawn from these rows, or None (its kind's `validate`:
    the problems of the figure as a whole; those of one row are `check_map_rows`')."""
    reasons = [msg for line, _, msg in _row_problems(fig, spec, rows, (0,) * len(rows))
               if line is None]
    return "; ".join(reasons) or None


def check_map_rows(fig: Figure, path: str, rows: tuple[dict[str, Any], ...],
                   lines: tuple[int, ...], spec: TableSpec | None = None) -> list[Problem]:
    """The problems of single rows that the figure's kind cannot draw, with their CSV lines
    (a province in two rows of a map, a negative value on a map; see generator/kinds/).

    The name is older than the registry: every kind's row checks run here."""
    return [Problem(path, line, field, msg)
            for line, field, msg in _row_problems(fig, spec, list(rows), lines)
            if line is not None]
