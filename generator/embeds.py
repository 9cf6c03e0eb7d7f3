"""What a reader takes away from one figure: a titled image, an embed page and a citation.

For every chart and map, beside the files its kind writes:
- `assets/figures/<id>.svg` and `.png`: the figure's static image with its title above
  and its source and the round's citation below, so the image carries its provenance
  wherever it is pasted. The PNG is drawn from that SVG by vl-convert's resvg (offline,
  system fonts) and cached by content (blobs.py).
- `embed/<id>/index.html`: a standalone page of that one figure (title, image, source,
  citation, data table, a link back), self-contained: its style is inline and it loads
  nothing but the figure's image from this site. It needs no JavaScript, so it degrades
  to itself.
The page's figure gets an "Embed and cite" block (templates/figure_share.html) with the
embed code, the figure's citation and a link to the figure.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, replace
from pathlib import Path

from generator import blobs, markup, raster
from generator.figures import RenderedFigure
from generator.messages import ENGLISH, Messages
from generator.model import Round

FIGURE_DIR = "assets/figures"
EMBED_DIR = "embed"
FAMILIES = ("chart", "map")
_SIZE = re.compile(r'<svg\b[^>]*?\bwidth="([\d.]+)"[^>]*?\bheight="([\d.]+)"', re.S)
_VIEWBOX = re.compile(r'<svg\b[^>]*?\bviewBox="([^"]+)"', re.S)


@dataclass(frozen=True)
class Take:
    """The links of one figure's extras, relative to the round's root."""

    svg: str
    png: str
    embed: str


def paths(figure_id: str) -> Take:
    return Take(f"{FIGURE_DIR}/{figure_id}.svg", f"{FIGURE_DIR}/{figure_id}.png",
                f"{EMBED_DIR}/{figure_id}/")


def static_image(rendered: RenderedFigure) -> str | None:
    """The figure's static SVG among its files (the wide one when there are several)."""
    svgs = sorted(p for p in rendered.files if p.endswith(".svg"))
    wide = [p for p in svgs if "narrow" not in p]
    return (wide or svgs or [None])[0]


def titled_svg(inner: str, title: str, source: str, citation: str,
               messages: Messages = ENGLISH) -> str:
    """The figure's SVG inside a frame with its title, source and citation as text, in the
    reader's language (`messages`; the SVG's xml:lang)."""
    size = _SIZE.search(inner)
    width, height = (float(size.group(1)), float(size.group(2))) if size else (640.0, 400.0)
    if not size and (vb := _VIEWBOX.search(inner)):
        _, _, width, height = (float(x) for x in vb.group(1).split())
    width = max(width, 480.0)
    chars = max(40, int(width / 7.2))  # about 7 px per character at 13 px
    body = re.sub(r"^\s*<\?xml[^>]*\?>\s*", "", inner)
    cite = messages.gettext("Cite as: %(citation)s", citation=citation)
    return str(markup.render(
        "figure_image.svg", messages, width=round(width + 40), inner_height=round(height),
        title_lines=textwrap.wrap(title, int(width / 10)) or [title],
        foot_lines=[messages.gettext("Source: %(source)s", source=source),
                    *textwrap.wrap(cite, chars)],
        inner=markup.Markup(body)))


def png(svg: str, folder: Path) -> tuple[bytes, str]:
    key = blobs.digest(raster.VERSION, "scale1.5", svg)
    data, _made = blobs.cached(folder, key, ".png", lambda: raster.svg_to_png(svg, scale=1.5))
    return data, key


def figure_url(round_url: str, page_path: str, figure_id: str) -> str:
    page = "" if page_path == "index.md" else page_path.removesuffix(".md") + "/"
    return f"{round_url}{page}#fig-{figure_id}"


def extras(rnd: Round, rendered: RenderedFigure, page_path: str, round_url: str,
           source: str, folder: Path | None) -> tuple[dict[str, str | bytes], set[str]]:
    """The figure's titled image (SVG, and PNG when `folder` caches it) and embed page, in
    the edition's language (`rnd.messages`); `source` is the figure's source line as text."""
    image = static_image(rendered)
    if image is None:
        return {}, set()
    take = paths(rendered.figure_id)
    inner = rendered.files[image]
    inner = inner.decode("utf-8") if isinstance(inner, bytes) else inner
    svg = titled_svg(inner, rendered.title, source, rnd.meta.citation, rnd.messages)
    files: dict[str, str | bytes] = {take.svg: svg}
    used: set[str] = set()
    if folder is not None:
        files[take.png], key = png(svg, folder)
        used.add(key)
    files[f"{take.embed}index.html"] = str(markup.render(
        "embed.html", rnd.messages, title=rendered.title, round_title=rnd.meta.title, source=source,
        citation=rnd.meta.citation, image=f"../../{take.svg}",
        back=figure_url(round_url, page_path, rendered.figure_id),
        png=f"../../{take.png}" if folder is not None else None))
    return files, used


def with_share_block(rendered: RenderedFigure, rnd: Round, page_path: str, round_url: str,
                     csv_path: str, sidecar_path: str) -> RenderedFigure:
    """The figure's HTML with its "Download, embed and cite" block, before `</figure>`."""
    image = static_image(rendered)
    end = rendered.html.rfind("</figure>")
    if image is None or end < 0:
        return rendered
    take = paths(rendered.figure_id)
    size = _SIZE.search(rendered.files[image] if isinstance(rendered.files[image], str)
                        else rendered.files[image].decode("utf-8"))
    height = round(float(size.group(2))) + 160 if size else 560
    url = figure_url(round_url, page_path, rendered.figure_id)
    messages = rnd.messages
    block = str(markup.render(
        "figure_share.html", messages, take=take, figure_id=rendered.figure_id,
        csv_path=csv_path, sidecar_path=sidecar_path,
        embed_url=f"{round_url}{take.embed}", title=rendered.title, height=height,
        # Translators: a figure's citation; `title` is the figure's, `round` the round's.
        citation_line=messages.gettext(
            "International Organization for Migration (IOM), %(published)s. %(title)s. "
            "In: %(round)s. %(url)s.", published=rnd.meta.published.display(rnd.lang),
            title=rendered.title, round=rnd.meta.title, url=url)))
    return replace(rendered, html=rendered.html[:end] + block + rendered.html[end:])
