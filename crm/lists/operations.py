"""Saving, finding and running saved distribution lists.

A list is run through the export builder's one filter parser (``ContactFilter.from_args``)
with the chosen as-of date; the people it gives are limited by the runner's export scope
and, for a group lead's list, by the groups its owner leads.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qsl, urlencode

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from crm.auth.permissions import STAFF_ROLES
from crm.exports.filters import ContactFilter, export_scope
from crm.exports.models import saved_list_members
from crm.extensions import db
from crm.lists.models import SavedList
from crm.rules import RuleError
from crm.time import today


class ListError(RuleError):
    """A saved list cannot be saved or run as asked."""


def clean_query(query: str) -> str:
    """Return the builder's query string without the as-of date and empty values."""
    pairs = [(k, v) for k, v in parse_qsl(query or "") if k != "on" and v != ""]
    # validate now, so that a broken list is never saved
    ContactFilter.from_args(MultiDict(pairs))
    return urlencode(pairs)


def save_list(user, name: str, query: str, shared: bool) -> SavedList:
    """Save the builder's filters under ``name`` for ``user``."""
    name = (name or "").strip()
    if not name:
        raise ListError(_l("Bitte einen Namen für den Verteiler angeben."))
    saved = SavedList(name=name[:150], query=clean_query(query), shared=shared, owner=user)
    db.session.add(saved)
    return saved


def visible_query(user) -> sa.Select:
    """Return the SELECT of the lists ``user`` may run: their own, and shared ones for staff."""
    cond = SavedList.owner_id == user.id
    if user.role in STAFF_ROLES:
        cond = sa.or_(cond, SavedList.shared.is_(True))
    return sa.select(SavedList).where(cond)


def visible_lists(user) -> list[SavedList]:
    """Return the lists ``user`` may run, by name."""
    return list(db.session.scalars(visible_query(user).order_by(SavedList.name)))


def get_list(user, list_id: int) -> SavedList | None:
    """Return the list if ``user`` may run it, else None."""
    saved = db.session.get(SavedList, list_id)
    if saved is None:
        return None
    if saved.owner_id == user.id or (saved.shared and user.role in STAFF_ROLES):
        return saved
    return None


def list_filter(saved: SavedList, as_of: date | None = None) -> ContactFilter:
    """Return the filter of ``saved`` as of ``as_of`` (today by default)."""
    pairs = parse_qsl(saved.query)
    pairs.append(("on", (as_of or today()).isoformat()))
    return ContactFilter.from_args(MultiDict(pairs))


def list_scope(saved: SavedList, user) -> set[int] | None:
    """Return the group ids the list may show to ``user`` (None: everyone).

    A group lead's list stays limited to the groups its owner leads, whoever runs it.
    """
    scopes = [s for s in (export_scope(user), _owner_scope(saved)) if s is not None]
    if not scopes:
        return None
    return set.intersection(*scopes)


def _owner_scope(saved: SavedList) -> set[int] | None:
    if saved.owner is None:
        return None
    return export_scope(saved.owner)


def builder_query(saved: SavedList, as_of: date | None = None) -> str:
    """Return the query string that opens the builder (and its downloads) on this list."""
    pairs = parse_qsl(saved.query)
    pairs.append(("on", (as_of or today()).isoformat()))
    pairs.append(("list", str(saved.id)))
    return urlencode(pairs)


def everyone(saved: SavedList) -> bool:
    """Return whether the list selects everyone (no filter, nobody added by hand)."""
    flt = ContactFilter.from_args(MultiDict(parse_qsl(saved.query)))
    return not flt.has_criteria and not member_counts([saved.id])


def add_members(saved: SavedList, contact_ids: list[int]) -> int:
    """Return how many of the people were added to ``saved`` by hand (the rest were in it
    already); one query for who is in it, one INSERT for the rest."""
    ids = sorted(set(contact_ids))
    link = saved_list_members.c
    present = set(
        db.session.scalars(
            sa.select(link.contact_id).where(
                link.saved_list_id == saved.id, link.contact_id.in_(ids)
            )
        )
    )
    new = [i for i in ids if i not in present]
    if new:
        db.session.execute(
            sa.insert(saved_list_members),
            [{"saved_list_id": saved.id, "contact_id": i} for i in new],
        )
    return len(new)


def member_counts(list_ids: list[int]) -> dict[int, int]:
    """Return ``{list id: people added by hand}`` for the lists (one query)."""
    link = saved_list_members.c
    stmt = (
        sa.select(link.saved_list_id, sa.func.count())
        .where(link.saved_list_id.in_(list_ids))
        .group_by(link.saved_list_id)
    )
    return {list_id: n for list_id, n in db.session.execute(stmt)}
