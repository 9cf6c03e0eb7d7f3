"""Stage 5, assemble: stage each round's pages and assets, build with MkDocs, swap in.

The output layout (countries, versions, redirects, landing page) is in layout.py; the
MkDocs run in engine.py. Everything is built beside `site/` first and replaces it only
when every round built, so a failed build leaves the previous site as it was.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import shutil
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import vl_convert
import yaml

from generator import countries, images, markup
from generator.cache import FigureCache, prune
from generator.charts import vega_bundle, vl_version
from generator.downloads.store import files as download_files
from generator.engine import run_mkdocs
from generator.figures import DEFAULT_RENDERERS, RenderedFigure, Renderers, render_figure
from generator.layout import (
    page_urls,
    print_margins,
    section_titles,
    swap_in,
    write_country_index,
    write_landing,
    write_legacy_redirects,
)
from generator.lock import exclusive
from generator.maps import vendor_assets
from generator.model import Round
from generator.pages import Page, data_page, page_path, section_page
from generator.project import Country, Project, load_project, round_dirs, select
from generator.tabular import csv_text
from generator.trends import PAGE as TRENDS_PAGE
from generator.trends import TITLE as TRENDS_TITLE
from generator.trends import has_trends, render_trends

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
    renderers: Renderers = DEFAULT_RENDERERS,
) -> tuple[list[Page], dict[str, str | bytes]]:
    """Pure: a round's pages and every generated file they link to."""
    pages: list[Page] = []
    files: dict[str, str | bytes] = {}
    for section in rnd.sections:
        rendered: list[RenderedFigure] = [
            render_figure(f, rnd, map_tiles=map_tiles, renderers=renderers)
            for f in section.figures]
        for fig in rendered:
            files.update(fig.files)
        pages.append(section_page(rnd, section, rendered))
    if country is not None and has_trends(country, rnd):
        page, figures = render_trends(country, _country_name(rnd), rnd, renderers)
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


def nav(rnd: Round, trends: bool) -> list[dict[str, str]]:
    # Material prints nav titles unescaped (nav, breadcrumbs, footer, search results).
    items = [{markup.text(s.nav_title or s.title): page_path(rnd, s)} for s in rnd.sections]
    if trends:
        items.append({TRENDS_TITLE: TRENDS_PAGE})
    items.append({"Data and sources": "data.md"})
    return items


def round_url(site_url: str, rnd: Round) -> str:
    return site_url.rstrip("/") + f"/{rnd.country}/{rnd.id}/"


def round_config(
    rnd: Round, country: Country, paths: Paths, docs_dir: Path, site_url: str
) -> dict:
    """The MkDocs config of one round: the shared mkdocs.yml plus what differs per round.

    MkDocs' Jinja environment does not autoescape and Material prints site_name and
    site_description raw, in text and in attributes: they are written as escaped HTML.
    `extra.mtm` is read only by overrides/main.html, which escapes it (`|e`): plain text.
    The footer names the round's boundary layer (its attribution is sanitized HTML).
    """
    return {
        "INHERIT": str(paths.mkdocs_yml.resolve()),
        "site_name": markup.text(f"{_country_name(rnd)} \u2013 {rnd.meta.short_title}"),
        "site_description": markup.text(rnd.meta.title),
        "site_url": round_url(site_url, rnd),
        "copyright": ("Data and reports &copy; International Organization for Migration (IOM). "
                      f"{rnd.boundaries.attribution_html}."),
        "docs_dir": str(docs_dir.resolve()),
        "theme": {"name": "material", "custom_dir": str(paths.overrides.resolve())},
        "nav": nav(rnd, has_trends(country, rnd)),
        "extra": {
            "mtm": {
                "round_id": rnd.id,
                "round_title": rnd.meta.short_title,
                "status": rnd.meta.status,
                "latest_id": country.latest.id,
                "latest_title": country.latest.meta.short_title,
                # The banner of an older round links to the same section of the newest.
                "latest_sections": section_titles(country.latest,
                                                   has_trends(country, country.latest)),
                # Printed at the foot of every printed page (overrides/main.html).
                "print": print_margins(rnd, has_trends(country, rnd), round_url(site_url, rnd)),
            }
        },
    }



