"""Merging two people moves the retention decisions about the merged one to the kept one,
and the outbox mails addressed to them (``OutboxMail.contact_id``: ``crm.mail`` sits below
contacts and has no receiver of its own)."""

from __future__ import annotations

from crm.mail.models import OutboxMail
from crm.privacy.models import RetentionHold
from crm.search.merging import repoint
from crm.signals import contact_merged


@contact_merged.connect
def _move_retention_holds_and_mails(kept, merged, **extra) -> None:
    repoint(RetentionHold.contact_id, kept.id, merged.id)
    repoint(OutboxMail.contact_id, kept.id, merged.id)
