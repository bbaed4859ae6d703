"""What the meeting views share: loading with the permission check, the detail page, errors."""

from __future__ import annotations

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crm import pickers
from crm.auth.permissions import can_manage, require
from crm.extensions import db
from crm.meetings import queries
from crm.meetings.attendance import render_minutes
from crm.meetings.conflicts import conflicts
from crm.meetings.forms import AgendaItemForm, AttachmentForm, InviteContactForm, InviteSeatsForm
from crm.meetings.models import Invitation, Meeting
from crm.meetings.notifications import invitation_link
from crm.meetings.poll import poll_matrix
from crm.meetings.rules import MeetingError


def load(meeting_id: int, manage: bool = True, invitations: bool = True) -> Meeting:
    """Return the meeting with everything on it; 404 if missing, 403 if not the user's."""
    meeting = queries.detail(meeting_id, invitations) or abort(404)
    if manage:
        require(can_manage(current_user, meeting))
    return meeting


def to_detail(meeting_id: int, anchor: str | None = None):
    """Return the redirect (303) to the meeting page, at ``anchor``."""
    return redirect(url_for("meetings.detail", meeting_id=meeting_id, _anchor=anchor), 303)


def invite_contact_form(meeting: Meeting) -> InviteContactForm:
    """Return the form to invite one of the group's seat holders not yet invited."""
    form = InviteContactForm(prefix="invite")
    posted = pickers.posted_id(form.contact_id.name)
    form.contact_id.choices = [(0, "—"), *queries.seat_holders_to_invite(meeting, posted)]
    pickers.suggest(form.contact_id, url_for("contacts.lookup", group=meeting.group_id))
    return form


def render_detail(meeting: Meeting, status: int = 200, **forms):
    """Render the meeting page (also with a failed form and status 400)."""
    manage = can_manage(current_user, meeting)
    forms.setdefault("agenda_form", AgendaItemForm(prefix="agenda", formdata=None))
    forms.setdefault("seats_form", InviteSeatsForm(prefix="seats", formdata=None))
    forms.setdefault("attachment_form", AttachmentForm(prefix="att", formdata=None))
    if manage:
        forms.setdefault("invite_form", invite_contact_form(meeting))
    answers = queries.rsvp_counts(meeting)
    invitees = queries.invitee_page(meeting, total=sum(answers.values()))
    return (
        render_template(
            "meetings/detail.html",
            meeting=meeting,
            manage=manage,
            invitees=invitees,
            rsvp_counts=answers,
            matrix=poll_matrix(meeting) if meeting.date_options else None,
            conflicts=conflicts(meeting) if meeting.status == "scheduled" else [],
            outbox=queries.outbox_status(meeting, invitees.items) if manage else {},
            links={i.id: invitation_link(i) for i in invitees.items} if manage else {},
            minutes_html=render_minutes(meeting.minutes),
            invitee_date=queries.invitee_date(meeting),
            **forms,
        ),
        status,
    )


def warn_conflicts(meeting: Meeting) -> None:
    """Flash a warning for each other meeting at the same time with shared people or room."""
    for c in conflicts(meeting):
        if c.reason == "room":
            flash(
                _("Achtung: Der Raum ist zur selben Zeit belegt (%(t)s).", t=c.other.title),
                "warning",
            )
        else:
            flash(
                _(
                    "Achtung: Terminüberschneidung mit „%(t)s“ für %(names)s.",
                    names=", ".join(c.names),
                    t=c.other.title,
                ),
                "warning",
            )


def flash_missing(missing: list[Invitation]) -> None:
    """Flash who could not be mailed (no usable address)."""
    if missing:
        names = ", ".join(i.contact.full_name for i in missing)
        flash(_("Ohne E-Mail-Adresse (bitte anders einladen): %(names)s", names=names), "warning")


def fail(meeting_id: int, exc: MeetingError):
    """Undo the partial change, show the message on the meeting page with status 400."""
    db.session.rollback()
    flash(str(exc), "danger")
    return render_detail(load(meeting_id), 400)


def field_error(form, exc: MeetingError, default: str) -> None:
    """Undo the partial change and put the message beside its field (or ``default``)."""
    db.session.rollback()
    getattr(form, exc.field or default).errors.append(str(exc))


def wants_fragment() -> bool:
    """Return whether the POST comes from ``static/js/inplace.js`` and wants a fragment back."""
    return request.headers.get("X-Inplace") == "1"


def fragment(template: str, status: int = 200, **context):
    """Return the rendered part of a page for an in-place change (marked ``X-Inplace``)."""
    response = make_response(render_template(template, **context), status)
    response.headers["X-Inplace"] = "1"
    response.headers["Cache-Control"] = "no-store"
    response.headers["Vary"] = "X-Inplace"
    return response


def errors_text(form) -> str:
    """Return the form's messages as one sentence for the live region of an in-place form."""
    return " ".join(str(e) for errors in form.errors.values() for e in errors)
