"""Maps in headless Chromium, on the gallery fixture (one coverage map, one choropleth, one
bubble map; real label shapes) and the mini fixture: the static image without JavaScript
and in print, one tab stop per unit, a visible focus, the skip link, the frame's size, the
phone hint, the weight of each map document and axe on each map document.
"""

from __future__ import annotations

import gzip
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.conftest import COUNTRY, GALLERY, point_at

pytestmark = pytest.mark.browser

MAP_BUDGET = 60_000  # bytes, gzip: a map document and everything it loads, cache empty
SECTIONS = ("international-migrant-workers", "internal-migrants")  # the gallery's map pages


@pytest.fixture()
def context(browser, gallery_site):
    made = []

    def make(**options):
        ctx = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, **options})
        host = urlparse(gallery_site["url"]).netloc
        ctx.route("**/*", lambda r: r.continue_() if urlparse(r.request.url).netloc == host
                  else r.abort())
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.close()


def _map_documents(gallery_site) -> list[Path]:
    docs = sorted((gallery_site["out"] / COUNTRY / GALLERY / "assets/maps").glob("*.html"))
    assert {p.stem for p in docs} >= {"coverage-map", "imw-by-province",
                                      "internal-migrants-by-province"}
    return docs


def _unit_count(gallery_site) -> int:
    import json

    layer = gallery_site["project"] / "data/geo/kaz_adm1.geojson"
    return len(json.loads(layer.read_text(encoding="utf-8"))["features"])


def _check_static_shown(page) -> None:
    figures = page.locator("figure.mtm-map")
    assert figures.count() >= 1
    for i in range(figures.count()):
        fig = figures.nth(i)
        fig.scroll_into_view_if_needed()
        img = fig.locator("img.mtm-map__static")
        assert img.is_visible()
        box = img.bounding_box()
        assert box and box["width"] > 300 and box["height"] > 150
        assert not fig.locator("iframe.mtm-map__frame").is_visible()
        assert (img.get_attribute("alt") or "").startswith("Map: ")


@pytest.mark.parametrize("section", SECTIONS)
def test_without_javascript_the_static_map_replaces_the_frame(context, gallery_site, section):
    page = context(java_script_enabled=False).new_page()
    page.goto(f"{gallery_site['round']}{section}/", wait_until="networkidle")
    _check_static_shown(page)
    img = page.locator("img.mtm-map__static").first
    img.scroll_into_view_if_needed()
    page.wait_for_function("el => el.complete && el.naturalWidth > 0", arg=img.element_handle())


@pytest.mark.parametrize("section", SECTIONS)
def test_in_print_the_static_map_replaces_the_frame(context, gallery_site, section):
    page = context().new_page()
    page.goto(f"{gallery_site['round']}{section}/", wait_until="networkidle")
    # On screen the live map replaces the static one once the reader asks for it ...
    point_at(page, page.locator("img.mtm-map__static").first)
    frame = page.locator("iframe.mtm-map__frame").first
    frame.wait_for(state="visible")
    assert not page.locator("img.mtm-map__static").first.is_visible()
    # ... and printed, even then, the static map is what appears.
    page.emulate_media(media="print")
    _check_static_shown(page)


def test_static_image_file_is_the_one_the_page_shows(gallery_site):
    html = (gallery_site["out"] / COUNTRY / GALLERY / "internal-migrants/index.html").read_text(
        encoding="utf-8")
    assert 'src="../assets/maps/internal-migrants-by-province.svg"' in html
    for doc in _map_documents(gallery_site):
        svg = doc.with_suffix(".svg").read_text(encoding="utf-8")
        assert svg.startswith("<svg ") and 'role="img"' in svg


def _tab_stops(page, limit: int = 80) -> list[str]:
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = page.evaluate(
            "() => { const a = document.activeElement;"
            " if (!a || a === document.body) return null;"
            " return a.tagName.toLowerCase() + '|' + (a.getAttribute('aria-label')"
            " || a.textContent || '').trim().slice(0, 60); }")
        if info is None or (stops and info == stops[0]):
            break
        stops.append(info)
    return stops


