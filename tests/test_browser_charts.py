"""Charts in a real browser at phone, tablet and desktop widths (the gallery fixture).

Every chart kind of the gallery, both its static SVG and its live chart: no two texts
overlap, no text is cut off by its SVG, the page does not scroll sideways. The Vega
bundle is not loaded until the reader interacts with a chart; a live chart is one
image named by its text alternative, with tooltips in words.

One browser, one page per width, reused across the gallery's chart pages.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser

WIDTHS = (360, 768, 1366)
# The gallery's pages with charts, and how many each has.
PAGES = {"key-informants/": 2, "international-migrant-workers/": 2, "return-migrants/": 2,
         "access-to-services/": 2}
BUNDLE = "vega-embed-bundle"
# Raw names of the gallery tables' columns and of the chart specs' own fields: a
# tooltip must show none of them as a label.
RAW_NAMES = {"country", "count", "percent", "ki_type", "sex", "period", "change_percent",
             "reason", "score_low", "score_high", "return_type", "service", "answer",
             "distance_band", "households", "value", "label", "category", "row", "column"}

# Text boxes of one SVG, relative to the SVG's own box; empty texts are left out.
TEXT_BOXES = """svg => {
  const frame = svg.getBoundingClientRect();
  return {frame: [0, 0, frame.width, frame.height],
          texts: Array.from(svg.querySelectorAll('text')).filter(t => t.textContent.trim())
            .map(t => { const r = t.getBoundingClientRect();
                        return [r.left - frame.left, r.top - frame.top, r.right - frame.left,
                                r.bottom - frame.top, t.textContent]; })};
}"""


def layout_faults(boxes: dict) -> list[str]:
    """Texts cut off by the SVG's edges, and pairs of texts that overlap (0.5 px slack:
    anti-aliasing)."""
    x0, y0, x1, y1 = boxes["frame"]
    texts = boxes["texts"]
    if not texts:
        return ["no text found: the measure would pass anything"]
    out = [f"clipped: {t[4]!r} {[round(v) for v in t[:4]]} in {x1:.0f}x{y1:.0f}"
           for t in texts if t[0] < x0 - 0.5 or t[1] < y0 - 0.5 or t[2] > x1 + 0.5
           or t[3] > y1 + 0.5]
    for i, a in enumerate(texts):
        for b in texts[i + 1:]:
            if min(a[2], b[2]) - max(a[0], b[0]) > 0.5 and min(a[3], b[3]) - max(a[1], b[1]) > 0.5:
                out.append(f"overlap: {a[4]!r} and {b[4]!r}")
    return out


class Tab:
    """One page at one width; records requests and errors, blocks other hosts."""

    def __init__(self, browser, site: dict, width: int):
        self.context = browser.new_context(viewport={"width": width, "height": 900},
                                           has_touch=False)
        self.page = self.context.new_page()
        self.host = urlparse(site["url"]).netloc
        self.round = site["round"]
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.context.route("**/*", self._route)

    def _route(self, route) -> None:
        url = urlparse(route.request.url)
        if url.scheme in ("data", "blob", "about") or url.netloc == self.host:
            route.continue_()
        else:
            route.abort()

    def goto(self, path: str) -> None:
        self.requests.clear()  # a full page load: the bundle is fetched again if asked for
        self.page.goto(self.round + path, wait_until="networkidle")

    def bundles(self) -> int:
        return sum(BUNDLE in u for u in self.requests)

    def go_live(self, index: int) -> None:
        """Point at one chart and wait until it is drawn live."""
        figure = self.page.locator(".mtm-chart").nth(index)
        figure.scroll_into_view_if_needed()
        figure.locator(".mtm-chart__body").hover()
        self.page.wait_for_function(
            "i => document.querySelectorAll('.mtm-chart')[i].classList.contains('is-live')",
            arg=index, timeout=20000)

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def tabs(browser, gallery_site):
    opened = {w: Tab(browser, gallery_site, w) for w in WIDTHS}
    yield opened
    for t in opened.values():
        t.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_static_and_live_charts_fit_without_overlaps(tabs, width):
    tab = tabs[width]
    faults: dict[str, list[str]] = {}
    for path, count in PAGES.items():
        tab.goto(path)
        page = tab.page
        assert page.locator(".mtm-chart").count() == count, path
        # Before any interaction: static images only, the right one for the width.
        assert tab.bundles() == 0, path
        imgs = page.locator("img.mtm-chart__static")
        sources = []
        for i in range(count):
            imgs.nth(i).scroll_into_view_if_needed()
            page.wait_for_function("el => el.complete && el.naturalWidth > 0",
                                   arg=imgs.nth(i).element_handle())
            sources.append(imgs.nth(i).evaluate("el => el.currentSrc"))
        assert all(s.endswith(".narrow.svg") == (width < 640) for s in sources), sources
        # The static SVG the reader sees, opened as a document to read its text boxes.
        for src in sources:
            svg_page = tab.context.new_page()
            svg_page.goto(src)
            found = layout_faults(svg_page.locator("svg").first.evaluate(TEXT_BOXES))
            svg_page.close()
            if found:
                faults[src.rsplit("/", 1)[1]] = found
        # Each chart drawn live, at the width of its container.
        for i in range(count):
            tab.go_live(i)
            svg = page.locator(".mtm-chart").nth(i).locator(".mtm-chart__live svg").first
            found = layout_faults(svg.evaluate(TEXT_BOXES))
            if found:
                faults[f"{path} live chart {i}"] = found
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow} px at {width} px"
    assert faults == {}
    assert tab.errors == []


def test_vega_loads_on_interaction_only_once_per_visit(browser, gallery_site):
    tab = Tab(browser, gallery_site, 1366)
    try:
        tab.goto("key-informants/")
        tab.page.mouse.move(0, 0)
        tab.page.wait_for_timeout(300)
        assert tab.bundles() == 0  # first load: static SVGs only
        # Focusing the chart's button (keyboard) starts the download.
        tab.page.locator(".mtm-chart__activate").first.focus()
        tab.page.wait_for_function("() => typeof window.vegaEmbed === 'function'")
        assert tab.bundles() == 1
        tab.page.keyboard.press("Enter")
        tab.page.wait_for_selector(".mtm-chart.is-live .mtm-chart__live svg")
        # Instant navigation to the next page keeps the runtime: no second download.
        tab.page.click("nav.md-nav--primary >> text=International migrant workers")
        tab.page.wait_for_selector("article h1:has-text('International migrant workers')")
        tab.go_live(0)
        assert tab.bundles() == 1
        assert tab.errors == []
    finally:
        tab.close()


def test_live_chart_is_named_by_its_text_alternative_and_links_its_table(tabs):
    tab = tabs[1366]
    tab.goto("return-migrants/")
    tab.go_live(1)
    figure = tab.page.locator(".mtm-chart").nth(1)
    live = figure.locator(".mtm-chart__live")
    alt = figure.locator("img.mtm-chart__static").get_attribute("alt")
    assert live.get_attribute("role") == "img"
    assert not figure.locator("img.mtm-chart__static").is_visible()  # replaced, not doubled
    assert alt and live.get_attribute("aria-label") == alt
    assert "Expiration/high cost of patent" in alt
    link = figure.locator("a.mtm-chart__table-link")
    link.click()
    target = figure.locator(".mtm-chart__data").get_attribute("id")
    # Opened by the click (mtm.js) or, once Material's instant navigation has handled the
    # same-page link, by the hash change: either way, within moments.
    tab.page.wait_for_function(
        "id => document.querySelector('#' + CSS.escape(id) + ' details').open", arg=target,
        timeout=5000)
    assert link.evaluate("a => a.hash") == "#" + target


def test_tooltips_show_labels_in_words_and_formatted_numbers(tabs):
    tab = tabs[1366]
    seen: list[list[str]] = []
    for path, count in PAGES.items():
        tab.goto(path)
        for i in range(count):
            tab.go_live(i)
            marks = tab.page.locator(".mtm-chart").nth(i).locator(
                ".mtm-chart__live svg .mark-rect path, .mtm-chart__live svg .mark-symbol path")
            marks.first.hover(force=True)
            tip = tab.page.locator("#vg-tooltip-element")
            tip.wait_for(state="visible", timeout=5000)
            keys = [k.strip().rstrip(":") for k in tip.locator("td.key").all_inner_texts()]
            values = tip.locator("td.value").all_inner_texts()
            seen.append(keys)
            assert keys and not {k.lower() for k in keys} & RAW_NAMES, (path, i, keys)
            # Numbers as the round prints them: thousands separators, no float noise.
            assert not [v for v in values if re.fullmatch(r"-?\d{4,}(\.\d+)?|-?\d+\.\d{3,}",
                                                          v.strip())], (path, i, values)
            tab.page.mouse.move(0, 0)
    assert len(seen) == sum(PAGES.values())
