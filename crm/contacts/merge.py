"""Merging two people, and moving affiliations when two organisations are merged.

The merge moves the person's own rows (affiliations, tags, history); seats (``groups``),
invitations (``meetings``) and user accounts (``auth``) move through ``contact_merged``.
An invitation to a meeting the survivor is invited to as well stays with the merged
person, who is archived (never deleted), so nothing with history is lost.
"""

from __future__ import annotations

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
        # the moved affiliations change the survivor's search text (their e-mails and phones)
        for contact_id in (self.survivor.id, self.other.id):
            fresh = db.session.get(Contact, contact_id)
            fresh.search_text = fresh.compute_search_text()[:700]
        db.session.flush()


def merge_contacts(survivor: Contact, other: Contact, take_other: set[str]) -> None:
    """Merge ``other`` into ``survivor`` in the caller's transaction, and audit it.

    ``take_other`` names the fields whose value comes from ``other``. Affiliations, seats,
    invitations, user links, tags and history entries move to the survivor.
    """
    ContactMerge(survivor, other).run(take_other)


@organisation_merged.connect
def _move_affiliations(kept, merged, **extra) -> None:
    repoint(Affiliation.organisation_id, kept.id, merged.id)
