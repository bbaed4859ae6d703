"""What the groups pages read: lists, a group's composition as of a date, its history.

Every period is ``starts_on`` .. ``ends_on`` with both days included (``crm.db.active_on``);
an open end (``None``) means "until further notice". Memberships and seats are never
deleted: they get an end date, so the composition of a group on any past day can be shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from crm.contacts.models import Contact
from crm.db import active_on
from crm.extensions import db
from crm.groups.models import KINDS, Group, Membership, Seat
from crm.organisations.models import Organisation
from crm.pagination import Page, sublist
from crm.search.normalize import normalize, search_terms
from crm.time import today


def member_ids(group: Group, on: date) -> sa.Select:
    """Return the SELECT of the ids of the group's member organisations on ``on``."""
    return sa.select(Membership.organisation_id).where(
        Membership.group_id == group.id, active_on(Membership, on)
    )


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
    # counted per listed group through ``ix_memberships_group_period`` / ``ix_seats_…``
    # (a correlated count, not a GROUP BY over every membership of every group), and left
    # out of the page's count query, which does not select them
    n_orgs = (
        sa.select(sa.func.count())
        .where(Membership.group_id == Group.id, active_on(Membership, on))
        .correlate(Group)
        .scalar_subquery()
        .label("n_orgs")
    )
    n_people = (
        sa.select(sa.func.count(sa.distinct(Seat.contact_id)))
        .where(Seat.group_id == Group.id, active_on(Seat, on))
        .correlate(Group)
        .scalar_subquery()
        .label("n_people")
    )
    stmt = sa.select(Group, n_orgs, n_people)
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


def memberships_on(group: Group, on: date) -> sa.Select:
    """Return the query of the group's member organisations on ``on`` (leads first)."""
    return (
        sa.select(Membership)
        .options(joinedload(Membership.organisation))
        .where(Membership.group_id == group.id, active_on(Membership, on))
        # stored rank and name (``crm.search.copies``): the index ix_memberships_group_list
        .order_by(Membership.role_rank, Membership.sort_key, Membership.id)
    )


def seats_on(group: Group, on: date) -> sa.Select:
    """Return the query of the group's seats on ``on``, leads first."""
    return (
        sa.select(Seat)
        .options(joinedload(Seat.contact), joinedload(Seat.organisation))
        .where(Seat.group_id == group.id, active_on(Seat, on))
        # stored rank and name (``crm.search.copies``): the index ix_seats_group_list
        .order_by(Seat.role_rank, Seat.sort_key, Seat.id)
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


def history(group: Group) -> Page:
    """Return a page (``history_page``) of the group's joins and leaves (memberships and
    seats), newest first: the events are ordered and paged in SQL, then the page's rows are
    read in two queries.

    A leave is listed on the period's last day (``ends_on``, inclusive); on the same day
    joins are listed above leaves, as before.
    """

    def events(model, kind: str):
        joins = sa.select(
            sa.literal(kind).label("kind"),
            model.id.label("row_id"),
            model.starts_on.label("on"),
            sa.literal(1).label("is_join"),
        ).where(model.group_id == group.id)
        leaves = sa.select(
            sa.literal(kind).label("kind"),
            model.id.label("row_id"),
            model.ends_on.label("on"),
            sa.literal(0).label("is_join"),
        ).where(model.group_id == group.id, model.ends_on.is_not(None))
        return [joins, leaves]

    union = sa.union_all(*events(Membership, "m"), *events(Seat, "s")).subquery()
    stmt = sa.select(union).order_by(
        union.c.on.desc(), union.c.is_join.desc(), union.c.row_id.desc()
    )
    page = sublist(db.session, stmt, "history_page", scalars=False)
    wanted = {"m": {r.row_id for r in page.items if r.kind == "m"}}
    wanted["s"] = {r.row_id for r in page.items if r.kind == "s"}
    rows = (
        {
            ("m", m.id): m
            for m in db.session.scalars(
                sa.select(Membership)
                .options(joinedload(Membership.organisation))
                .where(Membership.id.in_(wanted["m"]))
            )
        }
        if wanted["m"]
        else {}
    )
    if wanted["s"]:
        rows |= {
            ("s", seat.id): seat
            for seat in db.session.scalars(
                sa.select(Seat)
                .options(joinedload(Seat.contact), joinedload(Seat.organisation))
                .where(Seat.id.in_(wanted["s"]))
            )
        }
    page.items = [
        HistoryEntry(r.on, "join" if r.is_join else "leave", rows[(r.kind, r.row_id)])
        for r in page.items
    ]
    return page


def organisation_groups(org: Organisation, on: date | None = None) -> dict[str, Any]:
    """Return a page of an organisation's memberships (current first) and the seats held for it.

    ``memberships`` is a page (``memberships_page``); ``seats`` are the delegates current on
    ``on`` (default today) in the groups of that page; ``loose`` a page (``delegates_page``)
    of current seats for the organisation in groups it is not a member of. Each list is
    bounded, so the panel costs the same however many groups the organisation is in.
    """
    on = on or today()
    memberships = sublist(
        db.session,
        sa.select(Membership)
        .options(joinedload(Membership.group))
        .where(Membership.organisation_id == org.id)
        .order_by(sa.not_(active_on(Membership, on)), Membership.starts_on.desc(), Membership.id),
        "memberships_page",
    )
    current = sa.select(Seat).where(Seat.organisation_id == org.id, active_on(Seat, on))
    current = current.options(joinedload(Seat.contact), joinedload(Seat.group))
    groups = {m.group_id for m in memberships.items}
    seats = list(
        db.session.scalars(
            current.where(Seat.group_id.in_(groups)).order_by(
                Seat.group_id, Seat.role_rank, Seat.id
            )
        )
        if groups
        else []
    )
    member_of = sa.select(Membership.group_id).where(Membership.organisation_id == org.id)
    loose = sublist(
        db.session,
        current.where(Seat.group_id.not_in(member_of)).order_by(
            Seat.group_id, Seat.role_rank, Seat.id
        ),
        "delegates_page",
    )
    return {"memberships": memberships, "seats": seats, "loose": loose, "on": on}


def contact_seats(contact: Contact, on: date | None = None) -> dict[str, Any]:
    """Return a page (``seats_page``) of a person's seats over time (current first, then newest)."""
    on = on or today()
    seats = sublist(
        db.session,
        sa.select(Seat)
        .options(joinedload(Seat.group), joinedload(Seat.organisation))
        .where(Seat.contact_id == contact.id)
        .order_by(sa.not_(active_on(Seat, on)), Seat.starts_on.desc(), Seat.id),
        "seats_page",
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
