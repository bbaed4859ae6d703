"""Small helpers shared by the group tests."""

from __future__ import annotations

import sqlalchemy as sa

from crm.extensions import db


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
