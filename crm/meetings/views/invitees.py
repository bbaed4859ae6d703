"""Invitee pages: invite seat holders or one person, remove, send invitations, remind."""

from __future__ import annotations

from flask import abort, flash, request
from flask_babel import gettext as _
from flask_login import current_user

from crm.contacts.models import Contact
from crm.extensions import db
from crm.forms import confirmed_post
from crm.meetings import bp, invitees, operations, rsvp
from crm.meetings.forms import InviteSeatsForm
from crm.meetings.rules import MeetingError
from crm.meetings.views.common import (
    fail,
    flash_missing,
    invite_contact_form,
    load,
    render_detail,
    to_detail,
)


@bp.route("/<int:meeting_id>/invitees/seats", methods=["POST"])
def invite_seats(meeting_id: int):
    """Invite the group's seat holders (as of the meeting day) with the chosen roles."""
    meeting = load(meeting_id)
    form = InviteSeatsForm(prefix="seats")
    if not form.validate_on_submit():
        return render_detail(meeting, 400, seats_form=form)
    added = invitees.add_invitees_from_seats(meeting, form.roles.data)
    db.session.commit()
    flash(_("%(n)d Personen hinzugefügt.", n=added), "success")
    return to_detail(meeting_id, "invitees")


@bp.route("/<int:meeting_id>/invitees", methods=["POST"])
def invite_contact(meeting_id: int):
    """Invite one more person."""
    meeting = load(meeting_id)
    form = invite_contact_form(meeting)
    if not form.validate_on_submit() or not form.contact_id.data:
        if not form.contact_id.errors:
            form.contact_id.errors = [_("Bitte eine Person wählen.")]
        return render_detail(meeting, 400, invite_form=form)
    contact = db.session.get(Contact, form.contact_id.data) or abort(404)
    try:
        invitees.add_invitee(meeting, contact)
    except MeetingError as exc:
        return fail(meeting_id, exc)
    db.session.commit()
    return to_detail(meeting_id, "invitees")


def _invitation(meeting, invitation_id: int):
    invitation = next((i for i in meeting.invitations if i.id == invitation_id), None)
    return invitation or abort(404)


@bp.route("/<int:meeting_id>/invitees/<int:invitation_id>/delete", methods=["POST"])
def invite_remove(meeting_id: int, invitation_id: int):
    """Take a person off the list (they get a cancellation if they had the invitation)."""
    meeting = load(meeting_id)
    invitation = _invitation(meeting, invitation_id)
    invitees.remove_invitee(invitation)
    db.session.commit()
    return to_detail(meeting_id, "invitees")


@bp.route("/<int:meeting_id>/send", methods=["POST"])
def send(meeting_id: int):
    """Send the invitations (with calendar files) to everyone not yet invited."""
    meeting = load(meeting_id)
    try:
        sent, missing = operations.send_invitations(meeting)
    except MeetingError as exc:
        return fail(meeting_id, exc)
    db.session.commit()
    flash(_("%(n)d Einladungen in den Postausgang gelegt.", n=sent), "success")
    flash_missing(missing)
    return to_detail(meeting_id, "invitees")


@bp.route("/<int:meeting_id>/remind", methods=["POST"])
def remind(meeting_id: int):
    """Remind those who have not answered yet."""
    meeting = load(meeting_id)
    try:
        count = operations.remind(meeting)
    except MeetingError as exc:
        return fail(meeting_id, exc)
    db.session.commit()
    flash(_("%(n)d Erinnerungen in den Postausgang gelegt.", n=count), "success")
    return to_detail(meeting_id, "invitees")


@bp.route("/<int:meeting_id>/invitees/<int:invitation_id>/resend", methods=["POST"])
def invite_resend(meeting_id: int, invitation_id: int):
    """Mail one invitee their invitation again."""
    confirmed_post()
    meeting = load(meeting_id)
    invitation = _invitation(meeting, invitation_id)
    try:
        invitees.resend(invitation)
    except MeetingError as exc:
        return fail(meeting_id, exc)
    db.session.commit()
    flash(_("Einladung an %(n)s ist im Postausgang.", n=invitation.contact.full_name), "success")
    return to_detail(meeting_id, "invitees")


@bp.route("/<int:meeting_id>/invitees/<int:invitation_id>/answer", methods=["POST"])
def invite_answer(meeting_id: int, invitation_id: int):
    """Record an answer given by phone (audited with who recorded it)."""
    confirmed_post()
    meeting = load(meeting_id)
    invitation = _invitation(meeting, invitation_id)
    try:
        rsvp.record_for_invitee(invitation, request.form.get("answer", ""), current_user)
    except MeetingError as exc:
        return fail(meeting_id, exc)
    db.session.commit()
    flash(_("Rückmeldung von %(n)s erfasst.", n=invitation.contact.full_name), "success")
    return to_detail(meeting_id, "invitees")
