"""Europe/Berlin input, UTC storage, and the nights when the clocks change."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
import sqlalchemy as sa

from crm.meetings.models import Meeting
from crm.time import LocalTimeError, to_utc
from tests.mail.smtp_server import event_of


def test_to_utc_winter_and_summer():
    assert to_utc(date(2026, 12, 2), time(10, 0)) == datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
    assert to_utc(date(2026, 7, 2), time(10, 0)) == datetime(2026, 7, 2, 8, 0, tzinfo=UTC)


def test_nonexistent_spring_time_is_refused():
    with pytest.raises(LocalTimeError, match="gibt es am 29.03.2026 nicht"):
        to_utc(date(2026, 3, 29), time(2, 30))
    # the minutes around the gap are fine
    assert to_utc(date(2026, 3, 29), time(1, 59)) == datetime(2026, 3, 29, 0, 59, tzinfo=UTC)
    assert to_utc(date(2026, 3, 29), time(3, 0)) == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)


def test_ambiguous_autumn_time_is_refused():
    with pytest.raises(LocalTimeError, match="kommt am 25.10.2026 zweimal vor"):
        to_utc(date(2026, 10, 25), time(2, 30))
    assert to_utc(date(2026, 10, 25), time(3, 0)) == datetime(2026, 10, 25, 2, 0, tzinfo=UTC)


def _form(group, **times):
    return {"group_id": group.id, "title": "Nachtsitzung", **times}


def test_form_shows_a_clear_message_for_the_ambiguous_hour(client, login_as, make, db):
    group = make.group()
    login_as("secretariat")
    r = client.post_form(
        "/meetings/new",
        _form(group, starts_on="2026-10-25", starts_time="02:30", ends_time="04:00"),
    )
    assert r.status_code == 400
    assert "kommt am 25.10.2026 zweimal vor" in r.get_data(as_text=True)
    r = client.post_form(
        "/meetings/new",
        _form(group, starts_on="2026-03-29", starts_time="02:30", ends_time="04:00"),
    )
    assert r.status_code == 400
    assert "gibt es am 29.03.2026 nicht" in r.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Meeting)) == 0


def test_meeting_across_the_autumn_change_lasts_seven_hours(
    app, client, login_as, make, db, runner, smtp
):
    """22:00 on 24.10. to 04:00 on 25.10.2026 is 7 real hours (the clock goes back at 03:00)."""
    from tests.meetings.helpers import group_with_seats

    s = group_with_seats()
    login_as("secretariat")
    r = client.post_form(
        "/meetings/new",
        _form(
            s.group,
            starts_on="2026-10-24",
            starts_time="22:00",
            ends_on="2026-10-25",
            ends_time="04:00",
        ),
    )
    assert r.status_code == 303, r.get_data(as_text=True)
    meeting = db.session.scalar(sa.select(Meeting))
    assert meeting.starts_at == datetime(2026, 10, 24, 20, 0, tzinfo=UTC)  # CEST, UTC+2
    assert meeting.ends_at == datetime(2026, 10, 25, 3, 0, tzinfo=UTC)  # CET, UTC+1
    assert (meeting.ends_at - meeting.starts_at).total_seconds() == 7 * 3600
    html = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "24.10.2026, 22:00" in html and "25.10.2026, 04:00" in html
    client.post_form(f"/meetings/{meeting.id}/invitees/seats", {"seats-roles": ["delegate"]})
    assert client.post_form(f"/meetings/{meeting.id}/send").status_code == 303
    runner.invoke(args=["mail", "send"])
    _, ev = event_of(smtp.inbox.to("hans@halle.test")[0])
    assert ev.decoded("DTSTART") == datetime(2026, 10, 24, 20, 0, tzinfo=UTC)
    assert ev.decoded("DTEND") == datetime(2026, 10, 25, 3, 0, tzinfo=UTC)
    # the edit form shows the local wall-clock times again
    html = client.get(f"/meetings/{meeting.id}/edit").get_data(as_text=True)
    assert 'value="22:00"' in html and 'value="04:00"' in html and 'value="2026-10-25"' in html


def test_end_before_start_is_refused(client, login_as, make, db):
    group = make.group()
    login_as("secretariat")
    r = client.post_form(
        "/meetings/new",
        _form(group, starts_on="2026-12-01", starts_time="12:00", ends_time="11:00"),
    )
    assert r.status_code == 400
    assert "Das Ende muss nach dem Beginn liegen." in r.get_data(as_text=True)
    r = client.post_form("/meetings/new", _form(group, starts_on="2026-12-01"))
    assert r.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Meeting)) == 0
