"""`make serve`: build every round, serve it, rebuild what changed and reload the browser.

How a change reaches the browser:

1. watchdog reports file events under data/, docs/, overrides/ and mkdocs.yml. Events are
   collected until nothing has happened for `DEBOUNCE` seconds, so an editor's burst
   (temporary file, rename, chmod) becomes one rebuild.
2. `rounds_to_rebuild` says which rounds the changed paths affect: a file under
   data/rounds/<id>/ affects that round only; docs/, overrides/, mkdocs.yml, data/geo/ or
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

import enum
import functools
import hashlib
import http.server
import json
import os
import secrets
import shutil
import threading
import time
import traceback
from collections import OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Literal, TypeVar

import jinja2
import jinja2.bccache
import yaml

from generator import figures, site
from generator.charts import ChartArtifact
from generator.contract import Figure
from generator.errors import BuildError, InputError
from generator.geo import Boundaries
from generator.maps import MapArtifact
from generator.model import Project, Round, Table, load_round

DEBOUNCE = 0.15  # seconds without a file event before a rebuild starts
STATUS_PATH = "/__preview__/version"
LIVERELOAD = "assets/javascripts/livereload.js"
# Events that do not change a file. Reading inputs while staging produces opened/closed
# events: reacting to them would rebuild forever.
IGNORED_EVENTS = frozenset({"opened", "closed_no_write"})


class Scope(enum.Enum):
    ALL = "every round"


ALL = Scope.ALL
Rebuild = set[str] | Literal[Scope.ALL]
Log = Callable[[str], None]
T = TypeVar("T")


def _is_noise(name: str) -> bool:
    """Editors' and tools' temporary files: never an input."""
    return name.endswith(("~", ".swp", ".swx", ".swo", ".tmp", ".part")) or name == "4913"


def rounds_to_rebuild(changed_paths: Iterable[str | os.PathLike[str]], root: Path) -> Rebuild:
    """Which rounds the changed paths affect: a set of round ids, or ALL.

    Pure: looks at the paths only. Paths outside the inputs (site/, build/, .git/),
    hidden files and editors' temporary files affect nothing.
    """
    base = Path(os.path.abspath(root))
    rounds: set[str] = set()
    for changed in changed_paths:
        try:
            parts = Path(os.path.abspath(changed)).relative_to(base).parts
        except ValueError:
            continue
        if not parts or any(p.startswith(".") for p in parts) or _is_noise(parts[-1]):
            continue
        if parts == ("mkdocs.yml",) or parts[0] in ("docs", "overrides"):
            return ALL
        if parts[0] != "data":
            continue
        if len(parts) > 3 and parts[1] == "rounds":
            rounds.add(parts[2])
            continue
        # data/geo/..., a round folder added, removed or renamed, anything else in data/.
        return ALL
    return rounds


# --- Rendering and staging ------------------------------------------------------------------


def _table_key(table: Table) -> list[Any]:
    return [table.name, table.spec.model_dump(mode="json"), list(table.rows)]


def _digest(payload: Any) -> str:
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def chart_key(fig: Figure, table: Table) -> str:
    """Everything charts.render_chart reads: the figure and its table."""
    return _digest({"figure": fig.model_dump(mode="json"), "table": _table_key(table)})


def map_key(fig: Figure, table: Table, rnd: Round, boundaries: str) -> str:
    """Everything maps.render_map reads: the figure, its table, the round's coverage table
    (which provinces were assessed) and the boundaries."""
    coverage = rnd.tables.get(rnd.meta.coverage_table) if rnd.meta.coverage_table else None
    return _digest({
        "figure": fig.model_dump(mode="json"),
        "table": _table_key(table),
        "coverage": [rnd.meta.coverage_table, coverage and _table_key(coverage)],
        "boundaries": boundaries,
    })


def boundaries_key(b: Boundaries) -> str:
    return _digest([b.id, b.attribution_html, b.attribution_text, b.vintage, b.geojson])


class FigureCache:
    """Rendered charts and maps, keyed on everything their rendering reads.

    A chart costs a vl-convert call and a map a Folium document (together about 2.5 s
    for a large round), and a narrative edit changes neither. `renderers` is passed to
    site.stage_round in place of figures.DEFAULT_RENDERERS. Both renderers are pure
    functions of the inputs in the key, so a hit returns what a call would.
    """

    def __init__(self, size: int = 1024) -> None:
        self._store: OrderedDict[str, Any] = OrderedDict()
        self._size = size
        self._boundaries: dict[int, tuple[Boundaries, str]] = {}
        self._render_chart = figures.DEFAULT_RENDERERS.chart
        self._render_map = figures.DEFAULT_RENDERERS.map
        self.renderers = figures.Renderers(chart=self.render_chart, map=self.render_map)
        self.hits = 0
        self.misses = 0

    def _get(self, key: str, make: Callable[[], T]) -> T:
        found = self._store.get(key)
        if found is None:
            self.misses += 1
            found = make()
            self._store[key] = found
            while len(self._store) > self._size:
                self._store.popitem(last=False)
        else:
            self.hits += 1
            self._store.move_to_end(key)
        return found

    def render_chart(self, fig: Figure, table: Table) -> ChartArtifact:
        return self._get("chart:" + chart_key(fig, table), lambda: self._render_chart(fig, table))

    def render_map(self, fig: Figure, table: Table, rnd: Round, **options: Any) -> MapArtifact:
        if options:
            return self._render_map(fig, table, rnd, **options)
        key = map_key(fig, table, rnd, self._boundaries_key(rnd.boundaries))
        return self._get("map:" + key, lambda: self._render_map(fig, table, rnd))

    def _boundaries_key(self, b: Boundaries) -> str:
        # Each load of a round reads its boundaries again: hash each object once.
        known = self._boundaries.get(id(b))
        if known is None or known[0] is not b:
            if len(self._boundaries) > 16:
                self._boundaries.clear()
            known = self._boundaries[id(b)] = (b, boundaries_key(b))
        return known[1]


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml even if it uses MkDocs' own tags (!ENV, !relative)."""


_TolerantLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def base_extra_javascript(mkdocs_yml: Path) -> list[Any]:
    """The shared config's extra_javascript. INHERIT replaces lists, so a round config
    that adds a script must repeat these."""
    try:
        doc = yaml.load(mkdocs_yml.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    except yaml.YAMLError as exc:
        raise BuildError(f"{mkdocs_yml.name} is not valid YAML: {exc}") from exc
    return list(doc.get("extra_javascript") or [])


def add_livereload(config: Path, paths: site.Paths) -> None:
    """Make a staged round (site.stage_round) a preview: its pages load livereload.js."""
    docs = config.parent / "docs"
    target = docs / LIVERELOAD
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(paths.docs / LIVERELOAD, target)  # in case `make site` leaves it out
    doc = yaml.safe_load(config.read_text(encoding="utf-8"))
    doc["extra_javascript"] = [*base_extra_javascript(paths.mkdocs_yml), LIVERELOAD]
    config.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")


def fingerprint(stage: Path) -> str:
    """A staged round's content: equal fingerprints build the same pages."""
    h = hashlib.sha256()
    for path in sorted(stage.rglob("*")):
        if path.is_file():
            h.update(path.relative_to(stage).as_posix().encode() + b"\0")
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


class TemplateCache(jinja2.BytecodeCache):
    """What MkDocs' theme environment recomputes on every build, kept between builds.

    - compiled templates (jinja2 checks each against its source, so an edited override is
      compiled again): about 0.25 s a build;
    - the listing of the theme's files (about 15,000 in Material, filtered one by one):
      about 0.1 s. Only overrides/ or mkdocs.yml can change it, and a change there
      rebuilds every round after `forget_listings()`.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}
        self._listings: dict[tuple[Any, ...], list[str]] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()

    def forget_listings(self) -> None:
        self._listings.clear()

    def prepare(self, env: jinja2.Environment) -> jinja2.Environment:
        env.bytecode_cache = self
        list_templates = env.list_templates

        def cached_list(extensions: Any = None, filter_func: Any = None) -> list[str]:
            key = (tuple(getattr(env.loader, "searchpath", ())), tuple(extensions or ()),
                   getattr(filter_func, "__qualname__", filter_func))
            if key not in self._listings:
                self._listings[key] = list_templates(extensions, filter_func)
            return list(self._listings[key])

        env.list_templates = cached_list  # type: ignore[method-assign]
        return env


# --- The preview ----------------------------------------------------------------------------


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    preview: Preview


class _Handler(http.server.SimpleHTTPRequestHandler):
    """The built site, plus the build counter the pages poll. Quiet, never cached."""

    server: _Server

    def do_GET(self) -> None:
        if self.path.split("?", 1)[0] == STATUS_PATH:
            body = json.dumps(self.server.preview.status()).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def send_head(self):  # returns an open file or None, as the base class does
        # A round is swapped in with two renames: opening a file under the same lock
        # means a request never falls between them.
        with self.server.preview.swap_lock:
            return super().send_head()

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


class Preview:
    """Builds the rounds of `root` for http://host:port/, serves them and keeps them fresh.

    `start()` binds the server (port 0 picks a free one), builds every round, then serves
    and watches; `stop()` stops it all. Also a context manager.
    """

    def __init__(self, root: Path, host: str = "127.0.0.1", port: int = 8000, *,
                 out: Path | None = None, work: Path | None = None,
                 cache_dir: Path | None = None, log: Log = print) -> None:
        self.root = root.resolve()
        self.paths = site.Paths(self.root, work or self.root / "build" / "preview")
        self.out = out or self.paths.work / "site"
        self.cache_dir = cache_dir or self.root / "build" / "cache"
        self.host, self.port = host, port
        self.log = log
        self.figures = FigureCache()
        self.templates = TemplateCache()
        self.version = 0  # one more each time rebuilt rounds are swapped in
        self.session = secrets.token_hex(4)
        self.swap_lock = threading.Lock()
        self._build_lock = threading.Lock()
        self._rounds: dict[str, Round] = {}  # the last good load of each round
        self._built: dict[str, str] = {}  # round id -> fingerprint of what is served
        self._round_versions: dict[str, int] = {}
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
        text = "\n\n".join(f"{rid}:\n{msg}" for rid, msg in sorted(errors.items()))
        return {
            "build": f"{self.session}-{version}",
            "version": version,
            "rounds": {rid: f"{self.session}-{v}" for rid, v in sorted(versions.items())},
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
        """Round folders on disk, as load_project finds them."""
        rounds = self.paths.data / "rounds"
        if not rounds.is_dir():
            return []
        return sorted(p.name for p in rounds.iterdir() if p.is_dir() and not p.name.startswith("."))

    def build_all(self) -> list[str]:
        """Build every round (a round with bad input keeps its last good build, if any);
        return the rounds built."""
        with self._build_lock:
            self.out.mkdir(parents=True, exist_ok=True)
            ids = self.round_ids()
            for entry in self.out.iterdir():  # leftovers of an earlier session
                if entry.is_dir() and (entry.name.startswith(".") or
                                       (entry.name not in ids and entry.name != "latest")):
                    shutil.rmtree(entry)
            for rid in ids:
                self._load(rid)
            self.templates.forget_listings()
            built = self._build(sorted(self._rounds), force=True, verb="Built")
            self._publish(built, removed=False)
            return built

    def rebuild(self, paths_changed: Iterable[str | os.PathLike[str]]) -> list[str]:
        """Rebuild the rounds the changed paths affect; return the rounds rebuilt.

        A round's pages can depend on other rounds (the newest round's trends page, every
        round's "newest round" banner). So after the changed rounds are swapped in (and the
        pages reload), every other round is staged again and built only if its staged
        content differs from what is served.
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
                self.templates.forget_listings()
                built = self._build(sorted(self._rounds), force=True, verb="Rebuilt")
                self._publish(built, removed)
                return built
            built = self._build(loaded, force=False, verb="Rebuilt", since=began)
            self._publish(built, removed)
            if not (loaded or removed):
                return built
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
            self._vega_js = site.cached_vega_bundle(self.cache_dir)
        return self._vega_js

    def _load(self, rid: str) -> bool:
        """Load and validate a round; on bad input keep its last good load and say why."""
        try:
            self._rounds[rid] = load_round(self.paths.data / "rounds" / rid, self.paths.data,
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
               why: str = "") -> list[str]:
        """Stage each round; build and swap in those whose staged content changed.

        The time logged runs from `since` (the start of the rebuild) when given."""
        if not ids:
            return []
        project = Project(sorted(self._rounds.values(), key=lambda r: r.id))
        built = []
        for rid in ids:
            start = time.perf_counter()
            rnd = self._rounds[rid]
            new = self.out / f".{rid}.new"
            try:
                stage = self.paths.work / "stage" / rid
                config = site.stage_round(rnd, project, self.paths, stage, self.url,
                                          self._vega(), renderers=self.figures.renderers)
                add_livereload(config, self.paths)
                staged = fingerprint(stage)
                if not force and self._built.get(rid) == staged and (self.out / rid).is_dir():
                    if since is not None:
                        self.log(f"{rid}: nothing to rebuild (same pages as served)")
                    continue
                if new.exists():
                    shutil.rmtree(new)
                site.run_mkdocs(config, new, rid, self.templates.prepare)
            except InputError as exc:
                self._fail(rid, exc.render(), new)
                continue
            except BuildError as exc:
                self._fail(rid, f"Build failed: {exc}", new)
                continue
            except Exception as exc:
                self.log(traceback.format_exc().rstrip())
                self._fail(rid, f"Build failed: {type(exc).__name__}: {exc}", new)
                continue
            self._swap(new, self.out / rid)
            self._built[rid] = staged
            self._errors.pop(rid, None)
            built.append(rid)
            self.log(f"{verb} {rid}{why} in {time.perf_counter() - (since or start):.1f} s")
        return built

    def _fail(self, rid: str, message: str, new: Path | None = None) -> None:
        if new is not None:
            shutil.rmtree(new, ignore_errors=True)
        self._errors[rid] = message
        kept = ("the preview keeps serving its last good build" if (self.out / rid).is_dir()
                else "nothing to serve for it yet")
        self.log(f"Could not build {rid} ({kept}):\n{message}")

    def _swap(self, new: Path, dest: Path) -> None:
        old = dest.with_name(f".{dest.name}.old")
        if old.exists():
            shutil.rmtree(old)
        with self.swap_lock:
            if dest.exists():
                dest.rename(old)
            new.rename(dest)
        shutil.rmtree(old, ignore_errors=True)

    def _remove_round(self, rid: str) -> bool:
        self._rounds.pop(rid, None)
        self._errors.pop(rid, None)
        self._built.pop(rid, None)
        self._round_versions.pop(rid, None)
        dest = self.out / rid
        if not dest.exists():
            return False
        old = dest.with_name(f".{rid}.old")
        with self.swap_lock:
            dest.rename(old)
        shutil.rmtree(old, ignore_errors=True)
        self.log(f"Removed {rid}")
        return True

    def _publish(self, built: list[str], removed: bool) -> None:
        """Rewrite versions.json and the redirects, then tell the pages."""
        if not (built or removed):
            return
        good = [self._rounds[r] for r in sorted(self._rounds) if (self.out / r).is_dir()]
        if good:
            with self.swap_lock:
                shutil.rmtree(self.out / "latest", ignore_errors=True)
                site.write_site_index(Project(good), self.out)
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
        from watchdog.events import FileSystemEvent, FileSystemEventHandler
        from watchdog.observers import Observer

        preview = self

        class Events(FileSystemEventHandler):
            def on_any_event(self, event: FileSystemEvent) -> None:
                if event.event_type in IGNORED_EVENTS:
                    return
                if event.is_directory and event.event_type == "modified":
                    return
                paths = [event.src_path, getattr(event, "dest_path", "")]
                preview.notify([os.fsdecode(p) for p in paths if p])

        handler = Events()
        observer = Observer()
        for name in ("data", "docs", "overrides"):
            if (self.root / name).is_dir():
                observer.schedule(handler, str(self.root / name), recursive=True)
        observer.schedule(handler, str(self.root), recursive=False)  # mkdocs.yml
        observer.daemon = True
        observer.start()
        self._observer = observer

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
