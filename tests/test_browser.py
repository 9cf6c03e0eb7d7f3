"""Headless Chromium against the mini fixture's build, served on 127.0.0.1.

Debian's chromium, driven by Playwright (which cannot download its own browser
here). Any request to another host is recorded and aborted, so a test never
waits on the network and a leak fails loudly.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest

from tests.conftest import ARGS, CHROMIUM, COUNTRY, GALLERY, NEWER, OLDER, point_at  # noqa: F401

pytestmark = pytest.mark.browser

NEW = f"{COUNTRY}/{NEWER}"
OLD = f"{COUNTRY}/{OLDER}"


class Visit:
    """A page plus everything it logged and requested."""

    def __init__(self, browser, server: str, javascript: bool = True, width: int = 1280):
        self.context = browser.new_context(java_script_enabled=javascript,
                                           viewport={"width": width, "height": 900})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.external: list[str] = []
        self.failed: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on("requestfailed", self._failed)
        self.context.route("**/*", self._route)
        self.host = urlparse(server).netloc
        self.server = server

    def _failed(self, request) -> None:
        if request.failure == "net::ERR_ABORTED":
            return  # cut short by leaving the page: not a broken link
        if urlparse(request.url).netloc != self.host:
            return  # blocked by _route, counted in `external`
        self.failed.append(f"{request.url} ({request.failure})")

    def _console(self, msg) -> None:
        # Errors fail a test. Vega-Lite's compile warnings (it logs one about
        # autosizing step-sized charts) are kept for inspection but are not errors.
        if msg.type == "error":
            self.errors.append(f"{msg.type}: {msg.text}")
        elif msg.type == "warning":
            self.warnings.append(msg.text)

    def _route(self, route) -> None:
        url = urlparse(route.request.url)
        if url.scheme in ("data", "blob", "about") or url.netloc == self.host:
            route.continue_()
        else:
            self.external.append(route.request.url)
            route.abort()

    def goto(self, path: str) -> None:
        self.page.goto(self.server + path, wait_until="networkidle")

    def axe(self, paths: list[str], settle_ms: int = 0) -> dict[str, list]:
        """axe_findings on each path of this site, opened in turn in this page."""

        def open_(path: str):
            self.goto(path)
            return self.page

        return axe_findings(open_, paths, settle_ms)

    def close(self) -> None:
        self.context.close()


def axe_findings(open_page, paths: list[str], settle_ms: int = 0) -> dict[str, list]:
    """axe-core (WCAG 2.x A/AA rules, colour contrast included) on the page `open_page(path)`
    shows for each path, after `settle_ms`: {path: [(rule, first node), ...]} for every
    page with a violation, so a failing test names them all."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found = {}
    for path in paths:
        page = open_page(path)
        if settle_ms:
            page.wait_for_timeout(settle_ms)
        violations = axe.run(page).response["violations"]
        if violations:
            found[path] = [(x["id"], x["nodes"][0]["target"]) for x in violations]
    return found


def wait_for_live_charts(page) -> None:
    # Charts show their static SVG until the reader points at one: point at each.
    page.wait_for_selector(".mtm-chart", state="attached")
    figures = page.locator(".mtm-chart")
    for i in range(figures.count()):
        figures.nth(i).scroll_into_view_if_needed()
        figures.nth(i).locator(".mtm-chart__body").hover()
    page.wait_for_function(
        "() => { const c = document.querySelectorAll('.mtm-chart');"
        " return c.length > 0 && Array.from(c).every(f => f.classList.contains('is-live')); }",
        timeout=20000,
    )


@pytest.fixture()
def visit(browser, server):
    visits: list[Visit] = []

    def make(javascript: bool = True) -> Visit:
        v = Visit(browser, server, javascript)
        visits.append(v)
        return v

    yield make
    for v in visits:
        v.close()


def test_charts_render_live_with_no_errors_and_no_external_requests(visit):
    v = visit()
    v.goto(f"{OLD}/reasons/")
    wait_for_live_charts(v.page)
    figures = v.page.locator(".mtm-chart").count()
    live = v.page.locator(".mtm-chart.is-live .mtm-chart__live svg").count()
    assert figures == 4 and live == figures
    # The live chart carries the text alternative written from the data.
    label = v.page.locator(".mtm-chart.is-live .mtm-chart__live").first.get_attribute(
        "aria-label")
    assert label and "End of contract" in label
    assert not v.page.locator(".mtm-chart.is-live .mtm-chart__static").first.is_visible()
    assert v.errors == [] and v.external == [] and v.failed == []