def test_each_unit_is_one_tab_stop_with_a_visible_focus(context, gallery_site):
    units = _unit_count(gallery_site)
    page = context().new_page()
    for doc in _map_documents(gallery_site):
        page.goto(f"{gallery_site['round']}assets/maps/{doc.name}", wait_until="networkidle")
        page.wait_for_selector("path.leaflet-interactive")
        stops = _tab_stops(page)
        shapes = [s for s in stops if s.startswith("path|")]
        assert len(shapes) == units, (doc.name, len(shapes), stops)
        assert len({s for s in shapes}) == units  # each unit once, by its name
        # A focused shape: a thick black outline (WCAG 2.2 focus appearance).
        page.locator("path.leaflet-interactive").first.focus()
        style = page.evaluate(
            "() => { const s = getComputedStyle(document.activeElement);"
            " return [s.stroke, parseFloat(s.strokeWidth)]; }")
        assert style[0] == "rgb(0, 0, 0)" and style[1] >= 3, style


def test_mini_maps_have_one_tab_stop_per_unit(browser, built_site, server):
    """The same on the mini fixture's maps (its other round and layer copy)."""
    import json

    out = built_site["out"]
    docs = sorted(out.glob(f"{COUNTRY}/*/assets/maps/*.html"))
    assert docs
    units = len(json.loads((built_site["project"] / "data/geo/kaz_adm1.geojson")
                           .read_text(encoding="utf-8"))["features"])
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = ctx.new_page()
        for doc in docs:
            page.goto(server + doc.relative_to(out).as_posix(), wait_until="networkidle")
            page.wait_for_selector("path.leaflet-interactive")
            shapes = [s for s in _tab_stops(page) if s.startswith("path|")]
            assert len(shapes) == len(set(shapes)) == units, (doc.name, shapes)
            assert doc.with_suffix(".svg").is_file()
    finally:
        ctx.close()


def test_a_city_and_its_circle_are_one_stop_and_light_up_together(context, gallery_site):
    page = context().new_page()
    page.goto(f"{gallery_site['round']}assets/maps/imw-by-province.html",
              wait_until="networkidle")
    page.wait_for_selector("path.leaflet-interactive")
    circles = page.locator("path.leaflet-interactive[tabindex='-1']")
    assert circles.count() >= 3
    city = page.locator("path.leaflet-interactive[aria-label^='Almaty city']")
    city.focus()
    lit = page.locator("path.mtm-focus")
    assert lit.count() >= 1
    page.evaluate("() => document.activeElement.blur()")
    assert page.locator("path.mtm-focus").count() == 0


def test_skip_link_moves_past_the_map(context, gallery_site):
    page = context().new_page()
    page.goto(f"{gallery_site['round']}internal-migrants/", wait_until="networkidle")
    point_at(page, page.locator("img.mtm-map__static").first)  # the live map is there
    page.locator("iframe.mtm-map__frame").first.wait_for(state="visible")
    skip = page.locator("a.mtm-map__skip").first
    skip.focus()
    assert skip.is_visible()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.id.endsWith('-summary')")
    assert page.evaluate("() => document.activeElement.className").startswith(
        "mtm-map__summary")


