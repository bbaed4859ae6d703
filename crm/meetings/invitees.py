"""Who is invited: the group's seat holders as of the meeting day, guests, removals."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from crm.audit import services as audit
from crm.contacts.models import Contact
from crm.extensions import db
from crm.groups.models import Seat
from crm.meetings import history
from crm.meetings.models import Invitation, Meeting
from crm.meetings.notifications import blocked_invitees, notify
from crm.meetings.queries import invitee_date, seats_on
from crm.meetings.rules import CLOSED, DEFAULT_INVITEE_ROLES, MeetingError
from crm.organisations.models import Organisation
from crm.search.copies import recopy


def _organisation_of(seat: Seat) -> Organisation | None:
    if seat.organisation is not None:
        return seat.organisation
    primary = seat.contact.primary_affiliation()
    return primary.organisation if primary else None


def add_invitees_from_seats(meeting: Meeting, roles=DEFAULT_INVITEE_ROLES) -> int:
    """Invite the holders of the group's seats (as of the meeting day); return how many new."""
    invited = {i.contact_id for i in meeting.invitations}
    added = 0
    for seat in seats_on(meeting.group, invitee_date(meeting), roles):
        if seat.contact_id in invited or seat.contact.archived_at is not None:
            continue
        meeting.invitations.append(
            Invitation(contact=seat.contact, organisation=_organisation_of(seat))
        )
        invited.add(seat.contact_id)
        added += 1
    if added:
        history.note(meeting.id, audit.N_("Personen eingeladen: %(count)s"), count=added)
    return added


def invite_many(meeting: Meeting, pairs: list[tuple[Contact, Organisation | None]]) -> list:
    """Return the new invitations of ``pairs`` (person, organisation they come for), none of
    them invited yet, written with ONE batch INSERT. When the poll or the invitation is out,
    each gets their mail (as with one invitation)."""
    if not pairs:
        return []
    rows = [
        {"meeting_id": meeting.id, "contact_id": c.id, "organisation_id": o.id if o else None}
        for c, o in pairs
    ]
    new = list(db.session.scalars(sa.insert(Invitation).returning(Invitation), rows))
    # the batch INSERT bypasses the flush: the invitees' names copied in one UPDATE
    recopy(Invitation, Invitation.id.in_([i.id for i in new]))
    db.session.expire(meeting, ["invitations"])
    if meeting.status in ("scheduled", "polling"):
        mail = "invitation" if meeting.status == "scheduled" else "poll"
        blocked = blocked_invitees(meeting)
        for invitation in new:
            notify(invitation, mail, blocked=blocked)
    return new


def _holds_a_seat(meeting: Meeting, contact: Contact) -> bool:
    """Return whether ``contact`` holds or held a seat in the meeting's group (any role)."""
    seat = sa.select(Seat.id).where(
        Seat.group_id == meeting.group_id, Seat.contact_id == contact.id
    )
    return contact.archived_at is None and db.session.scalar(seat.limit(1)) is not None


def add_invitee(meeting: Meeting, contact: Contact) -> Invitation:
    """Invite one person of the group (a guest, a deputy); when the poll or invitation is
    out, mail them. Only people who hold or held a seat in the group, as the meeting page
    offers them (``queries.seat_holders_to_invite``)."""
    if any(i.contact_id == contact.id for i in meeting.invitations):
        raise MeetingError(_l("Diese Person ist bereits eingeladen."), "contact_id")
    if meeting.status in CLOSED:
        raise MeetingError(_l("Zu dieser Sitzung kann niemand mehr eingeladen werden."))
    if not _holds_a_seat(meeting, contact):
        raise MeetingError(
            _l("Eingeladen werden können Personen mit einem Mandat in der Gruppe."), "contact_id"
        )
    primary = contact.primary_affiliation()
    invitation = Invitation(contact=contact, organisation=primary.organisation if primary else None)
    meeting.invitations.append(invitation)
    db.session.flush()
    history.note(meeting.id, audit.N_("Eingeladen: %(person)s"), person=contact.full_name)
    if meeting.status == "scheduled":
        notify(invitation, "invitation")
    elif meeting.status == "polling":
        notify(invitation, "poll")
    return invitation


def remove_invitee(invitation: Invitation) -> None:
    """Take a person off the list; if they had the invitation, they get a cancellation."""
    meeting = invitation.meeting
    if invitation.sent_at and meeting.status == "scheduled":
        # RFC 5546: removing one attendee is a CANCEL to them; a higher SEQUENCE makes every
        # client accept it
        meeting.sequence += 1
        notify(invitation, "cancel", personal=True)
    history.note(
        meeting.id, audit.N_("Ausgeladen: %(person)s"), person=invitation.contact.full_name
    )
    meeting.invitations.remove(invitation)


def resend(invitation: Invitation) -> None:
    """Mail one invitee their invitation (or poll link) again, e.g. after a lost mail."""
    meeting = invitation.meeting
    if meeting.status not in ("polling", "scheduled") or invitation.sent_at is None:
        raise MeetingError(_l("Diese Einladung wurde noch nicht versendet."))
    if invitation.rsvp == "delegated":
        raise MeetingError(_l("Diese Person hat eine Vertretung benannt."))
    kind = "invitation" if meeting.status == "scheduled" else "poll"
    if notify(invitation, kind) is None:
        raise MeetingError(
            _l("Für diese Person gibt es keine E-Mail-Adresse (oder keine Einwilligung).")
        )
    audit.record(
        "update",
        "invitations",
        invitation.id,
        summary=audit.Message(
            audit.N_("Einladung erneut gesendet an %(person)s"), person=invitation.contact.full_name
        ),
    )
