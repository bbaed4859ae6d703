"""Calendar files and feeds, conflicts, reminders, agenda order, stale edits, the list, the
participation report."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar
import sqlalchemy as sa

from crm.feeds.models import CalendarFeed
from crm.meetings.models import AgendaItem, Meeting
from crm.time import today
from tests.mail.smtp_server import event_of, text_of
from tests.meetings.helpers import agenda_version, group_with_seats

START = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def test_meeting_ics(client, login_as, make):
    group = make.group(short_name="AG X")
    meeting = make.meeting(group, title="Klausur", starts_at=START, location="Halle")
    login_as("viewer")
    r = client.get(f"/meetings/{meeting.id}.ics")
    assert r.status_code == 200 and r.mimetype == "text/calendar"
    cal = icalendar.Calendar.from_ical(r.data)
    ev = next(iter(cal.walk("VEVENT")))
    assert str(ev["UID"]) == meeting.uid and ev.decoded("DTSTART") == START
    assert str(ev["SUMMARY"]) == "Klausur (AG X)"
    assert client.get("/meetings/999.ics").status_code == 404


def test_group_and_personal_feeds(app, client, login_as, make, db):
    g1, g2 = make.group(name="AG Eins"), make.group(name="AG Zwei")
    m1 = make.meeting(g1, title="Eins", starts_at=START)
    make.meeting(g2, title="Zwei", starts_at=START)
    make.meeting(g1, title="Umfrage", status="polling", starts_at=None, ends_at=None)
    user = login_as("group_lead", groups=[g1])
    assert client.post_form("/meetings/feeds", {"group_id": g2.id}).status_code == 303
    assert client.post_form("/meetings/feeds", {"group_id": ""}).status_code == 303
    feeds = db.session.scalars(sa.select(CalendarFeed).order_by(CalendarFeed.id)).all()
    assert [f.group_id for f in feeds] == [g2.id, None]
    page = client.get("/meetings/feeds").get_data(as_text=True)
    assert f"/calendar/{feeds[0].token}.ics" in page

    anon = app.test_client()
    r = anon.get(f"/calendar/{feeds[0].token}.ics")
    assert r.status_code == 200 and r.mimetype == "text/calendar"
    cal = icalendar.Calendar.from_ical(r.data)
    assert str(cal["METHOD"]) == "PUBLISH"
    assert [str(e["SUMMARY"]) for e in cal.walk("VEVENT")] == ["Zwei (AG Zwei)"]
    personal = icalendar.Calendar.from_ical(anon.get(f"/calendar/{feeds[1].token}.ics").data)
    assert [str(e["UID"]) for e in personal.walk("VEVENT")] == [m1.uid]  # the lead's group
    assert anon.get("/calendar/falsch.ics").status_code == 404

    other = app.test_client()
    login_as("group_lead", groups=[g2], c=other)
    assert other.post_form(f"/meetings/feeds/{feeds[0].id}/revoke").status_code == 403
    assert client.post_form(f"/meetings/feeds/{feeds[0].id}/revoke").status_code == 303
    assert anon.get(f"/calendar/{feeds[0].token}.ics").status_code == 404
    # a deactivated user's feeds stop working
    user = db.session.merge(user)
    user.is_active = False
    db.session.commit()
    cal = icalendar.Calendar.from_ical(anon.get(f"/calendar/{feeds[1].token}.ics").data)
    assert list(cal.walk("VEVENT")) == []


def test_conflicts_person_and_room(client, login_as, make, db):
    s = group_with_seats()
    other_group = make.group(name="PG Elektromobilität")
    busy = make.meeting(
        other_group, title="PG-Sitzung", starts_at=START + timedelta(hours=1), location="Raum 259"
    )
    make.invitation(busy, s.delegates[0])
    meeting = make.meeting(s.group, title="AG-Sitzung", starts_at=START, location=" raum 259 ")
    make.invitation(meeting, s.delegates[0])
    make.invitation(meeting, s.delegates[1])
    login_as("viewer")
    html = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Terminüberschneidung:" in html and "Hans Hallenser" in html
    assert "Raum belegt:" in html and "PG-Sitzung" in html
    # after the other meeting no conflict
    later = make.meeting(s.group, title="Später", starts_at=START + timedelta(hours=3))
    make.invitation(later, s.delegates[0])
    html = client.get(f"/meetings/{later.id}").get_data(as_text=True)
    assert "Terminüberschneidung:" not in html and "Raum belegt:" not in html


def test_reminder_only_to_those_without_answer(client, login_as, make, db, runner, smtp):
    s = group_with_seats()
    meeting = make.meeting(s.group, title="Sitzung", starts_at=START)
    sent = datetime.now(UTC)
    make.invitation(meeting, s.delegates[0], sent_at=sent, rsvp="accepted")
    make.invitation(meeting, s.delegates[1], sent_at=sent)
    login_as("group_lead", groups=[s.group])
    assert client.post_form(f"/meetings/{meeting.id}/remind").status_code == 303
    runner.invoke(args=["mail", "send"])
    assert [m["To"] for m in smtp.inbox.messages] == ["jana@jena.test"]
    msg = smtp.inbox.messages[0]
    assert msg["Subject"] == "Erinnerung: Sitzung" and "noch keine Rückmeldung" in text_of(msg)


def test_removed_invitee_gets_a_cancel(client, login_as, make, db, runner, smtp):
    s = group_with_seats()
    meeting = make.meeting(s.group, title="Sitzung", starts_at=START)
    make.invitation(meeting, s.delegates[0], organisation=s.orgs[1])
    login_as("secretariat")
    client.post_form(f"/meetings/{meeting.id}/send")
    runner.invoke(args=["mail", "send"])
    inv = meeting.invitations[0]
    smtp.inbox.clear()
    r = client.post_form(f"/meetings/{meeting.id}/invitees/{inv.id}/delete")
    assert r.status_code == 303
    runner.invoke(args=["mail", "send"])
    cal, ev = event_of(smtp.inbox.to("hans@halle.test")[0])
    assert str(cal["METHOD"]) == "CANCEL" and str(ev["UID"]) == meeting.uid
    assert int(ev["SEQUENCE"]) == 1


def test_agenda_reorder_edit_remove(client, login_as, make, db):
    group = make.group()
    meeting = make.meeting(group)
    login_as("secretariat")
    for title in ("A", "B", "C"):
        client.post_form(
            f"/meetings/{meeting.id}/agenda",
            {"agenda-title": title, "agenda_version": agenda_version(client, meeting.id)},
        )
    assert (
        client.post_form(f"/meetings/{meeting.id}/agenda", {"agenda-title": ""}).status_code == 400
    )

    def order():
        db.session.expire_all()
        items = db.session.scalars(sa.select(AgendaItem).order_by(AgendaItem.position)).all()
        return [(i.position, i.title) for i in items], {i.title: i.id for i in items}

    _, ids = order()
    client.post_form(
        f"/meetings/{meeting.id}/agenda/{ids['C']}/move",
        {"direction": "up", "agenda_version": agenda_version(client, meeting.id)},
    )
    assert order()[0] == [(1, "A"), (2, "C"), (3, "B")]
    client.post_form(
        f"/meetings/{meeting.id}/agenda/{ids['A']}/move",
        {"direction": "up", "agenda_version": agenda_version(client, meeting.id)},
    )
    assert order()[0] == [(1, "A"), (2, "C"), (3, "B")]
    r = client.post_form(
        f"/meetings/{meeting.id}/agenda/{ids['B']}/edit",
        {
            "title": "B neu",
            "duration_minutes": "30",
            "version": db.session.get(AgendaItem, ids["B"]).version,
        },
    )
    assert r.status_code == 303
    client.post_form(
        f"/meetings/{meeting.id}/agenda/{ids['A']}/delete",
        {"agenda_version": agenda_version(client, meeting.id)},
    )
    assert order()[0] == [(1, "C"), (2, "B neu")]


def test_stale_edit_is_refused(client, login_as, make, db):
    group = make.group()
    meeting = make.meeting(group, title="Alt", status="draft")
    login_as("secretariat")
    data = {"group_id": group.id, "title": "Meine Änderung", "version": meeting.version}
    meeting.title = "Fremde Änderung"
    db.session.commit()
    r = client.post_form(f"/meetings/{meeting.id}/edit", data)
    assert r.status_code == 409
    assert "inzwischen von jemand anderem geändert" in r.get_data(as_text=True)
    assert "Fremde Änderung" in r.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).title == "Fremde Änderung"


def test_list_filters_and_constant_queries(client, login_as, make, db, count_queries):
    g1, g2 = make.group(name="AG Eins"), make.group(name="AG Zwei")
    now = datetime.now(UTC)
    make.meeting(g1, title="Zukunft Eins", starts_at=now + timedelta(days=5))
    make.meeting(g2, title="Zukunft Zwei", starts_at=now + timedelta(days=6))
    make.meeting(g1, title="Vergangen", starts_at=now - timedelta(days=5), status="held")
    login_as("viewer")
    html = client.get(f"/meetings/?group={g1.id}").get_data(as_text=True)
    assert "Zukunft Eins" in html and "Zukunft Zwei" not in html and "Vergangen" not in html
    html = client.get("/meetings/?when=past").get_data(as_text=True)
    assert "Vergangen" in html and "Zukunft" not in html
    day = (now + timedelta(days=6)).date().isoformat()
    html = client.get(f"/meetings/?when=all&from={day}&to={day}").get_data(as_text=True)
    assert "Zukunft Zwei" in html and "Zukunft Eins" not in html
    html = client.get("/meetings/?when=all&q=zukunft%20e").get_data(as_text=True)
    assert "Zukunft Eins" in html and "Zukunft Zwei" not in html

    def count():
        with count_queries() as queries:
            client.get("/meetings/?when=all")
        return len(queries)

    few = count()
    for n in range(10):
        make.meeting(make.group(), title=f"M{n}", starts_at=now + timedelta(days=n + 10))
    assert count() == few


def test_participation_report(client, login_as, make, db):
    s = group_with_seats()
    leipzig, halle, jena = s.orgs
    now = datetime.now(UTC)
    held = []
    for n in range(3):
        m = make.meeting(
            s.group, title=f"S{n}", starts_at=now - timedelta(days=30 * (n + 1)), status="held"
        )
        held.append(m)
    # Leipzig at all three, Halle via a substitute at one, Jena never
    for n, m in enumerate(held):
        make.invitation(m, s.lead, organisation=leipzig, attended="yes")
        orig = make.invitation(m, s.delegates[0], organisation=halle, attended="no")
        if n == 0:
            make.invitation(m, s.colleague, organisation=halle, attended="yes", substitute_for=orig)
        make.invitation(m, s.delegates[1], organisation=jena, attended="no")
    login_as("viewer")
    r = client.get(f"/meetings/report?group={s.group.id}&last=2")
    assert r.status_code == 200
    from crm.reports.participation import participation_report

    report = participation_report(s.group, today() - timedelta(days=365), today(), last_n=2)
    orgs = {r.name: (r.invited, r.attended) for r in report.organisations}
    assert orgs == {"Stadt Leipzig": (3, 3), "Stadt Halle (Saale)": (3, 1), "Stadt Jena": (3, 0)}
    people = {r.name: (r.invited, r.attended) for r in report.people}
    assert people["Hallenser, Hans"] == (3, 0) and people["Kollegin, Klara"] == (1, 1)
    # last two meetings: Halle's substitute came to the newest one (n=0), Jena to none
    assert [o.name for o in report.absent] == ["Stadt Jena"]
    html = r.get_data(as_text=True)
    assert "Stadt Jena" in html and "33 %" in html and "100 %" in html


def test_poll_reminder_and_invitees_without_address(client, login_as, make, db, runner, smtp):
    s = group_with_seats()
    nomail = make.contact("Ohnemail", "Otto", "Herr", organisation=s.orgs[2])
    make.seat(nomail, s.group, "delegate", s.orgs[2])
    login_as("group_lead", groups=[s.group])
    client.post_form("/meetings/new", {"group_id": s.group.id, "title": "Umfrage"})
    mid = db.session.scalar(sa.select(Meeting.id))
    client.post_form(f"/meetings/{mid}/invitees/seats", {"seats-roles": ["delegate"]})
    for day in ("2026-12-01", "2026-12-02"):
        client.post_form(
            f"/meetings/{mid}/poll",
            {"starts_on": day, "starts_time": "10:00", "ends_time": "11:00"},
        )
    r = client.post_form(f"/meetings/{mid}/poll/start")
    assert r.status_code == 303
    runner.invoke(args=["mail", "send"])
    assert sorted(m["To"] for m in smtp.inbox.messages) == ["hans@halle.test", "jana@jena.test"]
    token = next(
        i.token
        for i in db.session.get(Meeting, mid).invitations
        if i.contact_id == s.delegates[0].id
    )
    option = db.session.get(Meeting, mid).date_options[0].id
    client.application.test_client().post_form(
        f"/invitations/{token}/vote", {f"option-{option}": "yes"}
    )
    smtp.inbox.clear()
    assert client.post_form(f"/meetings/{mid}/remind").status_code == 303
    runner.invoke(args=["mail", "send"])
    assert [m["To"] for m in smtp.inbox.messages] == ["jana@jena.test"]  # Hans has voted
    assert "noch keine Antwort zur Terminumfrage" in text_of(smtp.inbox.messages[0])

    # picking the slot: everyone with an address gets the invitation, the page names the rest
    smtp.inbox.clear()
    r = client.post_form(f"/meetings/{mid}/poll/{option}/pick", follow_redirects=True)
    assert "Ohne E-Mail-Adresse (bitte anders einladen): Otto Ohnemail" in r.get_data(as_text=True)
    runner.invoke(args=["mail", "send"])
    assert sorted(m["To"] for m in smtp.inbox.messages) == ["hans@halle.test", "jana@jena.test"]
    # sending again invites nobody twice
    smtp.inbox.clear()
    r = client.post_form(f"/meetings/{mid}/send")
    runner.invoke(args=["mail", "send"])
    assert r.status_code == 303 and smtp.inbox.messages == []


def test_list_sorts_by_title_and_group(client, login_as, make):
    now = datetime.now(UTC)
    make.meeting(make.group(name="AG Zett"), title="Alpha", starts_at=now + timedelta(days=2))
    make.meeting(make.group(name="AG Ahh"), title="Beta", starts_at=now + timedelta(days=1))
    login_as("viewer")
    html = client.get("/meetings/?sort=title").get_data(as_text=True)
    assert html.index("Alpha") < html.index("Beta")
    html = client.get("/meetings/?sort=-title").get_data(as_text=True)
    assert html.index("Beta") < html.index("Alpha")
    html = client.get("/meetings/?sort=group").get_data(as_text=True)
    assert html.index(">Beta<") < html.index(">Alpha<")
    html = client.get("/meetings/").get_data(as_text=True)  # default: soonest first
    assert html.index(">Beta<") < html.index(">Alpha<")


def test_picking_a_busy_slot_warns(client, login_as, make, db):
    s = group_with_seats()
    busy = make.meeting(make.group(name="PG Andere"), title="Andere Sitzung", starts_at=START)
    make.invitation(busy, s.delegates[1])
    poll = make.meeting(s.group, title="Umfrage", status="polling", starts_at=None, ends_at=None)
    make.invitation(poll, s.delegates[1], organisation=s.orgs[2])
    from crm.meetings.models import DateOption

    option = DateOption(meeting_id=poll.id, starts_at=START, ends_at=START + timedelta(hours=2))
    db.session.add(option)
    db.session.commit()
    login_as("secretariat")
    html = client.get(f"/meetings/{poll.id}/poll").get_data(as_text=True)
    assert "1 Pers." in html
    r = client.post_form(f"/meetings/{poll.id}/poll/{option.id}/pick", follow_redirects=True)
    html = r.get_data(as_text=True)
    assert "Achtung: Terminüberschneidung mit „Andere Sitzung“ für Jana Jenaer." in html


def test_detail_page_queries_do_not_grow_with_invitees(client, login_as, make, db, count_queries):
    s = group_with_seats()
    meeting = make.meeting(s.group, title="Sitzung", starts_at=START)
    first = make.invitation(meeting, s.delegates[0], organisation=s.orgs[1])
    make.invitation(meeting, s.colleague, organisation=s.orgs[1], substitute_for=first)
    login_as("secretariat")

    def count():
        with count_queries() as queries:
            assert client.get(f"/meetings/{meeting.id}").status_code == 200
        return len(queries)

    few = count()
    for n in range(8):
        org = make.organisation()
        person = make.contact(organisation=org, email=f"p{n}@example.org")
        inv = make.invitation(meeting, person, organisation=org)
        sub = make.contact(organisation=org)
        make.invitation(meeting, sub, organisation=org, substitute_for=inv)
    assert count() == few


def test_calendar_files_parse_with_a_second_reader(app, client, login_as, make, db):
    """vobject (another implementation than icalendar) reads the feed and the invitation."""
    import vobject

    s = group_with_seats()
    meeting = make.meeting(s.group, title="Sitzung „Ü“", starts_at=START, location="Halle")
    inv = make.invitation(meeting, s.delegates[0], organisation=s.orgs[1])
    cancelled = make.meeting(s.group, title="Abgesagt", starts_at=START, status="cancelled")
    login_as("secretariat")
    client.post_form("/meetings/feeds", {"group_id": s.group.id})
    token = db.session.scalar(sa.select(CalendarFeed.token))
    feed = vobject.readOne(app.test_client().get(f"/calendar/{token}.ics").get_data(as_text=True))
    events = {e.uid.value: e for e in feed.vevent_list}
    assert events[meeting.uid].dtstart.value == START
    assert events[meeting.uid].summary.value == "Sitzung „Ü“ (AG VM)"
    assert events[cancelled.uid].status.value == "CANCELLED"
    invite = vobject.readOne(
        app.test_client().get(f"/invitations/{inv.token}.ics").get_data(as_text=True)
    )
    assert invite.method.value == "REQUEST"
    assert invite.vevent.attendee.value.lower() == "mailto:hans@halle.test"
