"""The options of the groups forms' pickers (``crm.pickers``): who may join, who may sit."""

from __future__ import annotations

import sqlalchemy as sa
from flask import request
from flask_babel import gettext as _

from crm import pickers
from crm.contacts.models import Affiliation, Contact
from crm.db import active_on
from crm.extensions import db
from crm.groups.models import Group
from crm.groups.queries import member_ids
from crm.organisations.models import Organisation
from crm.search.normalize import search_terms
from crm.time import today


def _search(column, param: str) -> list | None:
    """Return the conditions of the picker's search box ``?param=``, None when it is empty."""
    q = request.args.get(param, "").strip()
    if not q:
        return None
    return [column.contains(term, autoescape=True) for term in search_terms(q)]


def organisation_choices(
    blank: str | None = None, members_of: Group | None = None, current: int | None = None
) -> list[tuple]:
    """Return organisation options: matches of ``?org_q=``, else all (or ``members_of``'s)."""
    pickable = (
        sa.select(Organisation.id, Organisation.name, Organisation.state)
        .where(Organisation.not_archived())
        .order_by(Organisation.sort_key)
    )
    narrow = _search(Organisation.search_text, "org_q")
    if narrow is None:
        narrow = (
            [] if members_of is None else [Organisation.id.in_(member_ids(members_of, today()))]
        )
    return pickers.choices(
        pickable,
        narrow,
        label=lambda row: f"{row.name} ({row.state})",
        blank=blank or _("— bitte wählen —"),
        selected=pickers.posted_id("organisation_id") or current,
    )


def contact_choices(group: Group, exclude: int | None = None) -> list[tuple]:
    """Return person options: matches of ``?person_q=``, else the member organisations' people."""
    pickable = sa.select(Contact.id, Contact.last_name, Contact.first_name, Contact.title).where(
        Contact.not_archived()
    )
    if exclude:
        pickable = pickable.where(Contact.id != exclude)
    narrow = _search(Contact.search_text, "person_q")
    if narrow is None:
        affiliated = sa.select(Affiliation.contact_id).where(
            Affiliation.organisation_id.in_(member_ids(group, today())),
            active_on(Affiliation, today()),
        )
        narrow = [Contact.id.in_(affiliated)]
    return pickers.choices(
        pickable.order_by(Contact.sort_key),
        narrow,
        label=lambda row: (
            f"{row.last_name}, {' '.join(p for p in (row.title, row.first_name) if p)}"
        ),
        blank=_("— bitte wählen —"),
        selected=pickers.posted_id("contact_id"),
    )


def group_choices(exclude: Group | None = None) -> list[tuple]:
    """Return the options of a parent-group select: every group but ``exclude``."""
    rows = db.session.execute(sa.select(Group.id, Group.name).order_by(Group.name)).all()
    return [("", _("— keines —"))] + [
        (gid, name) for gid, name in rows if exclude is None or gid != exclude.id
    ]


def represented_organisations(contact_ids: list[int]) -> dict[str, int]:
    """Return, per person id, the organisation of their current (primary first) affiliation:
    the seat form preselects it when the person is chosen (one query for all options)."""
    if not contact_ids:
        return {}
    rows = db.session.execute(
        sa.select(Affiliation.contact_id, Affiliation.organisation_id)
        .where(Affiliation.contact_id.in_(contact_ids), active_on(Affiliation, today()))
        .order_by(Affiliation.contact_id, Affiliation.is_primary.desc(), Affiliation.id)
    ).all()
    found: dict[str, int] = {}
    for contact_id, organisation_id in rows:
        found.setdefault(str(contact_id), organisation_id)
    return found
