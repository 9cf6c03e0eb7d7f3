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


# -- layouts, labels, axes, tooltips, sources (docs/figure-rules.md, "Charts") -----------

def _layer_specs(spec: dict) -> list[dict]:
    out = []
    for layer in spec.get("layer", [spec]):
        out += _layer_specs(layer) if "layer" in layer else [layer]
    return out


def _gallery_charts():
    from generator.project import load_project
    from tests.conftest import FIXTURES

    rnd = load_project(FIXTURES / "gallery" / "data").rounds[0]
    return [(f, rnd.table_for(f)) for f in chart_figures(rnd)]


@pytest.fixture(scope="module")
def gallery_arts():
    return [(f, t, render_chart(f, t)) for f, t in _gallery_charts()]


def test_every_chart_has_a_wide_and_a_narrow_layout(gallery_arts):
    for fig, _table, art in gallery_arts:
        assert (art.static_width, art.narrow_width) == (640, 320), fig.id
        assert art.narrow_svg.lstrip().startswith("<svg") and art.narrow_height > 0
        narrow = json.loads(art.narrow_spec_json)
        assert narrow["width"] == "container" and narrow["description"] == art.summary


def test_labels_wrap_instead_of_being_cut(gallery_arts):
    """Every word of every category label is drawn, in both static SVGs; nothing ends in
    an ellipsis (Vega's truncation)."""
    import html
    import re

    for fig, table, art in gallery_arts:
        key = fig.row if fig.kind == "share" and fig.row else fig.category or fig.row
        for svg in (art.svg, art.narrow_svg):
            texts = html.unescape(" ".join(re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S)))
            texts = re.sub(r"<[^>]+>", " ", texts)
            assert "\u2026" not in texts, fig.id
            for row in table.rows:
                for word in str(row[key]).split():
                    assert word in texts, (fig.id, word)


def test_narrow_layout_puts_labels_above_the_bars(gallery_arts):
    for fig, _table, art in gallery_arts:
        if fig.kind not in ("bar", "ranked_bar", "score", "change"):
            continue
        layers = _layer_specs(json.loads(art.narrow_spec_json))
        assert all(ly["encoding"]["y"].get("axis", "none") is None
                   for ly in layers if "y" in ly.get("encoding", {})), fig.id
        stacked = [ly for ly in layers if isinstance(ly["mark"], dict)
                   and ly["mark"].get("baseline") == "bottom" and ly["mark"].get("align") == "left"]
        assert stacked, fig.id


def test_share_axes_run_from_0_to_100(gallery_arts):
    for fig, _table, art in gallery_arts:
        if fig.value_format != "percent" or fig.kind not in ("bar", "ranked_bar", "share"):
            continue
        for spec in (art.spec_json, art.narrow_spec_json):
            domains = [ly["encoding"]["x"]["scale"]["domain"] for ly in
                       _layer_specs(json.loads(spec))
                       if "scale" in ly.get("encoding", {}).get("x", {})]
            assert domains and all(d == [0, 100] for d in domains), (fig.id, domains)


def test_axis_numbers_have_separators_not_si_suffixes():
    big = _table("arrivals", {
        "round": Column(type="text", description="Round"),
        "people": Column(type="integer", description="Migrant workers present", unit="people"),
    }, [{"round": "Round 3", "people": 598094}, {"round": "Round 4", "people": 12000}])
    fig = Figure(id="arrivals", kind="bar", table="arrivals", title="Arrivals",
                 category="round", value="people")
    art = render_chart(fig, big)
    formats = {ly["encoding"]["x"].get("axis", {}).get("format")
               for ly in _layer_specs(json.loads(art.spec_json)) if "x" in ly.get("encoding", {})}
    assert ",~f" in formats and "~s" not in formats
    assert "0k" not in art.svg and ",000</text>" in art.svg


