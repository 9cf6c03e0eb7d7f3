"""Headless Chromium on the payload build of tests/test_escaping.py: nothing runs, all shows.

Every text field of the payload project holds `<script>window.__xss=1</script>`,
`"><img src=x onerror="window.__xss=1">` and others. Each page and map document is
opened at 1366 px with JavaScript on (charts drawn, tooltips opened, search run);
`window.__xss` must stay undefined, no dialog may open, and the payload text must be
shown literally where the reader sees the field.
"""

from __future__ import annotations

import functools
import http.server
import threading
from urllib.parse import urlparse

import pytest

from tests.conftest import QuietHandler
from tests.test_escaping import NEW_PATH, OLD_PATH, SCRIPT, hostile_build  # noqa: F401

pytestmark = pytest.mark.browser

OLDER = OLD_PATH  # the payload round; NEWER is its copy, the latest round
NEWER = NEW_PATH


@pytest.fixture(scope="module")
def hostile_server(hostile_build):  # noqa: F811 (the imported fixture)
    """The payload build served on its own port (its site_url), for this module."""
    handler = functools.partial(QuietHandler, directory=str(hostile_build["out"]))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", hostile_build["port"]), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield hostile_build
    httpd.shutdown()
    httpd.server_close()


class Hostile:
    """A 1366 px page that records dialogs, page errors and requests to other hosts."""

    def __init__(self, browser, server: str):
        self.server = server
        self.context = browser.new_context(viewport={"width": 1366, "height": 900})
        self.page = self.context.new_page()
        self.dialogs: list[str] = []
        self.external: list[str] = []
        self.page.on("dialog", self._dialog)
        self.context.route("**/*", self._route)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route) -> None:
        url = urlparse(route.request.url)
        if url.scheme in ("data", "blob", "about") or url.netloc == urlparse(self.server).netloc:
            route.continue_()
        else:
            self.external.append(route.request.url)
            route.abort()

    def goto(self, path: str) -> None:
        self.page.goto(self.server + path, wait_until="networkidle")

    def ran(self) -> bool:
        return self.page.evaluate("() => typeof window.__xss !== 'undefined'")

    def close(self) -> None:
        self.context.close()


@pytest.fixture()
def visit(browser, hostile_server):
    opened: list[Hostile] = []

    def make() -> Hostile:
        opened.append(Hostile(browser, hostile_server["url"]))
        return opened[-1]

    yield make
    for v in opened:
        v.close()


def _paths(out, rnd: str) -> list[str]:
    base = out / rnd
    pages = [f"{rnd}/" + ("" if p.parent == base else p.parent.relative_to(base).as_posix() + "/")
             for p in sorted(base.rglob("index.html")) if "assets" not in p.parts]
    maps = [f"{rnd}/assets/maps/{m.name}" for m in sorted((base / "assets/maps").glob("*.html"))]
    return pages + maps


def _draw_charts_and_open_tooltips(page) -> None:
    """Point at each chart (drawn live), then hover its marks (Vega's tooltips)."""
    charts = page.locator(".mtm-chart")
    for i in range(charts.count()):
        charts.nth(i).scroll_into_view_if_needed()
        charts.nth(i).locator(".mtm-chart__body").hover()
    if charts.count():
        page.wait_for_function(
            "() => Array.from(document.querySelectorAll('.mtm-chart'))"
            ".every(f => f.classList.contains('is-live'))", timeout=20000)
    marks = page.locator(".mtm-chart__live svg .mark-rect path, .mtm-chart__live svg .mark-text text")
    for i in range(min(marks.count(), 40)):
        box = marks.nth(i).bounding_box()
        if box and box["width"] >= 2 and box["height"] >= 2:  # a bar of 0 cannot be hovered
            marks.nth(i).hover(force=True)


