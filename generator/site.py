"""Stage 5, assemble: stage each round's pages and assets, build with MkDocs, swap in.

The output layout (countries, versions, redirects, landing page) is in layout.py; the
MkDocs run in engine.py. Everything is built beside `site/` first and replaces it only
when every round built, so a failed build leaves the previous site as it was.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import vl_convert
import yaml

from generator import blobs, builds, embeds, images, kinds, pdf, provenance, share
from generator.cache import FigureCache, prune
from generator.charts import vega_bundle, vl_version
from generator.config import country_label, edition_dir, round_config, round_url
from generator.contract import Figure
from generator.downloads import names
from generator.downloads.store import files as download_files
from generator.editions import edition
from generator.figures import DEFAULT_RENDERERS, RenderedFigure, Renderers, render_figure
from generator.layout import (
    page_urls,
    swap_in,
    write_country_index,
    write_landing,
    write_legacy_redirects,
)
from generator.lock import exclusive
from generator.maps import vendor_assets
from generator.messages import DEFAULT
from generator.model import Round
from generator.pages import Page, data_page, page_path, pdf_path, section_page
from generator.project import Country, Project, load_project, round_dirs, select
from generator.tabular import csv_text
from generator.trends import has_trends, render_trends
from generator.workers import (
    Done,
    Stats,
    WarmPool,
    default_workers,
    read_job,
    timed,
    worth_a_pool,
    write_job,
)

Progress = Callable[[str], None]
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


def cached_vega_bundle(cache_dir: Path) -> str:
    """The Vega bundle takes seconds to produce; keep it per vl-convert/Vega-Lite version."""
    key = hashlib.sha256(f"{vl_convert.__version__}-{vl_version()}".encode()).hexdigest()[:12]
    path = cache_dir / f"vega-embed-bundle-{key}.js"
    if not path.is_file():
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(vega_bundle(), encoding="utf-8")
        tmp.replace(path)
    return path.read_text(encoding="utf-8")


def stage_round(
    rnd: Round, country: Country, paths: Paths, stage: Path, site_url: str, vega_js: str,
    *, map_tiles: bool = False, renderers: Renderers = DEFAULT_RENDERERS,
    pdf_cache: Path | None = None, share_cache: Path | None = None,
    used: set[str] | None = None, lang: str = DEFAULT,
) -> Path:
    """Write the docs dir and mkdocs config of a round's edition in `lang` under `stage`;
    return the config path.

    With `pdf_cache`, the edition's PDF is made too (or taken from that cache folder), and
    with `share_cache` every page's share image; their cache keys are added to `used`.
    The live preview leaves both out (the PDF takes seconds). The data package is the
    same in every edition: machine-readable, made from the English round."""
    base, rnd = rnd, edition(rnd, lang)
    if stage.exists():
        shutil.rmtree(stage)
    docs = stage / "docs"
    # Hand-written docs (styles, scripts) are copied, never written to.
    # livereload.js is for `make serve` only (generator/preview.py adds it there).
    shutil.copytree(paths.docs, docs, ignore=shutil.ignore_patterns("*.md", "livereload.js"))
    pages, files = render_round(rnd, country, map_tiles=map_tiles, renderers=renderers,
                                round_address=round_url(site_url, rnd),
                                image_cache=share_cache, used=used)
    files[VEGA_BUNDLE] = vega_js
    # The round's data package (generator/downloads), from the cache when unchanged.
    files.update(download_files(base, round_url(site_url, base), paths.work / "cache"))
    for rel, content in vendor_assets().items():
        files[f"assets/vendor/{rel}"] = content
    if pdf_cache is not None:
        data, key, _made = pdf.round_pdf(rnd, renderers, files,
                                         round_url(site_url, rnd), pdf_cache)
        files[pdf_path(rnd)] = data
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


def build(
    root: Path,
    site_url: str,
    out: Path | None = None,
    only: list[str] | None = None,
    progress: Progress = print,
    work: Path | None = None,
    map_tiles: bool = False,
    lock_wait: float = 600.0,
    jobs: int | None = None,
) -> Project:
    """Validate every round, then build the chosen ones (`only`: round ids, `<country>/<id>`
    keys or country codes; default all); replace the output only on success.

    Every round is validated, whatever is built: "latest", the version lists and the
    landing page depend on all of them. One build at a time per work folder (a second one
    waits); an interrupted or failed build removes its temporary folder.
    """
    paths = Paths(root, work)
    out = out or paths.site
    with exclusive(paths.work / "build.lock", "build", wait=lock_wait, say=progress):
        # Asked for processes: they start importing now, while this process checks the data
        # (workers.py). Otherwise the build decides once it knows what must be rendered.
        pool = WarmPool.start(jobs if jobs is not None and jobs > 1 else 1)
        failed = True
        try:
            progress("Checking data and narrative ...")
            project = load_project(paths.data)
            chosen = [r.key for r in project.rounds]
            if only:
                chosen = [f"{d.parent.name}/{d.name}" for d in
                          select(round_dirs(paths.data), only, "data/countries")]
            progress(f"  {len(project.rounds)} round(s) valid in {len(project.countries)} "
                     f"country(ies); building {len(chosen)}: {', '.join(chosen)}")
            cached_vega_bundle(paths.work / "cache")  # made once here, read by every round
            _build_site(project, chosen, paths, out, site_url, map_tiles, progress, pool,
                        pruning=not only, decide=jobs is None)
            failed = False
        finally:
            pool.close(failed=failed)
    progress(f"Site written to {out}")
    return project


def _build_site(project: Project, chosen: list[str], paths: Paths, out: Path, site_url: str,
                map_tiles: bool, progress: Progress, pool: WarmPool, *, pruning: bool,
                decide: bool) -> None:
    # The new site is built beside its destination so the final swap is a rename.
    tmp = out.with_name(out.name + ".tmp")
    try:
        if tmp.exists():
            shutil.rmtree(tmp)
        tmp.mkdir(parents=True)
        rounds = project.only(set(chosen))
        job = RoundJob(project, paths, tmp, site_url, map_tiles)
        missing = job.uncached(rounds)
        editions = sum(len(r.meta.languages) for r in rounds)
        if decide and pool.pool is None and worth_a_pool(editions, len(missing)):
            pool.restart(default_workers(editions))
        stats = _build_rounds(job, rounds, missing, paths, progress, pool)
        progress(f"Figures: {stats.rendered} rendered, {stats.reused} from the cache")
        if pruning:  # a full build knows every figure in use: drop the rest
            prune(paths.work / "cache" / "figures", stats.used)
            blobs.prune(paths.work / "cache" / "pdf", ".pdf", stats.used)
            blobs.prune(paths.work / "cache" / "share", ".png", stats.used)  # cards and images
            builds.prune(paths.work / "cache" / "editions", stats.used)
        write_layout(project, {r.country for r in rounds}, tmp)
        out.parent.mkdir(parents=True, exist_ok=True)
        swap_in(tmp, out)
    finally:
        # Only a failed or interrupted build gets here with tmp still in place.
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def _build_rounds(job: RoundJob, rounds: list[Round], missing: list[tuple[str, int, int]],
                  paths: Paths, progress: Progress, pool: WarmPool) -> Stats:
    """Render the figures not yet cached, then stage and build each round with MkDocs.

    With a pool (workers.py), figures render one per task and rounds build one per
    process; without one, here in turn. Each round is built on its own from the same
    inputs either way, so the output is byte-identical to a serial build.
    """
    stats = Stats()
    editions = [(r.key, lang) for r in rounds for lang in r.meta.languages]
    if pool.pool is None:
        for i, (key, lang) in enumerate(editions, 1):
            progress(f"[{i}/{len(editions)}] {key} ({lang}): rendering and building ...")
            stats.add(job.build(key, lang))
        return stats
    job_file = str(write_job(job, paths.work / "stage"))
    try:
        if missing:
            progress(f"  rendering {len(missing)} figure(s) in {pool.size} processes ...")
            for done in pool.map(_render_task, [(job_file, *m) for m in missing]):
                stats.add(done)
        # The rounds read back what was just rendered: that is not reuse of older work.
        stats.reused -= stats.rendered
        progress(f"Building {len(editions)} edition(s) of {len(rounds)} round(s) in "
                 f"{pool.size} processes ...")
        # Larger rounds first, so the last one to finish is a small one.
        size = {r.key: sum(len(s.figures) for s in r.sections) for r in rounds}
        order = sorted(editions, key=lambda e: -size[e[0]])
        tasks = [(job_file, key, lang) for key, lang in order]
        for i, done in enumerate(pool.map(_build_task, tasks), 1):
            stats.add(done)
            progress(f"[{i}/{len(editions)}] {done.key}: built in {done.seconds:.1f} s")
    finally:
        Path(job_file).unlink(missing_ok=True)
    return stats


def _render_task(task: tuple[str, str, str, int, int]) -> Done:
    job_file, key, lang, section, figure = task
    return read_job(job_file).render(key, lang, section, figure)


def _build_task(task: tuple[str, str, str]) -> Done:
    job_file, key, lang = task
    return read_job(job_file).build(key, lang)


@dataclass(frozen=True)
class RoundJob:
    """Render a figure or build a round, by key: picklable, so a pool process can run it."""

    project: Project
    paths: Paths
    tmp: Path
    site_url: str
    map_tiles: bool

    def _round(self, key: str) -> Round:
        return next(r for r in self.project.rounds if r.key == key)

    def _cache(self) -> FigureCache:
        return FigureCache(self.paths.work / "cache" / "figures")

    def uncached(self, rounds: list[Round]) -> list[tuple[str, str, int, int]]:
        """(round key, language, section, figure) of every figure the cache lacks in every
        edition, maps first."""
        cache = self._cache()
        found = [(e.key, e.lang, i, j, f.kind)
                 for r in rounds for e in (edition(r, lang) for lang in r.meta.languages)
                 for i, s in enumerate(e.sections) for j, f in enumerate(s.figures)
                 if not cache.has(f, e, tiles=self.map_tiles)]
        # Maps take longest: start them first so no process idles at the end.
        found.sort(key=lambda x: kinds.get(x[4]).family != "map")
        return [(k, lang, i, j) for k, lang, i, j, _ in found]

    def render(self, key: str, lang: str, section: int, figure: int) -> Done:
        rnd = edition(self._round(key), lang)
        fig = rnd.sections[section].figures[figure]
        cache = self._cache()

        def work() -> tuple[int, int, set[str]]:
            render_figure(fig, rnd, map_tiles=self.map_tiles, renderers=cache.renderers)
            return cache.rendered, cache.reused, cache.used

        return timed(f"{key}/{lang}#{fig.id}", work)

    def build(self, key: str, lang: str = DEFAULT) -> Done:
        rnd = self._round(key)
        cache = self._cache()
        where = edition_dir(rnd, lang)

        def work() -> tuple[int, int, set[str]]:
            vega_js = cached_vega_bundle(self.paths.work / "cache")
            config = stage_round(rnd, self.project.country_of(rnd), self.paths,
                                 self.paths.work / "stage" / where,
                                 self.site_url, vega_js, map_tiles=self.map_tiles,
                                 renderers=cache.renderers,
                                 pdf_cache=self.paths.work / "cache" / "pdf",
                                 share_cache=self.paths.work / "cache" / "share",
                                 used=cache.used, lang=lang)
            # MkDocs runs only if the staged edition changed (builds.py).
            builds.build(config, self.tmp / where, f"{rnd.key} ({lang})",
                         mkdocs_yml=self.paths.mkdocs_yml, overrides=self.paths.overrides,
                         cache=self.paths.work / "cache" / "editions",
                         build_date=str(rnd.meta.published.first_day), used=cache.used)
            return cache.rendered, cache.reused, cache.used

        return timed(key if lang == DEFAULT else f"{key} ({lang})", work)


def urls_of(project: Project) -> dict[str, list[str]]:
    """Every round's page paths (for redirects), from the model: no built file is read."""
    return {r.key: page_urls(r, has_trends(project.country_of(r), r)) for r in project.rounds}


def write_layout(project: Project, built: set[str], out: Path) -> None:
    """Per-country versions and redirects for the countries built; the landing page and the
    single-country site's redirects, which are the same whichever countries were built."""
    urls = urls_of(project)
    for country in project.countries:
        if country.code in built:
            write_country_index(country, urls, out)
    names = {c.code: country_label(c.latest) for c in project.countries}
    write_landing(project, names, out)
    write_legacy_redirects(project, urls, out)
