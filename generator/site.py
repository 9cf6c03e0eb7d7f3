"""Stage 5, assemble: stage each round's pages and assets, build with MkDocs, swap in.

Layout of the output (`site/`):

    site/<round-id>/...     one MkDocs build per round
    site/versions.json      what Material's version selector reads, newest first
    site/latest/            redirect pages to the newest round
    site/index.html         redirect to the newest round

Everything is built under `build/` first; `site/` is replaced only when every
round built, so a failed build leaves the previous site as it was.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import vl_convert
import yaml

from generator import markup
from generator.charts import vega_bundle, vl_version
from generator.errors import BuildError
from generator.figures import DEFAULT_RENDERERS, RenderedFigure, Renderers, render_figure
from generator.lock import exclusive
from generator.maps import vendor_assets
from generator.model import Project, Round, load_project
from generator.pages import Page, data_page, page_path, section_page
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
    rnd: Round, project: Project | None = None, *, map_tiles: bool = False,
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
    if project is not None and has_trends(project, rnd):
        page, figures = render_trends(project, rnd, renderers)
        pages.append(page)
        for fig in figures:
            files.update(fig.files)
    pages.append(data_page(rnd))
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


def round_config(
    rnd: Round, project: Project, paths: Paths, docs_dir: Path, site_url: str
) -> dict:
    """The MkDocs config of one round: the shared mkdocs.yml plus what differs per round.

    MkDocs' Jinja environment does not autoescape and Material prints site_name and
    site_description raw, in text and in attributes: they are written as escaped HTML.
    `extra.mtm` is read only by overrides/main.html, which escapes it (`|e`): plain text.
    """
    return {
        "INHERIT": str(paths.mkdocs_yml.resolve()),
        "site_name": markup.text(f"{_country_name(rnd)} \u2013 {rnd.meta.short_title}"),
        "site_description": markup.text(rnd.meta.title),
        "site_url": site_url.rstrip("/") + f"/{rnd.id}/",
        "docs_dir": str(docs_dir.resolve()),
        "theme": {"name": "material", "custom_dir": str(paths.overrides.resolve())},
        "nav": nav(rnd, has_trends(project, rnd)),
        "extra": {
            "mtm": {
                "round_id": rnd.id,
                "round_title": rnd.meta.short_title,
                "status": rnd.meta.status,
                "latest_id": project.latest.id,
                "latest_title": project.latest.meta.short_title,
            }
        },
    }


def _country_name(rnd: Round) -> str:
    return {"KAZ": "Kazakhstan"}.get(rnd.meta.country, rnd.meta.country)


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
    rnd: Round, project: Project, paths: Paths, stage: Path, site_url: str, vega_js: str,
    *, map_tiles: bool = False, renderers: Renderers = DEFAULT_RENDERERS,
) -> Path:
    """Write a round's docs dir and mkdocs config under `stage`; return the config path."""
    if stage.exists():
        shutil.rmtree(stage)
    docs = stage / "docs"
    # Hand-written docs (styles, scripts) are copied, never written to.
    # livereload.js is for `make serve` only (generator/preview.py adds it there).
    shutil.copytree(paths.docs, docs, ignore=shutil.ignore_patterns("*.md", "livereload.js"))
    pages, files = render_round(rnd, project, map_tiles=map_tiles, renderers=renderers)
    files[VEGA_BUNDLE] = vega_js
    for rel, content in vendor_assets().items():
        files[f"assets/vendor/{rel}"] = content
    files.update({p.path: p.markdown for p in pages})
    write_files(docs, files)
    config = stage / "mkdocs.yml"
    config.write_text(
        yaml.safe_dump(round_config(rnd, project, paths, docs, site_url), sort_keys=False,
                       allow_unicode=True),
        encoding="utf-8",
    )
    return config


