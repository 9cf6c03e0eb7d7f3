"""Stage 5a, stage: write one edition of a round (a docs folder and an mkdocs config).

An edition's pages (pages.py), every figure's files (figures.py, from the cache when the
renderers are the cache's), each chart's and map's take-away files (embeds.py), the
round's data package (downloads/), its PDF (pdf.py) and share images (share.py), the
vendored scripts and the hand-written docs (copied, never written to). site.py builds
what is staged here with MkDocs; the preview stages the same way, without the PDF.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import vl_convert
import yaml

from generator import embeds, images, kinds, pdf, provenance, share
from generator.charts import vega_bundle, vl_version
from generator.config import country_label, round_config, round_url
from generator.contract import Figure
from generator.downloads import names
from generator.downloads.store import files as download_files
from generator.editions import edition
from generator.figures import DEFAULT_RENDERERS, RenderedFigure, Renderers, render_figure
from generator.maps import vendor_assets
from generator.messages import DEFAULT
from generator.model import Round
from generator.pages import Page, data_page, page_path, pdf_path, section_page
from generator.project import Country
from generator.tabular import csv_text
from generator.trends import has_trends, render_trends

VEGA_BUNDLE = "assets/vendor/vega/vega-embed-bundle.js"


@dataclass(frozen=True)
class Paths:
    """Where a project's inputs are and where its outputs go."""

    root: Path
    work_dir: Path | None = None

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def overrides(self) -> Path:
        return self.root / "overrides"

    @property
    def mkdocs_yml(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def work(self) -> Path:
        return self.work_dir or self.root / "build"

    @property
    def site(self) -> Path:
        return self.root / "site"


def render_round(
    rnd: Round, country: Country | None = None, *, map_tiles: bool = False,
    renderers: Renderers = DEFAULT_RENDERERS, round_address: str = "",
    image_cache: Path | None = None, used: set[str] | None = None,
) -> tuple[list[Page], dict[str, str | bytes]]:
    """A round's pages and every generated file they link to.

    With `round_address` (the round's public URL), every chart and map also gets its
    titled image, embed page and citation (embeds.py); with `image_cache`, a PNG of that
    image too, cached there (its key added to `used`)."""
    pages: list[Page] = []
    files: dict[str, str | bytes] = {}
    for section in rnd.sections:
        rendered: list[RenderedFigure] = [
            render_figure(f, rnd, map_tiles=map_tiles, renderers=renderers)
            for f in section.figures]
        if round_address:
            rendered = [_take_away(rnd, f, r, page_path(rnd, section), round_address,
                                   image_cache, files, used)
                        for f, r in zip(section.figures, rendered, strict=True)]
        for fig in rendered:
            files.update(fig.files)
        pages.append(section_page(rnd, section, rendered))
    if country is not None and has_trends(country, rnd):
        page, figures = render_trends(country, country_label(rnd), rnd, renderers)
        pages.append(page)
        for fig in figures:
            files.update(fig.files)
    pages.append(data_page(rnd))
    # Narrative images, found and checked while validating (Round.images).
    for image in rnd.images:
        files[images.published_path(image.in_round)] = (rnd.path / image.in_round).read_bytes()
    # Every table is downloadable from the data page, figure or not.
    for name, table in rnd.tables.items():
        files.setdefault(f"assets/data/{name}.csv", csv_text(table.spec, list(table.rows)))
    return pages, files


def _take_away(rnd: Round, fig: Figure, rendered: RenderedFigure, page: str, address: str,
               image_cache: Path | None, files: dict[str, str | bytes],
               used: set[str] | None) -> RenderedFigure:
    """A chart's or map's downloads, embed page and citation block (embeds.py)."""
    if kinds.get(fig.kind).family not in embeds.FAMILIES or not rnd.table_for(fig).rows:
        return rendered
    table = rnd.table_for(fig)
    credit = provenance.source_credit(table.spec.credit, "", rnd.meta.short_title,
                                      rnd.messages).text
    source = f"{credit}, {rnd.meta.short_title}"
    extra, keys = embeds.extras(rnd, rendered, page, address, source, image_cache)
    files.update(extra)
    if used is not None:
        used |= keys
    # The data package's copy of the table: the same bytes, with its metadata sidecar.
    return embeds.with_share_block(rendered, rnd, page, address,
                                   f"{names.FOLDER}/{names.csv(table.name)}",
                                   f"{names.FOLDER}/{names.sidecar(table.name)}")


def write_files(base: Path, files: dict[str, str | bytes]) -> None:
    for rel, content in sorted(files.items()):
        target = base / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")


def vega_bundle_file(cache_dir: Path) -> Path:
    """The Vega bundle takes seconds to produce; keep it per vl-convert/Vega-Lite version."""
    key = hashlib.sha256(f"{vl_convert.__version__}-{vl_version()}".encode()).hexdigest()[:12]
    path = cache_dir / f"vega-embed-bundle-{key}.js"
    if not path.is_file():
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(vega_bundle(), encoding="utf-8")
        tmp.replace(path)
    return path


def cached_vega_bundle(cache_dir: Path) -> str:
    return vega_bundle_file(cache_dir).read_text(encoding="utf-8")


def edition_files(
    rnd: Round, country: Country, paths: Paths, site_url: str, vega_js: str,
    *, map_tiles: bool = False, renderers: Renderers = DEFAULT_RENDERERS,
    share_cache: Path | None = None, used: set[str] | None = None, lang: str = DEFAULT,
) -> tuple[Round, list[Page], dict[str, str | bytes]]:
    """The edition of `rnd` in `lang`, its pages and every generated file of it but its PDF
    and share cards: what the PDF is made from (`edition_pdf`)."""
    base, rnd = rnd, edition(rnd, lang)
    pages, files = render_round(rnd, country, map_tiles=map_tiles, renderers=renderers,
                                round_address=round_url(site_url, rnd),
                                image_cache=share_cache, used=used)
    files[VEGA_BUNDLE] = vega_js
    # The round's data package (generator/downloads), from the cache when unchanged.
    # The data package is the same in every edition: machine-readable, from the English round.
    files.update(download_files(base, round_url(site_url, base), paths.work / "cache"))
    for rel, content in vendor_assets().items():
        files[f"assets/vendor/{rel}"] = content
    return rnd, pages, files


def edition_pdf(rnd: Round, files: dict[str, str | bytes], site_url: str,
                renderers: Renderers, pdf_cache: Path) -> tuple[bytes, str]:
    """The edition's PDF (pdf.py) from `pdf_cache`, or made now and stored there."""
    data, key, _made = pdf.round_pdf(rnd, renderers, files, round_url(site_url, rnd), pdf_cache)
    return data, key


def stage_round(
    rnd: Round, country: Country, paths: Paths, stage: Path, site_url: str, vega_js: str,
    *, map_tiles: bool = False, renderers: Renderers = DEFAULT_RENDERERS,
    pdf_cache: Path | None = None, share_cache: Path | None = None,
    used: set[str] | None = None, lang: str = DEFAULT,
) -> Path:
    """Write the docs dir and mkdocs config of a round's edition in `lang` under `stage`;
    return the config path.

    With `pdf_cache`, the edition's PDF is made too (or taken from that cache folder), and
    with `share_cache` every figure's PNG and every page's share image; their cache keys
    are added to `used`. The live preview leaves the PDF out (it takes seconds) and keeps
    the images (cached, they cost it nothing measurable)."""
    if stage.exists():
        shutil.rmtree(stage)
    docs = stage / "docs"
    # Hand-written docs (styles, scripts) are copied, never written to.
    # livereload.js is for `make serve` only (generator/preview.py adds it there).
    shutil.copytree(paths.docs, docs, ignore=shutil.ignore_patterns("*.md", "livereload.js"))
    rnd, pages, files = edition_files(rnd, country, paths, site_url, vega_js,
                                      map_tiles=map_tiles, renderers=renderers,
                                      share_cache=share_cache, used=used, lang=lang)
    if pdf_cache is not None:
        files[pdf_path(rnd)], key = edition_pdf(rnd, files, site_url, renderers, pdf_cache)
        if used is not None:
            used.add(key)
    if share_cache is not None:
        for page in pages:
            files[share.share_path(page.path)], key = share.card_png(
                share.card_svg(rnd, page.title), share_cache)
            if used is not None:
                used.add(key)
    files.update({p.path: p.markdown for p in pages})
    write_files(docs, files)
    config = stage / "mkdocs.yml"
    config.write_text(
        yaml.safe_dump(round_config(rnd, country, paths.mkdocs_yml, paths.overrides, docs,
                                    site_url), sort_keys=False, allow_unicode=True),
        encoding="utf-8",
    )
    return config
