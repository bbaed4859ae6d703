"""The public substitute form: one substitute per invitation (also when requests race), no
chains, and a rate limit per invitation link and per address."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from crm.api.auth import limiter
from crm.meetings.models import Invitation
from tests.e2e.conftest import live_server  # noqa: F401  (the served app)
from tests.meetings.helpers import group_with_seats
from tests.meetings.test_races import HIDDEN_RE, Browser, race


@pytest.fixture(autouse=True)
def _fresh_limits(app):
    limiter.reset()
    yield
    limiter.reset()


def _new_person(n: int) -> dict:
    return {
        "sub-contact_id": "0",
        "sub-first_name": "Nina",
        "sub-last_name": f"Neumann{n}",
        "sub-email": f"nina{n}@halle.example.org",
    }


def test_a_substitute_cannot_name_another(app, db, make):
    s = group_with_seats()
    meeting = make.meeting(s.group, title="Sitzung")
    inv = make.invitation(meeting, s.delegates[0], organisation=s.orgs[1])
    anon = app.test_client()
    assert anon.post_form(f"/invitations/{inv.token}/substitute", _new_person(1)).status_code == 303
    db.session.expire_all()
    sub = db.session.scalar(sa.select(Invitation).where(Invitation.substitute_for_id == inv.id))
    r = anon.post_form(f"/invitations/{sub.token}/substitute", _new_person(2))
    assert r.status_code == 400
    assert "keine weitere Vertretung" in r.get_data(as_text=True)
    # and the first one cannot name a second
    r = anon.post_form(f"/invitations/{inv.token}/substitute", _new_person(3))
    assert r.status_code == 400
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count(Invitation.id))) == 2


def test_rate_limited_per_link(app, db, make):
    s = group_with_seats()
    meeting = make.meeting(s.group, title="Sitzung")
    inv = make.invitation(meeting, s.delegates[0], organisation=s.orgs[1])
    anon = app.test_client()
    app.config["SUBSTITUTE_RATE_LIMIT_TOKEN"] = "3 per hour"
    try:
        bad = {"sub-contact_id": "0", "sub-last_name": "X", "sub-email": "kaputt"}
        codes = [
            anon.post_form(f"/invitations/{inv.token}/substitute", bad).status_code
            for _ in range(4)
        ]
    finally:
        app.config["SUBSTITUTE_RATE_LIMIT_TOKEN"] = "5 per hour"
    assert codes == [400, 400, 400, 429]


def test_rate_limited_per_address(app, db, make):
    s = group_with_seats()
    meeting = make.meeting(s.group, title="Sitzung")
    invs = [
        make.invitation(meeting, s.delegates[0], organisation=s.orgs[1]),
        make.invitation(meeting, s.delegates[1], organisation=s.orgs[2]),
        make.invitation(meeting, s.lead, organisation=s.orgs[0]),
    ]
    anon = app.test_client()
    app.config["SUBSTITUTE_RATE_LIMIT_ADDRESS"] = "2 per hour"
    try:
        codes = [
            anon.post_form(f"/invitations/{i.token}/substitute", _new_person(n)).status_code
            for n, i in enumerate(invs)
        ]
    finally:
        app.config["SUBSTITUTE_RATE_LIMIT_ADDRESS"] = "30 per hour"
    assert codes == [303, 303, 429]
    db.session.expire_all()
    assert db.session.get(Invitation, invs[2].id).rsvp == "pending"


def test_parallel_substitute_requests_on_one_invitation(db, make, live_server):  # noqa: F811
    s = group_with_seats()
    meeting = make.meeting(s.group, title="Sitzung")
    inv = make.invitation(meeting, s.delegates[0], organisation=s.orgs[1])
    browser = Browser(live_server)
    status, page = browser.request(f"/invitations/{inv.token}")
    token = re.search(HIDDEN_RE.format("sub-csrf_token"), page).group(1)
    forms = [{"sub-csrf_token": token, **_new_person(n)} for n in range(5)]
    results = race(browser, f"/invitations/{inv.token}/substitute", forms)
    assert 500 not in results
    assert results.count(303) == 1, results
    db.session.expire_all()
    subs = db.session.scalars(sa.select(Invitation).where(Invitation.substitute_for_id == inv.id))
    assert len(list(subs)) == 1


def test_the_rate_limit_answers_with_the_429_page(app, db, make):
    s = group_with_seats()
    meeting = make.meeting(s.group, title="Sitzung")
    inv = make.invitation(meeting, s.delegates[0], organisation=s.orgs[1])
    anon = app.test_client()
    app.config["SUBSTITUTE_RATE_LIMIT_TOKEN"] = "1 per hour"
    try:
        bad = {"sub-contact_id": "0", "sub-last_name": "X", "sub-email": "kaputt"}
        url = f"/invitations/{inv.token}/substitute"
        assert anon.post_form(url, bad).status_code == 400
        r = anon.post_form(
            url, bad, headers={"Referer": f"http://localhost/invitations/{inv.token}"}
        )
        anon.get("/language/en")
        english = anon.post_form(url, bad)
    finally:
        app.config["SUBSTITUTE_RATE_LIMIT_TOKEN"] = "5 per hour"
    assert r.status_code == 429 and 1 <= int(r.headers["Retry-After"]) <= 3600
    page = r.get_data(as_text=True)
    assert "<title>Zu viele Versuche" in page and "Bitte warten Sie etwa" in page
    assert f'href="/invitations/{inv.token}"' in page
    assert english.status_code == 429 and "Too many attempts" in english.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count(Invitation.id))) == 1
