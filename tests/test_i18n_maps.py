"""Maps and the trends page in a round's Russian and Kazakh editions (issue 12).

The gallery fixture's maps are drawn from its ru and kk editions, with the real layer's
sidecar and names (data/geo: the fixture's copy of the layer has no `local_names`). The
catalogs are empty for now, so a `Messages` whose translations mark every message shows
that each word goes through the catalog; the real editions show the language's number
formats, `lang` and the layer's province names. No MkDocs build, no browser.
"""

from __future__ import annotations

import gettext
import json
import re
import shutil
from dataclasses import replace

import pytest

from generator import kinds
from generator.charts import ChartArtifact
from generator.editions import edition
from generator.figures import Renderers, render_figure, render_map
from generator.maps.classes import value_classes
from generator.messages import Messages, load
from generator.model import Round
from generator.project import load_project
from generator.trends import PAGE, TITLE, has_trends, render_trends, title
from tests.conftest import FIXTURES, NEWER, OLDER, ROOT

LANGS = ("ru", "kk")


class Marked(gettext.NullTranslations):
    """Every message as "[[message]]": what is marked went through the catalog."""

    def gettext(self, message: str) -> str:
        return f"[[{message}]]"

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return f"[[{singular if n == 1 else plural}]]"

    def pgettext(self, context: str, message: str) -> str:
        return f"[[{message}]]"


def marked(rnd: Round) -> Round:
    """The edition with a catalog that marks every message (its language kept)."""
    return replace(rnd, messages=Messages(rnd.lang, Marked()))


@pytest.fixture(scope="module")
def gallery(tmp_path_factory: pytest.TempPathFactory) -> Round:
    """The gallery round with the real layer (the same units, and their kk and ru names)."""
    data = tmp_path_factory.mktemp("gallery-i18n") / "data"
    shutil.copytree(FIXTURES / "gallery" / "data", data)
    for name in ("kaz_adm1.geojson", "kaz_adm1.yml"):
        shutil.copy(ROOT / "data" / "geo" / name, data / "geo" / name)
    (rnd,) = load_project(data).rounds
    return rnd


def maps_of(rnd: Round) -> list:
    return [f for s in rnd.sections for f in s.figures if kinds.get(f.kind).family == "map"]


@pytest.fixture(scope="module")
def drawn(gallery: Round) -> dict:
    """Every map of the gallery in each edition: (edition, figure, artifact)."""
    out = {}
    for lang in LANGS:
        rnd = edition(gallery, lang)
        out[lang] = [(rnd, f, render_map(f, rnd.table_for(f), rnd)) for f in maps_of(rnd)]
    return out


def by_kind(drawn: list, kind: str):
    return next(x for x in drawn if x[1].kind == kind)


@pytest.mark.parametrize("lang", LANGS)
def test_map_documents_and_images_are_in_the_editions_language(drawn: dict, lang: str):
    assert len(drawn[lang]) == 3  # a coverage map, a bubble map, a choropleth
    for _rnd, _fig, art in drawn[lang]:
        assert art.html.startswith(f'<!DOCTYPE html>\n<html lang="{lang}">')
        assert f'<svg xmlns="http://www.w3.org/2000/svg" xml:lang="{lang}" ' in art.svg


@pytest.mark.parametrize("lang", LANGS)
def test_province_names_are_the_layers_names_in_the_language(gallery: Round, drawn: dict,
                                                             lang: str):
    units = gallery.boundaries.units
    for _rnd, _fig, art in drawn[lang]:
        assert len(art.rows) == len(units)
        for row in art.rows:
            local = units[row["code"]].name_in(lang)
            assert local != units[row["code"]].name  # the layer names every unit in lang
            assert row["name"] == local
            # The static image names the unit, the live map's tooltip and focus name too.
            assert f"<title>{local}: " in art.svg
            assert json.dumps(local)[1:-1] in art.html
        # The text alternative names every unit in the language, none in English (but
        # where the table's notes, in brackets, name one: data, translated by translators).
        assert all(units[r["code"]].name_in(lang) in art.summary for r in art.rows)
        names = re.sub(r"\([^)]*\)", "", art.summary)
        assert not any(re.search(rf"\b{u.name}\b", names) for u in units.values())


def test_kazakh_and_russian_names_differ(drawn: dict):
    ru = {r["code"]: r["name"] for r in by_kind(drawn["ru"], "coverage_map")[2].rows}
    kk = {r["code"]: r["name"] for r in by_kind(drawn["kk"], "coverage_map")[2].rows}
    assert ru["KZ-10"] == "Абайская область" and kk["KZ-10"] == "Абай облысы"


