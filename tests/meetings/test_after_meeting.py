"""Attendance, the printable list, minutes (safe Markdown) and attachments."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from crm.meetings.models import Attachment, Invitation, Meeting
from tests.meetings.helpers import group_with_seats


@pytest.fixture
def past(make, db):
    s = group_with_seats()
    meeting = make.meeting(
        s.group, title="Sitzung Mai", starts_at=datetime.now(UTC) - timedelta(days=1)
    )
    invs = [
        make.invitation(meeting, s.lead, organisation=s.orgs[0]),
        make.invitation(meeting, s.delegates[0], organisation=s.orgs[1], rsvp="delegated"),
        make.invitation(meeting, s.delegates[1], organisation=s.orgs[2]),
    ]
    sub = make.invitation(meeting, s.colleague, organisation=s.orgs[1], substitute_for=invs[1])
    return s, meeting, invs, sub


def test_attendance_marks_meeting_held(client, login_as, db, past):
    s, meeting, invs, sub = past
    login_as("group_lead", groups=[s.group])
    page = client.get(f"/meetings/{meeting.id}/attendance").get_data(as_text=True)
    assert "Vertretung für Hans Hallenser" in page
    r = client.post_form(
        f"/meetings/{meeting.id}/attendance",
        {
            f"attended-{invs[0].id}": "yes",
            f"attended-{invs[1].id}": "no",
            f"attended-{invs[2].id}": "no",
            f"attended-{sub.id}": "yes",
        },
    )
    assert r.status_code == 303
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).status == "held"
    got = {i.contact.last_name: i.attended for i in db.session.scalars(sa.select(Invitation))}
    assert got == {"Leiterin": "yes", "Hallenser": "no", "Jenaer": "no", "Kollegin": "yes"}
    r = client.post_form(f"/meetings/{meeting.id}/attendance", {f"attended-{sub.id}": "vielleicht"})
    assert r.status_code == 400
    db.session.expire_all()
    assert db.session.get(Invitation, sub.id).attended == "yes"


def test_attendance_not_before_the_meeting(client, login_as, db, make):
    group = make.group()
    meeting = make.meeting(group, starts_at=datetime.now(UTC) + timedelta(days=3))
    login_as("secretariat")
    r = client.post_form(f"/meetings/{meeting.id}/attendance", {})
    assert r.status_code == 400
    assert "erst ab Beginn" in r.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).status == "scheduled"


def test_printable_attendance_list(client, login_as, past):
    s, meeting, invs, sub = past
    login_as("viewer")
    html = client.get(f"/meetings/{meeting.id}/attendance-list").get_data(as_text=True)
    assert "Unterschrift" in html and "attendance-print.css" in html
    assert "Klara Kollegin" in html and "i. V. für Hans Hallenser" in html
    assert "Stadt Jena" in html
    # the delegator is not on the list: their substitute signs instead
    assert "<td>Hans Hallenser" not in html


def test_minutes_are_rendered_safely(client, login_as, db, past):
    s, meeting, *_ = past
    login_as("secretariat")
    evil = (
        "## Beschlüsse\n\n- **Einstimmig** angenommen\n\n"
        "<script>alert(1)</script>\n\n"
        '<img src=x onerror="alert(2)">\n\n'
        "[klick](javascript:alert(3))\n\n"
        '<a href="https://example.org" onclick="alert(4)">Link</a>'
    )
    r = client.post_form(
        f"/meetings/{meeting.id}/minutes",
        {"minutes": evil, "minutes_status": "approved", "version": meeting.version},
    )
    assert r.status_code == 303
    html = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "<h2>Beschlüsse</h2>" in html and "<strong>Einstimmig</strong>" in html
    assert "<script>alert" not in html
    assert "onerror" not in html and "onclick" not in html
    assert "javascript:" not in html
    assert "Genehmigt" in html
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).minutes_status == "approved"
    r = client.post_form(
        f"/meetings/{meeting.id}/minutes",
        {
            "minutes": "",
            "minutes_status": "approved",
            "version": db.session.get(Meeting, meeting.id).version,
        },
    )
    assert r.status_code == 400


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _upload(client, meeting_id, name, data, purpose="material"):
    import io

    return client.post_form(
        f"/meetings/{meeting_id}/attachments",
        {"att-file": (io.BytesIO(data), name), "att-purpose": purpose},
        content_type="multipart/form-data",
    )


def test_attachments(app, client, login_as, db, past):
    s, meeting, *_ = past
    login_as("group_lead", groups=[s.group])
    assert _upload(client, meeting.id, "Protokoll.pdf", PDF, "minutes").status_code == 303
    att = db.session.scalar(sa.select(Attachment))
    assert att.filename == "Protokoll.pdf" and att.content_type == "application/pdf"
    assert att.stored_name != att.filename and "." not in att.stored_name
    from pathlib import Path

    stored = Path(app.config["UPLOAD_FOLDER"]) / "meetings" / att.stored_name
    assert stored.read_bytes() == PDF

    r = _upload(client, meeting.id, "boese.html", b"<script>")
    assert r.status_code == 400 and "Dateityp ist nicht erlaubt" in r.get_data(as_text=True)
    r = _upload(client, meeting.id, "fake.pdf", b"MZ\x90\x00")
    assert r.status_code == 400 and "passt nicht" in r.get_data(as_text=True)
    app.config["ATTACHMENT_MAX_BYTES"] = 100
    try:
        r = _upload(client, meeting.id, "gross.txt", b"x" * 101)
        assert r.status_code == 400 and "zu groß" in r.get_data(as_text=True)
    finally:
        app.config.pop("ATTACHMENT_MAX_BYTES")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Attachment)) == 1

    r = client.get(f"/meetings/{meeting.id}/attachments/{att.id}")
    assert r.status_code == 200 and r.data == PDF
    assert r.headers["Content-Disposition"].startswith("attachment;")
    assert r.mimetype == "application/pdf"
    # not without login
    anon = app.test_client()
    r = anon.get(f"/meetings/{meeting.id}/attachments/{att.id}")
    assert r.status_code == 302 and "/login" in r.headers["Location"]

    assert (
        client.post_form(f"/meetings/{meeting.id}/attachments/{att.id}/delete").status_code == 303
    )
    assert not stored.exists()
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Attachment)) == 0


def test_all_present_in_one_click_and_the_printed_list_sets_apart_who_declined(
    client, login_as, db, past
):
    """Issue 15, point 8: "Alle anwesend", and declined people are not expected."""
    s, meeting, invs, sub = past
    invs[2].rsvp = "declined"
    db.session.commit()
    login_as("secretariat")
    page = client.get(f"/meetings/{meeting.id}/attendance").get_data(as_text=True)
    assert 'name="all" value="yes"' in page
    response = client.post_form(f"/meetings/{meeting.id}/attendance", {"all": "yes"})
    assert response.status_code in (302, 303)
    db.session.expire_all()
    attended = {i.contact_id: i.attended for i in db.session.get(Meeting, meeting.id).invitations}
    assert attended[s.lead.id] == "yes" and attended[s.colleague.id] == "yes"
    assert attended[s.delegates[1].id] == "unknown"  # declined: not ticked present
    sheet = client.get(f"/meetings/{meeting.id}/attendance-list").get_data(as_text=True)
    expected, declined = sheet.split("<h2>Abgesagt haben</h2>")
    assert s.delegates[1].full_name in declined and s.delegates[1].full_name not in expected
    assert s.lead.full_name in expected
