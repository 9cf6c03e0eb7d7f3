"""Headless Chromium against the built site served on 127.0.0.1.

Debian's chromium, driven by Playwright (which cannot download its own browser
here). Any request to another host is recorded and aborted, so a test never
waits on the network and a leak fails loudly.
"""

from __future__ import annotations

import shutil
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser

BMA4 = "2024-04-bma-round-4"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert shutil.which("chromium") or shutil.which(CHROMIUM), (
        "Debian's chromium is missing: `make test` installs it (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Visit:
    """A page plus everything it logged and requested."""

    def __init__(self, browser, server: str, javascript: bool = True):
        self.context = browser.new_context(java_script_enabled=javascript,
                                           viewport={"width": 1280, "height": 900})
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

    def close(self) -> None:
        self.context.close()


def wait_for_live_charts(page) -> None:
    # Charts are drawn when they come near the viewport: bring each one there.
    page.wait_for_selector(".mtm-chart", state="attached")
    figures = page.locator(".mtm-chart")
    for i in range(figures.count()):
        figures.nth(i).scroll_into_view_if_needed()
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
    v.goto(f"{BMA4}/return-migrants/")
    wait_for_live_charts(v.page)
    figures = v.page.locator(".mtm-chart").count()
    live = v.page.locator(".mtm-chart.is-live .mtm-chart__live svg").count()
    assert figures >= 3 and live == figures
    # The live chart carries the text alternative written from the data.
    label = v.page.locator(".mtm-chart.is-live .mtm-chart__live").first.get_attribute(
        "aria-label")
    assert label and "Uzbekistan" in label
    assert not v.page.locator(".mtm-chart.is-live .mtm-chart__static").first.is_visible()
    assert v.errors == [] and v.external == [] and v.failed == []


def test_maps_render_in_their_frames(visit):
    v = visit()
    v.goto(f"{BMA4}/internal-migrants/")
    frame_el = v.page.locator("iframe.mtm-map__frame").first
    frame_el.scroll_into_view_if_needed()
    frame = frame_el.element_handle().content_frame()
    frame.wait_for_selector(".leaflet-overlay-pane path", timeout=15000)
    assert frame.locator(".leaflet-overlay-pane path").count() >= 20
    assert frame.locator("text=Not assessed").count() >= 1
    assert "OpenStreetMap" in frame.locator(".leaflet-control-attribution").inner_text()
    assert v.errors == [] and v.external == [] and v.failed == []


def test_static_fallback_shows_without_javascript(visit):
    v = visit(javascript=False)
    v.goto(f"{BMA4}/access-to-services/")
    imgs = v.page.locator("img.mtm-chart__static")
    assert imgs.count() >= 2
    for i in range(imgs.count()):
        img = imgs.nth(i)
        img.scroll_into_view_if_needed()
        assert img.is_visible()
        assert img.evaluate("el => el.complete && el.naturalWidth > 0")
        assert "Clinic" in (img.get_attribute("alt") or "") or i > 0
    assert v.page.locator(".mtm-chart__live svg").count() == 0


def test_instant_navigation_renders_charts_on_the_next_page(visit):
    v = visit()
    v.goto(f"{BMA4}/")
    v.page.click("nav.md-nav--primary >> text=Emigrants")
    v.page.wait_for_url(f"**/{BMA4}/emigrants/")
    # The URL changes before the new content is in place: wait for the page itself.
    v.page.wait_for_selector("article h1:has-text('Emigrants')")
    wait_for_live_charts(v.page)
    assert v.errors == [] and v.external == []


def test_vega_loads_only_on_pages_with_charts(visit):
    v = visit()
    requested: list[str] = []
    v.page.on("request", lambda r: requested.append(r.url))
    v.goto(f"{BMA4}/about/")
    assert not any("vega-embed-bundle" in u for u in requested)
    v.goto(f"{BMA4}/emigrants/")
    wait_for_live_charts(v.page)
    assert sum("vega-embed-bundle" in u for u in requested) == 1


def test_every_page_loads_cleanly(visit, built_site):
    v = visit()
    out = built_site["out"] / BMA4
    pages = sorted(p.parent.relative_to(out).as_posix() for p in out.rglob("index.html")
                   if "assets" not in p.parts)
    assert len(pages) >= 10
    for rel in pages:
        v.goto(f"{BMA4}/" + ("" if rel == "." else rel + "/"))
    assert v.errors == [] and v.external == [] and v.failed == []


Q4 = "2022-12-quarterly-report"


def _switch_round(v: Visit, title: str) -> None:
    # The list opens on hover and can stay open over the button after a switch;
    # a DOM click goes through Material's own handler either way.
    link = v.page.locator(".md-version__link", has_text=title)
    link.wait_for(state="attached")
    link.evaluate("el => el.click()")


def test_version_selector_switches_rounds_and_keeps_the_section(visit):
    v = visit()
    v.goto(f"{BMA4}/data/")
    v.page.wait_for_selector(".md-version__current")
    assert "BMA Round 4" in v.page.locator(".md-version__current").inner_text()
    _switch_round(v, "Quarterly Report Q4 2022")
    # "Data and sources" exists in both rounds: the reader stays on it.
    v.page.wait_for_url(f"**/{Q4}/data/", timeout=15000)
    assert "You are reading an earlier round" in v.page.locator(".md-banner").inner_text()
    _switch_round(v, "BMA Round 4")
    v.page.wait_for_url(f"**/{BMA4}/data/", timeout=15000)
    assert v.errors == [] and v.external == []


def test_switching_to_a_round_without_the_section_lands_on_its_home(visit):
    v = visit()
    v.goto(f"{BMA4}/emigrants/")
    v.page.wait_for_selector(".md-version__current")
    _switch_round(v, "Quarterly Report Q4 2022")
    v.page.wait_for_url(f"**/{Q4}/", timeout=15000)
    assert v.errors == [] and v.external == []


def test_root_and_latest_redirect_to_the_newest_round(visit):
    v = visit()
    v.goto("")
    v.page.wait_for_url(f"**/{BMA4}/", timeout=15000)
    v.goto("latest/emigrants/")
    v.page.wait_for_url(f"**/{BMA4}/emigrants/", timeout=15000)


def test_pages_and_maps_have_no_accessibility_violations(visit, built_site):
    """axe-core (WCAG 2.x A/AA rules, colour contrast included) on every page and map."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    v = visit()
    out = built_site["out"]
    paths = []
    for rnd in (BMA4, Q4):
        base = out / rnd
        paths += [f"{rnd}/" + ("" if p.parent == base else p.parent.relative_to(base).as_posix()
                               + "/")
                  for p in sorted(base.rglob("index.html")) if "assets" not in p.parts]
        paths += [f"{rnd}/assets/maps/{m.name}" for m in sorted((base / "assets/maps").glob("*.html"))
                  ][:3]
    found = {}
    for path in paths:
        v.goto(path)
        v.page.wait_for_timeout(300)
        violations = axe.run(v.page).response["violations"]
        if violations:
            found[path] = [(x["id"], x["nodes"][0]["target"]) for x in violations]
    assert found == {}
