"""The one place that runs MkDocs: a strict, quiet build of one staged round, in-process.

MkDocs is kept replaceable: the generator writes plain Markdown and static files, and only
this module imports MkDocs to build them. MkDocs is not thread-safe, and its logger is
process-wide: one build at a time per process.
"""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime
from pathlib import Path

from generator.errors import BuildError


class _Collect(logging.Handler):
    """MkDocs' warnings and errors, kept for the failure message."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname}: {record.getMessage()}")


def run_mkdocs(config: Path, out: Path, round_id: str, build_date: str | None = None) -> None:
    """`mkdocs build --strict --quiet -f config -d out`, in this process (no start-up cost).

    Only MkDocs' public API: load_config and build; nothing of MkDocs is patched.
    `build_date` (YYYY-MM-DD) is the date MkDocs writes (the sitemap's lastmod): a date of
    the round's, not today's, so the same inputs give the same files on any day. MkDocs
    reads it from SOURCE_DATE_EPOCH, set for this build only.
    """
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logger = logging.getLogger("mkdocs")
    collect = _Collect()
    saved = logger.level, logger.propagate
    # Strict mode counts WARNING records reaching the "mkdocs" logger's handlers.
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    logger.addHandler(collect)
    saved_epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if build_date is not None:
        when = datetime.strptime(build_date, "%Y-%m-%d").replace(tzinfo=UTC)
        os.environ["SOURCE_DATE_EPOCH"] = str(int(when.timestamp()))
    try:
        cfg = load_config(config_file=str(config), site_dir=str(out), strict=True)
        mkdocs_build(cfg)
    except Exception as exc:
        log = "\n".join([*collect.lines, f"{type(exc).__name__}: {exc}"])
        raise BuildError(f"MkDocs failed for round {round_id!r}:\n{log}") from exc
    finally:
        if saved_epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved_epoch
        logger.removeHandler(collect)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]


def warm_up() -> None:
    """Import what a build uses, so a pool process pays for it before its first round."""
    import material.plugins.search.plugin  # noqa: F401
    import mkdocs.commands.build
    import mkdocs.config  # noqa: F401
