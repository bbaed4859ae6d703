"""Answers from calendar clients: an iMIP REPLY (Accept/Decline in Outlook or Thunderbird),
read from the reply mailbox by ``crm.mail.inbound``, sets that invitee's RSVP."""

from __future__ import annotations

import sqlalchemy as sa

from crm.audit import services as audit
from crm.extensions import db
from crm.meetings.models import Invitation, Meeting
from crm.meetings.notifications import email_of
from crm.meetings.rsvp import set_answer
from crm.signals import calendar_reply

ANSWERS = {"ACCEPTED": "accepted", "DECLINED": "declined", "TENTATIVE": "tentative"}


def _invitation_of(meeting: Meeting, address: str) -> Invitation | None:
    for invitation in meeting.invitations:
        known = {email_of(invitation, set()) or "", invitation.contact.email or ""}
        known |= {a.email or "" for a in invitation.contact.affiliations}
        if address in {k.lower() for k in known if k}:
            return invitation
    return None


@calendar_reply.connect
def _record_reply(sender, uid: str, attendee: str, partstat: str, sequence: int, **extra):
    answer = ANSWERS.get(partstat)
    meeting = db.session.scalar(sa.select(Meeting).where(Meeting.uid == uid))
    if answer is None or meeting is None or meeting.status != "scheduled":
        return
    if sequence < meeting.sequence:
        return  # an answer to an older version of the meeting
    invitation = _invitation_of(meeting, attendee)
    if invitation is None or invitation.rsvp == "delegated":
        return
    set_answer(
        invitation,
        answer,
        audit.Message(
            audit.N_("Antwort aus dem Kalender von %(person)s (%(address)s)"),
            person=invitation.contact.full_name,
            address=attendee,
        ),
    )
