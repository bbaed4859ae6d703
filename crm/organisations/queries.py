"""What the organisation pages read: the list with its filters, one organisation, pickers."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload, selectinload

from crm.extensions import db
from crm.organisations.models import Organisation
from crm.organisations.rules import OrganisationError
from crm.pagination import db_id
from crm.search.filters import ListFilters
from crm.search.match import exact_first, matches
from crm.search.normalize import normalize
from crm.tags.models import Tag, organisation_tags
from crm.time import today

#: filters higher features add to the list (groups: ``?group=`` "member of")
ORGANISATION_FILTERS = ListFilters()


def list_query(
    q: str | None = None,
    kind: str | None = None,
    state: str | None = None,
    archived: bool = False,
    tag_id: int | None = None,
    on: date | None = None,
    filters: Mapping | None = None,
) -> sa.Select:
    """Return the SELECT for the organisation list with search and filters applied.

    ``filters`` are the request arguments the filters of higher features read (as of
    ``on``, default today).
    """
    stmt = sa.select(Organisation).options(joinedload(Organisation.parent))
    stmt = stmt.where(
        Organisation.archived_at.is_not(None) if archived else Organisation.not_archived()
    )
    found = matches(Organisation, q)
    if found is not None:
        # rows that contain every word first, then those that only sound like it
        stmt = stmt.where(found).order_by(exact_first(Organisation, q))
    if kind:
        stmt = stmt.where(Organisation.kind == kind)
    if state:
        stmt = stmt.where(Organisation.state == state)
    if tag_id:
        tagged = sa.select(organisation_tags.c.organisation_id).where(
            organisation_tags.c.tag_id == tag_id
        )
        stmt = stmt.where(Organisation.id.in_(tagged))
    return ORGANISATION_FILTERS.apply(stmt, filters, on or today())


def list_from_args(args) -> sa.Select:
    """Return the organisation list's SELECT for the filters in ``args`` (the list page's
    query parameters, or a bulk action's posted filters)."""
    return list_query(
        args.get("q"),
        args.get("kind"),
        args.get("state"),
        archived=args.get("archived") == "1",
        tag_id=args.get("tag", type=db_id),
        filters=args,
    )


def sort_columns() -> dict:
    """Return the list's sort keys: name, kind, state, city, parent's name."""
    parent = sa.orm.aliased(Organisation)
    parent_name = (
        sa.select(parent.name)
        .where(parent.id == Organisation.parent_id)
        .correlate(Organisation)
        .scalar_subquery()
    )
    return {
        "name": Organisation.sort_key,
        "kind": Organisation.kind,
        "state": Organisation.state,
        "city": Organisation.city,
        "parent": parent_name,
    }


def detail(org_id: int) -> Organisation | None:
    """Return an organisation with its parent, children and tags loaded."""
    return db.session.scalar(
        sa.select(Organisation)
        .options(
            joinedload(Organisation.parent),
            selectinload(Organisation.children),
            selectinload(Organisation.tags),
        )
        .where(Organisation.id == org_id)
    )


def all_tags() -> list[Tag]:
    """Return every tag, for the list filters."""
    return list(db.session.scalars(sa.select(Tag).order_by(Tag.name)))


# --- picking an organisation by name ------------------------------------------------------

_ID_SUFFIX = re.compile(r"\(#(\d+)\)\s*$|^#?(\d+)$")


def label(org: Organisation) -> str:
    """Return the text a picker field shows for ``org``: "Stadt Leipzig (#12)"."""
    return f"{org.name} (#{org.id})"


def resolve(text: str, exclude_id: int | None = None) -> Organisation:
    """Return the one current organisation meant by ``text`` (a name, "Name (#12)" or "#12").

    Raises ``OrganisationError`` with the candidates when the text is ambiguous.
    """
    match = _ID_SUFFIX.search(text.strip())
    if match:
        org = db.session.get(Organisation, int(match.group(1) or match.group(2)))
        if org is not None and not org.is_archived and org.id != exclude_id:
            return org
    found = list(
        db.session.scalars(
            list_query(text)
            .where(Organisation.id != (exclude_id or 0))
            .order_by(Organisation.name)
            .limit(11)
        )
    )
    key = normalize(text)
    exact = [o for o in found if key in (normalize(o.name), normalize(o.short_name))]
    if len(exact) == 1:
        return exact[0]
    if len(found) == 1:
        return found[0]
    if not found:
        raise OrganisationError(_l("Keine Organisation mit diesem Namen gefunden."))
    raise OrganisationError(
        _l("Mehrere Organisationen passen, bitte eine auswählen."), choices=found[:10]
    )
