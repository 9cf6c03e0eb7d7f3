"""The site search finds figures by their titles and their text alternatives.

Material's search indexes the text of each page, not attributes such as an image's alt:
the chart's text alternative is also in its data block (templates/_figure.html)."""

from __future__ import annotations

import json
import re
from html import unescape

from tests.conftest import COUNTRY, NEWER, OLDER


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", text))).strip()


def test_search_covers_chart_titles_and_text_alternatives(built_site):
    checked = 0
    for rid in (NEWER, OLDER):
        base = built_site["out"] / COUNTRY / rid
        index = json.loads((base / "search" / "search_index.json").read_text(encoding="utf-8"))
        text = _norm(" ".join(d["title"] + " " + d["text"] for d in index["docs"]))
        for page in sorted(base.glob("**/index.html")):
            html = page.read_text(encoding="utf-8")
            for alt in re.findall(r'<img class="mtm-chart__static"[^>]*\balt="([^"]+)"', html):
                assert _norm(alt) in text, (page, alt)
                checked += 1
            for title in re.findall(r'<figcaption class="mtm-figure__title">(.*?)</figcaption>',
                                    html):
                assert _norm(title) in text, (page, title)
    assert checked >= 3
