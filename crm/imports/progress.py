"""How far an import's background step is: a small JSON record beside the upload (0600).

Stages: "check" (rows being checked), "checked" (the plan is ready: the preview), "failed"
(the file broke a limit while being checked), "write" (rows being written), "done" (the
summary). The worker writes it after every batch; the progress page and its JSON endpoint
read it. A file, not a table: it is as short-lived as the upload it belongs to.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from flask import current_app

from crm.files import write_private


def _path(token: str) -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"]) / "imports" / f"{token}.progress.json"


def report(token: str, stage: str, done: int, total: int, error: str | None = None) -> None:
    """Record the stage and the rows done of ``total`` (replaced atomically)."""
    path = _path(token)
    scratch = path.with_suffix(".tmp")
    record = {"stage": stage, "done": done, "total": total, "error": error}
    write_private(scratch, json.dumps(record))
    os.replace(scratch, path)


def read(token: str) -> dict | None:
    """Return the progress record of an upload, or None when no step has started."""
    try:
        return json.loads(_path(token).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None


def percent(record: dict) -> int:
    total = record.get("total") or 0
    return min(100, round(100 * record["done"] / total)) if total else 0
