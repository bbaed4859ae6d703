"""The whole path through the app and a real SMTP server: poll, invitations with calendar
files, RSVP and substitute, update (SEQUENCE+1), cancellation (METHOD:CANCEL)."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from crm.mail.models import OutboxMail
from crm.meetings.models import Invitation, Meeting
from tests import factories
from tests.mail.smtp_server import event_of, text_of
from tests.meetings.helpers import agenda_version, group_with_seats, token_in


def _send(runner):
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    return result.output


def test_poll_to_cancellation(app, db, client, login_as, runner, smtp):
    s = group_with_seats()
    login_as("group_lead", groups=[s.group])

    # 1. a meeting without a date, agenda, invitees from the seats
    r = client.post_form(
        "/meetings/new",
        {
            "group_id": s.group.id,
            "title": "12. Sitzung AG VM",
            "location": "Neues Rathaus, Raum 259",
        },
    )
    assert r.status_code == 303, r.get_data(as_text=True)
    meeting = db.session.scalar(sa.select(Meeting))
    assert meeting.status == "draft" and meeting.starts_at is None
    mid = meeting.id
    for title in ("Begrüßung", "S-Bahn-Netz 2030", "Verschiedenes"):
        assert (
            client.post_form(
                f"/meetings/{mid}/agenda",
                {"agenda-title": title, "agenda_version": agenda_version(client, mid)},
            ).status_code
            == 303
        )
    r = client.post_form(
        f"/meetings/{mid}/invitees/seats", {"seats-roles": ["lead", "deputy_lead", "delegate"]}
    )
    assert r.status_code == 303
    db.session.expire_all()
    invited = {i.contact.last_name for i in db.session.scalars(sa.select(Invitation))}
    assert invited == {"Leiterin", "Hallenser", "Jenaer"}  # deputy not by default

    # 2. three slots (Berlin local time), start the poll
    for day in ("2026-12-01", "2026-12-02", "2026-12-03"):
        r = client.post_form(
            f"/meetings/{mid}/poll",
            {"starts_on": day, "starts_time": "10:00", "ends_time": "12:00"},
        )
        assert r.status_code == 303, r.get_data(as_text=True)
    assert client.post_form(f"/meetings/{mid}/poll/start").status_code == 303
    assert "versendet: 3" in _send(runner)
    poll_mail = smtp.inbox.to("hans@halle.test")[0]
    assert poll_mail["Subject"] == "Terminumfrage: 12. Sitzung AG VM"
    body = text_of(poll_mail)
    assert (
        "Sehr geehrter Herr Hallenser," in body and "Dienstag, 01.12.2026, 10:00–12:00 Uhr" in body
    )
    hans_token = token_in(body)
    jana_token = token_in(text_of(smtp.inbox.to("jana@jena.test")[0]))

    # 3. invitees vote without login (fresh clients), and change their answer
    db.session.expire_all()
    options = db.session.scalar(sa.select(Meeting)).date_options
    o1, o2, o3 = (o.id for o in options)
    hans = app.test_client()
    page = hans.get(f"/invitations/{hans_token}")
    assert page.status_code == 200 and "Welche Termine passen Ihnen?" in page.get_data(as_text=True)
    r = hans.post_form(
        f"/invitations/{hans_token}/vote",
        {f"option-{o1}": "no", f"option-{o2}": "yes", f"option-{o3}": "maybe"},
    )
    assert r.status_code == 303
    r = hans.post_form(f"/invitations/{hans_token}/vote", {f"option-{o3}": "yes"})  # changed
    jana = app.test_client()
    r = jana.post_form(
        f"/invitations/{jana_token}/vote",
        {f"option-{o1}": "yes", f"option-{o2}": "yes", f"option-{o3}": "no"},
    )
    assert r.status_code == 303
    html = client.get(f"/meetings/{mid}/poll").get_data(as_text=True)
    assert "2 / 0 / 0" in html  # slot 2: two yes
    assert html.count("★") == 1
    from crm.meetings.poll import poll_matrix

    matrix = poll_matrix(db.session.get(Meeting, mid))
    assert [r.best for r in matrix.rows] == [False, True, False]
    assert [(r.yes, r.maybe, r.no) for r in matrix.rows] == [(1, 0, 1), (2, 0, 0), (1, 0, 1)]

    # 4. pick slot 2: scheduled, invitations with METHOD:REQUEST arrive
    smtp.inbox.clear()
    assert client.post_form(f"/meetings/{mid}/poll/{o2}/pick").status_code == 303
    db.session.expire_all()
    meeting = db.session.get(Meeting, mid)
    assert meeting.status == "scheduled"
    assert meeting.starts_at == datetime(2026, 12, 2, 9, 0, tzinfo=UTC)  # 10:00 CET
    assert "versendet: 3" in _send(runner)
    msg = smtp.inbox.to("jana@jena.test")[0]
    assert msg["Subject"] == "Einladung: 12. Sitzung AG VM am 02.12.2026"
    assert "2. S-Bahn-Netz 2030" in text_of(msg)
    cal, ev = event_of(msg)
    assert str(cal["METHOD"]) == "REQUEST"
    assert str(ev["UID"]) == meeting.uid
    assert int(ev["SEQUENCE"]) == 0
    assert ev.decoded("DTSTART") == datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
    assert ev.decoded("DTEND") == datetime(2026, 12, 2, 11, 0, tzinfo=UTC)
    assert "mailto:jana@jena.test" in str(ev["ATTENDEE"]).lower()
    assert str(ev["ORGANIZER"]).lower().startswith("mailto:")
    assert str(ev["LOCATION"]) == "Neues Rathaus, Raum 259"
    ics_part = next(p for p in msg.walk() if p.get_content_type() == "text/calendar")
    assert ics_part.get_param("method") == "REQUEST"

    # 5. RSVP on the personal link; a substitute from the same organisation
    r = jana.post_form(f"/invitations/{jana_token}/rsvp", {"rsvp-answer": "accepted"})
    assert r.status_code == 303
    r = hans.post_form(f"/invitations/{hans_token}/substitute", {"sub-contact_id": "0"})
    assert r.status_code == 400  # neither a colleague nor a new person
    klara = s.colleague
    # only seat holders of the group for the same organisation are offered (issue 12)
    r = hans.post_form(f"/invitations/{hans_token}/substitute", {"sub-contact_id": klara.id})
    assert r.status_code == 400
    factories.seat(klara, s.group, "deputy_delegate", s.orgs[1])
    r = hans.post_form(f"/invitations/{hans_token}/substitute", {"sub-contact_id": klara.id})
    assert r.status_code == 303, r.get_data(as_text=True)
    db.session.expire_all()
    by_name = {i.contact.last_name: i for i in db.session.scalars(sa.select(Invitation))}
    assert by_name["Jenaer"].rsvp == "accepted"
    assert by_name["Hallenser"].rsvp == "delegated"
    assert by_name["Kollegin"].substitute_for_id == by_name["Hallenser"].id
    smtp.inbox.clear()
    _send(runner)
    sub_mail = smtp.inbox.to("klara@halle.test")[0]
    assert "Hans Hallenser hat Sie als Vertretung benannt" in text_of(sub_mail)
    assert int(event_of(sub_mail)[1]["SEQUENCE"]) == 0
    detail = client.get(f"/meetings/{mid}").get_data(as_text=True)
    assert "Zugesagt" in detail and "Vertretung für Anna Hallenser" not in detail
    assert "Vertretung für Hans Hallenser" in detail

    # 6. a change of time: SEQUENCE 1, update to everyone still invited (not the delegator)
    meeting = db.session.get(Meeting, mid)
    r = client.post_form(
        f"/meetings/{mid}/edit",
        {
            "group_id": s.group.id,
            "title": meeting.title,
            "starts_on": "2026-12-02",
            "starts_time": "13:00",
            "ends_time": "15:30",
            "location": meeting.location,
            "version": meeting.version,
        },
    )
    assert r.status_code == 303, r.get_data(as_text=True)
    smtp.inbox.clear()
    _send(runner)
    recipients = sorted(m["To"] for m in smtp.inbox.messages)
    assert recipients == ["jana@jena.test", "klara@halle.test", "lea@leipzig.test"]
    cal, ev = event_of(smtp.inbox.to("klara@halle.test")[0])
    assert str(cal["METHOD"]) == "REQUEST" and int(ev["SEQUENCE"]) == 1
    assert str(ev["UID"]) == meeting.uid
    assert ev.decoded("DTSTART") == datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
    assert smtp.inbox.to("jana@jena.test")[0]["Subject"].startswith("Geändert:")

    # an edit that does not touch time or place sends nothing and keeps SEQUENCE
    db.session.expire_all()
    meeting = db.session.get(Meeting, mid)
    before = db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMail))
    r = client.post_form(
        f"/meetings/{mid}/edit",
        {
            "group_id": s.group.id,
            "title": "12. Sitzung der AG VM",
            "starts_on": "2026-12-02",
            "starts_time": "13:00",
            "ends_time": "15:30",
            "location": meeting.location,
            "version": meeting.version,
        },
    )
    assert r.status_code == 303
    db.session.expire_all()
    assert db.session.get(Meeting, mid).sequence == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMail)) == before

    # 7. cancellation: METHOD:CANCEL, STATUS:CANCELLED, SEQUENCE raised
    smtp.inbox.clear()
    assert client.post_form(f"/meetings/{mid}/cancel").status_code == 303
    _send(runner)
    assert len(smtp.inbox.messages) == 3
    msg = smtp.inbox.to("jana@jena.test")[0]
    cal, ev = event_of(msg)
    assert str(cal["METHOD"]) == "CANCEL"
    assert str(ev["STATUS"]) == "CANCELLED"
    assert int(ev["SEQUENCE"]) == 2
    assert str(ev["UID"]) == meeting.uid
    part = next(p for p in msg.walk() if p.get_content_type() == "text/calendar")
    assert part.get_param("method") == "CANCEL"
    assert "ABGESAGT" in text_of(msg)
    assert "Diese Sitzung ist abgesagt." in jana.get(f"/invitations/{jana_token}").get_data(
        as_text=True
    )
