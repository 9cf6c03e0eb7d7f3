"""`make serve`: build every round for a local address, serve it, rebuild on change.

Thin: the work is in generator/preview.py. Pages reload themselves after each rebuild.
"""

from __future__ import annotations

import errno
import sys
import threading
from pathlib import Path


def serve(root: Path, host: str, port: int) -> int:
    from generator.lock import Busy, exclusive

    # One preview per checkout: two would rebuild the same build/preview/ folder.
    try:
        with exclusive(root / "build" / "preview" / "serve.lock", "`make serve`", wait=0):
            return _serve(root, host, port)
    except Busy as exc:
        print(f"Cannot start the preview: {exc}", file=sys.stderr)
        return 1


def _serve(root: Path, host: str, port: int) -> int:
    from generator.preview import Preview

    preview = Preview(root, host, port, log=lambda msg: print(msg, flush=True))
    print(f"Building every round for http://{host}:{port}/ ...", flush=True)
    try:
        preview.start()
    except OSError as exc:
        hint = " (is another `make serve` running? try --port)" if exc.errno == errno.EADDRINUSE else ""
        print(f"Cannot start the preview on {host}:{port}: {exc.strerror or exc}{hint}",
              file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Stopped.")
        return 0
    print(f"Serving {preview.out} at {preview.url}\n"
          "Watching data/, docs/, overrides/ and mkdocs.yml: saved changes rebuild and reload "
          "the page. Ctrl+C to stop.", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        print("Stopping ...", flush=True)
    finally:
        preview.stop()
    print("Stopped.")
    return 0
