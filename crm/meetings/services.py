"""Queries and rules for meetings."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from crm.db import utcnow
from crm.extensions import db
from crm.meetings.models import Invitation, Meeting


def list_query(group_id: int | None = None, when: str = "upcoming") -> sa.Select:
    """Return the SELECT for the meeting list: upcoming (soonest first) or past (newest first)."""
    stmt = sa.select(Meeting).options(joinedload(Meeting.group))
    now = utcnow()
    if when == "past":
        stmt = stmt.where(Meeting.starts_at < now).order_by(Meeting.starts_at.desc())
    else:
        stmt = stmt.where(sa.or_(Meeting.starts_at >= now, Meeting.starts_at.is_(None)))
        stmt = stmt.order_by(Meeting.starts_at.is_(None), Meeting.starts_at)
    if group_id:
        stmt = stmt.where(Meeting.group_id == group_id)
    return stmt.order_by(Meeting.id)


def detail(meeting_id: int) -> Meeting | None:
    """Return a meeting with its agenda and invitations loaded."""
    return db.session.scalar(
        sa.select(Meeting)
        .options(
            joinedload(Meeting.group),
            selectinload(Meeting.agenda_items),
            selectinload(Meeting.invitations).joinedload(Invitation.contact),
            selectinload(Meeting.invitations).joinedload(Invitation.organisation),
        )
        .where(Meeting.id == meeting_id)
    )
