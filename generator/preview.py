"""`make serve`: build every round, serve it, rebuild what changed and reload the browser.

How a change reaches the browser:

1. watchdog reports file events under data/, docs/, overrides/ and mkdocs.yml. Events are
   collected until nothing has happened for `DEBOUNCE` seconds, so an editor's burst
   (temporary file, rename, chmod) becomes one rebuild.
2. `rounds_to_rebuild` says which rounds the changed paths affect: a file under
   data/countries/<country>/<id>/ affects that round only; docs/, overrides/, mkdocs.yml, data/geo/ or
   a round folder appearing or disappearing affect every round.
3. Each affected round is loaded and validated, staged, and built by MkDocs in this
   process (no interpreter start-up) into a hidden folder beside its destination, then
   renamed into place: a reader never gets half a round. Rendered figures are kept in
   memory, keyed on everything their rendering reads, so a narrative edit renders no
   chart or map again.
4. The build counter served at /__preview__/version changes; every open page polls it
   (docs/assets/javascripts/livereload.js, linked by the preview's round configs only) and
   reloads.

Bad input never stops the preview: the problem is printed and shown on the open pages, and
the last good build of the round stays served until the input is fixed.

The preview writes to build/preview/ (stage and site), never to site/: `make site`'s
output stays free of preview code.
"""

from __future__ import annotations

import functools
import os
import secrets
import shutil
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from generator import site, staging
from generator.cache import FigureCache
from generator.config import edition_dir
from generator.engine import run_mkdocs
from generator.errors import BuildError, InputError
from generator.layout import swap_in
from generator.model import Round, load_round
from generator.preview_server import _Handler, _Server
from generator.preview_stage import add_livereload, fingerprint
from generator.project import from_rounds, round_dirs
from generator.scope import ALL, languages_edited, only_private, rounds_to_rebuild
from generator.watch import watch

DEBOUNCE = 0.15  # seconds without a file event before a rebuild starts


Log = Callable[[str], None]
T = TypeVar("T")


# --- Staging ------------------------------------------------------------------------------


# --- The preview ----------------------------------------------------------------------------


