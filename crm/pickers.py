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
from flask import jsonify, request
from flask_babel import gettext as _

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
    """Make ``field`` (a text field or a ``<select>`` of ids) a type-ahead picker: ``lookup.js``
    shows the matches of the JSON at ``url`` (``lookup_response``) in a listbox while typing
    and announces their number; without JavaScript the field works as it is."""
    field.render_kw = {
        **(field.render_kw or {}),
        "data-lookup": url,
        "data-lookup-none": _("Keine Treffer."),
        "data-lookup-one": _("1 Treffer, mit Pfeiltasten wählen."),
        "data-lookup-many": _("%(n)s Treffer, mit Pfeiltasten wählen.", n="%(n)s"),
        "data-lookup-more": _(
            "Die ersten %(n)s Treffer, bitte genauer eingeben oder mit Pfeiltasten wählen.",
            n="%(n)s",
        ),
        "data-lookup-chosen": _("%(label)s ausgewählt.", label="%(label)s"),
    }


#: the most matches a type-ahead lookup returns; the user types on to narrow them down
LOOKUP_LIMIT = 10


def lookup_response(stmt: sa.Select, item: Callable[[Any], dict]):
    """Return the JSON list of the first ``LOOKUP_LIMIT`` rows of ``stmt`` as ``item`` shapes
    them (``{"id", "label", "detail"}``); ``X-More-Results: 1`` says there are more."""
    rows = list(db.session.scalars(stmt.limit(LOOKUP_LIMIT + 1)))
    response = jsonify([item(row) for row in rows[:LOOKUP_LIMIT]])
    response.headers["X-More-Results"] = "1" if len(rows) > LOOKUP_LIMIT else "0"
    response.headers["Cache-Control"] = "no-store"
    return response
