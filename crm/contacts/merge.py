"""Merging two people, and moving affiliations when two organisations are merged.

The merge moves the person's own rows (affiliations, tags, history); seats (``groups``),
invitations (``meetings``) and user accounts (``auth``) move through ``contact_merged``.
An invitation to a meeting the survivor is invited to as well stays with the merged
person, who is archived (never deleted), so nothing with history is lost.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from crm.contacts.affiliations import affiliation_text
from crm.contacts.models import Affiliation, Contact
from crm.contacts.operations import FIELDS
from crm.contacts.rules import ContactError
from crm.extensions import db
from crm.search.merging import RecordMerge, repoint
from crm.signals import contact_merged, organisation_merged
from crm.tags.services import tags_text
from crm.time import today


class ContactMerge(RecordMerge):
    """The merge of one person into another (see ``RecordMerge``)."""

    fields = FIELDS
    signal = contact_merged
    error = ContactError
    self_merge_message = _l("Eine Person kann nicht mit sich selbst zusammengeführt werden.")
    tags_text = staticmethod(tags_text)

    def name(self, obj: Contact) -> str:
        return obj.full_name

    def prepare(self) -> dict[str, list]:
        moved = [affiliation_text(a) for a in self.other.affiliations]
        return {"affiliations_moved": [None, "; ".join(moved)]} if moved else {}

    def move_own_rows(self) -> None:
        self.execute(
            sa.update(Affiliation)
            .where(Affiliation.contact_id == self.other.id)
            .values(contact_id=self.survivor.id, is_primary=False)
        )

    def finish(self) -> None:
        combine_affiliations(self.survivor.id)
        # the moved affiliations change the survivor's search text (their e-mails and phones)
        for contact_id in (self.survivor.id, self.other.id):
            fresh = db.session.get(Contact, contact_id)
            fresh.search_text = fresh.compute_search_text()[:700]
        db.session.flush()


#: the affiliation fields a combined affiliation fills from the other one when it has none
_RICHER = ("job_title", "department", "email", "phone")


def combine_affiliations(contact_id: int) -> None:
    """Combine a person's current affiliations with the same organisation into one.

    The kept one is the earliest started (no start counts as earliest); empty fields are
    filled from the others, it stays primary if any was, and the others are removed.
    """
    on = today()
    rows = db.session.scalars(
        sa.select(Affiliation)
        .where(
            Affiliation.contact_id == contact_id,
            sa.or_(Affiliation.ends_on.is_(None), Affiliation.ends_on >= on),
        )
        .order_by(Affiliation.organisation_id, Affiliation.id)
    ).all()
    by_org: dict[int, list[Affiliation]] = {}
    for row in rows:
        by_org.setdefault(row.organisation_id, []).append(row)
    for same in by_org.values():
        if len(same) < 2:
            continue
        same.sort(key=lambda a: (a.starts_on is not None, a.starts_on or date.min, a.id))
        kept, rest = same[0], same[1:]
        for other in rest:
            for field in _RICHER:
                if not getattr(kept, field) and getattr(other, field):
                    setattr(kept, field, getattr(other, field))
            kept.is_primary = kept.is_primary or other.is_primary
            if other.ends_on is None:
                kept.ends_on = None
            elif kept.ends_on is not None:
                kept.ends_on = max(kept.ends_on, other.ends_on)
            db.session.delete(other)
    db.session.flush()


def merge_contacts(survivor: Contact, other: Contact, take_other: set[str]) -> None:
    """Merge ``other`` into ``survivor`` in the caller's transaction, and audit it.

    ``take_other`` names the fields whose value comes from ``other``. Affiliations, seats,
    invitations, user links, tags and history entries move to the survivor.
    """
    ContactMerge(survivor, other).run(take_other)


@organisation_merged.connect
def _move_affiliations(kept, merged, **extra) -> None:
    people = db.session.scalars(
        sa.select(Affiliation.contact_id).where(Affiliation.organisation_id == merged.id)
    ).all()
    repoint(Affiliation.organisation_id, kept.id, merged.id)
    db.session.expire_all()
    for contact_id in set(people):
        combine_affiliations(contact_id)