def test_legend_numbers_in_the_locale(drawn: dict):
    """Russian writes a no-break space before the per cent sign, Kazakh none; a range
    gives the sign once."""
    ru = [k[0] for k in by_kind(drawn["ru"], "choropleth")[2].legend]
    kk = [k[0] for k in by_kind(drawn["kk"], "choropleth")[2].legend]
    assert ru[:4] == ["1–4\u00a0%", "5–9\u00a0%", "10–19\u00a0%", "20\u00a0%+"]
    assert kk[:4] == ["1–4%", "5–9%", "10–19%", "20%+"]
    bubbles = [k[0] for k in by_kind(drawn["ru"], "bubble_map")[2].legend if k[2] == "bubble"]
    assert bubbles and all(b.endswith("\u00a0%") for b in bubbles)
    # The static image prints the same labels.
    art = by_kind(drawn["ru"], "choropleth")[2]
    assert all(f">{label}</text>" in art.svg for label in ru)


def test_values_and_counts_in_the_locale(drawn: dict):
    """Tooltips and the text alternative write values as the locale does (decimal comma,
    no-break space before %); class labels of counts group thousands with a space."""
    _rnd, _fig, art = by_kind(drawn["ru"], "choropleth")
    shown = [r for r in art.rows if r["value"] is not None]
    assert shown and all(r["text"].endswith("\u00a0%") for r in shown)
    assert all(r["text"] in art.summary for r in shown)
    counts = [1500, 2500, 12000, 40000]
    assert [c.label for c in value_classes(counts, "count", load("en"))] == [
        "1–1,999", "2,000–4,999", "5,000–19,999", "20,000+"]
    assert [c.label for c in value_classes(counts, "count", load("ru"))] == [
        "1–1\u00a0999", "2\u00a0000–4\u00a0999", "5\u00a0000–19\u00a0999", "20\u00a0000+"]
    assert [c.label for c in value_classes([0.5, 1.5, 2.5], "percent", load("ru"))] == [
        "0,1–0,9\u00a0%", "1–1,9\u00a0%", "2\u00a0%+"]


def test_map_strings_go_through_the_catalog(gallery: Round):
    rnd = marked(edition(gallery, "ru"))
    figs = {f.kind: f for f in maps_of(rnd)}
    fig = figs["choropleth"]
    art = render_map(fig, rnd.table_for(fig), rnd)
    page = render_figure(fig, rnd).html
    name = f"[[Map: {fig.title}]]"
    # The figure on the page: skip link, frame title, alt text, button, legend's name.
    assert "[[Skip the interactive map]]</a>" in page
    assert f'title="{name}"' in page and f'alt="{name}"' in page
    assert f'aria-label="[[Interactive map: {fig.title}]]">[[Interactive map]]</button>' in page
    assert 'aria-label="[[Legend: Share of internal migrants (%)]]"' in page
    # Legend classes and statuses, the same in the page, the live map and the image.
    labels = [k[0] for k in art.legend]
    assert labels[:4] == ["[[1–4\u00a0%]]", "[[5–9\u00a0%]]", "[[10–19\u00a0%]]", "[[20\u00a0%+]]"]
    assert "[[Not assessed]]" in labels and "[[Assessed, no separate figure]]" in labels
    for label in labels:
        assert f"<span>{label}</span>" in page and f"<span>{label}</span>" in art.html
        assert f">{label}</text>" in art.svg
    # The map document: its name, the description's name, the phone hint, zoom buttons.
    assert f'aria-label="{name}"' in art.html
    assert 'aria-label="[[Map description]]"' in art.html
    assert ">[[Use two fingers to move the map]]</p>" in art.html
    assert '"zoomControl": false' in art.html
    assert ('L.control.zoom({zoomInTitle: "[[Zoom in]]",\n zoomOutTitle: "[[Zoom out]]"})'
            in art.html)
    # The text alternative and the static image's title.
    assert "[[Not assessed: " in art.summary and "[[Assessed, no separate figure: " in art.summary
    assert f'-t">{name}</title>' in art.svg
    # Tooltips of a unit with no separate figure.
    assert any(r["text"].startswith("[[Assessed, no separate figure") for r in art.rows)


def test_coverage_map_strings_go_through_the_catalog(gallery: Round):
    rnd = marked(edition(gallery, "kk"))
    fig = next(f for f in maps_of(rnd) if f.kind == "coverage_map")
    art = render_map(fig, rnd.table_for(fig), rnd)
    assert [k[0] for k in art.legend] == ["[[Assessed]]", "[[Not assessed]]"]
    assert art.legend_title == "[[Coverage of the assessment]]"
    assert art.summary.startswith("[[Assessed (10 of 20 units): ")
    assert "Алматы" in art.summary and "[[Not assessed: " in art.summary


