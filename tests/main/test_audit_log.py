"""The audit log: secretariat and admins; filterable by person, record, action, period."""

import pytest


def test_audit_log_filters_by_action_and_record(client, login_as, make):
    admin = login_as("admin")
    make.organisation("Stadt Plauen")
    from crm.audit import services as audit
    from crm.extensions import db

    audit.record("export", "contacts", None, summary="Kontaktliste CSV, 12 Zeilen", user=admin)
    audit.record("update", "organisations", 1, summary="Stadt Plauen", user=admin)
    db.session.commit()
    html = client.get("/audit/?action=export").get_data(as_text=True)
    assert "Kontaktliste CSV, 12 Zeilen" in html and "Stadt Plauen" not in html
    html = client.get("/audit/?entity=organisations").get_data(as_text=True)
    assert "Stadt Plauen" in html and "Kontaktliste" not in html


@pytest.mark.parametrize("role", ["viewer", "group_lead"])
def test_audit_log_is_not_for_readers(client, login_as, make, role):
    login_as(role, groups=[make.group()] if role == "group_lead" else None)
    assert client.get("/audit/").status_code == 403


def test_secretariat_reads_every_record_but_account_events_only_admins(app, client, login_as):
    from crm.audit import services as audit
    from crm.extensions import db

    clerk = login_as("secretariat")
    audit.record("update", "organisations", 7, summary="Stadt Zeitz", user=clerk)
    audit.record("update", "users", 3, summary="jemand@test.example", user=clerk)
    db.session.commit()
    html = client.get("/audit/").get_data(as_text=True)
    assert "Stadt Zeitz" in html and "jemand@test.example" not in html
    assert "<td>Anmeldung erfolgreich</td>" not in html  # the clerk's own login is an account event
    admin_client = app.test_client()
    login_as("admin", c=admin_client)
    html = admin_client.get("/audit/").get_data(as_text=True)
    assert "Stadt Zeitz" in html and "jemand@test.example" in html
    assert "<td>Anmeldung erfolgreich</td>" in html


def test_audit_log_filters_by_person_record_and_period(client, login_as, make):
    from datetime import UTC, datetime

    from crm.audit import services as audit
    from crm.extensions import db

    clerk = login_as("secretariat")
    other = make.user(role="secretariat", name="Olga Andere")
    old = audit.record("update", "organisations", 1, summary="Alt Plauen", user=other)
    old.created_at = datetime(2026, 3, 10, 12, tzinfo=UTC)
    audit.record("update", "contacts", 5, summary="Neu Meyer", user=clerk)
    audit.record("update", "contacts", 6, summary="Neu Schulz", user=clerk)
    db.session.commit()
    html = client.get("/audit/?person=olga").get_data(as_text=True)
    assert "Alt Plauen" in html and "Neu Meyer" not in html
    html = client.get("/audit/?entity=contacts&entity_id=6").get_data(as_text=True)
    assert "Neu Schulz" in html and "Neu Meyer" not in html
    html = client.get("/audit/?from=2026-03-10&to=2026-03-10").get_data(as_text=True)
    assert "Alt Plauen" in html and "Neu Meyer" not in html
    response = client.get("/audit/?from=gestern")
    assert response.status_code == 400
    assert "Bitte ein Datum als JJJJ-MM-TT angeben." in response.get_data(as_text=True)
