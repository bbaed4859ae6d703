"""Seats through the app: add (with the membership warning), change of delegate, end, edit."""

from datetime import date

import sqlalchemy as sa

from crm.models import Seat
from tests.groups.helpers import audit_actions


def _seats(db, group):
    db.session.expire_all()
    return list(
        db.session.scalars(sa.select(Seat).where(Seat.group_id == group.id).order_by(Seat.id))
    )


def test_add_seat_warns_when_organisation_is_not_a_member_but_saves(client, login_as, make, db):
    group = make.group("PG Elektromobilität", kind="project_group")
    org = make.organisation("Stadt Zwickau")
    person = make.contact("Altmann", organisation=org)
    login_as("secretariat")
    response = client.post_form(
        f"/groups/{group.id}/seats/new",
        {
            "contact_id": person.id,
            "role": "delegate",
            "organisation_id": org.id,
            "starts_on": "2024-01-15",
        },
        follow_redirects=True,
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Stadt Zwickau ist am 15.01.2024 nicht Mitglied von PG Elektromobilität" in html
    [seat] = _seats(db, group)
    assert (seat.contact_id, seat.organisation_id, seat.starts_on) == (
        person.id,
        org.id,
        date(2024, 1, 15),
    )
    assert audit_actions("seats") == [("create", seat.id)]


def test_add_seat_without_warning_when_organisation_is_member(client, login_as, make, db):
    group = make.group()
    org = make.organisation()
    make.membership(org, group, starts_on=date(2020, 1, 1))
    person = make.contact(organisation=org)
    login_as("secretariat")
    response = client.post_form(
        f"/groups/{group.id}/seats/new",
        {
            "contact_id": person.id,
            "role": "lead",
            "organisation_id": org.id,
            "starts_on": "2024-01-15",
        },
        follow_redirects=True,
    )
    assert "nicht Mitglied" not in response.get_data(as_text=True)
    assert len(_seats(db, group)) == 1


def test_second_overlapping_seat_in_same_role_is_refused(client, login_as, make, db):
    group = make.group()
    person = make.contact()
    make.seat(person, group, role="delegate", starts_on=date(2020, 1, 1))
    login_as("secretariat")
    response = client.post_form(
        f"/groups/{group.id}/seats/new",
        {
            "contact_id": person.id,
            "role": "delegate",
            "organisation_id": "",
            "starts_on": "2024-01-01",
        },
    )
    assert response.status_code == 400
    assert "bereits ein Mandat" in response.get_data(as_text=True)
    assert len(_seats(db, group)) == 1


def test_seat_end_before_start_is_refused(client, login_as, make, db):
    group = make.group()
    person = make.contact()
    login_as("secretariat")
    response = client.post_form(
        f"/groups/{group.id}/seats/new",
        {
            "contact_id": person.id,
            "role": "guest",
            "starts_on": "2024-01-02",
            "ends_on": "2024-01-01",
        },
    )
    assert response.status_code == 400
    assert _seats(db, group) == []


def test_change_of_delegate_ends_old_seat_the_day_before(client, login_as, make, db):
    group = make.group("PG Elektromobilität", kind="project_group")
    org = make.organisation("Stadt Zwickau")
    make.membership(org, group, starts_on=date(2019, 1, 1))
    old = make.contact("Altmann", organisation=org)
    new = make.contact("Neumann", organisation=org)
    seat = make.seat(old, group, role="delegate", organisation=org, starts_on=date(2020, 1, 1))
    login_as("secretariat")
    response = client.post_form(
        f"/groups/{group.id}/seats/{seat.id}/change",
        {"contact_id": new.id, "change_on": "2025-06-01", "version": seat.version},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("on=2025-06-01")
    flashed = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Anna Neumann folgt ab 01.06.2025 auf Anna Altmann" in flashed
    first, second = _seats(db, group)
    assert (first.contact_id, first.starts_on, first.ends_on) == (
        old.id,
        date(2020, 1, 1),
        date(2025, 5, 31),
    )
    assert (second.contact_id, second.role, second.organisation_id, second.starts_on) == (
        new.id,
        "delegate",
        org.id,
        date(2025, 6, 1),
    )
    assert second.ends_on is None
    assert audit_actions("seats") == [("update", first.id), ("create", second.id)]
    # "as of": the day before shows only the old delegate, the change date only the new one
    before = client.get(f"/groups/{group.id}?on=2025-05-31").get_data(as_text=True)
    after = client.get(f"/groups/{group.id}?on=2025-06-01").get_data(as_text=True)
    assert "Altmann" in before and "Neumann" not in before
    assert "Neumann" in after and "Altmann" not in after


def test_change_of_delegate_keeps_a_planned_end(client, login_as, make, db):
    group = make.group()
    old, new = make.contact("Alt"), make.contact("Neu")
    seat = make.seat(old, group, starts_on=date(2020, 1, 1), ends_on=date(2026, 12, 31))
    login_as("secretariat")
    client.post_form(
        f"/groups/{group.id}/seats/{seat.id}/change",
        {"contact_id": new.id, "change_on": "2025-01-01", "version": 1},
    )
    first, second = _seats(db, group)
    assert first.ends_on == date(2024, 12, 31)
    assert (second.starts_on, second.ends_on) == (date(2025, 1, 1), date(2026, 12, 31))


def test_change_of_delegate_rules(client, login_as, make, db):
    group = make.group()
    old, new = make.contact("Alt"), make.contact("Neu")
    seat = make.seat(old, group, starts_on=date(2020, 1, 1), ends_on=date(2022, 12, 31))
    login_as("secretariat")
    url = f"/groups/{group.id}/seats/{seat.id}/change"
    # on the first day of the old seat: the old seat would end before it began
    r = client.post_form(url, {"contact_id": new.id, "change_on": "2020-01-01", "version": 1})
    assert r.status_code == 400 and "nach dem Beginn" in r.get_data(as_text=True)
    # after the old seat already ended
    r = client.post_form(url, {"contact_id": new.id, "change_on": "2023-01-01", "version": 1})
    assert r.status_code == 400 and "endete bereits am 31.12.2022" in r.get_data(as_text=True)
    # nobody chosen
    r = client.post_form(url, {"contact_id": "", "change_on": "2021-01-01", "version": 1})
    assert r.status_code == 400 and "Bitte Person wählen." in r.get_data(as_text=True)
    [only] = _seats(db, group)
    assert only.ends_on == date(2022, 12, 31) and only.version == 1
    assert audit_actions("seats") == []


def test_stale_change_of_delegate_is_refused(client, login_as, make, db):
    group = make.group()
    old, new = make.contact("Alt"), make.contact("Neu")
    seat = make.seat(old, group, starts_on=date(2020, 1, 1))
    login_as("secretariat")
    # someone ends the seat meanwhile
    assert (
        client.post_form(
            f"/groups/{group.id}/seats/{seat.id}/end", {"ends_on": "2024-06-30", "version": 1}
        ).status_code
        == 302
    )
    r = client.post_form(
        f"/groups/{group.id}/seats/{seat.id}/change",
        {"contact_id": new.id, "change_on": "2024-03-01", "version": 1},
    )
    assert r.status_code == 400
    assert "inzwischen von jemand anderem geändert" in r.get_data(as_text=True)
    [only] = _seats(db, group)
    assert only.ends_on == date(2024, 6, 30)


def test_edit_seat_changes_role_and_warns_about_membership(client, login_as, make, db):
    group = make.group()
    org = make.organisation("Stadt Gera", state="TH")
    person = make.contact()
    seat = make.seat(person, group, role="delegate", starts_on=date(2021, 1, 1))
    login_as("secretariat")
    r = client.post_form(
        f"/groups/{group.id}/seats/{seat.id}/edit",
        {"role": "deputy_lead", "organisation_id": org.id, "starts_on": "2021-01-01", "version": 1},
        follow_redirects=True,
    )
    assert "Stadt Gera ist am 01.01.2021 nicht Mitglied" in r.get_data(as_text=True)
    [seat] = _seats(db, group)
    assert (seat.role, seat.organisation_id, seat.version) == ("deputy_lead", org.id, 2)
    assert audit_actions("seats") == [("update", seat.id)]


def test_end_seat_keeps_row_and_history(client, login_as, make, db):
    group = make.group()
    person = make.contact("Ende")
    seat = make.seat(person, group, starts_on=date(2021, 1, 1))
    login_as("secretariat")
    r = client.post_form(
        f"/groups/{group.id}/seats/{seat.id}/end", {"ends_on": "2024-02-29", "version": 1}
    )
    assert r.status_code == 302
    [seat] = _seats(db, group)
    assert seat.ends_on == date(2024, 2, 29)
    history = client.get(f"/groups/{group.id}/history").get_data(as_text=True)
    assert "Mandat endet" in history and "29.02.2024" in history


def test_seat_form_lists_member_people_and_finds_others_by_search(client, login_as, make, db):
    group = make.group("PG Auswahl", kind="project_group")
    member = make.organisation("Stadt Halle (Saale)", state="ST")
    outside = make.organisation("Firma Außen GmbH", kind="company")
    make.membership(member, group)
    make.contact("Innen", first_name="Ina", organisation=member)
    away = make.contact("Weißgerber", first_name="Jörg", organisation=outside)
    login_as("secretariat")
    html = client.get(f"/groups/{group.id}/seats/new").get_data(as_text=True)
    assert "Innen, Ina" in html and "Weißgerber" not in html
    html = client.get(f"/groups/{group.id}/seats/new?person_q=weissgerber").get_data(as_text=True)
    assert "Weißgerber, Jörg" in html and "Innen, Ina" not in html
    # a person chosen from a search validates on POST although the plain list omits them
    response = client.post_form(
        f"/groups/{group.id}/seats/new",
        {
            "contact_id": str(away.id),
            "role": "guest",
            "organisation_id": "",
            "starts_on": "2026-01-01",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    from crm.models import Seat

    assert db.session.scalar(sa.select(Seat).where(Seat.contact_id == away.id)) is not None
