"""What the global search page reads: every kind of record, with the one normaliser."""

from __future__ import annotations

import sqlalchemy as sa

from crm.contacts import queries as contacts
from crm.contacts.models import Contact
from crm.extensions import db
from crm.groups.models import Group
from crm.meetings.models import Meeting
from crm.organisations import queries as organisations
from crm.organisations.models import Organisation
from crm.search.normalize import normalize, search_terms


def _matches(text: str, terms: list[str]) -> bool:
    folded = normalize(text)
    return all(t in folded for t in terms)


def search_all(q: str, limit: int = 20) -> dict[str, list]:
    """Return up to ``limit`` matches per kind: organisations, contacts, groups, meetings."""
    terms = search_terms(q)
    orgs = db.session.scalars(
        organisations.list_query(q).order_by(Organisation.sort_key).limit(limit)
    ).all()
    people = (
        db.session.scalars(contacts.list_query(q).order_by(Contact.sort_key).limit(limit))
        .unique()
        .all()
    )
    # groups and meetings are few (hundreds to a few thousand): their names are folded in
    # Python with the same normaliser, reading plain columns only; then the hits are loaded
    groups = [
        g
        for g in db.session.scalars(sa.select(Group).order_by(Group.name))
        if _matches(f"{g.name} {g.short_name or ''}", terms)
    ][:limit]
    candidates = db.session.execute(
        sa.select(Meeting.id, Meeting.title, Meeting.location, Group.name)
        .join(Group, Group.id == Meeting.group_id)
        .order_by(Meeting.starts_at.desc().nulls_first(), Meeting.id)
    ).all()
    hit_ids = [
        mid
        for mid, title, location, group_name in candidates
        if _matches(f"{title} {location or ''} {group_name}", terms)
    ][:limit]
    meetings = (
        db.session.scalars(
            sa.select(Meeting)
            .options(sa.orm.joinedload(Meeting.group))
            .where(Meeting.id.in_(hit_ids))
            .order_by(Meeting.starts_at.desc().nulls_first(), Meeting.id)
        ).all()
        if hit_ids
        else []
    )
    return {"organisations": orgs, "contacts": people, "groups": groups, "meetings": meetings}
