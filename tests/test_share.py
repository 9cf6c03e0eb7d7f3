"""Share metadata (og:*, twitter:card) on every page, with a 1200 x 630 image made offline."""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ET
from html import unescape

from generator import share
from tests.conftest import COUNTRY, NEWER, OLDER


def _meta(html: str, prop: str) -> str | None:
    m = re.search(r'<meta (?:property|name)="' + re.escape(prop) + r'" content="([^"]*)"', html)
    return unescape(m.group(1)) if m else None


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_every_page_has_share_metadata_and_its_image(built_site):
    out, url = built_site["out"], built_site["url"]
    checked = 0
    for rid in (NEWER, OLDER):
        for page in sorted((out / COUNTRY / rid).glob("**/index.html")):
            if page.relative_to(out / COUNTRY / rid).parts[0] == "embed":
                continue  # a single figure's embed page (embeds.py), not a page of the site
            html = page.read_text(encoding="utf-8")
            if 'http-equiv="refresh"' in html:
                continue  # a redirect page
            title = _meta(html, "og:title")
            assert title and title in unescape(re.search(r"<title>(.*?)</title>", html).group(1))
            assert _meta(html, "og:description")
            assert _meta(html, "twitter:card") == "summary_large_image"
            image = _meta(html, "og:image")
            assert image and image.startswith(url) and image.endswith(".png"), image
            png = (out / image.removeprefix(url)).read_bytes()
            assert _png_size(png) == (1200, 630)
            checked += 1
    assert checked >= 7


def test_the_card_escapes_its_texts_and_wraps_long_titles(mini_project):
    rnd = mini_project.rounds[0]
    svg = share.card_svg(rnd, 'A "quoted" <script>alert(1)</script> & a very long page title '
                              "that needs more than three lines on the card to be shown whole")
    root = ET.fromstring(svg)  # well-formed: nothing from the title became markup
    texts = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert not list(root.iter("script")) and "<script>" not in svg
    title_lines = [t for t in texts if "quoted" in t or "title" in t or "lines" in t]
    assert 1 <= len(title_lines) <= share.TITLE_LINES
    assert all(len(t) <= share.TITLE_WIDTH + 1 for t in title_lines)
    assert title_lines[-1].endswith("\u2026")
