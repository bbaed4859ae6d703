"""Small helpers shared by the group tests."""

from __future__ import annotations

import contextlib

import sqlalchemy as sa

from crm.extensions import db


@contextlib.contextmanager
def count_queries():
    """Count the SQL statements run inside the block: ``with count_queries() as n: …; n[0]``."""
    counter = [0]

    def before(*args, **kwargs):
        counter[0] += 1

    sa.event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield counter
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", before)


def audit_actions(entity_type: str) -> list[tuple[str, int]]:
    """Return ``(action, entity_id)`` of the audit events for one table, oldest first."""
    from crm.models import AuditEvent

    db.session.expire_all()
    return [
        (e.action, e.entity_id)
        for e in db.session.scalars(
            sa.select(AuditEvent)
            .where(AuditEvent.entity_type == entity_type)
            .order_by(AuditEvent.id)
        )
    ]
