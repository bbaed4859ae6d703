"""Files attached to a circular: uploaded to the draft (checked and stored the one way
``crm.files`` does it, under ``UPLOAD_FOLDER/circulars``), listed on the preview and the
result page, removable while it is a draft, and carried by every one of its mails.

The limits are settings: ``CIRCULAR_ATTACHMENT_TYPES`` (extensions), and, because every
recipient gets all files, ``CIRCULAR_ATTACHMENTS_MAX_FILES`` and the total size
``CIRCULAR_ATTACHMENTS_MAX_BYTES`` (10 MB). Every file of a request is checked before one is
written: a refused file leaves nothing behind.
"""

from __future__ import annotations

from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l

from crm import files
from crm.audit import services as audit
from crm.circulars import history
from crm.circulars.models import Circular, CircularAttachment
from crm.rules import RuleError

FOLDER = "circulars"


class AttachmentError(RuleError):
    """Files that cannot be attached as asked (field "attachments")."""


def allowed_types() -> list[str]:
    """Return the allowed extensions (CIRCULAR_ATTACHMENT_TYPES, those ``crm.files`` knows)."""
    wanted = str(current_app.config.get("CIRCULAR_ATTACHMENT_TYPES", ",".join(files.FILE_TYPES)))
    return [
        e
        for e in (p.strip().lower().lstrip(".") for p in wanted.split(","))
        if e in files.FILE_TYPES
    ]


def max_total() -> int:
    return int(current_app.config.get("CIRCULAR_ATTACHMENTS_MAX_BYTES", 10 * files.MB))


def max_files() -> int:
    return int(current_app.config.get("CIRCULAR_ATTACHMENTS_MAX_FILES", 10))


def limits_text() -> str:
    """Return what the form says about the limits ("PDF, DOCX …; höchstens 10 Dateien, …")."""
    return str(
        _l(
            "Erlaubt: %(types)s; höchstens %(n)d Dateien, zusammen höchstens %(mb)s MB.",
            types=files.type_list(allowed_types()),
            n=max_files(),
            mb=f"{max_total() / files.MB:.0f}",
        )
    )


def check(circular: Circular | None, uploads: list[tuple[str, bytes]]) -> list[files.Upload]:
    """Return the checked uploads (empty file inputs dropped), or raise AttachmentError naming
    the file; the count and the total include the circular's files so far. Writes nothing."""
    uploads = [(name, data) for name, data in uploads if name or data]
    if circular is not None and circular.status != "draft":
        raise AttachmentError(_l("Ein versendetes Rundschreiben ist nicht mehr änderbar."))
    existing = list(circular.attachments) if circular is not None else []
    checked = []
    for name, data in uploads:
        try:
            checked.append(files.check_upload(name, data, allowed_types(), max_total()))
        except files.UploadError as exc:
            raise AttachmentError(
                _l("„%(name)s“: %(reason)s", name=name or "?", reason=exc.message), "attachments"
            ) from exc
    if len(existing) + len(checked) > max_files():
        raise AttachmentError(
            _l("Höchstens %(n)d Anhänge je Rundschreiben.", n=max_files()), "attachments"
        )
    total = sum(a.size for a in existing) + sum(u.size for u in checked)
    if total > max_total():
        raise AttachmentError(
            _l(
                "Die Anhänge sind zusammen zu groß (%(size)s MB, höchstens %(mb)s MB): jede "
                "Mail trägt alle Anhänge.",
                size=f"{total / files.MB:.1f}".replace(".", ","),
                mb=f"{max_total() / files.MB:.0f}",
            ),
            "attachments",
        )
    return checked


def add(circular: Circular, checked: list[files.Upload], user=None) -> list[CircularAttachment]:
    """Store the checked uploads and attach them to the draft (audited)."""
    added = []
    for upload in checked:
        attachment = files.stored_row(CircularAttachment, FOLDER, upload, user)
        circular.attachments.append(attachment)
        added.append(attachment)
        history.note(circular.id, audit.N_("Anhang: %(filename)s"), filename=attachment.filename)
    return added


def path_of(attachment: CircularAttachment) -> Path:
    """Return where the attachment's file is stored."""
    return files.stored_path(FOLDER, attachment)


def remove(attachment: CircularAttachment) -> Path:
    """Detach a file from a draft (audited); return its path, which the caller deletes once
    the transaction is committed."""
    circular = attachment.circular
    if circular.status != "draft":
        raise AttachmentError(_l("Ein versendetes Rundschreiben ist nicht mehr änderbar."))
    circular.attachments.remove(attachment)
    history.note(
        circular.id, audit.N_("Anhang entfernt: %(filename)s"), filename=attachment.filename
    )
    return path_of(attachment)


def for_mail(circular: Circular) -> list[dict] | None:
    """Return what an outbox mail of the circular carries: a reference per file (the file is
    read when the mail is sent), or None without attachments."""
    return [
        {
            "file": files.ref(FOLDER, a.stored_name),
            "filename": a.filename,
            "content_type": a.content_type,
        }
        for a in circular.attachments
    ] or None
