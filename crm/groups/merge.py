"""How a merge of people or organisations moves seats and memberships (``crm.signals``)."""

from __future__ import annotations

from crm.groups.models import Membership, Seat
from crm.search.merging import repoint
from crm.signals import contact_merged, organisation_merged


@contact_merged.connect
def _move_seats(kept, merged, **extra) -> None:
    repoint(Seat.contact_id, kept.id, merged.id)


@organisation_merged.connect
def _move_memberships_and_seats(kept, merged, **extra) -> None:
    repoint(Membership.organisation_id, kept.id, merged.id)
    repoint(Seat.organisation_id, kept.id, merged.id)
