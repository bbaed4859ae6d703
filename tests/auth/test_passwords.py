"""Passwords per NIST SP 800-63B: 12 characters, not on the shipped list of common ones."""

import pytest
import sqlalchemy as sa

from crm.models import User


def _create(client, password: str, role: str = "viewer", email: str = "neu@test.example"):
    return client.post_form(
        "/admin/users/new",
        {
            "email": email,
            "name": "Neu",
            "role": role,
            "password": password,
            "password_repeat": password,
            "is_active": "y",
        },
    )


@pytest.mark.parametrize(
    "password",
    ["Passwort123", "metropolregion", "Passwort1234!", "Metropolregion2026", "neu@test.example"],
)
def test_common_and_short_passwords_are_refused(client, login_as, db, password):
    login_as("admin")
    response = _create(client, password)
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "zu verbreitet" in text or "mindestens 12 Zeichen" in text or "E-Mail" in text
    assert db.session.scalar(sa.select(User).where(User.email == "neu@test.example")) is None


def test_a_long_unusual_password_is_taken_and_hashed_with_scrypt(app, client, login_as, db):
    login_as("admin")
    app.config["PASSWORD_HASH_METHOD"] = "scrypt"
    try:
        assert _create(client, "Elbe Saale Mulde 2026").status_code == 302
    finally:
        app.config["PASSWORD_HASH_METHOD"] = "pbkdf2:sha256:1"
    user = db.session.scalar(sa.select(User).where(User.email == "neu@test.example"))
    assert user.password_hash.startswith("scrypt:")


def test_new_user_form_has_no_preselected_role(client, login_as, db):
    login_as("admin")
    page = client.get("/admin/users/new").get_data(as_text=True)
    assert '<option selected value="">' in page or 'value="" selected' in page
    assert 'selected value="admin"' not in page and 'value="admin" selected' not in page
    # saving without choosing a role creates nobody (and surely no admin)
    response = client.post_form(
        "/admin/users/new",
        {
            "email": "eilig@test.example",
            "name": "Eilig",
            "password": "Elbe Saale Mulde 2026",
            "password_repeat": "Elbe Saale Mulde 2026",
        },
    )
    assert response.status_code == 400
    assert "Bitte eine Rolle wählen." in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(User).where(User.email == "eilig@test.example")) is None


def test_cli_refuses_a_common_password(runner, db):
    result = runner.invoke(
        args=["users", "create", "c@test.example", "--role", "viewer"],
        input="metropolregion\nmetropolregion\n",
    )
    assert result.exit_code != 0
    assert "zu verbreitet" in result.output
