"""What changes groups, memberships and seats: each function checks the rules, writes, audits.

Edits of existing rows take the ``version`` (and newest audit event) the form was based on
and refuse a stale save with ``StaleEdit`` (``crm.audit.conflicts``). Nothing is committed
here: the view commits, or rolls back on a ``RuleError``.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from crm.audit import services as audit
from crm.audit.conflicts import check_version
from crm.contacts.models import Contact
from crm.extensions import db
from crm.groups.models import KINDS, Group, Membership, Seat
from crm.groups.rules import (
    GroupError,
    check_code,
    check_deletable,
    check_membership,
    check_period,
    check_represents,
    check_seat,
    clean,
    fmt,
    seat_warnings,
)
from crm.organisations.models import Organisation

# ---------------------------------------------------------------------------------------
# groups
# ---------------------------------------------------------------------------------------


def _set_group_data(
    group: Group,
    *,
    kind: str,
    name: str,
    short_name: str | None = None,
    description: str | None = None,
    founded_on: date | None = None,
    parent: Group | None = None,
) -> None:
    check_code(kind, KINDS, "kind")
    stmt = sa.select(Group.id).where(sa.func.lower(Group.name) == name.strip().lower())
    if group.id is not None:
        stmt = stmt.where(Group.id != group.id)
    if db.session.scalar(stmt) is not None:
        raise GroupError(_l("Ein Gremium mit diesem Namen gibt es bereits."), "name")
    if parent is not None and parent.id == group.id:
        raise GroupError(_l("Ein Gremium kann nicht sich selbst übergeordnet sein."), "parent")
    if founded_on and group.dissolved_on and group.dissolved_on < founded_on:
        raise GroupError(_l("Die Gründung liegt nach der Auflösung."), "founded_on")
    group.kind = kind
    group.name = name.strip()
    group.short_name = clean(short_name)
    group.description = clean(description)
    group.founded_on = founded_on
    group.parent = parent


def create_group(**values: Any) -> Group:
    """Return a new group (added to the session, audited) from kind, names, dates, parent."""
    group = Group()
    _set_group_data(group, **values)
    db.session.add(group)
    audit.record_create(group, summary=group.name)
    return group


def update_group(
    group: Group, version: int | None, seen_event: int | None = None, **values: Any
) -> Group:
    """Return ``group`` with its own data changed (kind, names, description, founding, parent)."""
    check_version(group, version, seen_event)
    before = audit.snapshot(group)
    _set_group_data(group, **values)
    audit.record_update(group, before, summary=group.name)
    return group


def dissolve_group(
    group: Group, on: date, version: int | None, seen_event: int | None = None
) -> tuple[int, int]:
    """Return ``(memberships ended, seats ended)`` after dissolving ``group`` on ``on``.

    ``on`` is the group's last day; memberships and seats running past it get
    ``ends_on = on``, and their history stays.
    """
    check_version(group, version, seen_event)
    if group.dissolved_on is not None:
        raise GroupError(
            _l("Das Gremium ist bereits seit %(d)s aufgelöst.", d=fmt(group.dissolved_on)), "on"
        )
    if group.founded_on and on < group.founded_on:
        raise GroupError(_l("Die Auflösung liegt vor der Gründung."), "on")
    before = audit.snapshot(group)
    group.dissolved_on = on
    audit.record_update(
        group, before, summary=audit.Message(audit.N_("aufgelöst: %(name)s"), name=group.name)
    )
    ended = [0, 0]
    for i, model in enumerate((Membership, Seat)):
        rows = db.session.scalars(
            sa.select(model).where(
                model.group_id == group.id,
                sa.or_(model.ends_on.is_(None), model.ends_on > on),
            )
        )
        for row in rows:
            # a period that would only begin after the dissolution ends on its first day
            _end(row, max(on, row.starts_on), audit.Message(audit.N_("Gremium aufgelöst")))
            ended[i] += 1
    return ended[0], ended[1]


def _add(row: Membership | Seat, text: str, **names: str) -> None:
    """Add a new membership or seat and audit it: ``text`` names who joined which group as what."""
    db.session.add(row)
    summary = audit.Message(text, group=row.group.name, role=row.role, **names)
    audit.record_create(row, summary=summary)


def _end(row: Membership | Seat, ends_on: date, summary: audit.Message) -> None:
    before = audit.snapshot(row)
    row.ends_on = ends_on
    audit.record_update(row, before, summary=summary)


def _correct(row: Membership | Seat, summary: str | audit.Message, **values: Any) -> None:
    before = audit.snapshot(row)
    for name, value in values.items():
        setattr(row, name, value)
    audit.record_update(row, before, summary=summary)


# ---------------------------------------------------------------------------------------
# memberships
# ---------------------------------------------------------------------------------------


def add_membership(
    group: Group,
    organisation: Organisation,
    *,
    role: str = "member",
    starts_on: date,
    ends_on: date | None = None,
    notes: str | None = None,
) -> Membership:
    """Return a new membership of ``organisation`` in ``group`` (no overlap allowed)."""
    check_membership(group, organisation, role, starts_on, ends_on)
    membership = Membership(
        group=group,
        organisation=organisation,
        role=role,
        starts_on=starts_on,
        ends_on=ends_on,
        notes=clean(notes),
    )
    _add(
        membership,
        audit.N_("%(organisation)s → %(group)s (%(role)s)"),
        organisation=organisation.name,
    )
    return membership


def update_membership(
    membership: Membership,
    version: int | None,
    seen_event: int | None = None,
    *,
    role: str,
    starts_on: date,
    ends_on: date | None,
    notes: str | None = None,
) -> Membership:
    """Return ``membership`` with its role, period or notes corrected (rules as when adding)."""
    check_version(membership, version, seen_event)
    check_membership(
        membership.group, membership.organisation, role, starts_on, ends_on, exclude=membership
    )
    _correct(
        membership,
        membership.organisation.name,
        role=role,
        starts_on=starts_on,
        ends_on=ends_on,
        notes=clean(notes),
    )
    return membership


def end_membership(
    membership: Membership, ends_on: date, version: int | None, seen_event: int | None = None
) -> Membership:
    """Return ``membership`` ended on ``ends_on`` (its last day, inclusive); the row is kept."""
    check_version(membership, version, seen_event)
    check_period(membership.starts_on, ends_on)
    summary = audit.Message(
        audit.N_("Mitgliedschaft beendet: %(org)s"), org=membership.organisation.name
    )
    _end(membership, ends_on, summary)
    return membership


# ---------------------------------------------------------------------------------------
# seats
# ---------------------------------------------------------------------------------------


def add_seat(
    group: Group,
    contact: Contact,
    *,
    role: str = "delegate",
    organisation: Organisation | None = None,
    starts_on: date,
    ends_on: date | None = None,
    notes: str | None = None,
) -> tuple[Seat, list[str]]:
    """Return a new seat and warnings (the represented organisation is not a member then)."""
    check_seat(group, contact, role, starts_on, ends_on)
    check_represents(role, organisation)
    seat = Seat(
        group=group,
        contact=contact,
        role=role,
        organisation=organisation,
        starts_on=starts_on,
        ends_on=ends_on,
        notes=clean(notes),
    )
    _add(seat, audit.N_("%(person)s → %(group)s (%(role)s)"), person=contact.full_name)
    return seat, seat_warnings(seat)


def update_seat(
    seat: Seat,
    version: int | None,
    seen_event: int | None = None,
    *,
    role: str,
    organisation: Organisation | None,
    starts_on: date,
    ends_on: date | None,
    notes: str | None = None,
) -> list[str]:
    """Return warnings after correcting a seat's role, organisation, period or notes."""
    check_version(seat, version, seen_event)
    check_seat(seat.group, seat.contact, role, starts_on, ends_on, exclude=seat)
    check_represents(role, organisation)
    _correct(
        seat,
        seat.contact.full_name,
        role=role,
        organisation=organisation,
        starts_on=starts_on,
        ends_on=ends_on,
        notes=clean(notes),
    )
    return seat_warnings(seat)


