"""Managing memberships through the app: add, overlap, end, role change, stale saves."""

from datetime import date

import sqlalchemy as sa

from crm.models import Membership
from tests.groups.helpers import audit_actions


def _memberships(db, group):
    db.session.expire_all()
    return list(
        db.session.scalars(
            sa.select(Membership).where(Membership.group_id == group.id).order_by(Membership.id)
        )
    )


def test_add_membership_writes_row_and_audit_event(client, login_as, make, db):
    group = make.group("AG Verkehr und Mobilität")
    org = make.organisation("Stadt Leipzig")
    login_as("secretariat")
    response = client.post_form(
        f"/groups/{group.id}/memberships/new",
        {"organisation_id": org.id, "role": "lead", "starts_on": "2024-03-01", "ends_on": ""},
    )
    assert response.status_code == 302
    [m] = _memberships(db, group)
    assert (m.organisation_id, m.role, m.starts_on, m.ends_on) == (
        org.id,
        "lead",
        date(2024, 3, 1),
        None,
    )
    assert audit_actions("memberships") == [("create", m.id)]
    page = client.get(f"/groups/{group.id}?on=2024-03-01").get_data(as_text=True)
    assert "Stadt Leipzig" in page and "Federführung" in page
    assert "Stadt Leipzig" not in client.get(f"/groups/{group.id}?on=2024-02-29").get_data(
        as_text=True
    )


def test_overlapping_membership_is_refused_and_nothing_written(client, login_as, make, db):
    group = make.group()
    org = make.organisation("Stadt Halle (Saale)", state="ST")
    make.membership(org, group, starts_on=date(2020, 1, 1), ends_on=date(2023, 12, 31))
    login_as("secretariat")
    response = client.post_form(
        f"/groups/{group.id}/memberships/new",
        {"organisation_id": org.id, "role": "member", "starts_on": "2023-06-01"},
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "bereits Mitglied" in html and "01.01.2020 – 31.12.2023" in html
    assert len(_memberships(db, group)) == 1
    assert audit_actions("memberships") == []
    # the day after the end is fine: periods include both days, so no overlap
    response = client.post_form(
        f"/groups/{group.id}/memberships/new",
        {"organisation_id": org.id, "role": "member", "starts_on": "2024-01-01"},
    )
    assert response.status_code == 302
    assert len(_memberships(db, group)) == 2


def test_open_membership_overlaps_any_later_start(client, login_as, make, db):
    group = make.group()
    org = make.organisation()
    make.membership(org, group, starts_on=date(2020, 1, 1))
    login_as("secretariat")
    response = client.post_form(
        f"/groups/{group.id}/memberships/new",
        {"organisation_id": org.id, "role": "guest", "starts_on": "2030-01-01"},
    )
    assert response.status_code == 400
    assert len(_memberships(db, group)) == 1


def test_end_before_start_is_refused_beside_the_field(client, login_as, make, db):
    group = make.group()
    org = make.organisation()
    login_as("secretariat")
    response = client.post_form(
        f"/groups/{group.id}/memberships/new",
        {
            "organisation_id": org.id,
            "role": "member",
            "starts_on": "2024-05-01",
            "ends_on": "2024-04-30",
        },
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="ends_on-error"' in html and "liegt vor dem Beginn" in html
    assert _memberships(db, group) == []


def test_missing_organisation_and_bad_date_are_refused(client, login_as, make, db):
    group = make.group()
    login_as("secretariat")
    response = client.post_form(
        f"/groups/{group.id}/memberships/new",
        {"organisation_id": "", "role": "member", "starts_on": "gestern"},
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Bitte Organisation wählen." in html
    assert 'id="starts_on-error"' in html
    assert _memberships(db, group) == []


def test_end_membership_keeps_the_row_and_shows_it_in_history(client, login_as, make, db):
    group = make.group()
    org = make.organisation("Landkreis Leipzig")
    m = make.membership(org, group, starts_on=date(2020, 1, 1))
    login_as("secretariat")
    response = client.post_form(
        f"/groups/{group.id}/memberships/{m.id}/end", {"ends_on": "2024-12-31", "version": 1}
    )
    assert response.status_code == 302
    [m] = _memberships(db, group)
    assert m.ends_on == date(2024, 12, 31)
    assert "Landkreis Leipzig" in client.get(f"/groups/{group.id}?on=2024-12-31").get_data(
        as_text=True
    )
    assert "Landkreis Leipzig" not in client.get(f"/groups/{group.id}?on=2025-01-01").get_data(
        as_text=True
    )
    history = client.get(f"/groups/{group.id}/history").get_data(as_text=True)
    assert "Landkreis Leipzig" in history and "31.12.2024" in history and "Austritt" in history
    assert audit_actions("memberships")[-1] == ("update", m.id)


def test_end_membership_before_its_start_is_refused(client, login_as, make, db):
    group = make.group()
    m = make.membership(make.organisation(), group, starts_on=date(2022, 1, 1))
    login_as("secretariat")
    response = client.post_form(
        f"/groups/{group.id}/memberships/{m.id}/end", {"ends_on": "2021-12-31", "version": 1}
    )
    assert response.status_code == 400
    assert _memberships(db, group)[0].ends_on is None


def test_change_role_and_stale_save_is_refused(client, login_as, make, db):
    group = make.group()
    m = make.membership(make.organisation("Stadt Jena", state="TH"), group)
    login_as("secretariat")
    form = {"role": "lead", "starts_on": "2020-01-01", "ends_on": "", "version": 1}
    assert client.post_form(f"/groups/{group.id}/memberships/{m.id}/edit", form).status_code == 302
    [m] = _memberships(db, group)
    assert (m.role, m.version) == ("lead", 2)
    # a second person still holds the form of version 1
    stale = client.post_form(
        f"/groups/{group.id}/memberships/{m.id}/edit", {**form, "role": "guest"}
    )
    assert stale.status_code == 400
    html = stale.get_data(as_text=True)
    assert "inzwischen von jemand anderem geändert" in html
    assert "Aktuell gespeicherte Fassung" in html and "Federführung" in html
    assert 'name="version" value="2"' in html
    [m] = _memberships(db, group)
    assert (m.role, m.version) == ("lead", 2)


def test_membership_of_another_group_is_404(client, login_as, make):
    group, other = make.group(), make.group()
    m = make.membership(make.organisation(), other)
    login_as("secretariat")
    assert client.get(f"/groups/{group.id}/memberships/{m.id}/edit").status_code == 404


def test_ending_membership_warns_about_seats_still_running(client, login_as, make, db):
    group = make.group()
    org = make.organisation("Stadt Dessau-Roßlau", state="ST")
    m = make.membership(org, group, starts_on=date(2020, 1, 1))
    make.seat(make.contact("Bleibtnoch"), group, organisation=org, starts_on=date(2020, 1, 1))
    login_as("secretariat")
    r = client.post_form(
        f"/groups/{group.id}/memberships/{m.id}/end",
        {"ends_on": "2024-12-31", "version": 1},
        follow_redirects=True,
    )
    html = r.get_data(as_text=True)
    assert "Anna Bleibtnoch vertritt Stadt Dessau-Roßlau hier noch über dieses Ende hinaus" in html


def test_viewer_sees_no_management_links(client, login_as, make):
    group = make.group()
    org = make.organisation()
    make.membership(org, group)
    make.seat(make.contact(), group, organisation=org)
    login_as("viewer")
    html = client.get(f"/groups/{group.id}").get_data(as_text=True)
    for text in ("Bearbeiten", "Beenden", "Wechsel", "Mandat anlegen", "Organisation aufnehmen"):
        assert text not in html
