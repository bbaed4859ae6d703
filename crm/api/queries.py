"""What the API lists beyond the UI's list queries: memberships and seats across groups."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from crm.db import active_on
from crm.groups.models import Group, Membership, Seat
from crm.organisations.models import Organisation
from crm.time import today


def memberships_query(on: date | None = None, **filters) -> sa.Select:
    """Return the memberships current on ``on`` (today), filtered by group and organisation."""
    stmt = (
        sa.select(Membership)
        .join(Membership.organisation)
        .join(Membership.group)
        .options(joinedload(Membership.organisation))
        .where(active_on(Membership, on or today()))
    )
    return _filtered(stmt, Membership, **filters)


def seats_query(on: date | None = None, **filters) -> sa.Select:
    """Return the seats current on ``on`` (today); ``kind``/``state`` of the represented org."""
    stmt = (
        sa.select(Seat)
        .join(Seat.group)
        .outerjoin(Seat.organisation)
        .options(joinedload(Seat.contact), joinedload(Seat.organisation))
        .where(active_on(Seat, on or today()))
    )
    return _filtered(stmt, Seat, **filters)


def _filtered(
    stmt: sa.Select,
    model,
    group_id: int | None = None,
    group_kind: str | None = None,
    role: str | None = None,
    kind: str | None = None,
    state: str | None = None,
) -> sa.Select:
    """Filter by the group (id, kind), the role and the organisation's kind and state."""
    if group_id:
        stmt = stmt.where(model.group_id == group_id)
    if group_kind:
        stmt = stmt.where(Group.kind == group_kind)
    if role:
        stmt = stmt.where(model.role == role)
    if kind:
        stmt = stmt.where(Organisation.kind == kind)
    if state:
        stmt = stmt.where(Organisation.state == state)
    return stmt
