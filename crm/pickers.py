"""The one way to let a form pick a person, an organisation or a group among many.

Two shapes, both bounded at any data size and both working without JavaScript:

- a ``<select>`` whose options are a sensible default list (e.g. the member organisations'
  people) or the matches of a search box, at most ``LIMIT`` of them: ``choices()``;
- a text field that ``static/js/lookup.js`` fills with suggestions from a JSON URL while
  typing (the server resolves the typed name itself on submit): ``suggest()``.

This module knows no feature: the caller hands in the SELECT (which rows may be picked at
all), the narrowing conditions (the default list, or the search) and how a row reads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import sqlalchemy as sa
from flask import request

from crm.extensions import db
from crm.pagination import db_id

#: the most options a picker lists; the search box above it narrows the list down
LIMIT = 300


def choices(
    pickable: sa.Select,
    narrow: Iterable[sa.ColumnElement[bool]] = (),
    *,
    label: Callable[[sa.Row], str],
    blank: str,
    selected: int | None = None,
    limit: int = LIMIT,
) -> list[tuple[Any, str]]:
    """Return ``[("", blank), (id, label), …]``: the first ``limit`` pickable rows that match.

    ``pickable`` selects ``(id, …)`` of every row that may be picked at all (not archived),
    in display order; ``narrow`` are the conditions of this listing (the default list or a
    search). ``selected`` (the posted or current id) is always offered when pickable, so it
    validates even when the narrowed list does not hold it.
    """
    rows = db.session.execute(pickable.where(*narrow).limit(limit)).all()
    if selected and selected not in {row[0] for row in rows}:
        rows += db.session.execute(pickable.where(pickable.selected_columns[0] == selected)).all()
    return [("", blank)] + [(row[0], label(row)) for row in rows]


def posted_id(name: str) -> int | None:
    """Return the id the form posted (or the link passed) as ``name``, None when missing or bad."""
    try:
        return db_id(request.form.get(name) or request.args.get(name))
    except (TypeError, ValueError):
        return None


def suggest(field, url: str) -> None:
    """Let ``lookup.js`` suggest values for the text ``field`` from the JSON at ``url``."""
    field.render_kw = {**(field.render_kw or {}), "data-lookup": url}
