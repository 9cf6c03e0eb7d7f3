"""Adding a round and a country changes nothing else (issue: "adding a round or a country
changes no code and no test").

A copy of the mini fixture gets a complete newer round of its country, made with the real
`new-round` command and filled in, and a round of a second country (the KGZ round and
boundary layer of tests/fixtures/two-countries). After `check` and `build`, the existing
country's pages are byte for byte those of the session's build of the fixture, except
where a page legitimately names the newer round: the earlier-round notice, and in the
former latest round the trends page, which moves to the new latest round (with its nav
entry, neighbour links and search entry); the new country has a site of its own.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import COUNTRY, FIXTURES, NEWER, NEWER_DIR, OLDER, stage_project

ADDED = "2030-06-mini-round"  # the new latest round of the fixture's country
ADDED_TITLE = "Mini Round (June 2030)"
OTHER = "kgz"  # the new country
OTHER_ROUND = "2030-03-kgz-round"
OTHER_FIXTURE = FIXTURES / "two-countries" / "data"
OTHER_FILES = ["geo/kgz_test_adm1.geojson", "geo/kgz_test_adm1.yml",
               f"countries/{OTHER}/{OTHER_ROUND}"]

# What a newer round legitimately changes on an earlier round's pages.
NOTICE = re.compile(r'\s*<aside class="md-banner">.*?</aside>', re.S)  # holds the notice


ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">.*?</article>', re.S)


def _normalized_page(html: str, former_latest: bool) -> str:
    """An earlier round's page without the notice. The former latest round also lost its
    trends page, hence its nav, its neighbours' links and its footer: its content is
    compared, the page's article."""
    if former_latest:
        return "\n".join(ARTICLE.findall(html))
    return NOTICE.sub("", html)


def _normalized_search(text: str) -> str:
    index = json.loads(text)
    index["docs"] = [d for d in index["docs"] if not d["location"].startswith("trends/")]
    return json.dumps(index, sort_keys=True)


def add_round_with_the_cli(project: Path, cli) -> Path:
    """`new-round` from the latest round, then what a data team fills in."""
    proc = cli(project, "new-round", ADDED, "--from", f"{COUNTRY}/{NEWER}")
    assert proc.returncode == 0, proc.stderr
    new = project / "data/countries" / COUNTRY / ADDED
    source = project / NEWER_DIR
    for csv in sorted((source / "tables").glob("*.csv")):
        text = csv.read_text(encoding="utf-8")
        if csv.name == "key_figures.csv":
            text = text.replace("Return migrants,1200,", "Return migrants,1450,")
        (new / "tables" / csv.name).write_text(text, encoding="utf-8")
    yml = new / "round.yml"
    text = yml.read_text(encoding="utf-8")
    for old, fresh in [("status: draft", "status: published"),
                       ("short_title: Mini Round (January 2030)", f"short_title: {ADDED_TITLE}"),
                       ("Assessment - January 2030", "Assessment - June 2030"),
                       ("published: 2030-01-15", "published: 2030-06-15"),
                       ("IOM), January 2030.", "IOM), June 2030."),
                       ("(late 2029)", "(spring 2030)")]:
        assert old in text, old
        text = text.replace(old, fresh)
    yml.write_text(text, encoding="utf-8")
    return new


def add_country(project: Path) -> None:
    for rel in OTHER_FILES:
        src, dest = OTHER_FIXTURE / rel, project / "data" / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dest)
        else:
            shutil.copy(src, dest)


def _text_files(base: Path) -> dict[str, Path]:
    return {p.relative_to(base).as_posix(): p for p in sorted(base.rglob("*"))
            if p.is_file() and p.suffix in {".html", ".json", ".svg", ".csv", ".js", ".md",
                                            ".xml", ".css"}}


@pytest.fixture(scope="module")
def grown(built_site, tmp_path_factory):
    """The mini fixture plus a round and a country, checked and built with the CLI."""
    missing = [rel for rel in OTHER_FILES if not (OTHER_FIXTURE / rel).exists()]
    assert not missing, f"tests/fixtures/two-countries lacks {missing}"
    from tests.conftest import run_cli

    project = stage_project("mini", tmp_path_factory.mktemp("grown") / "project")
    add_round_with_the_cli(project, run_cli)
    add_country(project)
    check = run_cli(project, "check", "--strict")
    build = None
    if check.returncode == 0:
        build = run_cli(project, "build", "--site-url", built_site["url"])
    return {"project": project, "check": check, "build": build, "out": project / "site",
            "before": built_site["out"]}


def test_check_and_build_accept_the_new_round_and_country(grown):
    check = grown["check"]
    assert check.returncode == 0, check.stderr
    for key in (f"{COUNTRY}/{OLDER}", f"{COUNTRY}/{NEWER}", f"{COUNTRY}/{ADDED}",
                f"{OTHER}/{OTHER_ROUND}"):
        assert f"ok  {key}:" in check.stdout, key
    assert "(draft)" not in check.stdout
    assert grown["build"].returncode == 0, grown["build"].stderr


