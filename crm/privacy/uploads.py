"""Files in ``UPLOAD_FOLDER`` with personal data: import uploads found and removed.

Import uploads live in ``UPLOAD_FOLDER/imports`` as ``<token>.bin`` (the file) with
``<token>.json`` beside it (``crm.imports.upload``). An erasure removes every upload that
names the person; the retention job removes every upload older than 24 hours.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from flask import current_app

from crm.imports.reader import ReadError, read_table

#: import uploads are kept this long (then the worker deletes them)
UPLOAD_KEEP_SECONDS = 24 * 3600


def _imports_folder() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"]) / "imports"


def _text_of(path: Path) -> str:
    """Return the readable text of an upload: its table's cells, else the raw bytes."""
    data = path.read_bytes()
    meta = path.with_suffix(".json")
    filename = ""
    if meta.exists():
        try:
            filename = json.loads(meta.read_text(encoding="utf-8")).get("filename", "")
        except ValueError:
            filename = ""
    parts = [data.decode("utf-8", errors="ignore"), data.decode("cp1252", errors="ignore")]
    try:
        table = read_table(path, filename)
        parts.append(" ".join(map(str, table.headers)))
        parts.extend(" ".join(str(c) for c in cells if c is not None) for _, cells in table.rows())
    except (ReadError, ValueError, OSError):
        pass
    return "\n".join(parts)


def _remove(token_file: Path) -> None:
    for suffix in (".bin", ".json"):
        token_file.with_suffix(suffix).unlink(missing_ok=True)


def remove_uploads_with(values: set[str]) -> int:
    """Remove the import uploads (file and details) that contain one of ``values``."""
    folder = _imports_folder()
    if not folder.is_dir() or not values:
        return 0
    wanted = [v.casefold() for v in values]
    removed = 0
    for path in sorted(folder.iterdir()):
        if path.suffix not in (".bin", ".json") or not path.exists():
            continue
        text = _text_of(path).casefold() if path.suffix == ".bin" else path.read_text("utf-8")
        if any(v in text.casefold() for v in wanted):
            _remove(path)
            removed += 1
    return removed


def purge_old_uploads(now: float | None = None) -> int:
    """Remove import uploads older than 24 hours; return how many files went."""
    folder = _imports_folder()
    if not folder.is_dir():
        return 0
    now = now if now is not None else time.time()
    removed = 0
    for path in folder.iterdir():
        if path.is_file() and now - path.stat().st_mtime > UPLOAD_KEEP_SECONDS:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
