"""`make bench`: how long builds take, how much memory, how much a reader downloads.

Prints a table (each figure with how it was measured, and the target it is held to) and
writes it, with the date and the machine, to tests/benchmarks/RESULTS.md. Asserts nothing:
timings are not tests. Every build is the real CLI (`python -m generator build`) in a
fresh process. The targets, and why some differ from the issue that set them, are in the
README ("Build speed: the targets").
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
Target = tuple[str, bool | None]  # what it is held to, and whether it is met (None: no target)


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


def _figure_count(output: str) -> int:
    """Rendered plus cached, from the build's "Figures: N rendered, M from the cache"."""
    words = _figures(output).split()
    return int(words[0]) + int(words[2]) if len(words) > 2 else 0


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


def builds(tmp: Path, m: dict[str, float]) -> list[Row]:
    """The build rows; the numbers the targets are checked on go into `m`."""
    rows: list[Row] = []
    how = "wall clock of `python -m generator build`, fresh process"
    real = _stage(tmp, "real")
    _warm_vega(real)
    cold, out = _build(real)
    editions, real_figures = _editions(real), _figure_count(out)
    rows.append((f"Real site, cold (empty caches), {editions} editions", f"{cold:.1f} s",
                 f"{how}; figures {_figures(out)}; every PDF and PNG made"))
    serial_project = _stage(tmp, "real-serial")
    _warm_vega(serial_project)
    serial, _ = _build(serial_project, "--jobs", "1")
    shutil.rmtree(serial_project)
    rows.append(("Real site, cold, in one process (`--jobs 1`)", f"{serial:.1f} s",
                 f"{how}, on a second copy; 2-core build / serial build = "
                 f"{cold / serial:.2f}"))
    same, same_out = _build(real)
    rows.append(("Real site, rebuild, nothing changed", f"{same:.1f} s",
                 f"{how}; figures {_figures(same_out)}"))
    # The PDFs and the PNG images (figure images, share cards) are cached apart from the
    # figures: dropping only those caches times what making them costs (issue: budget).
    for folder in ("pdf", "share", "inputs"):
        shutil.rmtree(real / "build/cache" / folder, ignore_errors=True)
    made, out = _build(real)
    rows.append(("Real site, PDFs and PNG images made again (figures cached)",
                 f"{made:.1f} s (+{made - same:.1f} s)",
                 f"{how}; build/cache/pdf, share and inputs removed first; the difference "
                 f"to the unchanged rebuild is the cost of {editions} PDFs and every PNG"))
    narrative = next((real / "data/countries").glob("*/*/narrative/*.md"))
    narrative.write_text(narrative.read_text(encoding="utf-8") + "\nOne more sentence.\n",
                         encoding="utf-8")
    one, out = _build(real)
    # "[i/N] ..." per edition built (staged), in a pool or not.
    staged = next((x.split("/", 1)[1].split("]", 1)[0] for x in out.splitlines()
                   if x.startswith("[1/")), "0")
    rows.append(("Real site, one narrative file changed", f"{one:.1f} s",
                 f"{how}; {narrative.relative_to(real)} edited; its round's PDFs are made "
                 f"again ({staged} edition(s) staged), the other round's copied unstaged; "
                 f"figures {_figures(out)}"))
    tables_yml = sorted((real / "data/countries").glob("*/*/tables.yml"))[-1]
    declared = yaml.safe_load(tables_yml.read_text(encoding="utf-8"))
    name = next(n for n, t in declared["tables"].items() if t.get("note") is None)
    declared["tables"][name]["note"] = "Changed for the benchmark."
    tables_yml.write_text(yaml.dump(declared, Dumper=NoAliases, allow_unicode=True, sort_keys=False),
                          encoding="utf-8")
    changed, out = _build(real)
    rows.append((f"Real site, one table of one round changed ({name}: a note added)",
                 f"{changed:.1f} s", f"{how}; figures {_figures(out)}"))

    rows += preview(real, tmp, m)

    synthetic = make_synthetic(ROOT, tmp / "synthetic")
    _warm_vega(synthetic)
    syn, out = _build(synthetic)
    rows.append(("Synthetic site, 20 rounds x 10 sections x 5 figures, English only, cold",
                 f"{syn:.1f} s", f"{how}; figures {_figures(out)}; every PDF and PNG made"))
    syn_figures = _figure_count(out)
    rows.append(("Ratio synthetic / real (cold)", f"{syn / cold:.1f}x",
                 f"the two cold builds above: 20 editions of 50 figures against {editions} "
                 f"editions of the real rounds; figures {syn_figures} against {real_figures}"
                 f" ({syn_figures / max(real_figures, 1):.1f}x)"))
    syn_same, out = _build(synthetic)
    rows.append(("Synthetic site, rebuild, nothing changed", f"{syn_same:.1f} s",
                 f"{how}; figures {_figures(out)}"))
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    rows.append(("Peak memory of one process", f"{peak:.0f} MB",
                 "largest max RSS of any build process or pool worker (getrusage CHILDREN)"))
    m.update(cold=cold, serial=serial, same=same, same_rendered=_rendered(same_out), one=one,
             staged=float(staged) if staged.isdigit() else -1.0,
             round_editions=float(_editions_of(narrative.parents[1])), syn=syn,
             syn_same=syn_same, peak=peak, real_figures=real_figures, syn_figures=syn_figures)
    return rows


