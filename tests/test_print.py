"""Printing a page (docs/assets/stylesheets/print.css): the gallery fixture under print
emulation, and as a PDF printed by Chromium.

What a printed page must keep: the article, each chart as its static image (never the live
one), each map as its static image (never the iframe), each figure's data table open, and
the round's citation and the page's address at the foot of every page; navigation, search,
the header and the version banner are left out.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tests.test_browser import Visit

pytestmark = pytest.mark.browser

CHART_PAGE = "key-informants/"
MAP_PAGE = "international-migrant-workers/"


@pytest.fixture()
def printed(browser, gallery_site):
    visits: list[Visit] = []

    def make(path: str) -> Visit:
        v = Visit(browser, gallery_site["url"])
        visits.append(v)
        v.goto(gallery_site["round"].removeprefix(gallery_site["url"]) + path)
        v.page.emulate_media(media="print")
        return v

    yield make
    for v in visits:
        v.close()


def _shown(page, selector: str) -> list[bool]:
    return page.locator(selector).evaluate_all(
        "els => els.map(e => getComputedStyle(e).display !== 'none'"
        " && e.getBoundingClientRect().height > 0)")


def test_print_hides_navigation_and_shows_static_charts_and_open_tables(printed):
    v = printed(CHART_PAGE)
    page = v.page
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer", ".md-search"):
        assert _shown(page, chrome) in ([], [False]), chrome
    assert page.locator("article h1").is_visible()
    charts = page.locator("figure.mtm-chart").count()
    assert charts >= 1
    assert _shown(page, ".mtm-chart__static") == [True] * charts
    assert not any(_shown(page, ".mtm-chart__live"))
    # The data table of every figure prints, though its <details> is closed on screen.
    tables = page.locator("details.mtm-figure__data table.mtm-data")
    assert tables.count() == charts
    assert page.locator("details.mtm-figure__data[open]").count() == 0
    assert all(tables.nth(i).is_visible() for i in range(tables.count()))
    assert v.errors == [] and v.external == []


def test_print_shows_maps_as_static_images_not_frames(printed):
    page = printed(MAP_PAGE).page
    maps = page.locator("figure.mtm-map").count()
    assert maps >= 1
    assert not any(_shown(page, "iframe.mtm-map__frame"))
    # The static image comes from the maps area; where a map has one, it prints.
    assert all(_shown(page, ".mtm-map__static"))
    assert page.locator("figure.mtm-map details.mtm-figure__data table").first.is_visible()


def _margin_boxes(page) -> dict[str, str]:
    """The `content` of every @page margin box of the page's style sheets (CSSOM)."""
    return page.evaluate("""() => {
      const boxes = {};
      const walk = rules => { for (const r of rules) {
        if (r instanceof CSSMarginRule && r.style.content) boxes[r.name] = r.style.content;
        if (r.cssRules) walk(r.cssRules);
      } };
      for (const sheet of document.styleSheets) walk(sheet.cssRules);
      return boxes;
    }""")


def test_print_margin_has_the_round_citation_and_the_page_address(printed, gallery_site):
    page = printed(CHART_PAGE).page
    cite = page.locator(".mtm-page-footer .mtm-cite").inner_text()
    citation = cite.removeprefix("Cite as:").split("Terms and conditions")[0].strip()
    bottom = _margin_boxes(page).get("bottom-left", "")
    assert citation and citation in bottom
    assert gallery_site["round"] + CHART_PAGE in bottom


def test_printed_pdf_has_the_citation_and_address_on_every_page(printed, gallery_site,
                                                                 tmp_path):
    page = printed(MAP_PAGE).page
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages >= 2
    assert shutil.which("pdftotext"), "pdftotext is missing: `make test` installs poppler-utils"
    (tmp_path / "page.pdf").write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(tmp_path / "page.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    printed_pages = [p for p in text.split("\f") if p.strip()]
    assert len(printed_pages) == pages
    url = gallery_site["round"] + MAP_PAGE
    for number, one in enumerate(printed_pages, 1):
        assert "Cite as: International Organization for Migration" in one, number
        assert url in one and re.search(rf"\b{number}\s*/\s*{pages}\b", one), number
    # Navigation, search and the header are not printed.
    assert "Skip to content" not in text and "Type to start searching" not in text
