"""What the published folder (`site/`) holds as the last build left it, so that a build
does not write again what is already there.

A build writes the new site beside `site/` and swaps it in (layout.swap_in), so a failed
build leaves the old one whole. Copying every unchanged edition into the new folder and
deleting the old one was most of a no-change build (about 2,200 files). So after each
swap-in the build records, in `build/cache/sites/<hash of the folder's path>.json`, what
the folder was made from (its `plan`: each edition's built entry, the layout's digest)
and every file's type, inode, size, mtime and ctime. On the next build:

- the same plan, and every file with its recorded stat and no file more: the folder is
  what the build would write, so nothing is written (`holds`);
- otherwise each file of an edition whose entry is unchanged is hard-linked from the old
  folder if its stat is unchanged, and copied from the edition cache if not (`place`).

Why a stat, and ctime in it: writing to a file, or changing its metadata, sets its ctime
to the current time, and no program can set it back, only the clock. So a file edited,
replaced or touched since the build is never trusted: it is copied again from the cache.
Hard links join only the old and the new site, never the cache, so an edit made in
`site/` can never reach the cache and from there a later build.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG

from generator.inputs import update_tree

Stat = tuple[int, int, int, int, int]  # mode, inode, size, mtime_ns, ctime_ns
LAYOUT = "(layout)"  # the plan's entry for what layout.py writes (not an edition folder)


def scan(folder: Path) -> dict[str, Stat]:
    """Every entry under `folder` by relative path (folders end in "/"), not following
    symbolic links: one link planted in the folder is one entry no build recorded."""
    found: dict[str, Stat] = {}

    def walk(path: str, prefix: str) -> None:
        with os.scandir(path) as entries:
            for e in entries:
                s = e.stat(follow_symlinks=False)
                if e.is_dir(follow_symlinks=False):
                    found[f"{prefix}{e.name}/"] = (s.st_mode, 0, 0, 0, 0)
                    walk(e.path, f"{prefix}{e.name}/")
                else:
                    found[prefix + e.name] = (s.st_mode, s.st_ino, s.st_size, s.st_mtime_ns,
                                              s.st_ctime_ns)

    if folder.is_dir():
        walk(str(folder), "")
    return found


def tree_digest(folder: Path) -> str:
    """Every file's path and bytes under `folder` (the layout: a few dozen small files),
    digested as inputs.py digests a folder."""
    h = hashlib.sha256()
    update_tree(h, folder)
    return h.hexdigest()


@dataclass(frozen=True)
class SiteState:
    plan: dict[str, str]
    files: dict[str, Stat]

    def holds(self, plan: dict[str, str], now: dict[str, Stat]) -> bool:
        """Whether the folder, as scanned `now`, is what `plan` builds, untouched."""
        return self.plan == plan and self.files == now

    def trusted(self, where: str, entry: str, now: dict[str, Stat]) -> set[str]:
        """The files of edition folder `where` (paths below the site) that are as the last
        build wrote them from `entry`; none if that build wrote `where` from another."""
        if self.plan.get(where) != entry:
            return set()
        prefix = f"{where}/"
        # Regular files only: a symbolic link is never linked into a site (nor followed).
        return {rel for rel, stat in now.items()
                if rel.startswith(prefix) and S_ISREG(stat[0]) and self.files.get(rel) == stat}


def _record(work: Path, out: Path) -> Path:
    name = hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:16]
    return work / "cache" / "sites" / f"{name}.json"


def read(work: Path, out: Path) -> SiteState | None:
    """The state recorded for `out`, or None (never built here, or a damaged record)."""
    try:
        data = json.loads(_record(work, out).read_text(encoding="utf-8"))
        plan = {str(k): str(v) for k, v in data["plan"].items()}
        files = {str(k): tuple(int(x) for x in v) for k, v in data["files"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    if any(len(v) != 5 for v in files.values()):
        return None
    return SiteState(plan, files)  # type: ignore[arg-type]


def forget(work: Path, out: Path) -> None:
    """Before a swap-in: should the build stop between the swap and `record`, the next
    one finds no state, and writes every file."""
    _record(work, out).unlink(missing_ok=True)


def record(work: Path, out: Path, plan: dict[str, str]) -> None:
    """After a swap-in (and after the old folder is deleted: unlinking a hard link sets
    the ctime of the file it shared)."""
    path = _record(work, out)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps({"plan": plan, "files": scan(out)}, sort_keys=True),
                   encoding="utf-8")
    tmp.replace(path)


def place(entry: Path, where: str, new: Path, old: Path, trusted: set[str]) -> tuple[int, int]:
    """Put the built edition `entry` at `new/where`: each file in `trusted` linked from
    `old/where`, every other one copied from `entry`. Returns (linked, copied)."""
    linked = copied = 0
    for folder, _dirs, names in os.walk(entry):
        rel_dir = Path(folder).relative_to(entry)
        (new / where / rel_dir).mkdir(parents=True, exist_ok=True)
        for name in names:
            rel = (rel_dir / name).as_posix()
            target = new / where / rel
            if f"{where}/{rel}" in trusted:
                try:
                    os.link(old / where / rel, target, follow_symlinks=False)
                    linked += 1
                    continue
                except OSError:  # no hard links on this file system: copy
                    pass
            shutil.copy2(Path(folder) / name, target)
            copied += 1
    return linked, copied


def place_all(plan: dict[str, str], cache: Path, new: Path, old: Path,
              state: SiteState | None, now: dict[str, Stat]) -> tuple[int, int]:
    """Every edition of `plan` (its folder -> its entry in `cache`) into `new`, keeping
    what `old` (scanned `now`) holds of it unchanged. Returns (linked, copied)."""
    linked = copied = 0
    for where, entry in plan.items():
        if where != LAYOUT:
            trusted = state.trusted(where, entry, now) if state else set()
            n, m = place(cache / entry, where, new, old, trusted)
            linked, copied = linked + n, copied + m
    return linked, copied
