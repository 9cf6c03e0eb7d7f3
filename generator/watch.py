"""Watch a project's inputs (data/, docs/, overrides/, mkdocs.yml) for saved changes."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

# Events that do not change a file. Reading inputs while staging produces opened/closed
# events: reacting to them would rebuild forever.
IGNORED_EVENTS = frozenset({"opened", "closed_no_write"})


def watch(root: Path, notify: Callable[[Iterable[str]], None]) -> Any:
    """Start a watchdog observer (a daemon thread) that calls `notify` with changed paths;
    return it, to `stop()` and `join()` later."""
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers import Observer

    class Events(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            if event.event_type in IGNORED_EVENTS:
                return
            if event.is_directory and event.event_type == "modified":
                return
            paths = [event.src_path, getattr(event, "dest_path", "")]
            notify([os.fsdecode(p) for p in paths if p])

    handler = Events()
    observer = Observer()
    for name in ("data", "docs", "overrides"):
        if (root / name).is_dir():
            observer.schedule(handler, str(root / name), recursive=True)
    observer.schedule(handler, str(root), recursive=False)  # mkdocs.yml
    observer.daemon = True
    observer.start()
    return observer
