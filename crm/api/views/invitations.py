"""/api/v1/meetings/<id>/invitations and /api/v1/invitations: who is invited, their answers.

The same service functions as the meeting page's invitee list: invite the group's seat
holders or one of them, take someone off the list, send the invitations and reminders,
record an answer given by phone and, after the meeting, who attended. Staff and the
group's leads change them; everyone else reads.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_login import current_user
from flask_smorest import Blueprint
from sqlalchemy.orm import joinedload

from crm.api import schemas
from crm.api.http import ID, Routes, changing, get_or_404, listed, managed, one, saved
from crm.api.views.meetings import DETAIL_OPTIONS
from crm.contacts.models import Contact
from crm.extensions import db
from crm.meetings import attendance, invitees, operations, rsvp
from crm.meetings.models import Invitation, Meeting

blp = Blueprint(
    "api_invitations",
    __name__,
    url_prefix="/api/v1",
    description="Invitations to meetings: the invitees, their answers and attendance. "
    "The invitee's comment only for roles that may export personal data.",
)
routes = Routes(blp)

OPTIONS = (joinedload(Invitation.contact), joinedload(Invitation.meeting))


@routes.listing(
    f"/meetings/<{ID}:meeting_id>/invitations",
    schemas.InvitationArgs,
    schemas.Invitation,
    also=(404,),
)
def list_invitations(args, meeting_id: int):
    """List a meeting's invitees by name, with their answer and attendance."""
    get_or_404(Meeting, meeting_id)
    stmt = (
        sa.select(Invitation)
        .join(Invitation.contact)
        .options(joinedload(Invitation.contact))
        .where(Invitation.meeting_id == meeting_id)
    )
    for name in ("rsvp", "attended"):
        if args[name]:
            stmt = stmt.where(getattr(Invitation, name) == args[name])
    return listed(stmt, Contact.sort_key, Invitation.id)


@routes.reading(f"/invitations/<{ID}:invitation_id>", schemas.Invitation)
def get_invitation(invitation_id: int):
    """Read one invitation."""
    return one(Invitation, invitation_id, OPTIONS)


@routes.creating(f"/meetings/<{ID}:meeting_id>/invitations", schemas.Invitation)
def invite(data: dict, meeting_id: int):
    """Invite one person who holds (or held) a seat in the group; once the poll or the
    invitations are out, they are mailed at once."""
    meeting = managed(Meeting, meeting_id, DETAIL_OPTIONS)
    contact = get_or_404(Contact, data["contact_id"])
    invitation = invitees.add_invitee(meeting, contact)
    return saved(invitation)


@routes.writing(
    f"/meetings/<{ID}:meeting_id>/invitations/from-seats",
    schemas.MeetingDetail,
    schemas.InviteSeats,
)
def invite_seats(data: dict, meeting_id: int):
    """Invite the group's seat holders with `roles` as of the meeting day (the leads and
    delegates by default); those already invited stay as they are."""
    meeting = managed(Meeting, meeting_id, DETAIL_OPTIONS)
    invitees.add_invitees_from_seats(meeting, data["roles"])
    return saved(meeting)


@routes.writing(
    f"/invitations/<{ID}:invitation_id>",
    schemas.Invitation,
    schemas.InvitationUpdate,
    method="PATCH",
)
def update_invitation(data: dict, invitation_id: int):
    """Record an answer given by phone (`rsvp`) or, from the meeting's start, whether the
    person attended (the meeting then counts as held); needs If-Match."""
    invitation, _version = changing(Invitation, invitation_id, OPTIONS)
    if "rsvp" in data:
        rsvp.record_for_invitee(invitation, data["rsvp"], current_user)
    if "attended" in data:
        attendance.record_attendance(invitation.meeting, {invitation.id: data["attended"]})
    return saved(invitation)


@routes.deleting(f"/invitations/<{ID}:invitation_id>")
def remove_invitation(invitation_id: int):
    """Take the person off the list; if they had the invitation, they get a cancellation.
    Needs If-Match."""
    invitation, _version = changing(Invitation, invitation_id, OPTIONS)
    invitees.remove_invitee(invitation)
    db.session.commit()


@routes.writing(f"/meetings/<{ID}:meeting_id>/send", schemas.MeetingDetail)
def send_invitations(meeting_id: int):
    """Schedule the meeting and mail the invitations (with calendar files) to everyone not
    invited yet; needs If-Match."""
    meeting, _version = changing(Meeting, meeting_id, DETAIL_OPTIONS)
    operations.send_invitations(meeting)
    return saved(meeting)


@routes.writing(f"/meetings/<{ID}:meeting_id>/reminders", schemas.MeetingDetail)
def remind(meeting_id: int):
    """Remind those who have not answered yet (poll: no votes; scheduled: no RSVP)."""
    meeting = managed(Meeting, meeting_id, DETAIL_OPTIONS)
    operations.remind(meeting)
    return saved(meeting)
