"""Merging two people moves the retention decisions about the merged one to the kept one,
the record of a finished erasure, and the outbox mails addressed to them
(``OutboxMail.contact_id``: ``crm.mail`` sits below contacts and has no receiver of its own).
A merge while one of the two is being erased is refused: the erasure would take the kept
person's data with it."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from crm.extensions import db
from crm.mail.models import OutboxMail
from crm.privacy.erase import ErasureError
from crm.privacy.models import Erasure, RetentionHold
from crm.search.merging import repoint
from crm.signals import contact_merged


@contact_merged.connect
def _move_retention_holds_and_mails(kept, merged, **extra) -> None:
    repoint(RetentionHold.contact_id, kept.id, merged.id)
    repoint(OutboxMail.contact_id, kept.id, merged.id)


@contact_merged.connect
def _move_erasures(kept, merged, **extra) -> None:
    running = db.session.scalar(
        sa.select(sa.func.count(Erasure.id)).where(
            Erasure.contact_id.in_((kept.id, merged.id)),
            Erasure.status.in_(("queued", "running", "failed")),
        )
    )
    if running:
        raise ErasureError(_l("Eine der beiden Personen wird gerade gelöscht (Art. 17)."))
    repoint(Erasure.contact_id, kept.id, merged.id)
