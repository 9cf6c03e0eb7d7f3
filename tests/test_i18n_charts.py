"""Charts, tables and cards in a Russian or Kazakh edition: the words from the catalog, the
numbers in the locale (CLDR via Babel), in the spec, the static SVG and the page HTML.

A `Messages` whose catalog marks every message it is asked for (`MARK` before it) proves
that a text goes through the catalog: a word written around it would show unmarked.
"""

from __future__ import annotations

import gettext
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from generator import kinds
from generator.charts.locale import number_locale
from generator.contract import Column, Figure, TableSpec
from generator.editions import edition
from generator.figures import DEFAULT_RENDERERS, chart_figure, render_chart, render_figure
from generator.kinds.key_figures import card
from generator.messages import ENGLISH, Messages, load
from generator.model import Table
from generator.project import load_project
from generator.tabular import html_table
from tests.conftest import FIXTURES

MARK = "\u00a7"  # §
NBSP = "\u00a0"


class Marking(gettext.NullTranslations):
    """A catalog that translates every message into itself with MARK before it."""

    def gettext(self, message: str) -> str:
        return MARK + message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return MARK + (singular if n == 1 else plural)

    def pgettext(self, context: str, message: str) -> str:
        return MARK + message


def marked(lang: str) -> Messages:
    return Messages(lang, Marking())


def texts(svg: str) -> list[str]:
    """The text nodes of an SVG, as Vega draws them."""
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def _table(columns: dict[str, Column], rows: list[dict]) -> Table:
    spec = TableSpec(file="tables/workers.csv", title="workers", source="made up",
                     columns=columns)
    return Table("workers", spec, Path(spec.file), tuple(rows))


# Made-up counts large enough for thousands on the axis; the category column has no
# description, so its tooltip is named by the code (through the catalog).
WORKERS = _table({
    "country": Column(type="text", description=""),
    "count": Column(type="integer", description="Workers", unit="people"),
    "percent": Column(type="percent", description="Share", unit="per cent"),
}, [{"country": "Uzbekistan", "count": 598094, "percent": 77.5},
    {"country": "Tajikistan", "count": 46204, "percent": 10}])
COUNTS = Figure(id="workers", kind="bar", table="workers", title="Workers",
                category="country", value="count")
SHARES = Figure(id="shares", kind="ranked_bar", table="workers", title="Shares",
                category="country", value="percent", label="count", value_format="percent")


@pytest.fixture(scope="module")
def gallery():
    return load_project(FIXTURES / "gallery" / "data").rounds[0]


@pytest.fixture(scope="module")
def ru_marked(gallery):
    """The gallery round's Russian edition, with the marking catalog."""
    return replace(edition(gallery, "ru"), messages=marked("ru"))


def _figure(rnd, figure_id: str) -> Figure:
    return next(f for s in rnd.sections for f in s.figures if f.id == figure_id)


# -- numbers ----------------------------------------------------------------------------------

def test_the_d3_locale_is_the_cldr_one():
    assert number_locale("en") is None  # d3's own default: English specs carry none
    assert number_locale("ru") == {"decimal": ",", "thousands": NBSP, "grouping": [3],
                                   "currency": ["", NBSP + "\u20bd"], "percent": NBSP + "%"}
    # CLDR writes Kazakh per cents without a space ("77%"): d3's own sign stays.
    assert number_locale("kk") == {"decimal": ",", "thousands": NBSP, "grouping": [3],
                                   "currency": ["", NBSP + "\u20b8"]}


def test_a_russian_chart_writes_russian_numbers_in_its_spec_and_svg():
    art = render_chart(COUNTS, WORKERS, marked("ru"))
    for spec_json, svg in ((art.spec_json, art.svg), (art.narrow_spec_json, art.narrow_svg)):
        spec = json.loads(spec_json)
        assert spec["config"]["locale"]["number"] == number_locale("ru")
        drawn = texts(svg)
        assert "598" + NBSP + "094" in drawn  # the value label, formatted in Python
        # The axis ticks, formatted by Vega with the spec's locale.
        assert any(re.fullmatch(r"\d{3}\u00a0000", t) for t in drawn), drawn
        assert not any(re.search(r"\d,\d{3}", t) for t in drawn), drawn
        assert svg.startswith('<svg xml:lang="ru" ')
    assert "598" + NBSP + "094" in art.summary and "46" + NBSP + "204" in art.table_html


def test_russian_per_cents_have_the_space_and_kazakh_ones_not():
    ru = render_chart(SHARES, WORKERS, marked("ru"))
    assert "77,5" + NBSP + "% (598" + NBSP + "094)" in texts(ru.svg)
    assert "77,5" + NBSP + "% (598" + NBSP + "094)" in ru.summary
    kk = render_chart(SHARES, WORKERS, marked("kk"))
    assert "77,5% (598" + NBSP + "094)" in texts(kk.svg)
    assert json.loads(kk.spec_json)["config"]["locale"]["number"] == number_locale("kk")
    assert kk.svg.startswith('<svg xml:lang="kk" ')


def test_an_english_chart_carries_no_locale_and_no_language():
    art = render_chart(COUNTS, WORKERS)
    assert "locale" not in json.loads(art.spec_json)["config"]
    assert art.svg.startswith("<svg xmlns=")
    assert "598,094" in texts(art.svg)


# -- words ------------------------------------------------------------------------------------

def test_code_written_chart_words_go_through_the_catalog():
    art = render_chart(SHARES, WORKERS, marked("ru"))
    spec = json.loads(art.spec_json)
    assert MARK + "Per cent" in texts(art.svg)  # the axis title
    assert MARK + "Category" in art.spec_json  # the tooltip of an undescribed column
    # The text alternative: a sentence of the catalog, each figure an entry of it.
    assert art.summary.startswith(MARK + "Shares: " + MARK + "Uzbekistan 77,5")
    assert spec["description"] == art.summary
    assert "<caption>" + MARK + "Data: Shares</caption>" in art.table_html