def _rendered(output: str) -> float:
    words = _figures(output).split()
    return float(words[0]) if words and words[0].isdigit() else -1.0


def _editions_of(round_dir: Path) -> int:
    doc = yaml.safe_load((round_dir / "round.yml").read_text(encoding="utf-8"))
    return len(doc.get("languages") or ["en"])


def _editions(project: Path) -> int:
    return sum(len(yaml.safe_load(p.read_text(encoding="utf-8")).get("languages") or ["en"])
               for p in (project / "data/countries").glob("*/*/round.yml"))


def preview(real: Path, tmp: Path, m: dict[str, float]) -> list[Row]:
    """`make serve`'s rebuild after one narrative edit, in this process (the preview is a
    long-running process: its start-up is not part of a rebuild)."""
    from generator.preview import Preview

    said: list[str] = []
    live = Preview(real, port=0, work=tmp / "preview-work", cache_dir=real / "build/cache",
                   log=said.append)
    live.build_all()
    narrative = sorted((real / "data/countries").glob("*/*/narrative/*.md"))[-1]
    rid = f"{narrative.parents[2].name}/{narrative.parents[1].name}"
    languages = len(yaml.safe_load((narrative.parents[1] / "round.yml").read_text(
        encoding="utf-8")).get("languages") or ["en"])
    narrative.write_text(narrative.read_text(encoding="utf-8") + "\nOne more line.\n",
                         encoding="utf-8")
    said.clear()
    start = time.perf_counter()
    live.rebuild([narrative])
    total = time.perf_counter() - start
    first = next((x.strip() for x in said if "swapped in after" in x), "?")
    last = next((x for x in said if x.startswith(f"Rebuilt {rid} in")), "?")
    seconds = first.rsplit(" ", 2)[-2] if first != "?" else "?"
    m["preview"] = float(seconds) if seconds != "?" else -1.0
    return [("Preview (`make serve`), one narrative file changed: its page reloads",
             f"{seconds} s", f"in-process `Preview.rebuild` after `build_all`; the edited "
             f"edition is staged, built by MkDocs and swapped in first (no PDF in the "
             f"preview); logged: {first!r}"),
            ("Preview, the same change: every edition it affects swapped in", f"{total:.1f} s",
             f"the same rebuild to its end: {rid} has {languages} edition(s); no other round "
             f"is staged (a narrative shows in its own round only); logged: {last!r}")]


LIGHTHOUSE = ROOT / ".tools/lighthouse-12.8.2/node_modules/lighthouse/cli/index.js"
PHONE = {"width": 390, "height": 844}
TILE_HINTS = ("/tiles/", "tile.openstreetmap")


