"""The one query behind every contact list, its count, and its rows streamed from the cursor.

A contact list has one row per person. The organisation, department, function, business
e-mail/phone and address of a row come from the person's current affiliation on the as-of
date (the primary one, else the most recent), found by a correlated subquery, so the whole
list is ONE query that is streamed with ``yield_per`` (a server-side cursor on PostgreSQL).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from crm.contacts.consent import (
    left_out_candidates,
    left_out_counts,
    left_out_reason,
    reachable,
)
from crm.contacts.models import Affiliation, Contact
from crm.db import active_on
from crm.exports.columns import ORGANISATION_COLUMNS, contact_cells, needed
from crm.exports.filters import ContactFilter, OrganisationFilter
from crm.exports.models import saved_list_members
from crm.extensions import db
from crm.groups.models import Group, Seat
from crm.organisations.models import Organisation
from crm.tags.models import contact_tags, organisation_tags

DEPUTY_ROLES = ("deputy_delegate", "deputy_lead")
#: the purpose of every list of the builder: circulars (letters, mails, distribution lists)
CIRCULARS = "circulars"


def _current_affiliation_id(as_of: date):
    other = aliased(Affiliation)
    return (
        sa.select(other.id)
        .where(other.contact_id == Contact.id, active_on(other, as_of))
        .order_by(other.is_primary.desc(), other.starts_on.desc().nulls_last(), other.id)
        .limit(1)
        .correlate(Contact)
        .scalar_subquery()
    )


def _seat_condition(flt: ContactFilter, scope: set[int] | None):
    """Return "holds a seat the filter (and the exporter's scope) asks for on the day"."""
    seat_cond = [Seat.contact_id == Contact.id, active_on(Seat, flt.as_of)]
    if flt.groups:
        seat_cond.append(Seat.group_id.in_(flt.groups))
    if flt.group_kinds:
        seat_cond.append(
            Seat.group_id.in_(sa.select(Group.id).where(Group.kind.in_(flt.group_kinds)))
        )
    if flt.seat_roles:
        seat_cond.append(Seat.role.in_(flt.seat_roles))
    if not flt.deputies:
        seat_cond.append(Seat.role.not_in(DEPUTY_ROLES))
    if scope is not None:
        seat_cond.append(Seat.group_id.in_(sorted(scope) or [-1]))
    return sa.exists().where(*seat_cond)


def _criteria(flt: ContactFilter, scope: set[int] | None) -> list:
    """Return the conditions of what the filter selects: seats, kind and Land, tags."""
    conds = []
    if flt.by_seat or scope is not None:
        conds.append(_seat_condition(flt, scope))
    if flt.kinds:
        conds.append(Organisation.kind.in_(flt.kinds))
    if flt.states:
        conds.append(Organisation.state.in_(flt.states))
    if flt.tags:
        conds.append(_tagged(contact_tags.c.contact_id == Contact.id, contact_tags, flt.tags))
    return conds


def _with_members(flt: ContactFilter, scope: set[int] | None):
    """Return "selected by the filter, or added to the saved list by hand".

    A list without filters is just its added people; as long as nobody was added it is
    what it was before (everyone), so a list saved from the bare builder keeps its meaning.
    """
    members = sa.select(saved_list_members.c.contact_id).where(
        saved_list_members.c.saved_list_id == flt.saved_list
    )
    added = Contact.id.in_(members)
    chosen = sa.and_(*_criteria(flt, None)) if flt.has_criteria else ~sa.exists(members)
    cond = sa.or_(chosen, added)
    if scope is not None:
        # a group lead's scope holds for added people too
        cond = sa.and_(cond, _seat_condition(ContactFilter(as_of=flt.as_of), scope))
    return cond


def _where(stmt: sa.Select, flt: ContactFilter, scope: set[int] | None) -> sa.Select:
    if flt.ids:
        stmt = stmt.where(Contact.id.in_(flt.ids))
    if not flt.include_archived:
        stmt = stmt.where(Contact.not_archived())
    if not flt.include_blocked:
        stmt = stmt.where(reachable(CIRCULARS))
    if flt.saved_list is not None:
        return stmt.where(_with_members(flt, scope))
    return stmt.where(*_criteria(flt, scope))


def _kind_and_state(stmt: sa.Select, flt: ContactFilter | OrganisationFilter) -> sa.Select:
    """Return ``stmt`` restricted to the organisation kinds and Länder of the filter."""
    if flt.kinds:
        stmt = stmt.where(Organisation.kind.in_(flt.kinds))
    if flt.states:
        stmt = stmt.where(Organisation.state.in_(flt.states))
    return stmt


def _tagged(owner, link: sa.Table, tags: list[int]):
    """Return the condition "the record (``owner``: link column == id) has one of the tags"."""
    return sa.exists().where(owner, link.c.tag_id.in_(tags))


def _base(columns, flt: ContactFilter, scope: set[int] | None, *, join: bool = True) -> sa.Select:
    stmt = sa.select(*columns).select_from(Contact)
    if join:
        stmt = stmt.outerjoin(
            Affiliation, Affiliation.id == _current_affiliation_id(flt.as_of)
        ).outerjoin(Organisation, Organisation.id == Affiliation.organisation_id)
    return _where(stmt, flt, scope)


def _sql_columns() -> dict[str, Any]:
    """Return every value a contact row can carry, labelled by its key."""
    return {
        "salutation": Contact.salutation,
        "title": Contact.title,
        "first_name": Contact.first_name,
        "last_name": Contact.last_name,
        "name_suffix": Contact.name_suffix,
        "organisation": Organisation.name,
        "department": Affiliation.department,
        "job_title": Affiliation.job_title,
        # the business address first, the private one where there is none
        "email": sa.func.coalesce(sa.func.nullif(Affiliation.email, ""), Contact.email),
        "phone": sa.func.coalesce(sa.func.nullif(Affiliation.phone, ""), Contact.phone),
        "street": Organisation.street,
        "postal_code": Organisation.postal_code,
        "city": Organisation.city,
        "kind": Organisation.kind,
        "state": Organisation.state,
        "since": Affiliation.starts_on,
        "updated_at": Contact.updated_at,
        "language": Contact.language,
        "left_out": left_out_reason(CIRCULARS),
    }


def contact_rows_query(
    flt: ContactFilter, scope: set[int] | None = None, fields: Sequence[str] | None = None
) -> sa.Select:
    """Return the one SELECT behind every contact list, with only the values it needs.

    ``fields`` are export columns or row values (``VCARD_FIELDS`` …); derived columns pull
    in what they are computed from. Rows carry the values as named attributes.
    """
    sql = _sql_columns()
    names = needed(fields or flt.columns)
    columns = [Contact.id] + [sql[n].label(n) for n in names if n != "id"]
    return _base(columns, flt, scope).order_by(Contact.sort_key, Contact.id)


def count_contacts(
    flt: ContactFilter, scope: set[int] | None = None, cap: int | None = None
) -> int:
    """Return how many people the filter selects; with ``cap``, counting stops after
    ``cap + 1`` people (the builder's screen says "mehr als 10.000")."""
    # the organisation (and the subquery finding it) matters only for kind and state filters
    join = bool(flt.kinds or flt.states)
    if cap is None:
        return db.session.scalar(_base((sa.func.count(Contact.id),), flt, scope, join=join)) or 0
    rows = _base((sa.literal(1),), flt, scope, join=join).limit(cap + 1).subquery()
    return db.session.scalar(sa.select(sa.func.count()).select_from(rows)) or 0


def left_out_summary(
    flt: ContactFilter, scope: set[int] | None = None, cap: int | None = None
) -> dict[str, int]:
    """Return ``{reason code: count}`` of the people the filter would select but who are
    left out (``crm.contacts.consent``: "no contact", consent withdrawn, no consent).

    Empty when the filter keeps them (``include_blocked``): then nobody is left out. Only
    the people who can be left out at all are looked at (``left_out_candidates``, through
    indexes); with ``cap`` at most ``cap + 1`` of them are counted.
    """
    if flt.include_blocked:
        return {}
    everyone = replace(flt, include_blocked=True)
    join = bool(flt.kinds or flt.states)
    ids = _base((Contact.id,), everyone, scope, join=join)
    candidates = left_out_candidates(CIRCULARS)
    if candidates is not None:
        ids = ids.where(Contact.id.in_(candidates))
    return left_out_counts(CIRCULARS, ids, cap)


def stream_contact_rows(
    flt: ContactFilter, scope: set[int] | None = None, fields: Sequence[str] | None = None
) -> Iterator:
    """Yield the rows of a contact list, 1,000 at a time from the database cursor.

    Run on the session's connection as a Core statement: the rows are plain values, so the
    ORM's row loading would only add cost (a server-side cursor on PostgreSQL either way).
    """
    stmt = contact_rows_query(flt, scope, fields).execution_options(yield_per=1000)
    yield from db.session.connection().execute(stmt)


def organisation_rows_query(flt: OrganisationFilter) -> sa.Select:
    """Return the SELECT of an organisation list: the columns of the file, by name."""
    stmt = sa.select(*(getattr(Organisation, c.key) for c in ORGANISATION_COLUMNS))
    if flt.ids:
        stmt = stmt.where(Organisation.id.in_(flt.ids))
    if not flt.include_archived:
        stmt = stmt.where(Organisation.not_archived())
    stmt = _kind_and_state(stmt, flt)
    if flt.tags:
        owner = organisation_tags.c.organisation_id == Organisation.id
        stmt = stmt.where(_tagged(owner, organisation_tags, flt.tags))
    return stmt.order_by(Organisation.name, Organisation.id)


def preview_rows(flt: ContactFilter, scope: set[int] | None, limit: int = 20) -> list[list]:
    """Return the first rows of the list with the chosen columns, for the preview table."""
    rows = db.session.execute(contact_rows_query(flt, scope).limit(limit)).all()
    return list(contact_cells(rows, flt.columns))
