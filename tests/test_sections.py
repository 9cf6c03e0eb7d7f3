"""The country's sections.json (generator/layout.py): what version switching matches on."""

from __future__ import annotations

import json

from tests.conftest import COUNTRY, NEWER, OLDER


def test_sections_json_lists_every_published_round_with_its_section_ids(built_site):
    rounds = json.loads((built_site["out"] / COUNTRY / "sections.json").read_text())
    assert set(rounds) == {NEWER, OLDER}
    assert rounds[OLDER] == {"title": "Mini Round (July 2029)", "sections": {
        "": "Overview", "reasons/": "Reasons and services", "data/": "Data and sources"}}
    # The paths are those of the built pages (the trends page only in the latest round).
    for rid, entry in rounds.items():
        for path in entry["sections"]:
            assert (built_site["out"] / COUNTRY / rid / path / "index.html").is_file(), path
    assert "trends/" in rounds[NEWER]["sections"] and "returns/" in rounds[NEWER]["sections"]
