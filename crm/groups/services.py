"""Queries and rules for groups, memberships and seats.

Every period is ``starts_on`` .. ``ends_on`` with both days included (``crm.db.active_on``);
an open end (``None``) means "until further notice". Memberships and seats are never
deleted: they get an end date, so the composition of a group on any past day can be shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from crm.audit import services as audit
from crm.contacts.models import Contact
from crm.db import active_on
from crm.extensions import db
from crm.groups.models import KINDS, MEMBERSHIP_ROLES, SEAT_ROLES, Group, Membership, Seat
from crm.meetings.models import Meeting
from crm.organisations.models import Organisation
from crm.search.normalize import normalize, search_terms
from crm.time import today

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


class GroupError(ValueError):
    """A rule about groups, memberships or seats was broken; the message is shown to the user.

    ``field`` names the form field the message belongs beside (None: shown above the form).
    """

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class StaleError(GroupError):
    """Someone else saved the row since the form was loaded (optimistic locking)."""


# ---------------------------------------------------------------------------------------
# reading
# ---------------------------------------------------------------------------------------


def _group_ids_matching(q: str | None) -> list[int] | None:
    """Return ids of groups whose name or short name contains every search word, or None.

    Groups are few (dozens), so they are matched with the one normaliser in Python rather
    than through a stored search column.
    """
    terms = search_terms(q)
    if not terms:
        return None
    rows = db.session.execute(sa.select(Group.id, Group.name, Group.short_name)).all()
    return [
        gid
        for gid, name, short in rows
        if all(t in normalize(f"{name} {short or ''}") for t in terms)
    ]


def list_query(
    kind: str | None = None, q: str | None = None, on: date | None = None, dissolved: bool = False
) -> sa.Select:
    """Return the SELECT of ``(group, member organisations, people)`` rows as of ``on``.

    Without ``dissolved`` only groups active on ``on`` are listed.
    """
    on = on or today()
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
    n_orgs = sa.func.coalesce(orgs.c.n, 0).label("n_orgs")
    n_people = sa.func.coalesce(people.c.n, 0).label("n_people")
    stmt = (
        sa.select(Group, n_orgs, n_people)
        .outerjoin(orgs, orgs.c.group_id == Group.id)
        .outerjoin(people, people.c.group_id == Group.id)
    )
    if kind in KINDS:
        stmt = stmt.where(Group.kind == kind)
    if not dissolved:
        stmt = stmt.where(sa.or_(Group.dissolved_on.is_(None), Group.dissolved_on >= on))
    ids = _group_ids_matching(q)
    if ids is not None:
        stmt = stmt.where(Group.id.in_(ids))
    return stmt


def leads_of(group_ids: list[int], on: date | None = None) -> dict[int, list[Seat]]:
    """Return ``{group id: [lead seats]}`` as of ``on``, in one query."""
    on = on or today()
    result: dict[int, list[Seat]] = {gid: [] for gid in group_ids}
    if not group_ids:
        return result
    seats = db.session.scalars(
        sa.select(Seat)
        .options(joinedload(Seat.contact))
        .where(Seat.group_id.in_(group_ids), Seat.role == "lead", active_on(Seat, on))
        .order_by(Seat.starts_on)
    )
    for seat in seats:
        result[seat.group_id].append(seat)
    return result


def next_meetings(group_ids: list[int], now: datetime | None = None) -> dict[int, Meeting]:
    """Return ``{group id: the next meeting not cancelled}``, in one query."""
    now = now or datetime.now(UTC)
    if not group_ids:
        return {}
    first = (
        sa.select(Meeting.group_id, sa.func.min(Meeting.starts_at).label("starts_at"))
        .where(
            Meeting.group_id.in_(group_ids),
            Meeting.starts_at >= now,
            Meeting.status != "cancelled",
        )
        .group_by(Meeting.group_id)
        .subquery()
    )
    meetings = db.session.scalars(
        sa.select(Meeting)
        .join(
            first,
            sa.and_(first.c.group_id == Meeting.group_id, first.c.starts_at == Meeting.starts_at),
        )
        .where(Meeting.status != "cancelled")
        .order_by(Meeting.id)
    )
    result: dict[int, Meeting] = {}
    for meeting in meetings:
        result.setdefault(meeting.group_id, meeting)
    return result


def memberships_on(group: Group, on: date) -> list[Membership]:
    """Return the group's member organisations on ``on``."""
    return list(
        db.session.scalars(
            sa.select(Membership)
            .options(joinedload(Membership.organisation))
            .join(Membership.organisation)
            .where(Membership.group_id == group.id, active_on(Membership, on))
            .order_by(Membership.role != "lead", Organisation.name, Membership.id)
        )
    )


