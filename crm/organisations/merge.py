"""Merging two organisations: chosen fields, tags, children and history move to the survivor.

Affiliations (``contacts``), memberships and seats (``groups``) and invitations
(``meetings``) move through ``organisation_merged``, each in its own feature.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from crm.organisations.models import Organisation
from crm.organisations.operations import FIELDS
from crm.organisations.rules import OrganisationError
from crm.search.merging import RecordMerge
from crm.signals import organisation_merged
from crm.tags.services import tags_text


class OrganisationMerge(RecordMerge):
    """The merge of one organisation into another (see ``RecordMerge``)."""

    fields = FIELDS
    signal = organisation_merged
    error = OrganisationError
    self_merge_message = _l("Eine Organisation kann nicht mit sich selbst zusammengeführt werden.")
    tags_text = staticmethod(tags_text)

    def name(self, obj: Organisation) -> str:
        return obj.name

    def take(self, field: str) -> None:
        value = getattr(self.other, field)
        if field == "parent_id" and value == self.survivor.id:
            value = None  # an organisation cannot stand under itself
        setattr(self.survivor, field, value)

    def prepare(self) -> dict[str, list]:
        survivor, other = self.survivor, self.other
        if survivor.parent_id == other.id:
            survivor.parent_id = other.parent_id if other.parent_id != survivor.id else None
        return {}

    def move_own_rows(self) -> None:
        self.execute(
            sa.update(Organisation)
            .where(Organisation.parent_id == self.other.id, Organisation.id != self.survivor.id)
            .values(parent_id=self.survivor.id)
        )

    def archive_other(self) -> None:
        super().archive_other()
        self.other.parent_id = None


def merge_organisations(survivor: Organisation, other: Organisation, take_other: set[str]) -> None:
    """Merge ``other`` into ``survivor`` in the caller's transaction, and audit it.

    ``take_other`` names the fields whose value comes from ``other``. Every affiliation,
    membership, seat, invitation, child organisation, tag and history entry moves to the
    survivor; ``other`` is archived (never deleted) and points nowhere any more.
    """
    OrganisationMerge(survivor, other).run(take_other)
