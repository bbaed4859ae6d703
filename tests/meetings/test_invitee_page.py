"""The invitee's personal link: no login, unguessable token, CSRF, substitutes."""

from __future__ import annotations

import sqlalchemy as sa

from crm.contacts.models import Contact
from crm.meetings.models import Invitation, new_token
from tests.mail.smtp_server import event_of, text_of
from tests.meetings.helpers import group_with_seats


def _scheduled(make, s):
    meeting = make.meeting(s.group, title="Sitzung", location="Raum 1")
    inv = make.invitation(meeting, s.delegates[0], organisation=s.orgs[1])
    return meeting, inv


def test_token_is_256_bits_and_wrong_token_is_404(app, db, make):
    assert len(new_token()) >= 43
    s = group_with_seats()
    _, inv = _scheduled(make, s)
    anon = app.test_client()
    assert anon.get(f"/invitations/{inv.token}").status_code == 200
    assert anon.get(f"/invitations/{inv.token[:-1]}x").status_code == 404
    assert anon.get("/invitations/" + "a" * 200).status_code == 404
    assert anon.get(f"/invitations/{inv.token[:-1]}x.ics").status_code == 404


def test_rsvp_needs_csrf_and_can_be_changed(app, db, make):
    s = group_with_seats()
    _, inv = _scheduled(make, s)
    anon = app.test_client()
    r = anon.post(f"/invitations/{inv.token}/rsvp", data={"rsvp-answer": "accepted"})
    assert r.status_code == 400  # no CSRF token
    db.session.expire_all()
    assert db.session.get(Invitation, inv.id).rsvp == "pending"
    r = anon.post_form(f"/invitations/{inv.token}/rsvp", {"rsvp-answer": "bogus"})
    assert r.status_code == 400
    for answer in ("tentative", "declined", "accepted"):
        r = anon.post_form(
            f"/invitations/{inv.token}/rsvp", {"rsvp-answer": answer, "rsvp-comment": "ok"}
        )
        assert r.status_code == 303
        db.session.expire_all()
        assert db.session.get(Invitation, inv.id).rsvp == answer
    assert "Zugesagt" in anon.get(f"/invitations/{inv.token}").get_data(as_text=True)


def test_invitee_calendar_file(app, db, make):
    s = group_with_seats()
    meeting, inv = _scheduled(make, s)
    r = app.test_client().get(f"/invitations/{inv.token}.ics")
    assert r.status_code == 200 and r.mimetype == "text/calendar"
    import icalendar

    cal = icalendar.Calendar.from_ical(r.data)
    ev = next(iter(cal.walk("VEVENT")))
    assert str(ev["UID"]) == meeting.uid and ev.decoded("DTSTART") == meeting.starts_at


def test_new_person_as_substitute_gets_own_invitation(app, db, make, runner, smtp):
    s = group_with_seats()
    meeting, inv = _scheduled(make, s)
    anon = app.test_client()
    page = anon.get(f"/invitations/{inv.token}").get_data(as_text=True)
    # to choose from: only a seat holder of the group for the same organisation (the deputy);
    # no other colleague and nobody of another organisation
    assert "Veit Vertreter" in page
    assert "Klara Kollegin" not in page and "klara@halle.test" not in page
    assert "Jana Jenaer" not in page
    r = anon.post_form(
        f"/invitations/{inv.token}/substitute",
        {"sub-contact_id": "0", "sub-last_name": "Neu", "sub-email": "kein-mail"},
    )
    assert r.status_code == 400
    assert "gültige E-Mail-Adresse" in r.get_data(as_text=True)
    # a colleague of another organisation is refused
    r = anon.post_form(
        f"/invitations/{inv.token}/substitute", {"sub-contact_id": s.delegates[1].id}
    )
    assert r.status_code == 400
    r = anon.post_form(
        f"/invitations/{inv.token}/substitute",
        {
            "sub-contact_id": "0",
            "sub-first_name": "Nina",
            "sub-last_name": "Neumann",
            "sub-email": "nina@halle.example.org",
        },
    )
    assert r.status_code == 303, r.get_data(as_text=True)
    db.session.expire_all()
    nina = db.session.scalar(sa.select(Contact).where(Contact.last_name == "Neumann"))
    assert nina.affiliations[0].organisation_id == s.orgs[1].id
    sub = db.session.scalar(sa.select(Invitation).where(Invitation.contact_id == nina.id))
    assert sub.substitute_for_id == inv.id and sub.organisation_id == s.orgs[1].id
    runner.invoke(args=["mail", "send"])
    msg = smtp.inbox.to("nina@halle.example.org")[0]
    assert "Hans Hallenser hat Sie als Vertretung benannt" in text_of(msg)
    cal, ev = event_of(msg)
    assert str(cal["METHOD"]) == "REQUEST" and str(ev["UID"]) == meeting.uid
    # the delegator cannot name a second one
    r = anon.post_form(f"/invitations/{inv.token}/substitute", {"sub-contact_id": s.colleague.id})
    assert r.status_code == 400