class Preview:
    """Builds the rounds of `root` for http://host:port/, serves them and keeps them fresh.

    `start()` binds the server (port 0 picks a free one), builds every round, then serves
    and watches; `stop()` stops it all. Also a context manager.
    """

    def __init__(self, root: Path, host: str = "127.0.0.1", port: int = 8000, *,
                 out: Path | None = None, work: Path | None = None,
                 cache_dir: Path | None = None, log: Log = print) -> None:
        self.root = root.resolve()
        self.paths = staging.Paths(self.root, work or self.root / "build" / "preview")
        self.out = out or self.paths.work / "site"
        self.cache_dir = cache_dir or self.root / "build" / "cache"
        self.host, self.port = host, port
        self.log = log
        # The same content-addressed cache as `make site` (generator/cache.py), on disk.
        self.figures = FigureCache(self.cache_dir / "figures")
        self.version = 0  # one more each time rebuilt rounds are swapped in
        self.session = secrets.token_hex(4)
        self.swap_lock = threading.Lock()
        self._build_lock = threading.Lock()
        self._rounds: dict[str, Round] = {}  # the last good load of each round
        self._built: dict[str, str] = {}  # round id -> fingerprint of what is served
        self._round_versions: dict[str, int] = {}
        # Edition folder -> version: a page reloads as soon as its own edition is swapped
        # in, not when the round's last edition is (livereload.js).
        self._edition_versions: dict[str, int] = {}
        self._errors: dict[str, str] = {}
        self._vega_js: str | None = None
        self._pending: set[str] = set()
        self._last_event = 0.0
        self._wake = threading.Condition()
        self._stopping = False
        self._server: _Server | None = None
        self._threads: list[threading.Thread] = []
        self._observer: Any = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/"

    # --- what the pages poll

    def status(self) -> dict[str, Any]:
        # Called from the server's threads while the worker builds: dict() copies are atomic.
        errors, versions, version = dict(self._errors), dict(self._round_versions), self.version
        editions = dict(self._edition_versions)
        text = "\n\n".join(f"{rid}:\n{msg}" for rid, msg in sorted(errors.items()))
        return {
            "build": f"{self.session}-{version}",
            "version": version,
            "rounds": {rid: f"{self.session}-{v}" for rid, v in sorted(versions.items())},
            "editions": {e: f"{self.session}-{v}" for e, v in sorted(editions.items())},
            "error": text or None,
        }

    @property
    def errors(self) -> dict[str, str]:
        return dict(self._errors)

    def idle(self) -> bool:
        """No change waiting and no build running."""
        return not self._pending and not self._build_lock.locked()

    # --- building

    def round_ids(self) -> list[str]:
        """Round folders on disk, as load_project finds them: `<country>/<id>` keys."""
        return [f"{d.parent.name}/{d.name}" for d in round_dirs(self.paths.data)]

    def build_all(self) -> list[str]:
        """Build every round (a round with bad input keeps its last good build, if any);
        return the rounds built."""
        with self._build_lock:
            self.out.mkdir(parents=True, exist_ok=True)
            ids = self.round_ids()
            countries = {k.split("/")[0] for k in ids}
            for entry in self.out.iterdir():  # leftovers of an earlier session
                if entry.is_dir() and entry.name in countries:
                    for sub in entry.iterdir():
                        if sub.is_dir() and f"{entry.name}/{sub.name}" not in ids and \
                                sub.name != "latest":
                            shutil.rmtree(sub)
                elif entry.is_dir():
                    shutil.rmtree(entry)
            for rid in ids:
                self._load(rid)
            built = self._build(sorted(self._rounds), force=True, verb="Built")
            self._publish(built, removed=False)
            return built

    def rebuild(self, paths_changed: Iterable[str | os.PathLike[str]]) -> list[str]:
        """Rebuild the rounds the changed paths affect; return the rounds rebuilt.

        A round's pages can depend on other rounds (the newest round's trends page, every
        round's "newest round" banner). So after the changed rounds are swapped in (and the
        pages reload), every other round is staged again and built only if its staged
        content differs from what is served; unless every change was to what only its
        round's pages read (a narrative: scope.PRIVATE).
        """
        changed = list(paths_changed)
        scope = rounds_to_rebuild(changed, self.root)
        if not scope:
            return []
        with self._build_lock:
            began = time.perf_counter()
            self.log(f"Changed: {self._describe(changed)}")
            on_disk = set(self.round_ids())
            targets = sorted(on_disk | set(self._rounds) if scope is ALL else scope)
            loaded, removed = [], False
            for rid in targets:
                if rid not in on_disk:
                    removed = self._remove_round(rid) or removed
                elif self._load(rid):
                    loaded.append(rid)
            if scope is ALL:
                built = self._build(sorted(self._rounds), force=True, verb="Rebuilt")
                self._publish(built, removed)
                return built
            built = self._build(loaded, force=False, verb="Rebuilt", since=began,
                                first=languages_edited(changed))
            self._publish(built, removed)
            if not (loaded or removed) or (only_private(changed, self.root) and not removed):
                return built  # no other round's pages can show the change (scope.PRIVATE)
            others = [rid for rid in sorted(self._rounds) if rid not in targets]
            also = self._build(others, force=False, verb="Rebuilt", why=" (it shows the change too)")
            self._publish(also, removed=False)
            return built + also

    def _describe(self, changed: list[str | os.PathLike[str]]) -> str:
        rels = []
        for p in changed:
            try:
                rels.append(Path(os.path.abspath(p)).relative_to(self.root).as_posix())
            except ValueError:
                rels.append(str(p))
        rels = sorted(set(rels))
        return ", ".join(rels[:3]) + (f" and {len(rels) - 3} more" if len(rels) > 3 else "")

    def _vega(self) -> str:
        if self._vega_js is None:
            self._vega_js = staging.cached_vega_bundle(self.cache_dir)
        return self._vega_js

    def _load(self, rid: str) -> bool:
        """Load and validate a round; on bad input keep its last good load and say why."""
        try:
            self._rounds[rid] = load_round(self.paths.data / "countries" / rid, self.paths.data,
                                           self.root)
        except InputError as exc:
            self._fail(rid, exc.render())
            return False
        except Exception as exc:  # unreadable file, or a bug: report it, keep serving
            self.log(traceback.format_exc().rstrip())
            self._fail(rid, f"Loading failed: {type(exc).__name__}: {exc}")
            return False
        self._errors.pop(rid, None)
        return True

    def _build(self, ids: list[str], force: bool, verb: str, since: float | None = None,
               why: str = "", first: set[str] | frozenset[str] = frozenset()) -> list[str]:
        """Stage each round; build and swap in those whose staged content changed.

        The time logged runs from `since` (the start of the rebuild) when given. Editions
        in the languages `first` go first; then English, then the others."""
        if not ids:
            return []
        project = from_rounds(self._rounds.values())
        built = []
        for rid in ids:
            start = time.perf_counter()
            rnd = self._rounds[rid]
            # Every edition of the round (config.py): English first, then the others.
            langs = sorted(rnd.meta.languages, key=lambda lang: lang not in first)
            done = [self._edition(project, rid, lang, force, since) for lang in langs]
            if False in done:
                continue
            self._errors.pop(rid, None)
            if any(done):
                built.append(rid)
                self.log(f"{verb} {rid}{why} in "
                         f"{time.perf_counter() - (since or start):.1f} s")
        return built

    def _edition(self, project, rid: str, lang: str, force: bool,  # type: ignore[no-untyped-def]
                 since: float | None) -> bool | None:
        """Stage one edition; build and swap it in if its staged content changed. True:
        built; None: unchanged; False: failed (the reason is logged and served)."""
        rnd = self._rounds[rid]
        where = edition_dir(rnd, lang)
        dest = self.out / where
        new = dest.with_name(f".{dest.name}.new")
        try:
            stage = self.paths.work / "stage" / where
            config = staging.stage_round(rnd, project.country_of(rnd), self.paths, stage,
                                         self.url, self._vega(),
                                         renderers=self.figures.renderers,
                                         share_cache=self.cache_dir / "share", lang=lang)
            add_livereload(config, self.paths)
            staged = fingerprint(stage)
            if not force and self._built.get(where) == staged and dest.is_dir():
                if since is not None:
                    self.log(f"{where}: nothing to rebuild (same pages as served)")
                return None
            if new.exists():
                shutil.rmtree(new)
            new.parent.mkdir(parents=True, exist_ok=True)
            run_mkdocs(config, new, where, str(rnd.meta.published.first_day))
        except InputError as exc:
            self._fail(rid, exc.render(), new)
            return False
        except BuildError as exc:
            self._fail(rid, f"Build failed: {exc}", new)
            return False
        except Exception as exc:
            self.log(traceback.format_exc().rstrip())
            self._fail(rid, f"Build failed: {type(exc).__name__}: {exc}", new)
            return False
        swap_in(new, dest, self.swap_lock)  # the one swap-in make site uses
        self._built[where] = staged
        # Its pages reload now; the round's other editions follow as each is swapped in.
        self.version += 1
        self._edition_versions[where] = self.version
        if since is not None:
            self.log(f"  {where}: swapped in after {time.perf_counter() - since:.1f} s")
        return True

    def _fail(self, rid: str, message: str, new: Path | None = None) -> None:
        if new is not None:
            shutil.rmtree(new, ignore_errors=True)
        self._errors[rid] = message
        kept = ("the preview keeps serving its last good build" if (self.out / rid).is_dir()
                else "nothing to serve for it yet")
        self.log(f"Could not build {rid} ({kept}):\n{message}")

    def _remove_round(self, rid: str) -> bool:
        self._rounds.pop(rid, None)
        self._errors.pop(rid, None)
        self._built.pop(rid, None)
        self._round_versions.pop(rid, None)
        country, round_id = Path(rid).parts
        # The English edition and every other one (<country>/<lang>/<round-id>).
        found = [d for d in [self.out / rid, *(self.out / country).glob(f"*/{round_id}")]
                 if d.is_dir()]
        for dest in found:
            old = dest.with_name(f".{dest.name}.old")
            with self.swap_lock:
                dest.rename(old)
            shutil.rmtree(old, ignore_errors=True)
        if found:
            self.log(f"Removed {rid}")
        return bool(found)

    def _publish(self, built: list[str], removed: bool) -> None:
        """Rewrite versions.json and the redirects, then tell the pages."""
        if not (built or removed):
            return
        good = [self._rounds[r] for r in sorted(self._rounds) if (self.out / r).is_dir()]
        if good:
            project = from_rounds(good)
            countries = {c.code for c in project.countries}
            with self.swap_lock:
                # Redirects are rewritten from scratch, as `make site` writes them: the
                # per-country latest/ folders, and at the root everything but the
                # countries (old-URL redirects of a removed round must go too).
                for c in countries:
                    for latest in [self.out / c / "latest", *(self.out / c).glob("*/latest")]:
                        shutil.rmtree(latest, ignore_errors=True)
                for entry in self.out.iterdir():
                    if entry.is_dir() and entry.name not in countries:
                        shutil.rmtree(entry, ignore_errors=True)
                site.write_layout(project, countries, self.out)
        self.version += 1
        for rid in built:
            self._round_versions[rid] = self.version

    # --- watching

    def notify(self, paths: Iterable[str]) -> None:
        """Record changed paths; the worker rebuilds once they stop coming for DEBOUNCE s."""
        relevant = [p for p in paths if rounds_to_rebuild([p], self.root)]
        if not relevant:
            return
        with self._wake:
            self._pending.update(relevant)
            self._last_event = time.monotonic()
            self._wake.notify()

    def _next_batch(self) -> list[str] | None:
        with self._wake:
            while not self._pending and not self._stopping:
                self._wake.wait()
            while not self._stopping:
                quiet = time.monotonic() - self._last_event
                if quiet >= DEBOUNCE:
                    break
                self._wake.wait(DEBOUNCE - quiet)
            if self._stopping:
                return None
            batch, self._pending = sorted(self._pending), set()
            return batch

    def _work(self) -> None:
        while (batch := self._next_batch()) is not None:
            try:
                self.rebuild(batch)
            except Exception:  # never let one rebuild end the preview
                self.log(traceback.format_exc().rstrip())

    def _watch(self) -> None:
        self._observer = watch(self.root, self.notify)

    # --- life cycle

    def start(self) -> None:
        """Bind, build everything, then serve and watch in background threads."""
        self._stopping = False
        server = _Server((self.host, self.port), functools.partial(_Handler, directory=str(self.out)))
        server.preview = self
        self._server = server
        self.port = server.server_address[1]
        try:
            self._watch()  # before building: an edit made during the first build is not lost
            self.build_all()
        except BaseException:
            self.stop()
            raise
        for target, name in ((server.serve_forever, "preview-http"), (self._work, "preview-build")):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        with self._wake:
            self._stopping = True
            self._wake.notify_all()
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout=5)
            self._observer = None
        if self._server is not None:
            if any(t.name == "preview-http" for t in self._threads):
                self._server.shutdown()
            self._server.server_close()
            self._server = None
        for thread in self._threads:
            thread.join(timeout=30)
        self._threads = []

    def __enter__(self) -> Preview:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