def test_tile_credit_goes_through_the_catalog(gallery: Round):
    rnd = marked(edition(gallery, "ru"))
    fig = maps_of(rnd)[0]
    html = render_map(fig, rnd.table_for(fig), rnd, tiles=True).html
    found = re.search(r"L\.tileLayer\(.*?\"attribution\": (\"(?:[^\"\\]|\\.)*\")", html, re.S)
    assert found and json.loads(found.group(1)) == (
        '[[© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors]]')


def test_english_zoom_control_is_leaflets_own(gallery: Round):
    """English (or a catalog that leaves them English) keeps Leaflet's zoom control."""
    fig = maps_of(gallery)[0]
    html = render_map(fig, gallery.table_for(fig), gallery).html
    assert '"zoomControl": true' in html and "L.control.zoom" not in html
    # The Russian catalog translates the buttons' titles: the map adds its own control.
    ru = edition(gallery, "ru")
    html = render_map(fig, ru.table_for(fig), ru).html
    assert "L.control.zoom" in html and json.dumps(load("ru").gettext("Zoom in")) in html


# -- the trends page -----------------------------------------------------------------------

PERIOD_RU = "Присутствовавшие на момент сбора данных (середина 2029 г.)"


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory):
    """The mini fixture with its rounds in English, Russian and Kazakh, and the earlier
    round's period of the shared indicator translated into Russian."""
    data = tmp_path_factory.mktemp("mini-i18n") / "data"
    shutil.copytree(FIXTURES / "mini" / "data", data)
    for rid in (OLDER, NEWER):
        meta = data / "countries" / "kaz" / rid / "round.yml"
        meta.write_text(meta.read_text(encoding="utf-8") + "languages: [en, ru, kk]\n",
                        encoding="utf-8")
    older = data / "countries" / "kaz" / OLDER / "translations"
    older.mkdir()
    (older / "ru.yml").write_text(
        f"Present at the time of data collection (mid 2029): {PERIOD_RU}\n", encoding="utf-8")
    project = load_project(data)
    return project.countries[0]


class Charts:
    """A chart renderer that records what it was asked to draw (no vl-convert)."""

    def __init__(self) -> None:
        self.calls: list = []

    def __call__(self, fig, table, messages) -> ChartArtifact:
        self.calls.append((fig, table, messages))
        return ChartArtifact(fig.id, "{}", "<svg></svg>", f"summary {fig.id}", "", "", 1, 1)


def test_trends_title_is_importable_and_translated():
    assert PAGE == "trends.md" and TITLE == "Trends across rounds"
    assert title(load("en")) == TITLE
    assert title(Messages("ru", Marked())) == "[[Trends across rounds]]"


@pytest.mark.parametrize("lang", LANGS)
def test_trends_page_in_the_editions_language(mini, lang: str):
    latest = edition(mini.latest, lang)
    assert has_trends(mini, latest)  # an edition of the latest round has the page too
    rnd = marked(latest)
    charts = Charts()
    page, figures = render_trends(mini, "Казахстан", rnd, Renderers(chart=charts))
    md = page.markdown
    assert page.title == "[[Trends across rounds]]"
    assert md.startswith("---\ntitle: '[[Trends across rounds]]'\n"
                         "description: '[[Figures shared by MTM rounds, compared with caveats.]]'")
    assert '!!! warning "[[Read comparisons with care]]"\n    [[The rounds are separate' in md
    assert "how migration to Казахстан changed." in md
    assert "[[Some figures appear in more than one MTM report for Казахстан.]] " \
           "[[This page puts them side by side:]] <em>" in md
    # The chart is drawn in the edition's language, with translated column headers.
    (_fig, table, messages) = charts.calls[0]
    assert messages.lang == lang and len(figures) == 1
    assert table.spec.columns["round"].description == "[[Report round]]"
    assert table.spec.columns["period"].description == "[[Period the value describes]]"
    assert table.spec.columns["coverage"].description == "[[Area and sample the value covers]]"
    assert "[[Report round]]" in md  # the data table under the chart
    # Each earlier round is read in the same language: its period as its edition gives it;
    # the values are the same numbers as in English.
    in_english = Charts()
    render_trends(mini, "Kazakhstan", mini.latest, Renderers(chart=in_english))
    english = [r["value"] for r in in_english.calls[0][1].rows]
    periods = [r["period"] for r in table.rows]
    if lang == "ru":
        assert periods[0] == PERIOD_RU
    else:
        assert periods[0] == "Present at the time of data collection (mid 2029)"
    assert [r["value"] for r in table.rows] == english