def seats_on(group: Group, on: date) -> list[Seat]:
    """Return the group's seats on ``on``, leads first."""
    return list(
        db.session.scalars(
            sa.select(Seat)
            .options(joinedload(Seat.contact), joinedload(Seat.organisation))
            .join(Seat.contact)
            .where(Seat.group_id == group.id, active_on(Seat, on))
            .order_by(SEAT_ORDER, Contact.last_name, Seat.id)
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


@dataclass
class HistoryEntry:
    """One join or leave in a group's history."""

    on: date
    #: "join" or "leave"
    event: str
    #: the Membership or Seat
    row: Any

    @property
    def is_membership(self) -> bool:
        return isinstance(self.row, Membership)


def history(group: Group) -> list[HistoryEntry]:
    """Return the group's joins and leaves (memberships and seats), newest first, in 2 queries.

    A leave is listed on the period's last day (``ends_on``, inclusive).
    """
    rows: list[Any] = list(
        db.session.scalars(
            sa.select(Membership)
            .options(joinedload(Membership.organisation))
            .where(Membership.group_id == group.id)
        )
    )
    rows += list(
        db.session.scalars(
            sa.select(Seat)
            .options(joinedload(Seat.contact), joinedload(Seat.organisation))
            .where(Seat.group_id == group.id)
        )
    )
    entries = [HistoryEntry(r.starts_on, "join", r) for r in rows]
    entries += [HistoryEntry(r.ends_on, "leave", r) for r in rows if r.ends_on]
    # same day: leaves before joins (a change of delegate reads "A left, B joined")
    entries.sort(key=lambda e: (e.on, e.event == "join", e.row.id), reverse=True)
    return entries


def organisation_groups(org: Organisation, on: date | None = None) -> dict[str, list]:
    """Return an organisation's memberships (all, current first) and the seats held for it.

    ``{"memberships": [...], "seats": [...]}``; seats are those current on ``on`` (default
    today) on behalf of the organisation, i.e. its delegates. Two queries.
    """
    on = on or today()
    memberships = list(
        db.session.scalars(
            sa.select(Membership)
            .options(joinedload(Membership.group))
            .where(Membership.organisation_id == org.id)
            .order_by(
                sa.not_(active_on(Membership, on)), Membership.starts_on.desc(), Membership.id
            )
        )
    )
    seats = list(
        db.session.scalars(
            sa.select(Seat)
            .options(joinedload(Seat.contact), joinedload(Seat.group))
            .where(Seat.organisation_id == org.id, active_on(Seat, on))
            .order_by(Seat.group_id, SEAT_ORDER, Seat.id)
        )
    )
    return {"memberships": memberships, "seats": seats, "on": on}


def contact_seats(contact: Contact, on: date | None = None) -> dict[str, Any]:
    """Return a person's seats over time (current first, then newest) in one query."""
    on = on or today()
    seats = list(
        db.session.scalars(
            sa.select(Seat)
            .options(joinedload(Seat.group), joinedload(Seat.organisation))
            .where(Seat.contact_id == contact.id)
            .order_by(sa.not_(active_on(Seat, on)), Seat.starts_on.desc(), Seat.id)
        )
    )
    return {"seats": seats, "on": on}


def is_member_on(group: Group, organisation: Organisation, on: date) -> bool:
    """Return whether ``organisation`` is a member of ``group`` on ``on``."""
    return bool(
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Membership)
            .where(
                Membership.group_id == group.id,
                Membership.organisation_id == organisation.id,
                active_on(Membership, on),
            )
        )
    )


# ---------------------------------------------------------------------------------------
# rules
# ---------------------------------------------------------------------------------------


def check_version(obj, version: int | None) -> None:
    """Raise ``StaleError`` unless the form was loaded from ``obj``'s current version."""
    # a missing or garbled version is refused too: it cannot prove the form saw this state
    if obj.version != version:
        raise StaleError(
            _(
                "Dieser Eintrag wurde inzwischen von jemand anderem geändert. Bitte prüfen Sie "
                "die aktuelle Fassung unten und speichern Sie dann erneut."
            )
        )