def end_seat(seat: Seat, ends_on: date, version: int | None, seen_event: int | None = None) -> Seat:
    """Return ``seat`` ended on ``ends_on`` (its last day, inclusive); the row is kept."""
    check_version(seat, version, seen_event)
    check_period(seat.starts_on, ends_on)
    _end(
        seat,
        ends_on,
        audit.Message(audit.N_("Mandat beendet: %(name)s"), name=seat.contact.full_name),
    )
    return seat


def delete_seat(seat: Seat, version: int | None, seen_event: int | None = None) -> None:
    """Delete a seat entered by mistake (only within 24 hours of its creation), audited with
    every value it had; older seats are ended instead, so the history stays true."""
    check_version(seat, version, seen_event)
    check_deletable(seat)
    values = {k: [v, None] for k, v in audit.snapshot(seat).items() if v not in (None, "")}
    audit.record(
        "delete",
        seat.__tablename__,
        seat.id,
        summary=audit.Message(
            audit.N_("Mandat gelöscht (versehentlich angelegt): %(name)s → %(group)s"),
            name=seat.contact.full_name,
            group=seat.group.name,
        ),
        changes=values,
    )
    db.session.delete(seat)


def change_delegate(
    seat: Seat,
    new_contact: Contact,
    change_on: date,
    version: int | None,
    seen_event: int | None = None,
    notes: str | None = None,
) -> tuple[Seat, list[str]]:
    """Return the new seat and warnings after handing ``seat`` to ``new_contact`` on ``change_on``.

    One action, two rows: the old seat ends on the day BEFORE ``change_on`` (``ends_on`` is
    inclusive) and a new seat with the same role and represented organisation starts ON
    ``change_on``. So the group "as of" ``change_on - 1`` shows the old person and "as of"
    ``change_on`` shows the new one, never both and never neither. A planned end of the old
    seat after ``change_on`` carries over to the new seat.
    """
    check_version(seat, version, seen_event)
    if new_contact.id == seat.contact_id:
        raise GroupError(_l("Bitte eine andere Person als die bisherige wählen."), "contact")
    if change_on <= seat.starts_on:
        raise GroupError(
            _l(
                "Der Wechsel muss nach dem Beginn des bisherigen Mandats (%(d)s) liegen.",
                d=fmt(seat.starts_on),
            ),
            "change_on",
        )
    if seat.ends_on is not None and seat.ends_on < change_on:
        raise GroupError(
            _l("Das bisherige Mandat endete bereits am %(d)s.", d=fmt(seat.ends_on)), "change_on"
        )
    planned_end = seat.ends_on
    # the new seat obeys every seat rule (its period is valid by the checks above)
    check_seat(seat.group, new_contact, seat.role, change_on, planned_end)
    summary = audit.Message(
        audit.N_("Wechsel: %(old)s → %(new)s"),
        old=seat.contact.full_name,
        new=new_contact.full_name,
    )
    _end(seat, change_on - timedelta(days=1), summary)
    new_seat = Seat(
        group=seat.group,
        contact=new_contact,
        role=seat.role,
        organisation=seat.organisation,
        starts_on=change_on,
        ends_on=planned_end,
        notes=clean(notes),
    )
    db.session.add(new_seat)
    audit.record_create(new_seat, summary=summary)
    return new_seat, seat_warnings(new_seat)
