"""Clashes: other meetings at the same time that share an invitee or the room."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import aliased, joinedload

from crm.contacts.models import Contact
from crm.extensions import db
from crm.meetings.models import Invitation, Meeting


@dataclass
class Conflict:
    other: Meeting
    #: "person" or "room"
    reason: str
    names: list[str] = field(default_factory=list)


def conflicts(
    meeting: Meeting, starts_at: datetime | None = None, ends_at: datetime | None = None
) -> list[Conflict]:
    """Return other meetings at the same time that share an invitee or the room."""
    starts_at = starts_at or meeting.starts_at
    ends_at = ends_at or meeting.ends_at or starts_at
    if starts_at is None:
        return []
    overlapping = sa.and_(
        Meeting.id != meeting.id,
        Meeting.status.in_(("polling", "scheduled", "held")),
        Meeting.starts_at < ends_at,
        Meeting.ends_at > starts_at,
    )
    # most meetings overlap none: one narrow query, no people or rooms compared
    others = db.session.scalars(sa.select(Meeting.id).where(overlapping)).all()
    if not others:
        return []
    overlapping = Meeting.id.in_(others)
    found: dict[tuple[int, str], Conflict] = {}
    # tested per invitation of the few overlapping meetings (one probe of the unique index
    # on (meeting, person)), not by listing this meeting's 5,000 invitees first
    mine = aliased(Invitation)
    also_invited_here = (
        sa.select(mine.id)
        .where(
            mine.meeting_id == meeting.id,
            mine.contact_id == Invitation.contact_id,
            mine.rsvp != "delegated",
        )
        .exists()
    )
    if meeting.id is not None:
        rows = db.session.execute(
            sa.select(Meeting, Contact)
            .join(Invitation, Invitation.meeting_id == Meeting.id)
            .join(Contact, Contact.id == Invitation.contact_id)
            .options(joinedload(Meeting.group))
            .where(
                overlapping,
                also_invited_here,
                Invitation.rsvp.not_in(("declined", "delegated")),
            )
            .order_by(Meeting.starts_at, Contact.last_name)
        )
        for other, contact in rows:
            found.setdefault((other.id, "person"), Conflict(other, "person")).names.append(
                contact.full_name
            )
    if meeting.location and meeting.location.strip():
        rooms = db.session.scalars(
            sa.select(Meeting)
            .options(joinedload(Meeting.group))
            .where(
                overlapping,
                sa.func.lower(sa.func.trim(Meeting.location)) == meeting.location.strip().lower(),
            )
        )
        for other in rooms:
            found.setdefault((other.id, "room"), Conflict(other, "room"))
    return list(found.values())