def _check_period(starts_on: date | None, ends_on: date | None, end_field: str = "ends_on"):
    if starts_on is None:
        raise GroupError(_("Bitte Beginn angeben."), "starts_on")
    if ends_on is not None and ends_on < starts_on:
        raise GroupError(
            _(
                "Das Ende (%(end)s) liegt vor dem Beginn (%(start)s).",
                end=_d(ends_on),
                start=_d(starts_on),
            ),
            end_field,
        )


def _d(value: date) -> str:
    return value.strftime("%d.%m.%Y")


def _overlaps(s1: date, e1: date | None, s2: date, e2: date | None) -> bool:
    return s1 <= (e2 or date.max) and s2 <= (e1 or date.max)


def _check_group_open(group: Group, starts_on: date) -> None:
    if group.dissolved_on is not None and starts_on > group.dissolved_on:
        raise GroupError(
            _(
                "Das Gremium wurde am %(d)s aufgelöst; nach diesem Tag kann niemand mehr beginnen.",
                d=_d(group.dissolved_on),
            ),
            "starts_on",
        )


def _check_membership_overlap(
    group: Group, organisation: Organisation, starts_on: date, ends_on: date | None, exclude=None
) -> None:
    others = db.session.scalars(
        sa.select(Membership).where(
            Membership.group_id == group.id,
            Membership.organisation_id == organisation.id,
            Membership.id != (exclude.id if exclude is not None else -1),
        )
    )
    for other in others:
        if _overlaps(starts_on, ends_on, other.starts_on, other.ends_on):
            until = _d(other.ends_on) if other.ends_on else _("heute")
            raise GroupError(
                _(
                    "%(org)s ist in diesem Zeitraum bereits Mitglied (%(start)s – %(end)s). "
                    "Eine Organisation kann nicht zweimal gleichzeitig Mitglied sein.",
                    org=organisation.name,
                    start=_d(other.starts_on),
                    end=until,
                ),
                "starts_on",
            )


def _check_seat_overlap(
    group: Group, contact: Contact, role: str, starts_on: date, ends_on: date | None, exclude=None
) -> None:
    others = db.session.scalars(
        sa.select(Seat).where(
            Seat.group_id == group.id,
            Seat.contact_id == contact.id,
            Seat.role == role,
            Seat.id != (exclude.id if exclude is not None else -1),
        )
    )
    for other in others:
        if _overlaps(starts_on, ends_on, other.starts_on, other.ends_on):
            raise GroupError(
                _(
                    "%(name)s hat in diesem Zeitraum bereits ein Mandat als %(role)s "
                    "(seit %(start)s).",
                    name=contact.full_name,
                    role=str(SEAT_ROLES[role]),
                    start=_d(other.starts_on),
                ),
                "starts_on",
            )


def seat_warnings(seat: Seat) -> list[str]:
    """Return warnings (not refusals) about a seat: its organisation is not a member then."""
    if seat.organisation is None:
        return []
    if is_member_on(seat.group, seat.organisation, seat.starts_on):
        return []
    return [
        _(
            "Hinweis: %(org)s ist am %(d)s nicht Mitglied von %(group)s. Das Mandat wurde "
            "trotzdem gespeichert.",
            org=seat.organisation.name,
            d=_d(seat.starts_on),
            group=seat.group.name,
        )
    ]


# ---------------------------------------------------------------------------------------
# groups
# ---------------------------------------------------------------------------------------


def _check_group_name(name: str, exclude: Group | None = None) -> None:
    stmt = sa.select(Group.id).where(sa.func.lower(Group.name) == name.strip().lower())
    if exclude is not None:
        stmt = stmt.where(Group.id != exclude.id)
    if db.session.scalar(stmt) is not None:
        raise GroupError(_("Ein Gremium mit diesem Namen gibt es bereits."), "name")


def create_group(
    *,
    kind: str,
    name: str,
    short_name: str | None = None,
    description: str | None = None,
    founded_on: date | None = None,
    parent: Group | None = None,
) -> Group:
    """Return a new group (added to the session, audited)."""
    if kind not in KINDS:
        raise GroupError(_("Unbekannte Art."), "kind")
    _check_group_name(name)
    group = Group(
        kind=kind,
        name=name.strip(),
        short_name=(short_name or "").strip() or None,
        description=(description or "").strip() or None,
        founded_on=founded_on,
        parent=parent,
    )
    db.session.add(group)
    audit.record_create(group, summary=group.name)
    return group


