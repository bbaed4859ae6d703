"""Tags typed as a comma-separated field: find existing ones (any case) or create them."""

from __future__ import annotations

import sqlalchemy as sa

from crm.extensions import db
from crm.tags.models import Tag


def parse_tag_names(text: str | None) -> list[str]:
    """Return the distinct tag names of "Newsletter, Presse ,newsletter" (first spelling wins)."""
    names: dict[str, str] = {}
    for raw in (text or "").split(","):
        name = " ".join(raw.split())[:60]
        if name and name.casefold() not in names:
            names[name.casefold()] = name
    return list(names.values())


def tags_from_text(text: str | None) -> list[Tag]:
    """Return the Tag rows for a comma-separated field, creating missing ones.

    Matching is case-insensitive: "newsletter" reuses an existing "Newsletter".
    """
    names = parse_tag_names(text)
    if not names:
        return []
    folded = [n.casefold() for n in names]
    existing = {
        t.name.casefold(): t
        for t in db.session.scalars(sa.select(Tag).where(sa.func.lower(Tag.name).in_(folded)))
    }
    tags = []
    for name in names:
        tag = existing.get(name.casefold())
        if tag is None:
            tag = Tag(name=name)
            db.session.add(tag)
            existing[name.casefold()] = tag
        tags.append(tag)
    return tags


def tags_text(tags) -> str:
    """Return the comma-separated form of ``tags`` for an edit field."""
    return ", ".join(t.name for t in tags)


def record_edit(obj, apply, tags: str | None, summary: str) -> dict:
    """Apply an edit to a tagged record and audit it; return ``{field: [old, new]}``.

    ``apply(obj)`` sets the plain fields; ``tags`` (comma-separated, None = unchanged) sets the
    tags. A tags-only change touches ``updated_at`` so that it raises the version too.
    """
    from crm.audit import services as audit
    from crm.time import utcnow

    before = audit.snapshot(obj)
    old_tags = tags_text(obj.tags)
    apply(obj)
    if tags is not None:
        obj.tags = tags_from_text(tags)
    changes = audit.diff(before, audit.snapshot(obj))
    if tags is not None and tags_text(obj.tags) != old_tags:
        changes["tags"] = [old_tags or None, tags_text(obj.tags) or None]
    if changes:
        obj.updated_at = utcnow()
        audit.record("update", obj.__tablename__, obj.id, summary=summary, changes=changes)
    return changes
