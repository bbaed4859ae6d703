"""What the meeting pages read: the list, one meeting with everything on it, invitee lookups."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from crm import pickers
from crm.auth.permissions import STAFF_ROLES, managed_group_ids
from crm.contacts.models import Contact
from crm.db import active_on
from crm.extensions import db
from crm.groups.models import Group, Seat
from crm.mail.models import OutboxMail
from crm.meetings.models import DateOption, Invitation, Meeting
from crm.pagination import sublist
from crm.time import local_date, to_utc, today, utcnow


def list_query(
    group_id: int | None = None,
    when: str = "upcoming",
    q: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    status: str | None = None,
) -> sa.Select:
    """Return the SELECT for the meeting list: upcoming (soonest first) or past (newest first)."""
    stmt = sa.select(Meeting).options(joinedload(Meeting.group))
    now = utcnow()
    if when == "past":
        stmt = stmt.where(Meeting.starts_at < now).order_by(Meeting.starts_at.desc())
    elif when == "all":
        # open polls (no date yet) lie ahead: first, then newest first
        stmt = stmt.order_by(Meeting.starts_at.is_not(None), Meeting.starts_at.desc())
    else:
        stmt = stmt.where(sa.or_(Meeting.starts_at >= now, Meeting.starts_at.is_(None)))
        stmt = stmt.order_by(Meeting.starts_at.is_(None), Meeting.starts_at)
    if group_id:
        stmt = stmt.where(Meeting.group_id == group_id)
    if q:
        stmt = stmt.where(sa.func.lower(Meeting.title).contains(q.strip().lower()))
    if date_from:
        stmt = stmt.where(Meeting.starts_at >= to_utc(date_from, datetime.min.time()))
    if date_to:
        stmt = stmt.where(
            Meeting.starts_at < to_utc(date_to + timedelta(days=1), datetime.min.time())
        )
    if status:
        stmt = stmt.where(Meeting.status == status)
    return stmt.order_by(Meeting.id)


def detail(meeting_id: int, invitations: bool = True) -> Meeting | None:
    """Return a meeting with its agenda, attachments, poll (and invitations) loaded.

    The meeting page itself reads its invitees a page at a time (``invitee_page``), so it
    asks for ``invitations=False``; the actions that change invitations load them all.
    """
    options = [
        joinedload(Meeting.group),
        selectinload(Meeting.agenda_items),
        selectinload(Meeting.attachments),
        selectinload(Meeting.date_options).selectinload(DateOption.votes),
    ]
    if invitations:
        options += [
            selectinload(Meeting.invitations).joinedload(Invitation.contact),
            selectinload(Meeting.invitations).joinedload(Invitation.organisation),
            selectinload(Meeting.invitations)
            .joinedload(Invitation.substitute_for)
            .joinedload(Invitation.contact),
        ]
    return db.session.scalar(sa.select(Meeting).options(*options).where(Meeting.id == meeting_id))


def invitee_page(meeting: Meeting, total: int | None = None):
    """Return a page (``invitees_page``) of the meeting's invitees by name; ``total``, when
    known (the sum of ``rsvp_counts``), saves counting them again."""
    substitute = sa.orm.aliased(Invitation)
    return sublist(
        db.session,
        sa.select(Invitation)
        .options(
            joinedload(Invitation.contact),
            joinedload(Invitation.organisation),
            joinedload(Invitation.substitute_for.of_type(substitute)).joinedload(
                substitute.contact
            ),
        )
        .where(Invitation.meeting_id == meeting.id)
        # the invitee's name stored with the invitation (``crm.search.copies``): the first
        # rows of the index ix_invitations_meeting_list, no join to sort
        .order_by(Invitation.sort_key, Invitation.id),
        "invitees_page",
        total=total,
        id_column=Invitation.id,
    )


def rsvp_counts(meeting: Meeting) -> dict[str, int]:
    """Return the number of invitees per answer (one grouped query)."""
    return dict(
        db.session.execute(
            sa.select(Invitation.rsvp, sa.func.count())
            .where(Invitation.meeting_id == meeting.id)
            .group_by(Invitation.rsvp)
        ).all()
    )


def by_token(token: str) -> Invitation | None:
    """Return the invitation of a personal link, with its meeting loaded."""
    if not token or len(token) > 64:
        return None
    return db.session.scalar(
        sa.select(Invitation)
        .options(
            joinedload(Invitation.contact),
            joinedload(Invitation.organisation),
            joinedload(Invitation.meeting).joinedload(Meeting.group),
            selectinload(Invitation.votes),
        )
        .where(Invitation.token == token)
    )


def manageable_groups(user) -> list[Group]:
    """Return the groups ``user`` may create meetings for."""
    stmt = sa.select(Group).where(Group.dissolved_on.is_(None)).order_by(Group.name)
    if user.role not in STAFF_ROLES:
        ids = managed_group_ids(user)
        if not ids:
            return []
        stmt = stmt.where(Group.id.in_(ids))
    return list(db.session.scalars(stmt))


def invitee_date(meeting: Meeting) -> date:
    """Return the day whose seats make the default invitee list (the meeting's, or today)."""
    if meeting.starts_at:
        return local_date(meeting.starts_at)
    if meeting.date_options:
        return local_date(meeting.date_options[0].starts_at)
    return today()


def seats_on(group: Group, on: date, roles) -> list[Seat]:
    """Return the group's seats current on ``on`` with the given roles."""
    return list(
        db.session.scalars(
            sa.select(Seat)
            .options(joinedload(Seat.contact), joinedload(Seat.organisation))
            .where(Seat.group_id == group.id, Seat.role.in_(list(roles)), active_on(Seat, on))
            .order_by(Seat.id)
        )
    )


def seat_holders_to_invite(meeting: Meeting, selected: int | None = None) -> list[tuple]:
    """Return the options of the invite picker: (contact id, "Last, First") of the group's
    seat holders not yet invited, by name, at most ``pickers.LIMIT`` of them (the type-ahead
    finds the rest), and ``selected`` (the posted id) when it is one of them."""
    # the invited are left out in SQL: the meeting page does not load every invitation
    invited = sa.select(Invitation.contact_id).where(Invitation.meeting_id == meeting.id)
    holders = sa.select(Seat.contact_id).where(
        Seat.group_id == meeting.group_id,
        # on the seat, so the invited are left out from the indexes before any person's
        # row is read (5,000 seats, all invited: 7.6 -> 1 ms)
        Seat.contact_id.not_in(invited),
    )
    pickable = (
        sa.select(Contact.id, Contact.last_name, Contact.first_name)
        .where(Contact.id.in_(holders), Contact.archived_at.is_(None))
        .order_by(Contact.sort_key, Contact.id)
    )
    options = pickers.choices(
        pickable,
        label=lambda row: ", ".join(p for p in (row.last_name, row.first_name) if p),
        blank="—",
        selected=selected,
        limit=pickers.LIMIT,
    )
    return options[1:]  # without the blank option: the form offers (0, "—") itself


def outbox_status(meeting: Meeting, invitations=None) -> dict[int, OutboxMail]:
    """Return the latest outbox mail per invitation of ``meeting`` (of ``invitations``, e.g.
    one page of them, if given; one query)."""
    ids = [i.id for i in (meeting.invitations if invitations is None else invitations)]
    if not ids:
        return {}
    rows = db.session.scalars(
        sa.select(OutboxMail).where(OutboxMail.invitation_id.in_(ids)).order_by(OutboxMail.id)
    )
    return {m.invitation_id: m for m in rows}
