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


@bp.route("/body/<int:body_id>/persons")
def persons(body_id: int):
    _body_id(body_id)
    return _list(
        queries.persons(),
        lambda rows: [objects.person(c) for c in rows],
        "persons",
        body_id=body_id,
    )


@bp.route("/person/<int:contact_id>")
def person(contact_id: int):
    contact = db.session.scalar(queries.persons().where(Contact.id == contact_id))
    return jsonify(objects.person(contact or abort(404)))


@bp.route("/body/<int:body_id>/memberships")
def memberships(body_id: int):
    _body_id(body_id)
    return _list(
        queries.seats(),
        lambda rows: [objects.membership(s) for s in rows],
        "memberships",
        body_id=body_id,
    )


@bp.route("/membership/<int:seat_id>")
def membership(seat_id: int):
    seat = db.session.scalar(queries.seats().where(Seat.id == seat_id))
    return jsonify(objects.membership(seat or abort(404)))


def _meetings(rows) -> list[dict]:
    attended = queries.participants([m.id for m in rows])
    return [objects.meeting(m, attended[m.id]) for m in rows]


@bp.route("/body/<int:body_id>/meetings")
def meetings(body_id: int):
    _body_id(body_id)
    stmt = queries.meetings().options(selectinload(Meeting.agenda_items))
    return _list(stmt, _meetings, "meetings", body_id=body_id)


@bp.route("/meeting/<int:meeting_id>")
def meeting(meeting_id: int):
    found = db.session.scalar(queries.meetings().where(Meeting.id == meeting_id))
    return jsonify(_meetings([found or abort(404)])[0])


@bp.route("/body/<int:body_id>/agendaItems")
def agenda_items(body_id: int):
    _body_id(body_id)
    return _list(
        queries.agenda_items(),
        lambda rows: [objects.agenda_item(i) for i in rows],
        "agenda_items",
        body_id=body_id,
    )


@bp.route("/agendaItem/<int:item_id>")
def agenda_item(item_id: int):
    item = db.session.scalar(queries.agenda_items().where(AgendaItem.id == item_id))
    return jsonify(objects.agenda_item(item or abort(404)))


@bp.route("/body/<int:body_id>/locations")
def locations(body_id: int):
    _body_id(body_id)
    return _list(
        queries.located_meetings(),
        lambda rows: [objects.location(m) for m in rows],
        "locations",
        body_id=body_id,
    )


@bp.route("/location/<int:meeting_id>")
def location(meeting_id: int):
    found = db.session.scalar(queries.located_meetings().where(Meeting.id == meeting_id))
    return jsonify(objects.location(found or abort(404)))


@bp.route("/body/<int:body_id>/papers")
def papers(body_id: int):
    """The network has no council papers: an empty list (the Body must name one)."""
    _body_id(body_id)
    return _list(sa.select(Meeting).where(sa.false()), lambda rows: [], "papers", body_id=body_id)
