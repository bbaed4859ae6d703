"""Saved distribution lists over the API: the lists page's rules, and their people audited."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from crm.audit.models import AuditEvent
from crm.lists.models import SavedList
from crm.lists.operations import save_list
from tests.api.conftest import bearer


def _count(db, model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _world(make):
    verkehr, energie = make.group("AG Verkehr"), make.group("AG Energie")
    jena = make.organisation("Stadt Jena", state="TH")
    halle = make.organisation("Stadt Halle", state="ST")
    ahrens = make.contact("Ahrens", organisation=jena, email="ahrens@jena.example")
    boehm = make.contact("Böhm", organisation=halle, email="boehm@halle.example")
    make.seat(ahrens, verkehr, organisation=jena, starts_on=date(2020, 1, 1))
    make.seat(boehm, verkehr, organisation=halle, starts_on=date(2020, 1, 1))
    make.seat(boehm, energie, organisation=halle, starts_on=date(2020, 1, 1))
    return verkehr, energie, ahrens, boehm


def test_save_read_and_run_a_list_as_of_a_day(app, db, client, make, token_for):
    verkehr, _energie, ahrens, _boehm = _world(make)  # Böhm: AG Verkehr, but from Sachsen-Anhalt
    user, secret = token_for("secretariat")
    created = client.post(
        "/api/v1/lists/",
        json={"name": "Verkehr Thüringen", "filters": {"groups": [verkehr.id], "states": ["TH"]}},
        headers=bearer(secret),
    )
    assert created.status_code == 201, created.get_json()
    body = created.json
    assert (body["name"], body["shared"], body["owner_id"]) == ("Verkehr Thüringen", False, user.id)
    assert body["filters"]["groups"] == [verkehr.id] and body["filters"]["states"] == ["TH"]
    assert body["filters"]["deputies"] is True and body["filters"]["include_blocked"] is False
    saved = db.session.get(SavedList, body["id"])
    assert saved.query == f"group={verkehr.id}&state=TH"  # as the builder saves it
    read = client.get(f"/api/v1/lists/{saved.id}", headers=bearer(secret))
    assert read.json == body and read.headers["ETag"]
    events = _count(db, AuditEvent)
    people = client.get(f"/api/v1/lists/{saved.id}/people", headers=bearer(secret))
    assert people.status_code == 200, people.get_json()
    assert [(p["id"], p["organisation"], p["email"]) for p in people.json] == [
        (ahrens.id, "Stadt Jena", "ahrens@jena.example")
    ]
    assert people.headers["X-Total-Count"] == "1" and 'rel="last"' in people.headers["Link"]
    event = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert _count(db, AuditEvent) == events + 1
    assert (event.action, event.user_id, event.changes["rows"]) == ("export", user.id, 1)
    # before the seats began, the list is empty
    before = client.get(f"/api/v1/lists/{saved.id}/people?as_of=2019-12-31", headers=bearer(secret))
    assert before.json == [] and before.headers["X-Total-Count"] == "0"
    assert [entry["id"] for entry in client.get("/api/v1/lists/", headers=bearer(secret)).json] == [
        saved.id
    ]


def test_lists_are_seen_as_on_the_lists_page(app, db, client, make, token_for):
    _world(make)
    owner, owner_secret = token_for("secretariat")
    private = save_list(owner, "Privat", "", shared=False)
    shared = save_list(owner, "Geteilt", "", shared=True)
    db.session.commit()
    _other, other_secret = token_for("secretariat")
    seen = client.get("/api/v1/lists/", headers=bearer(other_secret)).json
    assert [entry["name"] for entry in seen] == ["Geteilt"]
    assert (
        client.get(f"/api/v1/lists/{private.id}", headers=bearer(other_secret)).status_code == 404
    )
    assert client.get(f"/api/v1/lists/{shared.id}", headers=bearer(other_secret)).status_code == 200
    owned = client.get("/api/v1/lists/", headers=bearer(owner_secret)).json
    assert [entry["name"] for entry in owned] == ["Geteilt", "Privat"]


def test_viewer_without_grant_gets_403_and_nothing_is_saved(app, db, client, make, token_for):
    owner, _secret = token_for("secretariat")
    shared = save_list(owner, "Geteilt", "", shared=True)
    db.session.commit()
    viewer, secret = token_for("viewer")
    events = _count(db, AuditEvent)
    answers = [
        client.get("/api/v1/lists/", headers=bearer(secret)),
        client.get(f"/api/v1/lists/{shared.id}", headers=bearer(secret)),
        client.get(f"/api/v1/lists/{shared.id}/people", headers=bearer(secret)),
        client.post("/api/v1/lists/", json={"name": "Meins"}, headers=bearer(secret)),
    ]
    assert [a.status_code for a in answers] == [403] * 4
    assert _count(db, SavedList) == 1 and _count(db, AuditEvent) == events
    # an admin's grant lets the viewer keep lists of their own, as on the lists page
    viewer.may_export_personal = True
    db.session.commit()
    mine = client.post("/api/v1/lists/", json={"name": "Meins"}, headers=bearer(secret))
    assert mine.status_code == 201 and mine.json["owner_id"] == viewer.id


def test_group_leads_list_gives_only_their_groups_people(app, db, client, make, token_for):
    _verkehr, energie, _ahrens, boehm = _world(make)
    _lead, secret = token_for("group_lead", groups=[energie])
    created = client.post(
        "/api/v1/lists/", json={"name": "Alle Verkehr", "shared": True}, headers=bearer(secret)
    )
    assert created.status_code == 201
    people = client.get(f"/api/v1/lists/{created.json['id']}/people", headers=bearer(secret)).json
    assert [p["id"] for p in people] == [boehm.id]  # not Ahrens: only in AG Verkehr
    # the secretariat running the lead's shared list sees no more than its owner could
    _staff, staff_secret = token_for("secretariat")
    staff_view = client.get(
        f"/api/v1/lists/{created.json['id']}/people", headers=bearer(staff_secret)
    ).json
    assert [p["id"] for p in staff_view] == [boehm.id]


def test_invalid_filters_are_422_and_save_nothing(app, db, client, token_for):
    _user, secret = token_for("secretariat")
    response = client.post(
        "/api/v1/lists/",
        json={"name": "X", "filters": {"states": ["Mars"], "columns": ["password"]}},
        headers=bearer(secret),
    )
    assert response.status_code == 422
    assert set(response.json["errors"]["filters"]) == {"states", "columns"}
    assert _count(db, SavedList) == 0
