"""Images in narrative Markdown: files inside the round, published with its pages.

`![Fieldwork in Kostanay](images/fieldwork.jpg)` in `narrative/overview.md` names
`narrative/images/fieldwork.jpg` (paths are relative to the narrative file, as in any
Markdown). The file must lie inside the round folder (after following links), be a PNG,
JPEG, GIF or WebP image of at most MAX_IMAGE_BYTES, and exist; it is published as
`assets/narrative/<path in the round>` and the page links to that copy. SVG is not
accepted: an SVG file can carry scripts.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from generator import sanitize
from generator.load import inside

MAX_IMAGE_BYTES = 2 * 1024 * 1024
KINDS = {".png": b"\x89PNG", ".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff",
         ".gif": b"GIF8", ".webp": b"RIFF"}
PUBLISHED = "assets/narrative"
IMG_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]+)(")')


@dataclass(frozen=True)
class Image:
    line: int
    src: str  # as written
    in_round: str  # its path inside the round folder, e.g. "narrative/images/a.jpg"


def in_round(narrative_file: str, src: str) -> str | None:
    """The round-relative path an image source names, or None if it leaves the round."""
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(narrative_file), src))
    return None if joined.startswith(("../", "/")) or joined == ".." else joined


def problems(round_dir: Path, narrative_file: str, text: str, html: str | None = None
             ) -> tuple[list[Image], list[tuple[int, str]]]:
    """The narrative's images, and (line, message) for each one that cannot be published.
    `html`: the text converted by sanitize.to_html, when the caller has it."""
    found: list[Image] = []
    bad: list[tuple[int, str]] = []
    for line, src in sanitize.image_sources(text, html):
        rel = in_round(narrative_file, src)
        path = inside(round_dir, rel) if rel else None
        suffix = Path(src).suffix.lower()
        if path is None:
            bad.append((line, f"image {src!r} is outside the round folder; expected a file "
                              "inside it, relative to the narrative file"))
        elif suffix not in KINDS:
            bad.append((line, f"image {src!r} is not a PNG, JPEG, GIF or WebP file"))
        elif not path.is_file():
            bad.append((line, f"image {src!r} does not exist (looked for {rel})"))
        elif path.stat().st_size > MAX_IMAGE_BYTES:
            bad.append((line, f"image {src!r} is more than the limit of 2 MB"))
        elif not _head(path).startswith(KINDS[suffix]):
            bad.append((line, f"image {src!r} is not a {suffix[1:].upper()} file inside"))
        else:
            found.append(Image(line, src, rel))
    return found, bad


def _head(path: Path) -> bytes:
    with path.open("rb") as f:
        return f.read(4)


def published_path(image_in_round: str) -> str:
    return f"{PUBLISHED}/{image_in_round}"


def relink(page_markdown: str, narrative_file: str, root: str) -> str:
    """Point each image of a page's (sanitized) narrative at its published copy."""
    def swap(m: re.Match[str]) -> str:
        rel = in_round(narrative_file, m.group(2))
        return m.group(1) + (root + published_path(rel) if rel else "") + m.group(3)

    return IMG_SRC.sub(swap, page_markdown)
