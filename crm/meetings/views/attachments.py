"""Attachment pages: upload (checked type and size), download, delete."""

from __future__ import annotations

from flask import abort, flash
from flask_babel import gettext as _
from flask_login import current_user

from crm import files
from crm.extensions import db
from crm.meetings import attachments, bp
from crm.meetings.forms import AttachmentForm
from crm.meetings.models import Attachment, Meeting
from crm.meetings.rules import MeetingError
from crm.meetings.views.common import load, render_detail, to_detail


@bp.route("/<int:meeting_id>/attachments", methods=["POST"])
def attachment_add(meeting_id: int):
    """Upload a document (allowed types, size limit)."""
    meeting = load(meeting_id)
    form = AttachmentForm(prefix="att")
    if form.validate_on_submit():
        upload = form.file.data
        try:
            attachments.save_attachment(
                meeting, upload.filename, upload.read(), form.purpose.data, current_user
            )
        except MeetingError as exc:
            db.session.rollback()
            meeting = load(meeting_id)
            form.file.errors = [*form.file.errors, str(exc)]
        else:
            db.session.commit()
            flash(_("Anhang hochgeladen."), "success")
            return to_detail(meeting_id, "attachments")
    return render_detail(meeting, 400, attachment_form=form)


def _attachment(meeting: Meeting, attachment_id: int) -> Attachment:
    found = next((a for a in meeting.attachments if a.id == attachment_id), None)
    return found or abort(404)


@bp.route("/<int:meeting_id>/attachments/<int:attachment_id>")
def attachment_download(meeting_id: int, attachment_id: int):
    """Download an attachment (logged-in users only; always as a download)."""
    attachment = _attachment(load(meeting_id, manage=False), attachment_id)
    return files.download(
        attachments.attachment_path(attachment), attachment.content_type, attachment.filename
    )


@bp.route("/<int:meeting_id>/attachments/<int:attachment_id>/delete", methods=["POST"])
def attachment_delete(meeting_id: int, attachment_id: int):
    """Delete an attachment and, once committed, its file."""
    meeting = load(meeting_id)
    attachment = _attachment(meeting, attachment_id)
    path = attachments.attachment_path(attachment)
    attachments.delete_attachment(attachment)
    db.session.commit()
    path.unlink(missing_ok=True)
    return to_detail(meeting_id, "attachments")
