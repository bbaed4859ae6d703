"""What a person's codes and links mean in change histories; a person's history shows the
changes of their affiliations (``crm.audit.readable``)."""

import sqlalchemy as sa

from crm.audit.readable import register_codes, register_reference, register_related
from crm.contacts.models import SALUTATIONS, Affiliation, Contact

register_codes("salutation", SALUTATIONS, "contacts")
register_reference("contact_id", Contact, lambda c: c.full_name)
register_reference("substitute_for_id", Contact, lambda c: c.full_name)
register_related(
    "contacts",
    "affiliations",
    lambda contact_id: sa.select(Affiliation.id).where(Affiliation.contact_id == contact_id),
)
