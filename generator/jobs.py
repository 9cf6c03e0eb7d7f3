"""The build's work on one edition, by key: render a figure, make the PDF, build it.

`RoundJob` holds the validated project and the build's options; it is pickled once to a
file each pool process reads (workers.py), so a task is just its keys. site.py decides
what to run and in which order; every task writes only to the caches and to its own
edition's folder, so the output does not depend on which process ran what.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator import builds, kinds
from generator.cache import FigureCache
from generator.config import edition_dir
from generator.editions import edition
from generator.figures import render_figure
from generator.inputs import Inputs
from generator.messages import DEFAULT
from generator.model import Round
from generator.project import Project
from generator.staging import Paths, cached_vega_bundle, edition_files, edition_pdf, stage_round
from generator.workers import Done, timed

Edition = tuple[str, str]  # (round key, language)


@dataclass(frozen=True)
class RoundJob:
    """Render a figure or build a round, by key: picklable, so a pool process can run it."""

    project: Project
    paths: Paths
    tmp: Path
    site_url: str
    map_tiles: bool
    inputs: Inputs
    # Per process (each worker reads its own copy of the job): the editions made so far.
    # A worker renders many figures of the same edition, one task each.
    _editions: dict[Edition, Round] = field(default_factory=dict, compare=False, repr=False)

    def _round(self, key: str) -> Round:
        return next(r for r in self.project.rounds if r.key == key)

    def _edition(self, key: str, lang: str) -> Round:
        made = self._editions.get((key, lang))
        if made is None:
            made = self._editions[(key, lang)] = edition(self._round(key), lang)
        return made

    def _cache(self) -> FigureCache:
        return FigureCache(self.paths.work / "cache" / "figures")

    def folders(self) -> tuple[Path, Path]:
        """The built editions, and what each edition's inputs gave (builds.py)."""
        return self.paths.work / "cache" / "editions", self.paths.work / "cache" / "inputs"

    def _inputs_key(self, rnd: Round, lang: str) -> str:
        return self.inputs.key(rnd.country, rnd.key, lang)

    def recorded(self, key: str, lang: str) -> builds.Staged | None:
        """What the edition's inputs gave when it was last built from them, if it was."""
        built, records = self.folders()
        return builds.recorded(records, built, self._inputs_key(self._round(key), lang))

    def reused(self, key: str, lang: str, staged: builds.Staged) -> Done:
        """The counts of an edition taken as `recorded`: its figures, the keys it uses."""
        inputs_key = self._inputs_key(self._round(key), lang)
        return Done(f"{key} ({lang})", 0.0, 0, staged.figures,
                    staged.used | {inputs_key, staged.entry})

    def uncached(self, rounds: list[Round],
                 editions: list[Edition]) -> list[tuple[str, str, int, int]]:
        """(round key, language, section, figure) of every figure of `editions` the cache
        lacks, maps first."""
        cache = self._cache()
        wanted = set(editions)
        found = [(e.key, e.lang, i, j, f.kind)
                 for r in rounds for e in (edition(r, lang) for lang in r.meta.languages
                                           if (r.key, lang) in wanted)
                 for i, s in enumerate(e.sections) for j, f in enumerate(s.figures)
                 if not cache.has(f, e, tiles=self.map_tiles)]
        # Maps take longest: start them first so no process idles at the end.
        found.sort(key=lambda x: kinds.get(x[4]).family != "map")
        return [(k, lang, i, j) for k, lang, i, j, _ in found]

    def render(self, key: str, lang: str, section: int, figure: int) -> Done:
        rnd = self._edition(key, lang)
        fig = rnd.sections[section].figures[figure]
        cache = self._cache()

        def work() -> tuple[int, int, set[str]]:
            render_figure(fig, rnd, map_tiles=self.map_tiles, renderers=cache.renderers)
            return cache.rendered, cache.reused, cache.used

        return timed(f"{key}/{lang}#{fig.id}", work)

    def pdf(self, key: str, lang: str) -> Done:
        """Make the edition's PDF (and the figure images it links to) into the cache, where
        the edition's build finds it. Counts the figures it rendered, not those it read:
        the edition's build counts every figure it shows."""
        rnd = self._round(key)
        cache = self._cache()

        def work() -> tuple[int, int, set[str]]:
            vega_js = cached_vega_bundle(self.paths.work / "cache")
            ed, _pages, files = edition_files(
                rnd, self.project.country_of(rnd), self.paths, self.site_url, vega_js,
                map_tiles=self.map_tiles, renderers=cache.renderers,
                share_cache=self.paths.work / "cache" / "share", used=cache.used, lang=lang)
            _data, pdf_key = edition_pdf(ed, files, self.site_url, cache.renderers,
                                         self.paths.work / "cache" / "pdf")
            return cache.rendered, 0, cache.used | {pdf_key}

        return timed(f"{key} ({lang}) PDF", work)

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
            built, records = self.folders()
            entry = builds.build(config, self.tmp / where, f"{rnd.key} ({lang})",
                                 mkdocs_yml=self.paths.mkdocs_yml,
                                 overrides=self.paths.overrides, cache=built,
                                 build_date=str(rnd.meta.published.first_day), used=cache.used)
            inputs_key = self._inputs_key(rnd, lang)
            builds.remember(records, inputs_key, builds.Staged(
                entry, frozenset(cache.used), cache.rendered + cache.reused))
            cache.used.add(inputs_key)
            return cache.rendered, cache.reused, cache.used

        return timed(key if lang == DEFAULT else f"{key} ({lang})", work)
