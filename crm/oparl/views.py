"""/oparl/v1/: the OParl 1.1 endpoint, public and read-only; lists paginated as the spec says."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode

import sqlalchemy as sa
from flask import abort, jsonify, request
from sqlalchemy.orm import selectinload

from crm.contacts.models import Contact
from crm.extensions import db
from crm.groups.models import Group, Seat
from crm.meetings.models import AgendaItem, Meeting
from crm.oparl import bp, objects, queries
from crm.organisations.models import Organisation
from crm.pagination import db_id, paginate

#: OParl recommends pages of at most 100 entries
PER_PAGE = 100


def _list(stmt: sa.Select, render, endpoint: str, scalars: bool = True, **values):
    """Return an OParl list page of ``stmt``, each row made an object by ``render(rows)``."""
    stmt = _filtered(stmt)
    page = paginate(db.session, stmt, per_page=PER_PAGE, scalars=scalars)
    base = objects.url(endpoint, **values)
    args = {k: v for k, v in request.args.items() if k != "page"}

    def link(number: int) -> str:
        return f"{base}?{urlencode({**args, 'page': number})}"

    links = {"first": link(1), "self": link(page.page), "last": link(page.pages)}
    if page.has_prev:
        links["prev"] = link(page.page - 1)
    if page.has_next:
        links["next"] = link(page.page + 1)
    return jsonify(
        data=render(page.items),
        pagination={
            "totalElements": page.total,
            "elementsPerPage": PER_PAGE,
            "currentPage": page.page,
            "totalPages": page.pages,
        },
        links=links,
    )


def _filtered(stmt: sa.Select) -> sa.Select:
    """Apply OParl's ``created_since`` … ``modified_until`` to a list of one model."""
    entity = stmt.column_descriptions[0].get("entity")
    if entity is None or not hasattr(entity, "created_at"):
        return stmt
    for name, column, after in (
        ("created_since", entity.created_at, True),
        ("created_until", entity.created_at, False),
        ("modified_since", entity.updated_at, True),
        ("modified_until", entity.updated_at, False),
    ):
        raw = request.args.get(name)
        if not raw:
            continue
        try:
            moment = datetime.fromisoformat(raw)
        except ValueError:
            abort(400)
        if moment.tzinfo is None:
            abort(400)
        stmt = stmt.where(column >= moment if after else column <= moment)
    return stmt


def _body_id(body_id: int) -> None:
    if body_id != objects.BODY_ID:
        abort(404)


@bp.route("/")
def system():
    """The OParl System: where the bodies are."""
    return jsonify(objects.system())


@bp.route("/bodies")
def bodies():
    """The list of bodies: the network is the one Body."""
    return jsonify(
        data=[_body()],
        pagination={
            "totalElements": 1,
            "elementsPerPage": PER_PAGE,
            "currentPage": 1,
            "totalPages": 1,
        },
        links={
            "first": objects.url("bodies"),
            "self": objects.url("bodies"),
            "last": objects.url("bodies"),
        },
    )


def _body() -> dict:
    created, modified = db.session.execute(
        sa.select(sa.func.min(Group.created_at), sa.func.max(Group.updated_at))
    ).one()
    return objects.body(created, modified)


@bp.route("/body/<int:body_id>")
def body(body_id: int):
    _body_id(body_id)
    return jsonify(_body())


@bp.route("/body/<int:body_id>/organizations")
def organizations(body_id: int):
    """Groups and member organisations."""
    _body_id(body_id)
    return _list(
        queries.organizations(), _organizations, "organizations", scalars=False, body_id=body_id
    )


def _organizations(rows) -> list[dict]:
    group_ids = [i for kind, i in rows if kind == "group"]
    org_ids = [i for kind, i in rows if kind == "org"]
    groups = {g.id: g for g in db.session.scalars(sa.select(Group).where(Group.id.in_(group_ids)))}
    orgs = {
        o.id: o
        for o in db.session.scalars(sa.select(Organisation).where(Organisation.id.in_(org_ids)))
    }
    seats = queries.seat_ids_by_group(group_ids)
    return [
        objects.group_organization(groups[i], seats[i])
        if kind == "group"
        else objects.member_organization(orgs[i])
        for kind, i in rows
    ]


@bp.route("/organization/<key>")
def organization(key: str):
    kind, _, raw = key.partition("-")
    try:
        obj_id = db_id(raw)
    except ValueError:
        abort(404)
    if kind == "group":
        group = db.session.get(Group, obj_id) or abort(404)
        return jsonify(
            objects.group_organization(group, queries.seat_ids_by_group([obj_id])[obj_id])
        )
    if kind == "org":
        public = db.session.scalar(
            sa.select(Organisation).where(
                Organisation.id == obj_id, Organisation.id.in_(queries.public_organisation_ids())
            )
        )
        return jsonify(objects.member_organization(public or abort(404)))
    abort(404)


def _each(render):
    """Make a ``render(row)`` of one object a renderer of a page of rows."""
    return lambda rows: [render(row) for row in rows]


def _meetings(rows) -> list[dict]:
    attended = queries.participants([m.id for m in rows])
    return [objects.meeting(m, attended[m.id]) for m in rows]


def _add_type(name: str, plural: str, rule: str, query, id_column, render) -> None:
    """Route one OParl object type: its list under the body (endpoint ``plural``) and each
    object at ``rule`` (endpoint ``name``); ``render`` makes objects of a page of rows."""

    def listing(body_id: int):
        _body_id(body_id)
        return _list(query(), render, plural, body_id=body_id)

    def detail(**key: int):
        (obj_id,) = key.values()
        found = db.session.scalar(query().where(id_column == obj_id))
        return jsonify(render([found or abort(404)])[0])

    bp.add_url_rule(f"/body/<int:body_id>/{plural.replace('_items', 'Items')}", plural, listing)
    bp.add_url_rule(rule, name, detail)


#: the object types that are one row each: persons, memberships (seats), meetings, agenda
#: items and locations (a meeting's place)
for _type in (
    (
        "person",
        "persons",
        "/person/<int:contact_id>",
        queries.persons,
        Contact.id,
        _each(objects.person),
    ),
    (
        "membership",
        "memberships",
        "/membership/<int:seat_id>",
        queries.seats,
        Seat.id,
        _each(objects.membership),
    ),
    (
        "meeting",
        "meetings",
        "/meeting/<int:meeting_id>",
        lambda: queries.meetings().options(selectinload(Meeting.agenda_items)),
        Meeting.id,
        _meetings,
    ),
    (
        "agenda_item",
        "agenda_items",
        "/agendaItem/<int:item_id>",
        queries.agenda_items,
        AgendaItem.id,
        _each(objects.agenda_item),
    ),
    (
        "location",
        "locations",
        "/location/<int:meeting_id>",
        queries.located_meetings,
        Meeting.id,
        _each(objects.location),
    ),
):
    _add_type(*_type)


@bp.route("/body/<int:body_id>/papers")
def papers(body_id: int):
    """The network has no council papers: an empty list (the Body must name one)."""
    _body_id(body_id)
    return _list(sa.select(Meeting).where(sa.false()), lambda rows: [], "papers", body_id=body_id)
