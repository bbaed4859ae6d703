"""Calendar feeds: create and revoke a secret feed link, and the meetings a feed lists."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from crm.audit import services as audit
from crm.auth.models import User
from crm.auth.permissions import STAFF_ROLES
from crm.extensions import db
from crm.feeds.models import CalendarFeed
from crm.groups.models import Group
from crm.meetings.models import Invitation, Meeting
from crm.signals import credentials_revoked
from crm.time import utcnow

#: how far back a feed reaches (ahead it lists everything)
HISTORY = timedelta(days=366)


def create_feed(user: User, group: Group | None = None) -> CalendarFeed:
    """Return a new secret feed for a group's meetings or the user's own meetings."""
    feed = CalendarFeed(user_id=user.id, group_id=group.id if group else None)
    db.session.add(feed)
    audit.record(
        "create",
        "calendar_feeds",
        None,
        summary=audit.Message(audit.N_("Kalender-Abo angelegt (%(group)s)"), group=group.name)
        if group
        else audit.Message(audit.N_("Kalender-Abo angelegt (persönlich)")),
    )
    return feed


def revoke_feed(feed: CalendarFeed) -> None:
    """Revoke a feed: its link answers 404 from now on."""
    feed.revoked_at = utcnow()
    audit.record(
        "update",
        "calendar_feeds",
        feed.id,
        summary=audit.Message(audit.N_("Kalender-Abo widerrufen")),
    )


def user_feeds(user: User) -> list[CalendarFeed]:
    """Return the user's feeds that are not revoked, oldest first."""
    return list(
        db.session.scalars(
            sa.select(CalendarFeed)
            .where(CalendarFeed.user_id == user.id, CalendarFeed.revoked_at.is_(None))
            .order_by(CalendarFeed.id)
        )
    )


def feed_by_token(token: str) -> CalendarFeed | None:
    """Return the live feed of a link, or None for unknown and revoked tokens."""
    if not token or len(token) > 64:
        return None
    return db.session.scalar(
        sa.select(CalendarFeed).where(
            CalendarFeed.token == token, CalendarFeed.revoked_at.is_(None)
        )
    )


def feed_meetings(feed: CalendarFeed) -> tuple[str, list[Meeting]]:
    """Return the feed's name and meetings (a year back, all ahead; with a time only).

    A group feed lists that group's meetings. A personal feed lists the meetings of the
    groups the user leads, those their person record is invited to, and for staff all.
    """
    stmt = (
        sa.select(Meeting)
        .options(joinedload(Meeting.group), selectinload(Meeting.agenda_items))
        .where(
            Meeting.starts_at.is_not(None),
            Meeting.starts_at >= utcnow() - HISTORY,
            Meeting.status.in_(("scheduled", "held", "cancelled")),
        )
        .order_by(Meeting.starts_at)
    )
    user = db.session.get(User, feed.user_id)
    if user is None or not user.is_active:
        return "Sitzungen", []
    if feed.group_id is not None:
        group = db.session.get(Group, feed.group_id)
        return f"Sitzungen {group.name}", list(
            db.session.scalars(stmt.where(Meeting.group_id == feed.group_id))
        )
    if user.role not in STAFF_ROLES:
        conditions = [Meeting.group_id.in_([g.id for g in user.managed_groups] or [-1])]
        if user.contact_id:
            conditions.append(
                Meeting.id.in_(
                    sa.select(Invitation.meeting_id).where(Invitation.contact_id == user.contact_id)
                )
            )
        stmt = stmt.where(sa.or_(*conditions))
    return f"Meine Sitzungen ({user.name})", list(db.session.scalars(stmt))


@credentials_revoked.connect
def _revoke_user_feeds(user: User, **extra) -> None:
    """Revoke every feed of a user who was deactivated or whose password was reset."""
    db.session.execute(
        sa.update(CalendarFeed)
        .where(CalendarFeed.user_id == user.id, CalendarFeed.revoked_at.is_(None))
        .values(revoked_at=utcnow())
        .execution_options(synchronize_session="fetch")
    )
