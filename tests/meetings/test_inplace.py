"""Agenda items and date options added in place (issue 15, point 8): a POST from
``static/js/inplace.js`` (``X-Inplace: 1``) gets the changed part of the page back, errors and
refused stale changes included; without the header the pages answer as before."""

from __future__ import annotations

import re

import sqlalchemy as sa

from crm.models import AgendaItem, DateOption, Meeting
from tests.meetings.helpers import agenda_version, group_with_seats

INPLACE = {"X-Inplace": "1"}


def _meeting(client, login_as, db) -> int:
    s = group_with_seats()
    login_as("group_lead", groups=[s.group])
    client.post_form("/meetings/new", {"group_id": s.group.id, "title": "Frühjahrssitzung"})
    return db.session.scalar(sa.select(Meeting.id))


def _titles(db, mid: int) -> list[str]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            sa.select(AgendaItem.title)
            .where(AgendaItem.meeting_id == mid)
            .order_by(AgendaItem.position)
        )
    )


def test_an_agenda_item_added_in_place_returns_the_agenda(client, login_as, db):
    mid = _meeting(client, login_as, db)
    version = agenda_version(client, mid)
    response = client.post_form(
        f"/meetings/{mid}/agenda",
        {"agenda-title": "Begrüßung", "agenda-duration_minutes": "10", "agenda_version": version},
        headers=INPLACE,
    )
    assert response.status_code == 200
    assert response.headers["X-Inplace"] == "1"
    html = response.get_data(as_text=True)
    assert "<html" not in html and "<nav" not in html  # the agenda only, not a page
    assert "Tagesordnungspunkt „Begrüßung“ hinzugefügt." in html
    assert "Begrüßung" in html and "(10 Min.)" in html
    # the fragment's forms carry the new version, so the next change is not refused
    [shown] = set(re.findall(r'name="agenda_version" value="(\d+)"', html))
    assert shown == agenda_version(client, mid) != version
    title = re.search(r'<input[^>]*name="agenda-title"[^>]*>', html).group(0)
    assert 'value=""' in title  # an empty form for the next item
    again = client.post_form(
        f"/meetings/{mid}/agenda",
        {"agenda-title": "Bericht", "agenda_version": shown},
        headers=INPLACE,
    )
    assert again.status_code == 200
    assert _titles(db, mid) == ["Begrüßung", "Bericht"]


def test_an_invalid_item_is_refused_in_place_beside_the_field(client, login_as, db):
    mid = _meeting(client, login_as, db)
    version = agenda_version(client, mid)
    response = client.post_form(
        f"/meetings/{mid}/agenda",
        {"agenda-title": "", "agenda-duration_minutes": "900", "agenda_version": version},
        headers=INPLACE,
    )
    assert response.status_code == 400 and response.headers["X-Inplace"] == "1"
    html = response.get_data(as_text=True)
    assert "<html" not in html
    assert 'class="form-control is-invalid"' in html
    message = re.search(r"data-inplace-message[^>]*>([^<]+)<", html).group(1)
    assert "Bitte einen Titel angeben." in message and "1 bis 600 Minuten" in message
    assert _titles(db, mid) == []


def test_a_stale_add_in_place_is_refused_with_the_current_agenda(app, client, login_as, db):
    mid = _meeting(client, login_as, db)
    seen = agenda_version(client, mid)
    # someone else adds an item after this page was loaded
    client.post_form(
        f"/meetings/{mid}/agenda", {"agenda-title": "Von Kollegin", "agenda_version": seen}
    )
    response = client.post_form(
        f"/meetings/{mid}/agenda",
        {"agenda-title": "Mein Punkt", "agenda_version": seen},
        headers=INPLACE,
    )
    assert response.status_code == 409 and response.headers["X-Inplace"] == "1"
    html = response.get_data(as_text=True)
    assert "von jemand anderem geändert" in html
    assert "Von Kollegin" in html  # the current agenda is shown
    assert 'value="Mein Punkt"' in html  # what was typed stays in the field
    assert _titles(db, mid) == ["Von Kollegin"]
    # and the next page load shows no left-over flash message
    assert "von jemand anderem geändert" not in client.get(f"/meetings/{mid}").get_data(
        as_text=True
    )


def test_without_javascript_the_agenda_form_works_as_before(client, login_as, db):
    mid = _meeting(client, login_as, db)
    seen = agenda_version(client, mid)
    response = client.post_form(
        f"/meetings/{mid}/agenda", {"agenda-title": "Begrüßung", "agenda_version": seen}
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/meetings/{mid}#agenda")
    assert "X-Inplace" not in response.headers
    stale = client.post_form(
        f"/meetings/{mid}/agenda", {"agenda-title": "Zu spät", "agenda_version": seen}
    )
    assert stale.status_code == 409
    assert "<html" in stale.get_data(as_text=True)
    assert _titles(db, mid) == ["Begrüßung"]


def test_a_date_option_proposed_in_place_returns_the_poll(client, login_as, db):
    mid = _meeting(client, login_as, db)
    slot = {"starts_on": "2027-03-02", "starts_time": "10:00", "ends_time": "12:00"}
    response = client.post_form(f"/meetings/{mid}/poll", slot, headers=INPLACE)
    assert response.status_code == 200 and response.headers["X-Inplace"] == "1"
    html = response.get_data(as_text=True)
    assert "<html" not in html and "Termin vorgeschlagen." in html
    assert "02.03.2027" in html and 'data-testid="poll-matrix"' in html
    # the flash of the page version is not left for the next page
    assert "Termin vorgeschlagen." not in client.get(f"/meetings/{mid}/poll").get_data(as_text=True)
    bad = client.post_form(
        f"/meetings/{mid}/poll", {"starts_on": "2027-03-03", "starts_time": ""}, headers=INPLACE
    )
    assert bad.status_code == 400 and bad.headers["X-Inplace"] == "1"
    assert "is-invalid" in bad.get_data(as_text=True)
    plain = client.post_form(f"/meetings/{mid}/poll", {**slot, "starts_on": "2027-03-04"})
    assert plain.status_code == 303  # without JavaScript: the page again, as before
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DateOption)) == 2


def test_in_place_changes_keep_the_permission_and_csrf_checks(app, client, login_as, db):
    mid = _meeting(client, login_as, db)
    seen = agenda_version(client, mid)
    viewer = app.test_client()
    login_as("viewer", c=viewer)
    refused = viewer.post_form(
        f"/meetings/{mid}/agenda", {"agenda-title": "X", "agenda_version": seen}, headers=INPLACE
    )
    assert refused.status_code == 403 and "X-Inplace" not in refused.headers
    no_token = client.post(
        f"/meetings/{mid}/agenda",
        data={"agenda-title": "X", "agenda_version": seen},
        headers=INPLACE,
    )
    # refused before the view: no fragment, so inplace.js says "not saved, reload"
    assert no_token.status_code == 400 and "X-Inplace" not in no_token.headers
    assert _titles(db, mid) == []