def test_the_existing_countrys_earlier_rounds_are_unchanged(grown):
    """Byte for byte, once the notice and the trends page's entries are taken out."""
    before, after = grown["before"] / COUNTRY, grown["out"] / COUNTRY
    compared = changed_only_legitimately = 0
    for rid in (OLDER, NEWER):
        old_files, new_files = _text_files(before / rid), _text_files(after / rid)
        gone = sorted(set(old_files) - set(new_files))
        # The trends page (and its chart) moves to the new latest round; nothing else
        # disappears or appears.
        trends = ["assets/charts/trend-return-migrants.narrow.svg",
                  "assets/charts/trend-return-migrants.narrow.vl.json",
                  "assets/charts/trend-return-migrants.svg",
                  "assets/charts/trend-return-migrants.vl.json",
                  "assets/data/trend_return_migrants.csv", "trends/index.html"]
        assert gone == (trends if rid == NEWER else []), (rid, gone)
        assert sorted(set(new_files) - set(old_files)) == [], rid
        for rel, new in new_files.items():
            old_bytes, new_bytes = old_files[rel].read_bytes(), new.read_bytes()
            compared += 1
            if old_bytes == new_bytes:
                continue
            where = f"{rid}/{rel}"
            if rel.endswith(".html"):
                html = new_bytes.decode()
                assert ADDED_TITLE in html and f"/../{ADDED}/" in html, where  # the notice
                former = rid == NEWER
                assert _normalized_page(html, former), where
                assert _normalized_page(html, former) == \
                    _normalized_page(old_bytes.decode(), former), where
            elif rel == "search/search_index.json":
                assert rid == NEWER, where  # only the former latest lost a page
                assert _normalized_search(new_bytes.decode()) == \
                    _normalized_search(old_bytes.decode()), where
            elif rel == "sitemap.xml":
                assert rid == NEWER, where
                assert re.sub(r"\s*<url>\s*<loc>[^<]*/trends/</loc>.*?</url>", "",
                              old_bytes.decode(), flags=re.S) == new_bytes.decode(), where
            else:
                pytest.fail(f"{where} changed")
            changed_only_legitimately += 1
    assert compared > 100
    # Every page of an earlier round names the new latest round: the notice is on each.
    pages = [p for p in _text_files(after / OLDER) if p.endswith("index.html")
             and not p.startswith("assets/")]
    assert changed_only_legitimately >= len(pages) > 0


def test_the_existing_countrys_versions_and_latest_move_to_the_new_round(grown):
    before = json.loads((grown["before"] / COUNTRY / "versions.json").read_text())
    after = json.loads((grown["out"] / COUNTRY / "versions.json").read_text())
    assert after[0] == {"version": ADDED, "title": ADDED_TITLE, "aliases": ["latest"]}
    assert after[1:] == [{**v, "aliases": []} for v in before]
    out = grown["out"] / COUNTRY
    assert f"url={ADDED}/" in (out / "index.html").read_text()
    assert f"url=../../../{COUNTRY}/{ADDED}/returns/" in \
        (out / "latest/returns/index.html").read_text()
    trends = (out / ADDED / "trends/index.html").read_text()
    assert "1,450" in trends and "1,200" in trends and "950" in trends
    assert ADDED_TITLE in trends and "Testland KGZ" not in trends


def test_the_new_country_has_a_site_of_its_own(grown):
    out = grown["out"] / OTHER
    versions = json.loads((out / "versions.json").read_text())
    assert versions == [{"version": OTHER_ROUND, "title": "Testland KGZ Mini Round",
                         "aliases": ["latest"]}]
    assert f"url={OTHER_ROUND}/" in (out / "index.html").read_text()
    assert f"url=../../{OTHER}/{OTHER_ROUND}/\"" in (out / "latest/index.html").read_text()
    assert f"url=../../../{OTHER}/{OTHER_ROUND}/data/" in \
        (out / "latest/data/index.html").read_text()
    home = (out / OTHER_ROUND / "index.html").read_text()
    assert "You are reading an earlier round" not in home
    assert "Test boundaries for <strong>KGZ</strong>" in home  # its own layer's attribution
    assert (out / OTHER_ROUND / "assets/maps/return-by-province.html").is_file()
    assert not (out / OTHER_ROUND / "trends").exists()  # one round: nothing to compare


def test_the_new_countrys_pages_do_not_mention_the_other_countrys_rounds(grown):
    files = _text_files(grown["out"] / OTHER)
    assert len(files) > 20
    names = [OLDER, NEWER, ADDED, "Mini Round (July 2029)", "Mini Round (January 2030)",
             ADDED_TITLE, "Kazakhstan", f"/{COUNTRY}/"]
    for rel, path in files.items():
        if "/assets/vendor/" in f"/{rel}" or rel.endswith("vega-embed-bundle.js"):
            continue
        text = path.read_text(encoding="utf-8")
        assert not [n for n in names if n in text], rel


def test_the_landing_page_lists_both_countries(grown):
    html = (grown["out"] / "index.html").read_text()
    assert f'id="{COUNTRY}"' in html and f'id="{OTHER}"' in html
    assert f'href="{COUNTRY}/{ADDED}/"' in html and f'href="{OTHER}/{OTHER_ROUND}/"' in html
    assert f'href="{COUNTRY}/{NEWER}/"' not in html
    assert "<strong>1,450</strong> Return migrants" in html
    assert "2 earlier rounds in its version selector" in html


def test_old_single_country_urls_still_lead_to_the_first_country(grown):
    before, out = grown["before"], grown["out"]
    for rid in (OLDER, NEWER):
        for old in _text_files(before / rid).values():
            rel = old.relative_to(before)
            if rel.as_posix().startswith(f"{NEWER}/trends/"):
                continue  # the trends page moved to the new latest round
            assert (out / rel).read_bytes() == old.read_bytes(), rel
    assert f'url=../{COUNTRY}/{ADDED}/"' in (out / "latest/index.html").read_text()
    assert f'url=../{COUNTRY}/{ADDED}/"' in (out / ADDED / "index.html").read_text()
    assert not (out / OTHER_ROUND).exists()  # the new country never had such URLs
