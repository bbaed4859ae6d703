"""Automatic reminders: once per invitee, some days before the meeting or the poll's end.

A periodic task of the worker (``crm.meetings.tasks``) calls ``send_due_reminders`` every
few minutes. It reminds the invitees who have not answered:

- of a **date poll** (status "polling") who have not voted, ``REMINDER_POLL_DAYS`` days
  before the poll's first proposed slot (the poll has to be decided by then);
- of a **scheduled meeting** whose RSVP is still pending, ``REMINDER_INVITATION_DAYS`` days
  before the meeting starts.

A meeting's own ``reminder_days`` replaces both defaults (0: no automatic reminder). The
reminder window of a meeting opens at *deadline − days*; an invitee is reminded when they
have not been reminded since the window opened (a manual reminder inside the window counts),
so each gets at most one reminder per deadline, however often the task runs and however
many workers run it: the reminder is claimed by a conditional UPDATE of ``reminded_at``,
which only one transaction can win. Mails go through the outbox like every other mail.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from crm.audit import services as audit
from crm.extensions import db
from crm.meetings import history
from crm.meetings.models import DateOption, Invitation, Meeting
from crm.meetings.notifications import blocked_invitees, notify
from crm.time import utcnow

#: the largest lead time a meeting may ask for (also bounds the task's query)
MAX_DAYS = 60


def lead_days(meeting: Meeting) -> int:
    """Return how many days before its deadline ``meeting``'s reminder goes (0: none)."""
    if meeting.reminder_days is not None:
        return meeting.reminder_days
    key = "REMINDER_POLL_DAYS" if meeting.status == "polling" else "REMINDER_INVITATION_DAYS"
    return int(current_app.config.get(key, 3))


def deadline(meeting: Meeting) -> datetime | None:
    """Return what the invitees answer before: the meeting's start, or the poll's first slot."""
    if meeting.status == "polling":
        return min((o.starts_at for o in meeting.date_options), default=None)
    return meeting.starts_at


def _candidates(now: datetime) -> list[Meeting]:
    horizon = now + timedelta(days=MAX_DAYS)
    first_slot = (
        sa.select(sa.func.min(DateOption.starts_at))
        .where(DateOption.meeting_id == Meeting.id)
        .scalar_subquery()
    )
    return list(
        db.session.scalars(
            sa.select(Meeting)
            .where(
                sa.or_(
                    sa.and_(
                        Meeting.status == "scheduled",
                        Meeting.starts_at > now,
                        Meeting.starts_at <= horizon,
                    ),
                    sa.and_(Meeting.status == "polling", first_slot > now, first_slot <= horizon),
                ),
                sa.or_(Meeting.reminder_days.is_(None), Meeting.reminder_days > 0),
            )
            .order_by(Meeting.id)
        )
    )


def _waiting(invitation: Invitation) -> bool:
    if invitation.sent_at is None:
        return False
    if invitation.meeting.status == "polling":
        return not invitation.votes
    return invitation.rsvp == "pending"


def _claim(invitation: Invitation, opened: datetime, now: datetime) -> bool:
    """Mark the invitee reminded unless someone did since the window opened (atomic)."""
    won = db.session.execute(
        sa.update(Invitation)
        .where(
            Invitation.id == invitation.id,
            sa.or_(Invitation.reminded_at.is_(None), Invitation.reminded_at < opened),
        )
        .values(reminded_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    return won == 1


def remind_meeting(meeting: Meeting, now: datetime) -> int:
    """Queue the due reminders of one meeting; return how many mails were queued."""
    days = lead_days(meeting)
    due = deadline(meeting)
    if days <= 0 or due is None or not (due - timedelta(days=days) <= now < due):
        return 0
    opened = due - timedelta(days=days)
    blocked = blocked_invitees(meeting)
    count = 0
    for invitation in meeting.invitations:
        if not _waiting(invitation):
            continue
        if invitation.reminded_at is not None and invitation.reminded_at >= opened:
            continue
        if _claim(invitation, opened, now):
            db.session.refresh(invitation, ["reminded_at", "version"])
            if notify(invitation, "reminder", blocked=blocked, now=now):
                count += 1
    if count:
        history.note(meeting.id, audit.N_("Automatische Erinnerungen: %(count)s"), count=count)
    return count


def send_due_reminders(now: datetime | None = None) -> int:
    """Queue every due automatic reminder (one transaction per meeting); return how many."""
    now = now or utcnow()
    total = 0
    for meeting_id in [m.id for m in _candidates(now)]:
        meeting = db.session.get(Meeting, meeting_id)
        total += remind_meeting(meeting, now)
        db.session.commit()
    return total
