"""Queries and rules for groups, memberships and seats."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from crm.db import active_on
from crm.extensions import db
from crm.groups.models import Group, Membership, Seat
from crm.meetings.models import Meeting

SEAT_ORDER = sa.case(
    {
        "lead": 0,
        "deputy_lead": 1,
        "delegate": 2,
        "deputy_delegate": 3,
        "guest": 4,
        "secretariat": 5,
    },
    value=Seat.role,
    else_=9,
)


def list_with_counts(kind: str | None = None, on: date | None = None) -> list[tuple]:
    """Return ``(group, member organisations, people)`` rows as of ``on``, in three queries."""
    on = on or date.today()
    orgs = (
        sa.select(Membership.group_id, sa.func.count().label("n"))
        .where(active_on(Membership, on))
        .group_by(Membership.group_id)
        .subquery()
    )
    people = (
        sa.select(Seat.group_id, sa.func.count(sa.distinct(Seat.contact_id)).label("n"))
        .where(active_on(Seat, on))
        .group_by(Seat.group_id)
        .subquery()
    )
    stmt = (
        sa.select(Group, sa.func.coalesce(orgs.c.n, 0), sa.func.coalesce(people.c.n, 0))
        .outerjoin(orgs, orgs.c.group_id == Group.id)
        .outerjoin(people, people.c.group_id == Group.id)
        .order_by(Group.kind.desc(), Group.name)
    )
    if kind:
        stmt = stmt.where(Group.kind == kind)
    return list(db.session.execute(stmt).all())


def memberships_on(group: Group, on: date) -> list[Membership]:
    """Return the group's member organisations on ``on``."""
    return list(
        db.session.scalars(
            sa.select(Membership)
            .options(joinedload(Membership.organisation))
            .where(Membership.group_id == group.id, active_on(Membership, on))
            .order_by(Membership.role != "lead", Membership.id)
        )
    )


def seats_on(group: Group, on: date) -> list[Seat]:
    """Return the group's seats on ``on``, leads first."""
    return list(
        db.session.scalars(
            sa.select(Seat)
            .options(joinedload(Seat.contact), joinedload(Seat.organisation))
            .where(Seat.group_id == group.id, active_on(Seat, on))
            .order_by(SEAT_ORDER, Seat.id)
        )
    )


def meetings(group: Group) -> list[Meeting]:
    """Return the group's meetings, newest first."""
    return list(
        db.session.scalars(
            sa.select(Meeting)
            .where(Meeting.group_id == group.id)
            .order_by(Meeting.starts_at.desc().nulls_first())
        )
    )