def test_every_chart_kind_writes_its_words_through_the_catalog(ru_marked):
    charts = [f for s in ru_marked.sections for f in s.figures
              if kinds.family(f.kind) == "chart"]
    assert {f.kind for f in charts} >= {"bar", "ranked_bar", "share", "score", "change",
                                        "heat_table"}
    for fig in charts:
        art = render_chart(fig, ru_marked.table_for(fig), ru_marked.messages)
        assert art.summary.startswith(MARK), (fig.id, art.summary)
        assert MARK in art.spec_json and MARK in art.narrow_spec_json, fig.id
        drawn = texts(art.svg) + texts(art.narrow_svg)
        assert any(t.startswith(MARK) for t in drawn), (fig.id, drawn)
        assert not any(re.search(r"\d,\d{3}", t) for t in drawn), (fig.id, drawn)


def test_score_change_and_grid_words_and_numbers(ru_marked):
    def art(figure_id):
        fig = _figure(ru_marked, figure_id)
        return render_chart(fig, ru_marked.table_for(fig), ru_marked.messages)

    score = art("return-reasons")
    assert MARK + "Average importance score (0\u20135)" in texts(score.svg)
    assert any(re.fullmatch(MARK + r"\d,\d\u2013\d,\d \(range for a group\)", t)
               for t in texts(score.svg))
    assert MARK + "%(title)s" not in score.summary and ", average scores" in score.summary
    change = art("imw-change")
    assert {MARK + "Increase", MARK + "Change (per cent)"} <= set(texts(change.svg))
    assert any(re.fullmatch(r"\+\d+\u00a0%", t) for t in texts(change.svg))
    grid = art("services-distance")
    assert any(t.startswith(MARK + "Share of each ") and t.endswith("(%)")
               for t in texts(grid.svg))
    assert re.search(MARK + r"\d+\u00a0% of ", grid.spec_json)  # a cell's tooltip


def test_a_chart_figure_writes_its_words_through_the_catalog(ru_marked):
    fig = _figure(ru_marked, "return-reasons")
    html = chart_figure(fig, ru_marked.table_for(fig), DEFAULT_RENDERERS,
                        ru_marked.messages).html
    title = fig.title
    for words in (f'aria-label="{MARK}Interactive chart: {title}"', f">{MARK}Interactive chart<",
                  f'aria-label="{MARK}Data table: {title}"', f">{MARK}Data table<",
                  f"<summary>{MARK}Data table: {title}</summary>", f">{MARK}Description:<",
                  f">{MARK}Source:<", f">{MARK}Download the data (CSV, ",
                  f"<caption>{MARK}Data: {title}</caption>", f">{MARK}Scale: 0 = not applicable"):
        assert words in html, words


def test_tables_cards_and_definitions_in_a_russian_edition(ru_marked):
    cards = render_figure(_figure(ru_marked, "key-figures"), ru_marked).html
    assert ">1" + NBSP + "301<" in cards and ">598" + NBSP + "094<" in cards
    assert f">{MARK}Source:<" in cards and f">{MARK}Download the data (CSV, " in cards
    table = render_figure(_figure(ru_marked, "reference-periods"), ru_marked).html
    assert f">{MARK}Source:<" in table and "<table" in table
    terms = render_figure(_figure(ru_marked, "target-populations"), ru_marked).html
    assert f">{MARK}Source:<" in terms and "<dl" in terms


def test_a_table_without_rows_says_so_in_the_catalog_language(ru_marked):
    fig = _figure(ru_marked, "key-figures")
    table = ru_marked.table_for(fig)
    empty = replace(ru_marked, tables={**ru_marked.tables, table.name: replace(table, rows=())})
    html = render_figure(fig, empty).html
    assert f"{MARK}No data yet: fill in {table.spec.file}." in html


def test_the_data_table_formats_numbers_and_takes_the_editions_units():
    spec = WORKERS.spec.model_copy(update={"columns": {
        **WORKERS.spec.columns, "count": Column(type="integer", description="Работники",
                                                unit="человек")}})
    html = str(html_table(spec, list(WORKERS.rows), caption="Данные", messages=marked("ru")))
    assert "<caption>Данные</caption>" in html
    assert ">Count (человек)<" in html and 'title="Работники"' in html
    assert ">598" + NBSP + "094<" in html and ">77,5" + NBSP + "%<" in html
    english = str(html_table(WORKERS.spec, list(WORKERS.rows), messages=ENGLISH))
    assert ">598,094<" in english and ">77.5%<" in english


def test_a_key_figure_in_the_catalogs_per_cent_word_prints_a_per_cent_sign():
    messages = marked("ru")
    shown = card(40, "number", "Доля", MARK + "per cent", None, messages)
    assert shown["value"] == "40" + NBSP + "%" and shown["unit"] is None
    assert card(1301, "count", "Районы", "районов", None, messages)["value"] == "1" + NBSP + "301"


def test_the_russian_edition_has_the_catalogs_words_and_russian_numbers(gallery):
    ru = edition(gallery, "ru")
    fig = _figure(ru, "imw-nationalities")
    art = render_chart(fig, ru.table_for(fig), ru.messages)
    assert load("ru").gettext("Per cent") in texts(art.svg) and "Per cent" not in texts(art.svg)
    assert re.search(r"\d+\u00a0% \(\d+\u00a0\d{3}\)", art.summary), art.summary
