"""Every internal link and anchor of a built site resolves (the fixture project's build)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tests.hostile import run_cli


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        for name in ("href", "src", "data-spec"):
            if a.get(name) and not (tag == "link" and a.get("rel") in ("canonical", "alternate")):
                self.links.append(a[name])


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _target(site: Path, page: Path, path: str) -> Path:
    target = (site / path.lstrip("/")) if path.startswith("/") else (page.parent / path)
    target = target.resolve()
    return target / "index.html" if target.is_dir() else target


def test_every_internal_link_and_anchor_resolves(mini: Path):
    proc = run_cli(mini, "build", "--site-url", "http://127.0.0.1:8000/")
    assert proc.returncode == 0, proc.stderr
    site = (mini / "site").resolve()
    pages = [p for p in site.rglob("*.html") if p.name != "404.html"]  # 404 is served anywhere
    parsed = {p: _parse(p) for p in pages}
    broken, checked = [], 0
    for page, found in parsed.items():
        for link in found.links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith(("//", "data:")):
                continue
            target = _target(site, page, unquote(parts.path)) if parts.path else page
            checked += 1
            if not target.exists() or site not in target.parents:
                broken.append(f"{page.relative_to(site)}: {link}")
                continue
            if parts.fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else _parse(target).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{page.relative_to(site)}: {link} (no such anchor)")
    assert checked > 100
    assert not broken, "\n".join(broken[:20])
    # And redirect pages name their target in the script and the refresh alike.
    for page in site.rglob("latest/**/index.html"):
        html = page.read_text(encoding="utf-8")
        refresh = re.search(r'url=([^"]+)"', html).group(1)
        assert _target(site, page, refresh).exists(), page
