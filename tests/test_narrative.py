"""Placeholders in narrative Markdown: values, figure placement and authoring mistakes."""

from __future__ import annotations

import pytest

from generator.errors import InputError
from generator.model import load_round
from generator.narrative import figure_token, render

BMA4 = "2024-04-bma-round-4"


def _render(rnd, text, section_id="international-migrant-workers"):
    section = next(s for s in rnd.sections if s.id == section_id)
    return render(rnd, section, text, "narrative/x.md")


@pytest.mark.parametrize(
    ("placeholder", "expected"),
    [
        ('{{ value("key_figures.international_migrant_workers") }}', "598,094"),
        ('{{ value("imw_top_nationalities.uzbekistan.count") }}', "462,048"),
        ('{{ value("imw_top_nationalities.uzbekistan.percent") }}', "77 per cent"),
        ('{{ value("imw_top_nationalities.uzbekistan.percent", "%") }}', "77%"),
        ("{{value('key_figures.return_migrants')}}", "17,317"),
        ('{{ value("return_reasons.deportation.score_low") }}', "1.3"),
    ],
)
def test_values_render_formatted_like_the_report(bma4, placeholder, expected):
    out = _render(bma4, f"We count {placeholder} here.")
    assert out.problems == []
    assert out.markdown == f"We count {expected} here."


def test_placed_figures_become_tokens_and_are_recorded(bma4):
    out = _render(bma4, 'Text.\n\n{{ chart("imw-nationalities") }}\n\n{{ key_figures() }}\n')
    assert out.problems == []
    assert figure_token("imw-nationalities") in out.markdown
    assert out.placed[0] == "imw-nationalities" and len(out.placed) == 2


def _messages(out):
    return [str(p) for p in out.problems]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('Line one.\n{{ valeu("key_figures.emigrants") }}', 2, "did you mean 'value'"),
        ('{{ value("key_figures.emigrantz") }}', 1, "did you mean 'emigrants'"),
        ('{{ value("key_figure.emigrants") }}', 1, "did you mean 'key_figures'"),
        ('a\nb\n{{ value("key_figures.emigrants") ', 3, "is not closed"),
        ('{{ value("key_figures.emigrants" }}', 1, "write a name followed by brackets"),
        ("{{ value(key_figures.emigrants) }}", 1, "double quotes"),
        ('{{ chart("imw-by-province") }}', 1, 'write map("imw-by-province")'),
        ('{{ chart("return-countries") }}', 1, "belongs to section 'return-migrants'"),
        ('{{ figure("imw-nationalites") }}', 1, "did you mean 'imw-nationalities'"),
    ],
)
def test_authoring_mistakes_name_the_line_and_the_fix(bma4, text, line, message):
    out = _render(bma4, text)
    msgs = _messages(out)
    assert any(m.startswith(f"narrative/x.md:{line}:") and message in m for m in msgs), msgs


def test_every_mistake_in_every_file_is_reported_in_one_run(data_copy):
    d = data_copy / "data/rounds" / BMA4 / "narrative"
    (d / "emigrants.md").write_text('{{ value("nope.row") }}\n\n{{ figur("x") }}\n')
    (d / "overview.md").write_text("Fine.\n\n{{ value(\"key_figures.return_migrants\"\n")
    with pytest.raises(InputError) as exc:
        load_round(data_copy / "data/rounds" / BMA4, data_copy / "data")
    msgs = [str(p) for p in exc.value.problems]
    assert any("emigrants.md:1:" in m for m in msgs)
    assert any("emigrants.md:3:" in m for m in msgs)
    assert any("overview.md:3:" in m and "not closed" in m for m in msgs)


def test_typed_count_that_drifted_from_the_data_warns(bma4):
    out = _render(bma4, "There were 598,049 workers.")
    assert out.problems == []
    assert any("598,094" in str(w) and "key_figures.international_migrant_workers.value" in str(w)
               for w in out.warnings)
    assert _render(bma4, "There were 598,094 workers.").warnings == []


def test_unplaced_figures_are_appended_and_placed_ones_appear_once(built_site):
    html = (built_site["out"] / BMA4 / "international-migrant-workers/index.html").read_text()
    for fid in ("imw-nationalities", "imw-duration", "imw-change"):
        assert html.count(f'id="fig-{fid}"') == 1, fid
    assert "{{" not in html and "mtm-figure:" not in html


@pytest.mark.parametrize(
    ("placeholder", "expected"),
    [
        ('{{ value("return_annual_change.2023_vs_2022", "abs") }}', "7"),
        ('{{ value("return_annual_change.2023_vs_2022", "change") }}', "\u22127%"),
        ('{{ value("services_availability.hospital_no.percent") }}', "59 per cent"),
        ('{{ value("services_distance.hospital_over_25_km") }}', "113,581"),
    ],
)
def test_styles_and_composite_keys(bma4, placeholder, expected):
    out = _render(bma4, placeholder)
    assert out.problems == [], out.problems
    assert out.markdown == expected


def test_unknown_style_lists_the_styles(bma4):
    out = _render(bma4, '{{ value("key_figures.emigrants", "percent") }}')
    assert any("unknown style 'percent'" in str(p) and '"abs"' in str(p) for p in out.problems)


def test_fixed_decimals_follow_the_column(project):
    q4 = next(r for r in project.rounds if r.id.startswith("2022-12"))
    from generator.references import resolve

    res = resolve(q4.tables, "remittances_outgoing.russian_federation.kzt_billion")
    assert res.formatted() == "61.0"
