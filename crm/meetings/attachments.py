"""Documents of a meeting (invitation material, minutes): uploads checked and stored the one
way ``crm.files`` does it, under ``UPLOAD_FOLDER/meetings``."""

from __future__ import annotations

from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l

from crm import files
from crm.audit import services as audit
from crm.meetings import history
from crm.meetings.models import Attachment, Meeting
from crm.meetings.rules import MeetingError

FOLDER = "meetings"
#: every type ``crm.files`` knows (PDF, Office, OpenDocument, images, text)
ALLOWED_TYPES = files.FILE_TYPES
DEFAULT_MAX_ATTACHMENT = 10 * files.MB
PURPOSES = ("material", "minutes")


def max_attachment_size() -> int:
    """Return the upload limit in bytes (ATTACHMENT_MAX_BYTES, 10 MB by default)."""
    return int(current_app.config.get("ATTACHMENT_MAX_BYTES", DEFAULT_MAX_ATTACHMENT))


def upload_dir() -> Path:
    """Return the folder of the stored files (created when missing)."""
    return files.upload_dir(FOLDER)


def save_attachment(
    meeting: Meeting, filename: str, data: bytes, purpose: str, user=None
) -> Attachment:
    """Return the new attachment, its file stored under a random name (size and type checked)."""
    try:
        upload = files.check_upload(filename, data, ALLOWED_TYPES, max_attachment_size())
    except files.UploadError as exc:
        raise MeetingError(exc.message, "file") from exc
    if purpose not in PURPOSES:
        raise MeetingError(_l("Ungültiger Zweck."), "purpose")
    attachment = files.stored_row(Attachment, FOLDER, upload, user, purpose=purpose)
    meeting.attachments.append(attachment)
    history.note(meeting.id, audit.N_("Anhang: %(filename)s"), filename=attachment.filename)
    return attachment


def attachment_path(attachment: Attachment) -> Path:
    """Return where the attachment's file is stored."""
    return files.stored_path(FOLDER, attachment)


def delete_attachment(attachment: Attachment) -> None:
    """Remove an attachment (the view deletes the file once the transaction is committed)."""
    meeting = attachment.meeting
    meeting.attachments.remove(attachment)
    history.note(
        meeting.id, audit.N_("Anhang entfernt: %(filename)s"), filename=attachment.filename
    )
