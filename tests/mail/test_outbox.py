"""The outbox: mails written with the change, delivered by ``flask mail send`` over real SMTP,
retried with backoff while the server is down, marked failed after too many attempts."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from crm.mail import delivery, services
from crm.mail.models import OutboxMail
from crm.time import utcnow
from tests.mail.smtp_server import SMTPServer, calendar_of, free_port, text_of

ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//DE\r\nMETHOD:REQUEST\r\n"
    "BEGIN:VEVENT\r\nUID:x@crm\r\nSEQUENCE:0\r\nDTSTAMP:20261125T100000Z\r\n"
    "DTSTART:20261202T090000Z\r\nDTEND:20261202T110000Z\r\nSUMMARY:Test\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)


def _queue(db, **kw) -> int:
    mail = services.queue("anna@example.test", "Einladung: Test", "Grüße aus Leipzig", **kw)
    db.session.commit()
    return mail.id


def test_send_delivers_multipart_with_calendar(app, db, runner, smtp):
    _queue(db, ical=ICS, ical_method="REQUEST", body_html="<p>Grüße</p>")
    result = runner.invoke(args=["mail", "send"])
    assert "versendet: 1" in result.output
    [msg] = smtp.inbox.messages
    assert msg["To"] == "anna@example.test" and msg["Subject"] == "Einladung: Test"
    assert msg["From"] == app.config["MAIL_DEFAULT_SENDER"]
    assert text_of(msg).strip() == "Grüße aus Leipzig"
    assert msg.get_body(preferencelist=("html",)).get_content().strip() == "<p>Grüße</p>"
    cal, method = calendar_of(msg)
    assert method == "REQUEST" and str(cal["METHOD"]) == "REQUEST"
    db.session.expire_all()
    mail = db.session.scalar(sa.select(OutboxMail))
    assert mail.status == "sent" and mail.attempts == 1 and mail.sent_at is not None
    # nothing is sent twice
    assert "versendet: 0" in runner.invoke(args=["mail", "send"]).output
    assert len(smtp.inbox.messages) == 1


def test_nothing_lost_while_smtp_is_down(app, db, runner):
    port = free_port()  # nobody listens here yet
    app.config["MAIL_SERVER"], app.config["MAIL_PORT"] = "127.0.0.1", port
    mail_id = _queue(db)

    result = runner.invoke(args=["mail", "send"])
    assert "später erneut: 1" in result.output
    db.session.expire_all()
    mail = db.session.get(OutboxMail, mail_id)
    assert mail.status == "queued" and mail.attempts == 1
    assert "SMTP-Verbindung fehlgeschlagen" in mail.last_error
    assert mail.next_attempt_at > utcnow()  # backoff: not retried at once
    assert "später erneut: 0" in runner.invoke(args=["mail", "send"]).output
    db.session.expire_all()
    assert db.session.get(OutboxMail, mail_id).attempts == 1

    server = SMTPServer(port)
    server.start()
    try:
        # the backoff has passed
        delivery.send_pending(now=utcnow() + timedelta(minutes=5))
        db.session.expire_all()
        mail = db.session.get(OutboxMail, mail_id)
        assert mail.status == "sent" and mail.attempts == 2 and mail.last_error is None
        assert [m["To"] for m in server.inbox.messages] == ["anna@example.test"]
    finally:
        server.stop()


def test_failed_after_max_attempts_and_retry_failed(app, db, runner, smtp):
    port = free_port()
    real = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = port
    app.config["MAIL_MAX_ATTEMPTS"] = 3
    try:
        mail_id = _queue(db)
        now = utcnow()
        backoffs = []
        for n in range(3):
            delivery.send_pending(now=now)
            db.session.expire_all()
            mail = db.session.get(OutboxMail, mail_id)
            assert mail.attempts == n + 1
            if mail.next_attempt_at:
                backoffs.append(mail.next_attempt_at - now)
                now = mail.next_attempt_at
        assert backoffs == [timedelta(minutes=1), timedelta(minutes=2)]
        assert mail.status == "failed" and mail.last_error
    finally:
        app.config.pop("MAIL_MAX_ATTEMPTS")
        app.config["MAIL_PORT"] = real
    assert "erneut eingereiht: 1" in runner.invoke(args=["mail", "retry-failed"]).output
    assert "versendet: 1" in runner.invoke(args=["mail", "send"]).output
    assert len(smtp.inbox.messages) == 1


def test_mail_is_written_in_the_same_transaction(app, db):
    """A change that is rolled back leaves no mail behind."""
    services.queue("x@example.test", "Betreff", "Text")
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMail)) == 0


def test_recipient_refused_permanently_fails_at_once(app, db, smtp):
    class Reject:
        async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
            return "550 no such user"

    from aiosmtpd.controller import Controller

    port = free_port()
    controller = Controller(Reject(), hostname="127.0.0.1", port=port)
    controller.start()
    app.config["MAIL_PORT"] = port
    try:
        mail_id = _queue(db)
        result = delivery.send_pending()
        assert result.failed == 1  # permanent: not retried
        db.session.expire_all()
        mail = db.session.get(OutboxMail, mail_id)
        assert mail.status == "failed" and "550" in mail.last_error
    finally:
        controller.stop()
        app.config["MAIL_PORT"] = smtp.port
