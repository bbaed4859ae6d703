"""The worker writes a circular's mails into the outbox (a list of any length)."""

from __future__ import annotations

from crm.jobs import task


@task()
def write_circular(circular_id: int) -> None:
    """Put the circular's mails into the outbox (``operations.write_mails``)."""
    from crm.circulars import operations
    from crm.extensions import db

    operations.write_mails(circular_id)
    db.session.commit()
