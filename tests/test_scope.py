"""What a change affects: the rounds `make serve` rebuilds, the countries a PR builds."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.scope import ALL, countries_affected, languages_edited, only_private
from tests.hostile import run_cli


@pytest.mark.parametrize(("changed", "expected"), [
    (["data/countries/kaz/2030-01-a/narrative/x.md"], {"kaz"}),
    (["data/countries/kaz/2030-01-a/round.yml", "data/countries/kgz/2030-02-b/tables/t.csv"],
     {"kaz", "kgz"}),
    (["data/countries/kgz/2030-03-new/round.yml"], {"kgz"}),  # a new round of one country
    (["data/countries/kaz/2030-01-a/narrative/x.md", "generator/site.py"], ALL),
    (["data/geo/kaz_adm1.geojson"], ALL),  # a boundary layer can serve any country
    (["mkdocs.yml"], ALL),
    (["overrides/main.html"], ALL),
    (["README.md"], ALL),  # nothing narrower can be said: build everything
    ([], ALL),
])
def test_countries_affected(tmp_path: Path, changed, expected):
    assert countries_affected([tmp_path / p for p in changed], tmp_path) == expected


@pytest.mark.parametrize(("changed", "expected"), [
    (["data/countries/kaz/2030-01-a/narrative/x.md"], True),
    (["data/countries/kaz/2030-01-a/narrative/x.ru.md",
      "data/countries/kaz/2029-07-b/narrative/y.md", "data/countries/kaz/2030-01-a/.x.md.swp"],
     True),
    (["data/countries/kaz/2030-01-a/narrative/x.md", "data/countries/kaz/2030-01-a/round.yml"],
     False),  # the metadata shows in its siblings' pages (versions, trends)
    (["data/countries/kaz/2030-01-a/tables/t.csv"], False),
    (["data/countries/kaz/2030-01-a/narrative"], False),  # the folder itself: added or removed
    (["data/countries/kaz/narrative/x.md"], False),  # not a round's: the country's folder
    (["docs/narrative/x.md"], False),
])
def test_only_private(tmp_path: Path, changed, expected):
    """A round's narrative folder is read by its own pages only (scope.PRIVATE)."""
    assert only_private([tmp_path / p for p in changed], tmp_path) is expected


@pytest.mark.parametrize(("changed", "expected"), [
    (["data/countries/kaz/2030-01-a/narrative/overview.ru.md"], {"ru"}),
    (["data/countries/kaz/2030-01-a/translations/kk.yml",
      "data/countries/kaz/2030-01-a/narrative/returns.ru.md"], {"kk", "ru"}),
    (["data/countries/kaz/2030-01-a/narrative/overview.md"], set()),  # English
    (["data/countries/kaz/2030-01-a/round.yml", "data/countries/kaz/2030-01-a/tables.yml"],
     set()),
    (["data/countries/kaz/2030-01-a/narrative/a.b.c.md", "docs/x.RU.md", "mkdocs.yml"], set()),
])
def test_languages_edited(tmp_path: Path, changed, expected):
    """The preview builds the editions whose own files changed first."""
    assert languages_edited([tmp_path / p for p in changed]) == expected


def test_affected_command_lists_existing_countries(mini: Path):
    import subprocess
    import sys

    from tests.hostile import ROOT

    def affected(text: str, *args: str) -> str:
        proc = subprocess.run([sys.executable, "-m", "generator", "--root", str(mini),
                               "affected", *args], input=text, capture_output=True, text=True,
                              cwd=ROOT, check=True)
        return proc.stdout.strip()

    assert affected("data/countries/kaz/2030-01-mini-round/round.yml\n") == "kaz"
    assert affected("generator/site.py\n", "--format", "json") == '["kaz"]'
    # A country that no longer exists (its files were deleted) is not built.
    assert affected("data/countries/xyz/2030-01-gone/round.yml\n") == ""
    assert run_cli(mini, "affected").returncode == 0
