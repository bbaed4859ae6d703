"""The outbox page: who sees which mails, the rendered mail, resend / correct / cancel, and
the meeting page's per-invitee link, resend and phone answer."""

from __future__ import annotations

import sqlalchemy as sa

from crm.audit.models import AuditEvent
from crm.mail import services
from crm.mail.models import OutboxMail
from tests.mail.smtp_server import text_of
from tests.meetings.helpers import group_with_seats, token_in


def _mail(db, to="anna@example.test", subject="Einladung: Test", group=None, **kw) -> OutboxMail:
    mail = services.queue(to, subject, "Ihr Link: http://127.0.0.1:5000/invitations/abc", **kw)
    if group is not None:
        mail.group_id = group.id
    db.session.commit()
    return mail


def test_secretariat_sees_all_group_lead_their_groups_viewer_none(client, login_as, make, db):
    mine, other = make.group(name="AG Mein"), make.group(name="AG Fremd")
    a = _mail(db, "a@example.test", "Mail A", group=mine)
    b = _mail(db, "b@example.test", "Mail B", group=other)
    c = _mail(db, "c@example.test", "Mail C")
    login_as("group_lead", groups=[mine])
    html = client.get("/outbox/").get_data(as_text=True)
    assert "Mail A" in html and "Mail B" not in html and "Mail C" not in html
    assert client.get(f"/outbox/{a.id}").status_code == 200
    assert client.get(f"/outbox/{b.id}").status_code == 404
    assert client.post_form(f"/outbox/{b.id}/cancel").status_code == 404
    client.post_form("/logout")
    login_as("secretariat")
    html = client.get("/outbox/").get_data(as_text=True)
    assert all(s in html for s in ("Mail A", "Mail B", "Mail C"))
    assert client.get(f"/outbox/{c.id}").status_code == 200
    client.post_form("/logout")
    login_as("viewer")
    assert client.get("/outbox/").status_code == 403


def test_the_page_says_when_sending_is_not_set_up_and_shows_the_links(app, client, login_as, db):
    mail = _mail(db)
    login_as("secretariat")
    assert "Der Versand ist nicht eingerichtet" not in client.get("/outbox/").get_data(as_text=True)
    app.config["MAIL_SERVER"] = None
    try:
        html = client.get("/outbox/").get_data(as_text=True)
        assert "Der Versand ist nicht eingerichtet" in html
        detail = client.get(f"/outbox/{mail.id}").get_data(as_text=True)
        assert 'href="http://127.0.0.1:5000/invitations/abc"' in detail
        assert "im Postausgang" in detail
    finally:
        app.config["MAIL_SERVER"] = "127.0.0.1"
    r = client.get(f"/outbox/{mail.id}/html")
    assert r.status_code == 200 and "sandbox" in r.headers["Content-Security-Policy"]
    assert r.headers["Cache-Control"] == "no-store"
    assert '<a href="http://127.0.0.1:5000/invitations/abc">' in r.get_data(as_text=True)


def test_filter_and_pages(app, client, login_as, db):
    for n in range(7):
        _mail(db, f"p{n}@example.test", f"Rundmail {n}")
    failed = _mail(db, "kaputt@example.test", "Kaputt")
    failed.status, failed.last_error = "failed", "550 no such user"
    db.session.commit()
    login_as("secretariat")
    app.config["OUTBOX_PER_PAGE"] = 5
    try:
        first = client.get("/outbox/").get_data(as_text=True)
        second = client.get("/outbox/?page=2").get_data(as_text=True)
    finally:
        app.config["OUTBOX_PER_PAGE"] = 50
    assert first.count('data-testid="mail"') == 5 and second.count('data-testid="mail"') == 3
    only = client.get("/outbox/?status=failed").get_data(as_text=True)
    assert only.count('data-testid="mail"') == 1 and "550 no such user" in only
    assert (
        client.get("/outbox/?q=RUNDMAIL 3").get_data(as_text=True).count('data-testid="mail"') == 1
    )


