"""Writing audit events. Services call these; views never write audit events themselves."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask_login import current_user

from crm.audit.models import AuditEvent
from crm.extensions import db

#: columns that are never shown as changes
_IGNORED = {
    "id",
    "created_at",
    "updated_at",
    "version",
    "search_text",
    "password_hash",
    # kept for sorting and fuzzy search, derived from the name: no change of its own
    "sort_key",
    "phonetic_key",
    "organisation_sort_key",
}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _actor_id(user=None) -> int | None:
    if user is not None:
        return user.id
    try:
        return current_user.id if current_user and current_user.is_authenticated else None
    except Exception:  # outside a request (CLI)
        return None


def snapshot(obj) -> dict[str, Any]:
    """Return the audited column values of ``obj``."""
    mapper = sa.inspect(obj).mapper
    return {
        c.key: _plain(getattr(obj, c.key)) for c in mapper.column_attrs if c.key not in _IGNORED
    }


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Return ``{field: [old, new]}`` for the fields that differ."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def record(
    action: str,
    entity_type: str,
    entity_id: int | None,
    *,
    summary: str | None = None,
    changes: dict[str, Any] | None = None,
    user=None,
) -> AuditEvent:
    """Add an audit event to the session (committed with the change it describes)."""
    event = AuditEvent(
        user_id=_actor_id(user),
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        summary=(summary or "")[:500] or None,
        changes=changes,
    )
    db.session.add(event)
    return event


def record_all(action: str, entity_type: str, events: list[tuple[int, str, dict]]) -> None:
    """Write many events of one kind with ONE statement: ``(entity_id, summary, changes)``
    each (a bulk action audits every record it changed, as the single action does)."""
    if not events:
        return
    user_id = _actor_id()
    db.session.execute(
        sa.insert(AuditEvent),
        [
            {
                "user_id": user_id,
                "action": action,
                "entity_type": entity_type,
                "entity_id": entity_id,
                "summary": (summary or "")[:500] or None,
                "changes": changes,
            }
            for entity_id, summary, changes in events
        ],
    )


def record_create(obj, summary: str | None = None, user=None) -> AuditEvent:
    """Audit a new row (flushes it to get its id); changes list every field as [None, value]."""
    db.session.flush()
    changes = {k: [None, v] for k, v in snapshot(obj).items() if v not in (None, "")}
    return record("create", obj.__tablename__, obj.id, summary=summary, changes=changes, user=user)


def record_update(
    obj, before: dict[str, Any], summary: str | None = None, user=None
) -> AuditEvent | None:
    """Audit the fields of ``obj`` that changed since ``before = snapshot(obj)``."""
    changes = diff(before, snapshot(obj))
    if not changes:
        return None
    return record("update", obj.__tablename__, obj.id, summary=summary, changes=changes, user=user)


def history(entity_type: str, entity_id: int, limit: int = 200) -> list[AuditEvent]:
    """Return the audit events of one record and of its related rows (an organisation's
    memberships and delegates, ``readable.register_related``), newest first, users loaded."""
    from crm.audit.readable import related_conditions

    own = sa.and_(AuditEvent.entity_type == entity_type, AuditEvent.entity_id == entity_id)
    return list(
        db.session.scalars(
            sa.select(AuditEvent)
            .options(sa.orm.joinedload(AuditEvent.user))
            .where(sa.or_(own, *related_conditions(entity_type, entity_id)))
            .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
            .limit(limit)
        )
    )


def set_archived(obj, archived: bool, summary: str | None = None) -> None:
    """Archive or restore a row with ``ArchiveMixin`` and audit it; no-op if already so.

    Archived rows are hidden from lists and pickers; their history stays.
    """
    from crm.time import utcnow

    if obj.is_archived == archived:
        return
    before = snapshot(obj)
    obj.archived_at = utcnow() if archived else None
    record(
        "archive" if archived else "restore",
        obj.__tablename__,
        obj.id,
        summary=summary,
        changes=diff(before, snapshot(obj)),
    )
