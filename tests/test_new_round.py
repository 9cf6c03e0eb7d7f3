"""Publishing a round is adding data and narrative only: a synthetic third round of the
mini fixture's country, with different sections and figure kinds, is built with no code
change."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from tests.conftest import COUNTRY, NEWER, OLDER, warm_mini

# A checkout that built the fixture before (conftest.warm): only what a test changes is made.
mini = pytest.fixture(name="mini")(warm_mini)


NEW = "2030-06-synthetic-round"

ROUND_YML = """\
id: 2030-06-synthetic-round
title: Synthetic test round
short_title: Synthetic round (June 2030)
country: KAZ
kind: Test assessment
data_collection: {start: 2030-03-01, end: 2030-05-31}
published: 2030-06-15
citation: "Synthetic citation line for tests."
terms_url: https://dtm.iom.int/terms-and-conditions
disclaimer: Test data only.
map_disclaimer: Test map only.
source_report: {title: Synthetic report, file: none.txt, published: 2030-06-15}
indicators:
  return_migrants:
    value: headline.return_migrants
    label: Return migrants
    period: 2030
    coverage: Two synthetic provinces
sections:
  - id: summary
    title: Summary
    narrative: narrative/summary.md
    figures:
      - {id: headline, kind: key_figures, table: headline, title: Headline, category: indicator, value: value}
      - {id: arrivals-trend, kind: trend, table: arrivals, title: Arrivals by year, category: year, value: people}
      - {id: arrivals-map, kind: choropleth, table: by_province, title: Arrivals by province, province: province, value: people}
  - id: details
    title: Details
    narrative: narrative/details.md
    figures:
      - {id: grid, kind: heat_table, table: grid, title: A grid, row: band, column: service, value: households}
      - {id: terms, kind: definitions, table: terms, title: Terms, category: term, value: meaning}
      - {id: everything, kind: table, table: arrivals, title: All arrivals}
"""

TABLES_YML = """\
tables:
  headline:
    file: tables/headline.csv
    title: Headline numbers
    source: synthetic, line 1
    columns:
      indicator: {type: text, description: What}
      value: {type: integer, description: How many, unit: people}
  arrivals:
    file: tables/arrivals.csv
    title: Arrivals by year
    source: synthetic, lines 2-4
    columns:
      year: {type: year, description: Year}
      people: {type: integer, description: Arrivals, unit: people}
  by_province:
    file: tables/by_province.csv
    title: Arrivals by province
    source: synthetic, line 5
    columns:
      province: {type: province, description: Province}
      people: {type: integer, description: Arrivals, unit: people}
  grid:
    file: tables/grid.csv
    title: A grid
    source: synthetic, line 6
    columns:
      band: {type: text, description: Band}
      service: {type: text, description: Service}
      households: {type: integer, description: Households, unit: households}
  terms:
    file: tables/terms.csv
    title: Terms
    source: synthetic, line 7
    columns:
      term: {type: text, description: Term}
      meaning: {type: text, description: Meaning}
"""

CSVS = {
    "headline.csv": "indicator,value\nReturn migrants,700001\nCommunities,12\n",
    "arrivals.csv": "year,people\n2023,100\n2024,250\n2025,175\n",
    "by_province.csv": "province,people\nTurkistan,300\nAlmaty city,225\n",
    "grid.csv": "band,service,households\n0-5 km,Clinic,10\n0-5 km,School,3\n6-10 km,Clinic,4\n"
                "6-10 km,School,9\n",
    "terms.csv": "term,meaning\nSynthetic,Made for a test\n",
}


def add_round(project: Path) -> Path:
    d = project / "data/countries" / COUNTRY / NEW
    (d / "tables").mkdir(parents=True)
    (d / "narrative").mkdir()
    (d / "round.yml").write_text(ROUND_YML)
    (d / "tables.yml").write_text(TABLES_YML)
    for name, text in CSVS.items():
        (d / "tables" / name).write_text(text)
    (d / "narrative/summary.md").write_text("A synthetic summary.\n")
    (d / "narrative/details.md").write_text(textwrap.dedent("""\
        ## Details

        A synthetic page with a *different* structure.
        """))
    return d


def test_third_round_publishes_with_no_code_change(mini, cli):
    add_round(mini)
    proc = cli(mini, "build", "--site-url", "http://127.0.0.1:9/")
    assert proc.returncode == 0, proc.stderr
    site = mini / "site"
    country = site / COUNTRY
    versions = json.loads((country / "versions.json").read_text())
    assert versions[0] == {"version": NEW, "title": "Synthetic round (June 2030)",
                           "aliases": ["latest"]}
    assert [v["version"] for v in versions] == [NEW, NEWER, OLDER]
    assert f"url={NEW}/" in (country / "index.html").read_text()
    assert f'href="{COUNTRY}/{NEW}/"' in (site / "index.html").read_text()  # landing page
    assert f"url=../../{COUNTRY}/{NEW}/" in (country / "latest/index.html").read_text()
    summary = (country / NEW / "index.html").read_text()
    assert "700,001" in summary and "Synthetic citation line for tests." in summary
    assert (country / NEW / "assets/charts/arrivals-trend.vl.json").is_file()
    assert (country / NEW / "assets/maps/arrivals-map.html").is_file()
    details = (country / NEW / "details/index.html").read_text()
    assert "Made for a test" in details and "mtm-chart" in details
    trends = (country / NEW / "trends/index.html").read_text()
    assert "700,001" in trends and "1,200" in trends and "950" in trends
    # The earlier latest round now points readers to the new one, and lost its trends page.
    former = (country / NEWER / "index.html").read_text()
    assert "You are reading an earlier round" in former
    assert "Synthetic round (June 2030)" in former
    assert not (country / NEWER / "trends").exists()


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("kind: trend", "kind: sparkline", "'sparkline' is not allowed"),
        ("table: grid", "table: gird", "unknown table 'gird': did you mean 'grid'"),
        ("value: households}", "value: band}", "column 'band' is text"),
    ],
)
def test_bad_declaration_stops_the_publish_before_anything_is_written(mini, old, new,
                                                                      message, cli):
    d = add_round(mini)
    yml = d / "round.yml"
    yml.write_text(yml.read_text().replace(old, new, 1))
    proc = cli(mini, "build")
    assert proc.returncode == 1
    assert f"data/countries/{COUNTRY}/{NEW}/round.yml:" in proc.stderr
    assert message in proc.stderr
    assert not (mini / "site").exists()
    assert not (mini / "build" / "stage").exists()