def update_group(group: Group, version: int | None, **values: Any) -> Group:
    """Change a group's own data (kind, names, description, founding date, parent)."""
    check_version(group, version)
    before = audit.snapshot(group)
    if values.get("kind") not in KINDS:
        raise GroupError(_("Unbekannte Art."), "kind")
    _check_group_name(values["name"], exclude=group)
    parent = values.get("parent")
    if parent is not None and parent.id == group.id:
        raise GroupError(_("Ein Gremium kann nicht sich selbst übergeordnet sein."), "parent")
    founded_on = values.get("founded_on")
    if founded_on and group.dissolved_on and group.dissolved_on < founded_on:
        raise GroupError(_("Die Gründung liegt nach der Auflösung."), "founded_on")
    group.kind = values["kind"]
    group.name = values["name"].strip()
    group.short_name = (values.get("short_name") or "").strip() or None
    group.description = (values.get("description") or "").strip() or None
    group.founded_on = founded_on
    group.parent = parent
    audit.record_update(group, before, summary=group.name)
    return group


def dissolve_group(group: Group, on: date, version: int | None) -> tuple[int, int]:
    """Dissolve ``group`` on ``on`` (its last day) and end what is still open then.

    Memberships and seats running past ``on`` get ``ends_on = on``; their history stays.
    Returns ``(memberships ended, seats ended)``.
    """
    check_version(group, version)
    if group.dissolved_on is not None:
        raise GroupError(
            _("Das Gremium ist bereits seit %(d)s aufgelöst.", d=_d(group.dissolved_on)), "on"
        )
    if group.founded_on and on < group.founded_on:
        raise GroupError(_("Die Auflösung liegt vor der Gründung."), "on")
    before = audit.snapshot(group)
    group.dissolved_on = on
    audit.record_update(group, before, summary=_("aufgelöst: %(name)s", name=group.name))
    ended = [0, 0]
    for i, model in enumerate((Membership, Seat)):
        rows = db.session.scalars(
            sa.select(model).where(
                model.group_id == group.id,
                sa.or_(model.ends_on.is_(None), model.ends_on > on),
            )
        )
        for row in rows:
            row_before = audit.snapshot(row)
            # a period that would only begin after the dissolution ends on its first day
            row.ends_on = max(on, row.starts_on)
            audit.record_update(row, row_before, summary=_("Gremium aufgelöst"))
            ended[i] += 1
    return ended[0], ended[1]


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
    if role not in MEMBERSHIP_ROLES:
        raise GroupError(_("Unbekannte Rolle."), "role")
    _check_period(starts_on, ends_on)
    _check_group_open(group, starts_on)
    _check_membership_overlap(group, organisation, starts_on, ends_on)
    membership = Membership(
        group=group,
        organisation=organisation,
        role=role,
        starts_on=starts_on,
        ends_on=ends_on,
        notes=(notes or "").strip() or None,
    )
    db.session.add(membership)
    audit.record_create(
        membership, summary=f"{organisation.name} → {group.name} ({membership.role_label})"
    )
    return membership


def update_membership(
    membership: Membership,
    version: int | None,
    *,
    role: str,
    starts_on: date,
    ends_on: date | None,
    notes: str | None = None,
) -> Membership:
    """Correct a membership's role, period or notes (same overlap rules as adding)."""
    check_version(membership, version)
    if role not in MEMBERSHIP_ROLES:
        raise GroupError(_("Unbekannte Rolle."), "role")
    _check_period(starts_on, ends_on)
    _check_group_open(membership.group, starts_on)
    _check_membership_overlap(
        membership.group, membership.organisation, starts_on, ends_on, exclude=membership
    )
    before = audit.snapshot(membership)
    membership.role = role
    membership.starts_on = starts_on
    membership.ends_on = ends_on
    membership.notes = (notes or "").strip() or None
    audit.record_update(membership, before, summary=membership.organisation.name)
    return membership


def end_membership(membership: Membership, ends_on: date, version: int | None) -> Membership:
    """End a membership on ``ends_on`` (its last day, inclusive); the row is kept."""
    check_version(membership, version)
    _check_period(membership.starts_on, ends_on)
    before = audit.snapshot(membership)
    membership.ends_on = ends_on
    audit.record_update(
        membership,
        before,
        summary=_("Mitgliedschaft beendet: %(org)s", org=membership.organisation.name),
    )
    return membership


