"""The API's permissions are the UI's: viewers read, group leads manage only their groups."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from crm.audit.models import AuditEvent
from crm.groups.models import Seat
from crm.organisations.models import Organisation
from tests.api.conftest import bearer


def _events(db) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))


def test_viewer_post_is_403_and_changes_nothing(app, db, client, make, token_for):
    group = make.group()
    person = make.contact()
    _user, secret = token_for("viewer")
    before = (_events(db), db.session.scalar(sa.select(sa.func.count()).select_from(Seat)))
    writes = [
        ("/api/v1/organisations/", {"name": "Stadt Jena", "kind": "city", "state": "TH"}),
        (f"/api/v1/groups/{group.id}/seats", {"contact_id": person.id, "starts_on": "2025-01-01"}),
        ("/api/v1/meetings/", {"group_id": group.id, "title": "Sitzung"}),
    ]
    for url, body in writes:
        response = client.post(url, json=body, headers=bearer(secret))
        assert response.status_code == 403, (url, response.get_json())
        assert response.mimetype == "application/problem+json"
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)) == 0
    after = (_events(db), db.session.scalar(sa.select(sa.func.count()).select_from(Seat)))
    assert after == before


def test_group_lead_cannot_touch_another_group(app, db, client, make, token_for):
    own, other = make.group("AG Eigen"), make.group("AG Fremd")
    person = make.contact()
    foreign_seat = make.seat(person, other)
    _lead, secret = token_for("group_lead", groups=[own])
    etag = client.get(f"/api/v1/seats/{foreign_seat.id}", headers=bearer(secret)).headers["ETag"]
    events = _events(db)
    attempts = [
        client.post(
            f"/api/v1/groups/{other.id}/seats",
            json={"contact_id": person.id, "role": "guest", "starts_on": "2025-01-01"},
            headers=bearer(secret),
        ),
        client.patch(
            f"/api/v1/seats/{foreign_seat.id}",
            json={"role": "guest"},
            headers=bearer(secret, **{"If-Match": etag}),
        ),
        client.post(
            f"/api/v1/seats/{foreign_seat.id}/end",
            json={"ends_on": "2025-06-30"},
            headers=bearer(secret, **{"If-Match": etag}),
        ),
        client.post(
            "/api/v1/meetings/", json={"group_id": other.id, "title": "X"}, headers=bearer(secret)
        ),
    ]
    assert [r.status_code for r in attempts] == [403, 403, 403, 403]
    db.session.expire_all()
    seat = db.session.get(Seat, foreign_seat.id)
    assert (seat.role, seat.ends_on) == ("delegate", None)
    assert _events(db) == events
    # … while in their own group the same requests go through, audited as them
    response = client.post(
        f"/api/v1/groups/{own.id}/seats",
        json={"contact_id": person.id, "role": "guest", "starts_on": "2025-01-01"},
        headers=bearer(secret),
    )
    assert response.status_code == 201, response.get_json()
    assert _events(db) == events + 1


def test_group_lead_cannot_change_memberships_or_organisations(app, db, client, make, token_for):
    own = make.group()
    org = make.organisation()
    membership = make.membership(org, own)
    _lead, secret = token_for("group_lead", groups=[own])
    etag = client.get(f"/api/v1/memberships/{membership.id}", headers=bearer(secret)).headers[
        "ETag"
    ]
    response = client.post(
        f"/api/v1/memberships/{membership.id}/end",
        json={"ends_on": "2025-06-30"},
        headers=bearer(secret, **{"If-Match": etag}),
    )
    assert response.status_code == 403
    org_etag = client.get(f"/api/v1/organisations/{org.id}", headers=bearer(secret)).headers["ETag"]
    response = client.patch(
        f"/api/v1/organisations/{org.id}",
        json={"name": "Umbenannt"},
        headers=bearer(secret, **{"If-Match": org_etag}),
    )
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(Organisation, org.id).name == org.name


def test_personal_contact_data_only_for_roles_that_may_export_it(app, client, make, token_for):
    org = make.organisation()
    person = make.contact("Müller", email="anna@privat.example", phone="0341 1", organisation=org)
    _viewer, viewer_secret = token_for("viewer")
    _staff, staff_secret = token_for("secretariat")
    seen = client.get(f"/api/v1/people/{person.id}", headers=bearer(viewer_secret)).get_json()
    assert seen["last_name"] == "Müller" and seen["affiliations"][0]["organisation_id"] == org.id
    for name in ("email", "phone", "notes", "legal_basis", "consent_given_at"):
        assert name not in seen
    assert "email" not in seen["affiliations"][0]
    listed = client.get("/api/v1/people/?q=muller", headers=bearer(viewer_secret)).get_json()
    assert listed[0]["id"] == person.id and "email" not in listed[0]
    full = client.get(f"/api/v1/people/{person.id}", headers=bearer(staff_secret)).get_json()
    assert full["email"] == "anna@privat.example" and full["phone"] == "0341 1"


def test_writes_are_audited_as_the_tokens_user(app, db, client, make, token_for):
    user, secret = token_for("secretariat")
    response = client.post(
        "/api/v1/organisations/",
        json={"name": "Landkreis Greiz", "kind": "district", "state": "TH"},
        headers=bearer(secret),
    )
    assert response.status_code == 201, response.get_json()
    event = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.entity_type == "organisations")
    ).one()
    assert (event.action, event.user_id, event.entity_id) == (
        "create",
        user.id,
        response.json["id"],
    )
    assert date.fromisoformat(response.json["created_at"][:10])
