"""Pages and the round's outputs in the Russian and Kazakh editions (issue 12).

A copy of the mini fixture's newer round gets `languages: [en, ru, kk]` and translated
narratives of its first section (pending in Russian, reviewed in Kazakh); its second
section has none. Nothing here builds a site: the renderers are called on editions
(editions.edition), with made-up figure HTML where a page needs its figures. To prove a
string goes through the catalog, a `Messages` whose translations upper-case every
message (fields left as they are) replaces the edition's.
"""

from __future__ import annotations

import dataclasses
import gettext
import re
import shutil
from html import unescape
from pathlib import Path

import pytest
from babel.dates import format_date

from generator import embeds, pdf, provenance, share
from generator.dates import PartialDate
from generator.downloads import store
from generator.downloads.block import downloads_block
from generator.editions import edition
from generator.figures import RenderedFigure
from generator.messages import ENGLISH, Messages, load
from generator.narrative import prose_value
from generator.pages import data_page, pdf_path, section_page
from generator.project import load_project
from generator.translations import source_hash
from tests.conftest import FIXTURES, NEWER, NEWER_DIR

NBSP = "\u00a0"
FIELD = re.compile(r"(%\([a-z_]+\)s)")
OVERVIEW_RU = """Возвращено {{ value("key_figures.return_migrants") }} человек,
{{ value("return_countries.russian_federation.percent", "%") }} из России.

{{ key_figures() }}

## Где проходила оценка

{{ map("coverage-map") }}
"""
OVERVIEW_KK = """Оралғандар: {{ value("key_figures.return_migrants") }},
{{ value("return_countries.russian_federation.percent", "%") }}.

{{ key_figures() }}

{{ map("coverage-map") }}
"""


def _upper(text: str) -> str:
    # Upper-case the words, not the %(name)s fields Messages fills in afterwards.
    return "".join(p if FIELD.fullmatch(p) else p.upper() for p in FIELD.split(text))


