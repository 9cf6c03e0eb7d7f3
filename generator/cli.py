"""Command line: `python -m generator <command>`. Thin: parsing here, work in commands.py."""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

from generator import __version__, commands


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m generator",
        description="Build MTM report microsites from data/ and narrative Markdown.",
    )
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    p.add_argument("--root", type=Path, default=Path.cwd(),
                   help="project folder holding data/, docs/, mkdocs.yml (default: here)")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="validate every round and build the whole site")
    b.add_argument("--site-url", default=None,
                   help="public address of the site (default: $MTM_SITE_URL or "
                        f"{commands.DEFAULT_SITE_URL})")
    b.add_argument("--out", type=Path, default=None, help="output folder (default: site/)")
    b.add_argument("--round", dest="rounds", action="append", metavar="ROUND_ID",
                   help="build only this round (repeatable)")
    b.add_argument("--map-tiles", action="store_true",
                   help="add an OpenStreetMap basemap under the boundaries (readers' browsers "
                        "then request tiles from openstreetmap.org; off by default)")
    b.add_argument("--wait", type=float, default=600.0, metavar="SECONDS",
                   help="how long to wait for another build in this checkout (default: 600)")

    c = sub.add_parser("check", help="validate data and narrative without building")
    c.add_argument("--round", dest="rounds", action="append", metavar="ROUND_ID")
    c.add_argument("--strict", action="store_true",
                   help="treat narrative HTML that the sanitizer removes as an error (CI)")

    n = sub.add_parser("new-round", help="start a new round (draft) from an existing one")
    n.add_argument("round_id", help="id of the new round, e.g. 2024-10-bma-round-5")
    n.add_argument("--from", dest="source", required=True, metavar="ROUND_ID",
                   help="round to copy declarations and narrative from")

    s = sub.add_parser("serve", help="build, then serve the site on 127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("--host", default="127.0.0.1")
    return p


def _stop_on_sigterm() -> None:
    """`kill` (CI cancelling a job) ends a build like Ctrl-C: cleanly, site/ kept."""

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    _stop_on_sigterm()
    root = args.root.resolve()
    if args.command == "build":
        return commands.build(root, args.site_url, args.out, args.rounds, args.map_tiles,
                              args.wait)
    if args.command == "check":
        return commands.check(root, args.rounds, args.strict)
    if args.command == "new-round":
        return commands.new_round(root, args.round_id, args.source)
    if args.command == "serve":
        return commands.serve(root, args.host, args.port)
    return 2


if __name__ == "__main__":
    sys.exit(main())
