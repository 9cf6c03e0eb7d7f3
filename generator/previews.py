"""Pull-request previews: where each lives, its address, and which ones are published.

A pull request from a branch of the repository gets its built site at
`<pages-url>/pr-preview/pr-<number>/`. The built previews are kept on a branch of their
own (`pr-previews`, one folder `pr-<number>/` each); every Pages deployment (publish.yml)
is the production site plus those folders. Only folders named `pr-<number>` are taken
from that branch, so nothing else pushed there reaches the site. See docs/authoring.md
("Previews") for the trade-offs of this design.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

PREFIX = "pr-preview"
FOLDER = re.compile(r"^pr-([1-9][0-9]{0,8})$")


def folder(number: int) -> str:
    if number < 1:
        raise ValueError(f"not a pull request number: {number}")
    return f"pr-{number}"


def site_path(number: int) -> str:
    """The preview's path inside the published site."""
    return f"{PREFIX}/{folder(number)}/"


def url(base_url: str, number: int) -> str:
    """The preview's address, from the Pages address (with or without a trailing slash)."""
    return base_url.rstrip("/") + "/" + site_path(number)


def published(previews: Path) -> list[int]:
    """The pull requests with a preview folder on the previews branch, in order."""
    if not previews.is_dir():
        return []
    return sorted(int(m.group(1)) for p in previews.iterdir()
                  if p.is_dir() and not p.is_symlink() and (m := FOLDER.match(p.name)))


def stale(previews: Path, open_numbers: set[int]) -> list[int]:
    """Previews whose pull request is no longer open: to remove."""
    return [n for n in published(previews) if n not in open_numbers]


def add(previews: Path, number: int, site: Path) -> Path:
    """Put a built site in place as pull request `number`'s preview (replacing the old one)."""
    if not (site / "index.html").is_file():
        raise FileNotFoundError(f"{site} holds no built site (no index.html)")
    dest = previews / folder(number)
    tmp = previews / f".{folder(number)}.new"
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(site, tmp, symlinks=False)
    shutil.rmtree(dest, ignore_errors=True)
    tmp.rename(dest)
    return dest


def remove(previews: Path, number: int) -> bool:
    dest = previews / folder(number)
    if not dest.is_dir():
        return False
    shutil.rmtree(dest)
    return True


def merge_into(site: Path, previews: Path) -> list[int]:
    """Copy every preview folder into `site/pr-preview/`; return the numbers merged.

    Symbolic links are not followed or copied: a preview holds files only.
    """
    numbers = published(previews)
    for n in numbers:
        shutil.copytree(previews / folder(n), site / PREFIX / folder(n), symlinks=True,
                        ignore=_links, dirs_exist_ok=False)
    return numbers


def _links(directory: str, names: list[str]) -> list[str]:
    return [n for n in names if (Path(directory) / n).is_symlink()]
