"""A seat entered by mistake can be deleted within 24 hours; a second lead is warned about
(issue 15, point 3)."""

from datetime import date, timedelta

import sqlalchemy as sa

from crm.models import AuditEvent, Seat
from crm.time import utcnow


def _seat_count(db) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Seat))


def test_a_new_seat_is_deleted_after_confirmation_and_audited(client, login_as, make, db):
    group = make.group("AG Tourismus")
    org = make.organisation("Stadt Naumburg")
    make.membership(org, group)
    seat = make.seat(make.contact("Seidel", organisation=org), group, organisation=org)
    user = login_as("secretariat")
    page = client.get(f"/groups/{group.id}").get_data(as_text=True)
    assert f"/groups/{group.id}/seats/{seat.id}/delete" in page
    confirm = client.get(f"/groups/{group.id}/seats/{seat.id}/delete")
    assert confirm.status_code == 200
    html = confirm.get_data(as_text=True)
    assert "Endgültig löschen" in html and "Seidel" in html
    assert _seat_count(db) == 1  # asking deletes nothing
    response = client.post_form(
        f"/groups/{group.id}/seats/{seat.id}/delete", {"version": seat.version}
    )
    assert response.status_code == 302
    assert _seat_count(db) == 0
    event = db.session.scalar(
        sa.select(AuditEvent).where(
            AuditEvent.entity_type == "seats", AuditEvent.action == "delete"
        )
    )
    assert event.entity_id == seat.id and event.user_id == user.id
    assert event.changes["contact_id"][0] == seat.contact_id
    assert event.changes["role"] == ["delegate", None]
    assert "gelöscht" in client.get(f"/groups/{group.id}").get_data(as_text=True)


def test_an_older_seat_cannot_be_deleted_only_ended(client, login_as, make, db):
    group = make.group("AG Verkehr")
    seat = make.seat(make.contact("Lang"), group, role="guest")
    seat.created_at = utcnow() - timedelta(hours=25)
    db.session.commit()
    login_as("secretariat")
    assert f"/seats/{seat.id}/delete" not in client.get(f"/groups/{group.id}").get_data(
        as_text=True
    )
    response = client.post_form(
        f"/groups/{group.id}/seats/{seat.id}/delete", {"version": seat.version}
    )
    assert response.status_code == 400
    assert "innerhalb von 24 Stunden" in response.get_data(as_text=True)
    assert _seat_count(db) == 1


def test_deleting_needs_the_right_to_manage_the_group_and_a_csrf_token(client, login_as, make, db):
    group, other = make.group("AG Energie"), make.group("AG Wissenschaft")
    seat = make.seat(make.contact("Hoffmann"), group, role="guest")
    login_as("group_lead", groups=[other])
    response = client.post_form(
        f"/groups/{group.id}/seats/{seat.id}/delete", {"version": seat.version}
    )
    assert response.status_code == 403
    client.post_form("/logout")
    login_as("viewer")
    assert client.get(f"/groups/{group.id}/seats/{seat.id}/delete").status_code == 403
    client.post_form("/logout")
    login_as("secretariat")
    response = client.post(
        f"/groups/{group.id}/seats/{seat.id}/delete", data={"version": seat.version}
    )
    assert response.status_code == 400
    assert _seat_count(db) == 1
    # the group's own lead may delete it
    client.post_form("/logout")
    login_as("group_lead", groups=[group])
    response = client.post_form(
        f"/groups/{group.id}/seats/{seat.id}/delete", {"version": seat.version}
    )
    assert response.status_code == 302 and _seat_count(db) == 0


def test_a_second_lead_in_the_same_period_is_warned_about(client, login_as, make, db):
    group = make.group("AG Kultur")
    make.seat(make.contact("Erste"), group, role="lead", starts_on=date(2024, 1, 1))
    second = make.contact("Zweite")
    login_as("secretariat")
    response = client.post_form(
        f"/groups/{group.id}/seats/new",
        {"contact_id": second.id, "role": "lead", "organisation_id": "", "starts_on": "2025-01-01"},
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert "bereits eine Leitung" in html and "Erste" in html
    assert _seat_count(db) == 2
