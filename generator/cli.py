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
    b.add_argument("--round", dest="rounds", action="append", metavar="ROUND",
                   help="build only this round: its id, or <country>/<id> (repeatable)")
    b.add_argument("--country", dest="rounds", action="append", metavar="CODE",
                   help="build only this country's rounds, e.g. kaz (repeatable); the landing "
                        "page and redirects are written either way")
    b.add_argument("--map-tiles", action="store_true",
                   help="add an OpenStreetMap basemap under the boundaries (readers' browsers "
                        "then request tiles from openstreetmap.org; off by default)")
    b.add_argument("--jobs", type=int, default=None, metavar="N",
                   help="build rounds in N processes (default: one per core; 1: serially)")
    b.add_argument("--wait", type=float, default=600.0, metavar="SECONDS",
                   help="how long to wait for another build in this checkout (default: 600)")

    c = sub.add_parser("check", help="validate data and narrative without building")
    c.add_argument("--round", dest="rounds", action="append", metavar="ROUND",
                   help="check only this round: its id, or <country>/<id> (repeatable)")
    c.add_argument("--country", dest="rounds", action="append", metavar="CODE",
                   help="check only this country's rounds (repeatable)")
    c.add_argument("--strict", action="store_true",
                   help="treat narrative HTML that the sanitizer removes as an error (CI)")

    n = sub.add_parser("new-round", help="start a new round (draft) from an existing one")
    n.add_argument("round_id", help="id of the new round, e.g. 2024-10-bma-round-5")
    n.add_argument("--from", dest="source", required=True, metavar="ROUND",
                   help="round to copy declarations and narrative from (its id, or "
                        "<country>/<id>); the new round joins that round's country")

    a = sub.add_parser("affected", help="which countries changed files affect (CI): reads "
                                        "paths, one a line, on standard input")
    a.add_argument("--format", choices=("lines", "json"), default="lines",
                   help="one country code a line, or a JSON list (for a workflow matrix)")

    pv = sub.add_parser("preview", help="pull-request previews (used by the workflows)")
    pv.add_argument("action", choices=("url", "add", "remove", "merge"),
                    help="url: print a preview's address; add/remove: a preview folder on the "
                         "previews branch's checkout; merge: copy every preview into a site")
    pv.add_argument("--number", type=int, help="the pull request's number")
    pv.add_argument("--base-url", help="the Pages address (url)")
    pv.add_argument("--previews", type=Path, help="checkout of the previews branch")
    pv.add_argument("--site", type=Path, help="a built site (add) or the site to merge into")

    sn = sub.add_parser("snapshot", help="compare the numbers on the built pages with the "
                                         "published-number snapshot (or --update it)")
    sn.add_argument("--site", type=Path, default=None, help="the built site (default: site/)")
    sn.add_argument("--file", type=Path, default=None,
                    help="the snapshot (default: tests/snapshots/published-numbers.json)")
    sn.add_argument("--update", action="store_true",
                    help="write the snapshot from the built site: a deliberate change")

    m = sub.add_parser("messages", help="extract the interface strings into "
                                        "generator/locales/messages.pot and merge them into "
                                        "each language's .po (make messages)")
    m.add_argument("--lang", action="append", default=None,
                   help="only this language's catalog (repeatable; default: all)")

    tr = sub.add_parser("translations", help="list every data text of the rounds in "
                                             "translations/<lang>.yml, keeping what is "
                                             "translated (make translations)")
    tr.add_argument("--round", dest="rounds", action="append", default=None,
                    help="a round id or country code (repeatable; default: all)")

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
                              args.wait, args.jobs)
    if args.command == "check":
        return commands.check(root, args.rounds, args.strict)
    if args.command == "new-round":
        return commands.new_round(root, args.round_id, args.source)
    if args.command == "affected":
        return commands.affected(root, sys.stdin.read().splitlines(), args.format)
    if args.command == "preview":
        return commands.preview(args.action, args.number, args.base_url, args.previews,
                                args.site)
    if args.command == "snapshot":
        return commands.snapshot(root, args.site, args.file, args.update)
    if args.command == "messages":
        return commands.messages(root, args.lang)
    if args.command == "translations":
        return commands.translations(root, args.rounds)
    if args.command == "serve":
        return commands.serve(root, args.host, args.port)
    return 2


if __name__ == "__main__":
    sys.exit(main())