def open_seats_for(membership: Membership) -> list[Seat]:
    """Return seats for the membership's organisation in its group still running after its end."""
    if membership.ends_on is None:
        return []
    return list(
        db.session.scalars(
            sa.select(Seat)
            .options(joinedload(Seat.contact))
            .where(
                Seat.group_id == membership.group_id,
                Seat.organisation_id == membership.organisation_id,
                sa.or_(Seat.ends_on.is_(None), Seat.ends_on > membership.ends_on),
                Seat.starts_on <= membership.ends_on,
            )
        )
    )


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
    if role not in SEAT_ROLES:
        raise GroupError(_("Unbekannte Rolle."), "role")
    _check_period(starts_on, ends_on)
    _check_group_open(group, starts_on)
    _check_seat_overlap(group, contact, role, starts_on, ends_on)
    seat = Seat(
        group=group,
        contact=contact,
        role=role,
        organisation=organisation,
        starts_on=starts_on,
        ends_on=ends_on,
        notes=(notes or "").strip() or None,
    )
    db.session.add(seat)
    audit.record_create(seat, summary=f"{contact.full_name} → {group.name} ({seat.role_label})")
    return seat, seat_warnings(seat)


def update_seat(
    seat: Seat,
    version: int | None,
    *,
    role: str,
    organisation: Organisation | None,
    starts_on: date,
    ends_on: date | None,
    notes: str | None = None,
) -> list[str]:
    """Correct a seat's role, organisation, period or notes; return warnings."""
    check_version(seat, version)
    if role not in SEAT_ROLES:
        raise GroupError(_("Unbekannte Rolle."), "role")
    _check_period(starts_on, ends_on)
    _check_group_open(seat.group, starts_on)
    _check_seat_overlap(seat.group, seat.contact, role, starts_on, ends_on, exclude=seat)
    before = audit.snapshot(seat)
    seat.role = role
    seat.organisation = organisation
    seat.starts_on = starts_on
    seat.ends_on = ends_on
    seat.notes = (notes or "").strip() or None
    audit.record_update(seat, before, summary=seat.contact.full_name)
    return seat_warnings(seat)


def end_seat(seat: Seat, ends_on: date, version: int | None) -> Seat:
    """End a seat on ``ends_on`` (its last day, inclusive); the row is kept."""
    check_version(seat, version)
    _check_period(seat.starts_on, ends_on)
    before = audit.snapshot(seat)
    seat.ends_on = ends_on
    audit.record_update(
        seat, before, summary=_("Mandat beendet: %(name)s", name=seat.contact.full_name)
    )
    return seat


def change_delegate(
    seat: Seat,
    new_contact: Contact,
    change_on: date,
    version: int | None,
    notes: str | None = None,
) -> tuple[Seat, list[str]]:
    """Hand ``seat`` over to ``new_contact`` on ``change_on``; return the new seat and warnings.

    One action, two rows: the old seat ends on the day BEFORE ``change_on`` (``ends_on`` is
    inclusive) and a new seat with the same role and represented organisation starts ON
    ``change_on``. So the group "as of" ``change_on - 1`` shows the old person and "as of"
    ``change_on`` shows the new one, never both and never neither. A planned end of the old
    seat after ``change_on`` carries over to the new seat.
    """
    check_version(seat, version)
    if new_contact.id == seat.contact_id:
        raise GroupError(_("Bitte eine andere Person als die bisherige wählen."), "contact")
    if change_on <= seat.starts_on:
        raise GroupError(
            _(
                "Der Wechsel muss nach dem Beginn des bisherigen Mandats (%(d)s) liegen.",
                d=_d(seat.starts_on),
            ),
            "change_on",
        )
    if seat.ends_on is not None and seat.ends_on < change_on:
        raise GroupError(
            _("Das bisherige Mandat endete bereits am %(d)s.", d=_d(seat.ends_on)), "change_on"
        )
    _check_group_open(seat.group, change_on)
    planned_end = seat.ends_on
    _check_seat_overlap(seat.group, new_contact, seat.role, change_on, planned_end)
    before = audit.snapshot(seat)
    seat.ends_on = change_on - timedelta(days=1)
    audit.record_update(
        seat,
        before,
        summary=_(
            "Wechsel: %(old)s → %(new)s", old=seat.contact.full_name, new=new_contact.full_name
        ),
    )
    new_seat = Seat(
        group=seat.group,
        contact=new_contact,
        role=seat.role,
        organisation=seat.organisation,
        starts_on=change_on,
        ends_on=planned_end,
        notes=(notes or "").strip() or None,
    )
    db.session.add(new_seat)
    audit.record_create(
        new_seat,
        summary=_(
            "Wechsel: %(old)s → %(new)s", old=seat.contact.full_name, new=new_contact.full_name
        ),
    )
    return new_seat, seat_warnings(new_seat)
