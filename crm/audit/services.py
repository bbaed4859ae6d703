"""Writing audit events. Services call these; views never write audit events themselves.

A summary that says something in words is a ``Message``: a German msgid (marked ``N_`` for
the catalogue) and the values of its placeholders. The event keeps both, and the history
and the audit log translate it into the reader's language when they show it
(``readable.summary_text``); ``summary`` holds its German text for search and erasure.
A summary that is only data (a name, an e-mail address) stays a plain string.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask_babel import force_locale
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


def N_(msgid: str) -> str:
    """Mark a German msgid for the catalogue without translating it (translated when shown)."""
    return msgid


@dataclass(frozen=True)
class Message:
    """An audit summary in words: a German msgid (``N_``) and its placeholders' values.

    Values are kept as JSON (dates as ISO text) and shown as the history shows values: a code
    of a field with labels (``role``, ``consent_invitations`` …) by its label, yes/no and
    dates in the reader's language. Names and titles are the records' own text.
    """

    msgid: str
    params: dict[str, Any] = field(default_factory=dict)

    def __init__(self, msgid: str, **params: Any) -> None:
        object.__setattr__(self, "msgid", msgid)
        object.__setattr__(self, "params", {k: _plain(v) for k, v in params.items()})


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
    summary: str | Message | None = None,
    changes: dict[str, Any] | None = None,
    user=None,
) -> AuditEvent:
    """Add an audit event to the session (committed with the change it describes).

    ``summary`` is a ``Message`` (shown in the reader's language) or plain data (a name)."""
    if summary is not None and not isinstance(summary, str | Message):
        # a translated text (``_l``) would be stored in the writer's language
        raise TypeError("an audit summary in words is an audit.Message")
    message = params = None
    if isinstance(summary, Message):
        from crm.audit.readable import message_text

        message, params = summary.msgid, summary.params or None
        with force_locale("de"):
            summary = message_text(entity_type, message, params)
    event = AuditEvent(
        user_id=_actor_id(user),
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        summary=(summary or "")[:500] or None,
        message=message,
        params=params,
        changes=changes,
    )
    db.session.add(event)
    return event


def record_all(
    action: str, entity_type: str, events: list[tuple[int, str | Message, dict]]
) -> None:
    """Write many events of one kind with ONE statement: ``(entity_id, summary, changes)``
    each (a bulk action audits every record it changed, as the single action does)."""
    if not events:
        return
    from crm.audit.readable import message_text

    user_id = _actor_id()
    rows = []
    with force_locale("de"):
        for entity_id, summary, changes in events:
            message = params = None
            if isinstance(summary, Message):
                message, params = summary.msgid, summary.params or None
                summary = message_text(entity_type, message, params)
            rows.append(
                {
                    "user_id": user_id,
                    "action": action,
                    "entity_type": entity_type,
                    "entity_id": entity_id,
                    "summary": (summary or "")[:500] or None,
                    "message": message,
                    "params": params,
                    "changes": changes,
                }
            )
    db.session.execute(sa.insert(AuditEvent), rows)


def record_create(obj, summary: str | Message | None = None, user=None) -> AuditEvent:
    """Audit a new row (flushes it to get its id); changes list every field as [None, value]."""
    db.session.flush()
    changes = {k: [None, v] for k, v in snapshot(obj).items() if v not in (None, "")}
    return record("create", obj.__tablename__, obj.id, summary=summary, changes=changes, user=user)


def record_update(
    obj, before: dict[str, Any], summary: str | Message | None = None, user=None
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


def set_archived(obj, archived: bool, summary: str | Message | None = None) -> None:
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
