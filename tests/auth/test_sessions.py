"""Sessions that end: a replayed cookie after logout, "log out everywhere", a password
change, deactivation, an admin's "end all sessions", idle and absolute timeouts."""

from datetime import timedelta

import sqlalchemy as sa

from crm.models import UserSession
from tests.factories import PASSWORD


def _cookie(client) -> str:
    return client.get_cookie("session").value


def _replay(app, cookie: str):
    other = app.test_client()
    other.set_cookie("session", cookie)
    return other.get("/contacts/")


def _lands_on_login(response) -> bool:
    return response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_copied_cookie_dies_with_logout(app, client, login_as):
    login_as("viewer")
    cookie = _cookie(client)
    assert _replay(app, cookie).status_code == 200
    client.post_form("/logout")
    assert _lands_on_login(_replay(app, cookie))


def test_log_out_everywhere_ends_every_browser(app, client, login_as):
    user = login_as("viewer")
    second = app.test_client()
    second.log_in(user.email)
    cookies = [_cookie(client), _cookie(second)]
    assert client.post_form("/account/sessions/end-all").status_code == 302
    for cookie in cookies:
        assert _lands_on_login(_replay(app, cookie))


def test_account_page_lists_sessions_and_ends_one(app, client, login_as, db):
    user = login_as("viewer")
    second = app.test_client()
    second.log_in(user.email, PASSWORD)
    page = client.get("/account/").get_data(as_text=True)
    assert "diese Sitzung" in page and "Angemeldete Sitzungen" in page
    other = db.session.scalars(
        sa.select(UserSession).where(UserSession.user_id == user.id).order_by(UserSession.id)
    ).all()[-1]
    assert client.post_form(f"/account/sessions/{other.id}/end").status_code == 302
    assert _lands_on_login(second.get("/"))
    assert client.get("/").status_code == 200


def test_password_change_ends_the_other_sessions(app, client, login_as):
    user = login_as("viewer")
    second = app.test_client()
    second.log_in(user.email)
    cookie = _cookie(second)
    response = client.post_form(
        "/account/password",
        {
            "current_password": PASSWORD,
            "password": "Ein ganz neuer Satz 7",
            "password_repeat": "Ein ganz neuer Satz 7",
        },
    )
    assert response.status_code == 302
    assert _lands_on_login(_replay(app, cookie))
    assert client.get("/").status_code == 200  # the session that changed it goes on


def test_deactivation_ends_sessions_and_a_second_request_keeps_it_deactivated(
    app, client, login_as, make, db
):
    victim = make.user(role="viewer", email="weg@test.example")
    victim_client = app.test_client()
    victim_client.log_in("weg@test.example")
    cookie = _cookie(victim_client)
    login_as("admin")
    page = client.get(f"/admin/users/{victim.id}/deactivate")
    assert page.status_code == 200 and "deaktivieren?" in page.get_data(as_text=True)
    for _ in range(2):
        assert client.post_form(f"/admin/users/{victim.id}/deactivate").status_code == 302
        db.session.expire_all()
        assert victim.is_active is False
    assert _lands_on_login(_replay(app, cookie))
    # the right password now says why
    response = app.test_client().post_form(
        "/login", {"email": "weg@test.example", "password": PASSWORD}
    )
    assert response.status_code == 401
    assert "Ihr Konto ist deaktiviert" in response.get_data(as_text=True)
    # reactivation is its own action, also idempotent; old cookies stay dead
    for _ in range(2):
        assert client.post_form(f"/admin/users/{victim.id}/reactivate").status_code == 302
        db.session.expire_all()
        assert victim.is_active is True
    assert _lands_on_login(_replay(app, cookie))


def test_admin_ends_all_sessions_of_a_user(app, client, login_as, make):
    victim = make.user(role="viewer", email="v2@test.example")
    victim_client = app.test_client()
    victim_client.log_in("v2@test.example")
    login_as("admin")
    assert client.post_form(f"/admin/users/{victim.id}/sessions/end").status_code == 302
    assert _lands_on_login(victim_client.get("/"))


def test_idle_and_absolute_timeouts(app, client, login_as, db):
    user = login_as("viewer")
    record = db.session.scalar(sa.select(UserSession).where(UserSession.user_id == user.id))
    record.last_seen_at -= timedelta(minutes=app.config["SESSION_IDLE_MINUTES"] + 1)
    db.session.commit()
    assert _lands_on_login(client.get("/"))
    db.session.expire_all()
    assert record.end_reason == "idle"

    login_as("viewer", c=(second := app.test_client()))
    record = db.session.scalars(sa.select(UserSession).order_by(UserSession.id.desc())).first()
    record.created_at -= timedelta(hours=app.config["SESSION_MAX_HOURS"], minutes=1)
    db.session.commit()
    assert _lands_on_login(second.get("/"))
