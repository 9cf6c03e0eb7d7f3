"""Benchmark: time each build stage and print the size of what a reader downloads.

Run with `make bench`. Prints figures; asserts nothing (timings are not tests).
"""

from __future__ import annotations

import gzip
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from generator.model import load_project  # noqa: E402
from generator.site import build, render_round  # noqa: E402


def main() -> None:
    t0 = time.perf_counter()
    project = load_project(ROOT / "data")
    t1 = time.perf_counter()
    print(f"load + validate  {t1 - t0:6.2f} s  ({len(project.rounds)} rounds)")
    for rnd in project.rounds:
        t = time.perf_counter()
        pages, files = render_round(rnd)
        print(f"render {rnd.id:<28} {time.perf_counter() - t:6.2f} s  "
              f"{len(pages)} pages, {len(files)} files")
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        build(ROOT, "http://127.0.0.1:8000/", out=Path(tmp) / "site",
              progress=lambda _m: None, work=Path(tmp) / "work")
        print(f"full build       {time.perf_counter() - t:6.2f} s")
        site = Path(tmp) / "site"
        for rnd in project.rounds:
            base = site / rnd.id
            html = base / "index.html"
            total = sum(f.stat().st_size for f in base.rglob("*") if f.is_file())
            vega = base / "assets/vendor/vega/vega-embed-bundle.js"
            gz = len(gzip.compress(vega.read_bytes()))
            maps = list((base / "assets/maps").glob("*.html"))
            map_gz = max((len(gzip.compress(m.read_bytes())) for m in maps), default=0)
            print(f"{rnd.id}: {total / 1e6:.1f} MB on disk; home page {html.stat().st_size / 1e3:.0f}"
                  f" KB; Vega bundle {gz / 1e3:.0f} KB gzip; largest map {map_gz / 1e3:.0f} KB gzip")


if __name__ == "__main__":
    main()