def _serve_gzip(site: Path):
    """The built site on 127.0.0.1, gzip-encoded as GitHub Pages serves it (Lighthouse's
    simulated mobile network counts transferred bytes). Returns (server, base URL)."""
    import functools
    import http.server
    import mimetypes
    import socket
    import threading

    class Gzip(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            path = Path(self.translate_path(self.path))
            if path.is_dir() and self.path.split("?")[0].endswith("/"):
                path = path / "index.html"
            if not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
                return super().do_GET()
            body = gzip.compress(path.read_bytes(), 6)
            self.send_response(200)
            self.send_header("Content-Type", mimetypes.guess_type(path.name)[0]
                             or "application/octet-stream")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port),
                                            functools.partial(Gzip, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{port}/"


def _first_load(browser, url: str) -> dict[str, tuple[int, int]]:
    """Raw and gzip bytes by resource type of everything `url` loads on a 390 px phone in
    a fresh context (empty cache) until the network is idle, before any interaction."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    responses = []
    page.on("response", lambda resp: responses.append(resp))
    page.goto(url, wait_until="networkidle")
    seen: dict[str, tuple[int, int]] = {}
    for resp in responses:
        if any(h in resp.url for h in TILE_HINTS) or not 200 <= resp.status < 300:
            continue
        try:
            body = resp.body()
        except Exception:
            continue
        raw, gz = seen.get(resp.request.resource_type, (0, 0))
        seen[resp.request.resource_type] = (raw + len(body), gz + len(gzip.compress(body, 9)))
    context.close()
    return seen


def _weight_row(label: str, rel: str, w: dict[str, tuple[int, int]], budget: str) -> Row:
    raw = sum(r for r, _ in w.values())
    gz = sum(g for _, g in w.values())
    parts = ", ".join(f"{k} {g / 1e3:.0f} / {r / 1e3:.0f}" for k, (r, g) in sorted(w.items()))
    return (f"First load before interaction, {label} ({rel})",
            f"{gz / 1e3:.0f} KB gzip ({raw / 1e3:.0f} KB raw); budget {budget}",
            "Chromium 390 px, fresh cache, every response until network idle, no scroll or "
            f"input; gzip -9 of each body; by type (KB gzip / raw): {parts}")


def page_weights(tmp: Path) -> tuple[list[Row], str]:
    """First-load bytes of every section page and map document of the real site, in
    headless Chromium; returns the rows and the heaviest section page's URL."""
    from playwright.sync_api import sync_playwright

    site = tmp / "real/site"
    httpd, base = _serve_gzip(site)
    # Every section page of every round, in its country's folder: not the redirect pages,
    # not the Data and sources page (a list of tables, not a section), not a figure's
    # embed page (embeds.py: a standalone page of one figure).
    pages = sorted(p.parent.relative_to(site).as_posix() for p in site.glob("*/*/**/index.html")
                   if len(p.relative_to(site).parts[0]) == 3
                   and not {"latest", "assets", "search", "data", "embed"} & set(p.parts))
    maps = sorted(p.relative_to(site).as_posix() for p in site.glob("*/*/assets/maps/*.html"))
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        weights = {rel: _first_load(browser, f"{base}{rel}/") for rel in pages}
        map_weights = {rel: _first_load(browser, f"{base}{rel}") for rel in maps}
        browser.close()
    httpd.shutdown()
    totals = {rel: sum(gz for _, gz in w.values()) for rel, w in weights.items()}
    heaviest = max(totals, key=totals.get)
    median = sorted(totals, key=totals.get)[len(totals) // 2]
    rows = [_weight_row("heaviest section page", heaviest, weights[heaviest], "150 KB"),
            _weight_row("median section page", median, weights[median], "150 KB")]
    over = sum(t > 150_000 for t in totals.values())
    rows.append(("Section pages measured", str(len(totals)),
                 f"median {statistics.median(totals.values()) / 1e3:.0f} KB gzip; "
                 f"{over} above the 150 KB budget"))
    if map_weights:
        map_totals = {rel: sum(gz for _, gz in w.values()) for rel, w in map_weights.items()}
        worst = max(map_totals, key=map_totals.get)
        rows.append(_weight_row("heaviest map document", worst, map_weights[worst], "60 KB"))
        rows.append(("Map documents measured", str(len(map_totals)),
                     f"{sum(t > 60_000 for t in map_totals.values())} above the 60 KB budget"))
    return rows, heaviest


def lighthouse(tmp: Path, rel: str) -> list[Row]:
    """Lighthouse mobile (its default: simulated slow 4G, mid-range phone) on one page of
    the real site, served gzip-encoded on 127.0.0.1; installed by `make bench`."""
    import json

    if not LIGHTHOUSE.is_file():
        return [("Lighthouse mobile", "not run",
                 "Lighthouse is not installed: `make bench` installs it into .tools/")]
    httpd, base = _serve_gzip(tmp / "real/site")
    report = tmp / "lighthouse.json"
    flags = ("--headless=new --no-sandbox --disable-gpu --no-first-run "
             "--disable-background-networking --disable-component-update --disable-sync")
    try:
        proc = subprocess.run(
            ["node", str(LIGHTHOUSE), f"{base}{rel}/", "--quiet", "--output=json",
             f"--output-path={report}", "--only-categories=performance,accessibility",
             f"--chrome-flags={flags}"],
            env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"}, capture_output=True,
            text=True, cwd=ROOT, check=False, timeout=300)
    finally:
        httpd.shutdown()
    if proc.returncode != 0 or not report.is_file():
        return [("Lighthouse mobile", "failed", (proc.stderr or proc.stdout)[-300:]
                 .replace("\n", " ").replace("|", "/"))]
    result = json.loads(report.read_text(encoding="utf-8"))
    cats, audits = result["categories"], result["audits"]
    metrics = ", ".join(f"{name} {audits[key]['displayValue']}" for name, key in (
        ("FCP", "first-contentful-paint"), ("LCP", "largest-contentful-paint"),
        ("TBT", "total-blocking-time"), ("CLS", "cumulative-layout-shift"))
        if audits.get(key, {}).get("displayValue"))
    version = result.get("lighthouseVersion", "?")
    how = (f"Lighthouse {version} mobile (simulated throttling), Debian chromium, page "
           f"served gzip from 127.0.0.1; {metrics}")
    return [(f"Lighthouse mobile performance ({rel})",
             f"{cats['performance']['score']:.2f} (target 0.95)", how),
            (f"Lighthouse mobile accessibility ({rel})",
             f"{cats['accessibility']['score']:.2f} (target 1.0)", how)]


def targets(m: dict[str, float]) -> list[tuple[str, str, str, str, bool]]:
    """(target, the issue's number, what it is held to, measured, met): the README's
    "Build speed: the targets" says why three of them are restated."""
    scale = m["syn"] / m["cold"]
    work = m["syn_figures"] / max(m["real_figures"], 1)
    return [
        ("Rebuild, nothing changed", "at most 2 s, renders nothing", "the same",
         f"{m['same']:.1f} s, {m['same_rendered']:.0f} figures rendered",
         m["same"] <= 2 and m["same_rendered"] == 0),
        ("Peak memory", "at most 500 MB", "the same", f"{m['peak']:.0f} MB", m["peak"] <= 500),
        ("One narrative file changed: what is rebuilt", "only its round's pages", "the same",
         f"{m['staged']:.0f} edition(s) staged, its round has {m['round_editions']:.0f}",
         m["staged"] == m["round_editions"]),
        ("One narrative file changed: how fast", "at most 1 s",
         "its page reloads in `make serve` within 2 s",
         f"{m['preview']:.1f} s (`make site`: {m['one']:.1f} s, its round's PDFs made again)",
         0 <= m["preview"] <= 2),
        ("Real site, cold", "at most 4 s", "both cores used: at most 0.6 x the one-process build",
         f"{m['cold']:.1f} s = {m['cold'] / m['serial']:.2f} x {m['serial']:.1f} s",
         m["cold"] <= 0.6 * m["serial"]),
        ("20-round synthetic site, cold", "at most 25 s",
         "time grows no faster than the work: time ratio at most the figure ratio",
         f"{m['syn']:.1f} s; {scale:.1f}x the real site's time for {work:.1f}x its figures",
         scale <= work),
    ]


def targets_table(m: dict[str, float]) -> str:
    out = ["| target | the issue's | held to | measured | met |", "|---|---|---|---|---|"]
    out += [f"| {a} | {b} | {c} | {d} | {'yes' if ok else 'no'} |"
            for a, b, c, d, ok in targets(m)]
    return "\n".join(out)


def table(rows: list[Row]) -> str:
    out = ["| what | result | how it was measured |", "|---|---|---|"]
    out += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    return "\n".join(out)


def main() -> None:
    measured: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        rows = builds(Path(tmp), measured)
        weights, heaviest = page_weights(Path(tmp))
        rows += weights
        rows += lighthouse(Path(tmp), heaviest)
    text = table(rows)
    goals = targets_table(measured)
    print(text, goals, sep="\n\n")
    machine = (f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
               f", {platform.system()} {platform.release()}")
    (ROOT / "tests/benchmarks/RESULTS.md").write_text(
        f"# Benchmark results\n\nMeasured by `make bench` on {datetime.date.today()}, "
        f"{machine}.\n\n{text}\n\n## Targets\n\nWhy three are held to something other "
        f"than the issue's number: README, \"Build speed: the targets\".\n\n{goals}\n",
        encoding="utf-8")


if __name__ == "__main__":
    main()
