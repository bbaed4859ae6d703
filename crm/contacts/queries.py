"""What the people pages read: the list with its filters and sort keys, one person."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from crm.contacts.models import Affiliation, Contact
from crm.db import active_on
from crm.extensions import db
from crm.organisations.models import Organisation
from crm.pagination import db_id
from crm.search.filters import ListFilters
from crm.search.match import exact_first, matches
from crm.tags.models import contact_tags
from crm.time import today

#: filters higher features add to the list (groups: ``?group=`` and ``?role=`` of seats)
CONTACT_FILTERS = ListFilters()


def _current_affiliation(on: date):
    """Return a correlated subquery: the person's primary (else newest) current affiliation."""
    return (
        sa.select(Affiliation.id)
        .where(Affiliation.contact_id == Contact.id, active_on(Affiliation, on))
        .order_by(Affiliation.is_primary.desc(), Affiliation.starts_on.desc(), Affiliation.id)
        .limit(1)
        .correlate(Contact)
        .scalar_subquery()
    )


def sort_columns(on: date | None = None) -> dict:
    """Return the list's sort keys: name, first name, organisation, job title, e-mail."""
    on = on or today()
    current = _current_affiliation(on)
    job = sa.select(Affiliation.job_title).where(Affiliation.id == current).scalar_subquery()
    email = sa.func.coalesce(
        sa.select(Affiliation.email).where(Affiliation.id == current).scalar_subquery(),
        Contact.email,
    )
    # empty values sort first on every database (PostgreSQL would put NULLs last)
    return {
        "name": Contact.sort_key,
        "first_name": sa.func.coalesce(Contact.first_name, ""),
        # stored by the flush hook and indexed: no join (``Contact.organisation_sort_key``)
        "organisation": Contact.organisation_sort_key,
        "job_title": sa.func.coalesce(job, ""),
        "email": sa.func.coalesce(email, ""),
    }


def list_query(
    q: str | None = None,
    organisation_id: int | None = None,
    archived: bool = False,
    kind: str | None = None,
    state: str | None = None,
    tag_id: int | None = None,
    on: date | None = None,
    filters: Mapping | None = None,
) -> sa.Select:
    """Return the SELECT for the people list with search and filters applied.

    Organisation, kind and state filter on current affiliations (as of ``on``, default
    today); ``filters`` are the request arguments the filters of higher features read.
    """
    on = on or today()
    stmt = sa.select(Contact).options(
        selectinload(Contact.affiliations).joinedload(Affiliation.organisation)
    )
    stmt = stmt.where(Contact.archived_at.is_not(None) if archived else Contact.not_archived())
    found = matches(Contact, q)
    if found is not None:
        # rows that contain every word first, then those that only sound like it
        stmt = stmt.where(found).order_by(exact_first(Contact, q))
    if organisation_id or kind or state:
        affiliated = sa.select(Affiliation.contact_id).where(active_on(Affiliation, on))
        if organisation_id:
            affiliated = affiliated.where(Affiliation.organisation_id == organisation_id)
        if kind or state:
            affiliated = affiliated.join(
                Organisation, Affiliation.organisation_id == Organisation.id
            )
            if kind:
                affiliated = affiliated.where(Organisation.kind == kind)
            if state:
                affiliated = affiliated.where(Organisation.state == state)
        stmt = stmt.where(Contact.id.in_(affiliated))
    if tag_id:
        tagged = sa.select(contact_tags.c.contact_id).where(contact_tags.c.tag_id == tag_id)
        stmt = stmt.where(Contact.id.in_(tagged))
    return CONTACT_FILTERS.apply(stmt, filters, on)


def list_from_args(args) -> sa.Select:
    """Return the people list's SELECT for the filters in ``args`` (the list page's query
    parameters, or a bulk action's posted filters)."""
    return list_query(
        args.get("q"),
        args.get("organisation", type=db_id),
        archived=args.get("archived") == "1",
        kind=args.get("kind"),
        state=args.get("state"),
        tag_id=args.get("tag", type=db_id),
        filters=args,
    )


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


def organisation_affiliations(org: Organisation) -> sa.Select:
    """Return the query of an organisation's affiliations (current first, then the latest
    ended), with their people; ordered as ``organisation_affiliations_keyset`` pages it."""
    return (
        sa.select(Affiliation)
        .options(sa.orm.joinedload(Affiliation.contact))
        .where(Affiliation.organisation_id == org.id)
        .order_by(Affiliation.ends_or_ongoing().desc(), Affiliation.id)
    )


def organisation_affiliations_keyset() -> tuple:
    """Return the ``keyset`` (``crm.pagination.paginate``) of ``organisation_affiliations``."""
    return Affiliation.ends_or_ongoing(), True, Affiliation.id


def picker_label(contact: Contact) -> str:
    """Return how a picker lists a person: "Müller, Dr. Anna"."""
    given = " ".join(p for p in (contact.title, contact.first_name) if p)
    return ", ".join(p for p in (contact.last_name, given) if p)