def test_resend_correct_address_cancel(client, login_as, db, runner, smtp):
    mail = _mail(db, "tippfehler@example.tset")
    mail.status, mail.last_error = "failed", "550 unknown"
    db.session.commit()
    login_as("secretariat")
    # no CSRF token: refused, nothing changed
    assert client.post(f"/outbox/{mail.id}/resend").status_code == 400
    bad = client.post_form(f"/outbox/{mail.id}/resend", {"to_address": "kein-at"})
    assert bad.status_code == 400 and "gültige E-Mail-Adresse" in bad.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMail)) == 1

    r = client.post_form(f"/outbox/{mail.id}/resend", {"to_address": "Richtig@Example.org"})
    assert r.status_code == 302
    db.session.expire_all()
    copy = db.session.scalar(sa.select(OutboxMail).order_by(OutboxMail.id.desc()).limit(1))
    assert copy.id != mail.id and copy.to_address == "richtig@example.org"
    assert copy.status == "queued" and db.session.get(OutboxMail, mail.id).status == "failed"
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "resend"))
    assert event.entity_id == mail.id and event.changes == {
        "to_address": ["tippfehler@example.tset", "richtig@example.org"]
    }
    runner.invoke(args=["worker", "--once"])
    assert [m["To"] for m in smtp.inbox.messages] == ["richtig@example.org"]

    # plain resend of the sent copy: another copy to the same address
    assert client.post_form(f"/outbox/{copy.id}/resend").status_code == 302
    queued = db.session.scalar(sa.select(OutboxMail).order_by(OutboxMail.id.desc()).limit(1))
    assert queued.status == "queued" and queued.to_address == "richtig@example.org"
    # cancel it before the worker runs
    assert client.post_form(f"/outbox/{queued.id}/cancel").status_code == 302
    db.session.expire_all()
    assert db.session.get(OutboxMail, queued.id).status == "cancelled"
    smtp.inbox.clear()
    runner.invoke(args=["worker", "--once"])
    assert smtp.inbox.messages == []
    # a sent mail cannot be cancelled
    html = client.post_form(f"/outbox/{copy.id}/cancel", follow_redirects=True)
    assert "Nur wartende oder fehlgeschlagene" in html.get_data(as_text=True)
    assert db.session.get(OutboxMail, copy.id).status == "sent"


def test_meeting_page_link_resend_and_answer_by_phone(client, login_as, make, db, runner, smtp):
    s = group_with_seats()
    meeting = make.meeting(s.group, title="Klausur")
    inv = make.invitation(meeting, s.delegates[0], organisation=s.orgs[1])
    lead = login_as("group_lead", groups=[s.group])
    client.post_form(f"/meetings/{meeting.id}/send")
    runner.invoke(args=["worker", "--once"])
    token = token_in(text_of(smtp.inbox.messages[0]))
    html = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert f"/invitations/{token}</code>" in html and 'data-copy-target="#link-' in html

    smtp.inbox.clear()
    r = client.post_form(f"/meetings/{meeting.id}/invitees/{inv.id}/resend")
    assert r.status_code == 303
    runner.invoke(args=["worker", "--once"])
    [again] = smtp.inbox.messages
    assert again["To"] == "hans@halle.test" and token_in(text_of(again)) == token

    bad = client.post_form(f"/meetings/{meeting.id}/invitees/{inv.id}/answer", {"answer": "x"})
    assert bad.status_code == 400
    r = client.post_form(f"/meetings/{meeting.id}/invitees/{inv.id}/answer", {"answer": "accepted"})
    assert r.status_code == 303
    db.session.expire_all()
    assert db.session.get(type(inv), inv.id).rsvp == "accepted"
    event = db.session.scalar(
        sa.select(AuditEvent)
        .where(AuditEvent.entity_type == "invitations", AuditEvent.entity_id == inv.id)
        .order_by(AuditEvent.id.desc())
        .limit(1)
    )
    assert event.user_id == lead.id and event.changes == {"rsvp": ["pending", "accepted"]}
    assert lead.name in event.summary
