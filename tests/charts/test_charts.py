"""Chart specs carry exactly the table's data; every chart has its accessible parts."""

from __future__ import annotations

import json

import pytest

from generator.charts import CHART_KINDS, render_chart
from generator.charts.theme import PALETTE, contrast


def chart_figures(rnd):
    return [f for s in rnd.sections for f in s.figures if f.kind in CHART_KINDS]


def spec_values(spec: dict) -> list[dict]:
    out = []
    for layer in spec.get("layer", [spec]):
        out += layer.get("data", {}).get("values", [])
    out += spec.get("data", {}).get("values", [])
    return out


def test_round4_has_charts_of_several_kinds(bma4):
    kinds = {f.kind for f in chart_figures(bma4)}
    assert {"ranked_bar", "share", "score", "change", "heat_table"} <= kinds


def test_ranked_bar_data_equals_the_table(bma4):
    _, fig = bma4.figure("imw-nationalities")
    table = bma4.table_for(fig)
    art = render_chart(fig, table)
    spec = json.loads(art.spec_json)
    shown = {d["category"]: d["value"] for d in spec_values(spec) if "category" in d}
    expected = {r[fig.category]: r[fig.value] for r in table.rows if r[fig.value] is not None}
    assert shown == expected
    # Ranked: largest first.
    order = spec["layer"][0]["encoding"]["y"]["sort"]
    assert order[0] == max(expected, key=expected.get)


def test_every_chart_spec_holds_every_given_value(bma4):
    for fig in chart_figures(bma4):
        table = bma4.table_for(fig)
        spec = json.loads(render_chart(fig, table).spec_json)
        values = spec_values(spec)
        role = fig.value or fig.high
        given = [r[role] for r in table.rows if r[role] is not None]
        shown = [d.get("value", d.get("high")) for d in values]
        for v in given:
            assert v in shown, (fig.id, v)


def test_text_alternative_lists_the_figures(bma4):
    _, fig = bma4.figure("imw-nationalities")
    art = render_chart(fig, bma4.table_for(fig))
    assert "Uzbekistan" in art.summary
    assert "462,048" in art.summary and "77%" in art.summary
    spec = json.loads(art.spec_json)
    assert spec["description"] == art.summary


def test_static_svg_and_responsive_live_spec(bma4):
    _, fig = bma4.figure("return-reasons")
    art = render_chart(fig, bma4.table_for(fig))
    assert art.svg.lstrip().startswith("<svg")
    assert "Expiration" in art.svg
    assert json.loads(art.spec_json)["width"] == "container"


def test_scores_with_only_a_range_are_drawn_as_ranges(bma4):
    _, fig = bma4.figure("return-reasons")
    art = render_chart(fig, bma4.table_for(fig))
    values = spec_values(json.loads(art.spec_json))
    ranged = [d for d in values if "exact" in d and not d["exact"]]
    assert ranged and all(d["low"] < d["high"] for d in ranged)


def test_csv_and_table_hold_the_data(bma4):
    _, fig = bma4.figure("services-distance")
    art = render_chart(fig, bma4.table_for(fig))
    assert "113581" in art.csv
    assert "113,581" in art.table_html
    assert art.table_html.count("<tr>") == len(bma4.table_for(fig).rows) + 1


def test_renders_are_deterministic(bma4):
    _, fig = bma4.figure("services-availability")
    a, b = render_chart(fig, bma4.table_for(fig)), render_chart(fig, bma4.table_for(fig))
    assert a.spec_json == b.spec_json and a.svg == b.svg


@pytest.mark.parametrize("colour", PALETTE[:2])
def test_bar_colours_meet_graphics_contrast(colour):
    assert contrast(colour, "#ffffff") >= 3.0
