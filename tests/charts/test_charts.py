"""Chart specs carry exactly the table's data; every chart has its accessible parts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator import kinds
from generator.charts.theme import PALETTE, contrast
from generator.contract import Column, Figure, TableSpec
from generator.figures import render_chart
from generator.model import Table


def _table(name: str, columns: dict[str, Column], rows: list[dict]) -> Table:
    spec = TableSpec(file=f"tables/{name}.csv", title=name, source="made up", columns=columns)
    return Table(name, spec, Path(spec.file), tuple(rows))


# A ranked bar and a share chart, with made-up numbers (the mini fixture has the others).
NATIONALITIES = _table("nationalities", {
    "country": Column(type="text", description="Nationality"),
    "count": Column(type="integer", description="Workers", unit="people"),
    "percent": Column(type="percent", description="Share", unit="per cent"),
}, [{"country": "Uzbekistan", "count": 46204, "percent": 77},
    {"country": "Tajikistan", "count": 6000, "percent": 10},
    {"country": "Kyrgyzstan", "count": 4200, "percent": 7}])
RANKED = Figure(id="nationalities", kind="ranked_bar", table="nationalities",
                title="Top nationalities", category="country", value="percent", label="count",
                value_format="percent", sort="descending")
AVAILABILITY = _table("availability", {
    "answer": Column(type="text", description="Answer"),
    "percent": Column(type="percent", description="Share", unit="per cent"),
}, [{"answer": "yes", "percent": 81}, {"answer": "no", "percent": 19}])
SHARE = Figure(id="availability", kind="share", table="availability", title="Available",
               category="answer", value="percent", value_format="percent")


@pytest.fixture(scope="module")
def rounds(mini_project):
    return mini_project.rounds


def _find(rounds, figure_id: str):
    for rnd in rounds:
        for s in rnd.sections:
            for f in s.figures:
                if f.id == figure_id:
                    return f, rnd.table_for(f)
    raise KeyError(figure_id)


def all_charts(rounds) -> list[tuple[Figure, Table]]:
    found = [(f, r.table_for(f)) for r in rounds for f in chart_figures(r)]
    return [*found, (RANKED, NATIONALITIES), (SHARE, AVAILABILITY)]


def chart_figures(rnd):
    return [f for s in rnd.sections for f in s.figures if kinds.family(f.kind) == "chart"]


def spec_values(spec: dict) -> list[dict]:
    out = []
    for layer in spec.get("layer", [spec]):
        out += layer.get("data", {}).get("values", [])
    out += spec.get("data", {}).get("values", [])
    return out


def test_the_tests_cover_every_chart_kind(rounds):
    covered = {f.kind for f, _ in all_charts(rounds)}
    # `trend` draws the trends page, whose data test_site checks on a real build.
    assert covered == {k for k in kinds.names() if kinds.family(k) == "chart"} - {"trend"}


def test_ranked_bar_data_equals_the_table():
    fig, table = RANKED, NATIONALITIES
    art = render_chart(fig, table)
    spec = json.loads(art.spec_json)
    shown = {d["category"]: d["value"] for d in spec_values(spec) if "category" in d}
    expected = {r[fig.category]: r[fig.value] for r in table.rows if r[fig.value] is not None}
    assert shown == expected
    # Ranked: largest first.
    order = spec["layer"][0]["encoding"]["y"]["sort"]
    assert order[0] == max(expected, key=expected.get)


def test_every_chart_spec_holds_every_given_value(rounds):
    for fig, table in all_charts(rounds):
        spec = json.loads(render_chart(fig, table).spec_json)
        values = spec_values(spec)
        role = fig.value or fig.high
        given = [r[role] for r in table.rows if r[role] is not None]
        shown = [d.get("value", d.get("high")) for d in values]
        for v in given:
            assert v in shown, (fig.id, v)


def test_text_alternative_lists_the_figures():
    art = render_chart(RANKED, NATIONALITIES)
    assert "Uzbekistan" in art.summary
    assert "46,204" in art.summary and "77%" in art.summary
    spec = json.loads(art.spec_json)
    assert spec["description"] == art.summary


def test_static_svg_and_responsive_live_spec(rounds):
    fig, table = _find(rounds, "return-reasons")
    art = render_chart(fig, table)
    assert art.svg.lstrip().startswith("<svg")
    assert str(table.rows[0][fig.category]) in art.svg
    assert json.loads(art.spec_json)["width"] == "container"


def test_scores_with_only_a_range_are_drawn_as_ranges(rounds):
    fig, table = _find(rounds, "return-reasons")
    art = render_chart(fig, table)
    values = spec_values(json.loads(art.spec_json))
    ranged = [d for d in values if "exact" in d and not d["exact"]]
    assert ranged and all(d["low"] < d["high"] for d in ranged)


def test_csv_and_table_hold_the_data(rounds):
    fig, table = _find(rounds, "services-distance")
    art = render_chart(fig, table)
    assert "1581" in art.csv
    assert "1,581" in art.table_html
    assert art.table_html.count("<tr>") == len(table.rows) + 1


def test_renders_are_deterministic():
    a, b = render_chart(SHARE, AVAILABILITY), render_chart(SHARE, AVAILABILITY)
    assert a.spec_json == b.spec_json and a.svg == b.svg


@pytest.mark.parametrize("colour", PALETTE[:2])
def test_bar_colours_meet_graphics_contrast(colour):
    assert contrast(colour, "#ffffff") >= 3.0


def test_every_chart_spec_is_valid_vega_lite(rounds):
    """Builds skip Altair's schema validation (it cost 1.7 s a build); this test does it."""
    import jsonschema
    from altair.utils.schemapi import validate_jsonschema
    from altair.vegalite.v6.schema import load_schema

    schema = load_schema()
    for fig, table in all_charts(rounds):
        spec = json.loads(render_chart(fig, table).spec_json)
        validate_jsonschema(spec, schema)  # raises when the spec is not valid Vega-Lite
    with pytest.raises(jsonschema.ValidationError):
        validate_jsonschema({**spec, "autosize": {"type": "no-such-type"}}, schema)