def test_maps_render_in_their_frames(visit):
    v = visit()
    v.goto(f"{NEW}/returns/")
    static = v.page.locator("img.mtm-map__static").first
    point_at(v.page, static)  # the live map loads when the reader points at the static one
    frame_el = v.page.locator("iframe.mtm-map__frame").first
    frame_el.wait_for(state="visible")
    frame = frame_el.element_handle().content_frame()
    frame.wait_for_selector(".leaflet-overlay-pane path", timeout=15000)
    assert frame.locator(".leaflet-overlay-pane path").count() >= 17  # 20 units, 3 cities
    assert frame.locator("text=Not assessed").count() >= 1
    assert "OpenStreetMap" in frame.locator(".leaflet-control-attribution").inner_text()
    assert v.errors == [] and v.external == [] and v.failed == []


def test_static_fallback_shows_without_javascript(visit):
    v = visit(javascript=False)
    v.goto(f"{OLD}/reasons/")
    imgs = v.page.locator("picture img.mtm-chart__static")
    assert imgs.count() == 4
    for i in range(imgs.count()):
        img = imgs.nth(i)
        img.scroll_into_view_if_needed()
        assert img.is_visible()
        assert img.evaluate("el => el.complete && el.naturalWidth > 0")
    assert "End of contract" in (imgs.first.get_attribute("alt") or "")
    assert v.page.locator(".mtm-chart__live svg").count() == 0
    # Nothing to switch on without JavaScript.
    assert not v.page.locator(".mtm-chart__activate").first.is_visible()


def test_instant_navigation_renders_charts_on_the_next_page(visit):
    v = visit()
    v.goto(f"{NEW}/")
    v.page.click("nav.md-nav--primary >> text=Returns")
    v.page.wait_for_url(f"**/{NEW}/returns/")
    # The URL changes before the new content is in place: wait for the page itself.
    v.page.wait_for_selector("article h1:has-text('Return migrants')")
    wait_for_live_charts(v.page)
    assert v.errors == [] and v.external == []


def test_vega_loads_only_on_pages_with_charts(visit):
    v = visit()
    requested: list[str] = []
    v.page.on("request", lambda r: requested.append(r.url))
    v.goto(f"{NEW}/")
    assert not any("vega-embed-bundle" in u for u in requested)
    v.goto(f"{NEW}/returns/")
    # A chart page shows static SVGs first: the runtime waits for the reader.
    assert not any("vega-embed-bundle" in u for u in requested)
    wait_for_live_charts(v.page)
    assert sum("vega-embed-bundle" in u for u in requested) == 1


def _pages(out, rnd: str) -> list[str]:
    """Every page of a built round, as a path below the site root (404 and search aside)."""
    base = out / COUNTRY / rnd
    return [f"{COUNTRY}/{rnd}/" + ("" if p.parent == base else
                                   p.parent.relative_to(base).as_posix() + "/")
            for p in sorted(base.rglob("index.html"))
            # A figure's embed page (embeds.py) is not a page of the site: test_embeds.py.
            if "assets" not in p.parts and p.relative_to(base).parts[0] != "embed"]


def test_every_page_loads_cleanly(visit, built_site):
    v = visit()
    pages = _pages(built_site["out"], NEWER) + _pages(built_site["out"], OLDER)
    assert len(pages) == 7
    for path in pages:
        v.goto(path)
    assert v.errors == [] and v.external == [] and v.failed == []


def _switch_round(v: Visit, title: str) -> None:
    # The list opens on hover and can stay open over the button after a switch;
    # a DOM click goes through Material's own handler either way.
    link = v.page.locator(".md-version__link", has_text=title)
    link.wait_for(state="attached")
    link.evaluate("el => el.click()")


