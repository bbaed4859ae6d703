"""User administration pages: only admins; create, edit, deactivate, reset password."""

import pytest
import sqlalchemy as sa

from crm.models import User
from tests import factories


@pytest.mark.parametrize("role", ["secretariat", "group_lead", "viewer"])
def test_non_admins_are_refused(client, login_as, make, role):
    groups = [make.group()] if role == "group_lead" else None
    login_as(role, groups=groups)
    assert client.get("/admin/users/").status_code == 403
    response = client.post_form(
        "/admin/users/new",
        {
            "email": "new@test.example",
            "name": "Neu",
            "role": "admin",
            "password": "lang-genug-123",
            "password_repeat": "lang-genug-123",
        },
    )
    assert response.status_code == 403
    from crm.extensions import db

    assert db.session.scalar(sa.select(User).where(User.email == "new@test.example")) is None


def test_admin_creates_edits_deactivates_and_resets(client, login_as, db, make):
    login_as("admin")
    group = make.group("AG Verkehr und Mobilität")
    response = client.post_form(
        "/admin/users/new",
        {
            "email": "Neu@Test.example",
            "name": "Nina Neu",
            "role": "group_lead",
            "groups": [str(group.id)],
            "password": "lang-genug-123",
            "password_repeat": "lang-genug-123",
            "is_active": "y",
        },
    )
    assert response.status_code == 302
    user = db.session.scalar(sa.select(User).where(User.email == "neu@test.example"))
    assert user.role == "group_lead" and [g.name for g in user.managed_groups] == [group.name]
    page = client.get("/admin/users/").get_data(as_text=True)
    assert "Nina Neu" in page and "AG Verkehr und Mobilität" in page

    # duplicate e-mail (other case) is refused beside the field
    response = client.post_form(
        "/admin/users/new",
        {
            "email": "NEU@test.example",
            "name": "X",
            "role": "viewer",
            "password": "lang-genug-123",
            "password_repeat": "lang-genug-123",
        },
    )
    assert response.status_code == 400
    assert "bereits ein Konto" in response.get_data(as_text=True)

    response = client.post_form(f"/admin/users/{user.id}/deactivate")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).is_active is False

    response = client.post_form(
        f"/admin/users/{user.id}/password",
        {"reset-password": "ganz-neu-12345", "reset-password_repeat": "ganz-neu-12345"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password("ganz-neu-12345")


def test_group_lead_needs_a_group_and_short_passwords_are_refused(client, login_as, db):
    login_as("admin")
    response = client.post_form(
        "/admin/users/new",
        {
            "email": "gl@test.example",
            "name": "GL",
            "role": "group_lead",
            "password": "kurz",
            "password_repeat": "kurz",
        },
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "mindestens ein Gremium" in text
    assert "mindestens 12 Zeichen" in text
    assert db.session.scalar(sa.select(User).where(User.email == "gl@test.example")) is None


def test_an_admin_cannot_deactivate_their_own_account_and_a_second_switch_changes_nothing(
    client, login_as, db
):
    admin = login_as("admin")
    response = client.post_form(f"/admin/users/{admin.id}/deactivate", follow_redirects=True)
    assert "Sie können Ihr eigenes Konto nicht deaktivieren." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, admin.id).is_active is True

    other = factories.make_user(role="viewer")
    page = client.get(f"/admin/users/{other.id}/deactivate").get_data(as_text=True)
    assert f"Konto {other.email} deaktivieren?" in page
    client.post_form(f"/admin/users/{other.id}/deactivate")
    response = client.post_form(f"/admin/users/{other.id}/deactivate", follow_redirects=True)
    assert f"Konto {other.email} war bereits deaktiviert." in response.get_data(as_text=True)
    response = client.post_form(f"/admin/users/{other.id}/reactivate", follow_redirects=True)
    assert f"Konto {other.email} ist wieder aktiv." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, other.id).is_active is True
