"""What OParl may publish: the one publication rule for people, and the public rows.

``publishable_contacts`` is the only place that decides which people appear under
/oparl/v1/: it asks the consent rule of ``crm.contacts.consent`` for the purpose
"publication" (a "given" record for publication or the general consent, neither withdrawn,
no "no contact" flag) and leaves out archived people.
"""

from __future__ import annotations

import sqlalchemy as sa

from crm.contacts.consent import reachable
from crm.contacts.models import Contact
from crm.extensions import db
from crm.groups.models import Group, Membership, Seat
from crm.meetings.models import AgendaItem, Invitation, Meeting
from crm.organisations.models import Organisation

#: meetings the public may see: drafts and open date polls are the group's own business
PUBLIC_STATUSES = ("scheduled", "held", "cancelled")


def publishable_contacts() -> sa.Select:
    """Return the SELECT of the ids of people who agreed to be published."""
    return sa.select(Contact.id).where(reachable("publication"), Contact.archived_at.is_(None))


def persons() -> sa.Select:
    """Return the publishable people who hold or held a seat, in a stable order."""
    seated = sa.select(Seat.contact_id)
    return (
        sa.select(Contact)
        .where(Contact.id.in_(publishable_contacts()), Contact.id.in_(seated))
        .order_by(Contact.id)
    )


def seats() -> sa.Select:
    """Return the seats of publishable people (OParl memberships), every period."""
    return sa.select(Seat).where(Seat.contact_id.in_(publishable_contacts())).order_by(Seat.id)


def public_organisation_ids() -> sa.Select:
    """Return the ids of organisations that are or were members, or are represented."""
    members = sa.select(Membership.organisation_id)
    represented = sa.select(Seat.organisation_id).where(
        Seat.organisation_id.is_not(None), Seat.contact_id.in_(publishable_contacts())
    )
    return sa.union(members, represented)


def organizations() -> sa.Select:
    """Return ``(kind, id)`` rows of every OParl Organization: groups, then organisations."""
    groups = sa.select(sa.literal("group").label("kind"), Group.id.label("id"))
    orgs = sa.select(sa.literal("org").label("kind"), Organisation.id.label("id")).where(
        Organisation.id.in_(public_organisation_ids())
    )
    union = sa.union_all(groups, orgs).subquery()
    return sa.select(union.c.kind, union.c.id).order_by(union.c.kind, union.c.id)


def meetings() -> sa.Select:
    """Return the public meetings, oldest first."""
    return sa.select(Meeting).where(Meeting.status.in_(PUBLIC_STATUSES)).order_by(Meeting.id)


def located_meetings() -> sa.Select:
    """Return the public meetings with a place (each place is an OParl Location)."""
    return meetings().where(Meeting.location.is_not(None), Meeting.location != "")


def agenda_items() -> sa.Select:
    """Return the agenda items of public meetings."""
    return (
        sa.select(AgendaItem)
        .join(AgendaItem.meeting)
        .where(Meeting.status.in_(PUBLIC_STATUSES))
        .order_by(AgendaItem.id)
    )


def participants(meeting_ids: list[int]) -> dict[int, list[int]]:
    """Return ``{meeting id: [ids of publishable people who attended]}`` in one query."""
    result: dict[int, list[int]] = {mid: [] for mid in meeting_ids}
    if not meeting_ids:
        return result
    rows = sa.select(Invitation.meeting_id, Invitation.contact_id).where(
        Invitation.meeting_id.in_(meeting_ids),
        Invitation.attended == "yes",
        Invitation.contact_id.in_(publishable_contacts()),
    )
    for meeting_id, contact_id in db.session.execute(rows.order_by(Invitation.contact_id)):
        result[meeting_id].append(contact_id)
    return result


def seat_ids_by_group(group_ids: list[int]) -> dict[int, list[int]]:
    """Return ``{group id: [ids of its published seats]}`` in one query."""
    result: dict[int, list[int]] = {gid: [] for gid in group_ids}
    if group_ids:
        rows = seats().with_only_columns(Seat.group_id, Seat.id).where(Seat.group_id.in_(group_ids))
        for group_id, seat_id in db.session.execute(rows):
            result[group_id].append(seat_id)
    return result