class _Collect(logging.Handler):
    """MkDocs' warnings and errors, kept for the failure message."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname}: {record.getMessage()}")


def run_mkdocs(config: Path, out: Path, round_id: str,
               prepare_env: Callable[[Any], Any] | None = None) -> None:
    """`mkdocs build --strict --quiet -f config -d out`, in this process (no start-up cost).

    `prepare_env` may adjust the theme's Jinja environment (the preview caches templates).
    """
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logger = logging.getLogger("mkdocs")
    collect = _Collect()
    saved = logger.level, logger.propagate
    # Strict mode counts WARNING records reaching the "mkdocs" logger's handlers.
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    logger.addHandler(collect)
    try:
        cfg = load_config(config_file=str(config), site_dir=str(out), strict=True)
        if prepare_env is not None:
            make_env = cfg.theme.get_env
            cfg.theme.get_env = lambda: prepare_env(make_env())  # this build's theme only
        mkdocs_build(cfg)
    except Exception as exc:
        log = "\n".join([*collect.lines, f"{type(exc).__name__}: {exc}"])
        raise BuildError(f"MkDocs failed for round {round_id!r}:\n{log}") from exc
    finally:
        logger.removeHandler(collect)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]


def versions_json(project: Project) -> str:
    """Material's version selector data: newest round first, `latest` alias on it.

    Material inserts each title into the page as HTML: titles are written escaped.
    """
    entries = []
    for rnd in reversed(project.published):
        entries.append({
            "version": rnd.id,
            "title": markup.text(rnd.meta.short_title),
            "aliases": ["latest"] if rnd is project.latest else [],
        })
    return json.dumps(entries, indent=2, ensure_ascii=False) + "\n"


def redirect_html(target: str, title: str) -> str:
    return str(markup.render("redirect.html", target=target, title=title)) + "\n"


def write_site_index(project: Project, out: Path) -> None:
    latest = project.latest
    (out / "versions.json").write_text(versions_json(project), encoding="utf-8")
    (out / "index.html").write_text(
        redirect_html(f"{latest.id}/", f"{latest.meta.short_title} (latest round)"),
        encoding="utf-8",
    )
    # `latest/...` mirrors every page of the newest round as a redirect, so links to
    # latest/<section>/ keep working on hosts without symlinks (GitHub Pages).
    latest_dir = out / latest.id
    for html in sorted(latest_dir.rglob("index.html")):
        rel = html.parent.relative_to(latest_dir)
        depth = len(rel.parts) + 1
        target = "../" * depth + f"{latest.id}/" + (f"{rel.as_posix()}/" if rel.parts else "")
        dest = out / "latest" / rel / "index.html"
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(redirect_html(target, latest.meta.short_title), encoding="utf-8")
    (out / ".nojekyll").write_text("", encoding="utf-8")


def swap_in(new: Path, dest: Path) -> None:
    """Replace `dest` with `new` in two renames, so a reader never sees half a site."""
    old = dest.with_name(dest.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if dest.exists():
        dest.rename(old)
    try:
        new.rename(dest)
    except BaseException:
        # Interrupted between the renames: put the previous site back before stopping.
        if old.exists() and not dest.exists():
            old.rename(dest)
        raise
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def build(
    root: Path,
    site_url: str,
    out: Path | None = None,
    only: list[str] | None = None,
    progress: Progress = print,
    work: Path | None = None,
    map_tiles: bool = False,
    lock_wait: float = 600.0,
) -> Project:
    """Validate every round, then build them all; replace the output only on success.

    One build at a time per work folder (a second one waits); an interrupted or failed
    build removes its temporary folder and leaves the output as it was.
    """
    paths = Paths(root, work)
    out = out or paths.site
    with exclusive(paths.work / "build.lock", "build", wait=lock_wait, say=progress):
        progress("Checking data and narrative ...")
        project = load_project(paths.data, only=only)
        progress(f"  {len(project.rounds)} round(s) valid: "
                 f"{', '.join(r.id for r in project.rounds)}")
        vega_js = cached_vega_bundle(paths.work / "cache")
        # The new site is built beside its destination so the final swap is a rename.
        tmp = out.with_name(out.name + ".tmp")
        try:
            if tmp.exists():
                shutil.rmtree(tmp)
            tmp.mkdir(parents=True)
            _build_rounds(project, paths, tmp, site_url, vega_js, map_tiles, progress)
            write_site_index(project, tmp)
            out.parent.mkdir(parents=True, exist_ok=True)
            swap_in(tmp, out)
        finally:
            # Only a failed or interrupted build gets here with tmp still in place.
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
    progress(f"Site written to {out}")
    return project


def _build_rounds(project: Project, paths: Paths, tmp: Path, site_url: str, vega_js: str,
                  map_tiles: bool, progress: Progress) -> None:
    for i, rnd in enumerate(project.rounds, 1):
        progress(f"[{i}/{len(project.rounds)}] {rnd.id}: rendering charts, maps and pages ...")
        config = stage_round(rnd, project, paths, paths.work / "stage" / rnd.id, site_url,
                             vega_js, map_tiles=map_tiles)
        progress(f"[{i}/{len(project.rounds)}] {rnd.id}: building with MkDocs ...")
        run_mkdocs(config, tmp / rnd.id, rnd.id)
