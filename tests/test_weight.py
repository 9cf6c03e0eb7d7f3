"""The weight budget (docs/figure-rules.md, "Pages, print and weight"): bytes, not time.

Every section page of the gallery fixture (one figure of every kind) is opened in a fresh
Chromium at 390 px, as a phone reader first sees it: everything it loads until the network
is idle, before any interaction (no scroll, pointer, focus or tap), is counted. Each map
document is opened on its own the same way.

The test server is Python's http.server, which sends no compression; a real host sends
gzip. So the size counted for each response is its body compressed here with
`gzip.compress(body, 9)`: what a gzip-serving host would transfer, give or take headers.
Map tiles would be excluded (the fixture has none; boundaries only).
"""

from __future__ import annotations

import gzip
from urllib.parse import urlparse

import pytest

from tests.conftest import COUNTRY, GALLERY
from tests.test_browser import _pages

pytestmark = pytest.mark.browser

PAGE_BUDGET = 150_000   # bytes gzip, every section page, first load before interaction
MAP_BUDGET = 60_000     # bytes gzip, every map document
TILE_HINTS = ("/tiles/", "tile.openstreetmap")


def first_load(browser, url: str, width: int = 390) -> dict[str, int]:
    """Gzip bytes by resource type of everything `url` loads until the network is idle."""
    context = browser.new_context(viewport={"width": width, "height": 844})
    host = urlparse(url).netloc
    # Nothing leaves the machine; a request elsewhere would be a failure of its own.
    context.route("**/*", lambda r: r.continue_() if urlparse(r.request.url).netloc in
                  (host, "") else r.abort())
    page = context.new_page()
    responses = []
    page.on("response", lambda resp: responses.append(resp))
    try:
        page.goto(url, wait_until="networkidle")
        sizes: dict[str, int] = {}
        for resp in responses:
            if any(h in resp.url for h in TILE_HINTS) or not 200 <= resp.status < 300:
                continue
            kind = resp.request.resource_type
            sizes[kind] = sizes.get(kind, 0) + len(gzip.compress(resp.body(), 9))
        return sizes
    finally:
        context.close()


def report(measured: dict[str, dict[str, int]], budget: int) -> str:
    """One line per page over budget: its total and its bytes by type, in KB gzip."""
    return "\n".join(
        f"{name}: {sum(s.values()) / 1e3:.0f} KB gzip > {budget / 1e3:.0f} KB ("
        + ", ".join(f"{k} {v / 1e3:.0f}" for k, v in sorted(s.items())) + ")"
        for name, s in measured.items() if sum(s.values()) > budget)


def _section_pages(gallery_site) -> list[str]:
    # Section pages only: the Data and sources page is a list of tables, not a section.
    return [p for p in _pages(gallery_site["out"], GALLERY) if not p.endswith("/data/")]


def test_every_section_page_is_within_150_kb_gzip_before_interaction(browser, gallery_site):
    measured = {p: first_load(browser, gallery_site["url"] + p)
                for p in _section_pages(gallery_site)}
    assert len(measured) >= 7
    over = report(measured, PAGE_BUDGET)
    assert over == "", "\n" + over


def test_every_map_document_is_within_60_kb_gzip(browser, gallery_site):
    maps = sorted((gallery_site["out"] / COUNTRY / GALLERY / "assets/maps").glob("*.html"))
    assert maps
    measured = {m.name: first_load(browser, f"{gallery_site['round']}assets/maps/{m.name}")
                for m in maps}
    over = report(measured, MAP_BUDGET)
    assert over == "", "\n" + over
