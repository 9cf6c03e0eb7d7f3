"""Stage 5, assemble: build each edition of the chosen rounds with MkDocs, swap in.

An edition (a round in one language) is staged by staging.py and built by MkDocs
(builds.py, engine.py), in a process pool when there is enough work (workers.py). Each
task (render a figure, stage an edition with its PDF, build an edition) is a method of
jobs.RoundJob. An edition whose inputs are unchanged since it was last built (inputs.py)
is taken as it was built, without staging, and what `site/` already holds of it is kept
(sitestate.py); a build that would write exactly what `site/` holds writes nothing. The
output layout (countries, versions, redirects, landing page) is in layout.py. Everything
is built beside `site/` first and replaces it only when every edition built, so a failed
build leaves the previous site as it was.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable
from pathlib import Path

from generator import blobs, builds, sitestate
from generator.cache import prune
from generator.config import country_label, edition_dir
from generator.inputs import gather
from generator.jobs import Edition, RoundJob
from generator.layout import (
    page_urls,
    swap_in,
    write_country_index,
    write_landing,
    write_legacy_redirects,
)
from generator.lock import exclusive
from generator.model import Round
from generator.project import Project, load_project, round_dirs, select
from generator.staging import Paths, vega_bundle_file
from generator.trends import has_trends
from generator.workers import (
    Done,
    Stats,
    WarmPool,
    default_workers,
    read_job,
    worth_a_pool,
    write_job,
)

Progress = Callable[[str], None]


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
            written = _build_site(project, chosen, paths, out, site_url, map_tiles, progress,
                                  pool, pruning=not only, decide=jobs is None)
            failed = False
        finally:
            pool.close(failed=failed)
    progress(f"Site written to {out}" if written else
             f"Site unchanged: {out} already holds this build, nothing was written")
    return project


def _build_site(project: Project, chosen: list[str], paths: Paths, out: Path, site_url: str,
                map_tiles: bool, progress: Progress, pool: WarmPool, *, pruning: bool,
                decide: bool) -> bool:
    """Build into a folder beside `out` and swap it in; False if `out` already held
    exactly this build (sitestate.py), and was left as it was."""
    # The new site is built beside its destination so the final swap is a rename.
    tmp = out.with_name(out.name + ".tmp")
    layout = paths.work / "stage" / "layout"
    try:
        for folder in (tmp, layout):
            if folder.exists():
                shutil.rmtree(folder)
        tmp.mkdir(parents=True)
        rounds = project.only(set(chosen))
        inputs = gather(paths.data, paths.docs, paths.overrides, paths.mkdocs_yml,
                        [c.code for c in project.countries], site_url=site_url,
                        map_tiles=map_tiles)
        job = RoundJob(project, paths, tmp, site_url, map_tiles, inputs, uuid.uuid4().hex)
        stats, todo, plan = Stats(), [], {}
        for rnd in rounds:
            for lang in rnd.meta.languages:
                staged = job.recorded(rnd.key, lang)
                if staged is None:
                    todo.append((rnd.key, lang))
                else:
                    plan[edition_dir(rnd, lang)] = staged.entry
                    stats.add(job.reused(rnd.key, lang, staged))
        if plan:
            progress(f"  {len(plan)} edition(s) unchanged since they were last built: "
                     "not staged")
        # The layout is written apart, and laid over the editions last (as it always was).
        write_layout(project, {r.country for r in rounds}, layout)
        plan[sitestate.LAYOUT] = sitestate.tree_digest(layout)
        state = sitestate.read(paths.work, out)
        now = sitestate.scan(out) if state is not None else {}
        if not todo and state is not None and state.holds(plan, now):
            _prune(paths, job, stats, pruning)
            progress(f"Figures: {stats.rendered} rendered, {stats.reused} from the cache")
            return False
        linked, copied = sitestate.place_all(plan, job.folders()[0], tmp, out, state, now)
        if linked + copied:
            progress(f"  {linked} file(s) of {out.name}/ kept as they are, {copied} copied "
                     "from the edition cache")
        missing = job.uncached([r for r in rounds if any(k == r.key for k, _ in todo)], todo)
        if decide and pool.pool is None and worth_a_pool(len(todo), len(missing)):
            pool.restart(default_workers(len(todo)))
        if todo:
            vega_bundle_file(paths.work / "cache")  # made once here, read by every edition
            _build_rounds(job, rounds, todo, missing, paths, progress, pool, stats)
            by_key = {r.key: r for r in rounds}
            for key, lang in todo:  # each build recorded its entry (jobs.RoundJob.build)
                staged = job.recorded(key, lang)
                plan[edition_dir(by_key[key], lang)] = staged.entry if staged else ""
        progress(f"Figures: {stats.rendered} rendered, {stats.reused} from the cache")
        _prune(paths, job, stats, pruning)
        shutil.copytree(layout, tmp, dirs_exist_ok=True)
        out.parent.mkdir(parents=True, exist_ok=True)
        sitestate.forget(paths.work, out)
        swap_in(tmp, out)
        sitestate.record(paths.work, out, plan)
        return True
    finally:
        # Only a failed or interrupted build gets here with tmp still in place.
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def _prune(paths: Paths, job: RoundJob, stats: Stats, pruning: bool) -> None:
    """A full build knows every cache key in use: drop the rest."""
    if not pruning:
        return
    built, records = job.folders()
    prune(paths.work / "cache" / "figures", stats.used)
    blobs.prune(paths.work / "cache" / "pdf", ".pdf", stats.used)
    blobs.prune(paths.work / "cache" / "share", ".png", stats.used)  # cards and images
    builds.prune(built, stats.used)
    blobs.prune(records, ".json", stats.used)


def _build_rounds(job: RoundJob, rounds: list[Round], editions: list[Edition],
                  missing: list[tuple[str, str, int, int]], paths: Paths, progress: Progress,
                  pool: WarmPool, stats: Stats) -> None:
    """Render the figures not yet cached, then stage and build each edition with MkDocs,
    counting into `stats`.

    With a pool (workers.py), figures render one per task and editions build one per
    process; without one, here in turn. Each edition is built on its own from the same
    inputs either way, so the output is byte-identical to a serial build.
    """
    if pool.pool is None:
        for i, (key, lang) in enumerate(editions, 1):
            progress(f"[{i}/{len(editions)}] {key} ({lang}): rendering and building ...")
            stats.add(job.build(key, lang))
        return
    job_file = str(write_job(job, paths.work / "stage"))
    try:
        rendered = 0
        if missing:
            progress(f"  rendering {len(missing)} figure(s) in {pool.size} processes ...")
            for done in pool.map(_render_task, [(job_file, *m) for m in missing]):
                stats.add(done)
                rendered += done.rendered
        progress(f"Building {len(editions)} edition(s) in {pool.size} processes ...")
        # Larger rounds first, so the last one to finish is a small one. Each edition is
        # staged (its PDF made) by a task of its own, queued before the MkDocs builds: a PDF
        # takes longer than the build, and the edition's build task waits for its staging
        # rather than staging it again (jobs.RoundJob). So both processes stay busy when
        # there are few editions.
        size = {r.key: sum(len(s.figures) for s in r.sections) for r in rounds}
        order = sorted(editions, key=lambda e: -size[e[0]])
        tasks = [(job_file, step, key, lang) for step in ("stage", "build")
                 for key, lang in order]
        built = 0
        for step, done in pool.map(_edition_task, tasks):
            stats.add(done)
            if step == "build":
                built += 1
                progress(f"[{built}/{len(editions)}] {done.key}: built in {done.seconds:.1f} s")
        # The editions read back what was just rendered: that is not reuse of older work.
        stats.reused -= rendered
    finally:
        Path(job_file).unlink(missing_ok=True)


def _render_task(task: tuple[str, str, str, int, int]) -> Done:
    job_file, key, lang, section, figure = task
    return read_job(job_file).render(key, lang, section, figure)


def _edition_task(task: tuple[str, str, str, str]) -> tuple[str, Done]:
    job_file, step, key, lang = task
    job = read_job(job_file)
    return step, (job.stage(key, lang) if step == "stage" else job.build(key, lang))


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
