"""The audit log: admins only, filterable by action and record type."""


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


def test_audit_log_is_for_admins_only(client, login_as):
    login_as("secretariat")
    assert client.get("/audit/").status_code == 403
