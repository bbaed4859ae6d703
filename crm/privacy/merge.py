"""Merging two people moves the retention decisions about the merged one to the kept one,
and the outbox mails addressed to them (``OutboxMail.contact_id``: ``crm.mail`` sits below
contacts and has no receiver of its own)."""

from __future__ import annotations

import sqlalchemy as sa

from crm.extensions import db
from crm.mail.models import OutboxMail
from crm.privacy.models import RetentionHold
from crm.signals import contact_merged


@contact_merged.connect
def _move_retention_holds(kept, merged, **extra) -> None:
    db.session.execute(
        sa.update(RetentionHold)
        .where(RetentionHold.contact_id == merged.id)
        .values(contact_id=kept.id)
        .execution_options(synchronize_session=False)
    )


@contact_merged.connect
def _move_outbox_mails(kept, merged, **extra) -> None:
    db.session.execute(
        sa.update(OutboxMail)
        .where(OutboxMail.contact_id == merged.id)
        .values(contact_id=kept.id)
        .execution_options(synchronize_session=False)
    )