def test_mail_links_point_at_base_url_whatever_the_request_host(app, db, make, client, login_as):
    from crm.mail.models import OutboxMail
    from crm.meetings.notifications import invitation_link

    s = group_with_seats()
    meeting = make.meeting(s.group, title="Sitzung", location="Raum 1", status="draft")
    base_url = app.config["BASE_URL"]
    login_as("secretariat")
    client.post_form(f"/meetings/{meeting.id}/invitees", {"invite-contact_id": s.lead.id})
    app.config["BASE_URL"] = "https://crm.example.test/app/"
    try:
        r = client.post_form(f"/meetings/{meeting.id}/send")  # the request's host: localhost
        inv = db.session.scalar(sa.select(Invitation).where(Invitation.meeting_id == meeting.id))
        with app.app_context():  # outside a request (a CLI job) the link is the same
            assert invitation_link(inv) == f"https://crm.example.test/app/invitations/{inv.token}"
    finally:
        app.config["BASE_URL"] = base_url
    assert r.status_code == 303
    body = db.session.scalar(sa.select(OutboxMail.body_text))
    assert f"https://crm.example.test/app/invitations/{inv.token}" in body
    assert "localhost" not in body


def test_meeting_errors_are_translated(app, db, make):
    from flask_babel import force_locale

    from crm.meetings.poll import vote
    from crm.meetings.rules import MeetingError
    from crm.rules import RuleError

    s = group_with_seats()
    _, inv = _scheduled(make, s)
    with app.test_request_context(), force_locale("en"):
        try:
            vote(inv, {})
        except MeetingError as exc:
            assert isinstance(exc, RuleError)
            assert str(exc) == "The date poll is closed."
        else:
            raise AssertionError("voting on a scheduled meeting must be refused")


def test_the_invite_picker_offers_a_bounded_list_and_takes_any_seat_holder(
    db, make, client, login_as, monkeypatch
):
    from crm import pickers

    monkeypatch.setattr(pickers, "LIMIT", 3)
    group = make.group("AG Viele")
    people = [make.contact(f"Sitz{i}", "Uwe") for i in range(5)]
    for person in people:
        make.seat(person, group)
    meeting = make.meeting(group, status="draft")
    login_as("secretariat")
    html = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    picker = html[html.index('name="invite-contact_id"') :]
    picker = picker[: picker.index("</select>")]
    assert [f"Sitz{i}" in picker for i in range(5)] == [True, True, True, False, False]
    # the last one, not among the options listed, is invited all the same
    r = client.post_form(f"/meetings/{meeting.id}/invitees", {"invite-contact_id": people[4].id})
    assert r.status_code == 303
    invited = db.session.scalars(
        sa.select(Invitation.contact_id).where(Invitation.meeting_id == meeting.id)
    ).all()
    assert invited == [people[4].id]
    # an invited person is no longer offered; a posted id of nobody in the group is refused
    html = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    picker = html[html.index('name="invite-contact_id"') :]
    assert "Sitz4" not in picker[: picker.index("</select>")]
    stranger = make.contact("Fremd", "Uwe")
    r = client.post_form(f"/meetings/{meeting.id}/invitees", {"invite-contact_id": stranger.id})
    assert r.status_code == 400
