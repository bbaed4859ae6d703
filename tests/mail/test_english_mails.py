"""Mails in the invitee's language: English where the person's language says so, German
otherwise – salutation, text, subject and dates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from crm.contacts.salutation import letter_salutation_en
from crm.extensions import db
from crm.meetings import reminders
from tests.mail.smtp_server import event_of, text_of
from tests.meetings.helpers import group_with_seats

START = datetime(2027, 3, 2, 9, 0, tzinfo=UTC)  # 10:00 in Berlin


def _text(msg) -> str:
    return text_of(msg).replace("\r\n", "\n")


def test_invitation_in_english_for_an_english_speaking_invitee(
    client, login_as, make, runner, smtp
):
    s = group_with_seats()
    hans, jana = s.delegates
    hans.language = "en"
    db.session.commit()
    meeting = make.meeting(
        s.group, title="Klausur", starts_at=START, ends_at=START + timedelta(hours=2)
    )
    make.invitation(meeting, hans, organisation=s.orgs[1])
    make.invitation(meeting, jana, organisation=s.orgs[2])
    login_as("secretariat")
    client.post_form(
        f"/meetings/{meeting.id}/agenda",
        {"agenda-title": "Haushalt 2027", "agenda_version": meeting.agenda_version},
    )
    assert client.post_form(f"/meetings/{meeting.id}/send").status_code == 303
    assert runner.invoke(args=["worker", "--once"]).exit_code == 0

    [english] = smtp.inbox.to("hans@halle.test")
    assert english["Subject"] == "Invitation: Klausur on 2 March 2027"
    text = _text(english)
    assert text.startswith("Dear Mr Hallenser,\n\nWe cordially invite you to the meeting “Klausur”")
    assert "Date: Tuesday, 2 March 2027, 10:00–12:00\n" in text
    assert "1. Haushalt 2027" in text and "Agenda" in text
    assert "/invitations/" in text and "Kind regards" in text
    assert "Uhr" not in text and "Sehr geehrte" not in text
    html = english.get_body(preferencelist=("html",)).get_content()
    assert "Dear Mr Hallenser," in html

    [german] = smtp.inbox.to("jana@jena.test")
    assert german["Subject"] == "Einladung: Klausur am 02.03.2027"
    assert "Termin: Dienstag, 02.03.2027, 10:00–12:00 Uhr" in _text(german)
    assert "Mit freundlichen Grüßen" in _text(german)


def test_calendar_text_in_the_invitees_language(client, login_as, make, runner, smtp):
    s = group_with_seats()
    hans, jana = s.delegates
    hans.language = "en"
    db.session.commit()
    meeting = make.meeting(
        s.group,
        title="Klausur",
        starts_at=START,
        location="Rathaus Halle",
        online_url="https://meet.example/klausur",
    )
    invitation = make.invitation(meeting, hans, organisation=s.orgs[1])
    make.invitation(meeting, jana, organisation=s.orgs[2])
    login_as("secretariat")
    client.post_form(
        f"/meetings/{meeting.id}/agenda",
        {"agenda-title": "Haushalt 2027", "agenda_version": meeting.agenda_version},
    )
    assert client.post_form(f"/meetings/{meeting.id}/send").status_code == 303
    assert runner.invoke(args=["worker", "--once"]).exit_code == 0

    [english] = smtp.inbox.to("hans@halle.test")
    _cal, ev = event_of(english)
    description = str(ev["DESCRIPTION"])
    assert "Agenda:\n1. Haushalt 2027" in description
    assert "Online: https://meet.example/klausur" in description
    assert "Reply: http://127.0.0.1:5000/invitations/" in description
    assert "Tagesordnung" not in description and "Zusage" not in description
    assert str(ev["SUMMARY"]).startswith("Klausur (") and str(ev["LOCATION"]) == "Rathaus Halle"
    # the invite.ics attachment is the same calendar
    [file] = [p for p in english.walk() if p.get_filename() == "invite.ics"]
    assert "Agenda:" in file.get_content().decode()
    [german] = smtp.inbox.to("jana@jena.test")
    german_description = str(event_of(german)[1]["DESCRIPTION"])
    assert "Tagesordnung:\n1. Haushalt 2027" in german_description
    assert "Zusage/Absage: http://127.0.0.1:5000/invitations/" in german_description
    # the calendar file of the invitee's own page, whatever the browser's language
    db.session.expire_all()
    client.get("/logout")
    page_file = client.get(f"/invitations/{invitation.token}.ics").get_data(as_text=True)
    assert "Agenda:" in page_file and "Tagesordnung" not in page_file


def test_reminder_in_english(app, make, smtp):
    from crm.mail import delivery

    s = group_with_seats()
    hans = s.delegates[0]
    hans.language = "en"
    db.session.commit()
    meeting = make.meeting(s.group, title="Klausur", starts_at=START)
    make.invitation(meeting, hans, sent_at=START - timedelta(days=20))
    assert reminders.send_due_reminders(now=START - timedelta(days=2)) == 1
    delivery.send_pending()
    [msg] = smtp.inbox.to("hans@halle.test")
    assert msg["Subject"] == "Reminder: Klausur"
    assert "We have not yet had your reply to the meeting “Klausur”" in _text(msg)
    assert "on Tuesday, 2 March 2027, 10:00" in _text(msg)


def test_english_salutations():
    assert letter_salutation_en("Frau", "Dr.", "Maria", "Müller") == "Dear Dr Müller,"
    assert letter_salutation_en("Herr", "Prof. Dr.", "Sven", "Schulze") == "Dear Professor Schulze,"
    assert letter_salutation_en("Frau", "Dipl.-Ing.", "Wiebke", "Weber") == "Dear Ms Weber,"
    assert letter_salutation_en("Herr", None, "Hans", "Weiß") == "Dear Mr Weiß,"
    assert letter_salutation_en("", None, "Kim", "Meyer") == "Dear Kim Meyer,"


def test_pages_and_mails_write_a_slot_with_the_one_formatter(app, make, smtp):
    """The invitee page and the mail show the slot in the same words, in the invitee's language
    (one formatter, ``crm.i18n.fmt_when``): an English invitee never reads "2 Mar" on the page
    beside "2 March" in the mail."""
    from crm.mail import delivery

    s = group_with_seats()
    hans, jana = s.delegates
    hans.language = "en"
    db.session.commit()
    meeting = make.meeting(
        s.group, title="Klausur", starts_at=START, ends_at=START + timedelta(hours=2)
    )
    english = make.invitation(meeting, hans, sent_at=START - timedelta(days=20))
    german = make.invitation(meeting, jana, sent_at=START - timedelta(days=20))
    assert reminders.send_due_reminders(now=START - timedelta(days=2)) == 2
    delivery.send_pending()
    for inv, address, slot in (
        (english, "hans@halle.test", "Tuesday, 2 March 2027, 10:00–12:00"),
        (german, "jana@jena.test", "Dienstag, 02.03.2027, 10:00–12:00 Uhr"),
    ):
        [msg] = smtp.inbox.to(address)
        assert slot in _text(msg)
        page = app.test_client().get(f"/invitations/{inv.token}").get_data(as_text=True)
        assert f'data-testid="when">{slot}</dd>' in page


def test_one_slot_formatter_for_both_languages(app):
    from crm.i18n import fmt_when

    end = START + timedelta(days=1, hours=3)  # the next day, 13:00 in Berlin
    with app.test_request_context():
        assert fmt_when(START, lang="en") == "Tuesday, 2 March 2027, 10:00"
        assert fmt_when(START, lang="de") == "Dienstag, 02.03.2027, 10:00 Uhr"
        assert (
            fmt_when(START, end, lang="en") == "Tuesday, 2 March 2027, 10:00 – 3 March 2027, 13:00"
        )
        assert fmt_when(START, weekday=False, lang="en") == "2 Mar 2027, 10:00"
        assert fmt_when(START, weekday=False, lang="de") == "02.03.2027, 10:00 Uhr"
        assert fmt_when(None) == ""
