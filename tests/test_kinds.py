"""The figure-kind registry: every kind in one module, its roles and formats enforced by check."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator import kinds
from generator.contract import Column, RoundMeta, TableSpec
from generator.load import parse_yaml
from generator.validate import check_figures, check_map_rows
from tests.hostile import assert_rejected

ROOT = Path(__file__).resolve().parent.parent
ROUND = "data/countries/kaz/2030-01-mini-round"
SHOWN = ROUND.removeprefix("data/")  # narrative messages are matched as a substring
ALL = ("key_figures", "definitions", "bar", "ranked_bar", "share", "score", "change", "trend",
       "heat_table", "table", "choropleth", "bubble_map", "coverage_map")


def test_the_registry_lists_every_kind_module():
    assert set(kinds.names()) == set(ALL)
    modules = {p.stem for p in (ROOT / "generator/kinds").glob("*.py")} - {
        "__init__", "base", "rows"}
    assert modules == set(ALL), "a kind module is not listed in generator/kinds/__init__.py"
    for name in ALL:
        kind = kinds.get(name)
        assert kind.name == name and kinds.family(name) == kind.family
        assert kind.family in ("chart", "map", "table", "cards")
        assert set(kind.roles) | set(kind.optional_roles) <= set(kinds.ROLES)
        assert (kind.describe is not None) == (kind.family in ("chart", "map"))
    assert kinds.family("sparkline") is None


def test_chart_kinds_write_spec_svg_and_csv():
    for kind in kinds.KINDS.values():
        if kind.family == "chart":
            assert set(kind.outputs) == {"vl.json", "svg", "narrow.vl.json", "narrow.svg",
                                         "csv"}, kind.name


# -- roles, checked from round.yml against tables.yml (no rows needed) ---------------------

# A column of each type, named after it, so any role can name a fitting or a wrong one.
TYPES = ("text", "integer", "number", "percent", "score", "year", "province")
SPEC = TableSpec(file="tables/t.csv", title="t", source="s",
                 columns={t: Column(type=t, description=t) for t in TYPES})


def fitting(types: frozenset[str] | None) -> str:
    return "text" if types is None else sorted(types)[0]


def check(figure_yaml: str) -> list:
    text = ("id: 2030-01-x\ntitle: t\nshort_title: t\ncountry: KAZ\nkind: k\n"
            "data_collection: {start: 2030-01-01, end: 2030-01-02}\npublished: 2030-01-03\n"
            "citation: c\nterms_url: https://example.org\ndisclaimer: d\nmap_disclaimer: m\n"
            "source_report: {title: r, file: r.txt, published: 2030-01-03}\n"
            "sections:\n  - id: s\n    title: s\n    narrative: n.md\n    figures:\n"
            f"      - id: f\n        table: t\n        title: f\n{figure_yaml}")
    doc = parse_yaml(text, "round.yml")
    meta = RoundMeta.model_validate(doc.data)
    return check_figures(meta, {"t": SPEC}, doc)


def roles_yaml(kind: kinds.Kind, **override: str | None) -> str:
    roles = {r: fitting(t) for r, t in kind.roles.items()} | override
    return f"        kind: {kind.name}\n" + "".join(
        f"        {r}: {c}\n" for r, c in roles.items() if c is not None)


@pytest.mark.parametrize("name", ALL)
def test_fitting_roles_pass(name):
    assert check(roles_yaml(kinds.get(name))) == []


@pytest.mark.parametrize(("name", "role"), [(k, r) for k in ALL for r in kinds.get(k).roles])
def test_a_missing_role_is_an_error_on_the_figure(name, role):
    problems = check(roles_yaml(kinds.get(name), **{role: None}))
    assert [(p.field, p.line) for p in problems] == [(role, None)] or (
        problems and problems[0].field == role), problems
    assert f"a {name} figure needs '{role}'" in problems[0].message


@pytest.mark.parametrize(("name", "role", "types"), [
    (k, r, t) for k in ALL for r, t in kinds.get(k).roles.items() if t is not None])
def test_a_column_of_the_wrong_type_is_an_error_on_its_line(name, role, types):
    wrong = next(t for t in TYPES if t not in types)
    problems = check(roles_yaml(kinds.get(name), **{role: wrong}))
    assert len(problems) == 1 and problems[0].field == role, problems
    assert problems[0].line is not None and problems[0].file == "round.yml"
    assert f"column {wrong!r} is {wrong}" in problems[0].message


def test_an_optional_role_must_name_a_column():
    problems = check(roles_yaml(kinds.get("bar"), label="nothing"))
    assert [p.field for p in problems] == ["label"]


# -- value formats ----------------------------------------------------------------------

@pytest.mark.parametrize(("fmt", "column", "ok"), [
    ("count", "integer", True), ("percent", "percent", True), ("change", "number", True),
    ("percent", "integer", False), ("count", "percent", False), ("score", "integer", False),
    ("change", "integer", False), ("number", "year", False),
])
def test_value_format_must_fit_the_value_column(fmt, column, ok):
    problems = check(roles_yaml(kinds.get("bar"), value=column) + f"        value_format: {fmt}\n")
    if ok:
        assert problems == []
    else:
        assert [p.field for p in problems] == ["value_format"]
        assert problems[0].line == 24  # the value_format line: the last of the YAML above
        assert f"which is {column}" in problems[0].message


def test_score_formats_its_low_and_high_columns():
    yaml = roles_yaml(kinds.get("score"))
    assert check(yaml + "        value_format: score\n") == []
    assert [p.field for p in check(yaml + "        value_format: count\n")] == ["value_format"]


# -- row checks (a kind's `validate`) ------------------------------------------------------

def test_map_rows_are_checked_with_their_lines():
    from generator.contract import Figure

    fig = Figure(id="m", kind="choropleth", table="t", title="m", province="province",
                 value="number")
    rows = ({"province": "Kostanay", "number": 1}, {"province": "Kostanay", "number": -2})
    problems = check_map_rows(fig, "t.csv", rows, (2, 3))
    assert [(p.line, p.field) for p in problems] == [(3, "province"), (3, "number")]
    cover = fig.model_copy(update={"kind": "coverage_map"})
    assert [p.field for p in check_map_rows(cover, "t.csv", rows, (2, 3))] == ["province"]


# -- through the CLI, on the mini fixture ------------------------------------------------

def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_value_format_mismatch_is_rejected_with_file_line_field(mini):
    round_yml = mini / ROUND / "round.yml"
    _edit(round_yml, "value_format: count", "value_format: percent")
    assert_rejected(mini, file=f"{ROUND}/round.yml", line=_line(round_yml, "value_format: percent"),
                    field="value_format", message=re.escape("'percent' does not fit column"),
                    commands=(("check",),))


def test_a_per_cent_style_on_a_count_is_rejected(mini):
    overview = mini / ROUND / "narrative/overview.md"
    _edit(overview, 'value("key_figures.return_migrants")', 'value("key_figures.return_migrants", "%")')
    assert_rejected(mini, file=SHOWN + "/narrative/overview.md", line=1, field=None,
                    message="style '%' does not fit 'key_figures.return_migrants': its column "
                            "is integer", commands=(("check",),))


def test_a_change_style_on_text_is_rejected(mini):
    overview = mini / ROUND / "narrative/overview.md"
    _edit(overview, 'value("key_figures.return_migrants")',
          'value("key_figures.return_migrants.unit", "change")')
    assert_rejected(mini, file=SHOWN + "/narrative/overview.md", line=1, field=None,
                    message="style 'change' does not fit", commands=(("check",),))


def test_an_unknown_kind_names_the_closest(mini):
    round_yml = mini / ROUND / "round.yml"
    _edit(round_yml, "kind: choropleth", "kind: choropleht")
    assert_rejected(mini, file=f"{ROUND}/round.yml", line=_line(round_yml, "choropleht"),
                    field=None, message="did you mean 'choropleth'", commands=(("check",),))
