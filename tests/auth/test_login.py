"""Login, logout, throttling and the user CLI, through the app."""

import sqlalchemy as sa

from crm.models import AuditEvent, LoginAttempt, User
from tests.factories import PASSWORD

WRONG = "E-Mail oder Passwort ist falsch."


def test_login_and_logout(client, make):
    user = make.user(role="viewer", email="vera@test.example")
    response = client.post_form("/login", {"email": "Vera@Test.example", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    response = client.post_form("/logout")
    assert response.status_code == 302
    assert client.get("/").status_code == 302
    from crm.extensions import db

    db.session.expire_all()
    assert db.session.get(User, user.id).last_login_at is not None


def test_wrong_password_and_unknown_email_give_the_same_german_message(client, make):
    make.user(email="known@test.example")
    r1 = client.post_form("/login", {"email": "known@test.example", "password": "falsch-falsch"})
    r2 = client.post_form("/login", {"email": "nobody@test.example", "password": "falsch-falsch"})
    assert r1.status_code == r2.status_code == 401
    assert WRONG in r1.get_data(as_text=True)
    assert WRONG in r2.get_data(as_text=True)


def test_password_is_hashed(db, make):
    user = make.user()
    assert PASSWORD not in user.password_hash
    assert user.password_hash.startswith(("scrypt:", "pbkdf2:"))


def test_failed_logins_are_throttled_per_account(app, client, make):
    make.user(email="target@test.example")
    limit = app.config["LOGIN_MAX_FAILURES"]
    for _ in range(limit):
        client.post_form("/login", {"email": "target@test.example", "password": "nope-nope"})
    # now even the right password is refused until the window has passed
    response = client.post_form("/login", {"email": "target@test.example", "password": PASSWORD})
    assert response.status_code == 429
    assert "Zu viele fehlgeschlagene Anmeldungen" in response.get_data(as_text=True)
    from crm.extensions import db

    assert db.session.scalar(sa.select(sa.func.count()).select_from(LoginAttempt)) == limit


def test_failed_logins_are_throttled_per_address(app, client, make):
    make.user(email="other@test.example")
    for i in range(app.config["LOGIN_ADDRESS_MAX_FAILURES"]):
        client.post_form("/login", {"email": f"guess{i}@test.example", "password": "nope-nope"})
    response = client.post_form("/login", {"email": "other@test.example", "password": PASSWORD})
    assert response.status_code == 429


def test_inactive_user_cannot_log_in(client, make):
    make.user(email="gone@test.example", is_active=False)
    response = client.post_form("/login", {"email": "gone@test.example", "password": PASSWORD})
    assert response.status_code == 401


def test_login_without_csrf_token_is_refused(client, make):
    make.user(email="x@test.example")
    response = client.post("/login", data={"email": "x@test.example", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/").status_code == 302


def test_open_redirect_after_login_is_refused(client, make):
    make.user(email="r@test.example")
    response = client.post_form(
        "/login?next=https://evil.example/", {"email": "r@test.example", "password": PASSWORD}
    )
    assert response.headers["Location"] == "/"


def test_logout_needs_post(client, login_as):
    login_as("viewer")
    assert client.get("/logout").status_code == 405


def test_cli_users_create_prompts_twice(app, runner, db, make):
    group = make.group("PG Elektromobilität", short_name="PG EM")
    result = runner.invoke(
        args=["users", "create", "Lead@Test.example", "--role", "group_lead", "--group", "PG EM"],
        input="geheim-geheim-1\ngeheim-geheim-1\n",
    )
    assert result.exit_code == 0, result.output
    assert "Passwort:" in result.output and "Passwort wiederholen:" in result.output
    user = db.session.scalar(sa.select(User).where(User.email == "lead@test.example"))
    assert user.role == "group_lead"
    assert [g.id for g in user.managed_groups] == [group.id]
    assert user.check_password("geheim-geheim-1")
    assert db.session.scalar(sa.select(AuditEvent).where(AuditEvent.entity_type == "users"))


def test_cli_users_create_refuses_mismatch_and_unknown_group(runner, db):
    result = runner.invoke(
        args=["users", "create", "a@test.example", "--role", "viewer"],
        input="geheim-geheim-1\nanders-anders-1\ngeheim-geheim-1\ngeheim-geheim-1\n",
    )
    assert result.exit_code == 0  # click asks again after a mismatch
    result = runner.invoke(
        args=["users", "create", "b@test.example", "--role", "group_lead", "--group", "Nope"],
        input="geheim-geheim-1\ngeheim-geheim-1\n",
    )
    assert result.exit_code != 0
    assert "Gremium nicht gefunden" in result.output
    assert db.session.scalar(sa.select(User).where(User.email == "b@test.example")) is None


def test_password_reset_ends_existing_sessions(app, client, make):
    viewer = make.user(role="viewer", email="v@test.example")
    client.post_form("/login", {"email": "v@test.example", "password": PASSWORD})
    assert client.get("/contacts/").status_code == 200
    admin_client = app.test_client()
    make.user(role="admin", email="a@test.example")
    admin_client.log_in("a@test.example")
    response = admin_client.post_form(
        f"/admin/users/{viewer.id}/password",
        {"reset-password": "ganz-neu-12345", "reset-password_repeat": "ganz-neu-12345"},
    )
    assert response.status_code == 302
    # the viewer's old session is no longer valid
    response = client.get("/contacts/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert admin_client.get("/contacts/").status_code == 200


def test_login_fields_name_their_purpose_for_autofill(client):
    """WCAG 1.3.5: the browser and password managers can fill the login form."""
    html = client.get("/login").get_data(as_text=True)
    assert 'autocomplete="username"' in html
    assert 'autocomplete="current-password"' in html
