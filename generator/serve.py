"""`make serve`: build the site for a local address, then serve it on 127.0.0.1."""

from __future__ import annotations

import functools
import http.server
from pathlib import Path

from generator import commands


def serve(root: Path, host: str, port: int) -> int:
    url = f"http://{host}:{port}/"
    code = commands.build(root, url, None, None)
    if code != 0:
        return code
    site = root / "site"
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    with http.server.ThreadingHTTPServer((host, port), handler) as httpd:
        print(f"Serving {site} at {url} (Ctrl+C to stop)")
        try:
            httpd.serve_forever()
        except KeyboardInterrupt:
            print("Stopped.")
    return 0
