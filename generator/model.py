"""Stage 3, model: the typed, validated picture of a round that every renderer reads.

`load_round` runs load and validate for one round folder and returns a
`Round`, or raises `InputError` with every problem found in that round.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from generator.contract import INSIDE_ROUND, Figure, RoundMeta, Section, TablesFile, TableSpec
from generator.errors import InputError, Problem, display_path
from generator.geo import Boundaries, load_boundaries
from generator.load import LoadFailed, read_csv, read_narrative, read_yaml
from generator.suggest import did_you_mean
from generator.validate import (
    check_figure_fits,
    check_figures,
    check_map_rows,
    pydantic_problems,
    validate_rows,
)


@dataclass(frozen=True)
class Table:
    """One validated table: its declaration, where it came from, and typed rows."""

    name: str
    spec: TableSpec
    path: Path
    rows: tuple[dict[str, Any], ...]
    lines: tuple[int, ...] = ()  # the CSV line each row starts on, for messages

    def values(self, column: str) -> list[Any]:
        return [r[column] for r in self.rows]


@dataclass(frozen=True)
class Round:
    """Everything known about one report round, validated."""

    meta: RoundMeta
    path: Path
    tables: dict[str, Table]
    narratives: dict[str, str]
    boundaries: Boundaries
    warnings: tuple[Problem, ...] = ()
    trends_text: str | None = None  # the `trends_narrative` Markdown, read while validating

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def sections(self) -> list[Section]:
        return self.meta.sections

    def figure(self, figure_id: str) -> tuple[Section, Figure]:
        for section in self.sections:
            for fig in section.figures:
                if fig.id == figure_id:
                    return section, fig
        raise KeyError(figure_id)

    def table_for(self, fig: Figure) -> Table:
        return self.tables[fig.table]

    @property
    def assessed_units(self) -> list[str] | None:
        """Names of the admin-1 units the round assessed, if it declares them."""
        name = self.meta.coverage_table
        if name is None:
            return None
        table = self.tables[name]
        col = next(c for c, s in table.spec.columns.items() if s.type == "province")
        return table.values(col)


@dataclass
class Project:
    """The rounds found under data/, oldest first."""

    rounds: list[Round] = field(default_factory=list)

    @property
    def published(self) -> list[Round]:
        return [r for r in self.rounds if r.meta.status == "published"]

    @property
    def latest(self) -> Round:
        """The newest published round (drafts are previews, never "latest")."""
        return (self.published or self.rounds)[-1]


BOUNDARY_FILES = {"kaz_adm1": "geo/kaz_adm1.geojson"}


def inside(folder: Path, relative: str) -> Path | None:
    """`folder/relative` if it stays inside `folder` once symlinks are resolved, else None.

    The contract already refuses absolute paths and '..'; a symlink committed into the
    round folder could still point anywhere, and its target would be published.
    """
    path = folder / relative
    try:
        path.resolve().relative_to(folder.resolve())
    except (ValueError, OSError, RuntimeError):  # outside, unreadable, or a symlink loop
        return None
    return path


def load_boundary_layer(data_dir: Path, layer: str) -> Boundaries:
    geo = data_dir / "geo"
    shown = display_path(data_dir / BOUNDARY_FILES[layer], data_dir.parent)
    path = inside(geo, BOUNDARY_FILES[layer].removeprefix("geo/"))
    if path is None:
        raise InputError([Problem(shown, None, None, "the boundary file must be a file inside "
                                  "data/geo, not a link to a file elsewhere")])
    if not path.is_file():
        raise InputError([Problem(shown, None, None, "boundary file is missing")])
    return load_boundaries(path, layer, shown)


def load_round(round_dir: Path, data_dir: Path, root: Path | None = None) -> Round:
    """Load and validate one round folder; raise InputError listing every problem."""
    root = root or data_dir.parent
    shown = display_path(round_dir, root)
    problems: list[Problem] = []

    def doc(name: str):
        path = inside(round_dir, name)
        if path is None:
            problems.append(Problem(f"{shown}/{name}", None, None,
                                    f"{INSIDE_ROUND} (it is a link to a file outside)"))
            return None
        if not path.is_file():
            problems.append(Problem(f"{shown}/{name}", None, None, "file is missing"))
            return None
        try:
            return read_yaml(path, f"{shown}/{name}")
        except LoadFailed as exc:
            problems.append(exc.problem)
            return None

    round_doc, tables_doc = doc("round.yml"), doc("tables.yml")
    meta = tables_file = None
    if round_doc is not None:
        try:
            meta = RoundMeta.model_validate(round_doc.data)
        except ValidationError as exc:
            problems += pydantic_problems(exc, round_doc)
    if tables_doc is not None:
        try:
            tables_file = TablesFile.model_validate(tables_doc.data)
        except ValidationError as exc:
            problems += pydantic_problems(exc, tables_doc)
    layer = meta.boundaries if meta is not None else "kaz_adm1"
    if meta is not None and meta.id != round_dir.name:
        problems.append(Problem(round_doc.path, round_doc.line_of(("id",)), "id",
                                f"id {meta.id!r} differs from the folder name {round_dir.name!r}"))
    if layer not in BOUNDARY_FILES:
        problems.append(Problem(round_doc.path, round_doc.line_of(("boundaries",)), "boundaries",
                                f"unknown boundary layer {layer!r}: "
                                + did_you_mean(layer, BOUNDARY_FILES)))
        raise InputError(problems)
    try:
        boundaries = load_boundary_layer(data_dir, layer)
    except InputError as exc:
        raise InputError(problems + exc.problems) from exc

    if meta is not None and tables_file is not None:
        problems += check_figures(meta, tables_file.tables, round_doc)
        cover = tables_file.tables.get(meta.coverage_table or "")
        where = round_doc.path, round_doc.line_of(("coverage_table",)), "coverage_table"
        if meta.coverage_table and cover is None:
            problems.append(Problem(*where, f"unknown table {meta.coverage_table!r}"))
        elif cover and not any(c.type == "province" for c in cover.columns.values()):
            problems.append(Problem(*where, f"table {meta.coverage_table!r} has no "
                                    "`province` column to say which units were assessed"))

    # Rows are checked even when round.yml has problems, so one run reports both.
    tables: dict[str, Table] = {}
    for name, spec in (tables_file.tables if tables_file else {}).items():
        path = inside(round_dir, spec.file)
        where = tables_doc.path, tables_doc.line_of(("tables", name, "file")), "file"
        if path is None:
            problems.append(Problem(*where, f"{spec.file} {INSIDE_ROUND} (it is a link to a "
                                    "file outside)"))
            continue
        if not path.is_file():
            problems.append(Problem(*where, f"table file {spec.file} does not exist"))
            continue
        try:
            csv_file = read_csv(path, f"{shown}/{spec.file}")
        except LoadFailed as exc:
            problems.append(exc.problem)
            continue
        rows, lines, row_problems = validate_rows(name, spec, csv_file, boundaries)
        problems += row_problems
        if not row_problems:
            tables[name] = Table(name, spec, path, tuple(rows), tuple(lines))
    if meta is None or tables_file is None:
        raise InputError(problems)

    # Indicators must name a value that exists (checked now, compared on the trends page).
    from generator.references import RefError, resolve

    indicator_warnings: list[Problem] = []
    for ind_id, ind in meta.indicators.items():
        if ind.value.split(".")[0] in tables_file.tables.keys() - tables.keys():
            continue  # that table failed to load: its own error says why
        try:
            resolve(tables, ind.value)
        except RefError as exc:
            # A draft's tables are still being filled in: a gap is expected there.
            (indicator_warnings if meta.status == "draft" else problems).append(
                Problem(round_doc.path, round_doc.line_of(("indicators", ind_id, "value")),
                        f"indicators.{ind_id}.value", str(exc)))

    def markdown(relative: str, loc: tuple[object, ...], field: str) -> str | None:
        where = round_doc.path, round_doc.line_of(loc), field
        path = inside(round_dir, relative)
        if path is None:
            problems.append(Problem(*where, f"{relative} {INSIDE_ROUND} (it is a link to a "
                                    "file outside)"))
        elif not path.is_file():
            problems.append(Problem(*where, f"narrative file {relative} does not exist"))
        else:
            try:
                return read_narrative(path, f"{shown}/{relative}")
            except LoadFailed as exc:
                problems.append(exc.problem)
        return None

    narratives: dict[str, str] = {}
    for si, section in enumerate(meta.sections):
        text = markdown(section.narrative, ("sections", si, "narrative"), "narrative")
        if text is not None:
            narratives[section.id] = text
    trends_text = None
    if meta.trends_narrative is not None:
        trends_text = markdown(meta.trends_narrative, ("trends_narrative",), "trends_narrative")
    # What a renderer would refuse is refused here, so `check` finds it with a line.
    for section in meta.sections:
        for fig in section.figures:
            if fig.table in tables:
                table = tables[fig.table]
                reason = check_figure_fits(fig, list(table.rows))
                if reason:
                    problems.append(Problem(tables_doc.path,
                                            tables_doc.line_of(("tables", fig.table)), fig.table,
                                            f"cannot draw figure {fig.id!r}: {reason}"))
                problems += check_map_rows(fig, f"{shown}/{table.spec.file}", table.rows,
                                           table.lines)
    if problems:
        raise InputError(problems)

    warnings: list[Problem] = list(indicator_warnings)
    draft = meta.status == "draft"
    for section in meta.sections:
        for fig in section.figures:
            if not tables[fig.table].rows:
                (warnings if draft else problems).append(Problem(
                    f"{shown}/{tables[fig.table].spec.file}", None, fig.table,
                    f"the table has no rows, so figure {fig.id!r} has nothing to show"
                    + (" (draft round: shown as 'no data yet')" if draft else "")))
    rnd = Round(meta, round_dir, tables, narratives, boundaries, trends_text=trends_text)
    # Placeholders in the narrative are checked now, so `check` catches them without a build.
    from generator.narrative import check_round

    narrative_problems, narrative_warnings = check_round(rnd)
    problems += narrative_problems
    warnings += narrative_warnings
    if problems:
        raise InputError(problems)
    return replace(rnd, warnings=tuple(warnings))


def load_project(data_dir: Path, only: list[str] | None = None) -> Project:
    """Every round under data/rounds, oldest first; problems of all rounds together."""
    rounds_dir = data_dir / "rounds"
    dirs = sorted(p for p in rounds_dir.iterdir() if p.is_dir() and not p.name.startswith("."))
    if only:
        unknown = [o for o in only if o not in {d.name for d in dirs}]
        if unknown:
            raise InputError([Problem(display_path(rounds_dir, data_dir.parent), None, None,
                                      f"no round {u!r}: {did_you_mean(u, [d.name for d in dirs])}")
                              for u in unknown])
        dirs = [d for d in dirs if d.name in only]
    problems: list[Problem] = []
    rounds = []
    for d in dirs:
        if inside(rounds_dir, d.name) is None:
            problems.append(Problem(display_path(d, data_dir.parent), None, None,
                                    "a round must be a folder inside data/rounds, not a link "
                                    "to a folder elsewhere"))
            continue
        try:
            rounds.append(load_round(d, data_dir))
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    if not rounds:
        raise InputError([Problem(display_path(rounds_dir, data_dir.parent), None, None,
                                  "no rounds found: each round is a folder with round.yml")])
    return Project(sorted(rounds, key=lambda r: r.id))
