"""The one search condition on a stored ``search_text`` column."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from crm.search.normalize import search_terms


def matches(model, q: str | None):
    """Return "``model`` row matches every word of ``q``" as a SQL condition, or None.

    The words are matched inside a subquery of ids so that the database finds the rows
    through the ``search_text`` index (a trigram index on PostgreSQL; on SQLite a scan of
    the covering index) before it sorts them, instead of walking the sort index and testing
    every row of a large table.
    """
    terms = search_terms(q)
    if not terms:
        return None
    inner = aliased(model)
    ids = sa.select(inner.id).where(
        *(inner.search_text.contains(term, autoescape=True) for term in terms)
    )
    return model.id.in_(ids)
