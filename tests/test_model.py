"""Loading and validating rounds: the mini fixture, and every kind of bad input."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.errors import InputError
from generator.model import load_round
from generator.project import load_project
from tests.conftest import NEWER, NEWER_DIR, OLDER, OLDER_DIR


def _round(project, rid):
    return next(r for r in project.rounds if r.id == rid)


def test_rounds_load_with_every_section(mini_project):
    assert [r.key for r in mini_project.rounds] == [f"kaz/{OLDER}", f"kaz/{NEWER}"]
    assert [c.code for c in mini_project.countries] == ["kaz"]
    assert mini_project.countries[0].latest.id == NEWER
    assert [s.id for s in _round(mini_project, NEWER).sections] == ["overview", "returns"]
    assert [s.id for s in _round(mini_project, OLDER).sections] == ["overview", "reasons"]
    for rnd in mini_project.rounds:
        assert all(rnd.narratives[s.id].strip() for s in rnd.sections), rnd.id


def _value(table, column, **match):
    rows = [r for r in table.rows if all(r[k] == v for k, v in match.items())]
    assert len(rows) == 1, (match, rows)
    return rows[0][column]


def test_fixture_figures_are_in_the_data(mini_project):
    new = _round(mini_project, NEWER)
    assert _value(new.tables["return_countries"], "count", country="Russian Federation") == 720
    keys = {r["indicator"]: r["value"] for r in new.tables["key_figures"].rows}
    assert keys == {"Return migrants": 1200, "Provinces assessed": 3}
    old = _round(mini_project, OLDER)
    dist = old.tables["services_distance"]
    assert _value(dist, "households", service="Hospital", distance_band="Over 25 km") == 2113
    assert _value(old.tables["return_reasons"], "score_high", reason="Deportation") == 1.5


def test_every_table_says_where_in_the_report_it_comes_from(mini_project):
    tables = [(r.id, name, t) for r in mini_project.rounds for name, t in r.tables.items()]
    assert len(tables) == 9
    for rid, name, table in tables:
        assert re.search(r"lines? \d+", table.spec.source), (rid, name)


def test_provinces_are_resolved_to_boundary_names(mini_project):
    new = _round(mini_project, NEWER)
    names = {u.name for u in new.boundaries.units.values()}
    assert len(names) == 20
    assert set(new.assessed_units) <= names
    assert len(new.assessed_units) == 3


def _round_dir(project: Path, rel: str = NEWER_DIR) -> Path:
    return project / rel


def _problems(project: Path, rel: str = NEWER_DIR) -> list[str]:
    with pytest.raises(InputError) as exc:
        load_round(_round_dir(project, rel), project / "data")
    return [str(p) for p in exc.value.problems]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_bad_number_names_file_line_and_column(mini):
    csv = _round_dir(mini) / "tables/return_countries.csv"
    _edit(csv, "720", '"1,720"')
    problems = _problems(mini)
    assert any("tables/return_countries.csv:" in p and "[count]" in p
               and "thousands separators" in p for p in problems), problems
    line = next(i for i, ln in enumerate(csv.read_text().splitlines(), 1) if "1,720" in ln)
    assert any(f"return_countries.csv:{line}:" in p for p in problems)


def test_unquoted_comma_explains_the_split(mini):
    _edit(_round_dir(mini) / "tables/return_countries.csv", "720", "1,720")
    problems = _problems(mini)
    assert any("return_countries.csv:2:" in p and "thousands separators" in p
               for p in problems), problems


def test_unknown_province_is_rejected_with_did_you_mean(mini):
    _edit(_round_dir(mini) / "tables/return_by_province.csv", "Turkestan", "Turkestn")
    problems = _problems(mini)
    assert any("[province]" in p and "did you mean 'Turkestan'" in p for p in problems), problems


def test_percent_out_of_range_says_what_was_expected(mini):
    _edit(_round_dir(mini) / "tables/return_by_province.csv", "Kostanay,50", "Kostanay,500")
    problems = _problems(mini)
    assert any("return_by_province.csv:2:" in p and "per cent value from 0 to 100" in p
               for p in problems), problems


def test_missing_column_and_undeclared_column(mini):
    csv = _round_dir(mini) / "tables/return_by_province.csv"
    header, rest = csv.read_text().split("\n", 1)
    csv.write_text(header.replace("percent", "pct") + "\n" + rest)
    problems = _problems(mini)
    assert any("return_by_province.csv:1: [percent] declared column is missing" in p
               for p in problems), problems
    assert any("return_by_province.csv:1: [pct]" in p and "not declared" in p for p in problems)


def test_unknown_figure_kind_names_the_yaml_line(mini):
    _edit(_round_dir(mini) / "round.yml", "kind: bar", "kind: bars")
    problems = _problems(mini)
    pattern = r"round\.yml:\d+: \[sections\.1\.figures\.0\.kind\] 'bars'"
    assert any(re.search(pattern, p) for p in problems), problems


def test_unknown_table_gets_did_you_mean(mini):
    _edit(_round_dir(mini) / "round.yml", "table: return_by_province",
          "table: return_by_provinces")
    problems = _problems(mini)
    assert any("unknown table 'return_by_provinces': did you mean 'return_by_province'" in p
               for p in problems), problems


def test_column_of_wrong_type_for_a_figure_role(mini):
    # A score figure whose 'low' role points at a text column cannot be drawn.
    _edit(_round_dir(mini, OLDER_DIR) / "round.yml", "low: score_low", "low: reason")
    problems = _problems(mini, OLDER_DIR)
    assert any("[low]" in p and "must be score" in p for p in problems), problems


def test_all_problems_are_reported_in_one_run(mini):
    d = _round_dir(mini)
    _edit(d / "tables/return_countries.csv", "720", "lots")
    _edit(d / "tables/return_by_province.csv", "Turkestan", "Turkmenistan")
    _edit(d / "round.yml", "title: Overview", "titel: Overview")
    problems = _problems(mini)
    assert len(problems) >= 3
    assert any("return_countries.csv:2:" in p for p in problems)
    assert any("return_by_province.csv:3:" in p for p in problems)
    assert any("titel" in p and "unknown key" in p for p in problems)


def test_yaml_syntax_error_has_a_line(mini):
    (_round_dir(mini) / "tables.yml").write_text("tables:\n  a: [\n", encoding="utf-8")
    problems = _problems(mini)
    assert any(re.search(r"tables\.yml:\d+: .*not valid YAML", p) for p in problems), problems


def test_folder_name_must_match_round_id(mini):
    src = _round_dir(mini)
    src.rename(src.with_name("2030-01-renamed"))
    with pytest.raises(InputError, match="differs from the folder name"):
        load_project(mini / "data")
