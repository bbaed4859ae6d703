"""Date poll pages: propose and withdraw slots, start the poll, see the matrix, pick a slot."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from crm.extensions import db
from crm.meetings import bp
from crm.meetings import poll as date_poll
from crm.meetings.conflicts import conflicts
from crm.meetings.forms import DateOptionForm
from crm.meetings.models import DateOption, Meeting
from crm.meetings.rules import MeetingError
from crm.meetings.views.common import (
    errors_text,
    fail,
    field_error,
    flash_missing,
    fragment,
    load,
    to_detail,
    wants_fragment,
    warn_conflicts,
)


def _to_poll(meeting_id: int):
    return redirect(url_for("meetings.poll", meeting_id=meeting_id), 303)


def _option(meeting: Meeting, option_id: int) -> DateOption:
    option = next((o for o in meeting.date_options if o.id == option_id), None)
    return option or abort(404)


@bp.route("/<int:meeting_id>/poll", methods=["GET", "POST"])
def poll(meeting_id: int):
    """Propose slots (POST adds one) and see the answers as a matrix; from ``inplace.js`` the
    page's body comes back, not a new page."""
    meeting = load(meeting_id)
    form = DateOptionForm()
    status, message = 200, None
    if request.method == "POST":
        times = form.utc_times() if form.validate_on_submit() else None
        if times is not None:
            try:
                date_poll.add_date_option(meeting, *times)
            except MeetingError as exc:
                field_error(form, exc, "starts_on")
                meeting = load(meeting_id)
            else:
                db.session.commit()
                if not wants_fragment():
                    flash(_("Termin vorgeschlagen."), "success")
                    return _to_poll(meeting_id)
                message = _("Termin vorgeschlagen.")
                meeting, form = load(meeting_id), DateOptionForm(formdata=None)
        if message is None:
            status, message = 400, errors_text(form)
    context = {
        "meeting": meeting,
        "form": form,
        "matrix": date_poll.poll_matrix(meeting),
        "slot_conflicts": {
            o.id: conflicts(meeting, o.starts_at, o.ends_at) for o in meeting.date_options
        },
    }
    if wants_fragment():
        kind = "success" if status == 200 else "danger"
        return fragment(
            "meetings/_poll_body.html", status, message=message, message_kind=kind, **context
        )
    return render_template("meetings/poll.html", **context), status


@bp.route("/<int:meeting_id>/poll/<int:option_id>/delete", methods=["POST"])
def poll_remove(meeting_id: int, option_id: int):
    """Withdraw a proposed slot."""
    meeting = load(meeting_id)
    try:
        date_poll.remove_date_option(_option(meeting, option_id))
    except MeetingError as exc:
        return fail(meeting_id, exc)
    db.session.commit()
    return _to_poll(meeting_id)


@bp.route("/<int:meeting_id>/poll/start", methods=["POST"])
def poll_start(meeting_id: int):
    """Open the poll: every invitee gets their personal link."""
    meeting = load(meeting_id)
    try:
        count = date_poll.start_poll(meeting)
    except MeetingError as exc:
        return fail(meeting_id, exc)
    db.session.commit()
    flash(_("Terminumfrage gestartet; %(n)d E-Mails im Postausgang.", n=count), "success")
    return _to_poll(meeting_id)


@bp.route("/<int:meeting_id>/poll/<int:option_id>/pick", methods=["POST"])
def poll_pick(meeting_id: int, option_id: int):
    """Fix the meeting on a slot and send the invitations with calendar files."""
    meeting = load(meeting_id)
    try:
        sent, missing = date_poll.pick_date_option(meeting, _option(meeting, option_id))
    except MeetingError as exc:
        return fail(meeting_id, exc)
    db.session.commit()
    flash(_("Termin festgelegt; %(n)d Einladungen im Postausgang.", n=sent), "success")
    warn_conflicts(meeting)
    flash_missing(missing)
    return to_detail(meeting_id)
