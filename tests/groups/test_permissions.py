"""Group leads manage seats of their own groups only; everything else is 403 and unchanged."""

from datetime import date

import pytest
import sqlalchemy as sa

from crm.models import AuditEvent, Group, Membership, Seat


@pytest.fixture
def world(make):
    own = make.group("PG Elektromobilität", kind="project_group")
    other = make.group("AG Wirtschaft")
    org = make.organisation("Stadt Zwickau")
    a, b = make.contact("Altmann", organisation=org), make.contact("Neumann", organisation=org)
    return {
        "own": own,
        "other": other,
        "org": org,
        "a": a,
        "b": b,
        "own_seat": make.seat(a, own, organisation=org, starts_on=date(2020, 1, 1)),
        "other_seat": make.seat(a, other, organisation=org, starts_on=date(2020, 1, 1)),
        "own_membership": make.membership(org, own, starts_on=date(2020, 1, 1)),
    }


def _state(db):
    """Everything a refused action must leave untouched."""
    db.session.expire_all()
    rows = []
    for model in (Group, Membership, Seat):
        for obj in db.session.scalars(sa.select(model).order_by(model.id)):
            rows.append((model.__name__, obj.id, obj.version, getattr(obj, "ends_on", None)))
    events = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
    return rows, events


def _refused_actions(w):
    own, other = w["own"], w["other"]
    seat, m = w["other_seat"], w["own_membership"]
    return {
        "add seat in other group": (
            f"/groups/{other.id}/seats/new",
            {"contact_id": w["b"].id, "role": "delegate", "starts_on": "2025-01-01"},
        ),
        "edit seat in other group": (
            f"/groups/{other.id}/seats/{seat.id}/edit",
            {"role": "lead", "starts_on": "2020-01-01", "version": 1},
        ),
        "end seat in other group": (
            f"/groups/{other.id}/seats/{seat.id}/end",
            {"ends_on": "2025-01-01", "version": 1},
        ),
        "change delegate in other group": (
            f"/groups/{other.id}/seats/{seat.id}/change",
            {"contact_id": w["b"].id, "change_on": "2025-01-01", "version": 1},
        ),
        "add membership to own group": (
            f"/groups/{own.id}/memberships/new",
            {"organisation_id": w["org"].id, "role": "member", "starts_on": "2030-01-01"},
        ),
        "edit membership in own group": (
            f"/groups/{own.id}/memberships/{m.id}/edit",
            {"role": "lead", "starts_on": "2020-01-01", "version": 1},
        ),
        "end membership in own group": (
            f"/groups/{own.id}/memberships/{m.id}/end",
            {"ends_on": "2025-01-01", "version": 1},
        ),
        "create group": ("/groups/new", {"kind": "working_group", "name": "AG Neu"}),
        "edit own group": (
            f"/groups/{own.id}/edit",
            {"kind": "project_group", "name": "PG Umbenannt", "version": 1},
        ),
        "dissolve own group": (f"/groups/{own.id}/dissolve", {"on": "2025-01-01", "version": 1}),
    }


ACTIONS = [
    "add seat in other group",
    "edit seat in other group",
    "end seat in other group",
    "change delegate in other group",
    "add membership to own group",
    "edit membership in own group",
    "end membership in own group",
    "create group",
    "edit own group",
    "dissolve own group",
]


@pytest.mark.parametrize("action", ACTIONS)
def test_group_lead_is_refused(client, login_as, world, db, action):
    login_as("group_lead", groups=[world["own"]])
    before = _state(db)
    url, data = _refused_actions(world)[action]
    assert client.get(url).status_code == 403
    assert client.post_form(url, data).status_code == 403
    assert _state(db) == before


@pytest.mark.parametrize("action", ["add seat in other group", "edit own group", "create group"])
def test_viewer_is_refused(client, login_as, world, db, action):
    login_as("viewer")
    before = _state(db)
    url, data = _refused_actions(world)[action]
    assert client.post_form(url, data).status_code == 403
    assert _state(db) == before


def test_viewer_is_refused_seats_of_every_group(client, login_as, world, db):
    login_as("viewer")
    before = _state(db)
    own, seat = world["own"], world["own_seat"]
    assert (
        client.post_form(
            f"/groups/{own.id}/seats/{seat.id}/end", {"ends_on": "2025-01-01", "version": 1}
        ).status_code
        == 403
    )
    assert _state(db) == before


def test_group_lead_manages_seats_of_own_group(client, login_as, world, db):
    own, seat = world["own"], world["own_seat"]
    login_as("group_lead", groups=[own])
    page = client.get(f"/groups/{own.id}").get_data(as_text=True)
    assert "Mandat anlegen" in page and "Wechsel" in page
    assert "Organisation aufnehmen" not in page and "Auflösen" not in page
    r = client.post_form(
        f"/groups/{own.id}/seats/{seat.id}/change",
        {"contact_id": world["b"].id, "change_on": "2025-06-01", "version": 1},
    )
    assert r.status_code == 302
    r = client.post_form(
        f"/groups/{own.id}/seats/new",
        {"contact_id": world["a"].id, "role": "guest", "starts_on": "2025-07-01"},
    )
    assert r.status_code == 302
    db.session.expire_all()
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(Seat).where(Seat.group_id == own.id)
        )
        == 3
    )
    # the other group's page offers no seat actions
    other_page = client.get(f"/groups/{world['other'].id}").get_data(as_text=True)
    assert "Mandat anlegen" not in other_page and "Wechsel" not in other_page


def test_secretariat_and_admin_manage_every_group(client, login_as, world, db, app):
    for year, role in ((2030, "secretariat"), (2031, "admin")):
        c = app.test_client()
        login_as(role, c=c)
        r = c.post_form(
            f"/groups/{world['other'].id}/seats/new",
            {
                "contact_id": world["b"].id,
                "role": "guest",
                "starts_on": f"{year}-01-01",
                "ends_on": f"{year}-12-31",
            },
        )
        assert r.status_code == 302, role
