"""What the circular pages read: the list of circulars and one circular's outcome."""

from __future__ import annotations

import sqlalchemy as sa

from crm.circulars.models import Circular
from crm.extensions import db
from crm.mail.models import OutboxMail

#: how many undelivered mails the result page names
PROBLEMS_SHOWN = 50


def newest_first() -> sa.Select:
    """Return the SELECT of every circular, newest first (for the paginated list)."""
    return sa.select(Circular).order_by(Circular.id.desc())


def outcome(circular: Circular) -> dict[str, int]:
    """Return how many of the circular's mails are in each outbox state (one query)."""
    stmt = (
        sa.select(OutboxMail.status, sa.func.count())
        .where(OutboxMail.circular_id == circular.id)
        .group_by(OutboxMail.status)
    )
    return dict(db.session.execute(stmt).all())


def problems(circular: Circular) -> list[OutboxMail]:
    """Return the first failed or bounced mails of the circular (with their reasons)."""
    return list(
        db.session.scalars(
            sa.select(OutboxMail)
            .where(
                OutboxMail.circular_id == circular.id,
                OutboxMail.status.in_(("failed", "bounced")),
            )
            .order_by(OutboxMail.id)
            .limit(PROBLEMS_SHOWN)
        )
    )
