"""Placeholders in narrative Markdown: values, figure placement and authoring mistakes."""

from __future__ import annotations

import pytest

from generator.errors import InputError
from generator.model import load_round
from generator.narrative import figure_token, render
from generator.references import resolve
from tests.conftest import COUNTRY, NEWER, NEWER_DIR, OLDER


def _round(project, rid):
    return next(r for r in project.rounds if r.id == rid)


def _render(project, text, rid=NEWER, section_id="returns"):
    rnd = _round(project, rid)
    section = next(s for s in rnd.sections if s.id == section_id)
    return render(rnd, section, text, "narrative/x.md")


@pytest.mark.parametrize(
    ("rid", "placeholder", "expected"),
    [
        (NEWER, '{{ value("key_figures.return_migrants") }}', "1,200"),
        (NEWER, '{{ value("return_countries.russian_federation.count") }}', "720"),
        (NEWER, '{{ value("return_countries.russian_federation.percent") }}', "60 per cent"),
        (NEWER, '{{ value("return_countries.russian_federation.percent", "%") }}', "60%"),
        (NEWER, "{{value('key_figures.provinces_assessed')}}", "3"),
        (OLDER, '{{ value("return_reasons.deportation.score_low") }}', "1.3"),
    ],
)
def test_values_render_formatted_like_the_report(mini_project, rid, placeholder, expected):
    section = "returns" if rid == NEWER else "reasons"
    out = _render(mini_project, f"We count {placeholder} here.", rid, section)
    assert out.problems == []
    assert out.markdown == f"We count {expected} here."


def test_placed_figures_become_tokens_and_are_recorded(mini_project):
    out = _render(mini_project, 'Text.\n\n{{ chart("return-countries") }}\n\n'
                                '{{ table("return-table") }}\n')
    assert out.problems == []
    assert figure_token("return-countries") in out.markdown
    assert out.placed == ["return-countries", "return-table"]
    cards = _render(mini_project, "{{ key_figures() }}", NEWER, "overview")
    assert cards.problems == [] and cards.placed == ["key-figures"]


def _messages(out):
    return [str(p) for p in out.problems]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('Line one.\n{{ valeu("key_figures.return_migrants") }}', 2, "did you mean 'value'"),
        ('{{ value("key_figures.return_migrantz") }}', 1, "did you mean 'return_migrants'"),
        ('{{ value("key_figure.return_migrants") }}', 1, "did you mean 'key_figures'"),
        ('a\nb\n{{ value("key_figures.return_migrants") ', 3, "is not closed"),
        ('{{ value("key_figures.return_migrants" }}', 1, "write a name followed by brackets"),
        ("{{ value(key_figures.return_migrants) }}", 1, "double quotes"),
        ('{{ chart("return-by-province") }}', 1, 'write map("return-by-province")'),
        ('{{ map("coverage-map") }}', 1, "belongs to section 'overview'"),
        ('{{ figure("return-countrie") }}', 1, "did you mean 'return-countries'"),
    ],
)
def test_authoring_mistakes_name_the_line_and_the_fix(mini_project, text, line, message):
    out = _render(mini_project, text)
    msgs = _messages(out)
    assert any(m.startswith(f"narrative/x.md:{line}:") and message in m for m in msgs), msgs


def test_every_mistake_in_every_file_is_reported_in_one_run(mini):
    d = mini / NEWER_DIR / "narrative"
    (d / "returns.md").write_text('{{ value("nope.row") }}\n\n{{ figur("x") }}\n')
    (d / "overview.md").write_text("Fine.\n\n{{ value(\"key_figures.return_migrants\"\n")
    with pytest.raises(InputError) as exc:
        load_round(mini / NEWER_DIR, mini / "data")
    msgs = [str(p) for p in exc.value.problems]
    assert any("returns.md:1:" in m for m in msgs), msgs
    assert any("returns.md:3:" in m for m in msgs), msgs
    assert any("overview.md:3:" in m and "not closed" in m for m in msgs), msgs


def test_typed_count_that_drifted_from_the_data_warns(mini_project):
    out = _render(mini_project, "There were 1,210 return migrants.")
    assert out.problems == []
    assert any("1,200" in str(w) and "key_figures.return_migrants.value" in str(w)
               for w in out.warnings), out.warnings
    assert _render(mini_project, "There were 1,200 return migrants.").warnings == []


def test_unplaced_figures_are_appended_and_placed_ones_appear_once(built_site):
    base = built_site["out"] / COUNTRY
    pages = {(OLDER, "reasons"): ("return-reasons", "return-change", "remittances",
                                  "services-distance"),
             (NEWER, "returns"): ("return-countries", "return-by-province", "return-table")}
    for (rid, section), figures in pages.items():
        html = (base / rid / section / "index.html").read_text()
        for fid in figures:
            assert html.count(f'id="fig-{fid}"') == 1, (rid, fid)
        assert "{{" not in html and "mtm-figure:" not in html
    # Placed figures keep the narrative's order; unplaced ones follow in declared order.
    html = (base / OLDER / "reasons/index.html").read_text()
    positions = [html.index(f'id="fig-{f}"') for f in pages[(OLDER, "reasons")]]
    assert positions == sorted(positions)
    assert html.index("Change over the years") < html.index('id="fig-return-change"')


@pytest.mark.parametrize(
    ("placeholder", "expected"),
    [
        ('{{ value("annual_change.2029_vs_2028", "abs") }}', "7"),
        ('{{ value("annual_change.2029_vs_2028", "change") }}', "\u22127%"),
        ('{{ value("annual_change.2028_vs_2027", "change") }}', "+12%"),
        ('{{ value("services_distance.hospital_over_25_km") }}', "2,113"),
        ('{{ value("services_distance.clinic_0_5_km.households") }}', "120"),
    ],
)
def test_styles_and_composite_keys(mini_project, placeholder, expected):
    out = _render(mini_project, placeholder, OLDER, "reasons")
    assert out.problems == [], out.problems
    assert out.markdown == expected


def test_unknown_style_lists_the_styles(mini_project):
    out = _render(mini_project, '{{ value("key_figures.return_migrants", "percent") }}')
    assert any("unknown style 'percent'" in str(p) and '"abs"' in str(p) for p in out.problems)


def test_fixed_decimals_follow_the_column(mini_project):
    old = _round(mini_project, OLDER)
    res = resolve(old.tables, "remittances.russian_federation.usd_million")
    assert res.formatted() == "61.0"
    assert resolve(old.tables, "remittances.uzbekistan.usd_million").formatted() == "12.5"
