"""The one optimistic-locking idiom: refuse stale saves and say what the other person changed.

A form for a record two people may edit derives from ``LockedForm`` (hidden ``version`` and
``seen_event``); the service calls ``check_version`` before it writes, which raises
``StaleEdit`` with the changes the editor has not seen. The view shows them beside the
user's input (``prepare_retry``). A race the version check cannot see (two saves in the
same instant) ends in SQLAlchemy's ``StaleDataError`` on flush: views treat it as the same
``StaleEdit`` (``prepare_retry`` looks the newest change up).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy.orm.exc import StaleDataError
from wtforms import HiddenField

from crm.audit.models import AuditEvent
from crm.extensions import db
from crm.rules import RuleError


@dataclass
class OtherChange:
    """One field another person changed since the form was opened."""

    field: str
    old: object
    new: object
    user: str | None
    at: datetime


class StaleEdit(RuleError):
    """The record changed since the form was opened; nothing was saved.

    ``changes`` lists what others changed meanwhile, with who and when (may be empty when
    the database itself refused the save).
    """

    def __init__(self, changes: list[OtherChange] | None = None) -> None:
        super().__init__(
            _l(
                "Jemand anderes hat diesen Datensatz inzwischen geändert. Ihre Eingaben sind "
                "unten erhalten; bitte prüfen und erneut speichern."
            )
        )
        self.changes = list(changes or [])


class LockedForm(FlaskForm):
    """A form for a record two people may edit: it carries the version it was based on."""

    version = HiddenField()
    seen_event = HiddenField()

    @property
    def based_on(self) -> tuple[int | None, int | None]:
        """Return ``(version, seen_event)`` the form was based on, for ``check_version``."""
        return self.int_or_none("version"), self.int_or_none("seen_event")

    def int_or_none(self, name: str) -> int | None:
        """Return the hidden field ``name`` as an int, or None when it is missing or bad.

        A posted form that lacks the field counts as missing, even though WTForms would
        fill it from the record (``obj=``): a hand-made POST proves no version.
        """
        field = getattr(self, name)
        if self.is_submitted() and not field.raw_data:
            return None
        try:
            return int(field.data)
        except (TypeError, ValueError):
            return None


def last_event_id(entity_type: str, entity_id: int) -> int:
    """Return the id of the newest audit event of a record (0 when there is none)."""
    return (
        db.session.scalar(
            sa.select(sa.func.max(AuditEvent.id)).where(
                AuditEvent.entity_type == entity_type, AuditEvent.entity_id == entity_id
            )
        )
        or 0
    )


def changes_since(
    entity_type: str, entity_id: int, seen_event: int | None, missed_versions: int
) -> list[OtherChange]:
    """Return the field changes of the audit events the editor has not seen.

    ``seen_event`` is the newest event id when the form was opened; without it the newest
    ``missed_versions`` events are taken. Each field appears once: its value before the
    first unseen change and after the last one.
    """
    stmt = (
        sa.select(AuditEvent)
        .options(sa.orm.joinedload(AuditEvent.user))
        .where(AuditEvent.entity_type == entity_type, AuditEvent.entity_id == entity_id)
    )
    if seen_event:
        events = list(
            db.session.scalars(stmt.where(AuditEvent.id > seen_event).order_by(AuditEvent.id))
        )
    else:
        newest = db.session.scalars(
            stmt.order_by(AuditEvent.id.desc()).limit(max(1, missed_versions))
        )
        events = list(reversed(list(newest)))
    merged: dict[str, OtherChange] = {}
    for event in events:
        who = event.user.name if event.user else None
        for name, change in (event.changes or {}).items():
            if not (isinstance(change, list) and len(change) == 2):
                continue
            if name in merged:
                merged[name].new, merged[name].user, merged[name].at = (
                    change[1],
                    who,
                    event.created_at,
                )
            else:
                merged[name] = OtherChange(name, change[0], change[1], who, event.created_at)
    return list(merged.values())


def check_version(obj, version: int | None, seen_event: int | None) -> None:
    """Raise ``StaleEdit`` unless the form was based on ``obj``'s current ``version``."""
    if version is not None and version == obj.version:
        return
    # a form without a (valid) version cannot prove it saw the current data: refused like a
    # stale one, so nothing is ever overwritten unchecked
    behind = obj.version - version if version is not None else 1
    raise StaleEdit(changes_since(obj.__tablename__, obj.id, seen_event, max(behind, 1)))


def prepare_retry(form, obj, changes: list) -> list:
    """Return the changes to show after a refused save, and base the form on ``obj`` now.

    ``changes`` may be empty when the database itself refused the save (a race the version
    check did not see); the newest change is looked up then. The form then carries the
    current version, so the user's next save is a deliberate decision on what they now see.
    """
    if not changes:
        changes = changes_since(obj.__tablename__, obj.id, form.int_or_none("seen_event"), 1)
    base_form_on(form, obj)
    return changes


def base_form_on(form, obj) -> None:
    """Put ``obj``'s current version and newest history entry into the form's hidden fields."""
    form.version.data = obj.version
    form.seen_event.data = last_event_id(obj.__tablename__, obj.id)


def locked(form, obj):
    """Return ``form`` for editing ``obj``; on the first GET it is based on ``obj`` as saved now."""
    if request.method == "GET":
        base_form_on(form, obj)
    return form


def save_locked(form, obj, action: Callable[[], object], default_field: str | None = None):
    """Return the result of ``action()`` (``obj`` when it returns nothing), committed, when
    ``form`` was posted and valid; else None, and nothing is written.

    A broken rule puts its message beside its field (``default_field`` or the form's own
    errors when the rule names none). A stale save (another person's change in between,
    seen by ``check_version`` or by the database on flush) is refused: ``form.conflict``
    holds what changed, and the form carries the current version, so a second save is a
    deliberate one.
    """
    form.conflict = None
    if not form.validate_on_submit():
        return None
    try:
        result = action()
        db.session.commit()
    except (StaleEdit, StaleDataError) as exc:
        db.session.rollback()
        changes = getattr(exc, "changes", [])
    except RuleError as exc:
        db.session.rollback()
        field = getattr(form, exc.field or default_field or "", None)
        if field is not None:
            field.errors = [*field.errors, str(exc)]
        else:
            form.form_errors.append(str(exc))
        return None
    else:
        return obj if result is None else result
    if obj is not None:
        db.session.refresh(obj)
        form.conflict = prepare_retry(form, obj, changes)
    return None


def form_status(form) -> int:
    """Return the status of a form page: 409 after a stale save, 400 when refused, else 200."""
    if getattr(form, "conflict", None) is not None:
        return 409
    return 400 if form.errors or form.form_errors else 200
