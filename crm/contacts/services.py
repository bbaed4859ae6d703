"""Queries and rules for people."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from crm.contacts.models import Affiliation, Contact
from crm.extensions import db
from crm.groups.models import Seat
from crm.meetings.models import Invitation, Meeting
from crm.search.normalize import search_terms


def list_query(
    q: str | None = None, organisation_id: int | None = None, archived: bool = False
) -> sa.Select:
    """Return the SELECT for the people list with search and filters applied."""
    stmt = sa.select(Contact).options(
        selectinload(Contact.affiliations).joinedload(Affiliation.organisation)
    )
    stmt = stmt.where(Contact.archived_at.is_not(None) if archived else Contact.not_archived())
    for term in search_terms(q):
        stmt = stmt.where(Contact.search_text.contains(term, autoescape=True))
    if organisation_id:
        stmt = stmt.where(Contact.affiliations.any(Affiliation.organisation_id == organisation_id))
    return stmt


def detail(contact_id: int) -> Contact | None:
    """Return a person with affiliations and tags loaded."""
    return db.session.scalar(
        sa.select(Contact)
        .options(
            selectinload(Contact.affiliations).joinedload(Affiliation.organisation),
            selectinload(Contact.tags),
        )
        .where(Contact.id == contact_id)
    )


def seats(contact: Contact) -> list[Seat]:
    """Return the person's seats over time, current first."""
    return list(
        db.session.scalars(
            sa.select(Seat)
            .options(joinedload(Seat.group), joinedload(Seat.organisation))
            .where(Seat.contact_id == contact.id)
            .order_by(Seat.ends_on.is_not(None), Seat.starts_on.desc())
        )
    )


def invitations(contact: Contact) -> list[Invitation]:
    """Return the person's invitations, newest meeting first."""
    return list(
        db.session.scalars(
            sa.select(Invitation)
            .join(Invitation.meeting)
            .options(joinedload(Invitation.meeting).joinedload(Meeting.group))
            .where(Invitation.contact_id == contact.id)
            .order_by(Meeting.starts_at.desc().nulls_last())
        )
    )
