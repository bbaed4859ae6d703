"""Replies and bounces read from a real IMAP mailbox (dovecot): an iMIP REPLY with
PARTSTAT=ACCEPTED sets the invitee to accepted, a DSN marks the mail bounced and flags the
address on the person; other mail is left for a person to read."""

from __future__ import annotations

from email.message import EmailMessage

import pytest
import sqlalchemy as sa

from crm.contacts.models import Contact
from crm.mail.models import OutboxMail
from crm.meetings.models import Invitation
from tests.meetings.helpers import group_with_seats
from tests.servers.imap_server import imap_server  # noqa: F401


def _reply(meeting, attendee: str, partstat: str) -> bytes:
    ics = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:Microsoft Exchange Server 2010\r\n"
        "METHOD:REPLY\r\nBEGIN:VEVENT\r\n"
        f"ATTENDEE;PARTSTAT={partstat};CN=Hans Hallenser:mailto:{attendee}\r\n"
        f"UID:{meeting.uid}\r\nSEQUENCE:{meeting.sequence}\r\n"
        "DTSTAMP:20261202T120000Z\r\nSUMMARY:Angenommen: Klausur\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    msg = EmailMessage()
    msg["From"], msg["To"] = attendee, "antwort@metropolregion.test"
    msg["Subject"] = "Angenommen: Klausur"
    msg.set_content("Angenommen")
    msg.add_alternative(ics, subtype="calendar", params={"method": "REPLY"})
    return msg.as_bytes()


def _dsn(address: str, message_id: str) -> bytes:
    boundary = "dsn-boundary"
    return (
        "From: MAILER-DAEMON@mx.example.test\r\nTo: geschaeftsstelle@localhost\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\nMIME-Version: 1.0\r\n"
        f'Content-Type: multipart/report; report-type=delivery-status; boundary="{boundary}"\r\n\r\n'
        f"--{boundary}\r\nContent-Type: text/plain\r\n\r\nThe mail could not be delivered.\r\n"
        f"--{boundary}\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.example.test\r\n\r\n"
        f"Final-Recipient: rfc822; {address}\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        "Diagnostic-Code: smtp; 550 5.1.1 user unknown\r\n\r\n"
        f"--{boundary}\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        f"Message-ID: {message_id}\r\nTo: {address}\r\nSubject: Einladung\r\n\r\n"
        f"--{boundary}--\r\n"
    ).encode()


@pytest.fixture
def reply_mailbox(app, imap_server):  # noqa: F811
    keys = (
        "MAIL_IMAP_HOST",
        "MAIL_IMAP_PORT",
        "MAIL_IMAP_SSL",
        "MAIL_IMAP_USER",
        "MAIL_IMAP_PASSWORD",
    )
    old = {k: app.config.get(k) for k in keys}
    app.config.update(
        MAIL_IMAP_HOST="127.0.0.1",
        MAIL_IMAP_PORT=imap_server.port,
        MAIL_IMAP_SSL=False,
        MAIL_IMAP_USER=imap_server.user,
        MAIL_IMAP_PASSWORD=imap_server.password,
    )
    yield imap_server
    app.config.update(old)


def test_a_calendar_reply_and_a_bounce_come_back(
    app, client, login_as, make, db, runner, smtp, reply_mailbox
):
    s = group_with_seats()
    meeting = make.meeting(s.group, title="Klausur")
    hans = make.invitation(meeting, s.delegates[0], organisation=s.orgs[1])
    make.invitation(meeting, s.delegates[1], organisation=s.orgs[2])
    login_as("secretariat")
    client.post_form(f"/meetings/{meeting.id}/send")
    assert runner.invoke(args=["worker", "--once"]).exit_code == 0
    jana_mail = db.session.scalar(
        sa.select(OutboxMail).where(OutboxMail.to_address == "jana@jena.test")
    )
    assert jana_mail.status == "sent"

    reply_mailbox.deliver(_reply(meeting, "HANS@halle.test", "ACCEPTED"))
    reply_mailbox.deliver(_dsn("jana@jena.test", jana_mail.message_id))
    reply_mailbox.deliver(
        b"From: x@example.test\r\nSubject: Frage\r\n\r\nWann ist die Sitzung?\r\n"
    )
    assert runner.invoke(args=["worker", "--once"]).exit_code == 0

    db.session.expire_all()
    assert db.session.get(Invitation, hans.id).rsvp == "accepted"
    assert {i.rsvp for i in meeting.invitations if i.id != hans.id} == {"pending"}
    mail = db.session.get(OutboxMail, jana_mail.id)
    assert mail.status == "bounced" and "5.1.1" in mail.last_error
    jana = db.session.get(Contact, s.delegates[1].id)
    assert jana.undeliverable_address == "jana@jena.test" and jana.undeliverable_since
    assert db.session.get(Contact, s.delegates[0].id).undeliverable_since is None
    html = client.get(f"/contacts/{jana.id}").get_data(as_text=True)
    assert "jana@jena.test unzustellbar seit" in html
    # understood mail moved away, the question left for a person
    assert reply_mailbox.count("INBOX") == 1
    assert reply_mailbox.count("crm-verarbeitet") == 2
    # read once: a second run changes nothing
    assert runner.invoke(args=["worker", "--once"]).exit_code == 0
    assert reply_mailbox.count("INBOX") == 1


def test_a_reply_to_an_older_version_or_a_stranger_changes_nothing(
    app, make, db, runner, reply_mailbox
):
    s = group_with_seats()
    meeting = make.meeting(s.group, title="Klausur", sequence=3)
    hans = make.invitation(meeting, s.delegates[0], organisation=s.orgs[1])
    meeting.sequence = 2
    reply_mailbox.deliver(_reply(meeting, "hans@halle.test", "DECLINED"))
    reply_mailbox.deliver(_reply(meeting, "fremd@example.test", "ACCEPTED"))
    db.session.rollback()
    assert runner.invoke(args=["worker", "--once"]).exit_code == 0
    db.session.expire_all()
    assert db.session.get(Invitation, hans.id).rsvp == "pending"
