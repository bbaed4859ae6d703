"""What an import reads of the stored records, in a fixed number of queries per file."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from crm.contacts.models import Affiliation, Contact
from crm.extensions import db
from crm.organisations.models import Organisation
from crm.search.normalize import normalize

#: how many keys one lookup query carries (an IN list well under every database's limit)
BATCH = 1000


def chunks(items: Iterable, size: int = BATCH):
    """Yield lists of at most ``size`` of the items, in order, as they come (a stream)."""
    items = iter(items)
    while batch := list(islice(items, size)):
        yield batch


def organisations_by_key(keys: Iterable[str]) -> dict[str, int]:
    """Return normalised name -> id of the stored organisations with these names.

    The key is the indexed ``sort_key`` (``search_key`` of the name); the oldest wins.
    """
    found: dict[str, int] = {}
    for chunk in chunks(sorted(set(keys) - {""})):
        rows = db.session.execute(
            sa.select(Organisation.id, Organisation.sort_key)
            .where(Organisation.sort_key.in_(chunk))
            .order_by(Organisation.id)
        )
        for org_id, key in rows:
            found.setdefault(key, org_id)
    return found


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


def people_by_email(emails: Iterable[str]) -> dict[str, int]:
    """Return casefolded e-mail -> contact id for these addresses (private before business).

    Two indexed queries per 1,000 addresses (``lower(email)`` on people and affiliations).
    """
    keys = sorted({e.casefold() for e in emails if e})
    found: dict[str, int] = {}
    for model, id_column in ((Contact, Contact.id), (Affiliation, Affiliation.contact_id)):
        lowered = sa.func.lower(model.email)
        for chunk in chunks(keys):
            rows = db.session.execute(
                sa.select(id_column, model.email).where(lowered.in_(chunk)).order_by(id_column)
            )
            for cid, email in rows:
                found.setdefault(email.casefold(), cid)
    return found


def people_by_name(wanted: Iterable[tuple[str, str, int]]) -> dict[tuple[str, int], int]:
    """Return (normalised "first last", organisation id) -> contact id for these people.

    ``wanted`` holds (phonetic key, normalised name, organisation id); candidates are read
    through the indexed phonetic key, then compared by normalised name and organisation.
    """
    wanted = list(wanted)
    keys = {(name, org_id) for _code, name, org_id in wanted}
    found: dict[tuple[str, int], int] = {}
    for chunk in chunks(sorted({code for code, _name, _org in wanted} - {""})):
        rows = db.session.execute(
            sa.select(
                Contact.id, Contact.first_name, Contact.last_name, Affiliation.organisation_id
            )
            .join(Affiliation, Affiliation.contact_id == Contact.id)
            .where(Contact.phonetic_key.in_(chunk))
            .order_by(Contact.id)
        )
        for cid, first, last, org_id in rows:
            key = (normalize(first) + " " + normalize(last), org_id)
            if key in keys:
                found.setdefault(key, cid)
    return found