def _country_name(rnd: Round) -> str:
    return countries.country_name(rnd.meta.country)


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
) -> Path:
    """Write a round's docs dir and mkdocs config under `stage`; return the config path."""
    if stage.exists():
        shutil.rmtree(stage)
    docs = stage / "docs"
    # Hand-written docs (styles, scripts) are copied, never written to.
    # livereload.js is for `make serve` only (generator/preview.py adds it there).
    shutil.copytree(paths.docs, docs, ignore=shutil.ignore_patterns("*.md", "livereload.js"))
    pages, files = render_round(rnd, country, map_tiles=map_tiles, renderers=renderers)
    files[VEGA_BUNDLE] = vega_js
    # The round's data package (generator/downloads), from the cache when unchanged.
    files.update(download_files(rnd, round_url(site_url, rnd), paths.work / "cache"))
    for rel, content in vendor_assets().items():
        files[f"assets/vendor/{rel}"] = content
    files.update({p.path: p.markdown for p in pages})
    write_files(docs, files)
    config = stage / "mkdocs.yml"
    config.write_text(
        yaml.safe_dump(round_config(rnd, country, paths, docs, site_url), sort_keys=False,
                       allow_unicode=True),
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
        progress("Checking data and narrative ...")
        project = load_project(paths.data)
        chosen = [r.key for r in project.rounds]
        if only:
            chosen = [f"{d.parent.name}/{d.name}" for d in
                      select(round_dirs(paths.data), only, "data/countries")]
        progress(f"  {len(project.rounds)} round(s) valid in {len(project.countries)} "
                 f"country(ies); building {len(chosen)}: {', '.join(chosen)}")
        vega_js = cached_vega_bundle(paths.work / "cache")
        # The new site is built beside its destination so the final swap is a rename.
        tmp = out.with_name(out.name + ".tmp")
        try:
            if tmp.exists():
                shutil.rmtree(tmp)
            tmp.mkdir(parents=True)
            stats = _build_rounds(project, project.only(set(chosen)), paths, tmp, site_url,
                                  vega_js, map_tiles, progress, jobs)
            progress(f"Figures: {stats.rendered} rendered, {stats.reused} from the cache")
            if not only:  # a full build knows every figure in use: drop the rest
                prune(paths.work / "cache" / "figures", stats.used)
            write_layout(project, {r.country for r in project.only(set(chosen))}, tmp)
            out.parent.mkdir(parents=True, exist_ok=True)
            swap_in(tmp, out)
        finally:
            # Only a failed or interrupted build gets here with tmp still in place.
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
    progress(f"Site written to {out}")
    return project


def _build_rounds(project: Project, rounds: list[Round], paths: Paths, tmp: Path,
                  site_url: str, vega_js: str, map_tiles: bool, progress: Progress,
                  workers: int | None = None) -> _Stats:
    """Stage and build each round: in a pool of processes, one MkDocs build per process.

    MkDocs is not thread-safe and keeps process-wide state (its logger, the environment),
    so rounds run in spawned processes (as Material's projects plugin does). Each round is
    built on its own, so the output is byte-identical to a serial build.
    """
    job = _RoundJob(project, paths, tmp, site_url, vega_js, map_tiles)
    stats = _Stats()
    if workers is None:
        # A process costs about 2 s to start (imports): with no more rounds than cores,
        # building in this process is as fast (measured: 2 rounds, 6.6 s serial, 7.1 s pool).
        cores = os.cpu_count() or 1
        workers = cores if len(rounds) > cores else 1
    workers = min(len(rounds), workers)
    if workers <= 1:
        for i, rnd in enumerate(rounds, 1):
            progress(f"[{i}/{len(rounds)}] {rnd.key}: rendering and building ...")
            stats.add(job(rnd.key))
        return stats
    progress(f"Building {len(rounds)} rounds in {workers} processes ...")
    ctx = multiprocessing.get_context("spawn")
    # The job (with the whole project) goes to each process once, not with every round.
    pool = ctx.Pool(workers, initializer=_start_worker, initargs=(job,))
    try:
        for i, done in enumerate(pool.imap_unordered(_run_in_worker, [r.key for r in rounds]),
                                 1):
            stats.add(done)
            progress(f"[{i}/{len(rounds)}] {done.key}: built in {done.seconds:.1f} s")
        pool.close()
    except BaseException:
        pool.terminate()  # Ctrl-C, or a round failed: stop the others now
        raise
    finally:
        pool.join()
    return stats


_WORKER_JOB: list[_RoundJob] = []  # set once in each pool process, by _start_worker


def _start_worker(job: _RoundJob) -> None:
    # The parent handles Ctrl-C (one line, clean up) and terminates the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER_JOB[:] = [job]


def _run_in_worker(key: str) -> _Done:
    return _WORKER_JOB[0](key)


@dataclass(frozen=True)
class _RoundJob:
    """Build one round by key: picklable, so a pool process can run it."""

    project: Project
    paths: Paths
    tmp: Path
    site_url: str
    vega_js: str
    map_tiles: bool

    def __call__(self, key: str) -> _Done:
        start = time.perf_counter()
        rnd = next(r for r in self.project.rounds if r.key == key)
        figures = FigureCache(self.paths.work / "cache" / "figures")
        config = stage_round(rnd, self.project.country_of(rnd), self.paths,
                             self.paths.work / "stage" / rnd.country / rnd.id, self.site_url,
                             self.vega_js, map_tiles=self.map_tiles,
                             renderers=figures.renderers)
        run_mkdocs(config, self.tmp / rnd.country / rnd.id, rnd.key)
        return _Done(key, time.perf_counter() - start, figures.rendered, figures.reused,
                     frozenset(figures.used))


@dataclass(frozen=True)
class _Done:
    key: str
    seconds: float
    rendered: int
    reused: int
    used: frozenset[str]


@dataclass
class _Stats:
    rendered: int = 0
    reused: int = 0
    used: set[str] = field(default_factory=set)

    def add(self, done: _Done) -> None:
        self.rendered += done.rendered
        self.reused += done.reused
        self.used |= done.used


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
    names = {c.code: _country_name(c.latest) for c in project.countries}
    write_landing(project, names, out)
    write_legacy_redirects(project, urls, out)
