"""Files the app writes: personal data readable by the app's own user only (0600), and the
uploads (meeting attachments, circular attachments) checked and stored one way.

An upload is checked before anything is written (``check_upload``: an allowed extension,
not empty, within the size limit, and first bytes that fit the extension) and stored under
``UPLOAD_FOLDER/<kind>/`` by a random name (``store``); its row keeps the uploaded name and
the content type *we* give the extension, never the browser's claim (``StoredFileMixin`` in
``crm.db``). ``ref``/``read_ref`` name a stored file in one string (an outbox mail carries
the references of its attachments).
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l

from crm.rules import RuleError

PRIVATE = 0o600
MB = 1024 * 1024

#: extensions accepted for uploads -> the content type we serve and mail them with
FILE_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "txt": "text/plain",
}
#: the first bytes each type must start with (Office/OpenDocument files are ZIP archives)
MAGIC = {
    "pdf": (b"%PDF",),
    "png": (b"\x89PNG",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    **{ext: (b"PK\x03\x04",) for ext in ("docx", "xlsx", "pptx", "odt", "ods")},
}
_REF = re.compile(r"([a-z]+)/([0-9a-f]{40})")


class UploadError(RuleError):
    """An upload refused (type, size, content); nothing was written."""


@dataclass(frozen=True)
class Upload:
    """A checked upload, not yet stored."""

    filename: str
    ext: str
    content_type: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)


def write_private(path: str | Path, data: bytes | str, encoding: str = "utf-8") -> None:
    """Write ``data`` to ``path``, created (or cut to nothing) with mode 0600."""
    raw = data.encode(encoding) if isinstance(data, str) else data
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE)
    os.fchmod(fd, PRIVATE)  # an existing file keeps its mode under O_CREAT: set it
    with os.fdopen(fd, "wb") as f:
        f.write(raw)


def open_private(path: str | Path):
    """Open ``path`` for writing in binary, created (or cut to nothing) with mode 0600."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE)
    os.fchmod(fd, PRIVATE)
    return os.fdopen(fd, "wb")


def make_private(path: str | Path) -> None:
    """Restrict a file written by someone else (SQLite's backup, pg_dump) to mode 0600."""
    os.chmod(path, PRIVATE)


def type_list(allowed: Iterable[str]) -> str:
    """Return the allowed extensions as users read them: "PDF, DOCX, PNG, JPG"."""
    names = []
    for ext in allowed:
        name = "JPG" if ext == "jpeg" else ext.upper()
        if name not in names:
            names.append(name)
    return ", ".join(names)


def check_upload(
    filename: str | None, data: bytes, allowed: Iterable[str], max_bytes: int
) -> Upload:
    """Return the checked upload, or raise ``UploadError`` (field "file"): an extension of
    ``allowed`` (a subset of FILE_TYPES), not empty, at most ``max_bytes``, content that
    fits the extension."""
    allowed = [ext for ext in allowed if ext in FILE_TYPES]
    name = (filename or "").strip().replace("\\", "/").rsplit("/", 1)[-1]
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in allowed:
        raise UploadError(
            _l("Dieser Dateityp ist nicht erlaubt (erlaubt: %(types)s).", types=type_list(allowed)),
            "file",
        )
    if not data:
        raise UploadError(_l("Die Datei ist leer."), "file")
    if len(data) > max_bytes:
        raise UploadError(
            _l("Die Datei ist zu groß (höchstens %(mb)d MB).", mb=max(max_bytes // MB, 1)), "file"
        )
    if ext in MAGIC and not data.startswith(MAGIC[ext]):
        raise UploadError(_l("Der Inhalt der Datei passt nicht zu ihrer Endung."), "file")
    # a name without control characters, at most 255 characters, keeping its extension
    clean = re.sub(r"[\x00-\x1f\x7f]+", " ", name).strip()
    if len(clean) > 255:
        clean = clean[: 254 - len(ext)] + "." + ext
    return Upload(clean or f"datei.{ext}", ext, FILE_TYPES[ext], data)


def upload_dir(kind: str) -> Path:
    """Return the folder of one kind of stored upload (created when missing)."""
    path = Path(current_app.config["UPLOAD_FOLDER"]) / kind
    path.mkdir(parents=True, exist_ok=True)
    return path


def store(kind: str, data: bytes) -> str:
    """Write ``data`` under a new random name in the folder of ``kind``; return the name."""
    stored = secrets.token_hex(20)
    write_private(upload_dir(kind) / stored, data)
    return stored


def stored_row(model, kind: str, upload: Upload, user=None, **columns):
    """Return a new row of ``model`` (a ``StoredFileMixin``) for a checked upload, its data
    written under ``kind`` by a random name; ``columns`` are the model's own."""
    return model(
        filename=upload.filename,
        stored_name=store(kind, upload.data),
        content_type=upload.content_type,
        size=upload.size,
        uploaded_by_id=getattr(user, "id", None),
        **columns,
    )


def stored_path(kind: str, row) -> Path:
    """Return where the file of a ``StoredFileMixin`` row of ``kind`` is stored."""
    return upload_dir(kind) / row.stored_name


def ref(kind: str, stored_name: str) -> str:
    """Return the one-string name of a stored file ("circulars/3f2a…")."""
    return f"{kind}/{stored_name}"


def path_of_ref(reference: str) -> Path:
    """Return the path of a stored file named by ``ref``; ValueError for anything else."""
    found = _REF.fullmatch(reference or "")
    if found is None:
        raise ValueError(f"not a stored file: {reference!r}")
    return upload_dir(found.group(1)) / found.group(2)


def download(path: Path, content_type: str, filename: str):
    """Answer a stored upload as a download under its own name and type, never cached
    (404 when the file is gone)."""
    from flask import abort, send_file

    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype=content_type, as_attachment=True, download_name=filename)
    response.headers["Cache-Control"] = "private, no-store"
    return response
