"""One deterministic ZIP of every download: fixed timestamps, sorted entries, fixed modes."""

from __future__ import annotations

import io
import zipfile

FIXED = (1980, 1, 1, 0, 0, 0)  # the earliest time a ZIP can hold: no build time leaks in


def zip_bytes(files: dict[str, bytes], folder: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for rel in sorted(files):
            info = zipfile.ZipInfo(f"{folder}/{rel}", date_time=FIXED)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix, whatever machine builds it
            zf.writestr(info, files[rel], compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return buf.getvalue()
