"""After the meeting: tick attendance, the printable attendance list, the minutes."""

from __future__ import annotations

from flask import flash, render_template, request
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from crm.audit.conflicts import form_status, locked, save_locked
from crm.extensions import db
from crm.meetings import attendance as after
from crm.meetings import bp
from crm.meetings.forms import MinutesForm
from crm.meetings.rules import MeetingError
from crm.meetings.views.common import load, to_detail


@bp.route("/<int:meeting_id>/attendance", methods=["GET", "POST"])
def attendance(meeting_id: int):
    """Tick who attended (substitutes included); the meeting then counts as held."""
    meeting = load(meeting_id)
    if request.method == "GET":
        return render_template("meetings/attendance.html", meeting=meeting)
    if FlaskForm().validate_on_submit():
        values = {
            i.id: request.form.get(f"attended-{i.id}", "unknown") for i in meeting.invitations
        }
        try:
            after.record_attendance(meeting, values)
        except MeetingError as exc:
            db.session.rollback()
            flash(str(exc), "danger")
            meeting = load(meeting_id)
        else:
            db.session.commit()
            flash(_("Anwesenheit gespeichert."), "success")
            return to_detail(meeting_id, "invitees")
    return render_template("meetings/attendance.html", meeting=meeting), 400


@bp.route("/<int:meeting_id>/attendance-list")
def attendance_list(meeting_id: int):
    """The printable attendance list (A4): name, organisation, signature."""
    meeting = load(meeting_id, manage=False)
    invitations = sorted(
        (i for i in meeting.invitations if i.rsvp != "delegated"),
        key=lambda i: ((i.organisation.name if i.organisation else "~"), i.contact.sort_name),
    )
    return render_template(
        "meetings/attendance_list.html", meeting=meeting, invitations=invitations, blank_rows=5
    )


@bp.route("/<int:meeting_id>/minutes", methods=["GET", "POST"])
def minutes(meeting_id: int):
    """Write the minutes (Markdown) and set them to draft or approved.

    The form carries the meeting's version: a save based on an older one (another person
    saved meanwhile, or two saves in the same instant) is refused with the conflict page.
    """
    meeting = load(meeting_id)
    form = locked(MinutesForm(obj=meeting), meeting)
    saved = save_locked(
        form,
        meeting,
        lambda: after.save_minutes(
            meeting, form.minutes.data, form.minutes_status.data, *form.based_on
        ),
        default_field="minutes",
    )
    if saved:
        flash(_("Protokoll gespeichert."), "success")
        return to_detail(meeting_id, "minutes")
    if request.method == "POST":
        meeting = load(meeting_id)
    preview = after.render_minutes(form.minutes.data)
    return render_template(
        "meetings/minutes.html", meeting=meeting, form=form, preview=preview
    ), form_status(form)
