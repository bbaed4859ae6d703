"""Keeps the stored ``search_text`` and ``sort_key`` columns current on every flush.

A model with ``compute_search_text()`` (and optionally ``compute_sort_key()``) has its columns
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
    for obj in touched:
        refresh(obj)


def refresh(obj) -> bool:
    """Recompute the stored search columns of ``obj``; return whether any changed."""
    changed = False
    value = obj.compute_search_text()[:700]
    if obj.search_text != value:
        obj.search_text = value
        changed = True
    if hasattr(obj, "compute_sort_key"):
        key = obj.compute_sort_key()[:300]
        if obj.sort_key != key:
            obj.sort_key = key
            changed = True
    return changed


def register() -> None:
    """Install the flush hook once for every SQLAlchemy session."""
    if not sa.event.contains(Session, "before_flush", _refresh_search_text):
        sa.event.listen(Session, "before_flush", _refresh_search_text)
