"""Loading and validating rounds: the real data, and every kind of bad input."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.errors import InputError
from generator.model import load_project, load_round

BMA4 = "2024-04-bma-round-4"


def test_round4_loads_with_every_section(bma4):
    assert [s.id for s in bma4.sections] == [
        "overview", "about", "key-informants", "international-migrant-workers",
        "return-migrants", "emigrants", "internal-migrants", "internal-emigrants",
        "access-to-services",
    ]
    assert all(bma4.narratives[s.id].strip() for s in bma4.sections)


def _value(table, column, **match):
    rows = [r for r in table.rows if all(r[k] == v for k, v in match.items())]
    assert len(rows) == 1, (match, rows)
    return rows[0][column]


def test_report_figures_are_in_the_data(bma4):
    nat = bma4.tables["imw_top_nationalities"]
    assert _value(nat, "count", country="Uzbekistan") == 462048
    keys = {r["indicator"]: r["value"] for r in bma4.tables["key_figures"].rows}
    assert 598094 in keys.values()
    assert 17317 in keys.values()
    assert 1301 in keys.values()
    dist = bma4.tables["services_distance"]
    assert _value(dist, "households", service="Hospital", distance_band="Over 25 km") == 113581


def test_every_table_says_where_in_the_report_it_comes_from(bma4):
    for name, table in bma4.tables.items():
        assert re.search(r"lines? \d+", table.spec.source), name


def test_provinces_are_resolved_to_boundary_names(bma4):
    names = {u.name for u in bma4.boundaries.units.values()}
    assert set(bma4.assessed_units) <= names
    assert len(bma4.assessed_units) == 10


def _round_dir(data_copy: Path) -> Path:
    return data_copy / "data" / "rounds" / BMA4


def _problems(data_copy: Path) -> list[str]:
    with pytest.raises(InputError) as exc:
        load_round(_round_dir(data_copy), data_copy / "data")
    return [str(p) for p in exc.value.problems]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_bad_number_names_file_line_and_column(data_copy):
    csv = _round_dir(data_copy) / "tables/imw_top_nationalities.csv"
    _edit(csv, "462048", '"462,048"')
    problems = _problems(data_copy)
    assert any("tables/imw_top_nationalities.csv:" in p and "[count]" in p
               and "thousands separators" in p for p in problems), problems
    line = next(i for i, ln in enumerate(csv.read_text().splitlines(), 1) if "462,048" in ln)
    assert any(f"imw_top_nationalities.csv:{line}:" in p for p in problems)


def test_unquoted_comma_explains_the_split(data_copy):
    _edit(_round_dir(data_copy) / "tables/imw_top_nationalities.csv", "462048", "462,048")
    problems = _problems(data_copy)
    assert any("imw_top_nationalities.csv:2:" in p and "thousands separators" in p
               for p in problems), problems


def test_unknown_province_is_rejected_with_did_you_mean(data_copy):
    _edit(_round_dir(data_copy) / "tables/imw_by_province.csv", "Kyzylorda", "Kyzilorda")
    problems = _problems(data_copy)
    assert any("[province]" in p and "did you mean 'Kyzylorda'" in p for p in problems), problems


def test_percent_out_of_range_says_what_was_expected(data_copy):
    _edit(_round_dir(data_copy) / "tables/key_informants_by_sex.csv", "68", "680")
    problems = _problems(data_copy)
    assert any("key_informants_by_sex.csv" in p and "per cent value from 0 to 100" in p
               for p in problems), problems


def test_missing_column_and_undeclared_column(data_copy):
    csv = _round_dir(data_copy) / "tables/return_type.csv"
    header, rest = csv.read_text().split("\n", 1)
    csv.write_text(header.replace("percent", "pct") + "\n" + rest)
    problems = _problems(data_copy)
    assert any("return_type.csv:1: [percent] declared column is missing" in p for p in problems)
    assert any("return_type.csv:1: [pct]" in p and "not declared" in p for p in problems)


def test_unknown_figure_kind_names_the_yaml_line(data_copy):
    _edit(_round_dir(data_copy) / "round.yml", "kind: ranked_bar", "kind: ranked_bars")
    problems = _problems(data_copy)
    pattern = r"round\.yml:\d+: \[sections\.\d+\.figures\.\d+\.kind\] 'ranked_bars'"
    assert any(re.search(pattern, p) for p in problems), problems


def test_unknown_table_gets_did_you_mean(data_copy):
    _edit(_round_dir(data_copy) / "round.yml", "table: return_type", "table: return_types")
    problems = _problems(data_copy)
    assert any("unknown table 'return_types': did you mean 'return_type'" in p for p in problems)


def test_column_of_wrong_type_for_a_figure_role(data_copy):
    rnd = _round_dir(data_copy) / "round.yml"
    text = rnd.read_text()
    # A score figure whose 'low' role points at a text column cannot be drawn.
    m = re.search(r"low: (\w+)", text)
    assert m
    _edit(rnd, f"low: {m.group(1)}", "low: reason")
    problems = _problems(data_copy)
    assert any("[low]" in p and "must be score" in p for p in problems), problems


def test_all_problems_are_reported_in_one_run(data_copy):
    d = _round_dir(data_copy)
    _edit(d / "tables/imw_top_nationalities.csv", "462048", "lots")
    _edit(d / "tables/return_by_province.csv", "Turkestan", "Turkmenistan")
    _edit(d / "round.yml", "title: Overview", "titel: Overview")
    problems = _problems(data_copy)
    assert len(problems) >= 3
    assert any("titel" in p and "unknown key" in p for p in problems)


def test_yaml_syntax_error_has_a_line(data_copy):
    (_round_dir(data_copy) / "tables.yml").write_text("tables:\n  a: [\n", encoding="utf-8")
    problems = _problems(data_copy)
    assert any(re.search(r"tables\.yml:\d+: .*not valid YAML", p) for p in problems), problems


def test_folder_name_must_match_round_id(data_copy):
    src = _round_dir(data_copy)
    src.rename(src.with_name("2024-04-renamed"))
    with pytest.raises(InputError, match="differs from the folder name"):
        load_project(data_copy / "data")
