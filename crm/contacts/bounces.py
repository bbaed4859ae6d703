"""A bounced mail flags the address on the person ("unzustellbar seit …")."""

from __future__ import annotations

from crm.audit import services as audit
from crm.contacts.models import Contact
from crm.extensions import db
from crm.signals import mail_bounced


@mail_bounced.connect
def _flag_address(mail, address: str, at, **extra) -> None:
    if mail.contact_id is None:
        return
    contact = db.session.get(Contact, mail.contact_id)
    if contact is None or contact.undeliverable_since is not None:
        return
    contact.undeliverable_since = at
    contact.undeliverable_address = address
    audit.record(
        "update",
        "contacts",
        contact.id,
        summary=audit.Message(audit.N_("E-Mail an %(address)s unzustellbar"), address=address),
        changes={"undeliverable_address": [None, address]},
    )
