"""What the worker delivers: Outlook-ready meeting requests, headers, one bad mail that does
not block the queue, leases that run out."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from crm.mail import delivery, services
from crm.mail.models import OutboxMail
from crm.time import utcnow
from tests.mail.smtp_server import event_of, text_of
from tests.meetings.helpers import group_with_seats, token_in

START = datetime(2027, 3, 2, 9, 0, tzinfo=UTC)


def _parts(msg) -> list[str]:
    return [p.get_content_type() for p in msg.walk()]


def test_invitation_is_a_meeting_request_outlook_accepts(app, client, login_as, make, runner, smtp):
    app.config["MAIL_REPLY_ADDRESS"] = "antwort@metropolregion.test"
    try:
        s = group_with_seats()
        meeting = make.meeting(s.group, title="Klausur", starts_at=START, location="Halle")
        make.invitation(meeting, s.delegates[0], organisation=s.orgs[1])
        login_as("secretariat")
        client.post_form(
            f"/meetings/{meeting.id}/agenda",
            {"agenda-title": "Haushalt 2027", "agenda_version": meeting.agenda_version},
        )
        assert client.post_form(f"/meetings/{meeting.id}/send").status_code == 303
        assert smtp.inbox.messages == []  # only queued: the worker sends
        result = runner.invoke(args=["worker", "--once"])
        assert result.exit_code == 0, result.output
    finally:
        app.config.pop("MAIL_REPLY_ADDRESS")
    [msg] = smtp.inbox.messages
    assert msg.get_content_type() == "multipart/mixed"
    alternative = msg.get_payload()[0]
    assert alternative.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in alternative.get_payload()] == [
        "text/plain",
        "text/html",
        "text/calendar",
    ]
    calendar = alternative.get_payload()[2]
    assert calendar.get_param("method") == "REQUEST"
    assert calendar.get_content_charset() == "utf-8"
    # the same calendar as a file, for clients that want one
    [attachment] = [p for p in msg.get_payload()[1:]]
    assert attachment.get_filename() == "invite.ics"
    assert attachment.get_content().decode() == calendar.get_content()

    cal, ev = event_of(msg)
    assert str(cal["METHOD"]) == "REQUEST" and str(ev["UID"]) == meeting.uid
    attendee = ev["ATTENDEE"]
    assert str(attendee) == "mailto:hans@halle.test"
    assert attendee.params["RSVP"] == "TRUE" and attendee.params["PARTSTAT"] == "NEEDS-ACTION"
    assert str(ev["ORGANIZER"]) == "mailto:antwort@metropolregion.test"
    assert msg["Reply-To"] == "antwort@metropolregion.test"

    token = token_in(text_of(msg))
    html = msg.get_body(preferencelist=("html",)).get_content()
    assert f'href="http://127.0.0.1:5000/invitations/{token}"' in html
    assert "Sehr geehrter Herr Hallenser," in html and "Haushalt 2027" in html
    assert "Haushalt 2027" in text_of(msg) and token in html

    assert msg["Date"].endswith("+0000")
    assert re.fullmatch(r"<outbox-\d+\.[0-9a-f]+@localhost>", msg["Message-ID"])
    mail = db_mail()
    assert mail.status == "sent" and mail.message_id == msg["Message-ID"]
    assert mail.kind == "invitation" and mail.group_id == s.group.id
    assert mail.contact_id == s.delegates[0].id


def db_mail() -> OutboxMail:
    from crm.extensions import db

    db.session.expire_all()
    return db.session.scalar(sa.select(OutboxMail).order_by(OutboxMail.id.desc()).limit(1))


def test_a_subject_with_a_line_break_fails_and_the_50_after_it_go_out(app, db, runner, smtp):
    now = utcnow()
    rows = [
        dict(
            to_address="bad@example.test",
            subject="Sitzung\nBcc: alle@example.test",
            body_text="x",
            status="queued",
            kind="other",
            attempts=0,
            next_attempt_at=now,
            created_at=now,
            updated_at=now,
        )
    ]
    rows += [dict(rows[0], to_address=f"p{n}@example.test", subject=f"Mail {n}") for n in range(50)]
    db.session.execute(sa.insert(OutboxMail), rows)
    db.session.commit()

    assert runner.invoke(args=["worker", "--once"]).exit_code == 0
    assert sorted(m["To"] for m in smtp.inbox.messages) == sorted(
        f"p{n}@example.test" for n in range(50)
    )
    db.session.expire_all()
    bad = db.session.scalar(
        sa.select(OutboxMail).where(OutboxMail.to_address == "bad@example.test")
    )
    assert bad.status == "failed" and "Mail nicht erstellbar" in bad.last_error
    assert bad.attempts == 1 and bad.claimed_by is None
    # not tried again on the next run
    smtp.inbox.clear()
    assert runner.invoke(args=["worker", "--once"]).exit_code == 0
    assert smtp.inbox.messages == []


def test_a_lease_that_ran_out_is_taken_again_a_live_one_is_not(app, db, smtp):
    live = services.queue("live@example.test", "A", "a")
    dead = services.queue("dead@example.test", "B", "b")
    db.session.flush()
    for mail, until in (
        (live, utcnow() + timedelta(minutes=5)),
        (dead, utcnow() - timedelta(seconds=1)),
    ):
        mail.status, mail.claimed_until, mail.claimed_by, mail.attempts = (
            "sending",
            until,
            "x:1:y",
            1,
        )
    db.session.commit()
    result = delivery.send_pending()
    assert (result.sent, result.retry, result.failed) == (1, 0, 0)
    assert [m["To"] for m in smtp.inbox.messages] == ["dead@example.test"]
    db.session.expire_all()
    assert (live.status, dead.status, dead.attempts) == ("sending", "sent", 2)
    # the worker whose lease ran out cannot overwrite the outcome any more
    assert delivery._finish(dead, status="queued") is False


def test_without_mail_server_the_worker_leaves_mails_queued(app, db, runner, smtp):
    services.queue("x@example.test", "A", "a")
    db.session.commit()
    app.config["MAIL_SERVER"] = None
    assert runner.invoke(args=["worker", "--once"]).exit_code == 0
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code != 0 and "nicht eingerichtet" in result.output
    assert smtp.inbox.messages == []
    assert db_mail().status == "queued"
