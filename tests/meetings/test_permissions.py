"""Meetings are managed by the group's lead(s) and staff; others get 403 and change nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from crm.audit.models import AuditEvent
from crm.mail.models import OutboxMail
from crm.meetings.models import AgendaItem, Attachment, DateOption, Invitation, Meeting


@pytest.fixture
def world(make, db):
    group = make.group(name="AG Verkehr")
    other = make.group(name="AG Wirtschaft")
    org = make.organisation()
    person = make.contact(organisation=org, email="p@example.test")
    make.seat(person, group, "delegate", org)
    meeting = make.meeting(group, starts_at=datetime.now(UTC) - timedelta(hours=3))
    item = AgendaItem(meeting_id=meeting.id, position=1, title="TOP 1")
    invitation = make.invitation(meeting, person, organisation=org)
    poll = make.meeting(group, status="draft", starts_at=None, ends_at=None, title="Umfrage")
    option = DateOption(
        meeting=poll,
        starts_at=datetime(2026, 12, 1, 9, tzinfo=UTC),
        ends_at=datetime(2026, 12, 1, 11, tzinfo=UTC),
    )
    attachment = Attachment(
        meeting=meeting,
        filename="a.pdf",
        stored_name="x" * 20,
        content_type="application/pdf",
        size=4,
    )
    db.session.add_all([item, option, attachment])
    db.session.commit()
    return {
        "group": group,
        "other": other,
        "meeting": meeting.id,
        "poll": poll.id,
        "item": item.id,
        "invitation": invitation.id,
        "option": option.id,
        "attachment": attachment.id,
        "person": person.id,
    }


def _requests(w):
    m, p = w["meeting"], w["poll"]
    return [
        ("/meetings/new", {"group_id": w["group"].id, "title": "X"}),
        (f"/meetings/{m}/edit", {"group_id": w["group"].id, "title": "X", "version": 1}),
        (f"/meetings/{m}/cancel", {}),
        (f"/meetings/{m}/agenda", {"agenda-title": "Neu"}),
        (f"/meetings/{m}/agenda/{w['item']}/edit", {"title": "Neu"}),
        (f"/meetings/{m}/agenda/{w['item']}/delete", {}),
        (f"/meetings/{m}/agenda/{w['item']}/move", {"direction": "down"}),
        (f"/meetings/{m}/invitees/seats", {"seats-roles": ["delegate"]}),
        (f"/meetings/{m}/invitees", {"invite-contact_id": w["person"]}),
        (f"/meetings/{m}/invitees/{w['invitation']}/delete", {}),
        (f"/meetings/{m}/send", {}),
        (f"/meetings/{m}/remind", {}),
        (
            f"/meetings/{p}/poll",
            {"starts_on": "2026-12-02", "starts_time": "10:00", "ends_time": "11:00"},
        ),
        (f"/meetings/{p}/poll/{w['option']}/delete", {}),
        (f"/meetings/{p}/poll/start", {}),
        (f"/meetings/{p}/poll/{w['option']}/pick", {}),
        (f"/meetings/{m}/attendance", {f"attended-{w['invitation']}": "yes"}),
        (f"/meetings/{m}/minutes", {"minutes": "x", "minutes_status": "draft"}),
        (f"/meetings/{m}/attachments", {"att-purpose": "material"}),
        (f"/meetings/{m}/attachments/{w['attachment']}/delete", {}),
    ]


def _state(db):
    db.session.expire_all()
    tables = (Meeting, AgendaItem, Invitation, DateOption, Attachment, OutboxMail, AuditEvent)
    counts = tuple(db.session.scalar(sa.select(sa.func.count()).select_from(t)) for t in tables)
    rows = db.session.execute(
        sa.select(Meeting.id, Meeting.title, Meeting.status, Meeting.sequence, Meeting.version)
    ).all()
    return counts, sorted(rows)


@pytest.mark.parametrize("who", ["viewer", "other_lead"])
def test_others_get_403_and_nothing_changes(world, client, login_as, db, who):
    if who == "other_lead":
        login_as("group_lead", groups=[world["other"]])
    else:
        login_as("viewer")
    before = _state(db)
    for url, data in _requests(world):
        r = client.post_form(url, data)
        assert r.status_code == 403, (url, r.status_code)
    assert _state(db) == before
    for url in (
        f"/meetings/{world['meeting']}/edit",
        f"/meetings/{world['meeting']}/attendance",
        f"/meetings/{world['meeting']}/minutes",
        f"/meetings/{world['poll']}/poll",
    ):
        assert client.get(url).status_code == 403, url


def test_readers_see_meetings_but_no_manage_buttons(world, client, login_as):
    login_as("viewer")
    html = client.get(f"/meetings/{world['meeting']}").get_data(as_text=True)
    assert "Sitzung" in html and "Einladungen versenden" not in html
    assert "TOP hinzufügen" not in html
    assert client.get("/meetings/").status_code == 200
    assert "Neue Sitzung" not in client.get("/meetings/").get_data(as_text=True)


@pytest.mark.parametrize("role", ["group_lead", "secretariat", "admin"])
def test_lead_of_the_group_and_staff_may_manage(world, client, login_as, db, role):
    login_as(role, groups=[world["group"]] if role == "group_lead" else None)
    r = client.post_form(
        f"/meetings/{world['meeting']}/agenda", {"agenda-title": "Neu", "agenda_version": 1}
    )
    assert r.status_code == 303
    r = client.post_form("/meetings/new", {"group_id": world["group"].id, "title": "Neu"})
    assert r.status_code == 303
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Meeting)) == 3


def test_group_lead_cannot_create_for_another_group(world, client, login_as, db):
    login_as("group_lead", groups=[world["group"]])
    r = client.post_form("/meetings/new", {"group_id": world["other"].id, "title": "Fremd"})
    assert r.status_code == 403
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Meeting)) == 2
