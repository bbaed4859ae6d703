"""The stored upload: the file and its details kept server-side between the import steps.

The file goes to ``UPLOAD_FOLDER/imports/<token>.bin`` with a small JSON beside it (kind,
file name, owner, mapping); the token travels in the URL, so the app keeps no state in
process memory and every step re-reads the file.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import time
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l

from crm.files import open_private, write_private
from crm.imports.reader import Table, read_table
from crm.imports.rules import ImportFailure

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,40}$")
#: uploads older than this are removed when the next file comes in
_KEEP_SECONDS = 24 * 3600


def _folder() -> Path:
    folder = Path(current_app.config["UPLOAD_FOLDER"]) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def receive(stream) -> tuple[str, Path]:
    """Copy an uploaded stream to disk in chunks; return its new token and path."""
    folder = _folder()
    now = time.time()
    for old in folder.iterdir():
        if now - old.stat().st_mtime > _KEEP_SECONDS:
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(18)
    path = folder / f"{token}.bin"
    with open_private(path) as out:
        shutil.copyfileobj(stream, out, 1 << 20)
    return token, path


def store_upload(token: str, filename: str, kind: str, user_id: int | None, **options) -> str:
    """Keep the details of a received file server-side and return its token."""
    meta = {"kind": kind, "filename": filename, "user_id": user_id, "mapping": None, **options}
    save_meta(token, meta)
    return token


def load_meta(token: str) -> dict | None:
    """Return the stored details of an upload, or None for an unknown token."""
    if not _TOKEN.match(token or ""):
        return None
    path = _folder() / f"{token}.json"
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def save_meta(token: str, meta: dict) -> None:
    """Store the changed details of an upload (the mapping, later the result)."""
    write_private(_folder() / f"{token}.json", json.dumps(meta))


def _mappings_folder() -> Path:
    # beside, not inside, imports/: receive() sweeps that folder of files older than a day
    folder = Path(current_app.config["UPLOAD_FOLDER"]) / "import-mappings"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def remember_mapping(user_id: int, kind: str, headers: list, mapping: list[str]) -> None:
    """Keep the mapping a user chose for a file of this kind and header row, server-side."""
    record = {"kind": kind, "headers": [str(h or "") for h in headers], "mapping": mapping}
    write_private(_mappings_folder() / f"user-{int(user_id)}.json", json.dumps(record))


def remembered_mapping(user_id: int, kind: str, headers: list) -> list[str] | None:
    """Return the user's last mapping when it was made for the same kind and header row."""
    path = _mappings_folder() / f"user-{int(user_id)}.json"
    if not path.exists():
        return None
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return None
    same = record.get("kind") == kind and record.get("headers") == [str(h or "") for h in headers]
    mapping = record.get("mapping")
    return mapping if same and isinstance(mapping, list) else None


def load_table(token: str) -> Table:
    """Return the stored file read as a table; raise ``ImportFailure`` when it is gone."""
    path = _folder() / f"{token}.bin"
    if not path.exists():
        raise ImportFailure(
            _l("Die hochgeladene Datei ist nicht mehr vorhanden; bitte neu hochladen.")
        )
    meta = load_meta(token) or {}
    return read_table(path, meta.get("filename", ""))


def file_path(token: str) -> Path:
    """Return where the uploaded file (and its plan, beside it) is kept."""
    return _folder() / f"{token}.bin"


def discard_plan(token: str) -> None:
    """Forget the plan of an upload (its mapping changed: the next preview makes it anew)."""
    (_folder() / f"{token}.plan.jsonl").unlink(missing_ok=True)
    (_folder() / f"{token}.plan.json").unlink(missing_ok=True)


def discard_file(token: str) -> None:
    """Remove the uploaded file once it is imported (the JSON keeps the summary)."""
    (_folder() / f"{token}.bin").unlink(missing_ok=True)
    discard_plan(token)


def plan_path(token: str) -> Path:
    """Return where the rows of the upload's plan are kept (JSONL, beside the file)."""
    return _folder() / f"{token}.plan.jsonl"


def save_plan(token: str, plan) -> None:
    """Keep the plan's totals and issues beside its rows, for the preview and the write."""
    write_private(_folder() / f"{token}.plan.json", json.dumps(plan.as_dict()))


def load_plan(token: str):
    """Return the stored plan of an upload, or None when it has not been made (yet)."""
    from crm.imports.plan import ImportPlan

    path = _folder() / f"{token}.plan.json"
    if not path.exists() or not plan_path(token).exists():
        return None
    return ImportPlan.from_dict(json.loads(path.read_text(encoding="utf-8")))