def test_version_selector_switches_rounds_and_keeps_the_section(visit):
    v = visit()
    v.goto(f"{NEW}/data/")
    v.page.wait_for_selector(".md-version__current")
    assert "Mini Round (January 2030)" in v.page.locator(".md-version__current").inner_text()
    _switch_round(v, "Mini Round (July 2029)")
    # "Data and sources" exists in both rounds: the reader stays on it.
    v.page.wait_for_url(f"**/{OLD}/data/", timeout=15000)
    assert "You are reading an earlier round" in v.page.locator(".md-banner").inner_text()
    assert v.page.locator(".mtm-missing").count() == 0
    _switch_round(v, "Mini Round (January 2030)")
    v.page.wait_for_url(f"**/{NEW}/data/", timeout=15000)
    assert v.errors == [] and v.external == []


def test_version_selector_works_from_the_keyboard(visit):
    v = visit()
    v.goto(f"{OLD}/data/")
    v.page.wait_for_selector(".md-version__current")
    link = v.page.locator(".md-version__link", has_text="Mini Round (January 2030)")
    link.focus()
    v.page.keyboard.press("Enter")
    v.page.wait_for_url(f"**/{NEW}/data/", timeout=15000)
    assert v.errors == [] and v.external == []


def test_switching_to_a_round_without_the_section_lands_on_its_home(visit):
    v = visit()
    v.goto(f"{NEW}/returns/")
    v.page.wait_for_selector(".md-version__current")
    _switch_round(v, "Mini Round (July 2029)")
    v.page.wait_for_url(re.compile(rf"/{OLD}/\?mtm-missing=returns"), timeout=15000)
    # The reader is told why: the section's title, and the round it is not in.
    notice = v.page.locator("article .mtm-missing")
    notice.wait_for()
    assert notice.inner_text() == ("The section \u201cReturn migrants\u201d is not in this "
                                   "round (Mini Round (July 2029)). This is the round\u2019s "
                                   "home page.")
    assert notice.get_attribute("role") == "status"
    assert v.errors == [] and v.external == []


def test_a_made_up_missing_section_shows_no_notice(visit):
    # The notice shows only titles of real sections, never text from the address.
    v = visit()
    v.goto(f"{OLD}/?mtm-missing=%3Cb%3EFree%20prizes%3C/b%3E")
    v.page.wait_for_selector("article h1")
    assert v.page.locator(".mtm-missing").count() == 0


def test_newer_round_banner_links_to_the_same_section_when_it_exists(visit):
    v = visit()
    for here, there in (("data/", "data/"), ("", ""), ("reasons/", "")):
        v.goto(f"{OLD}/{here}")
        link = v.page.locator(".md-banner a")
        href = link.evaluate("a => a.href")
        assert href == f"{v.server}{NEW}/{there}", here
    v.goto(f"{OLD}/data/")
    assert "Mini Round (January 2030), Data and sources" in v.page.locator(
        ".md-banner a").inner_text()
    v.page.locator(".md-banner a").click()
    v.page.wait_for_url(f"**/{NEW}/data/", timeout=15000)
    assert v.page.locator(".md-banner .mtm-notice").count() == 0  # the newest round


def test_country_latest_and_old_urls_redirect_to_the_newest_round(visit):
    v = visit()
    v.goto(f"{COUNTRY}/")
    v.page.wait_for_url(f"**/{NEW}/", timeout=15000)
    v.goto(f"{COUNTRY}/latest/returns/")
    v.page.wait_for_url(f"**/{NEW}/returns/", timeout=15000)
    v.goto("latest/returns/")
    v.page.wait_for_url(f"**/{NEW}/returns/", timeout=15000)
    v.goto(f"{OLDER}/reasons/")
    v.page.wait_for_url(f"**/{OLD}/reasons/", timeout=15000)


def test_landing_page_links_to_the_latest_round(visit):
    v = visit()
    v.goto("")
    v.page.click(f"#{COUNTRY} a")
    v.page.wait_for_url(f"**/{NEW}/", timeout=15000)
    assert v.errors == [] and v.external == [] and v.failed == []


def test_pages_and_maps_have_no_accessibility_violations(visit, built_site):
    """axe-core (WCAG 2.x A/AA rules, colour contrast included) on every page and map
    document of the fixture build, and on the landing page."""
    v = visit()
    out = built_site["out"]
    paths = [""]
    for rnd in (NEWER, OLDER):
        paths += _pages(out, rnd)
        maps = sorted((out / COUNTRY / rnd / "assets/maps").glob("*.html"))
        paths += [f"{COUNTRY}/{rnd}/assets/maps/{m.name}" for m in maps]
        # Each chart's and map's standalone embed page (embeds.py).
        embeds = sorted((out / COUNTRY / rnd / "embed").glob("*/index.html"))
        assert embeds
        paths += [f"{COUNTRY}/{rnd}/embed/{e.parent.name}/" for e in embeds]
    assert len([p for p in paths if "/embed/" not in p]) == 1 + 7 + 2
    assert v.axe(paths, settle_ms=300) == {}


