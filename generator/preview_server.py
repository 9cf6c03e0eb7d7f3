"""The preview's HTTP server: the built site, never cached, plus the status the pages poll.

MkDocs' own LiveReloadServer was considered: it serves one MkDocs site and rebuilds it
through one callback, with its own injected script. The preview serves many rounds,
rebuilds only the one that changed, and shows input errors at the bottom of the page, so
it keeps this small server (the standard library's) and its own status endpoint.
"""

from __future__ import annotations

import http.server
import json
from typing import Any, Protocol

STATUS_PATH = "/__preview__/version"


class Previewing(Protocol):
    """What the server needs of the preview."""

    swap_lock: Any

    def status(self) -> dict[str, Any]: ...


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    preview: Previewing


class _Handler(http.server.SimpleHTTPRequestHandler):
    """The built site, plus the build counter the pages poll. Quiet, never cached."""

    server: _Server

    def do_GET(self) -> None:
        if self.path.split("?", 1)[0] == STATUS_PATH:
            body = json.dumps(self.server.preview.status()).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def send_head(self):  # returns an open file or None, as the base class does
        # A round is swapped in with two renames: opening a file under the same lock
        # means a request never falls between them.
        with self.server.preview.swap_lock:
            return super().send_head()

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass
