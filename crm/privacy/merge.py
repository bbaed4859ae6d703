"""Merging two people moves the retention decisions about the merged one to the kept one."""

from __future__ import annotations

import sqlalchemy as sa

from crm.extensions import db
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