def test_tooltips_use_column_descriptions_not_field_names(gallery_arts):
    for fig, table, art in gallery_arts:
        for spec in (art.spec_json, art.narrow_spec_json):
            titles = [t["title"] for ly in _layer_specs(json.loads(spec))
                      for t in ly.get("encoding", {}).get("tooltip", [])]
            assert titles, fig.id
            raw = set(table.spec.columns) | {"Value", "value", "label", "category"}
            assert not set(titles) & raw, (fig.id, titles)
            assert all(t[:1].isupper() for t in titles), (fig.id, titles)


EMIGRANTS = _table("emigrant_change", {
    "period": Column(type="text", description="The two periods compared"),
    "change": Column(type="number", description="Change in the number of emigrants",
                     unit="per cent change"),
    "source": Column(type="text", description="Who produced the estimate"),
}, [{"period": "2022 vs 2021", "change": 12, "source": "MTM key informants"},
    {"period": "2023 vs 2022", "change": 182, "source": "MTM key informants"},
    {"period": "Start of 2024", "change": 47, "source": "Bureau of National Statistics"}])
MIXED = Figure(id="emigrant-change", kind="change", table="emigrant_change",
               title="Change in the number of emigrants", category="period", value="change",
               value_format="change", series="source")


def test_series_from_other_sources_are_drawn_and_named_apart():
    art = render_chart(MIXED, EMIGRANTS)
    spec = json.loads(art.spec_json)
    bars = [ly for ly in _layer_specs(spec) if (ly["mark"] if isinstance(ly["mark"], str)
                                                else ly["mark"]["type"]) == "bar"]
    colour = bars[0]["encoding"]["color"]
    assert colour["field"] == "series"
    assert colour["scale"]["domain"] == ["MTM key informants", "Bureau of National Statistics"]
    assert len(set(colour["scale"]["range"])) == 2
    assert colour["legend"]["title"] == "Who produced the estimate"
    # The outside figure says where it comes from: in its label and the text alternative.
    cats = list(dict.fromkeys(d["category"] for d in spec_values(spec) if "series" in d))
    assert cats == ["2022 vs 2021", "2023 vs 2022", "Start of 2024 (Bureau of National Statistics)"]
    assert "Start of 2024 +47% (source: Bureau of National Statistics)" in art.summary
    assert "MTM key informants" in art.summary


def test_value_labels_fit_beside_or_inside_their_bars():
    from generator.charts.layout import fit_domain, text_px

    values, labels = [77, 10, 3], ["77% (462,048)", "10% (58,104)", "3% (20,271)"]
    dmax, inside = fit_domain(values, labels, 292, fixed_max=100)
    assert dmax == 100 and inside == [True, False, False]
    for v, text, ins in zip(values, labels, inside, strict=True):
        end = v / dmax * 292
        assert (end - text_px(text) - 8 >= 0) if ins else (end + text_px(text) + 8 <= 292)
    # A free axis grows until the labels fit beside the bars.
    dmax, inside = fit_domain([100, 90], ["1,000,000 people", "900,000 people"], 400)
    assert not any(inside) or dmax >= 100


def test_chart_html_offers_both_static_images_and_the_table_link(gallery_arts):
    from generator.figures import chart_figure

    fig, table, _art = gallery_arts[0]
    rendered = chart_figure(fig, table)
    html = rendered.html
    assert '<source media="(max-width: 639.98px)"' in html and ".narrow.svg" in html
    assert 'class="mtm-chart__static"' in html and 'width="640"' in html
    assert 'class="mtm-chart__activate"' in html and "<button" in html
    assert f'href="#fig-{fig.id}-data"' in html and f'id="fig-{fig.id}-data"' in html
    assert 'data-spec-narrow="{root}assets/charts/' in html
    assert {f"assets/charts/{fig.id}.{ext}" for ext in
            ("vl.json", "svg", "narrow.vl.json", "narrow.svg")} <= set(rendered.files)
