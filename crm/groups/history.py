"""What groups' codes and links mean in change histories; an organisation's history shows
its memberships' and delegates' changes, a person's their seats (``crm.audit.readable``)."""

import sqlalchemy as sa

from crm.audit.readable import register_codes, register_reference, register_related
from crm.groups.models import KINDS, MEMBERSHIP_ROLES, SEAT_ROLES, Group, Membership, Seat

register_codes("kind", KINDS, "groups")
register_codes("role", MEMBERSHIP_ROLES, "memberships")
register_codes("role", SEAT_ROLES, "seats")
register_reference("group_id", Group)
register_reference("parent_id", Group, entity_type="groups")
register_related(
    "organisations",
    "memberships",
    lambda org_id: sa.select(Membership.id).where(Membership.organisation_id == org_id),
)
register_related(
    "organisations",
    "seats",
    lambda org_id: sa.select(Seat.id).where(Seat.organisation_id == org_id),
)
register_related(
    "contacts", "seats", lambda contact_id: sa.select(Seat.id).where(Seat.contact_id == contact_id)
)
