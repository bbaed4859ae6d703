"""Invitations over the API: the meeting page's rules, permissions and audit events."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from crm.audit.models import AuditEvent
from crm.mail.models import OutboxMail
from crm.meetings.models import Invitation
from tests.api.conftest import bearer


def _count(db, model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _setup(make, status="draft", **meeting):
    group = make.group("AG Verkehr")
    org = make.organisation("Stadt Jena", state="TH")
    people = [
        make.contact(name, organisation=org, email=f"{name.lower()}@jena.example")
        for name in ("Ahrens", "Böhm", "Claus")
    ]
    for person in people[:2]:
        make.seat(person, group, organisation=org)
    return group, people, make.meeting(group, status=status, **meeting)


def test_staff_invite_the_seat_holders_and_one_more(app, db, client, make, token_for):
    group, people, meeting = _setup(make)
    make.seat(people[2], group, role="guest")
    _user, secret = token_for("secretariat")
    etag = client.get(f"/api/v1/meetings/{meeting.id}", headers=bearer(secret)).headers["ETag"]
    answer = client.post(
        f"/api/v1/meetings/{meeting.id}/invitations/from-seats", json={}, headers=bearer(secret)
    )
    assert answer.status_code == 200, answer.get_json()
    assert sorted(i["contact_name"] for i in answer.json["invitations"]) == [
        people[0].full_name,
        people[1].full_name,
    ]
    # a guest is not invited by default, but can be, once
    one = client.post(
        f"/api/v1/meetings/{meeting.id}/invitations",
        json={"contact_id": people[2].id},
        headers=bearer(secret),
    )
    assert one.status_code == 201, one.get_json()
    assert one.headers["ETag"] == f'"{one.json["id"]}-1"'
    assert (one.json["rsvp"], one.json["attended"], one.json["meeting_id"]) == (
        "pending",
        "unknown",
        meeting.id,
    )
    again = client.post(
        f"/api/v1/meetings/{meeting.id}/invitations",
        json={"contact_id": people[2].id},
        headers=bearer(secret, **{"Accept-Language": "en"}),
    )
    assert again.status_code == 422 and "already invited" in again.json["detail"]
    listed = client.get(f"/api/v1/meetings/{meeting.id}/invitations", headers=bearer(secret))
    assert listed.headers["X-Total-Count"] == "3"
    assert [i["contact_name"] for i in listed.json] == [p.full_name for p in people]
    assert "token" not in listed.json[0]
    # the invitations go out with the meeting's ETag
    sent = client.post(
        f"/api/v1/meetings/{meeting.id}/send", headers=bearer(secret, **{"If-Match": etag})
    )
    assert sent.status_code == 200, sent.get_json()
    assert sent.json["status"] == "scheduled"
    assert _count(db, OutboxMail) == 3


def test_only_the_groups_seat_holders_can_be_invited(app, db, client, make, token_for):
    _group, _people, meeting = _setup(make)
    stranger = make.contact("Fremd")
    _user, secret = token_for("secretariat")
    response = client.post(
        f"/api/v1/meetings/{meeting.id}/invitations",
        json={"contact_id": stranger.id},
        headers=bearer(secret),
    )
    assert response.status_code == 422
    assert response.json["errors"] == {"contact_id": [response.json["detail"]]}
    assert _count(db, Invitation) == 0


def test_answer_by_phone_and_attendance_need_if_match_and_are_audited(
    app, db, client, make, token_for
):
    _group, people, meeting = _setup(make, status="scheduled")
    invitation = make.invitation(meeting, people[0], comment="komme später")
    user, secret = token_for("secretariat")
    url = f"/api/v1/invitations/{invitation.id}"
    read = client.get(url, headers=bearer(secret))
    assert read.json["comment"] == "komme später"
    etag = read.headers["ETag"]
    assert client.patch(url, json={"rsvp": "accepted"}, headers=bearer(secret)).status_code == 428
    answered = client.patch(
        url, json={"rsvp": "accepted"}, headers=bearer(secret, **{"If-Match": etag})
    )
    assert answered.status_code == 200, answered.get_json()
    assert answered.json["rsvp"] == "accepted" and answered.headers["ETag"] != etag
    event = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.entity_type == "invitations")
    ).one()
    assert (event.user_id, event.changes) == (user.id, {"rsvp": ["pending", "accepted"]})
    # stale: the old ETag changes nothing
    stale = client.patch(
        url, json={"rsvp": "declined"}, headers=bearer(secret, **{"If-Match": etag})
    )
    assert stale.status_code == 412
    # attendance only from the meeting's start
    etag = answered.headers["ETag"]
    early = client.patch(
        url, json={"attended": "yes"}, headers=bearer(secret, **{"If-Match": etag})
    )
    assert early.status_code == 422
    db.session.expire_all()
    row = db.session.get(Invitation, invitation.id)
    assert (row.rsvp, row.attended) == ("accepted", "unknown")


def test_attendance_after_the_start_makes_the_meeting_held(app, db, client, make, token_for):
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=3)
    _group, people, meeting = _setup(make, status="scheduled", starts_at=start)
    invitation = make.invitation(meeting, people[0])
    _user, secret = token_for("secretariat")
    url = f"/api/v1/invitations/{invitation.id}"
    etag = client.get(url, headers=bearer(secret)).headers["ETag"]
    response = client.patch(
        url, json={"attended": "yes"}, headers=bearer(secret, **{"If-Match": etag})
    )
    assert response.status_code == 200, response.get_json()
    assert response.json["attended"] == "yes"
    meeting_json = client.get(f"/api/v1/meetings/{meeting.id}", headers=bearer(secret)).json
    assert meeting_json["status"] == "held"


def test_remove_an_invitee_with_if_match(app, db, client, make, token_for):
    _group, people, meeting = _setup(make)
    invitation = make.invitation(meeting, people[0])
    _user, secret = token_for("secretariat")
    url = f"/api/v1/invitations/{invitation.id}"
    assert client.delete(url, headers=bearer(secret)).status_code == 428
    assert client.delete(url, headers=bearer(secret, **{"If-Match": '"1-99"'})).status_code == 412
    etag = client.get(url, headers=bearer(secret)).headers["ETag"]
    gone = client.delete(url, headers=bearer(secret, **{"If-Match": etag}))
    assert gone.status_code == 204 and gone.data == b""
    assert client.get(url, headers=bearer(secret)).status_code == 404
    assert _count(db, Invitation) == 0


def test_viewer_reads_but_cannot_change_invitations(app, db, client, make, token_for):
    group, people, meeting = _setup(make, status="scheduled")
    invitation = make.invitation(meeting, people[0], comment="privat")
    _viewer, secret = token_for("viewer")
    url = f"/api/v1/invitations/{invitation.id}"
    read = client.get(url, headers=bearer(secret))
    assert read.status_code == 200 and read.json["contact_id"] == people[0].id
    assert "comment" not in read.json  # personal data: only for roles that may export it
    etag = read.headers["ETag"]
    events = _count(db, AuditEvent)
    attempts = [
        client.post(
            f"/api/v1/meetings/{meeting.id}/invitations",
            json={"contact_id": people[1].id},
            headers=bearer(secret),
        ),
        client.post(
            f"/api/v1/meetings/{meeting.id}/invitations/from-seats",
            json={},
            headers=bearer(secret),
        ),
        client.patch(url, json={"rsvp": "declined"}, headers=bearer(secret, **{"If-Match": etag})),
        client.delete(url, headers=bearer(secret, **{"If-Match": etag})),
        client.post(f"/api/v1/meetings/{meeting.id}/reminders", headers=bearer(secret)),
    ]
    assert [r.status_code for r in attempts] == [403] * 5
    db.session.expire_all()
    assert _count(db, Invitation) == 1 and _count(db, AuditEvent) == events
    assert db.session.get(Invitation, invitation.id).rsvp == "pending"


def test_group_lead_manages_invitations_of_own_groups_only(app, db, client, make, token_for):
    group, people, meeting = _setup(make)
    own = make.group("PG Eigen")
    make.seat(people[2], own)
    own_meeting = make.meeting(own, status="draft")
    foreign = make.invitation(meeting, people[0])
    _lead, secret = token_for("group_lead", groups=[own])
    etag = client.get(f"/api/v1/invitations/{foreign.id}", headers=bearer(secret)).headers["ETag"]
    attempts = [
        client.post(
            f"/api/v1/meetings/{meeting.id}/invitations",
            json={"contact_id": people[1].id},
            headers=bearer(secret),
        ),
        client.patch(
            f"/api/v1/invitations/{foreign.id}",
            json={"rsvp": "declined"},
            headers=bearer(secret, **{"If-Match": etag}),
        ),
        client.delete(
            f"/api/v1/invitations/{foreign.id}", headers=bearer(secret, **{"If-Match": etag})
        ),
    ]
    assert [r.status_code for r in attempts] == [403, 403, 403]
    mine = client.post(
        f"/api/v1/meetings/{own_meeting.id}/invitations",
        json={"contact_id": people[2].id},
        headers=bearer(secret),
    )
    assert mine.status_code == 201, mine.get_json()
    db.session.expire_all()
    assert {(i.meeting_id, i.contact_id) for i in db.session.scalars(sa.select(Invitation))} == {
        (meeting.id, people[0].id),
        (own_meeting.id, people[2].id),
    }
