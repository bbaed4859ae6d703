"""Keeps the stored ``search_text``, ``sort_key`` and ``phonetic_key`` columns current on
every flush.

A model with ``compute_search_text()`` (and optionally ``compute_sort_key()`` and
``compute_phonetic_key()``) has its columns
recomputed when it changes; a model with ``search_parent()`` has its parent's recomputed.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session


def _refresh_search_text(session: Session, flush_context, instances) -> None:
    touched = set()
    for obj in list(session.new) + list(session.dirty):
        # a row that is part of another record's search text (an affiliation of a person)
        # names that record with ``search_parent()``
        if hasattr(obj, "search_parent"):
            parent = obj.search_parent()
            if parent is not None:
                touched.add(parent)
        elif hasattr(obj, "compute_search_text"):
            touched.add(obj)
    with session.no_autoflush:
        for obj in touched:
            refresh(obj)
        _follow_renames(session)


#: ``(model, follower)``: ``follower(session, obj, old_name, new_name)`` runs for a ``model``
#: record whose stored ``name`` changes (people follow a renamed organisation:
#: ``crm.contacts.models``)
RENAME_FOLLOWERS: list = []


def _follow_renames(session: Session) -> None:
    """Run the rename followers for every record of the flush whose stored ``name`` changes."""
    if not RENAME_FOLLOWERS:
        return
    for obj in list(session.dirty):
        followers = [f for model, f in RENAME_FOLLOWERS if isinstance(obj, model)]
        state = sa.inspect(obj)
        if not followers or state.key is None or not session.is_modified(obj):
            continue
        table = state.mapper.local_table
        # the row as stored before this flush (the attribute history is not always loaded)
        stored = session.connection().scalar(
            sa.select(table.c.name).where(table.c.id == state.identity[0])
        )
        if stored is not None and stored != obj.name:
            for follower in followers:
                follower(session, obj, stored, obj.name)


#: the stored search columns: (column, method computing it, its length)
COMPUTED = (
    ("search_text", "compute_search_text", 700),
    ("sort_key", "compute_sort_key", 300),
    ("organisation_sort_key", "compute_organisation_sort_key", 300),
    ("phonetic_key", "compute_phonetic_key", 200),
)


def refresh(obj) -> bool:
    """Recompute the stored search columns of ``obj``; return whether any changed."""
    changed = False
    for column, method, length in COMPUTED:
        if not hasattr(obj, method):
            continue
        value = getattr(obj, method)()[:length]
        if getattr(obj, column) != value:
            setattr(obj, column, value)
            changed = True
    return changed


def register() -> None:
    """Install the flush hook once for every SQLAlchemy session."""
    if not sa.event.contains(Session, "before_flush", _refresh_search_text):
        sa.event.listen(Session, "before_flush", _refresh_search_text)
