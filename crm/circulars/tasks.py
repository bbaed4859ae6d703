"""The worker writes a circular's mails into the outbox (a list of any length)."""

from __future__ import annotations

import sqlalchemy as sa

from crm.jobs import crontab, periodic, task


@task()
def write_circular(circular_id: int) -> None:
    """Put the circular's mails into the outbox (``operations.write_mails``)."""
    from crm.circulars import operations
    from crm.extensions import db

    operations.write_mails(circular_id)
    db.session.commit()


@periodic(crontab(minute="*"))
def resume_circulars() -> None:
    """Every minute: write circulars still "sending" whose task was lost (a worker died
    mid-way: its transaction was rolled back). Safe beside the task itself: only one run can
    move a circular from "sending" to "sent"."""
    from crm.circulars import operations
    from crm.circulars.models import Circular
    from crm.extensions import db

    waiting = db.session.scalars(sa.select(Circular.id).where(Circular.status == "sending"))
    for circular_id in list(waiting):
        operations.write_mails(circular_id)
        db.session.commit()