def _gallery_paths(gallery_site, maps: bool = False) -> list[str]:
    out = gallery_site["out"]
    paths = _pages(out, GALLERY)
    if maps:
        paths += [f"{COUNTRY}/{GALLERY}/assets/maps/{m.name}"
                  for m in sorted((out / COUNTRY / GALLERY / "assets/maps").glob("*.html"))]
    return paths


# The page's own width, and any box reaching past the viewport even where an ancestor
# clips it. A wide table inside a box that scrolls sideways and fits is meant to; the
# inside of a live chart's SVG is the charts tests' business (their clipping checks).
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const inScroller = el => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX;
      if ((o === 'auto' || o === 'scroll') && a.getBoundingClientRect().right <= width + 1)
        return true;
    }
    return false;
  };
  const wide = Array.from(document.querySelectorAll('body *')).filter(el => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.right > width + 1 && !el.ownerSVGElement
      && getComputedStyle(el).position !== 'fixed' && !inScroller(el);
  }).map(el => el.tagName.toLowerCase() + '.' + (el.getAttribute('class') || ''));
  return {scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 5)};
}"""


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_no_page_scrolls_sideways_at_360_px(browser, server, built_site, gallery_site,
                                            javascript):
    """Every page of the mini and gallery fixtures fits a 360 px phone: only a wide table
    scrolls, inside its own box."""
    found = {}
    for base, paths in ((server, _pages(built_site["out"], NEWER)
                         + _pages(built_site["out"], OLDER)),
                        (gallery_site["url"], _gallery_paths(gallery_site))):
        v = Visit(browser, base, javascript=javascript, width=360)
        try:
            for path in paths:
                v.goto(path)
                if javascript:
                    v.page.wait_for_timeout(200)
                got = v.page.evaluate(OVERFLOW)
                if got["scroll"] > got["width"] or got["wide"]:
                    found[path] = got
            assert v.errors == [] and v.external == []
        finally:
            v.close()
    assert len(paths) >= 8
    assert found == {}


def test_wide_tables_scroll_in_their_figure_and_take_keyboard_focus(browser, gallery_site):
    v = Visit(browser, gallery_site["url"], width=360)
    try:
        v.goto(f"{COUNTRY}/{GALLERY}/data/")
        v.page.wait_for_timeout(200)
        boxes = v.page.locator(".mtm-table__scroll").evaluate_all(
            "els => els.map(e => ({scrolls: e.scrollWidth > e.clientWidth + 1,"
            " tab: e.getAttribute('tabindex'), role: e.getAttribute('role'),"
            " name: e.getAttribute('aria-label') || ''}))")
        scrolling = [b for b in boxes if b["scrolls"]]
        assert scrolling, "the gallery's data page has tables wider than a phone"
        assert all(b["tab"] == "0" and b["role"] == "region" and b["name"].startswith("Table: ")
                   for b in scrolling)
        assert all(b["tab"] is None for b in boxes if not b["scrolls"])
        # Numbers and dates keep to one line.
        wrapped = v.page.locator("table.mtm-data .num, table.mtm-data .mtm-nowrap").evaluate_all(
            "els => els.filter(e => e.textContent.trim() && e.getClientRects().length"
            " && e.getBoundingClientRect().height > 2.2 * parseFloat("
            "getComputedStyle(e).lineHeight)).map(e => e.textContent)")
        assert wrapped == []
    finally:
        v.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_gallery_pages_and_maps_have_no_accessibility_violations(browser, gallery_site, width):
    """axe-core on every page and map document of the gallery fixture (one figure of every
    kind, long labels), on a desktop and on a phone (where wide tables scroll)."""
    v = Visit(browser, gallery_site["url"], width=width)
    try:
        paths = _gallery_paths(gallery_site, maps=True)
        assert len(paths) >= 9
        found = v.axe(paths, settle_ms=100)
    finally:
        v.close()
    assert found == {}