def test_no_payload_runs_on_any_page_or_map(visit, hostile_server):
    out = hostile_server["out"]
    paths = ["", "kaz/", "kaz/latest/", "latest/", *_paths(out, OLDER), *_paths(out, NEWER)]
    assert len(paths) > 10
    v = visit()
    ran = []
    for path in paths:
        v.goto(path)
        if "/assets/maps/" in path:
            shapes = v.page.locator("path.leaflet-interactive")
            for i in range(min(shapes.count(), 25)):
                shapes.nth(i).hover(force=True)  # Leaflet inserts tooltips as HTML
        else:
            _draw_charts_and_open_tooltips(v.page)
        if v.ran():
            ran.append(path)
    assert ran == [] and v.dialogs == [] and v.external == []


def test_payload_text_is_shown_literally(visit):
    v = visit()
    v.goto(f"{OLDER}/returns/")
    h1 = v.page.locator("article h1").inner_text()
    assert f"Section returns {SCRIPT}" in h1
    assert f"Nav returns {SCRIPT}" in v.page.locator(".md-sidebar--primary").inner_text()
    assert f"Section returns {SCRIPT}" in v.page.title()
    assert "</title><script>" in v.page.title()
    notice = v.page.locator(".mtm-notice").inner_text()
    assert f"newer short_title {SCRIPT}" in notice
    # A text that looks like an entity is shown as typed, not decoded.
    assert "&lt;script&gt;" in notice
    caption = v.page.locator("figcaption").first.inner_text()
    assert f"Figure return-countries {SCRIPT}" in caption
    v.page.locator(".md-version__current").wait_for()
    assert SCRIPT in v.page.locator(".md-version__current").inner_text()
    assert not v.ran() and v.dialogs == []


def test_chart_labels_and_tooltips_show_the_payload_as_text(visit):
    v = visit()
    v.goto(f"{OLDER}/returns/")
    _draw_charts_and_open_tooltips(v.page)
    labels = v.page.locator(".mtm-chart__live svg").first.text_content()
    assert "<script>window.__xss" in labels  # SVG text, shown as written
    # The value label of a payload row: the bars may be thin (the unit, a long axis title,
    # takes the width), the labels are not.
    label = v.page.locator(".mtm-chart__live svg .mark-text text", has_text="5%").first
    label.scroll_into_view_if_needed()
    label.hover(force=True)
    tip = v.page.locator("#vg-tooltip-element")
    tip.wait_for(state="visible", timeout=5000)
    assert SCRIPT in tip.inner_text()
    assert tip.locator("script, img").count() == 0
    assert not v.ran() and v.dialogs == []


def test_map_names_show_literally_in_legend_and_shape_labels(visit):
    v = visit()
    v.goto(f"{OLDER}/assets/maps/return-by-province.html")
    assert v.page.locator(".mtm-legend summary").inner_text().startswith(f"legend {SCRIPT}")
    labels = v.page.eval_on_selector_all(
        "path.leaflet-interactive", "els => els.map(e => e.getAttribute('aria-label') || '')")
    assert any(SCRIPT in label for label in labels), labels
    shape = v.page.locator("path.leaflet-interactive[aria-label*='__xss']").first
    shape.hover(force=True)
    tip = v.page.locator(".leaflet-tooltip")
    tip.wait_for(state="visible", timeout=5000)
    assert SCRIPT in tip.inner_text() and tip.locator("script, img").count() == 0
    assert not v.ran() and v.dialogs == []


def test_search_results_show_titles_as_text(visit):
    v = visit()
    v.goto(f"{OLDER}/")
    v.page.locator(".md-search__input").first.click()
    v.page.keyboard.type("figure")  # Material searches on key events
    result = v.page.locator(".md-search-result__item").first
    result.wait_for(state="visible", timeout=15000)
    results = v.page.locator(".md-search-result").inner_text()
    assert f"Section overview {SCRIPT}" in results and f"key-figures {SCRIPT}" in results
    assert v.page.locator(".md-search-result script, .md-search-result img").count() == 0
    assert not v.ran() and v.dialogs == []
