"""Documents of a meeting (invitation material, minutes): checked uploads under UPLOAD_FOLDER."""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from werkzeug.utils import secure_filename

from crm.audit import services as audit
from crm.files import write_private
from crm.meetings.models import Attachment, Meeting
from crm.meetings.rules import MeetingError

#: allowed extensions -> the content type we serve them with (never the browser's claim)
ALLOWED_TYPES = {
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
DEFAULT_MAX_ATTACHMENT = 10 * 1024 * 1024
PURPOSES = ("material", "minutes")


def max_attachment_size() -> int:
    """Return the upload limit in bytes (ATTACHMENT_MAX_BYTES, 10 MB by default)."""
    return int(current_app.config.get("ATTACHMENT_MAX_BYTES", DEFAULT_MAX_ATTACHMENT))


def upload_dir() -> Path:
    """Return the folder of the stored files (created when missing)."""
    path = Path(current_app.config["UPLOAD_FOLDER"]) / "meetings"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _check(ext: str, data: bytes, purpose: str) -> None:
    if ext not in ALLOWED_TYPES:
        raise MeetingError(
            _l(
                "Dieser Dateityp ist nicht erlaubt (erlaubt: PDF, DOCX, XLSX, PPTX, ODT, ODS, "
                "PNG, JPG, TXT)."
            ),
            "file",
        )
    if not data:
        raise MeetingError(_l("Die Datei ist leer."), "file")
    limit = max_attachment_size()
    if len(data) > limit:
        raise MeetingError(
            _l("Die Datei ist zu groß (höchstens %(mb)d MB).", mb=limit // (1024 * 1024)), "file"
        )
    if ext in MAGIC and not data.startswith(MAGIC[ext]):
        raise MeetingError(_l("Der Inhalt der Datei passt nicht zu ihrer Endung."), "file")
    if purpose not in PURPOSES:
        raise MeetingError(_l("Ungültiger Zweck."), "purpose")


def save_attachment(
    meeting: Meeting, filename: str, data: bytes, purpose: str, user=None
) -> Attachment:
    """Return the new attachment, its file stored under a random name (size and type checked)."""
    name = (filename or "").strip().replace("\\", "/").rsplit("/", 1)[-1]
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    _check(ext, data, purpose)
    stored = secrets.token_hex(20)
    write_private(upload_dir() / stored, data)
    attachment = Attachment(
        filename=(secure_filename(name) and name)[:255] or f"datei.{ext}",
        stored_name=stored,
        content_type=ALLOWED_TYPES[ext],
        size=len(data),
        purpose=purpose,
        uploaded_by_id=getattr(user, "id", None),
    )
    meeting.attachments.append(attachment)
    audit.record(
        "update",
        "meetings",
        meeting.id,
        summary=audit.Message(audit.N_("Anhang: %(filename)s"), filename=attachment.filename),
    )
    return attachment


def attachment_path(attachment: Attachment) -> Path:
    """Return where the attachment's file is stored."""
    return upload_dir() / attachment.stored_name


def delete_attachment(attachment: Attachment) -> None:
    """Remove an attachment (the view deletes the file once the transaction is committed)."""
    meeting = attachment.meeting
    meeting.attachments.remove(attachment)
    audit.record(
        "update",
        "meetings",
        meeting.id,
        summary=audit.Message(
            audit.N_("Anhang entfernt: %(filename)s"), filename=attachment.filename
        ),
    )
