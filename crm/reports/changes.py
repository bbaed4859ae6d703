"""Changes between two dates, for one group or the whole network (the annual report).

Read from the time-aware tables, not from the audit log: an organisation joined when its
membership starts in the period, left when its membership's last day falls in it; a seat
handed over (``crm.groups.operations.change_delegate``: the old seat ends the day before the
new one starts, same group, role and organisation) is one change "who replaced whom";
other seats that start or end in the period are shown as new or ended.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from crm.extensions import db
from crm.groups.models import Group, Membership, Seat

#: rows a page shows per section (the XLSX file has every row)
PAGE_ROWS = 200
#: seats read for the pairing at most (a network's years of changes stay far below)
MAX_SEATS = 20000


@dataclass(frozen=True)
class SeatChange:
    """A seat that changed hands, began or ended on ``day``."""

    day: date
    group: Group
    role_label: str
    organisation: object | None
    #: the person who held the seat before (None: a new seat)
    old: object | None
    #: the person who holds it from ``day`` on (None: the seat ended)
    new: object | None

    @property
    def kind(self) -> str:
        """Return "change", "new" or "ended"."""
        if self.old is not None and self.new is not None:
            return "change"
        return "new" if self.new is not None else "ended"


def _in_group(stmt: sa.Select, model, group_id: int | None) -> sa.Select:
    return stmt.where(model.group_id == group_id) if group_id else stmt


def _memberships(column, start: date, end: date, group_id: int | None) -> sa.Select:
    stmt = (
        sa.select(Membership)
        .join(Group, Group.id == Membership.group_id)
        .options(joinedload(Membership.organisation), joinedload(Membership.group))
        .where(column.between(start, end))
        .order_by(column, Group.name, Membership.id)
    )
    return _in_group(stmt, Membership, group_id)


def joined(start: date, end: date, group_id: int | None = None) -> sa.Select:
    """Return the SELECT of memberships that start in the period (organisations joined)."""
    return _memberships(Membership.starts_on, start, end, group_id)


def left(start: date, end: date, group_id: int | None = None) -> sa.Select:
    """Return the SELECT of memberships whose last day is in the period (organisations left)."""
    return _memberships(Membership.ends_on, start, end, group_id)


def first_rows(stmt: sa.Select, limit: int = PAGE_ROWS) -> tuple[list, int]:
    """Return the first ``limit`` rows of ``stmt`` and how many there are in all."""
    total = db.session.scalar(
        sa.select(sa.func.count()).select_from(stmt.order_by(None).subquery())
    )
    return list(db.session.scalars(stmt.limit(limit))), total or 0


def seat_changes(start: date, end: date, group_id: int | None = None) -> list[SeatChange]:
    """Return the seat changes of the period in date order (two queries at most)."""
    stmt = (
        sa.select(Seat)
        .options(joinedload(Seat.contact), joinedload(Seat.group), joinedload(Seat.organisation))
        .where(
            sa.or_(
                Seat.starts_on.between(start, end),
                # a seat ending the day before the period hands over on its first day
                Seat.ends_on.between(start - timedelta(days=1), end),
            )
        )
        .order_by(Seat.id)
        .limit(MAX_SEATS)
    )
    seats = list(db.session.scalars(_in_group(stmt, Seat, group_id)))
    ended: dict[tuple, list[Seat]] = defaultdict(list)
    for seat in seats:
        if seat.ends_on is not None:
            ended[(seat.group_id, seat.role, seat.organisation_id, seat.ends_on)].append(seat)
    paired: set[int] = set()
    changes = []
    for seat in seats:
        if not start <= seat.starts_on <= end:
            continue
        key = (seat.group_id, seat.role, seat.organisation_id, seat.starts_on - timedelta(days=1))
        before = next((s for s in ended.get(key, []) if s.id not in paired), None)
        if before is not None:
            paired.add(before.id)
        changes.append(_change(seat.starts_on, seat, before.contact if before else None, seat))
    for seat in seats:
        if seat.id in paired or seat.ends_on is None or not start <= seat.ends_on <= end:
            continue
        changes.append(_change(seat.ends_on, seat, seat.contact, None))
    changes.sort(key=lambda c: (c.day, c.group.name.casefold(), c.role_label))
    return changes


def _change(day: date, seat: Seat, old, new_seat: Seat | None) -> SeatChange:
    return SeatChange(
        day=day,
        group=seat.group,
        role_label=seat.role_label,
        organisation=seat.organisation,
        old=old,
        new=new_seat.contact if new_seat is not None else None,
    )
