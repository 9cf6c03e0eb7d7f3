"""An edition is staged once per build (generator/jobs.py): its stage task and its build
task share one staging, whichever runs first; a record left by an earlier build is not
taken for this build's."""

from __future__ import annotations

from pathlib import Path

from generator.config import edition_dir
from generator.inputs import gather
from generator.jobs import RoundJob
from generator.project import load_project
from generator.staging import Paths
from tests.conftest import COUNTRY, OLDER, reuse_vega_cache, stage_project

MARK = "planted-by-the-test.txt"


def _job(paths: Paths, token: str) -> RoundJob:
    project = load_project(paths.data)
    inputs = gather(paths.data, paths.docs, paths.overrides, paths.mkdocs_yml,
                    [c.code for c in project.countries], site_url="http://127.0.0.1:8000/",
                    map_tiles=False)
    return RoundJob(project, paths, paths.work / "out", "http://127.0.0.1:8000/", False,
                    inputs, token)


def test_the_build_task_uses_the_stage_tasks_staging(tmp_path: Path) -> None:
    paths = Paths(stage_project("mini", tmp_path / "project"), tmp_path / "work")
    reuse_vega_cache(paths.work)
    key = f"{COUNTRY}/{OLDER}"
    job = _job(paths, "build-1")
    staged = job.stage(key, "en")
    assert staged.rendered + staged.reused > 0  # it staged, and counted the figures
    rnd = next(r for r in job.project.rounds if r.key == key)
    folder = paths.work / "stage" / edition_dir(rnd, "en")
    (folder / MARK).write_text("staged once", encoding="utf-8")
    built = job.build(key, "en")
    assert (folder / MARK).is_file()  # not staged again: staging starts from an empty folder
    assert (built.rendered, built.reused) == (0, 0)  # the stage task counted them
    assert staged.used <= built.used  # the figures, PDF and images it uses are kept
    assert (paths.work / "out" / edition_dir(rnd, "en") / "index.html").is_file()
    # Another build (another token) does not trust the record: it stages again.
    again = _job(paths, "build-2").build(key, "en")
    assert not (folder / MARK).exists()
    assert again.rendered + again.reused == staged.rendered + staged.reused
