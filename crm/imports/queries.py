"""What an import reads of the stored records, in a fixed number of queries per file."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from crm.contacts.models import Affiliation, Contact
from crm.extensions import db
from crm.organisations.models import Organisation
from crm.search.normalize import normalize


def organisation_index() -> dict[str, int]:
    """Return normalised name -> id of every stored organisation (the oldest one wins)."""
    rows = db.session.execute(
        sa.select(Organisation.id, Organisation.name).order_by(Organisation.id)
    )
    index: dict[str, int] = {}
    for org_id, name in rows:
        index.setdefault(normalize(name), org_id)
    return index


def load_organisations(ids: Iterable[int]) -> dict[int, Organisation]:
    """Return the stored organisations with these ids, by id."""
    stmt = sa.select(Organisation).where(Organisation.id.in_(set(ids) or {-1}))
    return {o.id: o for o in db.session.scalars(stmt)}


def load_contacts(ids: list[int]) -> dict[int, Contact]:
    """Return the stored people with these ids, by id, with affiliations and tags loaded."""
    found: dict[int, Contact] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        stmt = (
            sa.select(Contact)
            .options(selectinload(Contact.affiliations), selectinload(Contact.tags))
            .where(Contact.id.in_(chunk))
        )
        found.update({c.id: c for c in db.session.scalars(stmt)})
    return found


def affiliation_at(contact: Contact, org_id: int) -> Affiliation | None:
    """Return the person's affiliation with an organisation: the current one, else any."""
    at_org = [a for a in contact.affiliations if a.organisation_id == org_id]
    current = [a for a in at_org if a.is_current()]
    return (current or at_org or [None])[0]


@dataclass
class PeopleIndex:
    """How stored people are found: by e-mail, and by name at an organisation."""

    #: casefolded e-mail (private or business) -> contact id
    by_email: dict[str, int] = field(default_factory=dict)
    #: (normalised "first last", organisation id) -> contact id
    by_name: dict[tuple[str, int], int] = field(default_factory=dict)
    #: contact id -> "First Last", for the preview
    names: dict[int, str] = field(default_factory=dict)


def people_index() -> PeopleIndex:
    """Return every stored e-mail and name, in three queries (no query per row).

    The lists the secretariat keeps are a few thousand people.
    """
    index = PeopleIndex()
    for cid, first, last, email in db.session.execute(
        sa.select(Contact.id, Contact.first_name, Contact.last_name, Contact.email)
    ):
        index.names[cid] = " ".join(p for p in (first, last) if p)
        if email:
            index.by_email.setdefault(email.casefold(), cid)
    for cid, email in db.session.execute(sa.select(Affiliation.contact_id, Affiliation.email)):
        if email:
            index.by_email.setdefault(email.casefold(), cid)
    name_rows = db.session.execute(
        sa.select(
            Contact.id, Contact.first_name, Contact.last_name, Affiliation.organisation_id
        ).join(Affiliation, Affiliation.contact_id == Contact.id)
    )
    for cid, first, last, org_id in name_rows:
        index.by_name.setdefault((normalize(first) + " " + normalize(last), org_id), cid)
    return index
