"""What an organisation's codes and links mean in change histories (``crm.audit.readable``)."""

from crm.audit.readable import register_codes, register_reference
from crm.organisations.models import KINDS, STATES, Organisation

register_codes("kind", KINDS, "organisations")
register_codes("state", STATES, "organisations")
register_reference("organisation_id", Organisation)
register_reference("parent_id", Organisation, entity_type="organisations")
