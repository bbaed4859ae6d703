"""Directory login against a real OpenLDAP server (Debian's slapd, started by the fixture)."""

import sqlalchemy as sa

from crm.extensions import db
from crm.models import AuditEvent, User
from tests.factories import PASSWORD
from tests.servers.ldap_server import SECRETARIAT_GROUP, USERS, VIEWER_GROUP

WRONG = "E-Mail oder Passwort ist falsch."


def _login(client, email, password):
    return client.post_form("/login", {"email": email, "password": password})


def _user(email):
    db.session.expire_all()
    return db.session.scalar(sa.select(User).where(User.email == email))


def test_directory_user_in_secretariat_group_logs_in_as_secretariat(client, directory):
    mail, name, password = USERS["anna"]
    response = _login(client, mail.upper(), password)
    assert response.status_code == 302, response.get_data(as_text=True)
    user = _user(mail)
    assert (user.role, user.name, user.auth_source) == ("secretariat", "Anna Schmidt", "ldap")
    assert user.external_id.startswith("ldap:")
    assert user.password_hash == ""  # no local password to guess
    # logged in as that account: the secretariat may create organisations
    assert client.get("/organisations/new").status_code == 200
    events = db.session.scalars(
        sa.select(AuditEvent.action).where(AuditEvent.entity_id == user.id)
    ).all()
    assert "create" in events and "login.success" in events


def test_role_follows_the_directory_group_at_the_next_login(client, directory, app):
    mail, _name, password = USERS["anna"]
    assert _login(client, mail, password).status_code == 302
    assert _user(mail).role == "secretariat"
    client.post_form("/logout")
    directory.move_member("anna", SECRETARIAT_GROUP, VIEWER_GROUP)
    try:
        assert _login(client, mail, password).status_code == 302
        user = _user(mail)
        assert user.role == "viewer"
        assert client.get("/organisations/new").status_code == 403
        change = db.session.scalars(
            sa.select(AuditEvent).where(
                AuditEvent.entity_id == user.id, AuditEvent.action == "update"
            )
        ).one()
        assert change.changes["role"] == ["secretariat", "viewer"]
    finally:
        directory.move_member("anna", VIEWER_GROUP, SECRETARIAT_GROUP)


def test_wrong_directory_password_gets_the_usual_message(client, directory):
    mail, _name, password = USERS["anna"]
    response = _login(client, mail, password + "x")
    assert response.status_code == 401
    assert WRONG in response.get_data(as_text=True)
    assert _user(mail) is None
    # an empty password would be an anonymous bind, which slapd accepts
    response = client.post_form("/login", {"email": mail, "password": ""})
    assert response.status_code in (400, 401)
    assert _user(mail) is None


def test_unknown_email_and_filter_injection_are_refused(client, directory):
    _mail, _name, password = USERS["anna"]
    for email in ("niemand@example.org", "*", "*)(mail=*", "anna.schmidt@example.org)(|(uid=*"):
        response = _login(client, email, password)
        assert response.status_code in (400, 401), email
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_directory_user_in_no_mapped_group_is_refused_with_a_clear_message(client, directory):
    mail, _name, password = USERS["bernd"]
    response = _login(client, mail, password)
    assert response.status_code == 401
    assert "nicht freigeschaltet" in response.get_data(as_text=True)
    assert _user(mail) is None
    refused = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "login.failure")
    ).one()
    assert refused.changes["reason"] == "no_role" and refused.summary == mail


def test_local_accounts_keep_working_beside_the_directory(client, directory, make):
    local = make.user(role="admin", email="lokal@test.example")
    assert _login(client, local.email, PASSWORD).status_code == 302
    client.post_form("/logout")
    # a local account with a directory e-mail is not taken over by the directory password
    mail, _name, password = USERS["carla"]
    make.user(role="viewer", email=mail)
    response = _login(client, mail, password)
    assert response.status_code == 401
    assert _user(mail).auth_source == "local"


def test_deactivated_directory_account_stays_out(client, directory):
    mail, _name, password = USERS["anna"]
    assert _login(client, mail, password).status_code == 302
    client.post_form("/logout")
    user = _user(mail)
    user.is_active = False
    db.session.commit()
    response = _login(client, mail, password)
    assert response.status_code == 401
    assert "deaktiviert" in response.get_data(as_text=True)


def test_unreachable_directory_says_so(client, directory, app):
    app.config["LDAP_URL"] = "ldap://127.0.0.1:9"
    response = _login(client, USERS["anna"][0], USERS["anna"][2])
    assert response.status_code == 401
    assert "Verzeichnisdienst ist nicht erreichbar" in response.get_data(as_text=True)
