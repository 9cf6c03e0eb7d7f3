"""The build's work on one edition, by key: render a figure, stage the edition (its PDF
too), build it with MkDocs.

`RoundJob` holds the validated project and the build's options; it is pickled once to a
file each pool process reads (workers.py), so a task is just its keys. site.py decides
what to run and in which order; every task writes only to the caches and to its own
edition's folders, so the output does not depend on which process ran what. An edition
is staged once per build, by whichever of its two tasks (stage, build) starts first.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from generator import blobs, builds, kinds
from generator.cache import FigureCache
from generator.config import edition_dir
from generator.editions import edition
from generator.figures import render_figure
from generator.inputs import Inputs
from generator.messages import DEFAULT
from generator.model import Round
from generator.project import Project
from generator.staging import Paths, cached_vega_bundle, stage_round
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
    # This build's own (no default: two builds must never share one): tells the stage
    # records it wrote from those of earlier builds.
    token: str
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

    def stage(self, key: str, lang: str) -> Done:
        """Stage the edition (its PDF, figure images and share cards too), unless this
        build's other task for it already did: a task of its own, so a PDF (seconds) runs
        beside another edition's MkDocs build. Counts what it rendered and read."""
        rnd = self._round(key)

        def work() -> tuple[int, int, set[str]]:
            got, fresh = self._staged(rnd, lang)
            return (got.rendered, got.figures - got.rendered, set(got.used)) if fresh \
                else (0, 0, set(got.used))

        return timed(f"{key} ({lang}) staged", work)

    def _staged(self, rnd: Round, lang: str) -> tuple[Staging, bool]:
        """The edition staged by this build: by whichever of its two tasks comes first,
        while the other waits (the lock), then reads what it gave. True if staged here."""
        where = edition_dir(rnd, lang)
        folder = self.paths.work / "stage" / where
        marker = folder.with_name(f"{folder.name}.staged.json")
        found = Staging.read(marker, self.token)
        if found is not None:
            return found, False
        marker.parent.mkdir(parents=True, exist_ok=True)
        with blobs.one_maker(marker.with_name(f".{marker.name}.lock")):
            found = Staging.read(marker, self.token)
            if found is not None:
                return found, False
            cache = self._cache()
            vega_js = cached_vega_bundle(self.paths.work / "cache")
            config = stage_round(rnd, self.project.country_of(rnd), self.paths, folder,
                                 self.site_url, vega_js, map_tiles=self.map_tiles,
                                 renderers=cache.renderers,
                                 pdf_cache=self.paths.work / "cache" / "pdf",
                                 share_cache=self.paths.work / "cache" / "share",
                                 used=cache.used, lang=lang)
            made = Staging(config, cache.rendered + cache.reused, cache.rendered,
                           frozenset(cache.used))
            made.write(marker, self.token)
        return made, True

    def build(self, key: str, lang: str = DEFAULT) -> Done:
        """Build the staged edition with MkDocs (staging it first if no task did)."""
        rnd = self._round(key)
        where = edition_dir(rnd, lang)

        def work() -> tuple[int, int, set[str]]:
            got, fresh = self._staged(rnd, lang)
            used = set(got.used)
            # MkDocs runs only if the staged edition changed (builds.py).
            built, records = self.folders()
            entry = builds.build(got.config, self.tmp / where, f"{rnd.key} ({lang})",
                                 mkdocs_yml=self.paths.mkdocs_yml,
                                 overrides=self.paths.overrides, cache=built,
                                 build_date=str(rnd.meta.published.first_day), used=used)
            inputs_key = self._inputs_key(rnd, lang)
            builds.remember(records, inputs_key, builds.Staged(entry, frozenset(used),
                                                               got.figures))
            used.add(inputs_key)
            return (got.rendered, got.figures - got.rendered, used) if fresh else (0, 0, used)

        return timed(key if lang == DEFAULT else f"{key} ({lang})", work)


@dataclass(frozen=True)
class Staging:
    """What staging one edition gave, kept beside its stage folder for the build's other
    task: its config, how many figures it shows and rendered, the cache keys it used.
    `token` tells this build's record from a record an earlier build left."""

    config: Path
    figures: int
    rendered: int
    used: frozenset[str]

    @classmethod
    def read(cls, marker: Path, token: str) -> Staging | None:
        try:
            data = json.loads(marker.read_text(encoding="utf-8"))
            if data["token"] != token:
                return None
            return cls(Path(data["config"]), int(data["figures"]), int(data["rendered"]),
                       frozenset(map(str, data["used"])))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def write(self, marker: Path, token: str) -> None:
        tmp = marker.with_name(f".{marker.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"token": token, "config": str(self.config),
                                   "figures": self.figures, "rendered": self.rendered,
                                   "used": sorted(self.used)}), encoding="utf-8")
        tmp.replace(marker)
