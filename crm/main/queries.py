"""What the dashboard reads: figures per group kind and state, the next meetings."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from crm import aggregates
from crm.contacts.models import Contact
from crm.db import active_on
from crm.extensions import db
from crm.groups.models import KIND_PLURALS, Group, Membership, Seat
from crm.meetings.models import Meeting
from crm.organisations.models import STATES, Organisation
from crm.time import today, utcnow


def dashboard_figures(on: date | None = None) -> dict:
    """Return the dashboard's counts: groups per kind, organisations per state, totals.

    The counts over every organisation, person and seat are read again only after one of
    their tables was written (``crm.aggregates``): a view costs the stamps' query.
    """
    on = on or today()
    counts = aggregates.cached(
        db.session, "dashboard_figures", FIGURE_TABLES, lambda: _counts(on), on
    )
    return {
        "groups_by_kind": [
            (k, label, counts["groups_by_kind"].get(k, 0)) for k, label in KIND_PLURALS.items()
        ],
        "orgs_by_state": [
            (k, STATES[k], n)
            for k, n in sorted(counts["orgs_by_state"].items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        "organisations": counts["organisations"],
        "contacts": counts["contacts"],
        "seats": counts["seats"],
    }


#: the tables the dashboard's counts read
FIGURE_TABLES = ("contacts", "groups", "memberships", "organisations", "seats")


def _counts(on: date) -> dict:
    groups_by_kind = dict(
        db.session.execute(
            sa.select(Group.kind, sa.func.count())
            .where(sa.or_(Group.dissolved_on.is_(None), Group.dissolved_on >= on))
            .group_by(Group.kind)
        ).all()
    )
    member_orgs = sa.select(Membership.organisation_id).where(active_on(Membership, on))
    orgs_by_state = dict(
        db.session.execute(
            sa.select(Organisation.state, sa.func.count())
            .where(Organisation.not_archived(), Organisation.id.in_(member_orgs))
            .group_by(Organisation.state)
        ).all()
    )
    return {
        "groups_by_kind": groups_by_kind,
        "orgs_by_state": orgs_by_state,
        "organisations": db.session.scalar(
            sa.select(sa.func.count()).select_from(Organisation).where(Organisation.not_archived())
        ),
        "contacts": db.session.scalar(
            sa.select(sa.func.count()).select_from(Contact).where(Contact.not_archived())
        ),
        "seats": db.session.scalar(
            sa.select(sa.func.count()).select_from(Seat).where(active_on(Seat, on))
        ),
    }


def upcoming_meetings(limit: int = 8) -> list[Meeting]:
    """Return the next scheduled or polling meetings, soonest first, with their groups."""
    now = utcnow()
    return list(
        db.session.scalars(
            sa.select(Meeting)
            .options(sa.orm.joinedload(Meeting.group))
            .where(
                Meeting.status.in_(("scheduled", "polling")),
                sa.or_(Meeting.starts_at >= now, Meeting.starts_at.is_(None)),
            )
            .order_by(Meeting.starts_at.is_(None), Meeting.starts_at)
            .limit(limit)
        )
    )
