"""Automatic reminders on a fixed clock, delivered to the real SMTP server: one to each
invitee who has not answered, none to those who did, never twice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from crm.extensions import db
from crm.mail import delivery
from crm.mail.models import OutboxMail
from crm.meetings import reminders
from crm.meetings.models import DateOption, Vote
from tests.mail.smtp_server import text_of
from tests.meetings.helpers import group_with_seats

MEETING = datetime(2027, 3, 10, 9, 0, tzinfo=UTC)
SENT = datetime(2027, 2, 20, 9, 0, tzinfo=UTC)


def _invited(make, meeting, people, **kw):
    return [make.invitation(meeting, p, sent_at=SENT, **kw) for p in people]


def _deliver(smtp) -> dict[str, list]:
    delivery.send_pending(now=datetime.now(UTC))
    received: dict[str, list] = {}
    for msg in smtp.inbox.messages:
        received.setdefault(msg["To"], []).append(msg)
    return received


def test_reminder_goes_once_to_each_non_responder_and_never_twice(app, make, smtp):
    s = group_with_seats()
    meeting = make.meeting(s.group, title="Klausur Verkehr", starts_at=MEETING)
    hans, jana = s.delegates
    pending = _invited(make, meeting, [hans, s.deputy])
    make.invitation(meeting, jana, sent_at=SENT, rsvp="accepted")
    make.invitation(meeting, s.lead, sent_at=SENT, rsvp="declined")
    make.invitation(meeting, s.colleague)  # not invited yet: no reminder either
    app.config["REMINDER_INVITATION_DAYS"] = 3

    # four days before: the window has not opened
    assert reminders.send_due_reminders(now=MEETING - timedelta(days=4)) == 0
    # three days before: the two who have not answered
    first = MEETING - timedelta(days=3)
    assert reminders.send_due_reminders(now=first) == 2
    # the task runs every five minutes, and again the next day: nothing more
    assert reminders.send_due_reminders(now=first + timedelta(minutes=5)) == 0
    assert reminders.send_due_reminders(now=first + timedelta(days=1)) == 0

    received = _deliver(smtp)
    assert sorted(received) == ["hans@halle.test", "veit@halle.test"]
    assert all(len(msgs) == 1 for msgs in received.values())
    [msg] = received["hans@halle.test"]
    assert msg["Subject"] == "Erinnerung: Klausur Verkehr"
    body = text_of(msg)
    assert "Sehr geehrter Herr Hallenser," in body
    assert f"/invitations/{pending[0].token}" in body
    assert "noch keine Rückmeldung" in body
    kinds = db.session.scalars(sa.select(OutboxMail.kind)).all()
    assert kinds == ["reminder", "reminder"]

    # after the meeting: nothing
    assert reminders.send_due_reminders(now=MEETING + timedelta(hours=1)) == 0


def test_manual_reminder_in_the_window_counts_and_a_meeting_may_opt_out(app, make, smtp):
    s = group_with_seats()
    hans, jana = s.delegates
    meeting = make.meeting(s.group, starts_at=MEETING)
    _invited(make, meeting, [hans])
    # reminded by hand two days before the window: the automatic one still goes
    _invited(make, meeting, [jana], reminded_at=MEETING - timedelta(days=5))
    # reminded by hand inside the window: no second one
    _invited(make, meeting, [s.deputy], reminded_at=MEETING - timedelta(days=2, hours=20))
    quiet = make.meeting(s.group, title="Ohne Erinnerung", starts_at=MEETING, reminder_days=0)
    _invited(make, quiet, [hans])
    early = make.meeting(s.group, title="Früh", starts_at=MEETING, reminder_days=10)
    _invited(make, early, [hans])

    sent = reminders.send_due_reminders(now=MEETING - timedelta(days=2, hours=12))
    assert sent == 3
    received = _deliver(smtp)
    assert sorted(received) == ["hans@halle.test", "jana@jena.test"]
    assert sorted(m["Subject"] for m in received["hans@halle.test"]) == [
        "Erinnerung: Früh",
        "Erinnerung: Sitzung",
    ]
    assert [m["Subject"] for m in received["jana@jena.test"]] == ["Erinnerung: Sitzung"]


def test_poll_reminder_before_the_first_slot_to_those_who_have_not_voted(app, make, smtp):
    s = group_with_seats()
    hans, jana = s.delegates
    meeting = make.meeting(s.group, title="Termin finden", starts_at=None, status="polling")
    slot = DateOption(meeting=meeting, starts_at=MEETING, ends_at=MEETING + timedelta(hours=2))
    later = DateOption(
        meeting=meeting,
        starts_at=MEETING + timedelta(days=7),
        ends_at=MEETING + timedelta(days=7, hours=2),
    )
    db.session.add_all([slot, later])
    voted, waiting = _invited(make, meeting, [jana, hans])
    db.session.add(Vote(date_option=slot, invitation=voted, answer="yes"))
    db.session.commit()
    app.config["REMINDER_POLL_DAYS"] = 2

    assert reminders.send_due_reminders(now=MEETING - timedelta(days=3)) == 0
    assert reminders.send_due_reminders(now=MEETING - timedelta(days=2)) == 1
    assert reminders.send_due_reminders(now=MEETING - timedelta(days=1)) == 0
    [msg] = _deliver(smtp)["hans@halle.test"]
    assert msg["Subject"] == "Erinnerung: Termin finden"
    assert "Terminumfrage" in text_of(msg) and waiting.token in text_of(msg)


def test_the_worker_runs_the_reminder_task(app, make, runner, smtp):
    s = group_with_seats()
    soon = datetime.now(UTC).replace(microsecond=0) + timedelta(days=1)
    meeting = make.meeting(s.group, title="Morgen", starts_at=soon)
    _invited(make, meeting, [s.delegates[0]])
    result = runner.invoke(args=["worker", "--once"])
    assert result.exit_code == 0, result.output
    # the reminder task and the delivery task both ran: the mail has arrived
    result = runner.invoke(args=["worker", "--once"])
    [msg] = smtp.inbox.to("hans@halle.test")
    assert msg["Subject"] == "Erinnerung: Morgen"
