"""Stored copies of another record's sort key, so that a sub-list sorts on its own index.

A group's 5,000 seats listed by their holders' names sorted 5,000 rows joined to the people
on every view of the group. Instead a seat keeps its holder's ``Contact.sort_key`` in its own
``sort_key`` column (an invitation its invitee's, a membership its organisation's), and the
sub-list reads the first rows of one index (group, rank, key, id).

``keep_copy(Seat, Seat.contact_id, Contact)`` keeps such a copy current:

- a row written with a new ``contact_id`` (a new seat, one moved to another person) gets the
  key in its own INSERT or UPDATE: from the person in the session when it is loaded, else as
  a subquery of the statement (no query of its own);
- when a person's ``sort_key`` changes (a renamed person), one UPDATE gives every row that
  copies it the new key;
- a bulk statement that bypasses the ORM (a merge's ``repoint``, a batch INSERT) calls
  ``recopy`` for the rows it wrote.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm.util import identity_key

from crm.extensions import db

#: ``(model, foreign key column, source model)`` of every copy kept
COPIES: list[tuple] = []


def keep_copy(model, fk, source) -> None:
    """Keep ``model.sort_key`` equal to the ``sort_key`` of the ``source`` row ``fk`` names."""
    COPIES.append((model, fk, source))

    def copy(mapper, connection, target) -> None:
        state = sa.inspect(target)
        if state.key is not None and not state.attrs[fk.key].history.has_changes():
            return
        source_id = getattr(target, fk.key)
        session = state.session
        found = None
        if session is not None and source_id is not None:
            found = session.identity_map.get(identity_key(source, source_id))
        if found is not None and "sort_key" in sa.inspect(found).dict:
            target.sort_key = found.sort_key
        else:  # the key read by the INSERT or UPDATE itself
            target.sort_key = _of(source, source_id)

    def follow(mapper, connection, target) -> None:
        if not sa.inspect(target).attrs.sort_key.history.has_changes():
            return
        table = model.__table__
        connection.execute(
            sa.update(table).where(table.c[fk.key] == target.id).values(sort_key=target.sort_key)
        )

    sa.event.listen(model, "before_insert", copy)
    sa.event.listen(model, "before_update", copy)
    sa.event.listen(source, "after_update", follow)


def _of(source, source_id) -> sa.ScalarSelect:
    """Return the subquery of the key of the ``source`` row ``source_id`` (a value, or the
    row's foreign key column in an UPDATE of many rows)."""
    return sa.select(source.sort_key).where(source.id == source_id).scalar_subquery()


def recopy(model, *where) -> None:
    """Copy the key again into the rows of ``model`` matching ``where`` (one UPDATE), after a
    bulk statement wrote their foreign key."""
    for copied, fk, source in COPIES:
        if copied is model:
            db.session.execute(
                sa.update(model).where(*where).values(sort_key=_of(source, fk)),
                execution_options={"synchronize_session": False},
            )


def recopy_column(column, value) -> None:
    """``recopy`` the rows whose ``column`` (a copy's foreign key) is now ``value``."""
    for copied, fk, _source in COPIES:
        if fk is column:
            recopy(copied, column == value)
