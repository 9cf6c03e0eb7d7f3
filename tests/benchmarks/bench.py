"""`make bench`: how long builds take, how much memory, how much a reader downloads.

Prints a table (each figure with how it was measured) and writes it, with the date and
the machine, to tests/benchmarks/RESULTS.md. Asserts nothing: timings are not tests.
Every build is the real CLI (`python -m generator build`) in a fresh process.
"""

from __future__ import annotations

import datetime
import gzip
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from tests.benchmarks.synthetic import NoAliases  # noqa: E402
from tests.benchmarks.synthetic import make as make_synthetic  # noqa: E402

Row = tuple[str, str, str]  # what, value, how it was measured


def _build(project: Path, *args: str) -> tuple[float, str]:
    """Seconds for one `build`, wall clock, and its output."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "generator", "--root", str(project), "build",
                           *args], capture_output=True, text=True, cwd=ROOT, check=False)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"build failed:\n{proc.stdout}\n{proc.stderr}")
    return seconds, proc.stdout


def _figures(output: str) -> str:
    return next((x.removeprefix("Figures: ") for x in output.splitlines()
                 if x.startswith("Figures:")), "?")


def _stage(project: Path, name: str) -> Path:
    dest = project / name
    for sub in ("data", "docs", "overrides"):
        shutil.copytree(ROOT / sub, dest / sub)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


def _warm_vega(project: Path) -> None:
    # The Vega bundle depends only on library versions: it is cached once per machine.
    src = ROOT / "build/cache"
    for bundle in src.glob("vega-embed-bundle-*.js") if src.is_dir() else []:
        (project / "build/cache").mkdir(parents=True, exist_ok=True)
        shutil.copy(bundle, project / "build/cache" / bundle.name)


def builds(tmp: Path) -> list[Row]:
    rows: list[Row] = []
    how = "wall clock of `python -m generator build`, fresh process"
    real = _stage(tmp, "real")
    _warm_vega(real)
    cold, out = _build(real)
    rows.append(("Real site, cold (empty figure cache)", f"{cold:.1f} s",
                 f"{how}; figures {_figures(out)}"))
    same, out = _build(real)
    rows.append(("Real site, rebuild, nothing changed", f"{same:.1f} s",
                 f"{how}; figures {_figures(out)}"))
    narrative = next((real / "data/countries").glob("*/*/narrative/*.md"))
    narrative.write_text(narrative.read_text(encoding="utf-8") + "\nOne more sentence.\n",
                         encoding="utf-8")
    key = f"{narrative.parents[2].name}/{narrative.parents[1].name}"
    one, out = _build(real, "--round", key)
    rows.append(("Real site, one narrative file changed (its round rebuilt)", f"{one:.1f} s",
                 f"{how} --round {key}; figures {_figures(out)}"))
    tables_yml = sorted((real / "data/countries").glob("*/*/tables.yml"))[-1]
    declared = yaml.safe_load(tables_yml.read_text(encoding="utf-8"))
    name = next(n for n, t in declared["tables"].items() if t.get("note") is None)
    declared["tables"][name]["note"] = "Changed for the benchmark."
    tables_yml.write_text(yaml.dump(declared, Dumper=NoAliases, allow_unicode=True, sort_keys=False),
                          encoding="utf-8")
    changed, out = _build(real)
    rows.append((f"Real site, one table of one round changed ({name}: a note added)",
                 f"{changed:.1f} s", f"{how}; figures {_figures(out)}"))

    synthetic = make_synthetic(ROOT, tmp / "synthetic")
    _warm_vega(synthetic)
    syn, out = _build(synthetic)
    rows.append(("Synthetic site, 20 rounds x 10 sections x 5 figures, cold", f"{syn:.1f} s",
                 f"{how}; figures {_figures(out)}"))
    rows.append(("Ratio synthetic / real (cold)", f"{syn / cold:.1f}x",
                 "the two cold builds above (the synthetic site has 10x the rounds)"))
    syn_same, out = _build(synthetic)
    rows.append(("Synthetic site, rebuild, nothing changed", f"{syn_same:.1f} s",
                 f"{how}; figures {_figures(out)}"))
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    rows.append(("Peak memory of one process", f"{peak:.0f} MB",
                 "largest max RSS of any build process or pool worker (getrusage CHILDREN)"))
    return rows


def page_weights(tmp: Path) -> list[Row]:
    """First-load bytes of every section page of the real site, in headless Chromium."""
    import functools
    import http.server
    import socket
    import threading

    from playwright.sync_api import sync_playwright

    site = tmp / "real/site"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port),
                                            functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    # Every page of every round, in its country's folder (not the redirect pages).
    pages = sorted(p.parent.relative_to(site).as_posix() for p in site.glob("*/*/**/index.html")
                   if len(p.relative_to(site).parts[0]) == 3
                   and not {"latest", "assets", "search"} & set(p.parts))
    weights: dict[str, dict[str, tuple[int, int]]] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        for rel in pages:
            page = browser.new_page(viewport={"width": 1366, "height": 900})
            seen: dict[str, tuple[int, int]] = {}

            def on_response(resp, seen=seen):
                try:
                    body = resp.body()
                except Exception:
                    return
                kind = resp.request.resource_type
                raw, gz = seen.get(kind, (0, 0))
                seen[kind] = (raw + len(body), gz + len(gzip.compress(body, 6)))

            page.on("response", on_response)
            page.goto(f"http://127.0.0.1:{port}/{rel}/", wait_until="networkidle")
            weights[rel] = seen
            page.close()
        browser.close()
    httpd.shutdown()
    totals = {rel: sum(gz for _, gz in w.values()) for rel, w in weights.items()}
    heaviest = max(totals, key=totals.get)
    median = sorted(totals, key=totals.get)[len(totals) // 2]
    rows: list[Row] = []
    for label, rel in (("heaviest", heaviest), ("median", median)):
        parts = ", ".join(f"{k} {gz / 1e3:.0f}" for k, (raw, gz) in sorted(weights[rel].items()))
        raw = sum(r for r, _ in weights[rel].values())
        rows.append((f"First load, {label} page ({rel})",
                     f"{totals[rel] / 1e3:.0f} KB gzip ({raw / 1e3:.0f} KB raw)",
                     f"Chromium 1366 px, every response until network idle, gzip -6 of each "
                     f"body; by type (KB gzip): {parts}"))
    rows.append(("Pages measured", str(len(totals)),
                 f"median {statistics.median(totals.values()) / 1e3:.0f} KB gzip"))
    return rows


def table(rows: list[Row]) -> str:
    out = ["| what | result | how it was measured |", "|---|---|---|"]
    out += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    return "\n".join(out)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        rows = builds(Path(tmp))
        rows += page_weights(Path(tmp))
    text = table(rows)
    print(text)
    machine = (f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
               f", {platform.system()} {platform.release()}")
    (ROOT / "tests/benchmarks/RESULTS.md").write_text(
        f"# Benchmark results\n\nMeasured by `make bench` on {datetime.date.today()}, "
        f"{machine}.\n\n{text}\n", encoding="utf-8")


if __name__ == "__main__":
    main()
