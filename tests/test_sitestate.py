"""A build does not write again what site/ already holds (generator/sitestate.py), and a
file of site/ changed since the build is never trusted: it is written again from the
edition cache, which an edit in site/ never reaches."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator import sitestate
from tests.conftest import COUNTRY, NEWER, OLDER, reuse_vega_cache, stage_project

URL = "http://127.0.0.1:8000/"


def _build(project: Path, out: Path, work: Path) -> list[str]:
    from generator.site import build

    said: list[str] = []
    reuse_vega_cache(work)
    build(project, URL, out=out, progress=said.append, work=work)
    return said


def _files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*")
            if p.is_file()}


def _inodes(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_ctime_ns)
            for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def staged(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("sitestate")
    project = stage_project("mini", base / "project")
    out, work = base / "site", base / "work"
    _build(project, out, work)
    return {"project": project, "out": out, "work": work}


def test_a_no_change_build_writes_nothing(staged) -> None:
    out, work = staged["out"], staged["work"]
    before = _inodes(out)
    said = _build(staged["project"], out, work)
    assert said[-1].startswith("Site unchanged:"), said
    assert _inodes(out) == before  # not a file replaced, re-linked or rewritten


def test_an_edited_file_of_site_is_written_again_even_with_its_size_and_mtime(staged) -> None:
    out, work = staged["out"], staged["work"]
    page = out / COUNTRY / NEWER / "index.html"
    good = page.read_bytes()
    st = page.stat()
    # The same size, the same mtime: only the ctime tells the file was written.
    page.write_bytes(good.replace(b"<", b">", 1))
    os.utime(page, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert page.stat().st_size == st.st_size and page.stat().st_mtime_ns == st.st_mtime_ns
    said = _build(staged["project"], out, work)
    assert said[-1].startswith("Site written to"), said
    assert page.read_bytes() == good
    # A file planted in site/ makes the folder differ from the build: it goes.
    planted = out / COUNTRY / "planted.html"
    planted.write_text("<p>not built</p>", encoding="utf-8")
    _build(staged["project"], out, work)
    assert not planted.exists()


def test_an_unchanged_edition_is_kept_and_a_changed_file_of_it_copied_from_the_cache(
        staged, tmp_path: Path) -> None:
    project, out, work = staged["project"], staged["out"], staged["work"]
    older = out / COUNTRY / OLDER
    kept = _inodes(older)
    older_bytes = _files(older)
    # One file of the older round edited in site/, then a narrative of the newer round.
    edited = older / "index.html"
    edited.write_bytes(edited.read_bytes() + b"<!-- edited in site/ -->")
    narrative = project / "data/countries" / COUNTRY / NEWER / "narrative/returns.md"
    narrative.write_text(narrative.read_text(encoding="utf-8") + "\nOne more line.\n",
                         encoding="utf-8")
    said = _build(project, out, work)
    assert any("kept as they are" in s for s in said), said
    assert _files(older) == older_bytes  # the edit is gone, every other byte the same
    now = {rel: ino for rel, (ino, _ctime) in _inodes(older).items()}
    assert now["index.html"] != kept["index.html"][0]  # copied from the cache
    same = [rel for rel, (ino, _ctime) in kept.items() if now.get(rel) == ino]
    assert len(same) == len(kept) - 1  # all the others: linked from the old site/
    assert "One more line." in (out / COUNTRY / NEWER / "returns/index.html").read_text(
        encoding="utf-8")
    # The cache never shared the edited file: a fresh site is built from it unchanged.
    fresh = tmp_path / "fresh"
    _build(project, fresh, work)
    assert _files(fresh) == _files(out)


def test_the_record_is_read_strictly(tmp_path: Path) -> None:
    out, work = tmp_path / "site", tmp_path / "work"
    (out / "a").mkdir(parents=True)
    (out / "a" / "b.html").write_text("b", encoding="utf-8")
    sitestate.record(work, out, {"a": "entry1", sitestate.LAYOUT: "x"})
    state = sitestate.read(work, out)
    assert state is not None
    now = sitestate.scan(out)
    assert state.holds({"a": "entry1", sitestate.LAYOUT: "x"}, now)
    assert not state.holds({"a": "entry2", sitestate.LAYOUT: "x"}, now)
    assert state.trusted("a", "entry1", now) == {"a/b.html"}
    assert state.trusted("a", "entry2", now) == set()  # built from another entry
    os.symlink(out / "a" / "b.html", out / "a" / "c.html")
    now = sitestate.scan(out)
    assert not state.holds({"a": "entry1", sitestate.LAYOUT: "x"}, now)
    # Even recorded, a link is never trusted: a build does not link it into a new site.
    sitestate.record(work, out, {"a": "entry1", sitestate.LAYOUT: "x"})
    assert sitestate.read(work, out).trusted("a", "entry1", now) == {"a/b.html"}
    record = next((work / "cache" / "sites").glob("*.json"))
    for damaged in ("{not json", '{"plan": {}, "files": {"a": [1, 2]}}', "[]"):
        record.write_text(damaged, encoding="utf-8")
        assert sitestate.read(work, out) is None, damaged
    sitestate.forget(work, out)
    assert sitestate.read(work, out) is None