class Upper(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return _upper(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return _upper(singular if n == 1 else plural)

    def pgettext(self, context: str, message: str) -> str:
        return _upper(message)


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory):
    """The newer mini round with translated narratives of its first section."""
    data = tmp_path_factory.mktemp("i18n-pages") / "data"
    shutil.copytree(FIXTURES / "mini" / "data", data)
    round_dir = data.parent / NEWER_DIR
    with (round_dir / "round.yml").open("a", encoding="utf-8") as fh:
        fh.write("\nlanguages: [en, ru, kk]\n")
    source = source_hash((round_dir / "narrative" / "overview.md").read_bytes())
    for lang, review, text in (("ru", "pending", OVERVIEW_RU), ("kk", "reviewed", OVERVIEW_KK)):
        (round_dir / "narrative" / f"overview.{lang}.md").write_text(
            f"---\nreview: {review}\nsource: {source}\n---\n{text}", encoding="utf-8")
    project = load_project(data)
    return next(r for r in project.rounds if r.id == NEWER)


def _figures(section) -> list[RenderedFigure]:
    return [RenderedFigure(f.id, f.kind, f.title, f'<figure id="fig-{f.id}">FIGURE</figure>')
            for f in section.figures]


def _page(rnd, index: int) -> str:
    section = rnd.sections[index]
    return section_page(rnd, section, _figures(section)).markdown


def _upper_edition(rnd, lang: str = "ru"):
    return dataclasses.replace(edition(rnd, lang), messages=Messages(lang, Upper()))


def _text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


# Numbers: the narrative's value() in the edition's locale.

def test_russian_narrative_values_have_no_break_space_groups_and_spaced_per_cent(english):
    page = _page(edition(english, "ru"), 0)
    assert f"Возвращено 1{NBSP}200 человек" in _text(page)
    assert f"60{NBSP}% из России" in _text(page)
    assert "1,200" not in _text(page.split("FIGURE")[0])


def test_kazakh_narrative_values_follow_cldr(english):
    text = _text(_page(edition(english, "kk"), 0))
    assert f"Оралғандар: 1{NBSP}200" in text
    assert "60%." in text  # CLDR's Kazakh per cent pattern has no space


@pytest.mark.parametrize(("lang", "count", "percent"), [
    ("en", "598,094", "77%"), ("ru", f"598{NBSP}094", f"77{NBSP}%"),
    ("kk", f"598{NBSP}094", "77%")])
def test_prose_values_in_each_locale(lang, count, percent):
    messages = Messages(lang)
    assert prose_value(598094, "integer", None, messages=messages) == count
    assert prose_value(77, "percent", "%", messages=messages) == percent
    assert prose_value(18.8, "percent", "%", messages=messages).startswith(
        "18.8" if lang == "en" else "18,8")


def test_per_cent_in_words_goes_through_the_catalog():
    upper = Messages("ru", Upper())
    assert prose_value(77, "percent", None, messages=upper) == "77 PER CENT"
    assert prose_value(18.8, "percent", "words", messages=upper) == "18,8 PER CENT"


def test_an_untranslated_section_writes_its_values_as_english_does(english):
    # The fallback is English text (lang="en"): "60%", not the Russian "60 %".
    text = _text(_page(edition(english, "ru"), 1))
    assert "Russian Federation (60%)" in text and f"(60{NBSP}%)" not in text


# Translation notices and the language of parts.

@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_an_untranslated_section_says_so_and_marks_its_english_text(english, lang):
    page = _page(edition(english, lang), 1)
    notice = re.search(r'<div class="[^"]*mtm-translation-notice--english[^"]*" role="note">',
                       page)
    assert notice and "mtm-translation-notice " in notice.group(0)
    # Right after the page's heading, before the narrative.
    assert page.index("</h1>") < notice.start() < page.index("Most return migrants")
    assert '<p lang="en">Most return migrants came back' in page
    assert "## Provinces {: lang=\"en\" }" in page  # stays a Markdown heading (toc, permalink)
    assert '<div lang="en" class="admonition note">' in page
    assert '<figure id="fig-return-countries">' in page  # figures are not marked English
    assert "mtm-translation-notice--pending" not in page


def test_the_english_narrative_is_never_left_out(english):
    english_page = _page(english, 1)
    for lang in ("ru", "kk"):
        page = _page(edition(english, lang), 1)
        for words in ("Most return migrants came back", "Admonitions are allowed", "Provinces"):
            assert words in page and words in english_page


def test_a_pending_translation_says_it_is_not_reviewed(english):
    ru = edition(english, "ru")
    assert ru.state_of("overview") == "pending"
    page = _page(ru, 0)
    assert 'mtm-translation-notice--pending" role="note">' in page
    assert load("ru").gettext("This translation has not been reviewed yet.") in page
    assert 'lang="en"' not in page


def test_a_reviewed_translation_and_english_have_no_notice(english):
    kk = edition(english, "kk")
    assert kk.state_of("overview") == "reviewed"
    assert "mtm-translation-notice" not in _page(kk, 0)
    for index in (0, 1):
        page = _page(english, index)
        assert "mtm-translation-notice" not in page and 'lang="en"' not in page


def test_an_author_lang_attribute_is_kept():
    from generator.pages import in_english

    marked = in_english('<p lang="kk">Сәлем</p>\n\n<p>Hello</p>\n\n<!--mtm-figure:x-->')
    assert marked == '<p lang="kk">Сәлем</p>\n\n<p lang="en">Hello</p>\n\n<!--mtm-figure:x-->'


def test_notices_go_through_the_catalog(english):
    upper = _upper_edition(english)
    assert "THIS SECTION HAS NOT BEEN TRANSLATED YET" in _page(upper, 1)
    assert "THIS TRANSLATION HAS NOT BEEN REVIEWED YET." in _page(upper, 0)


# Every page string through the catalog.

def test_section_page_words_go_through_the_catalog(english):
    page = _page(_upper_edition(english), 0)
    for words in ("CITE AS:", "DISCLAIMER:", "TERMS AND CONDITIONS OF DTM INFORMATION PRODUCTS",
                  "ALL DATA OF THIS ROUND, WITH SOURCES (CSV)", "THE WHOLE ROUND AS A PDF",
                  'aria-label="CITATION AND DISCLAIMER"'):
        assert words in page, words
    description = re.search(r"^description: (.*)$", page, re.M).group(1)
    assert "IOM MOBILITY TRACKING MATRIX." in description


def test_data_page_words_go_through_the_catalog(english):
    page = data_page(_upper_edition(english)).markdown
    assert page.startswith("---\ntitle: DATA AND SOURCES\n")
    for words in ("EVERY FIGURE ON THIS SITE COMES FROM THE TABLES BELOW", "SOURCE IN THE REPORT",
                  "SHOWN IN", "COLUMNS OF key_figures.csv", ">COLUMN<", ">MEANING<",
                  ">INTEGER<", ">TEXT<", "3 ROWS", "DOWNLOADS", "DOWNLOAD ALL DATA (ZIP)",
                  "WORKBOOK (XLSX)", "FRICTIONLESS DATA PACKAGE</a> DESCRIBING", "LICENCE:",
                  "CITE THIS ROUND: <a", "DATA TABLES OF"):
        assert words in page, words
    # A link inside a translated sentence stays a link; the sentence's words are escaped.
    assert re.search(r'TRANSCRIBED FROM <em>[^<]+</em> \(PUBLISHED ', page)


def test_data_page_in_russian_dates_and_counts(english):
    page = data_page(edition(english, "ru")).markdown
    ru = load("ru")
    assert "15 января 2030" in page  # the date in Russian
    assert ru.ngettext("%(count)s row", "%(count)s rows", 3, count=3) in page


def test_source_credit_lines_go_through_the_catalog():
    upper = Messages("ru", Upper())
    credit = provenance.source_credit("Ministry <of> Labour", "../data/#t", "Раунд", upper)
    assert credit.text == "Ministry <of> Labour, VIA IOM MTM"
    assert str(credit.html) == ('Ministry &lt;of&gt; Labour, VIA <a href="../data/#t">'
                                "IOM MTM, Раунд</a>")
    assert str(provenance.credit_line([{"by": None, "href": "h", "round": "R"}], upper)) == \
        '<a href="h">IOM MTM, R</a>'
    # English as before.
    assert provenance.source_credit("M", "h", "R").text == "M, via IOM MTM"


# Dates.

def test_dates_in_russian_and_kazakh():
    month, day = PartialDate(2024, 4), PartialDate(2024, 4, 1)
    assert month.display() == month.display("en") == "April 2024"
    assert day.display("en") == "1 April 2024"
    assert month.display("ru") == "апрель 2024"  # stand-alone: the month on its own
    assert day.display("ru") == "1 апреля 2024"  # format form: with a day
    assert month.display("kk") == format_date(month.first_day, "LLLL y", locale="kk")
    assert day.display("kk") == format_date(day.first_day, "d MMMM y", locale="kk")


# The PDF.

def test_one_pdf_per_edition(english):
    assert pdf_path(english) == f"pdf/kaz-{NEWER}.pdf"
    for lang in ("ru", "kk"):
        rnd = edition(english, lang)
        assert pdf_path(rnd) == f"pdf/kaz-{NEWER}.{lang}.pdf"
        assert f'href="../{pdf_path(rnd)}" download' in _page(rnd, 1)


def _document(rnd) -> str:
    pages = [section_page(rnd, s.model_copy(), _figures(s)) for s in rnd.sections]
    return pdf.document(rnd, pdf.chapters(pages), "https://example.org/kaz/r/")


def test_pdf_document_is_in_the_edition_language(english):
    html = _document(edition(english, "ru"))
    assert '<html lang="ru">' in html
    assert "Казахстан" in html  # the country's name in Russian (CLDR)
    period = load("ru").gettext("%(start)s to %(end)s", start="1 ноября 2029",
                                end="15 декабря 2029")
    assert period in html and "15 января 2030" in html
    assert _document(english).startswith('<!DOCTYPE html><html lang="en">')


def test_pdf_words_go_through_the_catalog(english):
    html = _document(_upper_edition(english))
    for words in (">CONTENTS<", ">NOTICES<", ">DATA COLLECTION<", ">ONLINE EDITION<",
                  "IOM MOBILITY TRACKING MATRIX · Казахстан", "MAPS:", "TERMS OF USE:",
                  'content: "PAGE " counter(page) " OF " counter(pages)',
                  "CAN BE DOWNLOADED FROM THE ONLINE EDITION",
                  '<meta name="author" content="INTERNATIONAL ORGANIZATION FOR MIGRATION (IOM)">'):
        assert words in html, words


def test_pdf_page_counter_is_a_safe_css_string():
    class Hostile(gettext.NullTranslations):
        def gettext(self, message: str) -> str:
            return '%(pages)s</style>"\\ : %(page)s'

    assert str(pdf.page_counter(Messages("ru", Hostile()))) == \
        'counter(pages) "\\3c /style\\3e \\22 \\5c  : " counter(page)'


# Share cards, embed pages and the figure's block.

def test_share_card_in_the_edition_language(english):
    svg = share.card_svg(_upper_edition(english), "Обзор")
    assert 'xml:lang="ru"' in svg
    assert "IOM MOBILITY TRACKING MATRIX · КАЗАХСТАН" in svg
    assert f">1{NBSP}200<" in svg  # the headline figure in Russian number format
    assert ">1,200<" in share.card_svg(english, "Overview")


IMAGE = '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="200"></svg>'


def _chart(rnd) -> RenderedFigure:
    fig = rnd.sections[1].figures[0]
    return RenderedFigure(fig.id, fig.kind, fig.title, f'<figure id="fig-{fig.id}">x</figure>',
                          {f"assets/charts/{fig.id}.svg": IMAGE})


def test_embed_page_and_image_in_the_edition_language(english):
    rnd = _upper_edition(english, "kk")
    files, _ = embeds.extras(rnd, _chart(rnd), "returns.md", "https://example.org/r/",
                             "IOM MTM, Раунд", None)
    page = files["embed/return-countries/index.html"]
    assert '<html lang="kk">' in page
    assert "SOURCE: IOM MTM, Раунд" in page and "CITE AS:" in page
    assert "ON THE IOM MOBILITY TRACKING MATRIX SITE" in page
    assert "THE FIGURE WITH ITS SOURCE AND CITATION" in page  # the image's alt text
    svg = files["assets/figures/return-countries.svg"]
    assert 'xml:lang="kk"' in svg and ">SOURCE: IOM MTM, Раунд<" in svg


def test_share_block_in_the_edition_language(english):
    rnd = _upper_edition(english)
    html = embeds.with_share_block(_chart(rnd), rnd, "returns.md", "https://example.org/r/",
                                   "downloads/csv/t.csv", "downloads/csv/t.csv-metadata.json").html
    for words in ("DOWNLOAD, EMBED AND CITE", "IMAGE (PNG)", "LINK TO THIS FIGURE",
                  "EMBED CODE", "COPY EMBED CODE", "CITE THIS FIGURE:",
                  'download>DATA (CSV)</a> WITH ITS <a href="{root}downloads/csv/t.csv-metadata',
                  "ACCESSED ON <span data-mtm-today>(DATE)</span>.",
                  "INTERNATIONAL ORGANIZATION FOR MIGRATION (IOM), 15 января 2030. "):
        assert words in html, words


# The data package: one, from the English round; the block links to it in every edition.

def test_downloads_block_links_are_the_same_in_every_edition(english):
    def links(html: str) -> list[str]:
        return re.findall(r'href="([^"]+)"', html)

    plain = downloads_block(english, "../")
    for lang in ("ru", "kk"):
        assert links(downloads_block(edition(english, lang), "../")) == links(plain)
    assert "DOWNLOAD ALL DATA (ZIP)" in downloads_block(_upper_edition(english), "../")


def test_the_data_package_is_never_made_from_an_edition(english, tmp_path: Path):
    with pytest.raises(ValueError, match="English round"):
        store.files(edition(english, "ru"), "https://example.org/kaz/r/", tmp_path)


def test_english_messages_are_the_default():
    assert prose_value(1200, "integer", None) == "1,200"
    assert provenance.source_credit(None, "h", "R", ENGLISH).text == "IOM MTM"
