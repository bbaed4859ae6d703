"""Bulk actions on a selection of tagged records (people, organisations): tag, untag, archive.

One operation, all or nothing: every changed record gets its own audit event (so each
person's history shows it) with one shared summary, and the caller commits once or rolls
back on a ``BulkError``. The selection is either the ticked rows or every row the list's
filters match (``MAX_SELECTION`` at most).
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from crm.audit import services as audit
from crm.extensions import db
from crm.rules import RuleError
from crm.tags.models import Tag
from crm.tags.services import parse_tag_names, tags_from_text, tags_text
from crm.time import utcnow

#: the bulk actions: code -> German label
ACTIONS = {
    "tag": _l("Schlagwort hinzufügen"),
    "untag": _l("Schlagwort entfernen"),
    "archive": _l("Archivieren"),
}

#: the largest selection one bulk action changes
MAX_SELECTION = 5000


class BulkError(RuleError):
    """A bulk action cannot run as asked; nothing was changed."""


def selected(model, ids: Iterable[int] | None = None, stmt: sa.Select | None = None) -> list:
    """Return the rows of ``model`` chosen by ``ids`` or matched by the list query ``stmt``,
    with their tags loaded in one query."""
    if stmt is not None:
        matched = stmt.order_by(None).subquery()
        chosen = sa.select(matched.c.id).limit(MAX_SELECTION + 1)
    else:
        chosen = sorted(set(ids or ()))
        if len(chosen) > MAX_SELECTION:
            raise BulkError(_l("Höchstens %(n)s Einträge auf einmal.", n=MAX_SELECTION))
    rows = list(
        db.session.scalars(
            sa.select(model).where(model.id.in_(chosen)).options(selectinload(model.tags))
        )
    )
    if len(rows) > MAX_SELECTION:
        raise BulkError(_l("Höchstens %(n)s Einträge auf einmal.", n=MAX_SELECTION))
    return rows


def _tags_for(action: str, text: str | None) -> list[Tag]:
    if not parse_tag_names(text):
        raise BulkError(_l("Bitte ein Schlagwort angeben."), "tags")
    if action == "tag":
        return tags_from_text(text)
    folded = [n.casefold() for n in parse_tag_names(text)]
    return list(db.session.scalars(sa.select(Tag).where(sa.func.lower(Tag.name).in_(folded))))


def archive(rows: list) -> int:
    """Archive ``rows`` (one model) with ONE UPDATE; return how many were not archived yet.

    Each archived record gets its own audit event, as a single archive writes it.
    """
    changed = [row for row in rows if not row.is_archived]
    if not changed:
        return 0
    model = type(changed[0])
    now = utcnow()
    db.session.execute(
        sa.update(model)
        .where(model.id.in_([row.id for row in changed]), model.archived_at.is_(None))
        .values(archived_at=now, updated_at=now, version=model.version + 1),
        execution_options={"synchronize_session": False},
    )
    summary = audit.Message(audit.N_("Sammelaktion: archiviert (%(n)s Einträge)"), n=len(rows))
    changes = {"archived_at": [None, now.isoformat()]}
    audit.record_all("archive", model.__tablename__, [(r.id, summary, changes) for r in changed])
    for row in changed:
        # the session's copy as the UPDATE left the row (no reload per row)
        set_committed_value(row, "archived_at", now)
        set_committed_value(row, "updated_at", now)
        set_committed_value(row, "version", row.version + 1)
    return len(changed)


def apply(action: str, rows: list, tag_text: str | None = None) -> int:
    """Apply ``action`` to ``rows``; return how many records changed (audited each)."""
    if action not in ACTIONS:
        raise BulkError(_l("Bitte eine Sammelaktion wählen."), "action")
    if not rows:
        raise BulkError(_l("Bitte mindestens einen Eintrag auswählen."))
    if action == "archive":
        return archive(rows)
    tags = _tags_for(action, tag_text)
    names = ", ".join(t.name for t in tags) or (tag_text or "").strip()
    summary = audit.Message(
        audit.N_("Sammelaktion: Schlagwort „%(tags)s“ hinzugefügt (%(n)s Einträge)")
        if action == "tag"
        else audit.N_("Sammelaktion: Schlagwort „%(tags)s“ entfernt (%(n)s Einträge)"),
        tags=names,
        n=len(rows),
    )
    now = utcnow()
    changed = []
    for row in rows:
        if action == "tag":
            new_tags = [*row.tags, *(t for t in tags if t not in row.tags)]
        else:
            new_tags = [t for t in row.tags if t not in tags]
        if new_tags != list(row.tags):
            changed.append((row, new_tags))
    if not changed:
        return 0
    _write_tags(action, changed, tags, now)
    audit.record_all(
        "update",
        changed[0][0].__tablename__,
        [
            (row.id, summary, {"tags": [tags_text(row.tags) or None, tags_text(new) or None]})
            for row, new in changed
        ],
    )
    for row, new_tags in changed:
        # the session's copy as the statements left the row (no reload per row)
        set_committed_value(row, "tags", new_tags)
        set_committed_value(row, "updated_at", now)
        set_committed_value(row, "version", row.version + 1)
    return len(changed)


def _write_tags(action: str, changed: list[tuple], tags: list[Tag], now) -> None:
    """Link or unlink ``tags`` with one statement, and raise the records' versions with
    one UPDATE (a tags-only change makes another open edit form stale too)."""
    model = type(changed[0][0])
    link = model.tags.property.secondary
    owner = next(c for c in link.c if c.name != "tag_id")
    ids = [row.id for row, _new in changed]
    if action == "tag":
        db.session.flush()  # new tags get their ids
        pairs = [
            {owner.name: row.id, "tag_id": t.id}
            for row, _new in changed
            for t in tags
            if t not in row.tags
        ]
        db.session.execute(sa.insert(link), pairs)
    else:
        db.session.execute(
            sa.delete(link).where(owner.in_(ids), link.c.tag_id.in_([t.id for t in tags]))
        )
    db.session.execute(
        sa.update(model).where(model.id.in_(ids)).values(updated_at=now, version=model.version + 1),
        execution_options={"synchronize_session": False},
    )
