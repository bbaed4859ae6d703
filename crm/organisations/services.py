"""Queries and rules for organisations."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from crm.contacts.models import Affiliation
from crm.db import active_on
from crm.extensions import db
from crm.groups.models import Membership, Seat
from crm.organisations.models import Organisation
from crm.search.normalize import search_terms


def list_query(
    q: str | None = None, kind: str | None = None, state: str | None = None, archived: bool = False
) -> sa.Select:
    """Return the SELECT for the organisation list with search and filters applied."""
    stmt = sa.select(Organisation).options(joinedload(Organisation.parent))
    stmt = stmt.where(
        Organisation.archived_at.is_not(None) if archived else Organisation.not_archived()
    )
    for term in search_terms(q):
        stmt = stmt.where(Organisation.search_text.contains(term, autoescape=True))
    if kind:
        stmt = stmt.where(Organisation.kind == kind)
    if state:
        stmt = stmt.where(Organisation.state == state)
    return stmt


def detail(org_id: int) -> Organisation | None:
    """Return an organisation with its parent, children and tags loaded."""
    return db.session.scalar(
        sa.select(Organisation)
        .options(
            joinedload(Organisation.parent),
            selectinload(Organisation.children),
            selectinload(Organisation.tags),
        )
        .where(Organisation.id == org_id)
    )


def affiliations(org: Organisation) -> list[Affiliation]:
    """Return the organisation's affiliations (current first), with their people."""
    return list(
        db.session.scalars(
            sa.select(Affiliation)
            .options(joinedload(Affiliation.contact))
            .where(Affiliation.organisation_id == org.id)
            .order_by(Affiliation.ends_on.is_not(None), Affiliation.ends_on.desc(), Affiliation.id)
        )
    )


def memberships(org: Organisation) -> list[Membership]:
    """Return the organisation's group memberships, current and ended."""
    return list(
        db.session.scalars(
            sa.select(Membership)
            .options(joinedload(Membership.group))
            .where(Membership.organisation_id == org.id)
            .order_by(Membership.ends_on.is_not(None), Membership.starts_on.desc())
        )
    )


def seats(org: Organisation, on: date | None = None) -> list[Seat]:
    """Return the seats held on behalf of the organisation on ``on`` (default today)."""
    on = on or date.today()
    return list(
        db.session.scalars(
            sa.select(Seat)
            .options(joinedload(Seat.contact), joinedload(Seat.group))
            .where(Seat.organisation_id == org.id, active_on(Seat, on))
            .order_by(Seat.group_id, Seat.role)
        )
    )
