"""Built editions are cached by content (generator/builds.py): an unchanged edition is
copied from build/cache/editions/ instead of being built by MkDocs again, a changed one is
built again, and the build date MkDocs writes is the round's, not today's."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tests.conftest import COUNTRY, NEWER, OLDER, build_site, stage_project

MARK = "planted-by-the-test.txt"


def test_only_changed_editions_are_built_again(tmp_path: Path) -> None:
    project = stage_project("mini", tmp_path / "project")
    url, out, work = "http://127.0.0.1:8000/", tmp_path / "site", tmp_path / "work"
    build_site(project, url, out, work)
    first = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    entries = sorted((work / "cache" / "editions").iterdir())
    assert len(entries) == 2  # one per edition: the mini rounds are English only
    # A file planted in every cached edition shows up in the output only if the build
    # copies the edition from the cache rather than running MkDocs. (Without the record
    # of what site/ holds, sitestate.py, the build has no old file it can keep.)
    for entry in entries:
        (entry / MARK).write_text("cached", encoding="utf-8")
    shutil.rmtree(work / "cache" / "sites")
    build_site(project, url, out, work)
    for rid in (NEWER, OLDER):
        assert (out / COUNTRY / rid / MARK).is_file(), rid
    again = {p.relative_to(out): p.read_bytes() for p in out.rglob("*")
             if p.is_file() and p.name != MARK}
    assert again == first
    # A narrative changed: that round's edition is built again, the other one copied.
    narrative = project / "data/countries" / COUNTRY / NEWER / "narrative/returns.md"
    narrative.write_text(narrative.read_text(encoding="utf-8") + "\nOne more line.\n",
                         encoding="utf-8")
    build_site(project, url, out, work)
    assert not (out / COUNTRY / NEWER / MARK).exists()
    assert (out / COUNTRY / OLDER / MARK).is_file()
    assert "One more line." in (out / COUNTRY / NEWER / "returns/index.html").read_text(
        encoding="utf-8")
    # The full build pruned the entry of the edition as it was before the change.
    assert len(list((work / "cache" / "editions").iterdir())) == 2


def test_the_sitemap_date_is_the_rounds_publication_date(built_site) -> None:
    from generator.project import load_project

    project = load_project(built_site["project"] / "data")
    for rnd in project.rounds:
        sitemap = (built_site["out"] / rnd.country / rnd.id / "sitemap.xml").read_text(
            encoding="utf-8")
        dates = set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap))
        assert dates == {str(rnd.meta.published.first_day)}, rnd.key


def _build(project: Path, url: str, out: Path, work: Path) -> list[str]:
    from generator.site import build

    said: list[str] = []
    build(project, url, out=out, progress=said.append, work=work)
    return said


def test_unchanged_inputs_are_copied_without_staging_and_any_input_change_stages_again(
        tmp_path: Path) -> None:
    """One step before MkDocs' cache (inputs.py): an edition whose inputs are all unchanged
    is not staged at all; a hand-written file, the site's address or a damaged record
    makes every edition be staged again, and the output shows the change."""
    project = stage_project("mini", tmp_path / "project")
    url, out, work = "http://127.0.0.1:8000/", tmp_path / "site", tmp_path / "work"
    said = _build(project, url, out, work)
    assert not any("unchanged since" in s for s in said)
    first = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    stage = work / "stage" / COUNTRY / NEWER
    (stage / MARK).write_text("staged", encoding="utf-8")
    said = _build(project, url, out, work)
    assert "  2 edition(s) unchanged since they were last built: not staged" in said
    assert (stage / MARK).is_file()  # not staged again: staging starts from an empty folder
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == first
    assert "Figures: 0 rendered" in "\n".join(said)
    # A narrative is its round's alone (scope.PRIVATE): the other round is not staged.
    older_stage = work / "stage" / COUNTRY / OLDER
    (older_stage / MARK).write_text("staged", encoding="utf-8")
    narrative = project / "data/countries" / COUNTRY / NEWER / "narrative/returns.md"
    narrative.write_text(narrative.read_text(encoding="utf-8") + "\nOne more line.\n",
                         encoding="utf-8")
    said = _build(project, url, out, work)
    assert "  1 edition(s) unchanged since they were last built: not staged" in said
    assert (older_stage / MARK).is_file() and not (stage / MARK).exists()
    assert "One more line." in (out / COUNTRY / NEWER / "returns/index.html").read_text(
        encoding="utf-8")
    # Anything else of a round counts for its siblings too (trends, versions): a comment
    # added to the newer round's metadata stages the older round again.
    round_yml = project / "data/countries" / COUNTRY / NEWER / "round.yml"
    round_yml.write_text(round_yml.read_text(encoding="utf-8") + "\n# a comment\n",
                         encoding="utf-8")
    said = _build(project, url, out, work)
    assert not any("unchanged since" in s for s in said)
    assert not (older_stage / MARK).exists()
    # A hand-written stylesheet changed: staged and built again, with the new rule.
    css = project / "docs/assets/stylesheets/mtm.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n.planted-rule{color:red}\n",
                   encoding="utf-8")
    said = _build(project, url, out, work)
    assert not any("unchanged since" in s for s in said)
    assert not (stage / MARK).exists()
    assert ".planted-rule" in (out / COUNTRY / NEWER / "assets/stylesheets/mtm.css").read_text(
        encoding="utf-8")
    # Another address: every edition again, with its links.
    other = "http://127.0.0.1:8123/"
    said = _build(project, other, out, work)
    assert not any("unchanged since" in s for s in said)
    assert other in (out / COUNTRY / NEWER / "index.html").read_text(encoding="utf-8")
    # A damaged record is not trusted: that edition is staged again, the other copied.
    records = sorted((work / "cache" / "inputs").glob("*.json"))
    assert len(records) == 2  # pruned to the editions of the last full build
    records[0].write_text("{not json", encoding="utf-8")
    said = _build(project, other, out, work)
    assert "  1 edition(s) unchanged since they were last built: not staged" in said