@pytest.mark.parametrize("width", [390, 1366])
def test_frame_is_sized_to_the_map_before_it_loads(context, gallery_site, width):
    page = context(viewport={"width": width, "height": 900}).new_page()
    page.goto(f"{gallery_site['round']}internal-migrants/", wait_until="networkidle")
    static = page.locator("img.mtm-map__static").first
    static.scroll_into_view_if_needed()
    before = static.bounding_box()  # the static map holds the frame's place
    point_at(page, static)
    frame_el = page.locator("iframe.mtm-map__frame").first
    frame_el.wait_for(state="visible")
    frame = frame_el.element_handle().content_frame()
    frame.wait_for_selector("path.leaflet-interactive")
    after = frame_el.bounding_box()
    assert before and after and abs(before["height"] - after["height"]) < 1  # nothing shifts
    # The country fills most of the frame: no empty third.
    shapes = frame.evaluate(
        "() => { const r = [...document.querySelectorAll('path.leaflet-interactive')]"
        ".map(e => e.getBoundingClientRect());"
        " return [Math.min(...r.map(b => b.top)), Math.max(...r.map(b => b.bottom)),"
        " Math.min(...r.map(b => b.left)), Math.max(...r.map(b => b.right))]; }")
    filled_h = (shapes[1] - shapes[0]) / after["height"]
    filled_w = (shapes[3] - shapes[2]) / after["width"]
    # (A fixed 30rem frame left about a third empty: 0.52 x 0.75 at 1366 px.)
    assert max(filled_h, filled_w) > 0.78 and min(filled_h, filled_w) > 0.6, (filled_h, filled_w)


def test_one_finger_on_a_phone_scrolls_the_page_and_says_how_to_move_the_map(
        context, gallery_site):
    ctx = context(viewport={"width": 390, "height": 800}, is_mobile=True, has_touch=True)
    page = ctx.new_page()
    page.goto(f"{gallery_site['round']}assets/maps/coverage-map.html", wait_until="networkidle")
    page.wait_for_selector("path.leaflet-interactive")
    container = page.locator(".leaflet-container")
    # Dragging is off on phones, so the page keeps one-finger scrolling; pinch still zooms.
    assert page.evaluate("() => getComputedStyle(document.querySelector('.leaflet-container'))"
                         ".touchAction") in ("pan-x pan-y", "auto", "manipulation")
    hint = page.locator(".mtm-hint")
    assert hint.is_hidden()
    box = container.bounding_box()
    page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert hint.is_visible() and "two fingers" in hint.inner_text()


def test_each_map_document_is_at_most_60_kb_gzip(context, gallery_site):
    """Everything a map document makes the browser load (itself, Leaflet, its CSS), with an
    empty cache, gzip-compressed as a server sends it."""
    measured = {}
    for doc in _map_documents(gallery_site):
        page = context().new_page()
        bodies: dict[str, bytes] = {}
        page.on("response", lambda r, bodies=bodies: bodies.__setitem__(r.url, r.body())
                if r.ok else None)
        page.goto(f"{gallery_site['round']}assets/maps/{doc.name}", wait_until="networkidle")
        page.wait_for_selector("path.leaflet-interactive")
        assert len(bodies) >= 3, bodies.keys()  # the document, leaflet.js, leaflet.css
        measured[doc.name] = sum(len(gzip.compress(b, 6)) for b in bodies.values())
        page.close()
    assert all(n <= MAP_BUDGET for n in measured.values()), measured


def test_map_documents_have_no_accessibility_violations(context, gallery_site):
    from tests.test_browser import axe_findings

    page = context().new_page()

    def open_(name: str):
        page.goto(f"{gallery_site['round']}assets/maps/{name}", wait_until="networkidle")
        page.wait_for_selector("path.leaflet-interactive")
        return page

    assert axe_findings(open_, [doc.name for doc in _map_documents(gallery_site)]) == {}


def test_the_live_map_loads_only_when_the_reader_asks(context, gallery_site):
    """First load carries the static map; the map document (and Leaflet) come on pointing
    at it or pressing "Interactive map", which moves the focus into the map."""
    page = context().new_page()
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    page.goto(f"{gallery_site['round']}internal-migrants/", wait_until="networkidle")
    assert not [u for u in asked if "/assets/maps/" in u and u.endswith(".html")]
    assert not [u for u in asked if "leaflet" in u.lower()]
    assert page.locator("img.mtm-map__static").first.is_visible()
    button = page.locator("button.mtm-map__activate").first
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.tagName === 'IFRAME'")
    frame = page.locator("iframe.mtm-map__frame").first.element_handle().content_frame()
    frame.wait_for_selector("path.leaflet-interactive")
    assert [u for u in asked if "/assets/maps/" in u and u.endswith(".html")]
    assert not page.locator("img.mtm-map__static").first.is_visible()
