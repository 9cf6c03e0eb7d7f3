"""Per figure: titled image (SVG, PNG), a standalone embed page and a citation block.

Runs on the mini fixture's shared build; the embed pages are loaded in Chromium with
JavaScript off and every request outside the test server blocked.
"""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ET
from html import unescape
from urllib.parse import urljoin, urlparse

import pytest

from generator import embeds, kinds
from tests.conftest import COUNTRY, NEWER, OLDER
from tests.test_browser import Visit

FAMILIES = embeds.FAMILIES


def _figures(rnd):
    for section in rnd.sections:
        for fig in section.figures:
            if kinds.get(fig.kind).family in FAMILIES and rnd.table_for(fig).rows:
                yield section, fig


def _page_of(out, rnd, section):
    rel = "" if section is rnd.sections[0] else f"{section.id}/"
    return out / COUNTRY / rnd.id / rel / "index.html"


@pytest.mark.parametrize("rid", [NEWER, OLDER])
def test_every_chart_and_map_offers_images_embed_and_citation(built_site, mini_project, rid):
    rnd = next(r for r in mini_project.rounds if r.id == rid)
    base = built_site["out"] / COUNTRY / rid
    found = list(_figures(rnd))
    assert found
    for section, fig in found:
        page = _page_of(built_site["out"], rnd, section)
        html = page.read_text(encoding="utf-8")
        block = re.search(r'<figure[^>]*id="fig-' + re.escape(fig.id) + r'".*?</figure>', html, re.S)
        assert block, (fig.id, page)
        share = re.search(r'<details class="mtm-figure__share">.*?</details>', block.group(0), re.S)
        assert share, fig.id
        for href in re.findall(r'href="([^"#]+)"', share.group(0)):
            assert (page.parent / href).resolve().is_file(), (fig.id, href)
        code = unescape(re.search(r"<textarea[^>]*>(.*?)</textarea>", share.group(0), re.S).group(1))
        src = re.search(r'<iframe src="([^"]+)"', code).group(1)
        assert src == f"{built_site['url']}{COUNTRY}/{rid}/embed/{fig.id}/"
        cite = unescape(re.sub(r"<[^>]+>", "", re.search(
            r'<p class="mtm-figure__cite">(.*?)</p>', share.group(0), re.S).group(1)))
        assert fig.title in cite and f"#fig-{fig.id}" in cite and "Accessed" in cite
        png = (base / embeds.paths(fig.id).png).read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24])[0] >= 720
        svg = (base / embeds.paths(fig.id).svg).read_text(encoding="utf-8")
        texts = " ".join("".join(t.itertext()) for t in ET.fromstring(svg).iter()
                         if t.tag.endswith("text"))
        assert fig.title in texts and "Source:" in texts and "Cite as:" in texts


@pytest.mark.browser
def test_embed_pages_stand_alone_without_javascript_or_other_hosts(browser, built_site,
                                                                    mini_project, server):
    rnd = next(r for r in mini_project.rounds if r.id == NEWER)
    visit = Visit(browser, server, javascript=False)
    try:
        for _section, fig in _figures(rnd):
            url = urljoin(server, f"{COUNTRY}/{NEWER}/embed/{fig.id}/")
            requests: list[str] = []
            visit.page.on("request", lambda r, requests=requests: requests.append(r.url))
            visit.page.goto(url, wait_until="networkidle")
            assert visit.page.locator("h1").inner_text() == fig.title
            img = visit.page.locator("img")
            assert img.evaluate("i => i.complete && i.naturalWidth > 0")
            assert visit.page.locator(f'a[href*="#fig-{fig.id}"]').count() == 1
            assert all(urlparse(u).netloc == urlparse(server).netloc for u in requests), requests
            assert visit.page.locator("script").count() == 0
        assert visit.external == [] and visit.failed == [] and visit.errors == []
    finally:
        visit.close()
