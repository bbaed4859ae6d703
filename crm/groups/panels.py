"""What groups add to the pages of organisations and people (``crm.hooks``).

An organisation's page shows its memberships and delegates, a person's page their seats
over time; both lists can be narrowed to a group (and a seat's role).
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask import render_template

from crm.contacts.models import Contact
from crm.contacts.queries import CONTACT_FILTERS
from crm.db import active_on
from crm.extensions import db
from crm.groups import queries
from crm.groups.models import SEAT_ROLES, Group, Membership, Seat
from crm.hooks import panel
from crm.organisations.models import Organisation
from crm.organisations.queries import ORGANISATION_FILTERS
from crm.pagination import db_id


@panel("organisation", order=20)
def organisation_groups(org: Organisation, on: date | None = None, **ctx) -> str:
    """Return the organisation's memberships (all, current first) and its delegates on ``on``."""
    return render_template(
        "groups/_panel_organisation_groups.html", **queries.organisation_groups(org, on)
    )


@panel("contact", order=20)
def contact_seats(contact: Contact, on: date | None = None, **ctx) -> str:
    """Return the person's seats over time (current first, then newest)."""
    return render_template("groups/_panel_contact_seats.html", **queries.contact_seats(contact, on))


# --- narrowing the lists --------------------------------------------------------------------


def _groups() -> list[Group]:
    return list(db.session.scalars(sa.select(Group).order_by(Group.name)))


@panel("organisation_filters", order=20)
def organisation_filter(_obj=None, **ctx) -> str:
    """Return the "member of" control of the organisation list's filter form."""
    return render_template("groups/_panel_organisation_filter.html", groups=_groups())


@ORGANISATION_FILTERS.register("group", type=db_id)
def _member_of(group_id: int, on: date):
    members = sa.select(Membership.organisation_id).where(
        Membership.group_id == group_id, active_on(Membership, on)
    )
    return Organisation.id.in_(members)


@panel("contact_filters", order=20)
def contact_filter(_obj=None, **ctx) -> str:
    """Return the group and role controls of the people list's filter form."""
    return render_template("groups/_panel_contact_filter.html", groups=_groups(), roles=SEAT_ROLES)


@CONTACT_FILTERS.register("group", type=db_id)
def _seated_in(group_id: int, on: date):
    return Contact.id.in_(
        sa.select(Seat.contact_id).where(active_on(Seat, on), Seat.group_id == group_id)
    )


@CONTACT_FILTERS.register("role")
def _seated_as(role: str, on: date):
    return Contact.id.in_(sa.select(Seat.contact_id).where(active_on(Seat, on), Seat.role == role))
