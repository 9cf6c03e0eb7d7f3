"""The published-number snapshot: every number shown on every page of every round.

A built site's pages are read back (the article text of each page, in document order)
and every number a reader sees is listed per page. `tests/snapshots/published-numbers.json`
holds the list for the published rounds; a change that alters a published number fails
the suite until the snapshot is updated on purpose (`make snapshot`). A round that is not
in the snapshot yet is reported as new, never failed, so adding a round keeps CI green.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

# 598,094 · 77% · 3.1 · −14% · +47% · 2023 (years are numbers a reader sees, too)
NUMBER = re.compile(r"[+\u2212-]?\d(?:[\d,]*\d)?(?:\.\d+)?\s?%?")
SKIP = {"script", "style", "svg", "template", "noscript"}


class _ArticleText(HTMLParser):
    """The text of a page's <article> (Material's content), without scripts or SVG."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside <article>
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "article":
            self.depth += 1
        elif self.depth and tag in SKIP:
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and self.depth:
            self.depth -= 1
        elif self.depth and tag in SKIP and self.skip:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            self.parts.append(data)


# Addresses on a page (the embed code, "cite this figure") hold numbers that are no
# published figure: a port, a date in a path. They are left out.
URL = re.compile(r"\bhttps?://\S+")


def page_numbers(html: str) -> list[str]:
    parser = _ArticleText()
    parser.feed(html)
    text = URL.sub(" ", " ".join(parser.parts))
    return [m.group(0).replace("\u2212", "-").replace(" ", "") for m in NUMBER.finditer(text)]


def round_numbers(round_site: Path) -> dict[str, list[str]]:
    """Page path ("" for the home page, "emigrants/", ...) -> its numbers, for one round."""
    out: dict[str, list[str]] = {}
    for page in sorted(round_site.rglob("index.html")):
        rel = page.parent.relative_to(round_site).as_posix()
        if rel.startswith(("assets", "search")):
            continue
        out["" if rel == "." else f"{rel}/"] = page_numbers(page.read_text(encoding="utf-8"))
    return out


def site_numbers(site: Path, keys: list[str]) -> dict[str, dict[str, list[str]]]:
    """Round key ("kaz/<id>") -> its pages' numbers, for the rounds built in `site`."""
    return {k: round_numbers(site / k) for k in sorted(keys) if (site / k).is_dir()}


@dataclass
class Comparison:
    new_rounds: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)  # "kaz/<id>/<page>"
    removed: list[str] = field(default_factory=list)
    changed: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not (self.added or self.removed or self.changed)


def compare(snapshot: dict[str, dict[str, list[str]]],
            now: dict[str, dict[str, list[str]]]) -> Comparison:
    """What differs, for the rounds the snapshot has; rounds it lacks are new."""
    result = Comparison()
    for key, pages in sorted(now.items()):
        if key not in snapshot:
            result.new_rounds.append(key)
            continue
        before = snapshot[key]
        result.added += [f"{key}/{p}" for p in sorted(pages.keys() - before.keys())]
        result.removed += [f"{key}/{p}" for p in sorted(before.keys() - pages.keys())]
        for page in sorted(pages.keys() & before.keys()):
            if pages[page] != before[page]:
                result.changed[f"{key}/{page}"] = (before[page], pages[page])
    return result


def read(path: Path) -> dict[str, dict[str, list[str]]]:
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def write(path: Path, numbers: dict[str, dict[str, list[str]]]) -> None:
    """JSON with one line per page, so a change reads as a one-line diff per page."""
    lines = ["{"]
    for i, (key, pages) in enumerate(sorted(numbers.items())):
        lines.append(f"  {json.dumps(key)}: {{")
        for j, (page, values) in enumerate(sorted(pages.items())):
            comma = "," if j < len(pages) - 1 else ""
            lines.append(f"    {json.dumps(page)}: {json.dumps(values, ensure_ascii=False)}{comma}")
        lines.append("  }" + ("," if i < len(numbers) - 1 else ""))
    lines.append("}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
