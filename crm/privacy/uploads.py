"""Files in ``UPLOAD_FOLDER`` with personal data: import uploads found and removed.

Import uploads live in ``UPLOAD_FOLDER/imports`` as ``<token>.bin`` (the file) with
``<token>.json`` (details), ``<token>.plan.jsonl``/``.plan.json`` (the checked rows) and
``<token>.progress.json`` beside it (``crm.imports.upload``). An erasure removes every upload
whose files name the person; the retention job removes every file older than 24 hours.
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


def _text_of_token(files: list[Path]) -> str:
    """Return the text of an upload's files: the table of ``.bin``, the others as text
    (details, plan rows, progress)."""
    parts = []
    for path in files:
        if path.name.endswith(".bin"):
            parts.append(_text_of(path))
        else:
            parts.append(path.read_bytes().decode("utf-8", errors="ignore"))
    return "\n".join(parts)


def remove_uploads_with(values: set[str]) -> int:
    """Remove every import upload (the file, its details, its plan) that names one of
    ``values``; return how many uploads went."""
    folder = _imports_folder()
    if not folder.is_dir() or not values:
        return 0
    wanted = [v.casefold() for v in values]
    by_token: dict[str, list[Path]] = {}
    for path in sorted(folder.iterdir()):
        if path.is_file():
            by_token.setdefault(path.name.split(".", 1)[0], []).append(path)
    removed = 0
    for files in by_token.values():
        text = _text_of_token(files).casefold()
        if any(v in text for v in wanted):
            for path in files:
                path.unlink(missing_ok=True)
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
