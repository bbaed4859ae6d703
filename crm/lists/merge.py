"""Merging two people keeps their places on saved lists: the kept person is on every list
either of them was added to by hand (``saved_list_members``), once."""

from __future__ import annotations

import sqlalchemy as sa

from crm.exports.models import saved_list_members
from crm.extensions import db
from crm.signals import contact_merged


@contact_merged.connect
def _unite_list_places(kept, merged, **extra) -> None:
    link = saved_list_members.c
    kept_lists = sa.select(link.saved_list_id).where(link.contact_id == kept.id)
    db.session.execute(
        sa.update(saved_list_members)
        .where(link.contact_id == merged.id, link.saved_list_id.not_in(kept_lists))
        .values(contact_id=kept.id)
    )
    db.session.execute(sa.delete(saved_list_members).where(link.contact_id == merged.id))
